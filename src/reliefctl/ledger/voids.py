"""Voids: a correction is a new entry that reverses an earlier one, with a reason.

A void's *reversal rows* mirror the voided entry's fact rows with the signs flipped and the
original's event date, so every sum over every period and dimension nets the voided entry to
exactly zero without a join; the void's own event date is the day it is recorded. A void is
refused when it would break a rule the original satisfied: stock never negative at any
location in date order, no later, still valid shipment (or write-off) valued with a voided
purchase's or receipt's cost (the moving average mixed it in: void those first), no shipment
voided while a return of it stands (void the return first), and nothing dated before a count
of the item at that location (void the count first: that reopens the past it closed). An
allocation to a fund (``B``) is voided like a fact, refused when its fund would then be
overdrawn on any date. A void cannot be voided, nothing is voided twice, and master data is
not voided (a budget recorded with its fund before allocations were entries is reduced with
``fund reduce``).
"""

from __future__ import annotations

from typing import Any

from reliefctl.errors import (
    AlreadyVoided,
    Term,
    UnknownEntry,
    VoidCostUsed,
    VoidNotCommitted,
    VoidOfMaster,
    VoidOfSetting,
    VoidOfVoid,
    VoidReturned,
    VoidUnstockAt,
    VoidWouldOverdraw,
    VoidWouldUnstock,
)
from reliefctl.ledger.allocations import when_text
from reliefctl.ledger.books import HOME_LOCATION
from reliefctl.ledger.chain import ENTRY_ROW_TABLES
from reliefctl.ledger.requests import Posted, VoidRequest
from reliefctl.ledger.session import Rows, Session, row

#: The columns of a shipment line and of a grant whose sign a void flips (a NULL stays NULL:
#: household-times not given).
SHIPPED_SIGNED = ("qty", "value_fen", "people", "deliveries", "households")
GRANT_SIGNED = ("amount_fen", "people", "grants", "households")
#: A recipient line's (issue 16): the person, the list and its person-times leave the counts.
RECIPIENT_SIGNED = ("persons", "lists", "people", "amount_fen")


def negated(value: Any) -> Any:
    """``-value``, and None for None (a late column that was not set)."""
    return None if value is None else -value


def void(session: Session, request: VoidRequest) -> Posted:
    """Queue a void of ``request.entry_id`` (see the module docstring)."""
    target = request.entry_id
    ledger = session.ledger
    found = ledger.one("SELECT kind, seq FROM entries WHERE id = ?", (target,))
    if found is None:
        if session.is_pending(target):
            raise VoidNotCommitted(entry=target)
        raise UnknownEntry(entry=target)
    kind, seq = str(found[0]), int(found[1])
    if kind == "V":
        raise VoidOfVoid(entry=target)
    if kind == "M":
        raise VoidOfMaster(entry=target)
    if kind == "L":
        raise VoidOfSetting(entry=target)
    earlier = ledger.scalar("SELECT entry_id FROM voids WHERE voided_entry_id = ?", (target,))
    if earlier is not None or target in session.pending_voids:
        raise AlreadyVoided(entry=target, by=earlier or Term("void.by_this_import"))
    header = session.new_entry("V", session.today())
    void_id = header["id"]
    rows: Rows = {
        "voids": [row("voids", entry_id=void_id, voided_entry_id=target, reason=request.reason)]
    }
    try:
        if kind == "P":
            amount = _reverse_purchase(session, target, seq, void_id, rows)
        elif kind == "S":
            amount = _reverse_shipment(session, target, void_id, rows)
        elif kind == "B":
            amount = _reverse_allocation(session, target, void_id, rows)
        elif kind == "G":
            amount = _reverse_grant(session, target, void_id, rows)
        else:
            amount = _REVERSERS[kind](session, target, seq, void_id, rows)
    except BaseException:
        session.give_back("V")
        raise
    digest = session.queue(header, rows)
    session.pending_voids.add(target)
    return Posted(void_id, "V", digest, amount_fen=amount, voided_entry_id=target)


