"""The desk reads definitions only from the workspace or the package: a notice chosen by a path
outside the workspace (with or without .toml, absolute or climbing with ..), and an uploaded or
hand-placed notice naming table, form, ledger or document sets outside it, are refused in
Chinese, and nothing of them is read or kept. The command line still reads the files the clerk
names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk needs starlette (pip install -e .)")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (the [test] extra)")

from dianping_xlsx.api import SpecError, load_notice  # noqa: E402

from .test_desk import desk  # noqa: E402,F401 - fixture
from .test_desk_mail import errors  # noqa: E402

SHIPPED = Path(__file__).resolve().parent.parent / "dianping_xlsx" / "definitions"
OUTSIDE_NAME = "来自工作文件夹以外的通知"
FOLDERS = {"tables": "tablesets", "forms": "itemsets", "ledgers": "ledgersets", "documents": "documentsets"}


def outside_notice(folder: Path) -> str:
    """A notice and its table set written outside the workspace, as someone else's files; the
    notice's text."""
    folder.mkdir(exist_ok=True)
    text = (SHIPPED / "notices" / "hunan-2011.toml").read_text(encoding="utf-8")
    text = text.replace('name = "湖南省领导点评和群众评议工作情况统计(2011)"', f'name = "{OUTSIDE_NAME}"')
    assert OUTSIDE_NAME in text
    (folder / "evilnotice.toml").write_text(text, encoding="utf-8")
    for key, sets in FOLDERS.items():
        (folder / f"evil-{key}.toml").write_bytes((SHIPPED / sets / "hunan-2011.toml").read_bytes())
    return text


def test_a_notice_chosen_outside_the_workspace_is_refused(desk, tmp_path):  # noqa: F811
    client, workspace = desk
    outside = tmp_path / "outside"
    outside_notice(outside)
    client.post("/settings", data={"office": "安化县委创先办"})
    kept = (workspace.folder / "工作台设置.json").read_bytes()
    up = "../" * len(workspace.folder.parts)
    for choice in (str(outside / "evilnotice"), f"{up}{outside.relative_to('/')}/evilnotice",
                   str(outside / "evilnotice.TOML"), str(outside / "evilnotice.toml"),
                   f"通知定义/../../outside/evilnotice.toml", f"{up}{outside.relative_to('/')}/evilnotice.toml"):
        page = client.post("/settings", data={"notice": choice})
        assert errors(page.text), choice
        assert OUTSIDE_NAME not in page.text and (workspace.folder / "工作台设置.json").read_bytes() == kept, choice
    page = client.post("/settings", data={"notice": "evilnotice"})  # a bare name is a shipped one only
    assert "找不到通知定义" in " ".join(errors(page.text)) and workspace.settings.notice == ""


@pytest.mark.parametrize("key", ["tables", "forms", "ledgers", "documents"])
def test_an_uploaded_notice_naming_sets_outside_is_refused(desk, tmp_path, key):  # noqa: F811
    client, workspace = desk
    text = outside_notice(tmp_path / "outside")
    target = tmp_path / "outside" / f"evil-{key}.toml"
    for named in (str(target), f"../../outside/evil-{key}.toml", "../" * 12 + str(target.relative_to("/"))):
        line = f'{key} = "{named}"'
        body = _with(text, key, line).replace(OUTSIDE_NAME, "上传的通知")
        page = client.post("/notice", files=[("notice", ("上传通知.toml", body.encode("utf-8")))])
        said = " ".join(errors(page.text))
        assert "不在工作文件夹" in said and f"{key} = " in said, (named, said)
        assert workspace.settings.notice == "" and not (workspace.folder / "通知定义").exists(), named


def test_a_notice_placed_in_the_workspace_by_hand_naming_tables_outside(desk, tmp_path):  # noqa: F811
    client, workspace = desk
    text = outside_notice(tmp_path / "outside")
    own = workspace.folder / "通知定义"
    own.mkdir()
    (own / "手写通知.toml").write_text(_with(text, "tables", f'tables = "{tmp_path / "outside" / "evil-tables.toml"}"'),
                                     encoding="utf-8")
    settings = json.loads((workspace.folder / "工作台设置.json").read_text(encoding="utf-8")) \
        if (workspace.folder / "工作台设置.json").exists() else {}
    settings["notice"] = "通知定义/手写通知.toml"
    (workspace.folder / "工作台设置.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    assert "不在工作文件夹" in workspace.notice_problem and workspace.notice.id == "hunan-2011"
    assert OUTSIDE_NAME not in client.get("/").text


def test_the_table_set_beside_an_uploaded_notice_is_still_used(desk, tmp_path):  # noqa: F811
    client, workspace = desk
    text = outside_notice(tmp_path / "outside")
    body = _with(text, "tables", 'tables = "县里的表格.toml"').replace(OUTSIDE_NAME, "上传的通知")
    body = _with(body, "id", 'id = "county-upload"')  # another notice than hunan-2011: an id of its own
    tables = (SHIPPED / "tablesets" / "hunan-2011.toml").read_bytes()
    page = client.post("/notice", files=[("notice", ("上传通知.toml", body.encode("utf-8"))),
                                         ("notice", ("县里的表格.toml", tables))])
    assert "已采用通知定义:上传的通知" in page.text and workspace.notice.name == "上传的通知"


def test_a_path_without_toml_is_never_looked_up_as_a_shipped_name(tmp_path):
    """The library: "/somewhere/x" (no .toml) once read /somewhere/x.toml; a clerk's .toml path still loads."""
    outside_notice(tmp_path / "outside")
    for name in (str(tmp_path / "outside" / "evilnotice"), "../../../../../../../../" + str(
            (tmp_path / "outside" / "evilnotice").relative_to("/"))):
        with pytest.raises(SpecError, match="找不到通知定义"):
            load_notice(name)
    assert load_notice(str(tmp_path / "outside" / "evilnotice.toml")).name == OUTSIDE_NAME


def _with(text: str, key: str, line: str) -> str:
    """The notice's text with ``key`` set by ``line`` (replacing the key's line, or added after id)."""
    lines = text.splitlines()
    for n, old in enumerate(lines):
        if old.split("=")[0].strip() == key:
            lines[n] = line
            return "\n".join(lines) + "\n"
    at = next(n for n, old in enumerate(lines) if old.split("=")[0].strip() == "id")
    return "\n".join(lines[: at + 1] + [line] + lines[at + 1:]) + "\n"
