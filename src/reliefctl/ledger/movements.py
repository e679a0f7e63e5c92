"""Receipts, transfers, write-offs and counts: goods that move without a purchase or delivery.

Each is an entry of its own kind, chained, idempotent by ``--ref`` and voidable, posted through
the session's books like a purchase or shipment (``reliefctl.ledger.session``):

* **receipt** (``R-``): goods that came in without being bought, at a stated value (``--value``,
  or ``--unit-value`` × quantity; 0 allowed when given): a donation (``donation``, 捐赠) or goods
  allotted by a higher body (``allotted``, 下拨). No fund is charged. A **return** (``return``,
  退回) names the delivery it comes back from: it reverses that part of the shipment's line at
  the value the goods left with (its share, rounded half up; the last units back take exactly
  what is left), as negative shipment lines under the receipt, so the township's goods value
  falls and its person-times stay.
* **transfer** (``T-``): quantities move from one location to another; value does not (the
  moving-average cost is one pool per item across locations).
* **write-off** (``W-``): goods lost (expired, damaged, lost, stolen, other), valued at the
  item's average cost at posting: losses, never a township's spend.
* **count** (``C-``): a stocktake at one location. The difference between what was counted and
  the book quantity there (everything dated on or before the count's date, recorded before
  it) is posted as a count gain or loss at the average cost (a gain of an item with nothing on
  hand anywhere enters at 0.00). A count closes the past for that item at that location: a
  movement dated before it is refused; one of the same date recorded later is after it.

Stock never goes negative at any location on any date, as for shipments.
"""

from __future__ import annotations

from typing import Any, Final

from reliefctl.errors import (
    AlreadyVoided,
    MovementItemTwice,
    MovementWithoutLines,
    OfOnlyForReturn,
    ReceiveNeedsValue,
    ReliefError,
    ReturnNeedsShipment,
    ReturnNotShipped,
    ReturnOfWhat,
    TotalTooLarge,
    TransferToItself,
    UnknownReason,
    UnknownSource,
)
from reliefctl.ledger.books import HOME_LOCATION
from reliefctl.ledger.parse import Qty, text_key
from reliefctl.ledger.refs import keyed
from reliefctl.ledger.requests import (
    CountRequest,
    MovedLine,
    Posted,
    ReceiptRequest,
    TransferRequest,
    WriteoffRequest,
)
from reliefctl.ledger.session import Rows, Session, row
from reliefctl.ledger.valuation import value_out
from reliefctl.money import MAX_FEN, round_half_up_fen

#: Receipt sources: code -> the words accepted for it (the code itself, and Chinese).
SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "donation": ("捐赠", "捐助", "社会捐赠"),
    "allotted": ("下拨", "上级下拨", "调拨"),
    "return": ("退回", "退库"),
}
#: Write-off reasons: code -> the words accepted for it.
REASONS: Final[dict[str, tuple[str, ...]]] = {
    "expired": ("过期",),
    "damaged": ("损坏", "破损"),
    "lost": ("丢失", "遗失"),
    "stolen": ("被盗",),
    "other": ("其他",),
}


def _code(text: str, codes: dict[str, tuple[str, ...]]) -> str | None:
    key = text_key(text)
    for code, words in codes.items():
        if key == code or key in (text_key(word) for word in words):
            return code
    return None


def source_code(text: str, field: str = "source") -> str:
    """``donation``/``allotted``/``return``, from the code or its Chinese word (捐赠 …)."""
    found = _code(text, SOURCES)
    if found is None:
        raise UnknownSource(field=field, value=text, known=list(SOURCES))
    return found


def reason_code(text: str, field: str = "reason") -> str:
    """``expired``/``damaged``/``lost``/``stolen``/``other``, or its Chinese word (过期 …)."""
    found = _code(text, REASONS)
    if found is None:
        raise UnknownReason(field=field, value=text, known=list(REASONS))
    return found


def _lines(session: Session, lines: Any) -> list[tuple[str, int, int]]:
    """(name as typed, item id, quantity in the item's unit) per line; each item once."""
    if not lines:
        raise MovementWithoutLines(field="item")
    found: list[tuple[str, int, int]] = []
    seen: set[int] = set()
    for name, given in lines:
        item_id = session.master.item(name)
        if item_id in seen:
            raise MovementItemTwice(field="item", name=name)
        seen.add(item_id)
        try:
            found.append((name, item_id, _base(session, given, item_id)))
        except ReliefError as exc:
            exc.params["item"] = name
            raise
    return found