def _reverse_purchase(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    ledger = session.ledger
    found = ledger.one(
        "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id, "
        "COALESCE(location_id, 1), qty_text FROM purchases WHERE entry_id = ?",
        (target,),
    )
    assert found is not None
    day, item_id, qty, total, unit_price, supplier, fund_id, location, written = found
    location_id = int(location)
    session.check_open(int(item_id), location_id, day)
    book = session.location_book(int(item_id), location_id)
    lowest, when = book.lowest_from(day)
    if qty > lowest:
        raise VoidWouldUnstock(
            entry=target, qty=qty, unit=book.unit, item=book.name, when=when, short=lowest - qty
        )
    _cost_used(session, target, seq, int(item_id))
    rows["purchases"] = [
        row(
            "purchases",
            entry_id=void_id,
            date=day,
            item_id=item_id,
            qty=-qty,
            total_fen=-total,
            unit_price=unit_price,
            supplier=supplier,
            fund_id=fund_id,
            location_id=session.stored_location(location_id),
            qty_text=written,
        )
    ]
    session.move(int(item_id), location_id, day, -qty, -total)
    if fund_id is not None:
        session.fund_book(int(fund_id)).spend(str(day), -int(total))
    return int(total)


def _mirror(session: Session, table: str, target: str, void_id: str) -> list[dict[str, Any]]:
    """The rows of ``table`` that ``target`` holds, as the void's rows (signs still as stored)."""
    columns, order = ENTRY_ROW_TABLES[table]
    mirrored = []
    for values in session.ledger.query(
        f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? ORDER BY {', '.join(order)}",
        (target,),
    ):
        line = dict(zip(columns, values, strict=True))
        line["entry_id"] = void_id
        mirrored.append(line)
    return mirrored


def _reverse_shipment(session: Session, target: str, void_id: str, rows: Rows) -> int:
    returned = session.ledger.one(
        "SELECT r.entry_id FROM receipts r WHERE r.of_entry_id = ? AND r.qty > 0 "
        "AND r.entry_id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY r.entry_id",
        (target,),
    )
    pending = [key for key in session.pending_returns if key[0] == target]
    if (returned is not None and str(returned[0]) not in session.pending_voids) or pending:
        raise VoidReturned(entry=target, receipt=returned[0] if returned else target)
    reversal = _mirror(session, "shipment_lines", target, void_id)
    total = 0
    for line in reversal:
        location_id = _location(line)
        session.check_open(int(line["item_id"]), location_id, line["date"])
    for line in reversal:
        for signed in SHIPPED_SIGNED:
            line[signed] = negated(line[signed])
        session.move(
            int(line["item_id"]), _location(line), line["date"], -line["qty"], -line["value_fen"]
        )
        total -= int(line["value_fen"])
    rows["shipment_lines"] = reversal
    _reverse_recipients(session, target, void_id, rows)
    return total


def _reverse_recipients(session: Session, target: str, void_id: str, rows: Rows) -> None:
    """The entry's named persons, if it has a list, reversed with it (out of every count)."""
    reversal = _mirror(session, "recipient_lines", target, void_id)
    for line in reversal:
        for signed in RECIPIENT_SIGNED:
            line[signed] = negated(line[signed])
    if reversal:
        rows["recipient_lines"] = reversal


def _location(line: dict[str, Any]) -> int:
    found = line.get("location_id")
    return HOME_LOCATION if found is None else int(found)


def _take_back(
    session: Session, target: str, item_id: int, location_id: int, day: str, qty: int
) -> None:
    """Refuse a void that takes ``qty`` out of a location's stock it could not give."""
    session.check_open(item_id, location_id, day)
    book = session.location_book(item_id, location_id)
    lowest, when = book.lowest_from(day)
    if qty > lowest:
        raise VoidUnstockAt(
            entry=target,
            item=book.name,
            unit=book.unit,
            location=session.location_name(location_id),
            when=when,
            short=lowest - qty,
        )


def _cost_used(session: Session, target: str, seq: int, item_id: int) -> None:
    """Refuse voiding goods that came in at a value (a purchase, a receipt) when a later, valid
    delivery, write-off or count difference was valued with the average that value was mixed
    into: void those first."""
    used = session.ledger.scalar(
        "SELECT x.entry_id FROM (SELECT entry_id, item_id FROM shipment_lines WHERE qty > 0 "
        "UNION ALL SELECT entry_id, item_id FROM writeoff_lines WHERE qty > 0 "
        "UNION ALL SELECT entry_id, item_id FROM count_lines WHERE qty <> 0 "
        "AND counted_qty <> book_qty "
        "UNION ALL SELECT entry_id, item_id FROM assembly_lines WHERE qty < 0) x "
        "JOIN entries e ON e.id = x.entry_id WHERE x.item_id = ? AND e.seq > ? AND e.kind <> 'V' "
        "AND x.entry_id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY e.seq LIMIT 1",
        (item_id, seq),
    )
    if used is not None and used not in session.pending_voids:
        raise VoidCostUsed(
            entry=target, shipment=used, item=session.master.item_names.get(item_id, "")
        )


def _reverse_receipt(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    (receipt,) = _mirror(session, "receipts", target, void_id)
    item_id, location_id = int(receipt["item_id"]), int(receipt["location_id"])
    qty, value, day = int(receipt["qty"]), int(receipt["value_fen"]), str(receipt["date"])
    _take_back(session, target, item_id, location_id, day, qty)
    if receipt["source"] != "return":
        _cost_used(session, target, seq, item_id)
    receipt["qty"], receipt["value_fen"] = -qty, -value
    rows["receipts"] = [receipt]
    lines = _mirror(session, "shipment_lines", target, void_id)
    for line in lines:
        for signed in SHIPPED_SIGNED:
            line[signed] = negated(line[signed])
    if lines:
        rows["shipment_lines"] = lines
        shipment = str(receipt["of_entry_id"])
        before = session.pending_returns.get((shipment, item_id), (0, 0))
        session.pending_returns[(shipment, item_id)] = (before[0] - qty, before[1] - value)
    session.move(item_id, location_id, day, -qty, -value)
    return value


def _reverse_transfer(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    lines = _mirror(session, "transfer_lines", target, void_id)
    for line in lines:
        item_id, day = int(line["item_id"]), str(line["date"])
        _take_back(session, target, item_id, int(line["to_location_id"]), day, int(line["qty"]))
        session.check_open(item_id, int(line["from_location_id"]), day)
    for line in lines:
        item_id, day, qty = int(line["item_id"]), str(line["date"]), int(line["qty"])
        session.location_book(item_id, int(line["to_location_id"])).add(day, -qty, 0)
        session.location_book(item_id, int(line["from_location_id"])).add(day, qty, 0)
        line["qty"] = -qty
    rows["transfer_lines"] = lines
    return 0


def _reverse_writeoff(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    lines = _mirror(session, "writeoff_lines", target, void_id)
    for line in lines:
        session.check_open(int(line["item_id"]), int(line["location_id"]), str(line["date"]))
    total = 0
    for line in lines:
        qty, value = int(line["qty"]), int(line["value_fen"])
        session.move(int(line["item_id"]), int(line["location_id"]), line["date"], qty, value)
        line["qty"], line["value_fen"] = -qty, -value
        total += value
    rows["writeoff_lines"] = lines
    return total


def _reverse_count(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    lines = _mirror(session, "count_lines", target, void_id)
    session.uncounted(target)
    try:
        for line in lines:
            item_id, location_id = int(line["item_id"]), int(line["location_id"])
            day, qty = str(line["date"]), int(line["qty"])
            if qty > 0:
                _take_back(session, target, item_id, location_id, day, qty)
            else:
                session.check_open(item_id, location_id, day)
    except BaseException:
        for line in lines:
            session.counted(
                int(line["item_id"]), int(line["location_id"]), str(line["date"]), target
            )
        raise
    total = 0
    for line in lines:
        qty, value = int(line["qty"]), int(line["value_fen"])
        session.move(int(line["item_id"]), int(line["location_id"]), line["date"], -qty, -value)
        line["qty"], line["value_fen"] = -qty, -value
        total += abs(value)
    rows["count_lines"] = lines
    return total


def _reverse_assembly(session: Session, target: str, seq: int, void_id: str, rows: Rows) -> int:
    """An assembly or disassembly taken back: every line negated, so stock and value are
    exactly as before. What the entry put in stock (an assembly's kits, a disassembly's
    components) must still be there, and not yet valued into a later delivery, write-off,
    count or assembly (void those first); what it took out comes back."""
    lines = _mirror(session, "assembly_lines", target, void_id)
    for line in lines:
        item_id, location_id = int(line["item_id"]), int(line["location_id"])
        day, qty = str(line["date"]), int(line["qty"])
        if qty > 0:
            _take_back(session, target, item_id, location_id, day, qty)
            _cost_used(session, target, seq, item_id)
        else:
            session.check_open(item_id, location_id, day)
    total = 0
    for line in lines:
        qty, value = int(line["qty"]), int(line["value_fen"])
        session.move(int(line["item_id"]), int(line["location_id"]), line["date"], -qty, -value)
        line["qty"], line["value_fen"] = -qty, -value
        if line["role"] == "kit":
            total = abs(value)
    rows["assembly_lines"] = lines
    return total


_REVERSERS = {
    "R": _reverse_receipt,
    "T": _reverse_transfer,
    "W": _reverse_writeoff,
    "C": _reverse_count,
    "A": _reverse_assembly,
    "D": _reverse_assembly,
}


def _reverse_grant(session: Session, target: str, void_id: str, rows: Rows) -> int:
    (grant,) = _mirror(session, "grants", target, void_id)
    for signed in GRANT_SIGNED:
        grant[signed] = negated(grant[signed])
    rows["grants"] = [grant]
    _reverse_recipients(session, target, void_id, rows)
    if grant["fund_id"] is not None:
        session.fund_book(int(grant["fund_id"])).spend(str(grant["date"]), int(grant["amount_fen"]))
    return -int(grant["amount_fen"])


def _reverse_allocation(session: Session, target: str, void_id: str, rows: Rows) -> int:
    """An allocation taken back: refused if its fund would be overdrawn on any date from the
    allocation's date (the beginning, when undated) on."""
    (allocation,) = _mirror(session, "allocations", target, void_id)
    amount = int(allocation["amount_fen"])
    book = session.fund_book(int(allocation["fund_id"]))
    day = allocation["date"]
    if amount > 0:
        lowest, when = book.lowest_from(day)
        if amount > lowest:
            raise VoidWouldOverdraw(
                entry=target,
                fund=book.name,
                amount=amount,
                when=when_text(when),
                short=lowest - amount,
            )
    allocation["amount_fen"] = -amount
    rows["allocations"] = [allocation]
    book.allocate(day, -amount)
    return amount


__all__ = ["void"]
