"""Which unit a file is from when it does not say (no 填报单位 line): its title row
("平口镇党委领导点评全程记实台账" -> 平口镇党委), else its file name with the words of documents
taken out ("公开承诺台账_小淹镇党委(更正).xlsx" -> 小淹镇党委). The words are data (the table
set's ``[names]``); what is left is a guess, said so in a warning, and with a roster confirmed
only by a roster name it contains.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import PurePosixPath

from ..definitions.tables import NameRules
from ..model import Submission
from ..text import a1, clean_text, normalise

TITLE_ROWS = 4  # a title stands in a sheet's first rows …
TITLE_LENGTH = 40  # … is short, and is no sentence nor a label (填表说明:…, 1.在每张表上方填写……。)
_SENTENCE = re.compile(r"[:\uff1a。;\uff1b]")
# Digits that are no part of a unit's name: a date (2011-06-20, 2011年6月20日, 6月20日), a year
# (2011, 2011年度, 2011-H1), a version mark (v2, V1.2, 第2版). Digits inside a name stay
# (梅城镇第12村党支部, 安化1中党委, com1); at a part's end after a Chinese character (梅城镇党委2)
# and zero-padded or long at its start (01梅城镇党委, 20110620梅城镇党委) they are a counter or a date.
_NOT_NAME_DIGITS = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s*[-./年]\s*\d{1,2}(?:\s*[-./月]\s*\d{1,2}\s*[日号]?)?(?!\d)"
    r"|(?<!\d)(?:19|20)\d\d(?:\s*[-_]?\s*[Hh][12]|\s*年度|\s*年)?(?!\d)"
    r"|(?<!\d)\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
    r"|(?<![A-Za-z])[Vv]\s*\d+(?:\.\d+)*(?![\d.])"
    r"|第\s*[0-9一二三四五六七八九十]+\s*[版稿]"
)
_COUNTER_ENDS = re.compile(r"(?<=[^\x00-\x7f])\d+$|^(?:0\d*|\d{4,})(?=[^\x00-\x7f])")
_SEPARATORS = re.compile(r"[-_—–·.,、()\[\]{}<>《》“”\"':\uff1a;\uff1b!?~～#&+=/\\|*]+")


# The names an office suite or Windows gives a new workbook or a copy (新建 Microsoft Excel 工作表.xlsx,
# Book1.xlsx, 工作簿1.xlsx, X - Copy.xlsx), a template's and a return file's (X_审核意见.xlsx, sent back
# corrected): the words of no unit's name, whatever the notice
OFFICE_WORDS = ("新建MicrosoftOfficeExcel工作表", "新建MicrosoftExcel工作表", "新建XLSX工作表", "新建XLS工作表",
                "新建Excel工作表", "MicrosoftExcel工作表", "工作簿", "Book", "Copy", "模板", "审核意见")


class DocumentNamer:
    """Reads a unit's name out of a title or a file name. ``cut``: the text is a kept ledger's, whose
    own title words the notice may not know (东坪镇党委领导点评台账 of a notice without that ledger):
    a part holding a unit's ending (the table set's ``suffixes``: 党委, 党组 …) ends there, and such
    a part is the name before any longer part that holds none (梅城镇党委_上半年领导点评台账)."""

    def __init__(self, rules: NameRules, cut: bool = False):
        words = sorted({normalise(w) for w in (*rules.document_words, *OFFICE_WORDS) if w}, key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
        self._titles = tuple(normalise(w) for w in rules.title_words if w)
        ends = sorted({normalise(w) for w in rules.suffixes if w}, key=len, reverse=True) if cut else ()
        self._ends = re.compile("|".join(map(re.escape, ends))) if ends else None

    def strip(self, text: str) -> str:
        """What is left of a title or file name without the words of documents, dates, years,
        version and copy marks and separators (digits inside a name stay: 梅城镇第12村党支部): the
        longest remaining part ("" when nothing of two characters is left)."""
        left = normalise(text)
        left = self._words.sub("|", left)
        left = _NOT_NAME_DIGITS.sub("|", left)
        parts = [_COUNTER_ENDS.sub("", p) for p in _SEPARATORS.split(left)]
        parts = [p for p in parts if len(p) >= 2 and not _NOT_A_NAME.fullmatch(p)]
        if self._ends is not None:
            parts = self._ended(parts)
        return clean_text(max(parts, key=len)) if parts else ""

    def _ended(self, parts: list[str]) -> list[str]:
        """The parts that hold a unit's ending, each cut after its last one (a part that is the
        ending alone names no unit); the parts as they are when none does."""
        ended = []
        for part in parts:
            last = None
            for last in self._ends.finditer(part):
                pass
            if last is not None and last.start() > 0:
                ended.append(part[:last.end()])
        return ended or parts

    def from_title(self, grids) -> tuple[str, str, str] | None:
        """(sheet, cell, name) from the first title row that names a unit, or None."""
        for grid in grids:
            for r, c, text in grid.texts:
                if r >= TITLE_ROWS:
                    break
                if title_like(text) and any(w in text for w in self._titles):
                    name = self.strip(text)
                    if name:
                        return grid.name, a1(r, c), name
        return None


# Folders a file passes through on its way, never a unit's: what QQ, WeChat, TIM, DingTalk and a
# browser save into, a desktop, a new folder, a date ("2011-06", "6月报表" is refused by strip)
_TRANSFER_FOLDER = re.compile(r"(?i)^\s*(?:qq|tim|微信|wechat|weixin|钉钉|dingtalk|企业微信|wxwork|file|msgattach|"
                              r"download|下载|桌面|desktop|新建文件夹|new folder|收件箱|inbox|附件|attachment|"
                              r"我的文档|documents|temp|tmp|邮件|mail|\d)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# what mail intake puts before an attachment's name (intake/store.py: received MMDD-HHMM, the sender):
# the sender's display name is what the sender says of itself, never a unit's name for its file
# (an unsigned 统计表.xlsx from a private address shown as 梅城镇党委 replaced the unit's own report)
MAIL_SAVED = re.compile(r"^(?:\d{4}-\d{4}|无日期)_[^_]*_")


def name_by_path(sub: Submission, names: DocumentNamer) -> tuple[str, dict]:
    """No 填报单位 nor title: the unit as the file's name says, else as the name of a folder of the
    inbox it lies in, nearest first (烟溪镇党委/统计表.xlsx). A name of generic words alone and no
    folder that names one (统计表.xlsx, Book1.xlsx): the unit is unknown, never a unit called 统计表.
    Sets ``sub``'s unit; returns the problem that says how (its code and params)."""
    guess = names.strip(MAIL_SAVED.sub("", sub.path.stem, count=1))
    if guess:
        sub.name_after_file(guess)
        return "unit.from-filename", {"unit": guess}
    for folder in reversed(PurePosixPath(sub.name).parts[:-1]):
        guess = "" if _TRANSFER_FOLDER.match(folder) else names.strip(folder)
        if guess and _HAN.search(guess):  # a unit's name is Chinese: File, Downloads, wxid_… name none
            sub.unit, sub.unit_guessed = guess, True
            return "unit.from-folder", {"unit": guess, "folder": folder}
    sub.name_unknown()
    return "unit.unnamed", {"file_name": PurePosixPath(sub.name).name}


