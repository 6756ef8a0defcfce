"""Progress charts: pain over time, sessions (and breaks from sitting) per week, questionnaire
scores over time.

Drawn with matplotlib's Agg canvas on a private `Figure` (no pyplot, so no global state and
safe in a web worker), SVG for the web and the PDF, PNG where a bitmap is wanted. Nothing is
told by colour alone: every series has its own marker and line style, and a legend or label
in plain words. SVGs are byte-for-byte stable (fixed hash salt, no date), so tests can
compare them.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal, cast

from backcare.domain.progress import ProgressSummary
from backcare.domain.progress_breaks import Breaks
from backcare.domain.progress_series import (
    BreakSeries,
    PainMark,
    Resolution,
    SessionSeries,
)

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
    "monthly": {"en": "Monthly average", "zh": "每月平均"},
    "yearly": {"en": "Yearly average", "zh": "每年平均"},
    "session": {"en": "Guided session", "zh": "完成训练"},
    "date_axis": {"en": "Date", "zh": "日期"},
    "no_pain": {"en": "No pain ratings in this period yet.", "zh": "这段时间还没有疼痛记录。"},
    "adherence_title_week": {"en": "Sessions per week", "zh": "每周训练次数"},
    "adherence_title_month": {"en": "Sessions per month", "zh": "每月训练次数"},
    "adherence_title_year": {"en": "Sessions per year", "zh": "每年训练次数"},
    "sessions_axis": {"en": "Sessions", "zh": "次数"},
    "week_axis": {"en": "Week starting", "zh": "周起始日"},
    "month_axis": {"en": "Month", "zh": "月份"},
    "year_axis": {"en": "Year", "zh": "年份"},
    "no_sessions": {
        "en": "No sessions planned or done in this period yet.",
        "zh": "这段时间还没有计划或完成的锻炼。",
    },
    "planned": {"en": "Planned", "zh": "计划"},
    "done": {"en": "Done", "zh": "完成"},
    "scores_title": {"en": "Questionnaire scores over time", "zh": "问卷得分变化"},
    "no_scores": {
        "en": "No questionnaire scores in this period yet.",
        "zh": "这段时间还没有问卷得分。",
    },
    "lower_better": {"en": "lower is better", "zh": "越低越好"},
    "odi": {"en": "ODI (% disability)", "zh": "ODI（功能障碍 %）"},
    "ndi": {"en": "NDI (points of 50)", "zh": "NDI（满分 50）"},
    "rmdq": {"en": "RMDQ (points of 24)", "zh": "RMDQ（满分 24）"},
    "breaks_title_week": {"en": "Breaks from sitting per week", "zh": "每周久坐休息次数"},
    "breaks_title_month": {"en": "Breaks from sitting per month", "zh": "每月久坐休息次数"},
    "breaks_title_year": {"en": "Breaks from sitting per year", "zh": "每年久坐休息次数"},
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


# Drawing widths, in inches: a page or a desktop window, and a phone (where a wide drawing
# shrunk to fit would print its words at about 5 pixels).
WIDE, NARROW = 7.5, 4.2


def _figure(height: float = 3.2, width: float = WIDE) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
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
    """One sentence in place of the chart: no axes, ticks or frame around nothing (issue 14)."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=INK)


MIN_WINDOW_DAYS = 7.0

# Month names written out here, not by the C library's locale, so an English chart reads the
# same on any machine and a Chinese one never shows an English month (issue 14).
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date, lang: str) -> str:
    """'3 Mar' / '3月3日'."""
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]}"


def month_label(day: date, lang: str) -> str:
    """'Mar 2025' / '2025年3月'."""
    if lang == "zh":
        return f"{day.year}年{day.month}月"
    return f"{_MONTHS_EN[day.month - 1]} {day.year}"


def year_label(day: date, lang: str) -> str:
    return f"{day.year}年" if lang == "zh" else str(day.year)


