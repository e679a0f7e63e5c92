"""Posting: where a purchase, shipment, grant, void or master-data change is checked and recorded.

Callers (a CLI command, the spreadsheet import) build request objects from what the user typed
(``reliefctl.ledger.parse`` turns text into numbers, dates and names) and hand them to a
``Poster`` inside ``ledger.write()``. The Poster:

1. checks every rule against in-memory books loaded once (``reliefctl.ledger.state``): known
   names, stock never negative in date order, funds never overdrawn, refs idempotent, voids
   legal;
2. values each shipment line at the item's moving-average cost at posting (the last unit out
   takes whatever value remains, so shipped + on hand = bought, to the fen);
3. chains each entry to the previous one by hash (``reliefctl.ledger.chain``);
4. queues the rows; ``flush()`` inserts them with one ``executemany`` per table.

Nothing is written unless every queued entry passed, and the caller's transaction commits.
"""

from __future__ import annotations

import getpass
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from reliefctl.db.connect import Ledger
from reliefctl.ledger.chain import ENTRY_ROW_TABLES, GENESIS_HASH, INSERT_ORDER, entry_hash
from reliefctl.ledger.errors import (
    DuplicateName,
    FundOverdrawn,
    InputError,
    OutOfStock,
    RefConflict,
    UnknownName,
    VoidRefused,
)
from reliefctl.ledger.parse import MAX_FEN, format_fen, round_half_up_fen
from reliefctl.ledger.state import (
    FundBook,
    ItemBook,
    MasterData,
    load_fund_books,
    load_item_books,
)

ENV_OPERATOR = "RELIEFCTL_OPERATOR"

T = TypeVar("T")

KIND_NAMES = {"M": "master data", "P": "purchase", "S": "shipment", "G": "grant", "V": "void"}


def current_operator() -> str:
    """Who is recording: ``RELIEFCTL_OPERATOR``, else the OS user name."""
    name = os.environ.get(ENV_OPERATOR, "").strip()
    if name:
        return name[:100]
    try:
        return getpass.getuser()[:100] or "unknown"
    except Exception:
        return "unknown"


def format_entry_id(kind: str, number: int) -> str:
    return f"{kind}-{number:06d}"


# --- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurchaseRequest:
    date: Date
    item: str
    qty: int
    unit_price: Decimal | None = None
    total_fen: int | None = None
    supplier: str | None = None
    fund: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ShipmentRequest:
    date: Date
    batch: str
    to: str
    lines: Sequence[tuple[str, int]]
    people: int = 0
    group: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class GrantRequest:
    date: Date
    to: str
    amount_fen: int
    fund: str | None = None
    people: int = 0
    group: str | None = None
    batch: str | None = None
    purpose: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class VoidRequest:
    entry_id: str
    reason: str


# --- results ----------------------------------------------------------------------------------


@dataclass
class ShippedLine:
    item: str
    unit: str
    qty: int
    value_fen: int


@dataclass
class Posted:
    """What was recorded (or found already recorded), for the confirmation line."""

    entry_id: str
    kind: str
    hash: str = ""
    #: Set when the ref was already recorded with the same content: nothing new was written.
    duplicate: bool = False
    opened_batch: str | None = None
    opened_group: str | None = None
    amount_fen: int = 0
    #: For a purchase given a unit price: the exact product, when it had to be rounded to the fen.
    exact_total: Decimal | None = None
    lines: list[ShippedLine] = field(default_factory=list)
    voided_entry_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Pending:
    header: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]


def _row(table: str, **values: Any) -> dict[str, Any]:
    columns = ENTRY_ROW_TABLES[table][0]
    return {column: values.get(column) for column in columns}


