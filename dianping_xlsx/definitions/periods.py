"""Periods as data: the reporting periods of a notice's year and their dates.

A period is written 2011-H1: a year and the code of one of its notice's periods (two half-years
by 6-30 and 12-30 unless the notice says otherwise: one evaluation by 3-15, say).
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import isleap, monthrange
from dataclasses import dataclass, field

from ..errors import BadValue

_PERIOD = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True)
class PeriodSpec:
    """One reporting period of a notice's year, as data: its code (H1, H2), its name, when the
    office reports it up, when a report for it is dated and when the work it counts was done.
    Dates are month-day pairs; an end before its start falls in the next year. A due date lies in
    the year that puts it nearest the end of the work (annual work to 12-31 due 01-15: the next
    January), or in the next year where the definition says so (次年01-15)."""

    half: str  # the code after the year: 2011-H1
    name: str  # 上半年, 下半年, 群众评议: the period is called 2011年上半年
    due: tuple[int, int]  # the office's report up (6-30)
    window: tuple[tuple[int, int], tuple[int, int]] | None  # when a report for it is dated (None: work's start to a month after due)
    appraisal: tuple[tuple[int, int], tuple[int, int]]  # when the work it counts was done
    unit_due: tuple[int, int] | None = None  # when units report to the office (6-28), if the notice says
    due_next: bool = False  # written 次年: due in the year after the work's start
    unit_due_next: bool = False

    def span(self, year: int, which: tuple[tuple[int, int], tuple[int, int]]) -> tuple[dt.date, dt.date]:
        start, end = which
        return dated(year, start), dated(year + (end < start), end)

    def work(self, year: int) -> tuple[dt.date, dt.date]:
        """When the work of the period of ``year`` was done."""
        return self.span(year, self.appraisal)

    def due_date(self, year: int) -> dt.date:
        return _nearest(year, self.due, self.due_next, self.work(year)[1])

    def unit_due_date(self, year: int) -> dt.date | None:
        if self.unit_due is None:
            return None
        return _nearest(year, self.unit_due, self.unit_due_next, self.due_date(year))

    def window_dates(self, year: int) -> tuple[dt.date, dt.date]:
        if self.window is not None:
            return self.span(year, self.window)
        return self.work(year)[0], _month_after(self.due_date(year))

    @property
    def due_words(self) -> str:
        """The due date in words, 6月30日 or 次年1月15日 (of the work's year)."""
        return _words(self.due_date(_LEAP), _LEAP)

    @property
    def unit_due_words(self) -> str:
        return _words(self.unit_due_date(_LEAP), _LEAP) if self.unit_due else ""

    @property
    def described(self) -> str:
        """The period's dates in words: 年度统计(工作 1月1日至12月31日;各单位次年1月10日前、本级次年1月15日前报送)."""
        start, end = self.work(_LEAP)
        units = f"各单位{self.unit_due_words}前、" if self.unit_due else ""
        return (f"{self.name}(工作 {_words(start, _LEAP)}至{_words(end, _LEAP)};{units}"
                f"本级{self.due_words}前报送)")

    def doubts(self) -> list[str]:
        """What in these dates cannot be meant, or is read a way the writer should confirm, in Chinese."""
        start, end = self.work(_LEAP)
        due, where = self.due_date(_LEAP), f"期次 {self.half}({self.name})"
        work = f"工作时段(work){_words(start, _LEAP)}至{_words(end, _LEAP)}"
        out = []
        if due < start:
            out.append(f"{where}的截止日期 {self.due_words} 早于{work}的开始:截止时这一期的工作还没有开始。请改 due 或 work。")
        elif abs((due - end).days) > _FAR and not self.due_next:
            gap = (f"截止时工作还有 {(end - due).days} 天没有做完" if due < end
                   else f"截止日期在工作结束 {(due - end).days} 天之后")
            out.append(f"{where}的截止日期 due = \"{_md(self.due)}\" 离{work}的结束太远({gap}),看不出是当年还是次年的"
                       f" {_words(due, due.year)},现按{self.due_words}计算。请把 work 写成这一期统计的工作时段;"
                       f"截止日期在次年时写 due = \"{NEXT_YEAR}{_md(self.due)}\"。")
        elif due.year > _LEAP and not self.due_next:
            out.append(f"{where}的截止日期 due = \"{_md(self.due)}\" 早于{work}的结束,按次年计算:每年这一期的报表在"
                       f"{self.due_words}前报送。不是这样时请改 due 或 work;是这样时可写 due = \"{NEXT_YEAR}{_md(self.due)}\"。")
        unit = self.unit_due_date(_LEAP)
        if unit is not None and unit > due:
            out.append(f"{where}的各单位截止日期 unit_due({self.unit_due_words})晚于本级向上级报送的截止日期 due"
                       f"({self.due_words}):请核对这两个日期。")
        first, last = self.window_dates(_LEAP)
        if not first <= due <= last:
            out.append(f"{where}的截止日期 {self.due_words} 不在填报时间 window({_words(first, _LEAP)}至{_words(last, _LEAP)})内:"
                       f"按时填报的报表会被当作其他期次。请改 window。")
        return out


NEXT_YEAR = "次年"  # a due date written 次年01-15 is in the year after the work's start
_LEAP = 2000  # a year with every month-day, for dates said without a year


def dated(year: int, day: tuple[int, int]) -> dt.date:
    """A month-day in a year; 02-29 in a year without it is 02-28."""
    month, d = day
    return dt.date(year, month, 28 if (month, d) == (2, 29) and not isleap(year) else d)


def _nearest(year: int, day: tuple[int, int], next_year: bool, near: dt.date) -> dt.date:
    """A month-day in the work's year or the next: the next when written so, else the one nearest
    ``near`` (a deadline follows the work it reports, or falls just before its end)."""
    if next_year:
        return dated(year + 1, day)
    return min((dated(year, day), dated(year + 1, day)), key=lambda d: abs((d - near).days))


def _month_after(day: dt.date) -> dt.date:
    """A month after a date (12-30 -> 01-30 of the next year, 01-31 -> 02-28)."""
    month = day.month % 12 + 1
    year = day.year + (month == 1)
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


_FAR = 92  # days between a due date and the end of the work beyond which its year is a guess


def _md(day: tuple[int, int]) -> str:
    return f"{day[0]:02d}-{day[1]:02d}"


def _words(day: dt.date, year: int) -> str:
    return f"{NEXT_YEAR if day.year > year else ''}{day.month}月{day.day}日"


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

    def which(self, year: int) -> str:
        """The periods there are, said to one who wrote a code the notice has not (2027-H2):
        本通知只有 2027-H1(年度)一期; 本通知的期次是 2011-H1(上半年)或 2011-H2(下半年)."""
        if len(self.periods) == 1:
            return f"本通知只有 {self.example(year)}一期"
        return f"本通知的期次是 {self.example(year)}"


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
    def parse(cls, text: str, calendar: Calendar = HALF_YEARS, year: int | None = None) -> "Period":
        """``year``: the notice's own, for the example when the text gives none (年度, 上半年).
        BadValue (a ValueError, exit 2) for a text that is no period of the calendar."""
        m = _PERIOD.match(str(text).strip().upper())
        if m and f"H{m[2]}" in calendar.halves:
            return cls(int(m[1]), f"H{m[2]}", calendar)
        if m:
            raise BadValue(f"报送期次“{text}”不是本通知的期次:{calendar.which(int(m[1]))}")
        said = re.search(r"(?<!\d)(\d{4})(?!\d)", str(text))  # 2027, 2027上半年: that year's example
        example = int(said[1]) if said else year or dt.date.today().year
        raise BadValue(f"报送期次“{text}”格式不对,应为 {calendar.example(example)}")

    @classmethod
    def around(cls, day: dt.date, calendar: Calendar = HALF_YEARS) -> "Period":
        """The period a unit is most likely reporting on a given day: the one whose reporting
        window holds it (H1 up to early July, H2 in December and January), else the next due."""
        for year in (day.year - 1, day.year):
            for spec in calendar.periods:
                start, end = spec.window_dates(year)
                if start <= day <= end:
                    return cls(year, spec.half, calendar)
        ahead = [(s.due_date(y), y, s.half) for y in (day.year - 1, day.year, day.year + 1)
                 for s in calendar.periods if s.due_date(y) >= day]
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
        return self.spec.due_date(self.year)

    @property
    def unit_due(self) -> dt.date | None:
        """When units report to the office, where the notice says (else None)."""
        return self.spec.unit_due_date(self.year)

    @property
    def example_day(self) -> dt.date:
        """A date to show as how dates are written (如 2011-06-30): one inside this period, the
        day units report by (else the office's)."""
        return self.unit_due or self.due

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """When a report for this period is dated: H1 from January to July, H2 from August to
        the next January (the same split as ``around``)."""
        return self.spec.window_dates(self.year)

    def due_refusal(self, due: dt.date, called: str = "截止日期") -> str:
        """Why ``due`` (the units' deadline, ``called`` as the face names it) cannot be this period's, in
        Chinese ("" when it can): before the period's work begins, or after its reporting window ends."""
        start, end = self.window
        if start <= due <= end or min(start, self.appraisal_window[0]) <= due < start:
            return ""
        why = f"晚于报送时间的结束 {end.isoformat()}" if due > end else f"早于本期工作的开始 {self.appraisal_window[0].isoformat()}"
        return (f"{called} {due.isoformat()} 不属于{self.zh}:{why}。{self.zh}的报送时间是 {start.isoformat()} 至 "
                f"{end.isoformat()}(通知规定本级 {self.due.isoformat()} 前报上级)。请改为这段时间内的日期,"
                f"或检查期次是否选对。")

    def due_doubt(self, due: dt.date | None) -> str:
        """A note, in Chinese, when ``due`` falls before the period's reporting window (but not so far
        as to be refused): every file dated in the window, on time, would be counted late."""
        if due is None or self.due_refusal(due) or due >= self.window[0]:
            return ""
        start, end = self.window
        return (f"截止日期 {due.isoformat()} 早于{self.zh}的报送时间({start.isoformat()} 至 {end.isoformat()}),"
                f"本期按时报送的文件也会被算作逾期:请核对截止日期和期次是否选对,改正后重新汇总。")

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
