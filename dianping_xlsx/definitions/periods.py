"""Periods as data: the reporting periods of a notice's year and their dates.

A period is written 2011-H1: a year and the code of one of its notice's periods (two half-years
by 6-30 and 12-30 unless the notice says otherwise: one evaluation by 3-15, say).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_PERIOD = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class PeriodSpec:
    """One reporting period of a notice's year, as data: its code (H1, H2), its name, when the
    office reports it up, when a report for it is dated and when the work it counts was done.
    Dates are month-day pairs; an end before its start falls in the next year."""

    half: str  # the code after the year: 2011-H1
    name: str  # 上半年, 下半年, 群众评议: the period is called 2011年上半年
    due: tuple[int, int]  # the office's report up (6-30)
    window: tuple[tuple[int, int], tuple[int, int]]  # when a report for it is dated
    appraisal: tuple[tuple[int, int], tuple[int, int]]  # when the work it counts was done
    unit_due: tuple[int, int] | None = None  # when units report to the office (6-28), if the notice says

    def span(self, year: int, which: tuple[tuple[int, int], tuple[int, int]]) -> tuple[dt.date, dt.date]:
        start, end = which
        return dt.date(year, *start), dt.date(year + (end < start), *end)


@dataclass(frozen=True)
class Calendar:
    """The periods of a notice's year, in order."""

    periods: tuple[PeriodSpec, ...]

    def spec(self, half: str) -> PeriodSpec:
        for spec in self.periods:
            if spec.half == half:
                return spec
        raise KeyError(half)

    @property
    def halves(self) -> tuple[str, ...]:
        return tuple(p.half for p in self.periods)

    def example(self, year: int) -> str:
        """How a period of this calendar is written: 2011-H1(上半年)或 2011-H2(下半年)."""
        return "或 ".join(f"{year}-{p.half}({p.name})" for p in self.periods)


# Two half-years, reported by 6-30 and 12-30 (the notices of seeds 000-002): a report for the
# first is dated from January to July, for the second from August to the next January.
HALF_YEARS = Calendar((
    PeriodSpec("H1", "上半年", (6, 30), ((1, 1), (7, 31)), ((1, 1), (6, 30))),
    PeriodSpec("H2", "下半年", (12, 30), ((8, 1), (1, 31)), ((1, 1), (12, 31))),
))


@dataclass(frozen=True)
class Period:
    """A reporting period of a notice's calendar: 2011-H1 (due 6-30, 第一次) or 2011-H2 (due
    12-30, both), or a notice's own (2012-H1, one evaluation due 3-15)."""

    year: int
    half: str  # the period's code in its calendar: "H1" or "H2"
    calendar: Calendar = field(default=HALF_YEARS, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str, calendar: Calendar = HALF_YEARS) -> "Period":
        m = _PERIOD.match(str(text).strip().upper())
        if not m or f"H{m[2]}" not in calendar.halves:
            raise ValueError(f"报送期次“{text}”格式不对,应为 {calendar.example(int(m[1]) if m else 2011)}")
        return cls(int(m[1]), f"H{m[2]}", calendar)

    @classmethod
    def around(cls, day: dt.date, calendar: Calendar = HALF_YEARS) -> "Period":
        """The period a unit is most likely reporting on a given day: the one whose reporting
        window holds it (H1 up to early July, H2 in December and January), else the next due."""
        for year in (day.year - 1, day.year):
            for spec in calendar.periods:
                start, end = spec.span(year, spec.window)
                if start <= day <= end:
                    return cls(year, spec.half, calendar)
        ahead = [(dt.date(y, *s.due), y, s.half) for y in (day.year, day.year + 1) for s in calendar.periods
                 if dt.date(y, *s.due) >= day]
        _, year, half = min(ahead)
        return cls(year, half, calendar)

    def __str__(self) -> str:
        return f"{self.year}-{self.half}"

    @property
    def spec(self) -> PeriodSpec:
        return self.calendar.spec(self.half)

    @property
    def zh(self) -> str:
        return f"{self.year}年{self.spec.name}"

    @property
    def mixup(self) -> str:
        """The likeliest wrong period, in words from the notice's own periods: 把上半年的表当作下半年报送
        (the period before, of two or more a year), 把2012年的表当作2013年报送 (of one)."""
        before = self.previous
        if before.half == self.half:
            return f"如把{before.year}年的表当作{self.year}年报送"
        return f"如把{before.spec.name}的表当作{self.spec.name}报送"

    @staticmethod
    def written(text: str, calendar: "Calendar") -> "Period | str":
        """A period as a file records it (2013-H2), read in this notice's calendar; its code as
        written (2013-H1) when this notice has no such period; ValueError when no period at all."""
        try:
            return Period.parse(text, calendar)
        except ValueError:
            if _PERIOD.match(str(text).strip().upper()):
                return str(text).strip().upper()
            raise

    @property
    def due(self) -> dt.date:
        return dt.date(self.year, *self.spec.due)

    @property
    def unit_due(self) -> dt.date | None:
        """When units report to the office, where the notice says (else None)."""
        return dt.date(self.year, *self.spec.unit_due) if self.spec.unit_due else None

    @property
    def example_day(self) -> dt.date:
        """A date to show as how dates are written (如 2011-06-30): one inside this period, the
        day units report by (else the office's)."""
        return self.unit_due or self.due

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """When a report for this period is dated: H1 from January to July, H2 from August to
        the next January (the same split as ``around``)."""
        return self.spec.span(self.year, self.spec.window)

    def report_day(self, today: dt.date) -> tuple[dt.date, bool]:
        """The 填报时间 of this period's summary when none is given: today when today falls in the
        period's reporting window, else the period's due date (a June report made in December is
        not dated December). The flag says whether today was taken."""
        start, end = self.window
        return (today, True) if start <= today <= end else (self.due, False)

    @property
    def appraisal_window(self) -> tuple[dt.date, dt.date]:
        """When an appraisal this period reports on was made: the first round by the end of June;
        a December report carries both rounds of its year. A ledger record dated outside is
        listed and counted in no round."""
        return self.spec.span(self.year, self.spec.appraisal)

    @property
    def previous(self) -> "Period":
        halves = self.calendar.halves
        at = halves.index(self.half)
        if at:
            return Period(self.year, halves[at - 1], self.calendar)
        return Period(self.year - 1, halves[-1], self.calendar)

    @property
    def first_of_year(self) -> bool:
        """The year's first period (a later one also carries the earlier rounds)."""
        return self.half == self.calendar.halves[0]
