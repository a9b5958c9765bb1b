"""The draft written out as TOML a person reads: every value the loaders need, what was inferred
marked ``# 推断:``, what could not be read marked ``# 待补:``, in Chinese, where it applies."""

from __future__ import annotations

import datetime as dt
import json
import re

from .attachments import Found
from .infer import core, for_editor, groups_of, round_words, split_note, unit_of

HEAD = ("# 草稿:由 dianping definitions init 从“{source}”读出,请对照通知逐项核对后再用。\n"
        "# “# 推断:”是程序根据表中文字推断的,“# 待补:”是没有读出、需要补写或确认的。\n")
INSTRUCTIONS = [
    "本工作簿包含{tables},共{count}张统计表,每张都要填写;没有数据的表格也请保留。",
    "在每张表上方填写“{unit_label}”(单位全称)和“{date_label}”。",
    "只能在表格的数字格中填写不小于 0 的整数;没有的填 0 或留空。不要填写“人”“个”、小数或文字说明。",
    "{rules}",
    "请不要修改表格中的文字,不要增删行列或工作表;只有数字格可以填写。",
    "填好后保存为 .xlsx 文件报送;同一单位重复报送时,以填报时间最新的一份为准。",
]


# The rules a roster's names are compared by, general to any notice, as the shipped notices write
# theirs (hunan-2011, justice-2012): 中共 before and 党委/党组 after a name left out, 委员会 the same
# as 党委, a higher place written before a unit's own place left out, two places never one unit.
NAME_RULES = """# 比对名册的单位名称(起草时写好的通用规则,可按本地的写法修改):开头的“中共”、结尾的
# “党委”“党组”“党总支”“党支部”不论,“委员会”等同“党委”(中共某某局委员会 = 某某局党委);写在单位自己的
# 地名前面的省、市、县(区)不论(某某市某某区司法局 = 某某区司法局,某某县某某镇党委 = 某某镇党委);
# 名称开头的地名不同的两个单位(甲县教育局、乙县教育局)不会被当作同一单位。
[names]
prefixes = ["中共"]
county = "^(?:[^省市区县]{2,7}省)?(?:[^省市区县]{2,4}市)?(?:[^省市区县]{2,6}(?:县|区))?(?=[^省市区县]{2,6}(?:市|区|县|镇|乡|街道))"
suffixes = ["党委", "党组", "党总支", "党支部"]
equivalents = { "党委员会" = "党委", "委员会" = "党委" }
place = "^(?:中共)?((?:[^省市区县]{2,7}省)?(?:[^省市区县]{2,4}市)?(?:[^省市区县]{2,6}(?:县|区))?)(?<=[省市区县])"
"""