class Poster:
    """Checks and records entries within one write transaction (see module docstring)."""

    def __init__(self, ledger: Ledger, *, operator: str | None = None, now: datetime | None = None):
        self.ledger = ledger
        self.operator = operator or current_operator()
        self._now = now
        self._stamp, self._stamp_second = "", -1
        self.master = MasterData(ledger)
        self._items: dict[int, ItemBook] = {}
        self._funds: dict[int, FundBook] = {}
        head = ledger.one("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1")
        self._seq, self._head = (int(head[0]), str(head[1])) if head else (0, GENESIS_HASH)
        #: Last entry number per kind, looked up on first use (an index seek, not a scan).
        self._kind_no: dict[str, int] = {}
        self._pending: list[_Pending] = []
        #: (kind, ref) -> (entry_id, fingerprint) of refs recorded in this transaction.
        self._pending_refs: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        self._known_refs: dict[str, set[str]] = {}
        self._pending_voids: set[str] = set()

    # --- books -------------------------------------------------------------------------------

    def preload_all(self) -> None:
        """Load every item's and fund's book at once (for bulk imports)."""
        self._items.update(load_item_books(self.ledger, self.master, None))
        self._funds.update(load_fund_books(self.ledger, self.master, None))
        for kind in ("P", "S", "G"):
            self.preload_refs(kind)

    def _item_book(self, item_id: int) -> ItemBook:
        if item_id not in self._items:
            self._items.update(load_item_books(self.ledger, self.master, [item_id]))
        return self._items[item_id]

    def _fund_book(self, fund_id: int) -> FundBook:
        if fund_id not in self._funds:
            self._funds.update(load_fund_books(self.ledger, self.master, [fund_id]))
        return self._funds[fund_id]

    # --- entries and the chain ---------------------------------------------------------------

    def _timestamp(self) -> str:
        if self._now is not None:
            return self._now.isoformat(timespec="seconds")
        # The text has whole seconds, so read the zone-aware clock once per second rather than
        # once per entry (a bulk import records hundreds of thousands of entries a minute).
        second = int(time.time())
        if second != self._stamp_second:
            moment = datetime.fromtimestamp(second).astimezone()
            self._stamp, self._stamp_second = moment.isoformat(timespec="seconds"), second
        return self._stamp

    def _new_entry(
        self, kind: str, event_date: str, ref: str | None = None, note: str | None = None
    ) -> dict[str, Any]:
        if kind not in self._kind_no:
            last = self.ledger.scalar("SELECT MAX(kind_no) FROM entries WHERE kind = ?", (kind,))
            self._kind_no[kind] = int(last or 0)
        number = self._kind_no[kind] + 1
        self._kind_no[kind] = number
        self._seq += 1
        return {
            "seq": self._seq,
            "id": format_entry_id(kind, number),
            "kind": kind,
            "kind_no": number,
            "event_date": event_date,
            "recorded_at": self._timestamp(),
            "operator": self.operator,
            "ref": ref,
            "note": note,
            "prev_hash": self._head,
        }

    def _queue(self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> str:
        digest = entry_hash(header, rows)
        header["hash"] = digest
        self._head = digest
        self._pending.append(_Pending(header, rows))
        return digest

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Insert every queued entry: one executemany per table, parents first."""
        if not self._pending:
            return
        self.ledger.insert("entries", [p.header for p in self._pending])
        for table in INSERT_ORDER:
            self.ledger.insert(
                table, [row for pending in self._pending for row in pending.rows.get(table, ())]
            )
        self._pending.clear()
        self._pending_refs.clear()

    # --- refs (idempotency) -------------------------------------------------------------------

    def preload_refs(self, kind: str) -> None:
        """Load every live ref of ``kind`` at once (bulk imports: no query per row)."""
        self._known_refs[kind] = {
            str(ref)
            for (ref,) in self.ledger.query(
                "SELECT ref FROM entries WHERE kind = ? AND ref IS NOT NULL "
                "AND id NOT IN (SELECT voided_entry_id FROM voids)",
                (kind,),
            )
        }

    def _ref_recorded(self, kind: str, ref: str) -> bool:
        known = self._known_refs.get(kind)
        if known is not None:
            return ref in known
        return (
            self.ledger.one("SELECT 1 FROM entries WHERE kind = ? AND ref = ? LIMIT 1", (kind, ref))
            is not None
        )

    def _check_ref(self, kind: str, ref: str | None, fingerprint: dict[str, Any]) -> str | None:
        """The id of an identical entry already recorded under ``ref``, or None if it is new."""
        if ref is None:
            return None
        pending = self._pending_refs.get((kind, ref))
        if pending is not None:
            existing_id, existing = pending
        elif self._ref_recorded(kind, ref):
            found = self.ledger.one(
                "SELECT id FROM entries WHERE kind = ? AND ref = ? "
                "AND id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY seq DESC",
                (kind, ref),
            )
            if found is None or str(found[0]) in self._pending_voids:
                return None
            existing_id = str(found[0])
            existing = self._fingerprint_of(existing_id, kind)
        else:
            return None
        if existing != fingerprint:
            differences = sorted(k for k in fingerprint if fingerprint[k] != existing.get(k))
            raise RefConflict(
                f"ref {ref!r} is already recorded as {existing_id} with different "
                f"{', '.join(differences)}; use another --ref, or void {existing_id} first "
                f"(reliefctl void {existing_id} --reason ...)"
            )
        return existing_id

    def _remember_ref(self, kind: str, ref: str | None, entry_id: str, fp: dict[str, Any]) -> None:
        if ref is not None:
            self._pending_refs[(kind, ref)] = (entry_id, fp)
            if kind in self._known_refs:
                self._known_refs[kind].add(ref)

    def _fingerprint_of(self, entry_id: str, kind: str) -> dict[str, Any]:
        """The fingerprint of a recorded entry, built from its rows like a request's."""
        note = self.ledger.scalar("SELECT note FROM entries WHERE id = ?", (entry_id,))
        batches = {v: k for k, v in self.master.batches.items()}
        groups = {v: k for k, v in self.master.groups.items()}
        if kind == "P":
            row = self.ledger.one(
                "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id "
                "FROM purchases WHERE entry_id = ?",
                (entry_id,),
            )
            assert row is not None
            return {
                "date": row[0],
                "item": row[1],
                "qty": row[2],
                "total": row[3],
                "unit_price": row[4],
                "supplier": row[5],
                "fund": row[6],
                "note": note,
            }
        if kind == "S":
            lines = self.ledger.query(
                "SELECT date, batch_id, township_id, unit_id, group_id, item_id, qty, people "
                "FROM shipment_lines WHERE entry_id = ? ORDER BY line_no",
                (entry_id,),
            )
            first = lines[0]
            return {
                "date": first[0],
                "batch": batches.get(first[1]),
                "place": (first[2], first[3]),
                "group": groups.get(first[4]) if first[4] is not None else None,
                "lines": sorted((line[5], line[6]) for line in lines),
                "people": first[7],
                "note": note,
            }
        row = self.ledger.one(
            "SELECT date, township_id, unit_id, fund_id, batch_id, group_id, amount_fen, people, "
            "purpose FROM grants WHERE entry_id = ?",
            (entry_id,),
        )
        assert row is not None
        return {
            "date": row[0],
            "place": (row[1], row[2]),
            "fund": row[3],
            "batch": batches.get(row[4]) if row[4] is not None else None,
            "group": groups.get(row[5]) if row[5] is not None else None,
            "amount": row[6],
            "people": row[7],
            "purpose": row[8],
            "note": note,
        }

    # --- batches and groups (opened by first use) ---------------------------------------------

    def _open_label(
        self,
        table: str,
        mapping: dict[str, int],
        label: str | None,
        entry_id: str,
        rows: dict[str, list[dict[str, Any]]],
    ) -> tuple[int | None, bool]:
        if label is None:
            return None, False
        if label in mapping:
            return mapping[label], False
        new_id = self.master.allocate(table)
        mapping[label] = new_id
        column = "label" if table == "batches" else "name"
        rows.setdefault(table, []).append(
            _row(table, id=new_id, entry_id=entry_id, **{column: label})
        )
        return new_id, True

    # --- purchases --------------------------------------------------------------------------

    def buy(self, request: PurchaseRequest) -> Posted:
        item_id = self.master.item(request.item)
        fund_id = self.master.fund(request.fund) if request.fund is not None else None
        exact: Decimal | None = None
        if (request.unit_price is None) == (request.total_fen is None):
            raise InputError("--unit-price/--total", "give exactly one of --unit-price or --total")
        if request.unit_price is not None:
            product = request.unit_price * request.qty
            total = round_half_up_fen(product)
            if Decimal(total) / 100 != product:
                exact = product
            unit_price_text: str | None = format(request.unit_price.normalize(), "f")
        else:
            assert request.total_fen is not None
            total = request.total_fen
            unit_price_text = None
        if total <= 0:
            raise InputError(
                "--unit-price", f"{request.qty} × {unit_price_text} rounds to 0.00; check the price"
            )
        if total > MAX_FEN:
            raise InputError(
                "--total", f"the total exceeds the largest amount ({format_fen(MAX_FEN)})"
            )
        day = request.date.isoformat()
        fingerprint = {
            "date": day,
            "item": item_id,
            "qty": request.qty,
            "total": total,
            "unit_price": unit_price_text,
            "supplier": request.supplier,
            "fund": fund_id,
            "note": request.note,
        }
        duplicate = self._check_ref("P", request.ref, fingerprint)
        if duplicate is not None:
            return Posted(duplicate, "P", duplicate=True, amount_fen=total)
        if fund_id is not None:
            fund = self._fund_book(fund_id)
            if total > fund.remaining:
                raise FundOverdrawn(
                    f"fund {fund.name!r} has {format_fen(fund.remaining, thousands=True)} 元 "
                    f"remaining; this purchase of {format_fen(total, thousands=True)} 元 would "
                    f"overdraw it (add budget with: reliefctl fund topup {fund.name} --amount ...)"
                )
        header = self._new_entry("P", day, request.ref, request.note)
        rows = {
            "purchases": [
                _row(
                    "purchases",
                    entry_id=header["id"],
                    date=day,
                    item_id=item_id,
                    qty=request.qty,
                    total_fen=total,
                    unit_price=unit_price_text,
                    supplier=request.supplier,
                    fund_id=fund_id,
                )
            ]
        }
        digest = self._queue(header, rows)
        self._item_book(item_id).add(day, request.qty, total)
        if fund_id is not None:
            self._fund_book(fund_id).spent += total
        self._remember_ref("P", request.ref, header["id"], fingerprint)
        return Posted(header["id"], "P", digest, amount_fen=total, exact_total=exact)

    # --- shipments --------------------------------------------------------------------------

    def ship(self, request: ShipmentRequest) -> Posted:
        if not request.lines:
            raise InputError("--item", "a shipment needs at least one --item ITEM=QTY")
        township_id, unit_id = self.master.place(request.to)
        item_ids: list[int] = []
        for name, _qty in request.lines:
            item_id = self.master.item(name)
            if item_id in item_ids:
                raise InputError(
                    "--item", f"{name} appears twice in one shipment; give its total once"
                )
            item_ids.append(item_id)
        day = request.date.isoformat()
        fingerprint = {
            "date": day,
            "batch": request.batch,
            "place": (township_id, unit_id),
            "group": request.group,
            "lines": sorted(zip(item_ids, (q for _, q in request.lines), strict=True)),
            "people": request.people,
            "note": request.note,
        }
        duplicate = self._check_ref("S", request.ref, fingerprint)
        if duplicate is not None:
            return Posted(duplicate, "S", duplicate=True)
        # Check every line before valuing any, so a refusal leaves the books untouched.
        for (name, qty), item_id in zip(request.lines, item_ids, strict=True):
            book = self._item_book(item_id)
            lowest, when = book.lowest_from(day)
            if qty > lowest:
                on_hand = book.balance_at(day)
                later = (
                    ""
                    if when == day
                    else (f"; later shipments already recorded leave only {lowest:,} on {when}")
                )
                raise OutOfStock(
                    f"not enough {name}: {on_hand:,} {book.unit} on hand on {day}{later}; "
                    f"cannot ship {qty:,} (record the purchase first: reliefctl buy ...)"
                )
        header = self._new_entry("S", day, request.ref, request.note)
        rows: dict[str, list[dict[str, Any]]] = {}
        batch_id, new_batch = self._open_label(
            "batches", self.master.batches, request.batch, header["id"], rows
        )
        group_id, new_group = self._open_label(
            "beneficiary_groups", self.master.groups, request.group, header["id"], rows
        )
        lines: list[dict[str, Any]] = []
        shipped: list[ShippedLine] = []
        for line_no, ((name, qty), item_id) in enumerate(
            zip(request.lines, item_ids, strict=True), start=1
        ):
            book = self._item_book(item_id)
            value = self._value_out(book, qty)
            book.add(day, -qty, -value)
            # The columns of ENTRY_ROW_TABLES["shipment_lines"], written out: this runs once per
            # line of a million-line import, where building the row through _row() showed.
            lines.append(
                {
                    "entry_id": header["id"],
                    "line_no": line_no,
                    "date": day,
                    "batch_id": batch_id,
                    "township_id": township_id,
                    "unit_id": unit_id,
                    "group_id": group_id,
                    "item_id": item_id,
                    "qty": qty,
                    "value_fen": value,
                    "people": request.people if line_no == 1 else 0,
                    "deliveries": 1 if line_no == 1 else 0,
                }
            )
            shipped.append(ShippedLine(name, book.unit, qty, value))
        rows["shipment_lines"] = lines
        digest = self._queue(header, rows)
        self._remember_ref("S", request.ref, header["id"], fingerprint)
        return Posted(
            header["id"],
            "S",
            digest,
            opened_batch=request.batch if new_batch else None,
            opened_group=request.group if new_group else None,
            amount_fen=sum(line.value_fen for line in shipped),
            lines=shipped,
        )

    @staticmethod
    def _value_out(book: ItemBook, qty: int) -> int:
        """Moving-average cost of ``qty`` units, in fen; the last units take what remains."""
        if qty >= book.qty_on_hand:
            return book.value_on_hand
        # Round half up: value * qty / on_hand, in integers only.
        return (2 * book.value_on_hand * qty + book.qty_on_hand) // (2 * book.qty_on_hand)

    # --- grants -----------------------------------------------------------------------------

    def grant(self, request: GrantRequest) -> Posted:
        township_id, unit_id = self.master.place(request.to)
        fund_id = self.master.fund(request.fund) if request.fund is not None else None
        day = request.date.isoformat()
        fingerprint = {
            "date": day,
            "place": (township_id, unit_id),
            "fund": fund_id,
            "batch": request.batch,
            "group": request.group,
            "amount": request.amount_fen,
            "people": request.people,
            "purpose": request.purpose,
            "note": request.note,
        }
        duplicate = self._check_ref("G", request.ref, fingerprint)
        if duplicate is not None:
            return Posted(duplicate, "G", duplicate=True, amount_fen=request.amount_fen)
        if fund_id is not None:
            fund = self._fund_book(fund_id)
            if request.amount_fen > fund.remaining:
                raise FundOverdrawn(
                    f"fund {fund.name!r} has {format_fen(fund.remaining, thousands=True)} 元 "
                    f"remaining; this grant of {format_fen(request.amount_fen, thousands=True)} 元 "
                    f"would overdraw it (add budget with: reliefctl fund topup {fund.name} "
                    "--amount ...)"
                )
        header = self._new_entry("G", day, request.ref, request.note)
        rows: dict[str, list[dict[str, Any]]] = {}
        batch_id, new_batch = self._open_label(
            "batches", self.master.batches, request.batch, header["id"], rows
        )
        group_id, new_group = self._open_label(
            "beneficiary_groups", self.master.groups, request.group, header["id"], rows
        )
        rows["grants"] = [
            _row(
                "grants",
                entry_id=header["id"],
                date=day,
                township_id=township_id,
                unit_id=unit_id,
                fund_id=fund_id,
                batch_id=batch_id,
                group_id=group_id,
                amount_fen=request.amount_fen,
                people=request.people,
                grants=1,
                purpose=request.purpose,
            )
        ]
        digest = self._queue(header, rows)
        if fund_id is not None:
            self._fund_book(fund_id).spent += request.amount_fen
        self._remember_ref("G", request.ref, header["id"], fingerprint)
        return Posted(
            header["id"],
            "G",
            digest,
            opened_batch=request.batch if new_batch else None,
            opened_group=request.group if new_group else None,
            amount_fen=request.amount_fen,
        )

    # --- voids ------------------------------------------------------------------------------

    def void(self, request: VoidRequest, *, today: Date | None = None) -> Posted:
        target = request.entry_id
        found = self.ledger.one("SELECT kind, seq FROM entries WHERE id = ?", (target,))
        if found is None:
            pending = next((p for p in self._pending if p.header["id"] == target), None)
            if pending is None:
                raise UnknownName(
                    f"no entry {target} in this ledger; list entries with: reliefctl log"
                )
            raise VoidRefused(f"{target} is not committed yet; void it in a later command")
        kind, seq = str(found[0]), int(found[1])
        if kind == "V":
            raise VoidRefused(
                f"{target} is a void; a void cannot be voided (record the entry again)"
            )
        if kind == "M":
            raise VoidRefused(
                f"{target} is a master-data entry (township, unit, item, fund or budget); "
                "only purchases, shipments and grants can be voided"
            )
        earlier = self.ledger.scalar(
            "SELECT entry_id FROM voids WHERE voided_entry_id = ?", (target,)
        )
        if earlier is not None or target in self._pending_voids:
            raise VoidRefused(f"{target} is already voided by {earlier or 'this import'}")
        day = (today or Date.today()).isoformat()
        header = self._new_entry("V", day)
        void_id = header["id"]
        rows: dict[str, list[dict[str, Any]]] = {
            "voids": [
                _row("voids", entry_id=void_id, voided_entry_id=target, reason=request.reason)
            ]
        }
        amount = 0
        try:
            if kind == "P":
                amount = self._reverse_purchase(target, seq, void_id, rows)
            elif kind == "S":
                amount = self._reverse_shipment(target, void_id, rows)
            else:
                amount = self._reverse_grant(target, void_id, rows)
        except BaseException:
            # Give back the entry number and sequence we took for the refused void.
            self._kind_no["V"] -= 1
            self._seq -= 1
            raise
        digest = self._queue(header, rows)
        self._pending_voids.add(target)
        return Posted(void_id, "V", digest, amount_fen=amount, voided_entry_id=target)

    def _reverse_purchase(
        self, target: str, seq: int, void_id: str, rows: dict[str, list[dict[str, Any]]]
    ) -> int:
        row = self.ledger.one(
            "SELECT date, item_id, qty, total_fen, unit_price, supplier, fund_id "
            "FROM purchases WHERE entry_id = ?",
            (target,),
        )
        assert row is not None
        day, item_id, qty, total, unit_price, supplier, fund_id = row
        book = self._item_book(int(item_id))
        lowest, when = book.lowest_from(day)
        if qty > lowest:
            raise VoidRefused(
                f"cannot void {target}: its {qty:,} {book.unit} of {book.name} were already "
                f"shipped (stock on {when} would be {lowest - qty:,}); void those shipments first"
            )
        used = self.ledger.scalar(
            "SELECT sl.entry_id FROM shipment_lines sl JOIN entries e ON e.id = sl.entry_id "
            "WHERE sl.item_id = ? AND sl.qty > 0 AND e.seq > ? "
            "AND sl.entry_id NOT IN (SELECT voided_entry_id FROM voids) ORDER BY e.seq LIMIT 1",
            (item_id, seq),
        )
        if used is not None and used not in self._pending_voids:
            raise VoidRefused(
                f"cannot void {target}: shipment {used} of {book.name} was valued with its cost "
                f"after it was recorded; void {used} (and any later ones) first"
            )
        rows["purchases"] = [
            _row(
                "purchases",
                entry_id=void_id,
                date=day,
                item_id=item_id,
                qty=-qty,
                total_fen=-total,
                unit_price=unit_price,
                supplier=supplier,
                fund_id=fund_id,
            )
        ]
        book.add(day, -qty, -total)
        if fund_id is not None:
            self._fund_book(int(fund_id)).spent -= int(total)
        return int(total)

    def _reverse_shipment(
        self, target: str, void_id: str, rows: dict[str, list[dict[str, Any]]]
    ) -> int:
        columns = ENTRY_ROW_TABLES["shipment_lines"][0]
        lines = self.ledger.query(
            f"SELECT {', '.join(columns)} FROM shipment_lines WHERE entry_id = ? ORDER BY line_no",
            (target,),
        )
        reversal: list[dict[str, Any]] = []
        total = 0
        for values in lines:
            line = dict(zip(columns, values, strict=True))
            for signed in ("qty", "value_fen", "people", "deliveries"):
                line[signed] = -line[signed]
            line["entry_id"] = void_id
            reversal.append(line)
            self._item_book(int(line["item_id"])).add(
                line["date"], -line["qty"], -line["value_fen"]
            )
            total -= int(line["value_fen"])
        rows["shipment_lines"] = reversal
        return total

    def _reverse_grant(
        self, target: str, void_id: str, rows: dict[str, list[dict[str, Any]]]
    ) -> int:
        columns = ENTRY_ROW_TABLES["grants"][0]
        values = self.ledger.one(
            f"SELECT {', '.join(columns)} FROM grants WHERE entry_id = ?", (target,)
        )
        assert values is not None
        grant = dict(zip(columns, values, strict=True))
        for signed in ("amount_fen", "people", "grants"):
            grant[signed] = -grant[signed]
        grant["entry_id"] = void_id
        rows["grants"] = [grant]
        if grant["fund_id"] is not None:
            self._fund_book(int(grant["fund_id"])).spent += int(grant["amount_fen"])
        return -int(grant["amount_fen"])

    # --- master data ------------------------------------------------------------------------

    def _master_entry(self, table: str, **values: Any) -> Posted:
        header = self._new_entry("M", (self._now or datetime.now()).date().isoformat())
        row_values = dict(values)
        if "id" in ENTRY_ROW_TABLES[table][0]:
            row_values["id"] = self.master.allocate(table)
        row_values["entry_id"] = header["id"]
        rows = {table: [_row(table, **row_values)]}
        digest = self._queue(header, rows)
        return Posted(header["id"], "M", digest, detail=row_values)

    def _check_new_place_name(self, name: str) -> None:
        if name in self.master.townships:
            raise DuplicateName(f"{name!r} is already a township; places need distinct names")
        if name in self.master.units:
            raise DuplicateName(f"{name!r} is already a unit; places need distinct names")

    def add_township(self, name: str) -> Posted:
        if name in self.master.townships:
            return Posted("", "M", duplicate=True, detail={"name": name})
        self._check_new_place_name(name)
        posted = self._master_entry("townships", name=name)
        self.master.townships[name] = posted.detail["id"]
        self.master.township_names[posted.detail["id"]] = name
        return posted

    def add_unit(self, name: str, township: str) -> Posted:
        township_id = self.master.township(township)
        if name in self.master.units:
            if self.master.units[name][1] == township_id:
                return Posted("", "M", duplicate=True, detail={"name": name})
            other = self.master.township_names[self.master.units[name][1]]
            raise DuplicateName(f"unit {name!r} already exists, in township {other!r}")
        self._check_new_place_name(name)
        posted = self._master_entry("units", name=name, township_id=township_id)
        self.master.units[name] = (posted.detail["id"], township_id)
        return posted

    def add_item(self, name: str, unit: str) -> Posted:
        if name in self.master.items:
            if self.master.items[name][1] == unit:
                return Posted("", "M", duplicate=True, detail={"name": name})
            raise DuplicateName(
                f"item {name!r} already exists, counted in {self.master.items[name][1]!r}"
            )
        posted = self._master_entry("items", name=name, unit=unit)
        self.master.items[name] = (posted.detail["id"], unit)
        return posted

    def add_fund(self, name: str, budget_fen: int) -> Posted:
        if name in self.master.funds:
            book = self._fund_book(self.master.funds[name])
            if book.budget == budget_fen:
                return Posted("", "M", duplicate=True, detail={"name": name})
            raise DuplicateName(
                f"fund {name!r} already exists with budget "
                f"{format_fen(book.budget, thousands=True)} 元; to add money use: "
                f"reliefctl fund topup {name} --amount ..."
            )
        header = self._new_entry("M", (self._now or datetime.now()).date().isoformat())
        fund_id = self.master.allocate("funds")
        rows = {
            "funds": [_row("funds", id=fund_id, name=name, entry_id=header["id"])],
            "fund_budgets": [
                _row("fund_budgets", entry_id=header["id"], fund_id=fund_id, amount_fen=budget_fen)
            ],
        }
        digest = self._queue(header, rows)
        self.master.funds[name] = fund_id
        self._funds[fund_id] = FundBook(fund_id, name, budget=budget_fen)
        return Posted(header["id"], "M", digest, amount_fen=budget_fen, detail={"name": name})

    def topup_fund(self, name: str, amount_fen: int, note: str | None = None) -> Posted:
        fund_id = self.master.fund(name)
        book = self._fund_book(fund_id)
        if book.budget + amount_fen > MAX_FEN:
            raise InputError("--amount", f"the budget would exceed {format_fen(MAX_FEN)}")
        header = self._new_entry("M", (self._now or datetime.now()).date().isoformat(), note=note)
        rows = {
            "fund_budgets": [
                _row("fund_budgets", entry_id=header["id"], fund_id=fund_id, amount_fen=amount_fen)
            ]
        }
        digest = self._queue(header, rows)
        book.budget += amount_fen
        return Posted(header["id"], "M", digest, amount_fen=amount_fen, detail={"name": name})


def post(ledger: Ledger, action: Callable[[Poster], T]) -> T:
    """Run ``action`` on a Poster inside one write transaction, then insert what it queued.

    Either everything the action posted is committed, or (on any error) nothing is.
    """
    with ledger.write():
        poster = Poster(ledger)
        result = action(poster)
        poster.flush()
    return result
