"""Click callbacks that turn the command line's words into the library's values (periods,
dates, limits), shared by every command; a bad value is a usage error in Chinese."""

from __future__ import annotations

import click

from ..api import Limits, Period, given_date


def notice(ctx, param, value):
    """--notice: the notice loaded (eager, so that --period is read in its calendar); SpecError
    (exit 2, in Chinese) when it or anything it names is wrong."""
    from ..api import load_notice

    return load_notice(value)


def period(ctx, param, value):
    """A period of the notice's calendar (--notice, read first), else of two half-years."""
    found = ctx.params.get("notice") if ctx is not None else None
    try:
        return found.period(value) if found is not None else Period.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def optional_period(ctx, param, value):
    return None if value is None else period(ctx, param, value)


def date(ctx, param, value):
    """A date as 2011-06-30 (None when not given)."""
    try:
        return given_date(value)  # the library's reading, and its words
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def day(ctx, param, value):
    """A date; None when not given (the period decides: see Period.report_day)."""
    return None if value is None else date(ctx, param, value)


def limits(ctx, param, value):
    try:
        return Limits.parse(list(value))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
