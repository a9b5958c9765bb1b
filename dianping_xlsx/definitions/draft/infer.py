"""A statistics table's definition inferred from its layout: which axis holds the categories
(this tool's columns) and which the metrics (its rows), rounds, the flattened two-level labels,
and the rules the labels state (合计/小计 = its parts, 其中… ≤ its whole, 已…数 ≤ …数).

A round is a sub-label under a metric that names a collection: 第一次/第二次, 上半年/下半年, the
notice's own collections (年中统计 and 年终统计, or 年中 and 年终 for short), or two or more sibling
sub-labels that name parts of a year (年中 and 年终, 第一季度 …) though the text names none."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Layout

ROUND = re.compile(r"^第[一二三四1-4]\s*[次轮]$|^(上|下)半年$")
# a part of a year a collection may be named by; a sub-label that is one is a round when a sibling is too
YEAR_PART = re.compile(r"^(上半年|下半年|年中|年终|年底|年初|全年|第[一二三四1-4]季度)$")
# what follows a collection's name in the text (年中统计): its sub-column may leave it out (年中)
COLLECTION_WORDS = re.compile(r"(统计|评议|考核|测评|点评|报送|报告|总结)$")
TOTAL = re.compile(r"^(合计|总计|小计|共计|总数)$|合计|总计|小计")
OWN_TOTAL = re.compile(r"^(合计|总计)$")  # a block's own total, when every block prints one
UNIT = re.compile(r"[(\uff08]\s*(人|个|名|户|家|次|票|件|项|万元|元)\s*[)\uff09]$")
METRIC = re.compile(r"(数|人数|个数|次数|率|合计|总计|小计)$|^(其中|已|参加|开展)")
TEXT = re.compile(r"^(备注|说明|备考|附注)$")  # a column of words (why, what else), no number
JOIN = "-"  # two header levels made one label: 党组织-总数
PER_BLOCK = 8  # categories a printed block holds when rows become columns
FOR_EDITOR = "【改定义文件:"  # what to write in the file, after a note's words (for_editor)


def for_editor(said: str, how: str) -> str:
    """A note in words anyone reads, then what to write in the definition file (its keys): the
    file shows both, the desk's draft page the words and, small, the rest (split_note)."""
    return f"{said}{FOR_EDITOR}{how}】"


def split_note(text: str) -> tuple[str, str]:
    """(the words anyone reads, what to write in the definition file or "") of a note."""
    said, mark, how = text.partition(FOR_EDITOR)
    return (said, how.removesuffix("】")) if mark else (text, "")


@dataclass
class Metric:
    label: str
    rounds: tuple[str, ...] = ()
    base: bool = False
    of: str = ""
    rate: str = ""  # the rate the notice names for it (践诺率), "" to infer one from its base
    unsure: str = ""  # why it is a base row only for want of another (a gap), "" when read


@dataclass
class Inferred:
    header: str
    blocks: list[list[str]]
    metrics: list[Metric]
    sums: list[tuple[str, list[str], bool]] = field(default_factory=list)  # (total, parts, at least)
    le: list[tuple[str, str, str]] = field(default_factory=list)  # (part, whole, why)
    notes: list[str] = field(default_factory=list)  # what was inferred, for # 推断 comments
    gaps: list[str] = field(default_factory=list)  # what could not be read, for # 待补 comments
    group_of: dict[str, str] = field(default_factory=dict)  # a category under a heading over several (groups)


def unit_of(label: str) -> str:
    m = UNIT.search(label)
    return m[1] if m else ""


def core(label: str) -> str:
    return UNIT.sub("", label).strip()


def round_words(names: list[str]) -> tuple[str, ...]:
    """The collections' names as a sub-label may print them: 年中统计, and 年中 for short."""
    return tuple(dict.fromkeys(w for n in names for w in (n, COLLECTION_WORDS.sub("", n)) if w))


def infer(layout: Layout, collections: tuple[str, ...] = ()) -> Inferred:
    """``collections``: what the notice calls its collections (round_words), rounds when a table
    prints them under a metric."""
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
        metric_axis, category_blocks = row_labels, _categories(col_labels, out)
    out.blocks = [b for b in category_blocks if b]
    out.metrics = _metrics(metric_axis, out, _is_round(metric_axis, collections))
    _drop_block_totals(out)
    _dedupe_categories(out)
    _drop_text(out)
    return out


def _drop_text(out: Inferred) -> None:
    """A 备注 column (or row) holds words, not a number: no row or category of the table."""
    texts = [m.label for m in out.metrics if TEXT.match(core(m.label))]
    texts += [c for b in out.blocks for c in b if TEXT.match(core(c))]
    out.metrics = [m for m in out.metrics if m.label not in texts]
    out.blocks = [kept for b in out.blocks if (kept := [c for c in b if c not in texts])]
    out.notes += [f"“{t}”栏填写文字说明,不是数字,已不作为填写的行或类别" for t in texts]


