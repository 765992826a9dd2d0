"""Server-side SVG charts: the geometry is computed here and drawn by templates/reports/includes/*_chart.html.
No script and nothing from elsewhere; each chart has a title, a description and its table beside it, and its
series differ by pattern and printed values, not by colour alone."""

from dataclasses import dataclass

from reports.selectors import Breakdown, MonthRow
from reports.tables import month_label


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label_x: float
    label_y: float


@dataclass(frozen=True)
class MonthGroup:
    label: str
    label_x: float
    registrations: Bar
    attendances: Bar


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class MonthChart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    plot_left: int
    plot_right: int
    ticks: list[Tick]
    groups: list[MonthGroup]


@dataclass(frozen=True)
class AudienceBar:
    label: str
    y: float
    bar: Bar


@dataclass(frozen=True)
class AudienceChart:
    width: int
    height: int
    plot_left: int
    bars: list[AudienceBar]


def _scale_top(largest: int) -> int:
    """A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if factor * power >= largest:
                return factor * power
        power *= 10


def month_chart(rows: list[MonthRow]) -> MonthChart:
    group_width, bar_width, left, top, bottom = 72, 26, 56, 24, 44
    plot_height = 200
    width = left + max(len(rows), 1) * group_width + 16
    height = top + plot_height + bottom
    scale_top = _scale_top(max([row.registrations for row in rows] + [row.participations for row in rows] + [1]))

    def bar(x: float, value: int) -> Bar:
        bar_height = plot_height * value / scale_top
        y = top + plot_height - bar_height
        return Bar(x=x, y=y, width=bar_width, height=bar_height, value=value, label_x=x + bar_width / 2,
                   label_y=y - 4)

    groups = []
    for index, row in enumerate(rows):
        x = left + index * group_width + 8
        groups.append(MonthGroup(label=month_label(row.month), label_x=x + bar_width,
                                 registrations=bar(x, row.registrations), attendances=bar(x + bar_width + 2,
                                                                                          row.participations)))
    ticks = [Tick(value=value, y=top + plot_height - plot_height * value / scale_top)
             for value in sorted({0, scale_top // 2 if scale_top % 2 == 0 else 0, scale_top})]
    return MonthChart(width=width, height=height, plot_top=top, plot_bottom=top + plot_height, plot_left=left,
                      plot_right=width - 8, ticks=ticks, groups=groups)


def audience_chart(rows: list[Breakdown], label) -> AudienceChart:
    """Horizontal bars of people per audience; ``label`` names an audience code."""
    row_height, bar_height, left, value_room = 36, 22, 200, 56
    plot_width = 320
    largest = max([row.people for row in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        y = 8 + index * row_height
        length = plot_width * row.people / largest
        bars.append(AudienceBar(label=label(row.key), y=y + bar_height / 2 + 5, bar=Bar(
            x=left, y=y, width=length, height=bar_height, value=row.people, label_x=left + length + 6,
            label_y=y + bar_height / 2 + 5)))
    return AudienceChart(width=left + plot_width + value_room, height=max(len(rows), 1) * row_height + 16,
                         plot_left=left, bars=bars)
