"""The notice definition itself: name, number, date, periods and due dates, where results go,
the materials asked for, the forms named; each guess marked ``# 推断:``, each gap ``# 待补:``."""

from __future__ import annotations

import re

from .infer import for_editor
from .render import comment, q
from .timing import by_half, two_collections
from .wording import Wording, kept_word

UP_GAP = for_editor("通知中没有读出汇总结果报送给哪个上级单位(通常是“某月某日前报送……”一句):请按通知补写上级单位的名称",
                    '上级单位写在 up,如 up = "市委某某办"')
ACTIVITY = re.compile(r"(领导点评和群众评议|领导点评与群众评议|群众评议|领导点评|民主评议|民主测评|考核|评议|统计)")


def notice_text(notice_id: str, tables_file: str, header: str, w: Wording, halves: int,
                forms: list[str], ledgers: list[tuple[str, list[str]]], tables_name: str = "") -> str:
    """The notice definition; ``ledgers``: the 台账 the notice asks for, each with its columns where
    its table was read; ``tables_name``: what its tables are called, the notice's name where its
    title was not read (a name people read, never the id)."""
    out = [header, f"id = {q(notice_id)}\n"]
    if w.title:
        out.append(f"name = {q(w.title)}\n")
    else:
        name = tables_name.replace("{year}年", "").strip() or "新通知"
        said = for_editor(f"没有读出通知的标题,名称暂用统计表的名称“{name}”", "改为通知的标题,写在 name")
        out += [comment("待补", said), f"name = {q(name)}\n"]
    out.append(f"document = {q(w.document)}\n" if w.document else comment("待补", "没有读出发文字号") + 'document = ""\n')
    out.append(f"issued = {w.issued.isoformat()}\n" if w.issued else comment("待补", "没有读出发文日期"))
    out.append(f"tables = {q(tables_file)}\n")
    out.append(_forms(forms))
    out.append(_ledgers(ledgers))
    out.append(_up(w))
    out.append(_documents(w))
    out.append(_periods(w, halves))
    out.append(_materials(w))
    out.append(_kept_ledgers(ledgers))
    return "".join(out)


def _documents(w: Wording) -> str:
    """No documents written for a new notice until it has its own words: said as a gap, with what
    to write from this notice (its title, addressees and number), never another notice's set."""
    said = ("新通知还没有自己的文书定义,汇总后不写情况通报、公示和评先评优(汇总表和上报文件照常写出)。"
            "要写情况通报时写一个文书定义文件")
    mine = [f"notice_title 写本通知的标题“{w.title}”" if w.title else "notice_title 写本通知的标题",
            f"[circular] 的 recipients 写本通知的抬头“{w.addressees}”" if w.addressees else "[circular] 的 recipients 写本通知的抬头",
            f"依据一句引用发文字号“{w.document}”" if w.document else "依据一句引用本通知的发文字号"]
    how = ("照 docs/通知定义.md 的“情况通报等文书的用语”写文书定义文件:" + "、".join(mine)
           + ",每一句都用本通知的说法,不要照抄其他通知(如自带通知)的文书定义;"
             "再把它的文件名写在这里,如 documents = \"文书.toml\"")
    return comment("待补", for_editor(said, how)) + 'documents = ""\n'


def forms_gap(forms: list[str]) -> str:
    """The gap written over ``forms`` when the notice has evaluation forms (both faces say the forms
    on their own, apart from the other gaps)."""
    return (f"通知有评议表({'、'.join(forms)}),本程序还不能起草评议表定义。要汇总评议表时,"
            "照 docs/通知定义.md 的“评议表定义文件的键”写一个评议表定义文件:评议选项(通知表中打“√”的各栏)、"
            "算作满意的选项,对党组织的评议表(org)和对党员的评议表(member)各自的附件编号、标题和评议项目,"
            "评议汇总表(tally);再把它的文件名写在这里,如 forms = \"评议表.toml\"。评议表只留存备查、不汇总时留空")


def _forms(forms: list[str]) -> str:
    if not forms:
        return 'forms = ""\n'
    return comment("待补", forms_gap(forms)) + 'forms = ""\n'