def _base(session: Session, qty: Qty, item_id: int) -> int:
    return session.base_qty(qty, item_id)


def _written(session: Session, lines: Any) -> dict[int, str | None]:
    """Item id -> the line's quantity as written when it names a pack (``Session.qty_text``)."""
    return {
        (item_id := session.master.item(name)): session.qty_text(given, item_id)
        for name, given in lines
    }


def _unit(session: Session, item_id: int) -> str:
    return session.master.item_unit(item_id)


# --- receipts -------------------------------------------------------------------------------------


def receive(session: Session, request: ReceiptRequest) -> Posted:
    item_id = session.master.item(request.item)
    location_id = session.location_id(request.at, "at")
    qty = _base(session, request.qty, item_id)
    day = request.date.isoformat()
    where = session.location_name(location_id)
    unit_value: str | None = None
    if request.source == "return":
        if request.of is None:
            raise ReturnNeedsShipment(field="of", source_field="source")
        if request.value_fen is not None or request.unit_value is not None:
            raise ReturnNeedsShipment(field="value", source_field="source")
        value = 0
    else:
        if request.of is not None:
            raise OfOnlyForReturn(field="of", source_field="source")
        if (request.value_fen is None) == (request.unit_value is None):
            raise ReceiveNeedsValue(field="value", price_field="unit_value", total_field="value")
        if request.unit_value is not None:
            value = round_half_up_fen(request.unit_value * qty)
            unit_value = format(request.unit_value.normalize(), "f")
        else:
            assert request.value_fen is not None
            value = request.value_fen
        if value > MAX_FEN:
            raise TotalTooLarge(field="value", limit=MAX_FEN)
    fingerprint: dict[str, Any] = {
        "date": day,
        "item": item_id,
        "location": location_id,
        "qty": qty,
        # A return's value is what the shipment's line gives it: not part of what is compared.
        "value": None if request.source == "return" else value,
        "unit_value": unit_value,
        "source": request.source,
        "giver": keyed(request.giver),
        "of": request.of,
        "note": keyed(request.note),
    }
    duplicate = session.refs.check("R", request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, "R", duplicate=True, location=where, detail={"qty": qty})
    session.check_open(item_id, location_id, day)
    header = session.new_entry("R", day, request.ref, request.note)
    rows: Rows = {}
    try:
        if request.source == "return":
            assert request.of is not None
            value = _return_lines(session, request.of, item_id, qty, day, location_id, header, rows)
    except BaseException:
        session.give_back("R")
        raise
    rows["receipts"] = [
        row(
            "receipts",
            entry_id=header["id"],
            date=day,
            location_id=location_id,
            item_id=item_id,
            qty=qty,
            value_fen=value,
            source=request.source,
            giver=request.giver,
            unit_value=unit_value,
            of_entry_id=request.of,
            qty_text=session.qty_text(request.qty, item_id),
        )
    ]
    digest = session.queue(header, rows)
    session.move(item_id, location_id, day, qty, value)
    session.refs.remember("R", request.ref, header["id"], fingerprint)
    line = MovedLine(
        session.master.item_names[item_id],
        _unit(session, item_id),
        qty,
        value,
        qty_text=session.qty_text(request.qty, item_id),
    )
    return Posted(
        header["id"],
        "R",
        digest,
        amount_fen=value,
        lines=[],
        location=where,
        detail={"qty": qty, "line": line},
    )


def returned_so_far(session: Session, shipment: str, item_id: int) -> tuple[int, int]:
    """Quantity and value of the item already returned from ``shipment`` (net of voids)."""
    found = session.ledger.one(
        "SELECT SUM(qty), SUM(value_fen) FROM receipts WHERE of_entry_id = ? AND item_id = ?",
        (shipment, item_id),
    )
    qty, value = (0, 0) if found is None else (int(found[0] or 0), int(found[1] or 0))
    pending = session.pending_returns.get((shipment, item_id), (0, 0))
    return qty + pending[0], value + pending[1]