def q(value) -> str:
    """A TOML value: strings and lists as JSON writes them (valid TOML basic strings)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


TRADITIONAL = "# 通知是繁体字印的,已按简体字读出:本草稿中的标题、类别、行名和规则都写成简体字(单位报来的表格无论繁简都按简体比对)。\n"


def head(source: str, converted: bool = False) -> str:
    """The lines over a draft file: where it was read from, how to read its marks, and once, when
    the notice was printed in traditional characters, that it was read as simplified."""
    return HEAD.format(source=source) + (TRADITIONAL if converted else "")


GUESS = "推断"
TABLE_HEAD = re.compile(r"^# (\S+?):读自")  # the line over a table: # 附件1:读自文中第 1 个表格


def comment(kind: str, text: str) -> str:
    return f"# {kind}:{text}\n"


def marked(text: str, kind: str) -> list[str]:
    """The ``# 推断:`` (or ``# 待补:``) comments of a written draft, each with the table and the row
    it is said of (附件1:“党组织书记数(人)”:base = true(总数行…)), for a page to list; a sum's
    comment is left out (the table's own comment says it with its parts)."""
    return [(f"{table}:" if table else "") + (beside(f"{of}{code}", said) if code else said)
            for table, of, code, said in entries(text, kind)]


def beside(code: str, said: str) -> str:
    """A key and the comment beside it: the comment's words in brackets, what to write in the file
    after them (for_editor), so the note still splits into the two (split_note)."""
    words, how = split_note(said)
    return f"{code}({words})" + (for_editor("", how) if how else "")


def entries(text: str, kind: str) -> list[tuple[str, str, str, str]]:
    """(table, “row”: or "", the key and value a comment is written beside or "", the comment) of
    each such comment, as marked() lists them."""
    out, table, row = [], "", ""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if m := TABLE_HEAD.match(line):
            table, row = m[1], ""
        elif line.startswith("[["):
            row = ""
        elif m := re.match(r'^(?:metric|name) = "(.*)"', line):
            row = m[1]
        if line.startswith(f"# {kind}:"):
            section = next((x for x in lines[n + 1:] if not x.startswith("#")), "")
            if section.startswith("[[tables.sums]]"):
                continue
            where = _rule_table(lines[n + 1:]) if section.startswith("[[rules]]") else table
            out.append((where, "", "", line[len(kind) + 3:]))
        elif f"# {kind}:" in line and not line.startswith("#"):
            code, _, said = line.partition(f"# {kind}:")
            of = f"“{row}”:" if row and not code.startswith(("metric", "name")) else ""
            out.append((table, of, code.strip(), said))
    return out


def _rule_table(lines: list[str]) -> str:
    """The first table a rule is of (tables = ["附件1"])."""
    for line in lines[1:]:
        if line.startswith("[["):
            return ""
        if m := re.match(r'^tables = \["([^"]+)"', line):
            return m[1]
    return ""


def table_set_text(ts_id: str, header: str, found: list[Found], fields: dict, gaps: list[str],
                   collections: list[str] = ("上半年", "下半年")) -> str:
    """The table set's TOML; ``collections``: the names of the notice's two periods (H1, H2)."""
    out = [header]
    out += [comment("待补", g) for g in gaps]
    for key, value in fields.items():
        if key.startswith("#"):
            out.append(value)
        else:
            out.append(f"{key} = {q(value)}\n")
    out.append("instructions = [\n" + "".join(f"  {q(x)},\n" for x in _instructions(found, collections)) + "]\n")
    titles = [f.title for f in found if f.title]
    words = list(dict.fromkeys([*titles, "统计表", "汇总表", "附件", "更正", "修改", "最新", "定稿", "填报", "报送"]))
    out.append(f"\n{NAME_RULES}title_words = {q(['统计表', '评议表', '汇总表', '台账'])}\ndocument_words = {q(words)}\n")
    out += [_rounds(found, list(collections))]
    out += [_table(f, fields["header_label"]) for f in found]
    out += [_rules(f) for f in found]
    return "".join(out)


def _instructions(found: list[Found], collections) -> list[str]:
    """The 填表说明 lines; with rounds, which round each collection's figures go in."""
    if not any(m.rounds for f in found for m in f.table.metrics):
        return INSTRUCTIONS
    if len(collections) < 2:
        rounds = "分轮次的行:“{rounds}”各栏在本期一并填写。"
    else:
        rounds = f"分轮次的行:{collections[0]}的数字填入“{{first_round}}”栏,{collections[1]}的数字填入“{{last_round}}”栏。"
    return [*INSTRUCTIONS[:3], rounds, *INSTRUCTIONS[3:]]


def _rounds(found: list[Found], collections: list[str]) -> str:
    """The rounds, each in the period it is named after (年中 in 年中统计), else the first in H1 and
    the others in H2."""
    labels = list(dict.fromkeys(r for f in found for m in f.table.metrics for r in m.rounds))
    if not labels:
        return ""
    halves = [_half_of(label, n, collections) for n, label in enumerate(labels)]
    said = (",".join(f"“{label}”在{collections[int(h[1]) - 1]}({h})填报" for label, h in zip(labels, halves))
            if len(collections) > 1 else "通知只有一期,各轮次都在这一期(H1)一并填报")
    out = ["\n" + comment("推断", f"表中有分轮次的行({'、'.join(labels)}):{said}")]
    if len(labels) > 2:
        out.append(comment("待补", f"轮次有 {len(labels)} 个,本工具每期一轮、只有 H1 和 H2 两期,请确认"))
    for label, half in zip(labels, halves):
        out.append(f"[[rounds]]\nlabel = {q(label)}\nhalf = {q(half)}\n\n")
    return "".join(out)


def _half_of(label: str, n: int, collections: list[str]) -> str:
    named = [i for i, name in enumerate(collections) if label in round_words([name])]
    return f"H{named[0] + 1}" if named else ("H1" if n == 0 or len(collections) < 2 else "H2")


def _table(f: Found, header_label: str) -> str:
    t = f.table
    out = [f"\n# {f.key}:读自{f.where}\n"]
    out += [comment("推断", n) for n in t.notes]
    out += [comment("待补", g) for g in t.gaps]
    if not f.title:
        out.append(comment("待补", f"{f.where}上方没有找到表格标题,暂用“{f.key}”"))
    out.append(f"[[tables]]\nkey = {q(f.key)}\ntitle = {q(f.title or f.key)}\n")
    if t.header and t.header != header_label:
        out.append(f"header = {q(t.header)}\n")
    out.append("blocks = [\n" + "".join(f"  {q(b)},\n" for b in t.blocks) + "]\n")
    groups = groups_of(t)
    if groups:
        out.append("groups = [\n" + "".join(f"  {q([list(g) for g in b])},\n" for b in groups) + "]\n")
    names = parallel_blocks(t.blocks)
    if names:
        out.append(comment("推断", "各块的类别一一对应(如“…书记”与“…委员”),是同一批单位的不同人员,同一个人可能"
                           "在几块中都统计:汇总时各块分别合计,不相加"))
        out.append(f"separate_blocks = true\nblock_names = {q(names)}\n")
    if f.notes:
        out.append("notes = [\n" + "".join(f"  {q(n)},\n" for n in f.notes) + "]\n")
    bases = [m.label for m in t.metrics if m.base]
    for m, rate in zip(t.metrics, rate_names(t.metrics, bases)):
        out.append(_row(m, rate))
    for total, parts, at_least in t.sums:
        said = f"“{total}”还含其他,不小于各项之和" if at_least else f"“{total}”等于各项之和"
        out.append(f"\n{comment('推断', said)}[[tables.sums]]\ntotal = {q(total)}\nparts = {q(parts)}\n"
                   + ("at_least = true\n" if at_least else ""))
    return "".join(out)


def rate_name(m, bases: list[str]) -> str:
    """The coverage rate a row is counted as, inferred from its label and its base row's: a row
    ending as the base ends (参加评议人数 / 全部人数, 已被评议单位数 / 单位数; units of measure aside)
    covers it, and is named by what it adds (评议覆盖率); "" for a base row or a row of other things
    (其中:…)."""
    base = core(m.of or (bases[0] if bases else ""))
    label = core(m.label)
    if m.base or len(base) < 2 or not label.endswith(base[-2:]) or label.startswith("其中"):
        return ""
    shared = next(n for n in range(len(base), 1, -1) if label.endswith(base[-n:]))
    what = label[:-shared]
    for lead in ("已被", "已开展", "已", "参加", "被"):
        if what.startswith(lead) and len(what) > len(lead):
            what = what[len(lead):]
            break
    return f"{what}覆盖率"


def rate_names(metrics, bases: list[str]) -> list[str]:
    """Each row's rate name; two rows of one table with the same name are told apart by their base."""
    names = [m.rate or rate_name(m, bases) for m in metrics]
    twice = {n for n in names if n and names.count(n) > 1}
    return [f"{n}({core(m.of or bases[0])})" if n in twice else n for n, m in zip(names, metrics)]


def _row(m, rate: str = "") -> str:
    out = ["\n[[tables.rows]]\n", f"metric = {q(m.label)}"]
    unit = unit_of(m.label)
    out.append(f"  # 单位:{unit},只填整数\n" if unit else "\n")
    if m.base:
        out.append(f"base = true  # 待补:{m.unsure}\n" if m.unsure else "base = true  # 推断:总数行(覆盖率的分母)\n")
    if m.rounds:
        out.append(f"rounds = true  # 分{'、'.join(m.rounds)}填写\n")
    if m.of:
        out.append(f"of = {q(m.of)}\n")
    if rate:
        out.append(f"rate = {q(rate)}  # 推断:对总数行的比率,汇总表中显示\n")
    return "".join(out)


def distinct_le(le: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """One rule per check: the same part within the same whole read twice (a rate's note and the
    row's name) is one rule, its reasons joined."""
    whys: dict[tuple[str, str], list[str]] = {}
    for part, whole, why in le:
        said = whys.setdefault((part, whole), [])
        if why not in said:
            said.append(why)
    return [(part, whole, _joined(said)) for (part, whole), said in whys.items()]


def _joined(whys: list[str]) -> str:
    """Reasons said alike joined in one bracket (“甲”不超过“乙”(x;y)), else one after another."""
    heads = {w.rpartition("(")[0] for w in whys}
    if len(whys) > 1 and len(heads) == 1 and all(w.endswith(")") and "(" in w for w in whys):
        return f"{heads.pop()}({';'.join(w.rpartition('(')[2][:-1] for w in whys)})"
    return ";".join(whys)


def _rules(f: Found) -> str:
    out = []
    for n, (part, whole, why) in enumerate(distinct_le(f.table.le), start=1):
        message = f"“{{category}}”的{part}{{round_text}}为 {{lhs}},超过了{whole} {{rhs}}。请核对后修改。"
        out.append(f"\n{comment('推断', why)}[[rules]]\nid = {q(f'{f.key}-le-{n}')}\n"
                   f"title = {q(f'{part}不超过{whole}')}\nseverity = \"error\"\ncode = \"rule.exceeds\"\n"
                   f"tables = {q([f.key])}\ncheck = {q(f'{part} <= {whole}')}\nmessage = {q(message)}\n")
    return "".join(out)


def parallel_blocks(blocks: list[list[str]]) -> list[str]:
    """Names for blocks that list the same units' different people (甲局书记 … / 甲局委员 …: the
    i-th categories of every block begin alike and end differently), else [] (blocks that only
    split a long list of categories, 甲类 … / 乙类 …, are added together)."""
    if len(blocks) < 2 or len({len(b) for b in blocks}) != 1:
        return []
    rows = list(zip(*blocks))
    if not all(_common(row) >= 2 and len(set(row)) == len(row) for row in rows):
        return []
    names = []
    for block in blocks:
        ends = [c[_common(row):] for c, row in zip(block, rows)]
        names.append(_block_name(ends) or block[0])
    return names if len(set(names)) == len(names) else [f"第{n}块" for n in range(1, len(blocks) + 1)]


def _block_name(ends: list[str]) -> str:
    """A block named in the notice's own words: the different endings of its categories (常委,
    领导班子成员 → 常委、领导班子成员), an ending that ends with another left out (党委领导班子成员);
    the shortest when there are more than three."""
    words = [e for e in dict.fromkeys(ends) if e and not any(o != e and e.endswith(o) for o in ends if o)]
    return "、".join(words) if len(words) <= 3 else min((e for e in ends if e), key=len, default="")


def _common(texts) -> int:
    """How many leading characters the texts share."""
    n = 0
    while all(len(t) > n for t in texts) and len({t[n] for t in texts}) == 1:
        n += 1
    return n
