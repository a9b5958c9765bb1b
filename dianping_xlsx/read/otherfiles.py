"""A file that is no workbook, in a clerk's words: what it is (a Word document, a photo, a CSV a
unit exported) and what to ask its sender for. Said alike wherever such a file turns up: on its
own row of 报送情况 (file.not-spreadsheet), on the 未报 row of the roster unit it is named after,
and as the reason mail intake did not save it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

TEMPLATE_ASK = "请对方用下发的 Excel 模板填写后重新发送"
PICTURE_ASK = "请对方发送 Excel 表格文件,照片或 PDF 不能汇总"
CSV_WHY = "(CSV 文件只有数字,没有统计表的格式)"


@dataclass(frozen=True)
class OtherFile:
    what: str  # 收到的是{what}: Word 文档, 照片
    ask: str  # what the clerk asks the sender for (请对方……)
    own: str  # … and what the sender does, checking the file itself (dianping check)

    @property
    def after_is(self) -> str:
        """``what`` as it follows 是 in a sentence: 是 Word 文档, 是照片."""
        return f" {self.what}" if self.what[0].isascii() else self.what


TEMPLATE_OWN = "请用下发的 Excel 模板填写后再检查、报送"
_KINDS = (
    ((".docx", ".doc", ".docm", ".dotx", ".dot", ".rtf", ".odt", ".wpt"),
     OtherFile("Word 文档", TEMPLATE_ASK, TEMPLATE_OWN)),
    ((".jpg", ".jpeg", ".png", ".bmp", ".gif", ".heic", ".heif", ".tif", ".tiff", ".webp"),
     OtherFile("照片", PICTURE_ASK, "照片或 PDF 不能汇总,请报送 Excel 表格文件")),
    ((".pdf", ".ofd"), OtherFile("PDF 文件", PICTURE_ASK, "照片或 PDF 不能汇总,请报送 Excel 表格文件")),
    ((".csv",), OtherFile("CSV 文件", TEMPLATE_ASK + CSV_WHY, TEMPLATE_OWN + CSV_WHY)),
    ((".fods",), OtherFile("LibreOffice 的平面表格文件(.fods)", "请对方在 LibreOffice 中“另存为” .xlsx 后重新发送",
                           "请在 LibreOffice 中“另存为” .xlsx 后再检查")),
    ((".crdownload", ".part", ".partial", ".download", ".opdownload"),  # a browser's download not finished
     OtherFile("没有下载完的文件", "请重新下载该附件(下载完成后文件名以 .xlsx 结尾),或请对方重新发送",
               "文件没有下载完,请重新下载后再检查")),
    ((".lnk",), OtherFile("快捷方式", "请把快捷方式指向的表格文件本身放入收件文件夹(或请对方发送该文件)",
                          "请对快捷方式指向的表格文件本身运行检查")),
)
_BY_SUFFIX = {suffix: kind for suffixes, kind in _KINDS for suffix in suffixes}
OTHER = OtherFile("其他文件", TEMPLATE_ASK, "请另存为 .xlsx 后再检查")  # of no kind above (说明.txt, .DS_Store)
OTHER_ASK = "请另存为 .xlsx 后重新发送"  # … said of it alone: it may be anything (如是报表, …)


def other_file(name: str) -> OtherFile:
    """What a file of this name is, when it is not a workbook, and what to ask for instead."""
    return _BY_SUFFIX.get(PurePosixPath(name.lower()).suffix, OTHER)


def ask_for(name: str) -> str:
    """What to ask the sender of this file for, when it was meant as a report (如是报表, …)."""
    kind = other_file(name)
    return OTHER_ASK if kind is OTHER else kind.ask


def unsaved_reason(name: str) -> str:
    """Why mail intake did not save an attachment of this name that is no workbook, and what to ask."""
    kind = other_file(name)
    if kind is OTHER:  # 说明.txt beside the tables in a .zip: nothing to ask for
        return "不是表格文件,没有保存。"
    return f"是{kind.after_is},不是表格文件,没有保存。如是报表,{kind.ask}。"


def sent_instead(names: list[str]) -> str:
    """What a unit sent instead of its tables (files of its name that are no workbook), and what to
    ask it for: 收到的是 Word 文档“柘溪镇党委统计表.docx”,不是统计表;请对方用下发的 Excel 模板填写后重新发送."""
    groups: dict[OtherFile, list[str]] = {}
    for name in names:
        groups.setdefault(other_file(name), []).append(name)
    parts = []
    for kind, files in groups.items():
        parts.append(f"收到的是{kind.after_is}“{'”“'.join(files)}”,不是统计表;{kind.ask}")
    return ";".join(parts)
