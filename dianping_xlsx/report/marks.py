"""What a summary says about itself in its document properties (read back when it comes
again as an input: a county's summary at the city)."""

from __future__ import annotations

from ..model import (SUMMARY_INBOX_PROPERTY, SUMMARY_NOTICE_PROPERTY, SUMMARY_PERIOD_PROPERTY, SUMMARY_RUN_PROPERTY,
                     SUMMARY_UNIT_PROPERTY)
from ..template.layout import set_property


def mark_summary(wb, result, unit_name: str, run: str = "") -> None:
    """The marker that tells merge, should this workbook come back as an input, whose summary of
    which period it is (the summary and the upward workbook carry it alike)."""
    set_property(wb, SUMMARY_PERIOD_PROPERTY, str(result.period))
    if unit_name:
        set_property(wb, SUMMARY_UNIT_PROPERTY, unit_name)
    if result.inbox:
        set_property(wb, SUMMARY_INBOX_PROPERTY, result.inbox)
    if result.options.notice is not None:  # a later period's --previous of another notice is told by it
        set_property(wb, SUMMARY_NOTICE_PROPERTY, result.options.notice.id)
    if run:
        set_property(wb, SUMMARY_RUN_PROPERTY, run)
