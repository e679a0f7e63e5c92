"""A write session: the entries one transaction adds, chained by hash, and the books they use.

``Session`` is what every kind of posting shares (``reliefctl.ledger.posting`` for purchases,
shipments and grants, ``voids``, ``master``): the write transaction's ledger, who records
and when, the master data and the stock and fund books loaded once (``books``), the ref
index (``refs``), and the journal of entries it queued. Each new entry takes the next ``seq``
and number of its kind, is hashed onto the chain head (``reliefctl.ledger.chain``) and queued;
``flush`` inserts the queue with one ``executemany`` per table. Nothing is written unless the
caller's transaction commits.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.db.tables import KEYED
from reliefctl.errors import (
    CountClosed,
    LedgerTotalTooLarge,
    LocationEnvUnknown,
    OutOfStock,
    Phrase,
    Term,
)
from reliefctl.ledger import parse
from reliefctl.ledger.books import (
    HOME_LOCATION,
    FundBook,
    ItemBook,
    MasterData,
    count_dates,
    gross_of,
    gross_totals,
    load_fund_books,
    load_item_books,
    load_location_books,
)
from reliefctl.ledger.chain import ENTRY_ROW_TABLES, GENESIS_HASH, INSERT_ORDER, entry_hash
from reliefctl.ledger.clock import Clock
from reliefctl.ledger.refs import Refs
from reliefctl.ledger.settings import LOCATION, ledger_clock, requires_fund, value
from reliefctl.money import GROSS_LIMIT

ENV_OPERATOR = "RELIEFCTL_OPERATOR"
#: Set on a station's machine: the location its commands use when none is given.
ENV_LOCATION = "RELIEFCTL_LOCATION"

Rows = dict[str, list[dict[str, Any]]]


def current_operator() -> str:
    """Who is recording: ``RELIEFCTL_OPERATOR``, else the OS user name.

    The variable is read as a name is (one line, no control, escape or invisible character, at
    most 100 characters) and refused, naming it, rather than cut or stored as it is: it goes
    into the append-only ledger and is printed by ``log``.
    """
    raw = os.environ.get(ENV_OPERATOR, "")
    if raw.strip():
        return parse.clean_name(raw, f"env:{ENV_OPERATOR}")
    try:
        return parse.clean_name(getpass.getuser(), "operator")
    except Exception:
        return "unknown"


def format_entry_id(kind: str, number: int) -> str:
    return f"{kind}-{number:06d}"


def row(table: str, **values: Any) -> dict[str, Any]:
    """A row of ``table`` with every column present (unset ones NULL)."""
    columns = ENTRY_ROW_TABLES[table][0]
    return {column: values.get(column) for column in columns}


@dataclass
class _Pending:
    header: dict[str, Any]
    rows: Rows


class Session:
    """The shared state of one write transaction (see the module docstring)."""

    def __init__(self, ledger: Ledger, *, operator: str | None = None, clock: Clock | None = None):
        self.ledger = ledger
        self.operator = operator or current_operator()
        self._clock = clock
        self._require_fund: bool | None = None
        self.master = MasterData(ledger)
        self.refs = Refs(ledger, self.master)
        self._items: dict[int, ItemBook] = {}
        self._funds: dict[int, FundBook] = {}
        #: Per (item, location): the item's stock there, in date order (quantities only).
        self._places: dict[tuple[int, int], ItemBook] = {}
        #: Per (item, location): the counts in force there, as (date, entry id).
        self._counts: dict[tuple[int, int], list[tuple[str, str]]] = {}
        self._default_location: int | None = None
        #: (shipment, item) -> quantity and value returned by this session's receipts.
        self.pending_returns: dict[tuple[str, int], tuple[int, int]] = {}
        head = ledger.one("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1")
        self._seq, self._head = (int(head[0]), str(head[1])) if head else (0, GENESIS_HASH)
        #: Last entry number per kind, looked up on first use (an index seek, not a scan).
        self._kind_no: dict[str, int] = {}
        self._pending: list[_Pending] = []
        #: Entries voided by this session (not yet committed).
        self.pending_voids: set[str] = set()
        #: Whether this session queued the entry recording the person key's fingerprint.
        self.person_key_recorded = False
        #: Grant claims made in this transaction (``reliefctl.ledger.claims``): (purpose key,
        #: period key, person hash) -> [(entry id, claim number)].
        self.claims: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
        #: Ids of the entries this session has inserted (committed when its transaction is).
        self.recorded: list[str] = []
        #: The ledger's gross totals (``books.GROSS``), read on the first entry with figures.
        self._gross: dict[str, int] | None = None

    @property
    def clock(self) -> Clock:
        """Now and today in the ledger's time zone (its ``tz`` setting), read on first use."""
        if self._clock is None:
            self._clock = ledger_clock(self.ledger)
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._clock = clock

    @property
    def require_fund(self) -> bool:
        """Whether this ledger requires a fund on every purchase and grant (read once)."""
        if self._require_fund is None:
            self._require_fund = requires_fund(self.ledger)
        return self._require_fund

    # --- books -------------------------------------------------------------------------------

    def preload_all(self) -> None:
        """Load every item's and fund's book and every ref at once (for bulk imports)."""
        self._items.update(load_item_books(self.ledger, self.master, None))
        self._places.update(load_location_books(self.ledger, self.master, None))
        self._counts.update(count_dates(self.ledger, None))
        self._funds.update(load_fund_books(self.ledger, self.master, None))
        for kind in ("P", "S", "G", "B", "R", "T", "W", "C", "A", "D"):
            self.refs.preload(kind)

    def item_book(self, item_id: int) -> ItemBook:
        if item_id not in self._items:
            self._items.update(load_item_books(self.ledger, self.master, [item_id]))
            self._places.update(load_location_books(self.ledger, self.master, [item_id]))
            self._counts.update(count_dates(self.ledger, [item_id]))
        return self._items[item_id]

    def location_book(self, item_id: int, location_id: int) -> ItemBook:
        """The item's stock at one location (loaded with the item's own book)."""
        book = self.item_book(item_id)
        key = (item_id, location_id)
        if key not in self._places:
            self._places[key] = ItemBook(item_id, book.name, book.unit)
        return self._places[key]

    # --- quantities ---------------------------------------------------------------------------

    def base_qty(self, qty: parse.Qty, item_id: int) -> int:
        """A request's quantity in the item's own unit: ``12万个`` when it is counted in 个,
        ``545箱`` or ``2箱40个`` in its packs (``parse.Quantity.base``)."""
        if isinstance(qty, parse.Quantity):
            master = self.master
            return qty.base(
                master.item_unit(item_id), master.item_names[item_id], master.pack_sizes(item_id)
            )
        return qty

    def qty_text(self, qty: parse.Qty, item_id: int) -> str | None:
        """What a line keeps as written (``models.ItemPack``): the text of a quantity that
        names a pack, else None (a plain number or one in the item's unit stores NULL, so such
        a line hashes as it did before packs)."""
        if isinstance(qty, parse.Quantity) and qty.names_pack(self.master.item_unit(item_id)):
            return qty.text
        return None

    # --- locations ---------------------------------------------------------------------------

    def location_id(self, name: str | None, field: str = "location") -> int:
        """The location ``name`` names, or when None the default: ``RELIEFCTL_LOCATION`` when
        set, else the ledger's ``location`` setting."""
        if name is not None:
            return self.master.location(name, field)
        if self._default_location is None:
            raw = os.environ.get(ENV_LOCATION, "")
            if raw.strip():
                chosen = parse.clean_name(raw, f"env:{ENV_LOCATION}")
                key = parse.text_key(chosen)
                if key not in self.master.locations:
                    raise LocationEnvUnknown(
                        field=f"env:{ENV_LOCATION}",
                        value=chosen,
                        known=list(self.master.location_names.values()),
                    )
                self._default_location = self.master.locations[key]
            elif not self.master.location_names:
                # A bare ledger (the tables alone, as data/schema.sql makes them): its stock is
                # at the home location, stored as NULL, until locations are recorded.
                self._default_location = HOME_LOCATION
            else:
                self._default_location = self.master.location(value(self.ledger, LOCATION.name))
        return self._default_location

    def location_name(self, location_id: int) -> str:
        found = self.master.location_names.get(location_id)
        if found is None and location_id == HOME_LOCATION:
            return value(self.ledger, LOCATION.name)
        return found or f"#{location_id}"

    @staticmethod
    def stored_location(location_id: int) -> int | None:
        """What a purchase or shipment line stores: NULL for the home location (see models)."""
        return None if location_id == HOME_LOCATION else location_id

    def check_open(self, item_id: int, location_id: int, day: str) -> None:
        """Refuse a movement of the item at the location dated before a count there."""
        self.item_book(item_id)
        for count_date, entry_id in self._counts.get((item_id, location_id), ()):
            if day < count_date:
                raise CountClosed(
                    item=self.master.item_names.get(item_id, str(item_id)),
                    location=self.location_name(location_id),
                    day=day,
                    count=entry_id,
                    count_date=count_date,
                )

    def counted(self, item_id: int, location_id: int, day: str, entry_id: str) -> None:
        """A count was queued: it closes the past for the item there."""
        self._counts.setdefault((item_id, location_id), []).append((day, entry_id))

    def uncounted(self, entry_id: str) -> None:
        """A count was voided: the past it closed is open again."""
        for key, found in self._counts.items():
            self._counts[key] = [pair for pair in found if pair[1] != entry_id]

    def check_out(
        self,
        item_id: int,
        location_id: int,
        day: str,
        qty: int,
        name: str | None = None,
        short: type[OutOfStock] = OutOfStock,
    ) -> None:
        """Refuse taking ``qty`` of the item out of the location on ``day`` when its stock there
        on that day or any later one would fall below zero, or the day is closed by a count.
        ``short``: the refusal, in the words of what takes the goods out (a shipment's by
        default; an assembly's components, a disassembly's kits)."""
        self.check_open(item_id, location_id, day)
        book = self.location_book(item_id, location_id)
        lowest, when = book.lowest_from(day)
        if qty > lowest:
            later = "" if when == day else Phrase("stock.later", lowest=lowest, when=when)
            raise short(
                name=name or book.name,
                on_hand=book.balance_at(day),
                unit=book.unit,
                day=day,
                later=later,
                qty=qty,
                at=self.at_phrase(location_id),
                hint=self.restock_hint(item_id, location_id, day, qty - lowest),
            )

    def restock_hint(self, item_id: int, location_id: int, day: str, missing: int) -> Phrase:
        """What would make the movement possible: a transfer from the location that holds
        the most of the item on ``day`` when that covers what is missing, else a purchase."""
        held = [
            (self.location_book(item_id, other).lowest_from(day)[0], other)
            for other in self.master.location_names
            if other != location_id
        ]
        best = max(held, default=(0, location_id))
        if best[0] < missing:
            return Phrase("stock.hint_buy")
        return Phrase(
            "stock.hint_transfer",
            source=self.location_name(best[1]),
            held=best[0],
            day=day,
            location=self.location_name(location_id),
            name=self.item_book(item_id).name,
        )

    def at_phrase(self, location_id: int) -> Phrase | str:
        """' at 第3工会服务站' in a message, or '' while the ledger has one location."""
        if len(self.master.location_names) <= 1:
            return ""
        return Phrase("stock.at", location=self.location_name(location_id))

    def move(self, item_id: int, location_id: int, day: str, qty: int, value: int) -> None:
        """Apply a movement to the books: the item's pool (qty and value) and the location."""
        self.item_book(item_id).add(day, qty, value)
        self.location_book(item_id, location_id).add(day, qty, 0)

    def fund_book(self, fund_id: int) -> FundBook:
        if fund_id not in self._funds:
            self._funds.update(load_fund_books(self.ledger, self.master, [fund_id]))
        return self._funds[fund_id]

    def add_fund_book(self, book: FundBook) -> None:
        self._funds[book.fund_id] = book

    # --- entries and the chain ---------------------------------------------------------------

    def timestamp(self) -> str:
        """Now, as ``recorded_at`` stores it, with the ledger zone's offset."""
        return self.clock.timestamp()

    def today(self) -> str:
        """Today's date in the ledger's zone, as master data, voids and settings record it."""
        return self.clock.today().isoformat()

    def new_entry(
        self, kind: str, event_date: str, ref: str | None = None, note: str | None = None
    ) -> dict[str, Any]:
        """The header of the next entry of ``kind`` (its number and ``seq`` taken)."""
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
            "recorded_at": self.timestamp(),
            "operator": self.operator,
            "ref": ref,
            "note": note,
            "prev_hash": self._head,
            "ref_key": None if ref is None else parse.text_key(ref),
        }

    def give_back(self, kind: str) -> None:
        """Return the number and ``seq`` taken by the last ``new_entry`` (it was refused)."""
        self._kind_no[kind] -= 1
        self._seq -= 1

    def queue(self, header: dict[str, Any], rows: Rows) -> str:
        """Hash the entry onto the chain and queue it; return its hash.

        Refused (``LedgerTotalTooLarge``, its number given back) when it would take a gross
        total of the ledger past ``GROSS_LIMIT``: then no total could be computed exactly.
        """
        added = gross_of(rows)
        if any(added.values()):
            if self._gross is None:
                self._gross = gross_totals(self.ledger)
            for kind, amount in added.items():
                total = self._gross[kind] + amount
                if total > GROSS_LIMIT:
                    self.give_back(str(header["kind"]))
                    money = kind == "money"
                    raise LedgerTotalTooLarge(
                        what=Term(f"gross.{kind}"),
                        total=Phrase("gross.yuan", value=total) if money else f"{total:,}",
                        limit=Phrase("gross.yuan", value=GROSS_LIMIT)
                        if money
                        else f"{GROSS_LIMIT:,}",
                    )
            for kind, amount in added.items():
                self._gross[kind] += amount
        digest = entry_hash(header, rows)
        header["hash"] = digest
        self._head = digest
        self._pending.append(_Pending(header, rows))
        return digest

    def is_pending(self, entry_id: str) -> bool:
        return any(p.header["id"] == entry_id for p in self._pending)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        """Insert every queued entry: one executemany per table, parents first."""
        if not self._pending:
            return
        self.recorded.extend(str(p.header["id"]) for p in self._pending)
        self.ledger.insert("entries", [p.header for p in self._pending])
        for table in INSERT_ORDER:
            self.ledger.insert(
                table, [r for pending in self._pending for r in pending.rows.get(table, ())]
            )
        self._pending.clear()
        self.pending_returns.clear()
        self.refs.flushed()

    # --- batches and groups (opened by first use) ---------------------------------------------

    def open_label(
        self,
        table: str,
        mapping: dict[str, int],
        label: str | None,
        entry_id: str,
        rows: Rows,
    ) -> tuple[int | None, bool]:
        """The id of a batch or group, opening it (a row of this entry) on first use.

        Labels are matched by key (``第一批`` typed with other widths is the same batch); a new
        one is stored as typed, with its key.
        """
        if label is None:
            return None, False
        key = parse.text_key(label)
        if key in mapping:
            return mapping[key], False
        new_id = self.master.allocate(table)
        mapping[key] = new_id
        names = self.master.batch_labels if table == "batches" else self.master.group_names
        names[new_id] = label
        text_column, key_column = KEYED[table]
        rows.setdefault(table, []).append(
            row(table, id=new_id, entry_id=entry_id, **{text_column: label, key_column: key})
        )
        return new_id, True


__all__ = ["ENV_OPERATOR", "Rows", "Session", "current_operator", "format_entry_id", "row"]
