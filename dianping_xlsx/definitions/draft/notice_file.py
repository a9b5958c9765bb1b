"""The notice definition itself: name, number, date, periods and due dates, where results go,
the materials asked for, the forms named; each guess marked ``# 推断:``, each gap ``# 待补:``."""

from __future__ import annotations

import re

from .render import HEAD, comment, q
from .wording import Wording

ACTIVITY = re.compile(r"(领导点评和群众评议|领导点评与群众评议|群众评议|领导点评|民主评议|民主测评|考核|评议|统计)")


def notice_text(notice_id: str, tables_file: str, source: str, w: Wording, halves: int,
                forms: list[str]) -> str:
    out = [HEAD.format(source=source), f"id = {q(notice_id)}\n"]
    if w.title:
        out.append(f"name = {q(w.title)}\n")
    else:
        out += [comment("待补", "没有读出通知的标题"), f"name = {q(notice_id)}\n"]
    out.append(f"document = {q(w.document)}\n" if w.document else comment("待补", "没有读出发文字号") + 'document = ""\n')
    out.append(f"issued = {w.issued.isoformat()}\n" if w.issued else comment("待补", "没有读出发文日期"))
    out.append(f"tables = {q(tables_file)}\n")
    out.append(_forms(forms))
    out.append('ledgers = ""  # 待补:通知要求台账时,写台账定义(如 "hunan-2011")\n')
    out.append(_up(w))
    out.append(_periods(w, halves))
    out.append(_materials(w))
    return "".join(out)


def _forms(forms: list[str]) -> str:
    if not forms:
        return 'forms = ""\n'
    return (comment("待补", f"通知有评议表({'、'.join(forms)}),本程序还不能起草评议表定义;"
                    "需要汇总评议表时写一个评议表定义(见 docs/通知定义.md)或自带的名称,如 \"hunan-2011\"")
            + 'forms = ""\n')


def _up(w: Wording) -> str:
    out = []
    if w.up:
        out.append(comment("推断", "由“报送…”一句读出") + f"up = {q(w.up)}\n")
    if w.up_email:
        out.append(f"up_email = {q(w.up_email)}\n")
    else:
        out.append(comment("待补", "通知中没有电子邮箱地址"))
    return "".join(out)


def _periods(w: Wording, halves: int) -> str:
    reported = [(m, d, s) for m, d, s in w.dues if "报" in s]
    by_half: dict[str, list[tuple[int, int, str]]] = {}
    for m, d, s in reported:
        by_half.setdefault("H1" if m <= 6 else "H2", []).append((m, d, s))
    if halves == 2 or len(by_half) == 2:
        specs = [("H1", "上半年", by_half.get("H1"), (6, 30)), ("H2", "下半年", by_half.get("H2"), (12, 30))]
    else:
        found = next(iter(by_half.values()), None)
        specs = [("H1", _activity(w.title), found, None)]
    return "".join(_period(*spec, w) for spec in specs)


def _activity(title: str) -> str:
    m = ACTIVITY.search(title or "")
    return m[1] if m else "本次报送"


def _period(code: str, name: str, dues, default, w: Wording) -> str:
    out = ["\n"]
    if not dues:
        fallback = default or (12, 31)
        out.append(comment("待补", f"通知中没有读出{name}的报送截止日期,暂写 {fallback[0]}月{fallback[1]}日"))
        dues = [(*fallback, "")]
    else:
        out.append(comment("推断", f"截止日期读自:“{_short(dues[-1][2])}”"))
    dates = sorted({(m, d) for m, d, _ in dues})
    due = dates[-1]
    out.append(f"[[periods]]\ncode = {q(code)}\nname = {q(name)}\ndue = {q(f'{due[0]:02d}-{due[1]:02d}')}\n")
    if len(dates) > 1:
        first = dates[0]
        out.append(f"unit_due = {q(f'{first[0]:02d}-{first[1]:02d}')}  # 推断:较早的日期是各单位报送的截止日期\n")
    work = _work(w, due)
    if work:
        out.append(f"work = {q(work)}  # 推断:读自通知中的“…起至…”\n")
    return "".join(out)


def _work(w: Wording, due: tuple[int, int]) -> list[str] | None:
    text = " ".join(s for _, _, s in w.dues)
    m = re.search(r"(\d{1,2})月(初|上旬|\d{1,2}日)起?至(?:\d{4}年)?(\d{1,2})月(\d{1,2})日", text)
    if not m:
        return None
    start_day = int(m[2][:-1]) if m[2].endswith("日") else 1
    end = (int(m[3]), int(m[4]))
    if end > due:
        return None
    return [f"{int(m[1]):02d}-{start_day:02d}", f"{end[0]:02d}-{end[1]:02d}"]


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def _materials(w: Wording) -> str:
    out = ['\n[[materials]]\nname = "统计表"\nkind = "tables"\n']
    for name in w.materials:
        words = ["总结"] if name.endswith("总结") else [name]
        out.append(f"\n{comment('推断', f'通知要求报送{name}')}[[materials]]\nname = {q(name)}\n"
                   f"kind = \"document\"\nwords = {q(words)}\n")
    return "".join(out)
