"""A column of rates (践诺率(%)) is no count a unit fills in: this tool's tables take whole numbers
and the summary computes each rate itself. Such a row is left out of the drafted table; its rate is
drafted on the row the notice divides (注:践诺率=已践诺事项数÷承诺事项数×100%), that row at most the
one it is divided by, or else said as a gap."""

from __future__ import annotations

import re

from .infer import JOIN, Inferred, Metric, core, for_editor

PERCENT = r"[(\uff08]\s*[%\uff05]\s*[)\uff09]"
RATE = re.compile(rf"(率|比例|占比)\s*({PERCENT})?$|{PERCENT}$")
DIVIDED = r"{name}\s*[=\uff1d]\s*([^÷/=\uff1d]+?)\s*[÷/]\s*([^××*。;\uff1b,\uff0c]+?)\s*(?:[××*]\s*100\s*[%\uff05])?\s*(?:[。;\uff1b,\uff0c]|$)"


def take_rates(t: Inferred, notes: list[str]) -> None:
    for m in [m for m in t.metrics if RATE.search(core(m.label))]:
        t.metrics.remove(m)
        name = re.sub(rf"\s*{PERCENT}$", "", m.label).strip()
        divided = _divided(name, notes, t.metrics)
        short = name.split(JOIN)[-1]  # 述职评议情况-述职比例: the note says 述职比例=…
        if divided is None and short != name and (divided := _divided(short, notes, t.metrics)):
            name = short
        if divided is None:
            t.gaps.append(for_editor(f"“{m.label}”是比率,不是单位填写的数(本工具的表只填整数,比率由汇总表计算),"
                                     "已不作为填写的行;没有读出它是哪两行相除,汇总表中暂不显示它",
                                     f"要在汇总表中显示它时,在分子那一行写 rate = \"{name}\",分母那一行写 base = true,"
                                     "分子那一行写 of = \"分母那一行的名称\""))
            continue
        part, whole, note = divided
        part.rate, whole.base = name, True
        t.le.append((part.label, whole.label, f"“{part.label}”不超过“{whole.label}”({name}不超过 100%)"))
        t.notes.append(f"“{m.label}”是比率,不是单位填写的数(本工具的表只填整数),已不作为填写的行:汇总表按"
                       f"{part.label}÷{whole.label}计算{name}(读自“{note}”)")


def _divided(name: str, notes: list[str], metrics: list[Metric]) -> tuple[Metric, Metric, str] | None:
    """The rows a note divides for the rate (…率=甲数÷乙数×100%), with the note: the divisor read
    first and left out of the dividend's candidates (开展甲的乙数÷乙数: 乙数 is the divisor, the
    dividend is 开展甲的(个), though 乙数 is in its words too); None when either is not one row."""
    for note in notes:
        m = re.search(DIVIDED.format(name=re.escape(name)), note)
        if m is None:
            continue
        whole = _row(m[2], metrics)
        part = _row(m[1], [x for x in metrics if x is not whole])
        if part is None or whole is None:  # the dividend named exactly, the divisor only among the rest
            part = _row(m[1], metrics)
            whole = _row(m[2], [x for x in metrics if x is not part])
        if part is not None and whole is not None and part is not whole:
            return part, whole, note
    return None


def _row(text: str, metrics: list[Metric]) -> Metric | None:
    """The one row the words name: its label the same (units of measure aside), else the one row
    whose label is in the words or holds them; None when none or several are."""
    said = core(text.strip())
    same = [m for m in metrics if core(m.label) == said]
    close = same or [m for m in metrics if said and (said in core(m.label) or core(m.label) in said)]
    return close[0] if len(close) == 1 else None
