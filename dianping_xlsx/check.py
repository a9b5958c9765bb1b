"""`dianping check`: a unit's self-check before sending, with merge's own reading and rules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .definitions import TableSet
from .problems import ERROR, SEVERITY_ZH, WARNING, Problem, sorted_problems
from .pool import check_in_workers
from .prescan import Limits
from .read import DEFAULT_LIMITS, ignore_reason
from .validate import Period, Submission

READY, FIX = "可以报送", "请修改后报送"


@dataclass
class FileReport:
    path: Path
    submission: Submission | None  # None for a file that is not a submission
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    @property
    def ignored(self) -> bool:
        return self.submission is None

    def count(self, severity: str) -> int:
        return sum(p.severity == severity for p in self.problems)


def check_files(files, ts: TableSet, period: Period, limits: Limits = DEFAULT_LIMITS,
                jobs: int | None = None, items: str | None = None) -> list[FileReport]:
    """Check files exactly as merge reads them (in worker processes); reports in the given order."""
    reports: dict[int, FileReport] = {}
    to_read = []
    for i, path in enumerate(files):
        reason = ignore_reason(path)
        if reason:
            problem = Problem(reason[0], file=path.name, params=reason[1])
            reports[i] = FileReport(path, None, [problem])
        else:
            to_read.append((i, path))
    results = check_in_workers([(p, p.name) for _, p in to_read], ts.source, period, limits, jobs,
                               items=items)
    for j, sub in results:
        reports[to_read[j][0]] = FileReport(sub.path, sub, sorted_problems(sub.problems))
    return [reports[i] for i in sorted(reports)]


def verdict(report: FileReport) -> str:
    if report.ignored:
        return "不是报表文件,未检查"
    if report.ok:
        warnings = report.count(WARNING)
        return READY + (f"(有 {warnings} 条警告,请核对)" if warnings else "")
    return f"{FIX}({report.count(ERROR)} 个错误,{report.count(WARNING)} 条警告)"


def render_text(reports: list[FileReport], period: Period) -> str:
    lines = [f"按{period.zh}({period})的要求检查:", ""]
    for r in reports:
        unit = f"(单位:{r.submission.unit})" if r.submission else ""
        lines.append(f"{r.path}{unit}")
        for p in r.problems:
            where = f"{p.position}  " if p.position else ""
            lines.append(f"  {SEVERITY_ZH[p.severity]}  {where}{p.message}")
        if not r.problems:
            lines.append("  没有发现问题。")
        lines.append(f"  结论:{verdict(r)}")
        lines.append("")
    if len(reports) > 1:
        checked = [r for r in reports if not r.ignored]
        ready = sum(r.ok for r in checked)
        lines.append(f"共检查 {len(checked)} 个文件:{ready} 个{READY},{len(checked) - ready} 个{FIX}。")
    return "\n".join(lines).rstrip()


def render_json(reports: list[FileReport], period: Period) -> str:
    data = {
        "period": str(period),
        "files": [
            {
                "file": str(r.path),
                "unit": r.submission.unit if r.submission else "",
                "date": r.submission.date.isoformat() if r.submission and r.submission.date else None,
                "ok": r.ok,
                "ignored": r.ignored,
                "verdict": verdict(r),
                "problems": [p.to_dict() for p in r.problems],
            }
            for r in reports
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