def _ledgers(ledgers: list[tuple[str, list[str], str]]) -> str:
    """ledgers: none unless the notice asks for a 台账; then what to write, said as a gap."""
    if not ledgers:
        return 'ledgers = ""\n'
    heads = next((h for _, h, _ in ledgers if h), [])
    columns = f"(通知中的列:{'、'.join(heads)})" if heads else ""
    said = (f"通知要求台账({'、'.join(t for t, _, _ in ledgers)}),本程序还不能起草台账定义:"
            "各单位报来的台账按报送材料收下,不检查、不汇总")
    how = ("要检查、汇总台账时,照 docs/通知定义.md 的“台账定义文件的键”写一个台账定义文件:台账的标题,每一列的名称"
           f"{columns}和类型(text 文字、date 日期、choice 选项、number 数字),完成情况写在哪一列;"
           "再把它的文件名写在这里,如 ledgers = \"台账.toml\"。台账只留存备查、不汇总时留空:"
           "各单位报来的台账按 materials 中 kind = \"ledger\" 的一项收下")
    return comment("待补", for_editor(said, how)) + 'ledgers = ""\n'


def _up(w: Wording) -> str:
    out = []
    if w.up:
        out.append(comment("推断", f"上级单位:{w.up}(由“{_short(w.up_from)}”一句读出)") + f"up = {q(w.up)}\n")
    else:
        out.append(comment("待补", UP_GAP) + 'up = ""\n')
    if w.up_email:
        out.append(f"up_email = {q(w.up_email)}\n")
    elif w.own_email:
        out.append(comment("待补", for_editor(
            f"通知中的邮箱 {w.own_email} 是各单位报送统计表的邮箱(本单位收表用),不是上级的邮箱;通知中没有写上级"
            f"{w.up}的邮箱,请向上级问清后补写", "在这里写 up_email = \"上级的邮箱\"")))
    else:
        out.append(comment("待补", "通知中没有电子邮箱地址"))
    return "".join(out)


def _by_half(w: Wording) -> dict[str, list[tuple[int, int, str]]]:
    """The dates things are reported by, in the collection each is for (timing.by_half)."""
    # a date said as 次年1月15日 is kept as month 13: after December, of the later period
    reported = [(m + 12 if re.search(rf"次年\s*{m}\s*月\s*{d}\s*日", s) else m, d, s) for m, d, s in w.dues if "报" in s]
    return by_half(reported, w.names)


def _two(w: Wording, halves: int) -> bool:
    """Two periods: a table prints two rounds, the dates are two collections', or the text gives two
    collections their own spans of work (a missing due date then said as a gap)."""
    return halves == 2 or len(_by_half(w)) == 2 or two_collections(w.names, w.works)


def collection_names(w: Wording, halves: int) -> list[str]:
    """The names the draft gives the notice's periods (H1, H2; or H1 alone)."""
    if _two(w, halves):
        return _two_names(w)[0]
    return [_activity(w.title)]


def _periods(w: Wording, halves: int) -> str:
    by_half = _by_half(w)
    if _two(w, halves):
        names, said = _two_names(w)
        specs = [("H1", names[0], by_half.get("H1"), (6, 30)), ("H2", names[1], by_half.get("H2"), (12, 30))]
    else:
        found = next(iter(by_half.values()), None)
        name = _activity(w.title)
        specs, said = [("H1", name, found, None)], comment("推断", for_editor(f"期次的叫法“{name}”取自通知标题,请按通知核对", "期次的叫法是 name"))
    return "".join(_period(*spec, w, n, len(specs), said) for n, spec in enumerate(specs))


def _two_names(w: Wording) -> tuple[list[str], str]:
    """The two collections' names as the notice calls them, with the comment saying so; 上半年 and
    下半年, marked as a guess, when it names none or more than two."""
    if len(w.names) == 2 and w.names_in:
        return w.names, comment("推断", f"正文中没有读出两次报送的叫法,期次的叫法取自{w.names_in}表头的轮次"
                                        f"(“{w.names[0]}”“{w.names[1]}”):请按通知核对")
    if len(w.names) == 2:
        return w.names, comment("推断", f"期次的叫法读自:“{_short(w.names_from)}”")
    if len(w.names) > 2:
        return ["上半年", "下半年"], comment("待补", f"通知分 {len(w.names)} 次报送({'、'.join(w.names)}),本工具一年最多两期"
                                                    "(H1、H2),暂写“上半年”“下半年”:请按通知改 name,或每两次写一个通知定义")
    return ["上半年", "下半年"], comment("推断", for_editor("通知中没有读出两次报送的叫法(如“年中统计”“年终统计”),"
                                                          "暂写“上半年”“下半年”:请按通知修改", "期次的叫法是 name"))