def bucket_label(first: date, resolution: Resolution, lang: str) -> str:
    """A bar's label: the week's Monday, the month or the year it counts."""
    if resolution in ("day", "week"):
        return day_label(first, lang)
    if resolution == "month":
        return month_label(first, lang)
    return year_label(first, lang)


def _wide(ax: Axes) -> bool:
    """Whether `ax` is drawn at the page's width (not a phone's narrow drawing)."""
    figure = ax.get_figure(root=True)
    return figure is None or float(figure.get_size_inches()[0]) >= WIDE - 0.01


def _date_axis(ax: Axes, start: date, end: date, lang: str) -> None:
    """Dates along x from the model's axis [start, end], labelled in `lang` (the words of a
    date are written here, never by the locale). An axis shorter than a week is widened to
    the week around it: matplotlib would widen a single date to years either side."""
    from matplotlib.dates import AutoDateLocator, HourLocator, num2date
    from matplotlib.ticker import FuncFormatter

    ax.set_xlabel(text("date_axis", lang))
    low, high = _x([datetime.combine(start, time(0)), datetime.combine(end, time(0))])
    high += 1.0  # to the end of the last day
    if high - low < MIN_WINDOW_DAYS:  # matplotlib's date numbers count days
        middle = (low + high) / 2
        ax.set_xlim(middle - MIN_WINDOW_DAYS / 2, middle + MIN_WINDOW_DAYS / 2)
        # One tick a day at midday, where `_x` puts a day's points, so a tick names its dot.
        ax.xaxis.set_major_locator(HourLocator(byhour=12))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda x, _pos: day_label(num2date(x).date(), lang))  # type: ignore[no-untyped-call]
        )
        return
    ax.set_xlim(low, high)
    span = high - low
    most = 8 if _wide(ax) else 4  # a phone's narrow drawing has room for fewer dates
    locator = AutoDateLocator(minticks=3, maxticks=most)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)

    def label(x: float, _pos: int | None) -> str:
        day = num2date(x).date()  # type: ignore[no-untyped-call]
        if span > 3 * 366 and day.month == 1 and day.day == 1:
            return year_label(day, lang)
        if span > 100 and day.day == 1:
            return month_label(day, lang)
        return day_label(day, lang)

    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _x(moments: Sequence[date | datetime]) -> list[float]:
    """Matplotlib's date numbers; a plain date is placed at midday."""
    from matplotlib.dates import date2num

    return [
        float(date2num(m if isinstance(m, datetime) else datetime.combine(m, time(12))))  # type: ignore[no-untyped-call]
        for m in moments
    ]


def _joined(
    marks: Sequence[PainMark], at: Callable[[PainMark], date]
) -> tuple[list[float], list[float]]:
    """x and y with a NaN before every mark the model did not join to the one before, so a
    line stops at a gap instead of drawing ratings nobody gave across it."""
    xs = _x([at(m) for m in marks])
    out_x: list[float] = []
    out_y: list[float] = []
    for i, (x, mark) in enumerate(zip(xs, marks, strict=True)):
        if i and not mark.joined:
            out_x.append((x + xs[i - 1]) / 2)
            out_y.append(float("nan"))
        out_x.append(x)
        out_y.append(float(mark.mean))
    return out_x, out_y


_AVERAGE_KEY: dict[Resolution, str] = {
    "day": "daily",
    "week": "weekly",
    "month": "monthly",
    "year": "yearly",
}


