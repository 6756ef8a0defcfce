"""Progress charts: pain over time, sessions (and breaks from sitting) per week, questionnaire
scores over time.

Drawn with matplotlib's Agg canvas on a private `Figure` (no pyplot, so no global state and
safe in a web worker), SVG for the web and the PDF, PNG where a bitmap is wanted. Nothing is
told by colour alone: every series has its own marker and line style, and a legend or label
in plain words. SVGs are byte-for-byte stable (fixed hash salt, no date), so tests can
compare them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal, cast

from backcare.domain.progress import Adherence, PainTrend, ProgressSummary, ScoreTrend
from backcare.domain.progress_breaks import Breaks

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ChartKind = Literal["pain", "adherence", "scores", "breaks"]
CHART_KINDS: tuple[ChartKind, ...] = ("pain", "adherence", "scores", "breaks")
# The charts that draw breaks from sitting (the sessions chart as its second panel).
BREAK_CHARTS: tuple[ChartKind, ...] = ("adherence", "breaks")
ImageFormat = Literal["svg", "png"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("svg", "png")

# Colours that stay apart for common colour-vision deficiencies (Okabe & Ito), used on top of
# distinct markers and line styles, never instead of them.
INK = "#222222"
BLUE = "#0072B2"
ORANGE = "#D55E00"
GREEN = "#009E73"
GREY = "#777777"

# Past these, a chart drops per-item detail (joining lines, numbers on bars) to stay legible.
CROWDED_DAYS = 90
CROWDED_WEEKS = 16

_TEXT: dict[str, dict[str, str]] = {
    "pain_title": {"en": "Pain over time", "zh": "疼痛变化"},
    "pain_axis": {"en": "Pain (0 = none, 10 = worst)", "zh": "疼痛（0 = 无，10 = 最痛）"},
    "daily": {"en": "Pain that day", "zh": "当天疼痛"},
    "weekly": {"en": "Weekly average", "zh": "每周平均"},
    "session": {"en": "Guided session", "zh": "完成训练"},
    "date_axis": {"en": "Date", "zh": "日期"},
    "no_pain": {"en": "No pain ratings in this period yet.", "zh": "这段时间还没有疼痛记录。"},
    "adherence_title": {"en": "Sessions per week", "zh": "每周训练次数"},
    "sessions_axis": {"en": "Sessions", "zh": "次数"},
    "week_axis": {"en": "Week starting", "zh": "周起始日"},
    "planned": {"en": "Planned", "zh": "计划"},
    "done": {"en": "Done", "zh": "完成"},
    "no_weeks": {"en": "No weeks in this period.", "zh": "这段时间没有数据。"},
    "scores_title": {"en": "Questionnaire scores over time", "zh": "问卷得分变化"},
    "no_scores": {
        "en": "No questionnaire scores in this period yet.",
        "zh": "这段时间还没有问卷得分。",
    },
    "lower_better": {"en": "lower is better", "zh": "越低越好"},
    "odi": {"en": "ODI (% disability)", "zh": "ODI（功能障碍 %）"},
    "ndi": {"en": "NDI (points of 50)", "zh": "NDI（满分 50）"},
    "rmdq": {"en": "RMDQ (points of 24)", "zh": "RMDQ（满分 24）"},
    "breaks_title": {"en": "Breaks from sitting per week", "zh": "每周久坐休息次数"},
    "breaks_axis": {"en": "Breaks", "zh": "次数"},
    "taken": {"en": "Taken", "zh": "已休息"},
    "snoozed": {"en": "Snoozed", "zh": "稍后提醒"},
    "skipped": {"en": "Skipped", "zh": "跳过"},
    "no_breaks": {
        "en": "No breaks recorded in this period yet.",
        "zh": "这段时间还没有休息记录。",
    },
}


def text(key: str, lang: str = "en") -> str:
    """A chart label in `lang`, English where no translation exists."""
    entry = _TEXT[key]
    return entry.get(lang) or entry["en"]


def _figure(height: float = 3.2) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


_RC: dict[str, Any] = {
    "svg.hashsalt": "backcare",  # stable ids inside the SVG
    "svg.fonttype": "none",  # real text: selectable, read by screen readers, small
    # DejaVu (matplotlib's own) for Latin; CJK glyphs fall back to the bundled Noto subset.
    "font.family": ["DejaVu Sans", "Noto Sans CJK SC"],
    "font.size": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _save(fig: Figure, fmt: ImageFormat) -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    elif fmt == "png":
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
    else:  # pragma: no cover - guarded by the Literal and the CLI
        raise ValueError(f"unknown image format {fmt!r}; use svg or png")
    return buffer.getvalue()


def _empty(ax: Axes, message: str) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=INK)


MIN_WINDOW_DAYS = 7.0


def _date_axis(ax: Axes, lang: str) -> None:
    """Dates along x. Records spread over less than a week (one day's ratings, one screening)
    are shown in a week-wide window around them: matplotlib would widen a single date to
    years either side, leaving the point lost in the middle of an empty chart."""
    from matplotlib.dates import (
        AutoDateLocator,
        ConciseDateFormatter,
        DateFormatter,
        HourLocator,
    )

    ax.set_xlabel(text("date_axis", lang))
    low, high = (float(v) for v in ax.dataLim.intervalx)
    if ax.has_data() and high - low < MIN_WINDOW_DAYS:  # matplotlib's date numbers count days
        middle = (low + high) / 2
        ax.set_xlim(middle - MIN_WINDOW_DAYS / 2, middle + MIN_WINDOW_DAYS / 2)
        # One tick a day at midday, where `_x` puts a day's points, so a tick names its dot.
        ax.xaxis.set_major_locator(HourLocator(byhour=12))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
        return
    locator = AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _x(moments: Sequence[date | datetime]) -> list[float]:
    """Matplotlib's date numbers; a plain date is placed at midday."""
    from matplotlib.dates import date2num

    return [
        float(date2num(m if isinstance(m, datetime) else datetime.combine(m, time(12))))  # type: ignore[no-untyped-call]
        for m in moments
    ]


def _broken(
    moments: Sequence[date | datetime], values: Sequence[float], max_gap_days: float
) -> tuple[list[float], list[float]]:
    """x and y with a NaN between neighbours further apart than `max_gap_days`, so a line
    stops at a gap instead of drawing ratings nobody gave across it."""
    xs = _x(moments)
    out_x: list[float] = []
    out_y: list[float] = []
    for i, (x, y) in enumerate(zip(xs, values, strict=True)):
        if i and x - xs[i - 1] > max_gap_days:
            out_x.append((x + xs[i - 1]) / 2)
            out_y.append(float("nan"))
        out_x.append(x)
        out_y.append(float(y))
    return out_x, out_y


def draw_pain(fig: Figure, trend: PainTrend, lang: str = "en") -> None:
    """Daily pain as dots joined by a thin line, the weekly average as dashed squares, and
    each guided session as a triangle along the bottom."""
    ax = fig.add_subplot()
    ax.set_title(text("pain_title", lang), loc="left", color=INK)
    if not trend.points:
        _empty(ax, text("no_pain", lang))
        return
    crowded = len(trend.points) > CROWDED_DAYS  # over months, joined dots become a smear
    # Lines break where ratings are further apart than the comparison window (issue 14).
    gap = trend.window_days
    ax.plot(
        *_broken([p.date for p in trend.points], [p.pain for p in trend.points], gap),
        color=BLUE,
        marker="o",
        markersize=2.5 if crowded else 4,
        linestyle="none" if crowded else "-",
        linewidth=1,
        label=text("daily", lang),
        zorder=3,  # above the weekly squares: a week with one rating puts both on one spot
    )
    if trend.weeks:
        # Each week's average sits in the middle of the days it averages.
        # Weekly means join only from one week to the next, never across an empty week.
        ax.plot(
            *_broken([w.middle for w in trend.weeks], [w.mean for w in trend.weeks], gap + 6),
            color=ORANGE,
            linestyle="--",
            linewidth=2,
            marker="s",
            markersize=6,
            label=text("weekly", lang),
        )
    if trend.session_days:
        ax.plot(
            _x(trend.session_days),
            [0.25] * len(trend.session_days),
            linestyle="none",
            marker="^",
            markersize=7,
            color=GREEN,
            label=text("session", lang),
        )
    ax.set_ylim(0, 10.3)
    ax.set_yticks(range(0, 11, 2))
    ax.set_ylabel(text("pain_axis", lang))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    _date_axis(ax, lang)
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=3, fontsize=9)


