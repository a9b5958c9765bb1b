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

from ..definitions.tables import NameRules
from ..text import a1, clean_text, normalise

TITLE_ROWS = 4  # a title stands in a sheet's first rows …
TITLE_LENGTH = 40  # … is short, and is no sentence nor a label (填表说明:…, 1.在每张表上方填写……。)
_SENTENCE = re.compile(r"[::。;;]")
_NUMBERS = re.compile(r"\d+\s*(?:年度|年|月|日|号)?")
_SEPARATORS = re.compile(r"[-_—–·.,、()\[\]{}<>《》“”\"'::;;!?~～#&+=/\\|*]+")


class DocumentNamer:
    def __init__(self, rules: NameRules):
        words = sorted({normalise(w) for w in rules.document_words if w}, key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, words))) if words else None
        self._titles = tuple(normalise(w) for w in rules.title_words if w)

    def strip(self, text: str) -> str:
        """What is left of a title or file name without the words of documents, years, numbers
        and separators: the longest remaining part ("" when nothing of two characters is left)."""
        left = normalise(text)
        if self._words is not None:
            left = self._words.sub("|", left)
        left = _NUMBERS.sub("|", left)
        parts = [p for p in _SEPARATORS.split(left) if len(p) >= 2]
        return clean_text(max(parts, key=len)) if parts else ""

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


def title_like(text: str) -> bool:
    """A short text that is no sentence nor a label: what a title looks like."""
    return len(text) <= TITLE_LENGTH and not _SENTENCE.search(text)


@lru_cache(maxsize=8)
def namer(rules: NameRules) -> DocumentNamer:
    return DocumentNamer(rules)


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