def draw_pain(fig: Figure, summary: ProgressSummary, lang: str = "en") -> None:
    """Daily pain as dots joined by a thin line, the weekly average as dashed squares, and
    each guided session as a triangle along the bottom; over a long period, the model's
    weekly (monthly, yearly) means instead of days, so a chart never draws 100,000 points."""
    ax = fig.add_subplot()
    ax.set_title(text("pain_title", lang), loc="left", color=INK)
    series = summary.pain_chart
    if series.empty:
        _empty(ax, text("no_pain", lang))
        return
    daily = series.resolution == "day"
    crowded = len(series.marks) > CROWDED_DAYS  # over months, joined dots become a smear
    ax.plot(
        *_joined(series.marks, (lambda m: m.start) if daily else (lambda m: m.middle)),
        color=BLUE if daily else ORANGE,
        marker="o" if daily else "s",
        markersize=(2.5 if crowded else 4) if daily else 5,
        linestyle="-" if daily and not crowded else ("--" if not daily else "none"),
        linewidth=1 if daily else 2,
        label=text(_AVERAGE_KEY[series.resolution], lang),
        zorder=3,  # above the weekly squares: a week with one rating puts both on one spot
    )
    if series.weekly:
        # Each week's average sits in the middle of the days it averages, joined only from
        # one week to the next, never across an empty week.
        ax.plot(
            *_joined(series.weekly, lambda m: m.middle),
            color=ORANGE,
            linestyle="--",
            linewidth=2,
            marker="s",
            markersize=6,
            label=text("weekly", lang),
        )
    if series.sessions:
        ax.plot(
            _x(series.sessions),
            [0.25] * len(series.sessions),
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
    _date_axis(ax, summary.axis_start, summary.end, lang)
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=3, fontsize=9)


def draw_adherence(fig: Figure, summary: ProgressSummary, lang: str = "en") -> None:
    """Sessions per week (month, year); when the break reminder saved anything in the
    period, a second panel below shows breaks from sitting in the same buckets (issue 7)."""
    if not summary.breaks_chart.empty and not summary.sessions_chart.empty:
        top, bottom = fig.subplots(2, 1, sharex=True)
        _sessions_axes(top, summary.sessions_chart, lang, labels=False)
        _breaks_axes(bottom, summary.breaks_chart, lang)
    else:
        _sessions_axes(fig.add_subplot(), summary.sessions_chart, lang)


