"""The statistics as a picture: opened vs fixed per week, and on-time share per worker.

Rendered with matplotlib's Agg backend (no screen) in a CJK font shipped with the mplfonts
package, so Chinese labels are real characters, never empty boxes. Sized for a phone.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from bot.domain.stats import Report
from bot.i18n import Lang, t

FONT_FILE = "NotoSansCJKsc-Regular.otf"


@cache
def cjk_font() -> str:
    """Register the bundled Noto Sans CJK SC font once; return its family name."""
    path = resources.files("mplfonts") / "fonts" / FONT_FILE
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def stats_chart(lang: Lang, report: Report) -> bytes:
    """Return a PNG with two panels: weekly opened/fixed, and on-time share per worker."""
    family = cjk_font()
    with plt.rc_context({"font.family": family, "font.size": 13, "axes.titlesize": 15}):
        figure = Figure(figsize=(7, 9), dpi=110, layout="constrained")
        weekly, workers = figure.subplots(2, 1, height_ratios=(1, 1.1))
        labels = [day.strftime("%m-%d") for day, _, _ in report.weeks]
        positions = range(len(labels))
        width = 0.4
        weekly.bar(
            [p - width / 2 for p in positions],
            [o for _, o, _ in report.weeks],
            width,
            label=t(lang, "chart.opened"),
            color="#e07b39",
        )
        weekly.bar(
            [p + width / 2 for p in positions],
            [f for _, _, f in report.weeks],
            width,
            label=t(lang, "chart.fixed"),
            color="#3b8bc2",
        )
        weekly.set_xticks(list(positions), labels, rotation=45 if len(labels) > 6 else 0)
        weekly.set_xlim(-0.8, max(len(labels), 4) - 0.2)  # one week is not a wall of colour
        weekly.set_title(t(lang, "chart.weekly", period=report.period.label))
        weekly.legend(loc="upper left")
        weekly.yaxis.get_major_locator().set_params(integer=True)
        lines = sorted(
            (line for line in report.workers.values() if line.fixed),
            key=lambda line: line.on_time_share or 0,
        )
        names = [line.name for line in lines] or [t(lang, "chart.nobody")]
        shares = [round(100 * (line.on_time_share or 0)) for line in lines] or [0]
        bars = workers.barh(names, shares, height=0.6, color="#5aa469")
        workers.set_ylim(-0.8, max(len(names), 4) - 0.2)
        workers.bar_label(bars, labels=[f"{s}%" for s in shares], padding=3)
        workers.set_xlim(0, 110)
        workers.set_title(t(lang, "chart.on_time"))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def meters_chart(lang: Lang, uses: list) -> bytes:  # type: ignore[type-arg]
    """Return a PNG: per meter, this month's use beside last month's and a year ago's."""
    family = cjk_font()
    with plt.rc_context({"font.family": family, "font.size": 13, "axes.titlesize": 15}):
        figure = Figure(figsize=(7, 2.2 + 1.2 * len(uses)), dpi=110, layout="constrained")
        axes = figure.subplots()
        names = [f"{now.meter.name} ({now.meter.unit})" for now, _, _ in uses]
        rows = range(len(uses))
        for offset, (index, label) in zip(
            (-0.27, 0.0, 0.27),
            enumerate(("meters.chart_year", "meters.chart_last", "meters.chart_now")),
            strict=True,
        ):
            values = [triple[2 - index].total for triple in uses]
            axes.barh([r + offset for r in rows], values, height=0.26, label=t(lang, label))
        axes.set_yticks(list(rows), names)
        axes.set_title(t(lang, "meters.chart_title"))
        axes.legend(loc="lower right")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