def title_like(text: str) -> bool:
    """A short text that is no sentence nor a label: what a title looks like."""
    return len(text) <= TITLE_LENGTH and not _SENTENCE.search(text)


@lru_cache(maxsize=8)
def namer(rules: NameRules, cut: bool = False) -> DocumentNamer:
    return DocumentNamer(rules, cut)


# What a 填报单位 that is no name is made of: digits (Chinese too), the words of a date, separators.
_DATE_WORDS = re.compile(r"[0-9〇○零一二三四五六七八九十年月日号时分秒]+")
_NOT_A_NAME = re.compile(r"[\W_0-9〇○零一二三四五六七八九十年月日号时分秒]+")


def not_a_name(raw) -> str:
    """What a 填报单位 cell holds when it cannot be a unit's name, in words ("" when it can): a
    date (a date cell, 2011-06-20, 2011年6月20日, 6月20日), a number, or punctuation alone."""
    if isinstance(raw, (dt.date, dt.time)):
        return "日期"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return "数字"
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text or _NOT_A_NAME.fullmatch(text) is None:
        return ""
    if not _DATE_WORDS.search(text):
        return "符号"
    if any(ch in text for ch in "年月日号") or re.search(r"\d\s*[-/.]\s*\d", text):
        return "日期"
    return "数字"
