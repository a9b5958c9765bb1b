"""A statistics table's definition inferred from its layout: which axis holds the categories
(this tool's columns) and which the metrics (its rows), rounds, the flattened two-level labels,
and the rules the labels state (合计/小计 = its parts, 其中… ≤ its whole, 已…数 ≤ …数)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Layout

ROUND = re.compile(r"^第[一二三四1-4]\s*[次轮]$|^(上|下)半年$")
TOTAL = re.compile(r"^(合计|总计|小计|共计|总数)$|合计|总计|小计")
UNIT = re.compile(r"[((]\s*(人|个|名|户|家|次|票|件|项|万元|元)\s*[))]$")
METRIC = re.compile(r"(数|人数|个数|次数|率|合计|总计|小计)$|^(其中|已|参加|开展)")
JOIN = "-"  # two header levels made one label: 党组织-总数
PER_BLOCK = 8  # categories a printed block holds when rows become columns


@dataclass
class Metric:
    label: str
    rounds: tuple[str, ...] = ()
    base: bool = False
    of: str = ""
    rate: str = ""  # the rate the notice names for it (践诺率), "" to infer one from its base


@dataclass
class Inferred:
    header: str
    blocks: list[list[str]]
    metrics: list[Metric]
    sums: list[tuple[str, list[str], bool]] = field(default_factory=list)  # (total, parts, at least)
    le: list[tuple[str, str, str]] = field(default_factory=list)  # (part, whole, why)
    notes: list[str] = field(default_factory=list)  # what was inferred, for # 推断 comments
    gaps: list[str] = field(default_factory=list)  # what could not be read, for # 待补 comments


def unit_of(label: str) -> str:
    m = UNIT.search(label)
    return m[1] if m else ""


def core(label: str) -> str:
    return UNIT.sub("", label).strip()


def infer(layout: Layout) -> Inferred:
    col_labels = [[levels for _, levels in b.columns if levels] for b in layout.blocks]
    row_labels = [b.rows for b in layout.blocks]
    flat_cols = [lv for b in col_labels for lv in b]
    flat_rows = [lv for b in row_labels for lv in b]
    transposed = _score(flat_cols) > _score(flat_rows)
    out = Inferred(layout.corner, [], [])
    if transposed:
        out.notes.append("表中名称列是类别、表头是指标:按本工具的格式,类别写成列、指标写成行(模板与通知的表转置)")
        metric_axis, category_blocks = [flat_cols], _chunks(_unique([_flat(r) for r in flat_rows]))
    else:
        metric_axis, category_blocks = row_labels, [_unique([_flat(c) for c in b]) for b in col_labels]
    out.blocks = [b for b in category_blocks if b]
    out.metrics = _metrics(metric_axis, out)
    _dedupe_categories(out)
    return out


def _score(labels: list[tuple[str, ...]]) -> float:
    if not labels:
        return 0.0
    hits = sum(1 for lv in labels if METRIC.search(core(lv[0])) or unit_of(lv[-1]))
    return hits / len(labels)


def _flat(levels: tuple[str, ...]) -> str:
    if len(levels) > 1 and levels[-1].startswith("其中"):
        return levels[-1]
    return JOIN.join(levels)


def _unique(labels: list[str]) -> list[str]:
    return list(dict.fromkeys(labels))


def _chunks(labels: list[str]) -> list[list[str]]:
    if len(labels) <= PER_BLOCK:
        return [labels]
    n = -(-len(labels) // PER_BLOCK)
    size = -(-len(labels) // n)
    return [labels[i:i + size] for i in range(0, len(labels), size)]


def _metrics(axes: list[list[tuple[str, ...]]], out: Inferred) -> list[Metric]:
    """Metrics in print order; a label followed by 第一次/第二次 is one metric with rounds."""
    found: dict[str, Metric] = {}
    orders = []
    for axis in axes:
        order = []
        for levels in axis:
            if len(levels) > 1 and ROUND.match(levels[-1]):
                label, rnd = _flat(levels[:-1]), levels[-1]
            else:
                label, rnd = _flat(levels), ""
            m = found.setdefault(label, Metric(label))
            if rnd and rnd not in m.rounds:
                m.rounds += (rnd,)
            order.append(label)
        orders.append(_unique(order))
    if any(o != orders[0] for o in orders):
        out.gaps.append("各块的行不完全相同,已把各块的行合在一起,请核对")
    if any(JOIN in m for o in orders for m in o):
        out.notes.append(f"两层表头或两层行名已合成一个名称,中间用“{JOIN}”")
    return [found[label] for label in _unique([m for o in orders for m in o])]


def _dedupe_categories(out: Inferred) -> None:
    seen, blocks = set(), []
    for block in out.blocks:
        kept = [c for c in block if c not in seen]
        if len(kept) < len(block):
            out.gaps.append("有类别在表中出现了两次,只保留了第一次")
        seen.update(kept)
        if kept:
            blocks.append(kept)
    out.blocks = blocks
