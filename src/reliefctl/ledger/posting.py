"""Posting: where a purchase, shipment or grant is checked and recorded.

Callers (a CLI command, the spreadsheet import) build requests (``reliefctl.ledger.requests``)
from what the user typed and hand them to a ``Poster`` inside ``ledger.write()`` (``post`` does
both). For each entry the Poster:

1. checks every rule against the books of its session (``reliefctl.ledger.session``): known
   names, stock never negative in date order, funds never overdrawn, refs idempotent
   (``refs``);
2. values each shipment line at the item's moving-average cost (``valuation``);
3. chains the entry to the previous one by hash and queues its rows; ``flush()`` inserts them.

Voids are in ``voids``, master data in ``master``; the Poster offers them too, so a caller
holds one object. Nothing is written unless every queued entry passed and the caller's
transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from reliefctl.db.connect import Ledger
from reliefctl.errors import (
    FundRequired,
    ItemTwice,
    NeedPriceOrTotal,
    OneOf,
    Phrase,
    PurposeRequired,
    ReliefError,
    ShipmentWithoutLines,
    Term,
    TotalRoundsToZero,
    TotalTooLarge,
)
from reliefctl.ledger import claims, configure, kits, master, movements, voids
from reliefctl.ledger.allocations import check_take
from reliefctl.ledger.parse import Qty
from reliefctl.ledger.refs import keyed
from reliefctl.ledger.requests import (
    AllocationRequest,
    AssemblyRequest,
    CountRequest,
    GrantRequest,
    Posted,
    PurchaseRequest,
    ReceiptRequest,
    ShipmentRequest,
    ShippedLine,
    TransferRequest,
    VoidRequest,
    WriteoffRequest,
)
from reliefctl.ledger.session import Rows, Session, row
from reliefctl.ledger.valuation import value_out
from reliefctl.money import MAX_FEN, round_half_up_fen

T = TypeVar("T")


class Poster(Session):
    """Checks and records entries within one write transaction (see the module docstring)."""

    # --- purchases --------------------------------------------------------------------------

    def buy(self, request: PurchaseRequest) -> Posted:
        item_id = self.master.item(request.item)
        location_id = self.location_id(request.at, "at")
        qty = self.base_qty(request.qty, item_id)
        written = self.qty_text(request.qty, item_id)
        fund_id = self.master.fund(request.fund) if request.fund is not None else None
        exact: Decimal | None = None
        if (request.unit_price is None) == (request.total_fen is None):
            raise NeedPriceOrTotal(
                field="unit_price", price_field="unit_price", total_field="total"
            )
        if request.unit_price is not None:
            product = request.unit_price * qty
            total = round_half_up_fen(product)
            if Decimal(total) / 100 != product:
                exact = product
            unit_price_text: str | None = format(request.unit_price.normalize(), "f")
        else:
            assert request.total_fen is not None
            total = request.total_fen
            unit_price_text = None
        if total <= 0:
            raise TotalRoundsToZero(field="unit_price", qty=qty, price=unit_price_text)
        if total > MAX_FEN:
            raise TotalTooLarge(field="total", limit=MAX_FEN)
        day = request.date.isoformat()
        fingerprint: dict[str, Any] = {
            "date": day,
            "item": item_id,
            "qty": qty,
            "total": total,
            "unit_price": unit_price_text,
            "supplier": keyed(request.supplier),
            "fund": fund_id,
            "location": location_id,
            "note": keyed(request.note),
        }
        where = self.location_name(location_id)
        duplicate = self.refs.check("P", request.ref, fingerprint, self.pending_voids)
        if duplicate is not None:
            return Posted(
                duplicate,
                "P",
                duplicate=True,
                amount_fen=total,
                detail={"qty": qty},
                location=where,
            )
        self.check_open(item_id, location_id, day)
        if fund_id is None:
            self._fund_required("what.purchase")
        else:
            check_take(self.fund_book(fund_id), day, total, "what.purchase")
        header = self.new_entry("P", day, request.ref, request.note)
        rows = {
            "purchases": [
                row(
                    "purchases",
                    entry_id=header["id"],
                    date=day,
                    item_id=item_id,
                    qty=qty,
                    total_fen=total,
                    unit_price=unit_price_text,
                    supplier=request.supplier,
                    fund_id=fund_id,
                    location_id=self.stored_location(location_id),
                    qty_text=written,
                )
            ]
        }
        digest = self.queue(header, rows)
        self.move(item_id, location_id, day, qty, total)
        if fund_id is not None:
            self.fund_book(fund_id).spend(day, total)
        self.refs.remember("P", request.ref, header["id"], fingerprint)
        return Posted(
            header["id"],
            "P",
            digest,
            amount_fen=total,
            exact_total=exact,
            detail={"qty": qty, "qty_text": written, "unit": self.master.item_unit(item_id)},
            location=where,
        )

    def _fund_required(self, what: str) -> None:
        """Refuse a purchase or grant without a fund when the ledger requires one, naming the
        funds it could be charged to."""
        if not self.require_fund:
            return
        names = tuple(sorted(self.master.fund_names.values()))
        funds = (
            Phrase("fund.required_one_of", funds=OneOf(names))
            if names
            else Term("fund.required_none")
        )
        raise FundRequired(field="fund", what=Term(what), funds=funds)

    # --- shipments --------------------------------------------------------------------------

    def ship(self, request: ShipmentRequest) -> Posted:
        if not request.lines:
            raise ShipmentWithoutLines(field="item")
        township_id, unit_id = self.master.place(request.to)
        location_id = self.location_id(request.source, "from")
        item_ids: list[int] = []
        quantities: list[tuple[str, int]] = []
        written: list[str | None] = []
        for name, given in request.lines:
            item_id = self.master.item(name)
            if item_id in item_ids:
                raise ItemTwice(field="item", name=name)
            item_ids.append(item_id)
            try:
                quantities.append((name, self.base_qty(given, item_id)))
                written.append(self.qty_text(given, item_id))
            except ReliefError as exc:
                exc.params["item"] = name
                raise
        day = request.date.isoformat()
        fingerprint: dict[str, Any] = {
            "date": day,
            "batch": keyed(request.batch),
            "place": (township_id, unit_id),
            "group": keyed(request.group),
            "lines": sorted(zip(item_ids, (q for _, q in quantities), strict=True)),
            "people": request.people,
            "households": request.households,
            "location": location_id,
            "note": keyed(request.note),
        }
        if request.recipients is not None:
            fingerprint["recipients"] = claims.fingerprint_of(request.recipients)
        where = self.location_name(location_id)
        duplicate = self.refs.check("S", request.ref, fingerprint, self.pending_voids)
        if duplicate is not None:
            return Posted(duplicate, "S", duplicate=True, location=where)
        # Check every line before valuing any, so a refusal leaves the books untouched.
        for (name, qty), item_id in zip(quantities, item_ids, strict=True):
            self.check_out(item_id, location_id, day, qty, name)
        if request.recipients is not None:
            claims.use_fingerprint(self, request.recipients.fingerprint)
        header = self.new_entry("S", day, request.ref, request.note)
        rows: Rows = {}
        batch_id, new_batch = self.open_label(
            "batches", self.master.batches, request.batch, header["id"], rows
        )
        group_id, new_group = self.open_label(
            "beneficiary_groups", self.master.groups, request.group, header["id"], rows
        )
        lines: list[dict[str, Any]] = []
        shipped: list[ShippedLine] = []
        for line_no, ((name, qty), item_id) in enumerate(
            zip(quantities, item_ids, strict=True), start=1
        ):
            book = self.item_book(item_id)
            value = value_out(book, qty)
            self.move(item_id, location_id, day, -qty, -value)
            # Every column of shipment_lines (session.row() would add the missing ones as NULL):
            # written out, since this runs once per line of a million-line import.
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
                    "location_id": self.stored_location(location_id),
                    "households": request.households if line_no == 1 else None,
                    "qty_text": written[line_no - 1],
                }
            )
            shipped.append(ShippedLine(name, book.unit, qty, value, written[line_no - 1]))
        rows["shipment_lines"] = lines
        if request.recipients is not None:
            reached = claims.Slice(day, township_id, unit_id, batch_id, group_id)
            rows["recipient_lines"] = claims.recipient_rows(
                self, header["id"], request.recipients, reached, request.people
            )
        digest = self.queue(header, rows)
        self.refs.remember("S", request.ref, header["id"], fingerprint)
        return Posted(
            header["id"],
            "S",
            digest,
            opened_batch=request.batch if new_batch else None,
            opened_group=request.group if new_group else None,
            amount_fen=sum(line.value_fen for line in shipped),
            lines=shipped,
            location=where,
        )

    # --- grants -----------------------------------------------------------------------------

    def grant(self, request: GrantRequest) -> Posted:
        township_id, unit_id = self.master.place(request.to)
        fund_id = self.master.fund(request.fund) if request.fund is not None else None
        day = request.date.isoformat()
        fingerprint: dict[str, Any] = {
            "date": day,
            "place": (township_id, unit_id),
            "fund": fund_id,
            "batch": keyed(request.batch),
            "group": keyed(request.group),
            "amount": request.amount_fen,
            "people": request.people,
            "households": request.households,
            "purpose": keyed(request.purpose),
            "note": keyed(request.note),
        }
        listing = request.recipients
        if listing is not None:
            fingerprint["recipients"] = claims.fingerprint_of(listing)
            fingerprint["allow_repeat"] = keyed(request.allow_repeat)
        duplicate = self.refs.check("G", request.ref, fingerprint, self.pending_voids)
        if duplicate is not None:
            return Posted(duplicate, "G", duplicate=True, amount_fen=request.amount_fen)
        record: claims.Standing | None = None
        if listing is not None:
            if request.purpose is None:
                raise PurposeRequired(field="purpose")
            claims.grant_amount(request.amount_fen, listing)  # the list's sum, when it has one
            record = claims.standing(self, listing, request.purpose, request.batch, day)
            if request.allow_repeat is None:
                claims.refuse_repeats(record, listing, request.purpose, request.batch, day)
        if fund_id is None:
            self._fund_required("what.grant")
        else:
            check_take(self.fund_book(fund_id), day, request.amount_fen, "what.grant")
        if listing is not None:
            claims.use_fingerprint(self, listing.fingerprint)
        header = self.new_entry("G", day, request.ref, request.note)
        rows: Rows = {}
        batch_id, new_batch = self.open_label(
            "batches", self.master.batches, request.batch, header["id"], rows
        )
        group_id, new_group = self.open_label(
            "beneficiary_groups", self.master.groups, request.group, header["id"], rows
        )
        rows["grants"] = [
            row(
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
                households=request.households,
                repeat_reason=request.allow_repeat,
            )
        ]
        if listing is not None:
            reached = claims.Slice(day, township_id, unit_id, batch_id, group_id)
            rows["recipient_lines"] = claims.recipient_rows(
                self, header["id"], listing, reached, request.people, record
            )
        digest = self.queue(header, rows)
        if fund_id is not None:
            self.fund_book(fund_id).spend(day, request.amount_fen)
        self.refs.remember("G", request.ref, header["id"], fingerprint)
        return Posted(
            header["id"],
            "G",
            digest,
            opened_batch=request.batch if new_batch else None,
            opened_group=request.group if new_group else None,
            amount_fen=request.amount_fen,
        )

    # --- voids and master data (their own modules) -------------------------------------------

    def void(self, request: VoidRequest) -> Posted:
        return voids.void(self, request)

    def add_township(self, name: str, *, force: bool = False) -> Posted:
        return master.add_township(self, name, force=force)

    def add_unit(self, name: str, township: str, *, force: bool = False) -> Posted:
        return master.add_unit(self, name, township, force=force)

    def add_item(self, name: str, unit: str, *, force: bool = False) -> Posted:
        return master.add_item(self, name, unit, force=force)

    def add_pack(self, item: str, name: str, size: int) -> Posted:
        return master.add_pack(self, item, name, size)

    def add_fund(
        self, name: str, allocation: AllocationRequest | int, *, force: bool = False
    ) -> Posted:
        """A fund and its first allocation (an amount in fen alone: undated)."""
        if isinstance(allocation, int):
            allocation = AllocationRequest(name, allocation)
        return master.add_fund(self, name, allocation, force=force)

    def topup_fund(self, allocation: AllocationRequest) -> Posted:
        """An allocation (negative amount: a reduction) to a fund's budget."""
        return master.topup_fund(self, allocation)

    def add_location(
        self, name: str, township: str | None = None, *, force: bool = False
    ) -> Posted:
        return master.add_location(self, name, township, force=force)

    # --- receipts, transfers, write-offs and counts (``movements``) ---------------------------

    def receive(self, request: ReceiptRequest) -> Posted:
        return movements.receive(self, request)

    def transfer(self, request: TransferRequest) -> Posted:
        return movements.transfer(self, request)

    def writeoff(self, request: WriteoffRequest) -> Posted:
        return movements.writeoff(self, request)

    def count(self, request: CountRequest) -> Posted:
        return movements.count(self, request)

    # --- kits (``kits``) ------------------------------------------------------------------------

    def add_kit(
        self, name: str, unit: str, components: list[tuple[str, Qty]], *, force: bool = False
    ) -> Posted:
        return kits.add_kit(self, name, unit, components, force=force)

    def assemble(self, request: AssemblyRequest) -> Posted:
        return kits.assemble(self, request)

    def disassemble(self, request: AssemblyRequest) -> Posted:
        return kits.disassemble(self, request)

    def set_setting(self, name: str, value: str) -> configure.SettingChange:
        return configure.set_setting(self, name, value)


def post(
    ledger: Ledger,
    action: Callable[[Poster], T],
    *,
    operator: str | None = None,
    on_commit: Callable[[list[str]], None] | None = None,
) -> T:
    """Run ``action`` on a Poster inside one write transaction, then insert what it queued.

    Either everything the action posted is committed, or (on any error) nothing is.
    ``on_commit`` receives the ids of the entries recorded, the moment COMMIT succeeds.
    """
    with ledger.write():
        poster = Poster(ledger, operator=operator)
        result = action(poster)
        poster.flush()
        if on_commit is not None:
            recorded = list(poster.recorded)
            ledger.after_commit.append(lambda: on_commit(recorded))
    return result


__all__ = ["Poster", "post"]
