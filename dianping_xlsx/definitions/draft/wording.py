"""What the notice's text says: its title and number, when it was issued, the dates things are
due, where results go (an office, an e-mail address), the materials units send and the forms."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .document import squeeze
from .timing import Span, period_names, work_spans

DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（﹝【]\s*(\d{4})\s*[〕\]］)）﹞】]\s*(\d{1,4})\s*号")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
DUE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?=[^。;\uff1b]{0,3}?(?:前|之前|以前))")
# a list of dates due by one 前: 7月5日、次年1月10日前 (a date of the list may say 次年, a comma be full-width)
DATES = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日((?:[、,\uff0c和及与]\s*(?:\d{4}年|次年)?\d{1,2}月\d{1,2}日)*)(?:之|以)?前")
ONE_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
ISSUED = re.compile(r"^(?:.{0,30}?)((?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日)(?:印发)?$")
UP = re.compile(r"报(?:送|至|给)?\s*([\u4e00-\u9fff]{2,20}?(?:办公室|政治部|组织部|办|部|处|科|室|局|委))")
MATERIALS = ("工作总结", "工作小结", "自查报告", "总结报告", "情况报告", "典型材料", "经验材料", "总结", "小结")
KEPT_WORDS = ("台账", "花名册", "名单", "名册")
DOCUMENT = re.compile(r"([\u4e00-\u9fff]{2})(?:报告|总结|小结)")  # 述职报告: two words before
NOT_A_NAME = set("前后并及和向于将日的与或请汇上已须应")  # 于…前报告, 汇总后报告: 报告 is a verb
ADDRESSEES = re.compile(r"^各[^:\uff1a。;\uff1b]{1,80}[:\uff1a]")  # 各乡镇党委、县直各单位党组(党委):
SENT = re.compile(r"报送|上报|报至|报给|前")  # a sentence about what is sent, or by when
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}


@dataclass
class Wording:
    title: str = ""
    document: str = ""
    issued: dt.date | None = None
    # (month, day, the sentence); a date of the year after the work's (2028年1月20日 for 2027's work)
    # has month 13 and on, as 次年1月20日 has
    dues: list[tuple[int, int, str]] = field(default_factory=list)
    up: str = ""
    up_from: str = ""  # the sentence ``up`` was read from
    up_email: str = ""
    own_email: str = ""  # the mailbox units send to when the notice is the issuing office's own
    materials: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # titles of the evaluation forms
    year: int | None = None
    issued_from: str = ""  # where ``issued`` was read when not from the text (said in the draft)
    names: list[str] = field(default_factory=list)  # what the notice calls its collections (年中统计 …)
    names_from: str = ""  # the sentence they were read from
    names_in: str = ""  # else the table whose rounds they were taken from (附件1)
    works: list[Span] = field(default_factory=list)  # spans of work the text states, in order
    ledgers: list[str] = field(default_factory=list)  # titles of the 台账 the notice asks for
    ledgers_sent: str = ""  # the sentence asking units to send their 台账 along ("": kept only)
    work_year: int | None = None  # the year whose work is counted (统计2027年1月1日至…, 2027年度…)
    addressees: str = ""  # whom the notice is addressed to (各乡镇党委、县直各单位党组(党委):)


def read_wording(paragraphs: list[str]) -> Wording:
    lines = [squeeze(p) for p in paragraphs if squeeze(p)]
    text = "\n".join(lines)
    w = Wording(title=_title(lines), document=_number(lines))
    w.issued = _issued(lines)
    w.addressees = next((m[0] for line in lines[:12] if (m := ADDRESSEES.match(line))), "")
    w.year = w.issued.year if w.issued else (int(m[2]) if (m := DOC_NUMBER.search(w.document)) else None)
    w.works = work_spans(text)
    w.work_year = _work_year(w)
    w.dues = _dues(text, w.work_year)
    w.up, w.up_from = _up(text)
    w.up_email, w.own_email = _emails(text, w.up_from)
    w.materials = _materials(text)
    w.forms = list(dict.fromkeys(m for m in re.findall(r"《([^《》]{2,40}?评议表)》", text)))
    w.names, w.names_from = period_names(text)
    w.ledgers = list(dict.fromkeys(re.findall(r"(?:《|^\s*\d+\s*[.、.]\s*)([^《》\n]{2,40}?台账)", text, re.M)))
    w.ledgers_sent = asked_to_send(text, "台账")
    return w


def asked_to_send(text: str, word: str) -> str:
    """The first clause naming ``word`` that asks for it to be sent (随表报送), not that it need not be."""
    return next((x for x in re.split(r"[。;\uff1b,\uff0c\n]", text) if word in x and SENT.search(x)
                 and not re.search(r"[不无]需?报|不必报|不[用要]报", x)), "")


def kept_word(title: str) -> str:
    """What a kept table's title calls it (台账, 名单, 花名册), else the title."""
    return next((w for w in KEPT_WORDS if title.endswith(w)), title)


