"""Native Excel charts (no pictures): what people would rather look at than read.

A chart reads its numbers from cells. Every chart's numbers go to one hidden sheet,
图表数据, written last (contiguous, free of totals and "—"); the visible sheets keep their
used range, and no table of theirs gains a label a reader would take for a category.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..merge.summary import EvalBlock, RateSheet, Summary
from ..definitions import ItemSet

DATA_SHEET = "图表数据"
TITLE_FORMAT = {"font_name": "宋体", "font_size": 11, "bold": True}
COLOURS = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47"]


@dataclass
class Series:
    name: str
    values: list[float | int | None]
    colour: str = ""


@dataclass
class ChartData:
    """The hidden sheet's rows, filled as charts are made and written at the end."""

    rows: list[list] = field(default_factory=list)

    def place(self, title: str, categories: list[str], series: list[Series]) -> int:
        """Add one chart's table (a title row, a header row, a row per category); its header row."""
        self.rows.append([title])
        top = len(self.rows)
        self.rows.append(["", *(s.name for s in series)])
        for i, category in enumerate(categories):
            self.rows.append([category, *(s.values[i] for s in series)])
        self.rows.append([])
        return top

    def write(self, wb) -> None:
        if not self.rows:
            return
        ws = wb.add_worksheet(DATA_SHEET)
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                if isinstance(value, (int, float)):
                    ws.write_number(r, c, value)
                elif value is not None:
                    ws.write_string(r, c, str(value))
        ws.hide()


def chart(wb, ws, data: ChartData, kind: str, title: str, categories: list[str], series: list[Series], *,
          anchor: tuple[int, int], size: tuple[int, int], subtype: str | None = None,
          percent: bool = True, legend: str = "bottom", labels: bool = False, titled: bool = True):
    """Put the chart's numbers on the data sheet and insert the chart at ``anchor`` of ``ws``:
    its title in the cell there and the chart below it (``titled``; else the chart there,
    untitled). Not the chart's own title: LibreOffice spaces a digit from the CJK beside it
    there, and 附件1 printed as "附件 1"."""
    top = data.place(title, categories, series)
    if titled:
        ws.write_string(*anchor, title, wb.add_format(TITLE_FORMAT))
    spec = {"type": kind, **({"subtype": subtype} if subtype else {})}
    ch = wb.add_chart(spec)
    for j, s in enumerate(series, start=1):
        ch.add_series({
            "name": [DATA_SHEET, top, j],
            "categories": [DATA_SHEET, top + 1, 0, top + len(categories), 0],
            "values": [DATA_SHEET, top + 1, j, top + len(categories), j],
            "fill": {"color": s.colour or COLOURS[(j - 1) % len(COLOURS)]},
            "gap": 60,
            **({"data_labels": {"value": True}} if labels else {}),
        })
    ch.set_title({"none": True})
    ch.set_legend({"position": legend, "font": {"name": "宋体", "size": 9}})
    axis = {"num_format": "0%", "max": 1, "min": 0} if percent else {"min": 0}
    value_axis, category_axis = ("set_x_axis", "set_y_axis") if kind == "bar" else ("set_y_axis", "set_x_axis")
    getattr(ch, value_axis)({**axis, "num_font": {"name": "宋体", "size": 9}, "major_gridlines": {"visible": True}})
    getattr(ch, category_axis)({"num_font": {"name": "宋体", "size": 9}})
    ch.show_hidden_data()
    ch.set_size({"width": size[0], "height": size[1]})
    ws.insert_chart(anchor[0] + titled, anchor[1], ch, {"object_position": 3})
    return ch


def coverage_chart(wb, ws, data: ChartData, sheet: RateSheet, row: int) -> None:
    """The rates by category, one bar per round (and per rate); titled with their word (覆盖率, 践诺率)."""
    # the categories (or kinds of unit) that have anyone to cover, and the rates that have a value
    # (a round not yet due, 第二次 in June, has none): a chart of what the office has
    lines = [r for r in sheet.rows if not r.total and r.cells[0]]
    rate_cols = [j for j, kind in enumerate(sheet.kinds) if kind == "rate"
                 and any(r.cells[j] is not None for r in lines)]
    if not rate_cols or not lines:
        return
    series = [Series(sheet.headings[j], [r.cells[j] for r in lines]) for j in rate_cols]
    what = "各类别" if sheet.first == "类别名称" else "各类型单位"
    chart(wb, ws, data, "column", f"{sheet.table.key} {what}{sheet.word}", [r.label for r in lines], series,
          anchor=(row, 0), size=(980, 340))


def status_bar(wb, ws, data: ChartData, summary: Summary, row: int) -> None:
    """One line: units accepted, files sent back, roster units that sent nothing."""
    # one unit of count: units (a unit's tables and its evaluations are one unit, as the heading counts)
    series = [Series("已采用", [summary.units], "#70AD47"), Series("退回", [summary.rejected_units], "#ED7D31")]
    if summary.roster_size is not None:
        series.append(Series("未报", [len(summary.not_sent)], "#C00000"))
    ch = chart(wb, ws, data, "bar", "报送情况", ["报送"], series, anchor=(row, 1), size=(720, 110),
               subtype="stacked", percent=False, legend="right", labels=True, titled=False)
    ch.set_y_axis({"visible": False})


def evaluation_chart(wb, ws, data: ChartData, es: ItemSet, block: EvalBlock, row: int) -> None:
    """The share of each option per item, from the block's total."""
    total = next(r for r in block.rows if r.total)
    series = [Series(option, [item.shares[k] for item in total.items]) for k, option in enumerate(es.options)]
    chart(wb, ws, data, "bar", f"{block.form.key} 各项目评议结果", list(block.form.items), series,
          anchor=(row, 2), size=(760, 60 + 40 * len(block.form.items)), subtype="percent_stacked")