def _return_lines(
    session: Session,
    shipment: str,
    item_id: int,
    qty: int,
    day: str,
    location_id: int,
    header: dict[str, Any],
    rows: Rows,
) -> int:
    """Queue the negative shipment line of a return; its value (the share of the line's)."""
    ledger = session.ledger
    kind = ledger.scalar("SELECT kind FROM entries WHERE id = ?", (shipment,))
    item = session.master.item_names[item_id]
    if kind != "S":
        raise ReturnOfWhat(field="of", entry=shipment, item=item)
    voided = ledger.scalar("SELECT entry_id FROM voids WHERE voided_entry_id = ?", (shipment,))
    if voided is not None or shipment in session.pending_voids:
        raise AlreadyVoided(field="of", entry=shipment, by=voided or shipment)
    columns = (
        "date",
        "batch_id",
        "township_id",
        "unit_id",
        "group_id",
        "item_id",
        "qty",
        "value_fen",
    )
    found = ledger.one(
        f"SELECT {', '.join(columns)} FROM shipment_lines WHERE entry_id = ? AND item_id = ?",
        (shipment, item_id),
    )
    if found is None:
        raise ReturnOfWhat(field="of", entry=shipment, item=item)
    line = dict(zip(columns, found, strict=True))
    back_qty, back_value = returned_so_far(session, shipment, item_id)
    left = int(line["qty"]) - back_qty
    if qty > left:
        raise ReturnNotShipped(
            field="qty", entry=shipment, item=item, shipped=int(line["qty"]), left=left, qty=qty
        )
    shipped_value = int(line["value_fen"])
    if qty == left:
        value = shipped_value - back_value
    else:
        value = (2 * shipped_value * qty + int(line["qty"])) // (2 * int(line["qty"]))
    rows["shipment_lines"] = [
        {
            "entry_id": header["id"],
            "line_no": 1,
            "date": day,
            "batch_id": line["batch_id"],
            "township_id": line["township_id"],
            "unit_id": line["unit_id"],
            "group_id": line["group_id"],
            "item_id": item_id,
            "qty": -qty,
            "value_fen": -value,
            "people": 0,
            "deliveries": 0,
            "location_id": session.stored_location(location_id),
            "households": None,
            # The return's quantity as written is kept on its receipts row.
            "qty_text": None,
        }
    ]
    before = session.pending_returns.get((shipment, item_id), (0, 0))
    session.pending_returns[(shipment, item_id)] = (before[0] + qty, before[1] + value)
    return value


# --- transfers --------------------------------------------------------------------------------


def transfer(session: Session, request: TransferRequest) -> Posted:
    source = session.location_id(request.source, "from")
    destination = session.location_id(request.destination, "to")
    if source == destination:
        raise TransferToItself(field="to", location=session.location_name(source))
    lines = _lines(session, request.lines)
    written = _written(session, request.lines)
    day = request.date.isoformat()
    fingerprint = {
        "date": day,
        "from": source,
        "to": destination,
        "lines": sorted((item_id, qty) for _name, item_id, qty in lines),
        "note": keyed(request.note),
    }
    where = session.location_name(source)
    duplicate = session.refs.check("T", request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, "T", duplicate=True, location=where)
    for name, item_id, qty in lines:
        session.check_out(item_id, source, day, qty, name)
        session.check_open(item_id, destination, day)
    header = session.new_entry("T", day, request.ref, request.note)
    rows: Rows = {"transfer_lines": []}
    moved = []
    for line_no, (_name, item_id, qty) in enumerate(lines, start=1):
        rows["transfer_lines"].append(
            row(
                "transfer_lines",
                entry_id=header["id"],
                line_no=line_no,
                date=day,
                from_location_id=source,
                to_location_id=destination,
                item_id=item_id,
                qty=qty,
                qty_text=written[item_id],
            )
        )
        session.location_book(item_id, source).add(day, -qty, 0)
        session.location_book(item_id, destination).add(day, qty, 0)
        name, unit = session.master.item_names[item_id], _unit(session, item_id)
        moved.append(MovedLine(name, unit, qty, qty_text=written[item_id]))
    digest = session.queue(header, rows)
    session.refs.remember("T", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"],
        "T",
        digest,
        location=where,
        detail={"to": session.location_name(destination), "moved": moved},
    )


# --- write-offs -------------------------------------------------------------------------------


