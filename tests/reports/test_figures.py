"""Exercise figures as SVG: valid XML, no script, the strip's limbs keep their lengths and
stay within human ranges as drawn, and the animation passes through every keyframe."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.poses import PoseSet, Segment, joint_sign, skeleton, solve
from backcare.reports.figures import animation_stops, exercise_svg, figure_svg

SVG = "{http://www.w3.org/2000/svg}"
LIBRARY: Library = load_library()
IDS = sorted(LIBRARY.exercises)
KINDS = ("animated", "strip", "thumb")

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in SVG
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _transform(text: str) -> Matrix:
    """translate(x y), rotate(a), scale(x y) and their sequences: all the renderer writes."""
    matrix = IDENTITY
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", text or ""):
        values = [float(v) for v in re.split(r"[ ,]+", args.strip())]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale":
            step = (values[0], 0, 0, values[1] if len(values) > 1 else values[0], 0, 0)
        elif name == "rotate":
            rad = math.radians(values[0])
            step = (math.cos(rad), math.sin(rad), -math.sin(rad), math.cos(rad), 0, 0)
        else:
            raise AssertionError(f"unexpected transform {name}")
        matrix = _multiply(matrix, step)
    return matrix


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _lines_at(root: ET.Element, stop: int) -> dict[str, tuple[tuple[float, float], ...]]:
    """Every limb line of the animated SVG in page coordinates at one animation stop:
    each group's transform is replaced by its animateTransform's value at that stop."""
    found: dict[str, tuple[tuple[float, float], ...]] = {}

    def walk(node: ET.Element, matrix: Matrix) -> None:
        for child in node:
            tag = child.tag.removeprefix(SVG)
            if tag == "g":
                transform = child.get("transform", "")
                animation = child.find(f"{SVG}animateTransform")
                if animation is not None:
                    value = animation.get("values", "").split(";")[stop]
                    transform = f"{animation.get('type')}({value})"
                walk(child, _multiply(matrix, _transform(transform)))
            elif tag == "line" and child.get("data-segment") and not child.get("data-prop"):
                name = child.get("data-segment", "")
                if name.startswith("glow_"):
                    continue
                ends = (
                    _apply(matrix, float(child.get("x1", 0)), float(child.get("y1", 0))),
                    _apply(matrix, float(child.get("x2", 0)), float(child.get("y2", 0))),
                )
                found[name] = ends

    walk(root, IDENTITY)
    return found


def _strip_lines(root: ET.Element) -> list[dict[str, tuple[tuple[float, float], ...]]]:
    frames = []
    for panel in root.iter(f"{SVG}g"):
        if panel.get("data-frame") is None:
            continue
        frames.append(
            {
                line.get("data-segment", ""): (
                    (float(line.get("x1", 0)), float(line.get("y1", 0))),
                    (float(line.get("x2", 0)), float(line.get("y2", 0))),
                )
                for line in panel.iter(f"{SVG}line")
                if line.get("data-segment") in {s.name for s in skeleton("side")}
            }
        )
    return frames


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("exercise_id", IDS)
def test_every_figure_is_valid_svg_without_script(exercise_id: str, kind: str) -> None:
    svg = exercise_svg(exercise_id, LIBRARY, kind)  # type: ignore[arg-type]
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox")
    assert root.find(f"{SVG}title") is not None  # a name for screen readers
    assert "<script" not in svg
    assert not re.search(r"\son[a-z]+=", svg)  # no event handlers: no JavaScript at all
    assert "data-segment" in svg  # a real figure, not the placeholder card


@pytest.mark.parametrize("exercise_id", IDS)
def test_strip_limbs_keep_their_length_and_stay_in_range_as_drawn(exercise_id: str) -> None:
    pose = LIBRARY.poses[exercise_id]
    frames = _strip_lines(ET.fromstring(exercise_svg(exercise_id, LIBRARY, "strip")))
    assert len(frames) == len(pose.keyframes)
    bones = {s.name: s for s in skeleton(pose.view)}
    for name in bones:
        lengths = [math.dist(*frame[name]) for frame in frames]
        assert max(lengths) - min(lengths) < 1.0, (name, lengths)  # within a pixel
        assert lengths[0] == pytest.approx(bones[name].length, abs=0.05)
    # Joint angles measured from the drawn lines, checked against the sourced ranges.
    assert LIBRARY.joint_ranges is not None
    table = LIBRARY.joint_ranges.for_view(pose.view)
    for index, frame in enumerate(frames):
        for seg in bones.values():
            if seg.parent is None or seg.joint is None:
                continue
            relative = _drawn_angle(frame, seg.name, bones) - _drawn_angle(frame, seg.parent, bones)
            limit = table[seg.joint]
            # Read the angle in the turn nearest the range's middle (180° and -180° are one).
            middle = (limit.min + limit.max) / 2
            angle = relative * _sign(pose, seg.joint, seg.side)
            angle = (angle - middle + 180) % 360 - 180 + middle
            assert limit.min - 0.5 <= angle <= limit.max + 0.5, (index, seg.name, angle)


def _drawn_angle(
    frame: dict[str, tuple[tuple[float, float], ...]], name: str, bones: dict[str, Segment]
) -> float:
    """A segment's rotation from its rest direction, as drawn (y down in the SVG)."""
    (x1, y1), (x2, y2) = frame[name]
    drawn = math.degrees(math.atan2(-(y2 - y1), x2 - x1))
    rest = bones[name].rest
    return drawn - math.degrees(math.atan2(rest[1], rest[0]))