def draw_adherence(
    fig: Figure, done: Adherence, lang: str = "en", breaks: Breaks | None = None
) -> None:
    """Sessions per week; when the break reminder saved anything in the period, a second
    panel below shows breaks from sitting in the same weeks (issue 7: the charts show them)."""
    if breaks is not None and breaks.recorded and done.weeks:
        top, bottom = fig.subplots(2, 1, sharex=True)
        _adherence_axes(top, done, lang, week_labels=False)
        _breaks_axes(bottom, breaks, lang)
    else:
        _adherence_axes(fig.add_subplot(), done, lang)


def _week_axis(ax: Axes, weeks: Sequence[date], lang: str) -> None:
    """Week-start dates under the bars, at most about a dozen of them."""
    positions = list(range(len(weeks)))
    step = max(1, len(positions) // 12)
    ax.set_xticks(positions[::step])
    ax.set_xticklabels([f"{w:%d %b}" for w in weeks][::step], fontsize=8)
    ax.set_xlabel(text("week_axis", lang))


def _adherence_axes(ax: Axes, done: Adherence, lang: str, week_labels: bool = True) -> None:
    """Planned sessions as hatched outlines, sessions done as solid bars beside them, each
    bar labelled with its number; over many weeks, done as bars and planned as a line."""
    from matplotlib.ticker import MaxNLocator

    ax.set_title(text("adherence_title", lang), loc="left", color=INK)
    if not done.weeks:
        _empty(ax, text("no_weeks", lang))
        return
    positions = list(range(len(done.weeks)))
    if len(done.weeks) > CROWDED_WEEKS:
        # Too many weeks for paired, numbered bars: done as bars, planned as a dashed line.
        ax.bar(positions, [w.done for w in done.weeks], 0.8, color=BLUE, label=text("done", lang))
        ax.step(
            positions,
            [w.planned for w in done.weeks],
            where="mid",
            color=INK,
            linestyle="--",
            linewidth=1.5,
            label=text("planned", lang),
        )
    else:
        width = 0.4
        planned = ax.bar(
            [x - width / 2 for x in positions],
            [w.planned for w in done.weeks],
            width,
            facecolor="white",
            edgecolor=GREY,
            hatch="//",
            label=text("planned", lang),
        )
        completed = ax.bar(
            [x + width / 2 for x in positions],
            [w.done for w in done.weeks],
            width,
            color=BLUE,
            label=text("done", lang),
        )
        for bars in (planned, completed):
            ax.bar_label(bars, padding=2, fontsize=8, color=INK)
    if week_labels:
        _week_axis(ax, [w.week_start for w in done.weeks], lang)
    ax.set_ylabel(text("sessions_axis", lang))
    top = max([w.planned for w in done.weeks] + [w.done for w in done.weeks] + [1])
    ax.set_ylim(0, top + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=2, fontsize=9)


# Breaks taken are solid; snoozed and skipped are white with their own hatching, so the three
# stay apart in print and without colour. Over many weeks: lines with distinct markers.
_BREAK_SERIES: tuple[tuple[str, str, str, str | None, str, str], ...] = (
    # (key, face, edge, hatch, marker, line style)
    ("taken", BLUE, BLUE, None, "o", "-"),
    ("snoozed", "white", ORANGE, "..", "s", "--"),
    ("skipped", "white", INK, "xx", "X", ":"),
)


def draw_breaks(fig: Figure, breaks: Breaks, lang: str = "en") -> None:
    """Breaks from sitting per week: taken (natural breaks included), snoozed, skipped."""
    _breaks_axes(fig.add_subplot(), breaks, lang)


def _breaks_axes(ax: Axes, breaks: Breaks, lang: str) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.set_title(text("breaks_title", lang), loc="left", color=INK)
    if not breaks.weeks:
        _empty(ax, text("no_weeks", lang))
        return
    if not breaks.recorded:
        _empty(ax, text("no_breaks", lang))
        return
    counts = {
        "taken": [w.done for w in breaks.weeks],
        "snoozed": [w.snoozed for w in breaks.weeks],
        "skipped": [w.skipped for w in breaks.weeks],
    }
    mondays = [f"{w.week_start:%Y-%m-%d}" for w in breaks.weeks]
    positions = list(range(len(breaks.weeks)))
    crowded = len(breaks.weeks) > CROWDED_WEEKS
    width = 0.27
    for n, (key, face, edge, hatch, marker, style) in enumerate(_BREAK_SERIES):
        if crowded:
            (line,) = ax.plot(
                positions,
                counts[key],
                color=edge,
                marker=marker,
                markersize=4,
                linestyle=style,
                linewidth=1.2,
                label=text(key, lang),
            )
            line.set_gid(f"breaks-{key}")
            continue
        bars = ax.bar(
            [x + (n - 1) * width for x in positions],
            counts[key],
            width,
            facecolor=face,
            edgecolor=edge,
            hatch=hatch,
            label=text(key, lang),
        )
        # Ids in the SVG name each bar's series and week, for tests and for anyone reading
        # the file by hand.
        for patch, monday in zip(bars.patches, mondays, strict=True):
            patch.set_gid(f"breaks-{key}-{monday}")
        ax.bar_label(bars, padding=2, fontsize=7, color=INK)
    _week_axis(ax, [w.week_start for w in breaks.weeks], lang)
    ax.set_ylabel(text("breaks_axis", lang))
    top = max(max(values) for values in counts.values())
    ax.set_ylim(0, max(top, 1) * 1.15 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=3, fontsize=9)


_SCORE_STYLE = {"odi": ("o", "-", BLUE), "ndi": ("s", "--", ORANGE), "rmdq": ("D", ":", GREEN)}


def draw_scores(fig: Figure, scores: Sequence[ScoreTrend], lang: str = "en") -> None:
    """One panel per questionnaire, each on its own full scale, every value written beside
    its point."""
    if not scores:
        ax = fig.add_subplot()
        ax.set_title(text("scores_title", lang), loc="left", color=INK)
        _empty(ax, text("no_scores", lang))
        return
    axes = fig.subplots(len(scores), 1, sharex=True, squeeze=False)[:, 0]
    fig.suptitle(
        f"{text('scores_title', lang)} ({text('lower_better', lang)})",
        x=0.01,
        ha="left",
        color=INK,
        fontsize=11,
    )
    for ax, trend in zip(axes, scores, strict=True):
        marker, style, colour = _SCORE_STYLE.get(trend.instrument, ("o", "-", BLUE))
        xs = _x([p.at for p in trend.points])
        ys = [p.value for p in trend.points]
        ax.plot(xs, ys, marker=marker, linestyle=style, color=colour, markersize=6)
        for x, y in zip(xs, ys, strict=True):
            ax.annotate(
                f"{y:g}", (x, y), textcoords="offset points", xytext=(6, 4), fontsize=9, color=INK
            )
        ax.set_ylim(0, trend.maximum)
        ax.set_ylabel(text(trend.instrument, lang), fontsize=8)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    _date_axis(axes[-1], lang)


def chart(kind: ChartKind, summary: ProgressSummary, fmt: ImageFormat, lang: str = "en") -> bytes:
    """One chart of `summary` as SVG or PNG bytes."""
    from matplotlib import rc_context

    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart {kind!r}; choose one of {', '.join(CHART_KINDS)}")
    from backcare.reports.fonts import register_with_matplotlib

    register_with_matplotlib()  # the bundled CJK font: no "findfont" noise, zh on any machine
    with rc_context(cast(Any, _RC)):
        if kind == "pain":
            fig = _figure()
            draw_pain(fig, summary.pain, lang)
        elif kind == "adherence":
            paired = summary.breaks.recorded and bool(summary.adherence.weeks)
            fig = _figure(height=5.4 if paired else 2.8)
            draw_adherence(fig, summary.adherence, lang, summary.breaks)
        elif kind == "breaks":
            fig = _figure(height=2.8)
            draw_breaks(fig, summary.breaks, lang)
        else:
            fig = _figure(height=0.9 + 1.4 * max(1, len(summary.scores)))
            draw_scores(fig, summary.scores, lang)
        return _save(fig, fmt)


def pain_chart_svg(summary: ProgressSummary, lang: str = "en") -> str:
    return chart("pain", summary, "svg", lang).decode("utf-8")


def pain_chart_png(summary: ProgressSummary, lang: str = "en") -> bytes:
    return chart("pain", summary, "png", lang)


def adherence_chart_svg(summary: ProgressSummary, lang: str = "en") -> str:
    return chart("adherence", summary, "svg", lang).decode("utf-8")


def adherence_chart_png(summary: ProgressSummary, lang: str = "en") -> bytes:
    return chart("adherence", summary, "png", lang)


def scores_chart_svg(summary: ProgressSummary, lang: str = "en") -> str:
    return chart("scores", summary, "svg", lang).decode("utf-8")


def scores_chart_png(summary: ProgressSummary, lang: str = "en") -> bytes:
    return chart("scores", summary, "png", lang)


def _gettext(lang: str) -> Callable[[str], str]:
    """The interface catalogue the report's template uses, so alt text says the same words."""
    from backcare.reports.printing import translations

    return translations(lang).gettext


def describe(kind: ChartKind, summary: ProgressSummary, lang: str = "en") -> str:
    """A sentence saying what the chart shows, for alt text and screen readers."""
    _ = _gettext(lang)
    if kind == "pain":
        pain = summary.pain
        if not pain.points:
            return text("no_pain", lang)
        values = {
            "days": len(pain.points),
            "sessions": len(pain.session_days),
            "first": f"{pain.first_week:g}" if pain.first_week is not None else "",
            "last": f"{pain.last_week:g}" if pain.last_week is not None else "",
        }
        if pain.first_week is not None and pain.last_week is not None and len(pain.weeks) > 1:
            return (
                _(
                    "Pain ratings on %(days)s days; weekly average %(first)s in the first week "
                    "and %(last)s in the last; %(sessions)s days with a guided session."
                )
                % values
            )
        return _("Pain ratings on %(days)s days; %(sessions)s days with a guided session.") % values
    if kind == "adherence":
        done = summary.adherence
        if not done.weeks:
            return text("no_weeks", lang)
        said = _("%(done)s of %(planned)s planned sessions done over %(weeks)s weeks.") % {
            "done": done.done,
            "planned": done.planned,
            "weeks": len(done.weeks),
        }
        if summary.breaks.recorded:
            said += " " + describe_breaks(summary.breaks, lang)
        return said
    if kind == "breaks":
        return describe_breaks(summary.breaks, lang)
    if not summary.scores:
        return text("no_scores", lang)
    parts = [
        _("%(name)s from %(first)s to %(latest)s")
        % {"name": s.instrument.upper(), "first": f"{s.first:g}", "latest": f"{s.latest:g}"}
        if len(s.points) > 1
        else f"{s.instrument.upper()} {s.latest:g}"
        for s in summary.scores
    ]
    return _("Questionnaire scores: %(scores)s.") % {"scores": "; ".join(parts)}


def describe_breaks(breaks: Breaks, lang: str = "en") -> str:
    """Breaks from sitting in one sentence, for alt text and the report."""
    if not breaks.recorded:
        return text("no_breaks", lang)
    _ = _gettext(lang)
    values = {
        "done": breaks.done,
        "natural": breaks.natural,
        "snoozed": breaks.snoozed,
        "skipped": breaks.skipped,
    }
    if breaks.natural:
        return (
            _(
                "Breaks from sitting: %(done)s taken (including %(natural)s times you stepped "
                "away without a reminder), %(snoozed)s snoozed and %(skipped)s skipped."
            )
            % values
        )
    return (
        _("Breaks from sitting: %(done)s taken, %(snoozed)s snoozed and %(skipped)s skipped.")
        % values
    )
