"""Every output of a whole half-year, hashed: to show that a change of the code's shape leaves
what the clerk gets the same, byte for byte.

    python -m tests.outputs_digest /tmp/digest-before.json     # before the change
    python -m tests.outputs_digest /tmp/digest-after.json      # after it
    python -m tests.outputs_digest --compare /tmp/digest-before.json /tmp/digest-after.json

The run: templates (blank, per roster unit), `dianping check` (text and JSON) on the sample
files, the sample inbox merged for June with roster, due date and date, a December inbox made
from our template with the June summary as --previous, the city merging the two counties'
upward workbooks, and the mail dry run. Everything is dated explicitly, so the bytes do not
depend on the day.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


def _run(*args) -> str:
    from dianping_xlsx.cli import main

    res = CliRunner().invoke(main, [str(a) for a in args])
    return f"exit {res.exit_code}\n{res.output}"


def _december(ts, inbox: Path) -> None:
    from dianping_xlsx.testing import fill_template, random_values

    for n, unit in enumerate(["东坪镇党委", "梅城镇党委", "平口镇党委", "县教育局党委", "县人民医院党委"]):
        fill_template(ts, inbox / f"{unit}.xlsx", unit, dt.date(2011, 12, 20), random_values(ts, 100 + n))
    _saved(inbox)


def _saved(inbox: Path) -> None:
    """Inputs made or copied here, all saved at one fixed moment: a summary records when the newest
    report it read was saved (dianping_summary_newest), which must not be the moment of this run."""
    for path in inbox.rglob("*"):
        os.utime(path, (1_309_400_000, 1_309_400_000))


def run(work: Path) -> dict[str, str]:
    from dianping_xlsx.definitions import load_table_set

    ts = load_table_set()
    examples = ROOT / "examples"
    roster = examples / "单位名册.xlsx"
    screens = {}
    screens["template"] = _run("template", "-o", work / "模板")
    screens["template-roster"] = _run("template", "-o", work / "模板名册", "--roster", roster)
    sample = sorted((examples / "2011-H1").glob("*.xlsx"))[:6]
    screens["check"] = _run("check", *sample, "--period", "2011-H1")
    screens["check-json"] = _run("check", *sample, "--period", "2011-H1", "--json")
    june_inbox = work / "6月收件箱"  # the examples as checked out: saved when the checkout was
    shutil.copytree(examples / "2011-H1", june_inbox)
    _saved(june_inbox)
    june = work / "6月"
    screens["merge-june"] = _run("merge", june_inbox, "-o", june, "--period", "2011-H1",
                                 "--unit-name", "安化县委创先办", "--roster", roster, "--due", "2011-06-28",
                                 "--date", "2011-06-30")
    december_inbox = work / "12月收件箱"
    december_inbox.mkdir()
    _december(ts, december_inbox)
    december = work / "12月"
    screens["merge-december"] = _run("merge", december_inbox, "-o", december, "--period", "2011-H2",
                                     "--unit-name", "安化县委创先办", "--previous", june, "--date", "2011-12-30")
    city_inbox = work / "市收件箱"
    city_inbox.mkdir()
    for path in june.glob("上报_*.xlsx"):
        shutil.copy(path, city_inbox / path.name)
    other = work / "桃江"
    screens["merge-other"] = _run("merge", december_inbox, "-o", other, "--period", "2011-H1",
                                  "--unit-name", "桃江县委创先办", "--date", "2011-06-30")
    for path in other.glob("上报_*.xlsx"):
        shutil.copy(path, city_inbox / path.name)
    _saved(city_inbox)
    screens["merge-city"] = _run("merge", city_inbox, "-o", work / "市", "--period", "2011-H1",
                                 "--unit-name", "益阳市委创先办", "--date", "2011-06-30")
    screens["mail-dry-run"] = _run("mail", "send", june, "--from", "czb@anhua.gov.cn", "--name", "安化县委创先办",
                                   "--roster", roster, "--up", "city@yiyang.gov.cn", "--force", "--due", "2011-07-05")
    digest = {}
    for path in sorted(p for p in work.rglob("*") if p.is_file()):
        if path.suffix == ".eml" or "收件箱" in path.relative_to(work).parts[0]:
            continue  # a message carries the time it was composed; inputs made here, their own
        digest[path.relative_to(work).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    for name, text in screens.items():
        digest[f"screen:{name}"] = hashlib.sha256(text.replace(str(work), "<work>").encode()).hexdigest()
    return digest


def main(argv: list[str]) -> int:
    if argv[:1] == ["--compare"]:
        before, after = (json.loads(Path(p).read_text("utf-8")) for p in argv[1:3])
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        print("\n".join(differ) if differ else f"the same: {len(before)} outputs and screens")
        return 1 if differ else 0
    work = Path(tempfile.gettempdir()) / "dianping-outputs-digest"  # one place: the summary names its inbox
    # two runs at once (two engineers on one machine) take turns instead of deleting each other's files
    with open(Path(tempfile.gettempdir()) / "dianping-outputs-digest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            digest = run(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    Path(argv[0]).write_text(json.dumps(digest, ensure_ascii=False, indent=1), "utf-8")
    print(f"{len(digest)} outputs and screens hashed into {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