def _sign(pose: PoseSet, joint: str, side: str | None) -> float:
    return joint_sign(pose.view, joint, side)  # type: ignore[arg-type]


@pytest.mark.parametrize("exercise_id", IDS)
def test_animation_passes_through_every_keyframe(exercise_id: str) -> None:
    """Evaluate the nested pivots at each keyframe's stop: the limbs land where the strip
    draws them (within a pixel), so rotations alone move the figure between keyframes."""
    exercise = LIBRARY.exercises[exercise_id]
    pose = LIBRARY.poses[exercise_id]
    root = ET.fromstring(exercise_svg(exercise_id, LIBRARY, "animated"))
    stops, total, _ = animation_stops(exercise, pose)
    assert total > 0
    bodies = solve(pose)
    mirror = -1.0 if pose.facing == "left" else 1.0
    lengths = {s.name: s.length for s in skeleton(pose.view)}
    for index, body in enumerate(bodies):
        stop = next(i for i, (_, frame) in enumerate(stops) if frame == index)
        drawn = _lines_at(root, stop)
        assert set(drawn) == set(body.segments)
        for name, seg in body.segments.items():
            (x1, y1), (x2, y2) = drawn[name]
            assert math.dist((x1, y1), (x2, y2)) == pytest.approx(lengths[name], abs=1.0)
            assert x1 == pytest.approx(mirror * seg.start[0], abs=1.0), (index, name)
            assert y1 == pytest.approx(-seg.start[1], abs=1.0), (index, name)
            assert x2 == pytest.approx(mirror * seg.end[0], abs=1.0), (index, name)
            assert y2 == pytest.approx(-seg.end[1], abs=1.0), (index, name)


def test_animation_moves_at_the_exercise_pace_and_holds() -> None:
    exercise = LIBRARY.exercises["wall_angel"]
    pose = LIBRARY.poses["wall_angel"]
    assert exercise.dosing.sets is not None
    stops, total, holding = animation_stops(exercise, pose)
    moving = sum(
        b - a
        for (a, _), (b, _), hold in zip(stops[:-1], stops[1:], holding[1:], strict=True)
        if not hold
    )
    # One rep's movement takes the dosing's pace, plus the short pause at the start.
    assert moving == pytest.approx(exercise.dosing.sets.pace_s + 0.6, abs=1e-6)
    svg = exercise_svg("wall_angel", LIBRARY, "animated")
    durations = {float(d) for d in re.findall(r'dur="([\d.]+)s"', svg)}
    assert len(durations) == 1  # every limb on one clock
    assert durations.pop() == pytest.approx(total, abs=0.01)

    lucky = LIBRARY.exercises["lucky_cat"]
    assert lucky.dosing.sets is not None
    assert lucky.dosing.sets.hold_s == 2
    stops, total, holding = animation_stops(lucky, LIBRARY.poses["lucky_cat"])
    holds = [
        b - a for (a, _), (b, _), h in zip(stops[:-1], stops[1:], holding[1:], strict=True) if h
    ]
    assert holds
    assert all(h == pytest.approx(2.0) for h in holds)
    assert 'data-badge="hold"' in exercise_svg("lucky_cat", LIBRARY, "animated")


def test_the_same_figure_for_every_medium() -> None:
    """The web app, the report and the handout all call exercise_svg: same input, same SVG."""
    first = exercise_svg("dead_bug", LIBRARY, "strip")
    assert first == exercise_svg("dead_bug", LIBRARY, "strip")
    thumb = ET.fromstring(exercise_svg("dead_bug", LIBRARY, "thumb"))
    _, _, w, h = (float(v) for v in thumb.get("viewBox", "").split())
    assert w == pytest.approx(h)  # square thumbnails line up in a grid


def test_an_exercise_without_poses_gets_a_plain_card() -> None:
    bare = LIBRARY.model_copy(update={"poses": {}})
    svg = exercise_svg("dead_bug", bare, "animated")
    root = ET.fromstring(svg)
    assert "Dead bug" in "".join(root.itertext())
    assert "data-segment" not in svg


def test_an_unknown_exercise_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no_such"):
        exercise_svg("no_such", LIBRARY, "strip")


def test_figures_render_to_png() -> None:
    cairosvg = pytest.importorskip("cairosvg")
    for kind in KINDS:
        png = cairosvg.svg2png(
            bytestring=figure_svg(
                LIBRARY.exercises["back_extension"], LIBRARY.poses["back_extension"], kind
            ).encode()
        )
        assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_exercises_show_writes_the_animated_figure(tmp_path: Path) -> None:
    out = tmp_path / "dead_bug.svg"
    result = CliRunner().invoke(app, ["exercises", "show", "dead_bug", "--figure", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.find(f".//{SVG}animateTransform") is not None


def test_strip_words_follow_the_content_language() -> None:
    exercise = LIBRARY.exercises["dead_bug"]
    english = exercise_svg("dead_bug", LIBRARY, "strip", "en")
    chinese = exercise_svg("dead_bug", LIBRARY, "strip", "zh")
    assert "Start" in english
    assert "Reach" in english
    assert "开始" in chinese  # the strip's own word for the first picture
    assert "伸展" in chinese  # the pose file's {en, zh} label
    assert exercise.name.get("zh") in chinese
    assert "Start" not in chinese
