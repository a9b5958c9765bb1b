"""`dianping definitions`: the notices shipped, and a definition file checked before use."""

from __future__ import annotations

from pathlib import Path

import click

from ..api import SpecError, available_notices, load_item_set, load_ledger_set, load_notice, load_table_set

COMMAND = {"options_metavar": "[选项]"}
KINDS = {"notices": ("通知定义", load_notice), "tablesets": ("表格定义", load_table_set),
         "itemsets": ("评议表定义", load_item_set), "ledgersets": ("台账定义", load_ledger_set)}


@click.group(options_metavar="[选项]", subcommand_metavar="命令 [参数]...")
def definitions():
    """通知定义:一个通知的统计表、评议表、台账、期次和报送材料(见 docs/通知定义.md)。"""


@definitions.command("list", **COMMAND)
def list_():
    """列出自带的通知定义(--notice 后写名称)。"""
    for notice in available_notices():
        periods = "、".join(f"{p.half} {p.name}(报送截止 {p.due[0]}月{p.due[1]}日)" for p in notice.calendar.periods)
        parts = [f"统计表 {notice.tables.all_tables}", f"评议表 {'有' if notice.forms else '无'}",
                 f"台账 {'有' if notice.ledgers else '无'}"]
        click.echo(f"{notice.id}  {notice.name}" + (f"({notice.document})" if notice.document else ""))
        click.echo(f"    {';'.join(parts)};期次:{periods}")
        click.echo(f"    报送材料:{'、'.join(m.name for m in notice.materials)}")


@definitions.command("check", **COMMAND)
@click.argument("file", metavar="定义文件.toml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path):
    """检查一个定义文件(通知、表格、评议表或台账定义),问题用中文列出,指明文件和行。"""
    kind = _kind(file)
    word, load = KINDS[kind]
    try:
        loaded = load(str(file))
    except SpecError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{word} {file}:没有发现问题。")
    if kind == "notices":
        click.echo(f"  统计表:{'、'.join(f'{t.key} {t.title}' for t in loaded.tables.tables)}"
                   f"(审核规则 {len(loaded.tables.rules)} 条)")
        click.echo(f"  评议表:{loaded.forms.id if loaded.forms else '无'};台账:{loaded.ledgers.id if loaded.ledgers else '无'}")
        click.echo("  期次:" + "、".join(f"{p.half} {p.name}" for p in loaded.calendar.periods))
    elif kind == "tablesets":
        click.echo(f"  统计表:{'、'.join(f'{t.key} {t.title}' for t in loaded.tables)}(审核规则 {len(loaded.rules)} 条)")


def _kind(file: Path) -> str:
    """Which kind of definition a file is, by its keys (a notice names its tables)."""
    import tomllib

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"定义文件 {file} 不是有效的 TOML:{exc}") from None
    if isinstance(data.get("tables"), str):
        return "notices"
    if "tables" in data:
        return "tablesets"
    if "org" in data or "options" in data:
        return "itemsets"
    if "ledgers" in data:
        return "ledgersets"
    raise click.ClickException(f"看不出 {file} 是哪一种定义文件(通知定义要写 tables = \"…\")。")