def writeoff(session: Session, request: WriteoffRequest) -> Posted:
    location_id = session.location_id(request.at, "at")
    lines = _lines(session, request.lines)
    written = _written(session, request.lines)
    day = request.date.isoformat()
    fingerprint = {
        "date": day,
        "location": location_id,
        "reason": request.reason,
        "lines": sorted((item_id, qty) for _name, item_id, qty in lines),
        "note": keyed(request.note),
    }
    where = session.location_name(location_id)
    duplicate = session.refs.check("W", request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, "W", duplicate=True, location=where)
    for name, item_id, qty in lines:
        session.check_out(item_id, location_id, day, qty, name)
    header = session.new_entry("W", day, request.ref, request.note)
    rows: Rows = {"writeoff_lines": []}
    moved = []
    for line_no, (_name, item_id, qty) in enumerate(lines, start=1):
        value = value_out(session.item_book(item_id), qty)
        session.move(item_id, location_id, day, -qty, -value)
        rows["writeoff_lines"].append(
            row(
                "writeoff_lines",
                entry_id=header["id"],
                line_no=line_no,
                date=day,
                location_id=location_id,
                item_id=item_id,
                qty=qty,
                value_fen=value,
                reason=request.reason,
                qty_text=written[item_id],
            )
        )
        name, unit = session.master.item_names[item_id], _unit(session, item_id)
        moved.append(MovedLine(name, unit, qty, value, qty_text=written[item_id]))
    digest = session.queue(header, rows)
    session.refs.remember("W", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"],
        "W",
        digest,
        amount_fen=sum(line.value_fen for line in moved),
        location=where,
        detail={"moved": moved},
    )


# --- counts -----------------------------------------------------------------------------------


def gain_value(qty_on_hand: int, value_on_hand: int, qty: int) -> int:
    """The average cost of ``qty`` more units (0.00 when nothing is on hand to average)."""
    if qty_on_hand <= 0:
        return 0
    return (2 * value_on_hand * qty + qty_on_hand) // (2 * qty_on_hand)


def count(session: Session, request: CountRequest) -> Posted:
    from reliefctl.errors import CountStale

    location_id = session.location_id(request.at, "at")
    lines = _lines(session, request.lines)
    written = _written(session, request.lines)
    day = request.date.isoformat()
    fingerprint = {
        "date": day,
        "location": location_id,
        "lines": sorted((item_id, qty) for _name, item_id, qty in lines),
        "note": keyed(request.note),
    }
    where = session.location_name(location_id)
    duplicate = session.refs.check("C", request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, "C", duplicate=True, location=where)
    books = []
    for name, item_id, counted in lines:
        session.check_open(item_id, location_id, day)
        book = session.location_book(item_id, location_id).balance_at(day)
        if request.expected_book is not None:
            expected = request.expected_book.get(name)
            if expected is not None and expected != book:
                raise CountStale(item=name, location=where, expected=expected, book=book, day=day)
        if counted < book:
            session.check_out(item_id, location_id, day, book - counted, name)
        books.append(book)
    header = session.new_entry("C", day, request.ref, request.note)
    rows: Rows = {"count_lines": []}
    moved = []
    for line_no, ((_name, item_id, counted), book) in enumerate(
        zip(lines, books, strict=True), start=1
    ):
        pool = session.item_book(item_id)
        difference = counted - book
        if difference > 0:
            value = gain_value(pool.qty_on_hand, pool.value_on_hand, difference)
        elif difference < 0:
            value = -value_out(pool, -difference)
        else:
            value = 0
        session.move(item_id, location_id, day, difference, value)
        session.counted(item_id, location_id, day, str(header["id"]))
        rows["count_lines"].append(
            row(
                "count_lines",
                entry_id=header["id"],
                line_no=line_no,
                date=day,
                location_id=location_id,
                item_id=item_id,
                book_qty=book,
                counted_qty=counted,
                qty=difference,
                value_fen=value,
                qty_text=written[item_id],
            )
        )
        moved.append(
            MovedLine(
                session.master.item_names[item_id],
                _unit(session, item_id),
                difference,
                value,
                book_qty=book,
                counted_qty=counted,
                qty_text=written[item_id],
            )
        )
    digest = session.queue(header, rows)
    session.refs.remember("C", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"],
        "C",
        digest,
        amount_fen=sum(line.value_fen for line in moved),
        location=where,
        detail={"moved": moved},
    )


__all__ = [
    "HOME_LOCATION",
    "REASONS",
    "SOURCES",
    "count",
    "gain_value",
    "reason_code",
    "receive",
    "returned_so_far",
    "source_code",
    "transfer",
    "writeoff",
]