def _score(labels: list[tuple[str, ...]]) -> float:
    if not labels:
        return 0.0
    hits = sum(1 for lv in labels if METRIC.search(core(lv[0])) or unit_of(lv[-1]))
    return hits / len(labels)


def _flat(levels: tuple[str, ...]) -> str:
    if len(levels) > 1 and levels[-1].startswith("其中"):
        return levels[-1]
    if len(levels) > 1 and UNIT.fullmatch(levels[-1].strip()):  # 甲数 over (个): 甲数(个), not 甲数-(个)
        return _flat(levels[:-1]) + levels[-1].strip()
    return JOIN.join(levels)


def _categories(blocks: list[list[tuple[str, ...]]], out: Inferred) -> list[list[str]]:
    """Each block's categories: a two-level heading (甲组 over 甲类 and 乙类) is the
    table's groups over categories named as the lower level prints them, when those names are
    each the table's once; else the levels joined (甲组-甲类)."""
    lows = [levels[-1] for b in blocks for levels in b]
    grouped = {levels[1]: levels[0] for b in blocks for levels in b
               if len(levels) == 2 and _flat(levels) == JOIN.join(levels)}
    if grouped and all(len(levels) <= 2 for b in blocks for levels in b) and len(set(lows)) == len(lows):
        out.group_of = grouped
        out.notes.append(f"两层表头:上一级({'、'.join(dict.fromkeys(grouped.values()))})写在 groups 中,"
                         "类别用下一级的名称,模板照通知印两层表头")
        return [_unique([levels[-1] if levels[-1] in grouped else _flat(levels) for levels in b]) for b in blocks]
    return [_unique([_flat(c) for c in b]) for b in blocks]


def groups_of(t: Inferred) -> list[list[tuple[str, int]]]:
    """The groups of each block (heading, how many categories it spans), a category under none its
    own; [] when no category is under a heading."""
    if not t.group_of:
        return []
    out = []
    for block in t.blocks:
        runs: list[tuple[str, int]] = []
        for c in block:
            label = t.group_of.get(c, c)
            if runs and runs[-1][0] == label and label != c:
                runs[-1] = (label, runs[-1][1] + 1)
            else:
                runs.append((label, 1))
        out.append(runs)
    return out


def _unique(labels: list[str]) -> list[str]:
    return list(dict.fromkeys(labels))


def _chunks(labels: list[str]) -> list[list[str]]:
    if len(labels) <= PER_BLOCK:
        return [labels]
    n = -(-len(labels) // PER_BLOCK)
    size = -(-len(labels) // n)
    return [labels[i:i + size] for i in range(0, len(labels), size)]


def _is_round(axes: list[list[tuple[str, ...]]], collections: tuple[str, ...]):
    """Whether a sub-label is a round: 第一次, 上半年, a collection of the notice's, or a part of a
    year with a sibling that is one too (年中 and 年终 under one metric)."""
    siblings: dict[tuple[str, ...], set[str]] = {}
    for levels in (lv for axis in axes for lv in axis if len(lv) > 1):
        if YEAR_PART.match(levels[-1]):
            siblings.setdefault(levels[:-1], set()).add(levels[-1])
    paired = {label for labels in siblings.values() if len(labels) > 1 for label in labels}
    return lambda label: bool(ROUND.match(label)) or label in collections or label in paired


def _metrics(axes: list[list[tuple[str, ...]]], out: Inferred, is_round) -> list[Metric]:
    """Metrics in print order; a label followed by rounds (第一次/第二次, 年中/年终) is one metric with rounds."""
    found: dict[str, Metric] = {}
    orders = []
    for axis in axes:
        order = []
        for levels in axis:
            if len(levels) > 1 and is_round(levels[-1]):
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


def _drop_block_totals(out: Inferred) -> None:
    """A 合计 (总计) printed in every block, first or last: each block's own total, which the summary
    computes as for a table printing none (block by block where the blocks are kept apart), not a
    category to fill in twice under one name."""
    if len(out.blocks) < 2:
        return
    common = set.intersection(*(set(b) for b in out.blocks))
    totals = [c for c in out.blocks[0] if c in common and OWN_TOTAL.match(core(c))]
    if not totals:
        return
    out.blocks = [[c for c in b if c not in totals] for b in out.blocks]
    out.notes.append(f"每块都有“{totals[0]}”栏,是本块各类别之和:由程序计算,不作为要填写的类别(汇总表照样写出合计)")


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
