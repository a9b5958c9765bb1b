"""`dianping definitions`: the notices shipped, and a definition file checked before use."""

from __future__ import annotations

from pathlib import Path

import click

from . import text  # noqa: F401 - click's words in Chinese before the commands name their types
from .text import Commands, said
from ..api import (DianpingError, SpecError, available_notices, definition_text, draft_notice, load_item_set,
                   load_ledger_set, load_notice, load_table_set)
from ..errors import toml_loads, toml_problem

COMMAND = {"options_metavar": "[选项]"}
KINDS = {"notices": ("通知定义", load_notice), "tablesets": ("表格定义", load_table_set),
         "itemsets": ("评议表定义", load_item_set), "ledgersets": ("台账定义", load_ledger_set)}


@click.group(cls=Commands, options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
def definitions():
    """通知定义:一个通知的统计表、评议表、台账、期次和报送材料(见 docs/通知定义.md)。"""


@definitions.command("list", **COMMAND)
def list_():
    """列出自带的通知定义(--notice 后写名称)。"""
    for notice in available_notices():
        periods = "、".join(f"{p.half} {p.name}(报送截止 {p.due_words})" for p in notice.calendar.periods)
        parts = [f"统计表 {notice.tables.all_tables}", f"评议表 {'有' if notice.forms else '无'}",
                 f"台账 {'有' if notice.ledgers else '无'}"]
        click.echo(f"{notice.id}  {notice.name}" + (f"({notice.document})" if notice.document else ""))
        click.echo(f"    {';'.join(parts)};期次:{periods}")
        click.echo(f"    报送材料:{'、'.join(m.name for m in notice.materials)}")


def _ledgers_said(notice) -> str:
    """The ledger set; without one, the 台账 kept (materials of kind ledger): received, not summed."""
    if notice.ledgers:
        return notice.ledgers.id
    kept = [m.name for m in notice.materials if m.kind == "ledger"]
    return f"无台账定义,{'、'.join(kept)}留存备查(报来时收下,列入报送情况,不汇总)" if kept else "无"


@definitions.command("check", **COMMAND)
@click.argument("file", metavar="定义文件.toml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path):
    """检查一个定义文件(通知、表格、评议表或台账定义),问题用中文列出,指明文件和行。"""
    kind = _kind(file)
    word, load = KINDS[kind]
    try:
        loaded = load(str(file))
    except SpecError as exc:
        raise click.ClickException(said(exc)) from None
    doubts = [d for p in loaded.calendar.periods for d in p.doubts()] if kind == "notices" else []
    doubts += loaded.tables.doubts() if kind == "notices" else loaded.doubts() if kind == "tablesets" else []
    click.echo(f"{word} {file}:" + (f"没有发现错误,有 {len(doubts)} 处请核对(见下)。" if doubts else "没有发现问题。"))
    if kind == "notices":
        click.echo(f"  统计表:{'、'.join(f'{t.key} {t.title}' for t in loaded.tables.tables)}"
                   f"(审核规则 {len(loaded.tables.rules)} 条)")
        _totals(loaded.tables.tables)
        click.echo(f"  评议表:{loaded.forms.id if loaded.forms else '无'};台账:{_ledgers_said(loaded)}")
        click.echo("  期次:" + "、".join(f"{p.half} {p.described}" for p in loaded.calendar.periods))
        for doubt in doubts:
            click.echo(f"  请核对:{doubt}")
    elif kind == "tablesets":
        click.echo(f"  统计表:{'、'.join(f'{t.key} {t.title}' for t in loaded.tables)}(审核规则 {len(loaded.rules)} 条)")
        _totals(loaded.tables)
        for doubt in doubts:
            click.echo(f"  请核对:{doubt}")


def _totals(tables) -> None:
    """Each table's sums as read (小计 = …, 合计 ≥ …) and what its summary's 合计 row adds."""
    for t in tables:
        groups = t.blocks if t.separate_blocks else (t.categories,)
        owns = [own for own in (t.own_total(cats) for cats in groups) if own]
        said = [s.said() for s in t.sums]
        said += [f"汇总表的合计取“{own}”一项,不与其他类别相加" for own in owns]
        if said:
            click.echo(f"  {t.key}:{';'.join(said)}")


def _kind(file: Path) -> str:
    """Which kind of definition a file is, by its keys (a notice names its tables)."""
    import tomllib

    try:
        data = toml_loads(definition_text(file.read_bytes(), str(file)))
    except tomllib.TOMLDecodeError as exc:
        raise click.ClickException(f"定义文件 {file} {toml_problem(exc)}") from None
    except SpecError as exc:  # not UTF-8: which encoding it seems to be, and how to save it again
        raise click.ClickException(said(exc)) from None
    if isinstance(data.get("tables"), str):
        return "notices"
    if "tables" in data:
        return "tablesets"
    if "org" in data or "options" in data:
        return "itemsets"
    if "ledgers" in data:
        return "ledgersets"
    raise click.ClickException(f"看不出 {file} 是哪一种定义文件(通知定义要写 tables = \"…\")。")


@definitions.command("init", **COMMAND)
@click.argument("notice", metavar="通知.docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="新通知.toml", help="写出的通知定义草稿(表格定义写在它旁边:<名称>-tables.toml)。")
def init(notice: Path, out: Path):
    """从通知(.docx、.doc,或通知的空白表格 .xlsx、.xls)读出统计表和日期,写出通知定义草稿。

    草稿中“# 推断:”是程序猜的,“# 待补:”是没有读出的;请对照通知核对后再用
    (dianping definitions check 新通知.toml)。"""
    try:
        draft = draft_notice(notice, out)
    except DianpingError as exc:
        raise click.ClickException(said(exc)) from None
    click.echo(f"已写出通知定义草稿 {draft.notice} 和表格定义 {draft.tables}。")
    for f in draft.found:
        if f.table is not None:
            t = f.table
            click.echo(f"  {f.key} {f.title}:类别 {sum(len(b) for b in t.blocks)} 个({len(t.blocks)} 块),"
                       f"行 {len(t.metrics)} 行,推断的规则 {len(t.sums) + len(t.le)} 条({f.where})")
    for form in draft.forms:
        click.echo(f"  评议表 {form}:未起草(见草稿中的“待补”)")
    for gap in draft.gaps:
        click.echo(f"  待补:{gap}")
    click.echo("请对照通知核对草稿(“# 推断:”“# 待补:”),再用 dianping definitions check 检查。")