def _title(lines: list[str]) -> str:
    """The title: the first line near the top ending in 通知 (or 意见, 方案), with the one or
    two lines it continues when they start with 关于."""
    for i, line in enumerate(lines[:15]):
        if re.search(r"(通知|意见|方案)》?$", line) and len(line) <= 80:
            for back in (2, 1):
                if i >= back and lines[i - back].startswith("关于") and all(map(_continues, lines[i - back:i])):
                    return "".join(lines[i - back:i + 1])
            return line
    return ""


def _continues(line: str) -> bool:
    return len(line) <= 30 and not DOC_NUMBER.search(line) and not line.endswith(("文件", ":", ":"))


def _number(lines: list[str]) -> str:
    for line in lines[:10]:
        m = DOC_NUMBER.search(line)
        if m and len(line) <= 40:
            return f"{m[1]}〔{m[2]}〕{m[3]}号"
    m = DOC_NUMBER.search("".join(lines[:3]))
    return f"{m[1]}〔{m[2]}〕{m[3]}号" if m else ""


def _issued(lines: list[str]) -> dt.date | None:
    for line in lines:
        m = ISSUED.match(line)
        if m and len(line) <= 40:
            return _date(m[1])
    return None


def _date(text: str) -> dt.date | None:
    m = re.match(r"(.{4})年(.{1,3})月(.{1,3})日", text)
    try:
        return dt.date(_cn(m[1]), _cn(m[2]), _cn(m[3])) if m else None
    except ValueError:
        return None


def _cn(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(CN_DIGITS[c]) for c in text))


def _work_year(w: Wording) -> int | None:
    """The year of the work counted: the year a span of work is written with (统计2027年1月1日至
    2027年12月31日), else the title's (2027年度), else the notice's."""
    spans = [s.year for s in w.works if s.year]
    title = re.search(r"(?<!\d)(\d{4})年", w.title)
    return spans[0] if spans else int(title[1]) if title else w.year


def _dues(text: str, work_year: int | None = None) -> list[tuple[int, int, str]]:
    """Dates something is due by (…前), each with its sentence, in order; one written with a
    year after ``work_year`` (2028年1月20日 for 2027's work) is the next year's: month 13 and on."""
    out = []
    for sentence in re.split(r"[。;\uff1b\n]", text):
        for m in DATES.finditer(sentence):
            for d in ONE_DATE.finditer(m[0]):
                later = bool(d[1] and work_year and int(d[1]) > work_year)
                out.append((int(d[2]) + 12 * later, int(d[3]), sentence.strip()))
    return out


def _up(text: str) -> tuple[str, str]:
    """The office results go up to, and the sentence saying so."""
    for sentence in re.split(r"[。;\uff1b\n]", text):
        if re.search(r"前", sentence) and (m := UP.search(sentence)):
            return re.sub(r"(电子邮箱|邮箱)$", "", m[1]), sentence.strip()
    return "", ""


def _emails(text: str, up_from: str) -> tuple[str, str]:
    """(the mailbox the summary goes up to, the issuing office's own mailbox units send to). A
    mailbox in a sentence sending the summary up (汇总后报送…邮箱) is the one above; where the office
    above is read from such a sentence, the notice is the clerk's own and the mailbox units are to
    send to is the clerk's, never the one above; else units send to the office above: its mailbox."""
    ups, units = [], []
    for sentence in re.split(r"[。;\uff1b\n]", text):
        for email in EMAIL.findall(sentence):
            (ups if _summary_up(sentence) else units).append(email)
    if ups:
        return ups[0], ""
    if units and _summary_up(up_from):
        return "", units[0]
    return (units[0] if units else ""), ""


def _summary_up(sentence: str) -> bool:
    """The sentence sends the summary up (汇总后报送…, 汇总报…), not the units' tables."""
    return bool(re.search(r"汇总[^,\uff0c]{0,20}?(?:报|送)", sentence))


def _materials(text: str) -> list[str]:
    """The documents units send: the words known (工作总结 …), then any …报告, …总结, …小结 the
    sentence names (述职报告)."""
    found = []
    for sentence in re.split(r"[。;\uff1b\n]", text):
        if "报" in sentence and SENT.search(sentence):
            words = [*(w for w in MATERIALS if w in sentence), *(m[0] for m in DOCUMENT.finditer(sentence)
                                                                 if not set(m[1]) & NOT_A_NAME)]
            for word in words:
                if not any(word in f or f in word for f in found):
                    found.append(word)
    return found