def _bucket_axis(ax: Axes, firsts: Sequence[date], resolution: Resolution, lang: str) -> None:
    """Bucket labels under the bars, at most about a dozen of them."""
    positions = list(range(len(firsts)))
    # A phone's narrow drawing has room for about five labels.
    step = max(1, len(positions) // 12) if _wide(ax) else max(1, -(-len(positions) // 5))
    ax.set_xticks(positions[::step])
    ax.set_xticklabels([bucket_label(f, resolution, lang) for f in firsts][::step], fontsize=8)
    ax.set_xlabel(text(f"{_bucket_word(resolution)}_axis", lang))


def _bucket_word(resolution: Resolution) -> str:
    return "week" if resolution in ("day", "week") else resolution


def _sessions_axes(ax: Axes, series: SessionSeries, lang: str, labels: bool = True) -> None:
    """Planned sessions as hatched outlines, sessions done as solid bars beside them, each
    bar labelled with its number; over many bars, done as bars and planned as a line."""
    from matplotlib.ticker import MaxNLocator

    word = _bucket_word(series.resolution)
    ax.set_title(text(f"adherence_title_{word}", lang), loc="left", color=INK)
    if series.empty:
        _empty(ax, text("no_sessions", lang))
        return
    bars = series.bars
    positions = list(range(len(bars)))
    if len(bars) > CROWDED_WEEKS:
        # Too many bars to pair and number: done as bars, planned as a dashed line.
        ax.bar(positions, [b.done for b in bars], 0.8, color=BLUE, label=text("done", lang))
        ax.step(
            positions,
            [b.planned for b in bars],
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
            [b.planned for b in bars],
            width,
            facecolor="white",
            edgecolor=GREY,
            hatch="//",
            label=text("planned", lang),
        )
        completed = ax.bar(
            [x + width / 2 for x in positions],
            [b.done for b in bars],
            width,
            color=BLUE,
            label=text("done", lang),
        )
        for group in (planned, completed):
            ax.bar_label(group, padding=2, fontsize=8, color=INK)
    if labels:
        _bucket_axis(ax, [b.start for b in bars], series.resolution, lang)
    ax.set_ylabel(text("sessions_axis", lang))
    top = max([b.planned for b in bars] + [b.done for b in bars] + [1])
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


def draw_breaks(fig: Figure, summary: ProgressSummary, lang: str = "en") -> None:
    """Breaks from sitting per week: taken (natural breaks included), snoozed, skipped."""
    _breaks_axes(fig.add_subplot(), summary.breaks_chart, lang)


def _breaks_axes(ax: Axes, series: BreakSeries, lang: str) -> None:
    from matplotlib.ticker import MaxNLocator

    word = _bucket_word(series.resolution)
    ax.set_title(text(f"breaks_title_{word}", lang), loc="left", color=INK)
    if series.empty:
        _empty(ax, text("no_breaks", lang))
        return
    counts = {
        "taken": [b.done for b in series.bars],
        "snoozed": [b.snoozed for b in series.bars],
        "skipped": [b.skipped for b in series.bars],
    }
    firsts = [f"{b.start:%Y-%m-%d}" for b in series.bars]
    positions = list(range(len(series.bars)))
    crowded = len(series.bars) > CROWDED_WEEKS
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
        # Ids in the SVG name each bar's series and bucket, for tests and for anyone reading
        # the file by hand.
        for patch, first in zip(bars.patches, firsts, strict=True):
            patch.set_gid(f"breaks-{key}-{first}")
        ax.bar_label(bars, padding=2, fontsize=7, color=INK)
    _bucket_axis(ax, [b.start for b in series.bars], series.resolution, lang)
    ax.set_ylabel(text("breaks_axis", lang))
    top = max(max(values) for values in counts.values())
    ax.set_ylim(0, max(top, 1) * 1.15 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=3, fontsize=9)


_SCORE_STYLE = {"odi": ("o", "-", BLUE), "ndi": ("s", "--", ORANGE), "rmdq": ("D", ":", GREEN)}


def draw_scores(fig: Figure, summary: ProgressSummary, lang: str = "en") -> None:
    """One panel per questionnaire, each on its own full scale, every value written beside
    its point."""
    scores = summary.scores
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
    _date_axis(axes[-1], summary.axis_start, summary.end, lang)


def is_empty(kind: ChartKind, summary: ProgressSummary) -> bool:
    """Whether the chart would hold nothing: readers then print its one sentence instead."""
    if kind == "pain":
        return summary.pain_chart.empty
    if kind == "adherence":
        return summary.sessions_chart.empty and summary.breaks_chart.empty
    if kind == "breaks":
        return summary.breaks_chart.empty
    return not summary.scores


def empty_sentence(kind: ChartKind, lang: str = "en") -> str:
    """The one sentence that stands for an empty chart."""
    key = {"pain": "no_pain", "adherence": "no_sessions", "breaks": "no_breaks"}
    return text(key.get(kind, "no_scores"), lang)


def chart(
    kind: ChartKind,
    summary: ProgressSummary,
    fmt: ImageFormat,
    lang: str = "en",
    width: float = WIDE,
) -> bytes:
    """One chart of `summary` as SVG or PNG bytes: it draws the model's series, already
    grouped by day, week, month or year, and nothing it would have to compute itself."""
    from matplotlib import rc_context

    if kind not in CHART_KINDS:
        raise ValueError(f"unknown chart {kind!r}; choose one of {', '.join(CHART_KINDS)}")
    from backcare.reports.fonts import register_with_matplotlib

    register_with_matplotlib()  # the bundled CJK font: no "findfont" noise, zh on any machine
    with rc_context(cast(Any, _RC)):
        if is_empty(kind, summary):
            # One sentence, no axes drawn around nothing (issue 14).
            fig = _figure(height=0.6, width=width)
            _empty(fig.add_subplot(), empty_sentence(kind, lang))
        elif kind == "pain":
            fig = _figure(width=width)
            draw_pain(fig, summary, lang)
        elif kind == "adherence":
            paired = not summary.breaks_chart.empty and not summary.sessions_chart.empty
            fig = _figure(height=5.4 if paired else 2.8, width=width)
            draw_adherence(fig, summary, lang)
        elif kind == "breaks":
            fig = _figure(height=2.8, width=width)
            draw_breaks(fig, summary, lang)
        else:
            fig = _figure(height=0.9 + 1.4 * max(1, len(summary.scores)), width=width)
            draw_scores(fig, summary, lang)
        if width < WIDE:
            # On a phone the page's own heading names the chart; its title would collide
            # with the legend in the narrow drawing.
            for ax in fig.axes:
                for where in ("left", "center", "right"):
                    ax.set_title("", loc=where)
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


def _catalogue(lang: str) -> gettext.NullTranslations:
    """The interface catalogue the report's template uses, so alt text says the same words."""
    from backcare.reports.printing import translations

    return translations(lang)


def describe(kind: ChartKind, summary: ProgressSummary, lang: str = "en") -> str:
    """A sentence saying what the chart shows, for alt text and screen readers: counts read
    off the model, with plural forms in both languages."""
    catalogue = _catalogue(lang)
    _ = catalogue.gettext
    zh = lang == "zh"
    if is_empty(kind, summary) and kind != "adherence":
        return empty_sentence(kind, lang)
    if kind == "pain":
        pain = summary.pain
        parts = [
            catalogue.ngettext(
                "Pain ratings on %(num)d day", "Pain ratings on %(num)d days", len(pain.points)
            )
            % {"num": len(pain.points)}
        ]
        if pain.first_week is not None and pain.last_week is not None and len(pain.weeks) > 1:
            parts.append(
                _("weekly average %(first)s in the first week and %(last)s in the last")
                % {"first": f"{pain.first_week:g}", "last": f"{pain.last_week:g}"}
            )
        days = len(pain.session_days)
        parts.append(
            catalogue.ngettext(
                "%(num)d day with a guided session", "%(num)d days with a guided session", days
            )
            % {"num": days}
        )
        return ("；" if zh else "; ").join(parts) + ("。" if zh else ".")
    if kind == "adherence":
        said = "" if summary.sessions_chart.empty else _sessions_described(summary, lang)
        if not summary.breaks_chart.empty:
            said += ("" if zh or not said else " ") + describe_breaks(summary.breaks, lang)
        return said or empty_sentence(kind, lang)
    if kind == "breaks":
        return describe_breaks(summary.breaks, lang)
    parts = [
        _("%(name)s from %(first)s to %(latest)s")
        % {"name": s.instrument.upper(), "first": f"{s.first:g}", "latest": f"{s.latest:g}"}
        if len(s.points) > 1
        else f"{s.instrument.upper()} {s.latest:g}"
        for s in summary.scores
    ]
    return _("Questionnaire scores: %(scores)s.") % {"scores": "; ".join(parts)}


def _sessions_described(summary: ProgressSummary, lang: str) -> str:
    catalogue = _catalogue(lang)
    done = summary.adherence
    weeks = len(done.weeks)
    if not done.planned:  # never "0 of 0 planned" (issue 14): say that nothing was planned
        from backcare.reports.sentences import sessions_sentence

        return sessions_sentence(summary, lang)
    return catalogue.ngettext(
        "%(done)d of %(planned)d planned sessions done over %(num)d week.",
        "%(done)d of %(planned)d planned sessions done over %(num)d weeks.",
        weeks,
    ) % {"done": done.done, "planned": done.planned, "num": weeks}


def describe_breaks(breaks: Breaks, lang: str = "en") -> str:
    """Breaks from sitting in one sentence, for alt text and the report."""
    if not breaks.recorded:
        return text("no_breaks", lang)
    _ = _catalogue(lang).gettext
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