def _activity(title: str) -> str:
    m = ACTIVITY.search(title or "")
    return m[1] if m else "本次报送"


def _period(code: str, name: str, dues, default, w: Wording, n: int, count: int, said: str) -> str:
    out = ["\n", said]
    if not dues:
        fallback = default or (12, 31)
        out.append(comment("待补", f"通知中没有读出{name}的报送截止日期,暂写 {fallback[0]}月{fallback[1]}日"))
        dues = [(*fallback, "")]
    else:
        out.append(comment("推断", f"截止日期读自:“{_short(dues[-1][2])}”"))
        if w.work_year and any(m > 12 and "次年" not in s for m, _, s in dues):
            out.append(comment("推断", f"统计的是{w.work_year}年的工作,通知中{w.work_year + 1}年的日期写作“次年…”"))
    dates = sorted({(m, d) for m, d, _ in dues})
    due = dates[-1]
    out.append(f"[[periods]]\ncode = {q(code)}\nname = {q(name)}\ndue = {q(_md(due))}\n")
    if len(dates) > 1:
        out.append(f"unit_due = {q(_md(dates[0]))}  # 推断:较早的日期是各单位报送的截止日期\n")
    span = _work(w, name, n, count, due)
    if span:
        out.append(f"work = {q([_md(span.start), _md(span.end)])}  # 推断:这一期统计的工作时段,读自“{_short(span.clause)}”\n")
    return "".join(out)


def _work(w: Wording, name: str, n: int, count: int, due: tuple[int, int]):
    """The span of work the text gives this period: the one said with its name, else the n-th
    when the text gives one a period; None when it ends after the due date."""
    named = [s for s in w.works if s.of(name)]
    span = named[0] if named else (w.works[n] if len(w.works) == count else None)
    if span is None or (span.end > due and due >= span.start):
        return None
    return span


def _md(day: tuple[int, int]) -> str:
    """A month-day as a definition writes it; month 13 and on are the next year's (次年01-15)."""
    return f"次年{day[0] - 12:02d}-{day[1]:02d}" if day[0] > 12 else f"{day[0]:02d}-{day[1]:02d}"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _materials(w: Wording) -> str:
    out = ['\n[[materials]]\nname = "统计表"\nkind = "tables"\n']
    for name in w.materials:
        words = [name[-2:]] if name.endswith(("总结", "小结")) else [name]
        out.append(f"\n{comment('推断', f'通知要求报送{name}')}[[materials]]\nname = {q(name)}\n"
                   f"kind = \"document\"\nwords = {q(words)}\n")
    return "".join(out)


def _kept_ledgers(ledgers: list[tuple[str, list[str], str]]) -> str:
    """Each 台账 (or list of persons) the notice asks for, as a material kept while ``ledgers`` is
    empty: known by its title, sheet name, columns or file name; required when the text or its
    note asks units to send it along."""
    out = []
    for called, heads, sent in ledgers:
        title = called.split(" ")[-1]
        word = kept_word(title)
        why = f"读自“{_short(sent)}”" if sent else for_editor(f"通知没有说要报送{word},缺少时不提醒", "要报送时改为 true")
        said = for_editor(f"各单位的{title}留存备查:报来的{word}按标题、工作表名称、列名或文件名认出,"
                          "列入报送情况,不汇总、不退回", "ledgers 留空时如此;要检查、汇总时写台账定义")
        out.append(f"\n{comment('推断', said)}[[materials]]\nname = {q(title)}\nkind = \"ledger\"\n"
                   f"words = {q([word] if len(ledgers) == 1 else [title])}\n"
                   + (f"columns = {q(heads)}\n" if heads else "")
                   + f"required = {'true' if sent else 'false'}  # 推断:{why}\n")
    return "".join(out)
