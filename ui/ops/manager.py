"""The hall manager's screens: the live hall view, the collection report of a day and its
close, and the billing runs.

Everything runs on the server as the session's actor: the hall is the session's, never sent.
The report's files (PDF, Excel, CSV) are written here on the client, from the report the
server returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from app.errors import PermissionDenied
from app.services import billing_runs, cashier, queueing, staff
from app.services.billing_runs import BillingRunInfo, BillingRunResult
from app.services.cashier import DailyReport, DayReportAppendix
from app.services.queueing import QueueStatus
from ui.ops import ServerClient, Work

# --- the hall view ---------------------------------------------------------------------------


def queue_status() -> Work[QueueStatus]:
    """The hall at a glance: waiting per service, windows, today's totals, the notice."""
    return lambda client: client.call(queueing.queue_status)


def set_display_notice(notice: str) -> Work[str]:
    """The hall display's scrolling line (empty: none); the answer is the notice as the
    display shows it (spaces collapsed)."""
    return lambda client: client.call(queueing.set_display_notice, notice=notice)


# --- the collection report and the day close ---------------------------------------------------


@dataclass(frozen=True)
class DayView:
    """A day's report as the screen shows it."""

    report: DailyReport
    names: Mapping[str, str]  # user name -> full name of the hall's staff


@dataclass(frozen=True)
class ReportFile:
    """What a saved file is made of: the report read afresh, with what the PDF adds (the
    company, voided and refunded sums, the audit anchors)."""

    report: DailyReport
    appendix: DayReportAppendix
    names: Mapping[str, str]  # user name -> full name of the hall's staff


def staff_names(client: ServerClient) -> Mapping[str, str]:
    """The hall's staff by user name; none for a role that may not list them (the report
    then names cashiers by their user names)."""
    try:
        people = client.call(staff.list_staff)
    except PermissionDenied:
        return MappingProxyType({})
    return MappingProxyType({info.username: info.full_name for info in people})


def day_view(day: date) -> Work[DayView]:
    """The collection report of a business day of the session's hall, with the names."""

    def load(client: ServerClient) -> DayView:
        report = client.call(cashier.daily_report, day=day)
        return DayView(report, staff_names(client))

    return load


def report_for_file(day: date) -> Work[ReportFile]:
    """The report with its printed form's additions, read together for a file."""

    def load(client: ServerClient) -> ReportFile:
        report, appendix = client.call(cashier.day_report_for_print, day=day)
        return ReportFile(report, appendix, staff_names(client))

    return load


def close_day(day: date, read_back: DailyReport) -> Work[DailyReport]:
    """Close the day; refused while a shift is open or when the figures differ from
    ``read_back`` (what the manager confirmed)."""
    return lambda client: client.call(cashier.close_day, day=day, read_back=read_back)


# --- the billing runs ----------------------------------------------------------------------------


def billing_run_list(limit: int) -> Work[list[BillingRunInfo]]:
    """The newest billing runs of the company, reruns included."""
    return lambda client: client.call(billing_runs.list_runs, limit=limit)


def run_billing(kind: str, period: str, due_on: date) -> Work[BillingRunResult]:
    """Create the bills of a kind and period still missing (a rerun creates only those)."""
    return lambda client: client.call(billing_runs.run_billing, kind=kind, period=period,
                                      due_on=due_on)
