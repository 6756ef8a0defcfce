"""How long the exercise figures and the handout take to make.

    .venv/bin/python bench/bench_figures.py

Prints, for every exercise in the library, the time to solve its poses and draw each kind of
SVG (animated, strip, thumb) with the slowest exercises named, the SVG sizes, and the time to
render a generated week's handout to HTML and to PDF (A4). Not part of the test suite.
"""

from __future__ import annotations

import statistics
import time


def main() -> None:
    from backcare.content import load_library
    from backcare.domain.plans import generate_plan
    from backcare.domain.poses import solve
    from backcare.domain.profile import Profile
    from backcare.reports.figures import exercise_svg
    from backcare.reports.handout import render_handout_html, render_handout_pdf

    library = load_library()
    ids = sorted(library.poses)
    solve_ms: dict[str, float] = {}
    for exercise_id in ids:
        started = time.perf_counter()
        solve(library.poses[exercise_id])
        solve_ms[exercise_id] = (time.perf_counter() - started) * 1000
    slowest = sorted(solve_ms.items(), key=lambda item: -item[1])[:3]
    print(
        f"{len(ids)} pose sets solved: median {statistics.median(solve_ms.values()):.1f} ms, "
        f"slowest {', '.join(f'{k} {v:.0f} ms' for k, v in slowest)}"
    )
    for kind in ("animated", "strip", "thumb"):
        times: list[float] = []
        sizes: list[int] = []
        for exercise_id in ids:
            started = time.perf_counter()
            svg = exercise_svg(exercise_id, library, kind)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(svg.encode()))
        print(
            f"{kind:8} svg: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms, "
            f"size median {statistics.median(sizes) / 1024:.1f} KiB, "
            f"max {max(sizes) / 1024:.1f} KiB"
        )
    plan = generate_plan(
        Profile(equipment=["mat", "ball", "band", "wall", "chair"], regions=["low_back", "neck"]),
        library,
    )
    count = sum(len(day.exercises()) for day in plan.days)
    started = time.perf_counter()
    render_handout_html(plan, library)
    html_s = time.perf_counter() - started
    started = time.perf_counter()
    pdf = render_handout_pdf(plan, library)
    pdf_s = time.perf_counter() - started
    print(
        f"handout for {len(plan.days)} days, {count} exercise cards: HTML {html_s:.2f} s, "
        f"PDF {pdf_s:.2f} s, {len(pdf) / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
