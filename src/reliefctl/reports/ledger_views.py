"""Stock on hand, fund balances and the entry log: plain data for the renderers.

Each function takes an open ``Ledger`` and returns rows; none prints or formats. Money is in
integer fen; the renderers turn it into ``120000.00`` (JSON, CSV) or ``120,000.00`` (tables).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reliefctl.db.connect import Ledger


@dataclass(frozen=True)
class StockRow:
    item: str
    unit: str
    qty: int
    value_fen: int
    bought_qty: int
    bought_fen: int
    shipped_qty: int
    shipped_fen: int


def stock(ledger: Ledger, until: str | None = None) -> list[StockRow]:
    """On hand per item (all items, zero included): bought minus shipped, voids netted out.

    With ``until`` (ISO date), only entries dated on or before it count.
    """
    where = "WHERE date <= ?" if until else ""
    params: tuple[str, ...] = (until,) * 2 if until else ()
    moves = ledger.query(
        "SELECT item_id, SUM(bq), SUM(bv), SUM(sq), SUM(sv) FROM ("
        f" SELECT item_id, qty AS bq, total_fen AS bv, 0 AS sq, 0 AS sv FROM purchases {where}"
        " UNION ALL"
        f" SELECT item_id, 0, 0, qty, value_fen FROM shipment_lines {where}"
        ") AS moves GROUP BY item_id",
        params,
    )
    totals = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in moves}
    rows = []
    for item_id, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id"):
        bq, bv, sq, sv = totals.get(item_id, (0, 0, 0, 0))
        rows.append(StockRow(name, unit, bq - sq, bv - sv, bq, bv, sq, sv))
    return rows


@dataclass(frozen=True)
class FundRow:
    fund: str
    budget_fen: int
    spent_fen: int
    purchases_fen: int
    grants_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.spent_fen


def funds(ledger: Ledger, until: str | None = None) -> list[FundRow]:
    """Budget, spent (purchases + grants charged to it) and remaining, per fund.

    With ``until`` (ISO date), as at the end of that day: allocations recorded on or before
    it, and purchases and grants dated on or before it.
    """
    budget_where = "JOIN entries e ON e.id = b.entry_id WHERE e.event_date <= ?" if until else ""
    spend_where = "AND date <= ?" if until else ""
    params: tuple[str, ...] = (until,) if until else ()
    budgets: dict[int, int] = dict(
        ledger.query(
            f"SELECT b.fund_id, SUM(b.amount_fen) FROM fund_budgets b {budget_where} "
            "GROUP BY b.fund_id",
            params,
        )
    )
    bought: dict[int, int] = dict(
        ledger.query(
            "SELECT fund_id, SUM(total_fen) FROM purchases WHERE fund_id IS NOT NULL "
            f"{spend_where} GROUP BY fund_id",
            params,
        )
    )
    granted: dict[int, int] = dict(
        ledger.query(
            "SELECT fund_id, SUM(amount_fen) FROM grants WHERE fund_id IS NOT NULL "
            f"{spend_where} GROUP BY fund_id",
            params,
        )
    )
    rows = []
    for fund_id, name in ledger.query("SELECT id, name FROM funds ORDER BY id"):
        p, g = int(bought.get(fund_id) or 0), int(granted.get(fund_id) or 0)
        rows.append(FundRow(name, int(budgets.get(fund_id) or 0), p + g, p, g))
    return rows


@dataclass
class LogRow:
    seq: int
    id: str
    kind: str
    date: str
    recorded_at: str
    operator: str
    ref: str | None
    note: str | None
    summary: str = ""
    amount_fen: int | None = None
    people: int | None = None
    voided_by: str | None = None
    details: dict[str, object] = field(default_factory=dict)


def log(ledger: Ledger, since: str | None = None, until: str | None = None) -> list[LogRow]:
    """Entries whose event date lies in [since, until], in the order they were recorded."""
    conditions, params = [], []
    if since:
        conditions.append("e.event_date >= ?")
        params.append(since)
    if until:
        conditions.append("e.event_date <= ?")
        params.append(until)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    entries = {
        row[1]: LogRow(*row)
        for row in ledger.query(
            "SELECT e.seq, e.id, e.kind, e.event_date, e.recorded_at, e.operator, e.ref, e.note "
            f"FROM entries e {where} ORDER BY e.seq",
            params,
        )
    }
    if not entries:
        return []
    joined = f"JOIN entries e ON e.id = x.entry_id {where}"
    for entry_id, voided_by in ledger.query(
        f"SELECT x.voided_entry_id, x.entry_id FROM voids x JOIN entries e "
        f"ON e.id = x.voided_entry_id {where}",
        params,
    ):
        if entry_id in entries:
            entries[entry_id].voided_by = voided_by
    _describe_purchases(ledger, entries, joined, params)
    _describe_shipments(ledger, entries, joined, params)
    _describe_grants(ledger, entries, joined, params)
    _describe_master(ledger, entries, joined, params)
    for entry_id, target, reason in ledger.query(
        f"SELECT x.entry_id, x.voided_entry_id, x.reason FROM voids x {joined}", params
    ):
        row = entries[entry_id]
        row.summary = f"void of {target}: {reason}"
        row.details = {"voids": target, "reason": reason}
    return list(entries.values())


def _describe_purchases(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    for entry_id, item, unit, qty, total, supplier, fund in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.total_fen, x.supplier, f.name "
        f"FROM purchases x JOIN items i ON i.id = x.item_id "
        f"LEFT JOIN funds f ON f.id = x.fund_id {joined}",
        params,
    ):
        row = entries[entry_id]
        if row.kind != "P":
            continue  # a void's reversal row; the void's summary says what it did
        parts = [f"bought {item} ×{qty:,} {unit}"]
        if supplier:
            parts.append(f"from {supplier}")
        if fund:
            parts.append(f"(fund {fund})")
        row.summary = " ".join(parts)
        row.amount_fen = int(total)
        row.details = {"item": item, "qty": int(qty), "supplier": supplier, "fund": fund}


def _describe_shipments(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    lines: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    heads: dict[str, tuple[str, str, str | None, int, str | None]] = {}
    for entry_id, batch, town, unit, group, item, item_unit, qty, value, people in ledger.query(
        "SELECT x.entry_id, b.label, t.name, u.name, g.name, i.name, i.unit, x.qty, x.value_fen, "
        "x.people FROM shipment_lines x JOIN batches b ON b.id = x.batch_id "
        "JOIN townships t ON t.id = x.township_id LEFT JOIN units u ON u.id = x.unit_id "
        "LEFT JOIN beneficiary_groups g ON g.id = x.group_id JOIN items i ON i.id = x.item_id "
        f"{joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entries[entry_id].kind != "S":
            continue
        lines[entry_id].append((item, item_unit, int(qty), int(value)))
        if entry_id not in heads:
            heads[entry_id] = (batch, town, unit, int(people), group)
    for entry_id, items in lines.items():
        batch, town, unit, people, group = heads[entry_id]
        row = entries[entry_id]
        place = f"{town}/{unit}" if unit else town
        goods = ", ".join(f"{item} ×{qty:,} {u}" for item, u, qty, _ in items)
        row.summary = f"batch {batch} → {place}: {goods}"
        row.amount_fen = sum(value for *_, value in items)
        row.people = people
        row.details = {
            "batch": batch,
            "township": town,
            "unit": unit,
            "group": group,
            "lines": [
                {"item": item, "qty": qty, "value_fen": value} for item, _, qty, value in items
            ],
        }


def _describe_grants(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    for entry_id, town, unit, fund, batch, group, amount, people, purpose in ledger.query(
        "SELECT x.entry_id, t.name, u.name, f.name, b.label, g.name, x.amount_fen, x.people, "
        "x.purpose FROM grants x JOIN townships t ON t.id = x.township_id "
        "LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN funds f ON f.id = x.fund_id "
        "LEFT JOIN batches b ON b.id = x.batch_id "
        f"LEFT JOIN beneficiary_groups g ON g.id = x.group_id {joined}",
        params,
    ):
        row = entries[entry_id]
        if row.kind != "G":
            continue
        place = f"{town}/{unit}" if unit else town
        row.summary = f"grant → {place}" + (f" from {fund}" if fund else "")
        if purpose:
            row.summary += f": {purpose}"
        row.amount_fen = int(amount)
        row.people = int(people)
        row.details = {
            "township": town,
            "unit": unit,
            "fund": fund,
            "batch": batch,
            "group": group,
            "purpose": purpose,
        }


def _describe_master(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    queries = {
        "township": f"SELECT x.entry_id, x.name FROM townships x {joined}",
        "unit": f"SELECT x.entry_id, x.name FROM units x {joined}",
        "item": f"SELECT x.entry_id, x.name FROM items x {joined}",
        "fund": f"SELECT x.entry_id, x.name FROM funds x {joined}",
    }
    for label, sql in queries.items():
        for entry_id, name in ledger.query(sql, params):
            if entries[entry_id].kind == "M":
                entries[entry_id].summary = f"new {label} {name}"
    for entry_id, fund, amount in ledger.query(
        f"SELECT x.entry_id, f.name, x.amount_fen FROM fund_budgets x "
        f"JOIN funds f ON f.id = x.fund_id {joined}",
        params,
    ):
        row = entries[entry_id]
        row.amount_fen = int(amount)
        if not row.summary:
            row.summary = f"budget added to fund {fund}"
        else:
            row.summary += " with budget"
