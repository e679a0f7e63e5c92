"""What the 公示 page (``reliefctl publish``) discloses: plain data, computed from the report and
the ledger views; ``reliefctl.render.html`` lays it out.

What is published, and what never is
------------------------------------
The page is for the public (信息公开), so it holds only figures and the ledger's own facts:

* the period and when the page was made (in the ledger's time zone);
* the report (``compute_report``: totals, by batch, by township), read through
  ``ROW_FIGURES``/``TOTAL_FIGURES`` so every figure the report has is published;
* funds as at the end of the period (``ledger_views.funds``) and every allocation to them
  (its fund, date, amount and document ref);
* goods received in kind in the period (receipts, kind R, not voided): donated or allotted,
  with the date, item, quantity, stated value and the source as a word (捐赠/donation,
  下拨/allotted). Returns from a delivery are left out: they are not goods received from
  anyone, and the report already lowers the township's goods value by them;
* corrections (更正说明): every void of an entry dated in the period, with the void's and the
  voided entry's ids, the kind and date of what was voided, its amount and the void's reason;
* how to check it: the ledger's latest entry id and hash, for ``reliefctl verify --head``.

**The rule for free text**: the only free text published is a void's reason, because a
correction must say why (``void --help`` says so). Nothing else a clerk types is: no operator
names, no notes, no suppliers, no grant purposes, no recipient units or groups. Refs (document
numbers) are published for allocations only (the allocation document is public by nature).

**Donors' names are not published** (the ``giver`` of a receipt): a donor may be a private
person, whose name is personal information, and reliefctl cannot tell a person from a company;
it is free text a clerk types, like a supplier. Only the kind of source is published. A
federation that wants to thank named donors publicly does so outside this page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.ledger.period import Period
from reliefctl.ledger.settings import ledger_clock
from reliefctl.reports.export import void_rows
from reliefctl.reports.ledger_views import FundRow, funds
from reliefctl.reports.report import Report, compute_report


@dataclass(frozen=True)
class AllocationLine:
    """An allocation to a fund's budget (negative: a reduction); ``date`` None = undated."""

    entry: str
    fund: str
    date: str | None
    amount_fen: int
    ref: str | None


@dataclass(frozen=True)
class Correction:
    """A void published as a correction: no operator, no description, only the reason."""

    entry: str
    voided: str
    kind: str
    date: str
    amount_fen: int
    reason: str


@dataclass(frozen=True)
class ReceivedLine:
    """Goods received in kind: no giver, only the kind of source (``donation``/``allotted``)."""

    entry: str
    date: str
    item: str
    unit: str
    qty: int
    value_fen: int
    source: str


@dataclass(frozen=True)
class Publication:
    since: str | None
    until: str | None
    generated_at: datetime
    #: The ledger's zone with its offset when the page was made: ``Asia/Shanghai (UTC+08:00)``.
    time_zone: str
    report: Report
    funds: list[FundRow]
    allocations: list[AllocationLine]
    received: list[ReceivedLine]
    corrections: list[Correction]
    head_id: str | None
    head_hash: str | None


def zone_text(zone: str, moment: datetime) -> str:
    """``Asia/Shanghai (UTC+08:00)``: a zone and its offset at ``moment``."""
    offset = moment.strftime("%z")
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})" if len(offset) == 5 else zone


def _allocations(ledger: Ledger, until: str | None) -> list[AllocationLine]:
    """Live allocations (entries of kind B not voided; budgets from before allocations had
    dates, undated), dated up to ``until`` or undated, in recording order."""
    live = "e.id NOT IN (SELECT voided_entry_id FROM voids)"
    dated = "" if until is None else " AND (x.date IS NULL OR x.date <= ?)"
    params: list[Any] = [] if until is None else [until]
    rows = ledger.query(
        "SELECT e.id, f.name, x.date, x.amount_fen, e.ref, e.seq FROM allocations x "
        "JOIN entries e ON e.id = x.entry_id JOIN funds f ON f.id = x.fund_id "
        f"WHERE e.kind = 'B' AND {live}{dated} "
        "UNION ALL SELECT e.id, f.name, NULL, x.amount_fen, e.ref, e.seq FROM fund_budgets x "
        "JOIN entries e ON e.id = x.entry_id JOIN funds f ON f.id = x.fund_id "
        f"WHERE {live} ORDER BY 6",
        params,
    )
    return [
        AllocationLine(
            str(entry),
            str(fund),
            None if day is None else str(day),
            int(amount),
            None if ref is None else str(ref),
        )
        for entry, fund, day, amount, ref, _ in rows
    ]


def _received(ledger: Ledger, period: Period) -> list[ReceivedLine]:
    """Live donations and allotments dated in ``period``, by date, then recording order."""
    conditions, params = period.conditions("x.date")
    dated = "".join(f" AND {condition}" for condition in conditions)
    rows = ledger.query(
        "SELECT e.id, x.date, i.name, i.unit, x.qty, x.value_fen, x.source FROM receipts x "
        "JOIN entries e ON e.id = x.entry_id JOIN items i ON i.id = x.item_id "
        "WHERE e.kind = 'R' AND x.source <> 'return' "
        f"AND e.id NOT IN (SELECT voided_entry_id FROM voids){dated} ORDER BY x.date, e.seq",
        params,
    )
    return [
        ReceivedLine(str(entry), str(day), str(item), str(unit), int(qty), int(value), str(src))
        for entry, day, item, unit, qty, value, src in rows
    ]


def compute_publication(ledger: Ledger, period: Period, now: datetime | None = None) -> Publication:
    """Everything the 公示 page shows, for event dates in ``period``; call it inside
    ``ledger.snapshot()`` so every figure is read from one state of the ledger."""
    clock = ledger_clock(ledger)
    generated = (now or clock.now()).astimezone(clock.zone)
    corrections = [
        Correction(str(row[0]), str(row[1]), str(row[2]), str(row[3]), int(row[7]), str(row[10]))
        for row in void_rows(ledger, period, clock)
    ]
    head = ledger.one("SELECT id, hash FROM entries ORDER BY seq DESC LIMIT 1")
    return Publication(
        since=period.since,
        until=period.until,
        generated_at=generated,
        time_zone=zone_text(clock.zone_name, generated),
        report=compute_report(ledger, period),
        funds=funds(ledger, period.until),
        allocations=_allocations(ledger, period.until),
        received=_received(ledger, period),
        corrections=corrections,
        head_id=None if head is None else str(head[0]),
        head_hash=None if head is None else str(head[1]),
    )


__all__ = [
    "AllocationLine",
    "Correction",
    "Publication",
    "ReceivedLine",
    "compute_publication",
    "zone_text",
]
