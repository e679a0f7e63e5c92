"""Importing purchases, shipments or grants from a spreadsheet: every row checked, all or nothing.

The reader (``reliefctl.io.tables``) turns an xlsx or CSV file into a heading row and numbered
rows of cell values; this module does the rest, with exactly the rules of the recording
commands:

* each cell is read by the same ``reliefctl.ledger.parse`` function as the matching option of
  ``buy``, ``ship`` or ``grant`` (a blank cell is an option not given);
* each entry is posted by the same ``Poster`` as one ``buy``, ``ship`` or ``grant``: known
  names, stock never negative in date order, funds never overdrawn, refs idempotent;
* **read before locking**: the whole file is read and every cell checked before the write lock
  is taken (a clerk's ``ship`` never waits on parsing); then every entry is posted under it;
* **all or nothing**: every row is checked, even after a bad one, and every problem is
  collected with its row, column and reason (with what the file itself says of a row: hidden,
  a formula without a saved result, an Excel error value ...); if there is any,
  ``ImportRejected`` (or ``ImportMalformed`` when all are malformed values) lists them and
  nothing is written. All
  entries are posted by one ``Poster`` in one write transaction, so an interrupted import
  (even ``kill -9``) leaves nothing behind either. The Poster inserts what it has queued every
  ``FLUSH_EVERY`` entries, inside that transaction, so memory stays bounded for a million rows;
  nothing is committed before the last row has passed;
* a row whose ``ref`` is already recorded with the same content is skipped as a duplicate, as
  ``ship --ref`` would be: importing the same file twice records nothing new. The same ref
  with different content is a problem, as on the command line;
* ``dry_run`` runs the very same import and rolls it back.

Shipments: rows that share a ``ref`` (one after the other) are the lines of one delivery. The
delivery's date, batch, place, group and note must agree on all its rows; its ``people`` is on
its first row (the others blank or equal), as the export writes it.

Purchases: give ``unit_price`` or ``total``. A row may give both (the export does), and then
``unit_price × qty``, rounded half up to the fen as ``buy`` rounds it, must equal ``total``.

Shipments and grants: the place is ``to`` (a township or unit), or ``township`` and ``unit`` as
the export writes them (the unit must then lie in that township).

Receipts, transfers, write-offs and counts (issue 12) are read the same way: one receipt per
row; the rows of one transfer, write-off or count share a ref, as a delivery's do, and agree on
its date and location(s) (and reason). A count's ``book`` column, written by the stocktake
form (``reliefctl template --kind counts``), is the book quantity when the form was written:
the count is refused as stale when the ledger's book quantity there differs now. Purchases and
shipments may name a ``location``; blank is the default location.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from reliefctl import errors
from reliefctl.db.connect import Ledger
from reliefctl.errors import InputError, Phrase, ReliefError, Term
from reliefctl.i18n import Lang
from reliefctl.ledger import parse
from reliefctl.ledger.books import MasterData
from reliefctl.ledger.parse import Qty, Quantity, text_key
from reliefctl.ledger.persons import RecipientList
from reliefctl.ledger.posting import Poster
from reliefctl.ledger.requests import (
    AllocationRequest,
    AssemblyRequest,
    CountRequest,
    GrantRequest,
    Posted,
    PurchaseRequest,
    ReceiptRequest,
    ShipmentRequest,
    TransferRequest,
    VoidRequest,
    WriteoffRequest,
)
from reliefctl.ledger.settings import ledger_clock
from reliefctl.ledger.sheets import (
    LAYOUTS,
    MASTER_KINDS,
    MULTI_LINE,
    ImportKind,
    heading,
    heading_index,
    normalise_heading,
)
from reliefctl.messages import render_body, render_key
from reliefctl.money import round_half_up_fen
from reliefctl.vocab import ENGLISH

#: A row as the reader gives it: (sheet name or None, row number in the file, cells as text,
#: None for a blank cell).
SourceRow = tuple[str | None, int, Sequence[str | None]]

#: Entries queued before the Poster inserts them (inside the one transaction): bounds memory.
FLUSH_EVERY: Final = 20_000
PROGRESS_EVERY: Final = 1_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (sheet, row, column as the file heads it) and what.

    ``malformed`` tells a value that cannot be read (a bad number, date, name, a missing
    column) from a well-formed entry a ledger rule refuses; it decides the exit code (2 or 1).
    """

    row: int
    column: str | None
    error: ReliefError
    sheet: str | None = None
    malformed: bool = True

    def where(self, lang: Lang = "en") -> str:
        if self.sheet:
            place = render_key("import.where_sheet", lang, sheet=self.sheet, row=self.row)
        else:
            place = render_key("import.where", lang, row=self.row)
        return f"{place}, {self.column}" if self.column else place

    def text(self, lang: Lang = "en", headings: dict[str, str] | None = None) -> str:
        """``row N, COLUMN: what is wrong``, naming other columns as the file heads them."""
        named = headings or {}

        def words(key: str, params: Any) -> str:
            if key in named:
                return named[key]
            return heading(key, lang) if f"heading.{key}" in ENGLISH else key

        return f"{self.where(lang)}: {render_body(self.error, lang, words)}"

    def __str__(self) -> str:
        return self.text()


def _rejection(
    source: str,
    problems: Sequence[Problem],
    kind: ImportKind,
    headings: dict[str, str],
    *,
    malformed: type[ReliefError] = errors.ImportMalformed,
    rejected: type[ReliefError] = errors.ImportRejected,
) -> ReliefError:
    """The one refusal of a file with ``problems`` (each listed before it): ``malformed``
    (exit 2) when every problem is a value that cannot be read, else ``rejected`` (exit 1)."""
    rows = len({(p.sheet, p.row) for p in problems})
    params = {"source": source, "rows": rows, "count": len(problems), "kind": kind}
    cls = malformed if all(p.malformed for p in problems) else rejected
    error = cls(list(problems), **params)  # type: ignore[call-arg]
    error.params["headings"] = headings
    return error


@dataclass
class ImportResult:
    """What an import recorded (or, in a dry run, would record)."""

    kind: ImportKind
    dry_run: bool
    rows: int = 0
    entries: int = 0
    #: Rows skipped because their ref is already recorded with the same content.
    duplicate_rows: int = 0
    duplicate_entries: int = 0
    #: Rows recorded without a ref: importing them again would record them again.
    without_ref: int = 0
    first_id: str | None = None
    last_id: str | None = None
    opened_batches: list[str] = field(default_factory=list)
    opened_groups: list[str] = field(default_factory=list)


class _Rejected(Exception):
    """Raised inside the write transaction to roll it back (problems, or a dry run)."""


# --- headings -----------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Which cell holds which column, and the headings as the file writes them."""

    index: dict[str, int]
    names: dict[str, str]
    unnamed: list[int]

    def heading(self, key: str) -> str:
        return self.names.get(key, key)


class _HeaderProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("bad headings")
        self.problems = problems


def _layout(kind: ImportKind, header: Sequence[str | None], sheet: str | None) -> _Layout:
    known = heading_index(kind)
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    unnamed: list[int] = []
    problems: list[Problem] = []
    columns = LAYOUTS[kind].columns
    accepted = ", ".join(column.key for column in columns)
    for position, text in enumerate(header):
        if text is None:
            unnamed.append(position)
            continue
        key = known.get(normalise_heading(text))
        if key is None:
            error = errors.UnknownHeading(kind=kind, accepted=accepted)
            problems.append(Problem(1, text, error, sheet))
        elif key in index:
            problems.append(Problem(1, text, errors.DuplicateHeading(other=names[key]), sheet))
        else:
            index[key] = position
            names[key] = text
    for column in columns:
        if column.required and column.key not in index:
            problems.append(Problem(1, None, errors.MissingColumn(column=column.key), sheet))
    if kind in ("shipments", "grants") and "to" not in index and "township" not in index:
        problems.append(Problem(1, None, errors.MissingPlaceColumn(), sheet))
    if kind == "purchases" and "unit_price" not in index and "total" not in index:
        problems.append(Problem(1, None, errors.MissingPriceColumn(), sheet))
    if problems:
        raise _HeaderProblems(problems)
    return _Layout(index, names, unnamed)


# --- reading one row ----------------------------------------------------------------------------

#: Distinct values cached per column; past this a column is taken to be unique per row (refs)
#: and only its last value is remembered (the rows of one delivery repeat their ref).
_CACHE_LIMIT: Final = 20_000
_MISSING: Final = object()


class _Column:
    """One column being read: where it is, its parser, and what it has read before."""

    __slots__ = ("cache", "heading", "key", "last", "last_text", "parser", "position", "required")

    def __init__(
        self,
        key: str,
        position: int,
        parser: Callable[[str, str], Any],
        heading: str,
        required: bool,
    ) -> None:
        self.key = key
        self.position = position
        self.parser = parser
        self.heading = heading
        self.required = required
        self.cache: dict[str, Any] = {}
        self.last_text: str | None = None
        self.last: Any = None


class _Reader:
    """Reads the cells of one row with the recording commands' parsers, collecting problems.

    Parsed values are cached per column (the parsers are pure, so the rules are exactly the
    same): a batch label, township, item or date appears on thousands of rows and is read once.
    """

    def __init__(self, layout: _Layout, kind: ImportKind, today: date | None) -> None:
        self.layout = layout
        self.problems: list[Problem] = []
        self.sheet: str | None = None
        self.row = 0
        sheet = LAYOUTS[kind]
        self.columns = []
        for column in sheet.columns:
            if column.parser is None or column.key not in layout.index:
                continue
            parser = column.parser
            if column.key == "date" and today is not None:

                def parser(text: str, name: str, limit: date = today) -> date:
                    return parse.parse_date(text, name, limit)

            self.columns.append(
                _Column(
                    column.key,
                    layout.index[column.key],
                    parser,
                    layout.heading(column.key),
                    column.required,
                )
            )
        self.missing = {column.key: None for column in sheet.columns}
        self.keys = tuple(column.key for column in self.columns)
        self.row_failed: set[str] = set()
        #: Where each heading stands (0-based), so a cell the file flags names its column.
        self.positions = {position: key for key, position in layout.index.items()}

    def problem(self, column: str | None, error: ReliefError, malformed: bool = True) -> None:
        name = None if column is None else self.layout.heading(column)
        self.problems.append(Problem(self.row, name, error, self.sheet, malformed))
        if column is not None:
            self.row_failed.add(column)

    def at(self, sheet: str | None, number: int, failed: frozenset[str] = frozenset()) -> None:
        """Report what follows on this row (whose columns in ``failed`` already have problems)."""
        self.sheet, self.row = sheet, number
        self.row_failed = set(failed)

    def read(
        self,
        sheet: str | None,
        number: int,
        values: Sequence[str | None],
        unreadable: frozenset[int] = frozenset(),
    ) -> dict[str, Any]:
        """Every column of the row, parsed; ``None`` for a blank or unreadable cell.

        Cells at the positions in ``unreadable`` (the file itself says they hold no usable
        value; their problem is reported by the caller) read as blank.
        """
        self.at(sheet, number)
        out = dict(self.missing)
        width = len(values)
        for column in self.columns:
            text = values[column.position] if column.position < width else None
            if column.position in unreadable:
                self.row_failed.add(column.key)
                continue
            if text is None:
                if column.required:
                    self.problem(column.key, errors.RequiredEmpty(field=column.key))
                continue
            if text == column.last_text:
                value = column.last
            else:
                value = column.cache.get(text, _MISSING)
                if value is _MISSING:
                    try:
                        value = column.parser(text, column.key)
                    except InputError as exc:
                        value = exc
                    if len(column.cache) < _CACHE_LIMIT:
                        column.cache[text] = value
                column.last_text, column.last = text, value
            if isinstance(value, InputError):
                self.problems.append(Problem(number, column.heading, value, sheet))
                self.row_failed.add(column.key)
                continue
            out[column.key] = value
        return out

    def failed(self, *keys: str) -> bool:
        """Whether this row already has a problem in one of these columns."""
        return any(key in self.row_failed for key in keys)

    def unnamed_values(self, values: Sequence[str | None], width: int) -> None:
        """A value under no heading: in a blank heading cell, or past the last heading."""
        for position in self.layout.unnamed:
            if position < len(values) and values[position] is not None:
                self.problems.append(
                    Problem(self.row, f"column {position + 1}", errors.UnnamedValue(), self.sheet)
                )
                return
        beyond = [value for value in values[width:] if value is not None]
        if beyond:
            error = errors.TooManyCells(count=len(values), width=width)
            self.problems.append(Problem(self.row, None, error, self.sheet))

    def column_name(self, position: int | None) -> str | None:
        """The heading of the cell at ``position`` as the file writes it."""
        if position is None:
            return None
        key = self.positions.get(position)
        return self.layout.heading(key) if key is not None else f"column {position + 1}"


def _place(reader: _Reader, v: dict[str, Any], master: MasterData) -> str | None:
    """The ``to`` of a shipment or grant: ``to``, else ``unit`` (checked against ``township``).

    Names are compared by key, as the ledger matches them.
    """
    index = reader.layout.index
    to: str | None = v["to"]
    township: str | None = v["township"]
    unit: str | None = v["unit"]
    unit_town = None if unit is None else master.unit_in(unit)
    town = None if township is None else master.township_id(township)
    if to is not None:
        if township is not None or unit is not None:
            named = unit if unit is not None else township
            in_town = unit_town is None or town is None or unit_town == town
            if text_key(to) != text_key(str(named)) or not in_town:
                given = [
                    Phrase(f"import.given_{key}", name=name)
                    for key, name in (("township", township), ("unit", unit))
                    if name is not None
                ]
                error = errors.ContradictoryPlace(field="to", to=to, given=given)
                reader.problem("to", error)
                return None
        return to
    if "township" not in index:
        if "to" in index and not reader.failed("to"):
            reader.problem("to", errors.PlaceEmpty(field="to"))
        return None
    if township is None and unit is None:
        if not reader.failed("township") and not reader.failed("unit"):
            reader.problem("township", errors.TownshipEmpty(field="township"))
        return None
    if unit is None:
        return township
    if unit_town is not None and town is not None and unit_town != town:
        reader.problem("unit", errors.UnitNotInTownship(unit=unit, township=township), False)
        return None
    return unit


# --- the import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ReadRow:
    """A row read and checked in phase 1: its parsed values (in the reader's column order),
    whether it already has a problem, and which columns did."""

    sheet: str | None
    number: int
    values: tuple[Any, ...]
    bad: bool
    failed: frozenset[str]


@dataclass
class _Delivery:
    """The rows of one shipment being gathered (rows sharing a ref, one after the other)."""

    ref: str | None
    #: The ref's key: rows whose refs have one key are one delivery.
    key: str | None
    first_row: int
    sheet: str | None
    head: tuple[Any, ...]
    people: int
    lines: list[tuple[str, Qty]]
    rows: list[int]
    bad: bool = False
    #: A stocktake form's book quantity per item (counts only).
    books: dict[str, int] = field(default_factory=dict)
    #: The exported entry these rows are (a replayed workbook), so ids can be mapped.
    entry: str | None = None
    #: Household-times (户次), from the first row that gives them.
    households: int | None = None


@dataclass
class _KitRows:
    """The rows of one kit on a Kits sheet: its name, measure and recipe, where it starts."""

    name: str
    measure: str
    components: list[tuple[str, Qty]]
    sheet: str | None
    first_row: int
    rows: int = 1
    bad: bool = False
    #: Posted already (by its row on the Items sheet, in the items' order).
    done: bool = False


@dataclass
class _AssemblyRows:
    """The rows of one assembly or disassembly: what its ``kit`` row says, once found."""

    key: str | None
    sheet: str | None
    first_row: int
    entry: str | None
    rows: int = 1
    bad: bool = False
    kit_row: int | None = None
    kind: str | None = None
    request: AssemblyRequest | None = None


class _Importer:
    def __init__(
        self, kind: ImportKind, layout: _Layout, result: ImportResult, today: date | None
    ) -> None:
        self.kind = kind
        self.reader = _Reader(layout, kind, today)
        self.result = result
        self.flush = False
        self.delivery: _Delivery | None = None
        self.closed_refs: dict[str, int] = {}
        #: Sheets in the order they are read, so problems are listed in file order.
        self.sheet_order: dict[str | None, int] = {}
        #: Near duplicates accepted (``import --force``), as ``add --force`` accepts them.
        self.force = False
        #: Replaying a workbook (``reliefctl.ledger.workbook``): voided rows are posted too,
        #: and an exported entry id -> the id it is recorded under here (shared by the sheets).
        self.replay = False
        self.ids: dict[str, str] = {}
        #: The exported entry of the row being posted, and the group of a multi-line entry
        #: without a ref (its seq): set by the replay.
        self.entry: str | None = None
        self.group: str | None = None
        #: Fund key -> the fund's first allocation on the workbook's Allocations sheet (its
        #: exported entry and request): the fund is added with it (``fund add`` needs a budget).
        self.first_allocations: dict[str, tuple[str | None, AllocationRequest]] = {}
        #: An export's lists of recipients (its Recipients sheet), by exported entry id: posted
        #: with the entry they belong to (``reliefctl.ledger.workbook``).
        self.recipients: dict[str, RecipientList] = {}
        #: Kits sheet: each kit's rows by the kit's key, in sheet order. Items sheet: the
        #: workbook's Kits importer, so an item row naming a kit adds that kit in its place.
        self.kit_rows: dict[str, _KitRows] = {}
        self.kits: _Importer | None = None
        self.assembly: _AssemblyRows | None = None

    def start(self, poster: Poster, *, flush: bool) -> None:
        """Phase 2 begins: post through ``poster`` (inside the write transaction)."""
        self.poster = poster
        self.flush = flush

    @property
    def problems(self) -> list[Problem]:
        return self.reader.problems

    # --- posting ---------------------------------------------------------------------------

    def _post(
        self,
        action: Callable[[], Posted],
        rows: int,
        sheet: str | None,
        row: int,
        ref: str | None,
        entry: str | None = None,
    ) -> None:
        try:
            posted = action()
        except ReliefError as exc:
            field_key = exc.field
            if field_key is not None and field_key not in self.reader.layout.names:
                # The option's field (``--at``) named as the sheet's column (``location``).
                field_key = _FIELD_COLUMNS.get(field_key, field_key)
            column = None if field_key is None else self.reader.layout.heading(field_key)
            malformed = isinstance(exc, InputError)
            self.problems.append(Problem(row, column, exc, sheet, malformed))
            return
        result = self.result
        if entry is not None:
            self.ids[entry] = posted.entry_id
        if posted.duplicate:
            result.duplicate_rows += rows
            result.duplicate_entries += 1
            return
        result.entries += 1
        if ref is None and self.kind not in MASTER_KINDS:  # master data: idempotent by name
            result.without_ref += rows
        result.first_id = result.first_id or posted.entry_id
        result.last_id = posted.entry_id
        if posted.opened_batch is not None:
            result.opened_batches.append(posted.opened_batch)
        if posted.opened_group is not None:
            result.opened_groups.append(posted.opened_group)
        if self.flush and not self.problems and self.poster.pending_count >= FLUSH_EVERY:
            self.poster.flush()

    # --- one row of each kind ----------------------------------------------------------------

    def read(
        self,
        sheet: str | None,
        number: int,
        values: Sequence[str | None],
        width: int,
        issues: list[tuple[int | None, ReliefError]] | None,
    ) -> _ReadRow | None:
        """Phase 1, before the lock: one row's cells parsed and checked (None: a blank row)."""
        if sheet not in self.sheet_order:
            self.sheet_order[sheet] = len(self.sheet_order)
        if all(value is None for value in values) and not issues:
            return None
        reader = self.reader
        before = len(self.problems)
        unreadable = frozenset(p for p, _e in issues or () if p is not None)
        v = reader.read(sheet, number, values, unreadable)
        for position, error in issues or ():
            self.problems.append(Problem(number, reader.column_name(position), error, sheet))
        self.result.rows += 1
        reader.unnamed_values(values, width)
        bad = len(self.problems) > before
        return _ReadRow(
            sheet, number, tuple(v[key] for key in reader.keys), bad, frozenset(reader.row_failed)
        )

    def post(self, row: _ReadRow) -> None:
        """Phase 2, under the lock: the row's entry checked against the ledger and queued."""
        reader = self.reader
        reader.at(row.sheet, row.number, row.failed)
        v = dict(reader.missing)
        v.update(zip(reader.keys, row.values, strict=True))
        start = len(self.problems) - (1 if row.bad else 0)
        if v.get("voided_by") is not None and not self.replay:
            # A voided entry on an export's sheet: it nets to zero with its void; an import of
            # this sheet alone leaves both out (``import --kind all`` replays them).
            self.result.rows -= 1
            return
        self.entry = v.get("entry")
        if self.kind in _OTHER:
            getattr(self, _OTHER[self.kind])(v, start)
        elif self.kind == "shipments":
            self._shipment_row(v, start)
        elif self.kind == "purchases":
            self._purchase(v, start)
        elif self.kind == "grants":
            self._grant(v, start)
        elif self.kind == "receipts":
            self._receipt(v, start)
        else:
            self._movement_row(v, start)

    def _base_qty(
        self,
        qty: Qty | None,
        item: str | None,
        written: Qty | None = None,
        column: str = "qty",
    ) -> Qty | None:
        """A quantity cell checked against its item: the base quantity, or (so that the line
        keeps it as written) the Quantity itself when it names a pack (``545箱``). Unchanged
        when the item is not known (the posting refuses it by name); None (with a problem) when
        it cannot be read in the item's unit and packs.

        ``written`` is the row's ``qty_text`` (an export's record of a quantity written in
        packs): it is what is recorded, and it must come to the base quantity in ``column``.
        """
        master = self.poster.master
        known = item is not None and text_key(item) in master.items
        if written is not None:
            if not known:
                return written
            item_id = master.item(item)  # type: ignore[arg-type]
            try:
                base = self.poster.base_qty(written, item_id)
            except ReliefError as exc:
                self.reader.problem("qty_text", exc, malformed=False)
                return None
            stated = None if qty is None else self._number(qty, item, column)
            if qty is not None and stated is None:
                return None
            if stated is not None and stated != base:
                self.reader.problem(
                    "qty_text",
                    errors.QtyTextDiffers(
                        field="qty_text",
                        text=self.poster.qty_text(written, item_id) or str(base),
                        base=base,
                        unit=master.item_unit(item_id),
                        qty=stated,
                        qty_field=column,
                    ),
                )
                return None
            return written
        if not isinstance(qty, Quantity) or not known:
            return qty
        item_id = master.item(item)  # type: ignore[arg-type]
        try:
            base = self.poster.base_qty(qty, item_id)
        except ReliefError as exc:
            self.reader.problem(column, exc, malformed=False)
            return None
        return qty if self.poster.qty_text(qty, item_id) is not None else base

    def _number(self, qty: Qty, item: str | None, column: str = "qty") -> int | None:
        """``qty`` in base units (None, with a problem, when it cannot be; or when the item is
        not known and it names a unit)."""
        if isinstance(qty, int):
            return qty
        master = self.poster.master
        if item is None or text_key(item) not in master.items:
            return None
        try:
            return self.poster.base_qty(qty, master.item(item))
        except ReliefError as exc:
            self.reader.problem(column, exc, malformed=False)
            return None

    def _purchase(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        qty = self._base_qty(v["qty"], v["item"], v.get("qty_text"))
        price, total = v["unit_price"], v["total"]
        if price is None and total is None and not r.failed("unit_price", "total"):
            r.problem("unit_price", errors.PriceOrTotalMissing(field="unit_price"))
        number = None if qty is None else self._number(qty, v["item"])
        if price is not None and total is not None and number is not None:
            rounded = round_half_up_fen(price * number)
            if rounded != total:
                r.problem(
                    "total",
                    errors.TotalMismatch(
                        field="total",
                        total=total,
                        price=str(price),
                        qty=number,
                        product=str(price * number),
                        rounded=rounded,
                    ),
                )
            total = None  # record as `buy --unit-price`, which gives exactly this total
        if len(self.problems) > before or qty is None:
            return
        request = PurchaseRequest(
            v["date"],
            v["item"],
            qty,
            price,
            total,
            v["supplier"],
            v["fund"],
            v["ref"],
            v["note"],
            v["location"],
        )
        self._post(lambda: self.poster.buy(request), 1, r.sheet, r.row, request.ref, self.entry)

    def _receipt(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        qty = self._base_qty(v["qty"], v["item"], v.get("qty_text"))
        unit_value, value = v["unit_value"], v["value"]
        number = None if qty is None else self._number(qty, v["item"])
        if unit_value is not None and value is not None and number is not None:
            # Both given (as the export writes them): they must agree, as on a purchase.
            rounded = round_half_up_fen(unit_value * number)
            if rounded != value:
                r.problem(
                    "value",
                    errors.TotalMismatch(
                        field="value",
                        total=value,
                        price=str(unit_value),
                        qty=number,
                        product=str(unit_value * number),
                        rounded=rounded,
                    ),
                )
            value = None
        if len(self.problems) > before or qty is None:
            return
        of = v["of"]
        if of is not None and self.replay:
            self.poster.flush()  # the delivery returned from, as a void reads it
        request = ReceiptRequest(
            v["date"],
            v["item"],
            qty,
            v["source"],
            giver=v["giver"],
            value_fen=value,
            unit_value=unit_value,
            # A return names the delivery by its exported id: here it may have another.
            of=self.ids.get(of, of) if of is not None else None,
            at=v["location"],
            ref=v["ref"],
            note=v["note"],
        )
        self._post(lambda: self.poster.receive(request), 1, r.sheet, r.row, request.ref, self.entry)

    def _movement_row(self, v: dict[str, Any], before: int) -> None:
        """A row of a transfer, write-off or count: rows sharing a ref are one entry."""
        r = self.reader
        counting = self.kind == "counts"
        item: str | None = v["item"]
        qty: Qty | None = (
            self._base_qty(v["counted"], item, v.get("qty_text"), "counted")
            if counting
            else self._base_qty(v["qty"], item, v.get("qty_text"))
        )
        bad = len(self.problems) > before
        names = _HEADS[self.kind]
        head = tuple(v[name] for name in names)
        ref: str | None = v["ref"]
        key = self._group_key(ref)
        current = self.delivery
        if current is not None and key is not None and current.key == key:
            for name, mine, theirs in zip(names, head, current.head, strict=True):
                if _keys((mine,)) != _keys((theirs,)) and not bad:
                    r.problem(
                        name,
                        errors.DeliveryDiffers(
                            field=name,
                            mine=_shown(mine),
                            theirs=_shown(theirs),
                            row=current.first_row,
                            ref=current.ref,
                        ),
                    )
                    bad = True
            if item is not None and any(
                text_key(name) == text_key(item) for name, _ in current.lines
            ):
                r.problem("item", errors.ItemAgainInDelivery(field="item", item=item, ref=ref))
                bad = True
            if item is not None and qty is not None:
                current.lines.append((item, qty))
                if counting and v["book"] is not None:
                    current.books[item] = v["book"]
            current.rows.append(r.row)
            current.bad = current.bad or bad
            return
        self._close_delivery()
        if key is not None and key in self.closed_refs:
            error = errors.DeliveryRowsApart(field="ref", ref=ref, row=self.closed_refs[key])
            r.problem("ref", error)
            bad = True
        lines = [] if item is None or qty is None else [(item, qty)]
        self.delivery = _Delivery(ref, key, r.row, r.sheet, head, 0, lines, [r.row], bad)
        self.delivery.entry = self.entry
        if counting and item is not None and v["book"] is not None:
            self.delivery.books[item] = v["book"]

    def _close_movement(self, group: _Delivery) -> None:
        rows, sheet, first, ref = len(group.rows), group.sheet, group.first_row, group.ref
        if self.kind == "transfers":
            day, source, destination, note = group.head
            transfer = TransferRequest(day, source, destination, group.lines, ref, note)
            self._post(lambda: self.poster.transfer(transfer), rows, sheet, first, ref, group.entry)
        elif self.kind == "writeoffs":
            day, at, reason, note = group.head
            writeoff = WriteoffRequest(day, group.lines, reason, at, ref, note)
            self._post(lambda: self.poster.writeoff(writeoff), rows, sheet, first, ref, group.entry)
        else:
            day, at, note = group.head
            count = CountRequest(day, group.lines, at, ref, note, dict(group.books))
            self._post(lambda: self.poster.count(count), rows, sheet, first, ref, group.entry)

    def _grant(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        to = _place(r, v, self.poster.master)
        if len(self.problems) > before:
            return
        request = GrantRequest(
            v["date"],
            to,  # type: ignore[arg-type]
            v["amount"],
            v["fund"],
            v["people"] or 0,
            v["group"],
            v["batch"],
            v["purpose"],
            v["ref"],
            v["note"],
            v.get("households"),
            self.recipients.get(self.entry) if self.entry is not None else None,
            v.get("allow_repeat"),
        )
        self._post(lambda: self.poster.grant(request), 1, r.sheet, r.row, request.ref, self.entry)

    def _shipment_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        to = _place(r, v, self.poster.master)
        bad = len(self.problems) > before
        ref: str | None = v["ref"]
        item: str | None = v["item"]
        qty: Qty | None = self._base_qty(v["qty"], item, v.get("qty_text"))
        bad = bad or len(self.problems) > before
        people: int | None = v["people"]
        head = (v["date"], v["batch"], to, v["group"], v["note"], v["location"])
        current = self.delivery
        key = self._group_key(ref)
        if current is not None and key is not None and current.key == key:
            self._continue(current, head, people, item, qty, bad)
            return
        self._close_delivery()
        if key is not None and key in self.closed_refs:
            error = errors.DeliveryRowsApart(field="ref", ref=ref, row=self.closed_refs[key])
            r.problem("ref", error)
            bad = True
        lines = [] if item is None or qty is None else [(item, qty)]
        self.delivery = _Delivery(ref, key, r.row, r.sheet, head, people or 0, lines, [r.row], bad)
        self.delivery.entry = self.entry
        self.delivery.households = v.get("households")

    def _continue(
        self,
        delivery: _Delivery,
        head: tuple[Any, ...],
        people: int | None,
        item: str | None,
        qty: Qty | None,
        bad: bool,
    ) -> None:
        r = self.reader
        first = delivery.first_row
        if _keys(head) != _keys(delivery.head) and not bad:
            for key, mine, theirs in zip(
                ("date", "batch", "to", "group", "note", "location"),
                head,
                delivery.head,
                strict=True,
            ):
                if _keys((mine,)) != _keys((theirs,)):
                    column = key if key != "to" or "to" in r.layout.index else "township"
                    r.problem(
                        column,
                        errors.DeliveryDiffers(
                            field=column,
                            mine=_shown(mine),
                            theirs=_shown(theirs),
                            row=first,
                            ref=delivery.ref,
                        ),
                    )
                    bad = True
        if people is not None and people != delivery.people:
            error = errors.PeopleDiffers(
                field="people", people=people, first=delivery.people, row=first
            )
            r.problem("people", error)
            bad = True
        if item is not None and any(text_key(name) == text_key(item) for name, _ in delivery.lines):
            r.problem("item", errors.ItemAgainInDelivery(field="item", item=item, ref=delivery.ref))
            bad = True
        if item is not None and qty is not None:
            delivery.lines.append((item, qty))
        delivery.rows.append(r.row)
        delivery.bad = delivery.bad or bad

    def _close_delivery(self) -> None:
        delivery, self.delivery = self.delivery, None
        if delivery is None:
            return
        if delivery.key is not None:
            self.closed_refs.setdefault(delivery.key, delivery.first_row)
        if delivery.bad:
            return
        if self.kind != "shipments":
            self._close_movement(delivery)
            return
        day, batch, to, group, note, at = delivery.head
        request = ShipmentRequest(
            day,
            batch,
            to,
            delivery.lines,
            delivery.people,
            group,
            delivery.ref,
            note,
            at,
            delivery.households,
            self.recipients.get(delivery.entry) if delivery.entry is not None else None,
        )
        self._post(
            lambda: self.poster.ship(request),
            len(delivery.rows),
            delivery.sheet,
            delivery.first_row,
            delivery.ref,
            delivery.entry,
        )

    def _group_key(self, ref: str | None) -> str | None:
        """What the rows of one multi-line entry share: the ref's key; in a replay, an entry
        without a ref is grouped by its seq (``group``)."""
        if ref is not None:
            return text_key(ref)
        return None if self.group is None else f"\0{self.group}"

    # --- master data, allocations and voids (issue 15) -------------------------------------

    def _place_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        town, unit, force = v["township"], v["unit"], self.force
        master = self.poster.master
        if unit is None:
            self._post(lambda: self.poster.add_township(town, force=force), 1, r.sheet, r.row, None)
            return
        if master.township_id(town) is None:
            # A unit's row may be the first to name its township (a clerk's list of units).
            self._post(lambda: self.poster.add_township(town, force=force), 1, r.sheet, r.row, None)
        if len(self.problems) == before:
            action = lambda: self.poster.add_unit(unit, town, force=force)  # noqa: E731
            self._post(action, 1, r.sheet, r.row, None)

    def _item_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        name, measure, force = v["item"], v["measure"], self.force
        pack, size = v.get("pack"), v.get("size")
        if (pack is None) != (size is None):
            missing = "size" if size is None else "pack"
            r.problem(missing, errors.RequiredEmpty(field=missing))
            return
        if self.kits is not None and text_key(name) in self.kits.kit_rows:
            # A kit (issue 13): added here, with its recipe from the Kits sheet, so the items
            # keep their order (the stock and the report list items in the order added); a
            # pack row of the kit adds its pack (the kit is added by its first row).
            self.result.rows -= 1
            self.kits.post_kit(text_key(name))
            if pack is not None:
                assert size is not None
                self.result.rows += 1
                self._post(lambda: self.poster.add_pack(name, pack, size), 1, r.sheet, r.row, None)
            return

        def add() -> Posted:
            added = self.poster.add_item(name, measure, force=force)
            if pack is None:
                return added
            # A pack's row (issue 13): its item as the item's own row added it, then the pack.
            assert size is not None
            return self.poster.add_pack(name, pack, size)

        self._post(add, 1, r.sheet, r.row, None)

    def _fund_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        name, force = v["fund"], self.force
        first = self.first_allocations.get(text_key(name))
        if first is not None:
            entry, allocation = first
        elif v["budget"] is None:
            r.problem("budget", errors.RequiredEmpty(field="budget"))
            return
        else:
            entry, allocation = None, AllocationRequest(name, v["budget"])
        posted: list[Posted] = []

        def add() -> Posted:
            done = self.poster.add_fund(name, allocation, force=force)
            posted.append(done)
            return done

        self._post(add, 1, r.sheet, r.row, None)
        if entry is not None and posted and not posted[0].duplicate:
            self.ids[entry] = str(posted[0].detail["allocation"])

    def _location_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        name, town, force = v["location"], v["township"], self.force
        if self.poster.master.locations.get(text_key(name)) == 1:
            # The home location: the target ledger's own (``init --warehouse``).
            self.result.duplicate_rows += 1
            return
        action = lambda: self.poster.add_location(name, town, force=force)  # noqa: E731
        self._post(action, 1, r.sheet, r.row, None)

    def _allocation_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        entry = self.entry
        if entry is not None and entry in self.ids:
            return  # the fund's first allocation, recorded with the fund
        request = AllocationRequest(v["fund"], v["amount"], v["date"], v["ref"], v["note"])
        self._post(lambda: self.poster.topup_fund(request), 1, r.sheet, r.row, request.ref, entry)

    def _void_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        if len(self.problems) > before:
            return
        voided: str = v["voided"]
        target = self.ids.get(voided)
        if target is None:
            r.problem("voided", errors.VoidedEntryMissing(field="voided", entry=voided), False)
            return
        request = VoidRequest(target, v["reason"])
        # A void (and a return) reads the entry it names from the ledger: what is queued first.
        self.poster.flush()
        self._post(lambda: self.poster.void(request), 1, r.sheet, r.row, None, v["void"])

    # --- kits and assemblies (issue 13) ------------------------------------------------------

    def _kit_row(self, v: dict[str, Any], before: int) -> None:
        """A row of a Kits sheet: gathered by kit; the kit is added by ``post_kit``."""
        r = self.reader
        bad = len(self.problems) > before
        name, measure = v["kit"], v["measure"]
        if name is None:
            return
        key = text_key(name)
        found = self.kit_rows.get(key)
        if found is None:
            found = self.kit_rows[key] = _KitRows(name, measure, [], r.sheet, r.row, 0)
        elif (
            measure is not None
            and found.measure is not None
            and text_key(measure) != text_key(found.measure)
            and not bad
        ):
            error = errors.KitMeasureDiffers(
                field="measure", mine=measure, theirs=found.measure, row=found.first_row
            )
            r.problem("measure", error)
            bad = True
        found.rows += 1
        if v["component"] is not None and v["per_kit"] is not None:
            found.components.append((v["component"], v["per_kit"]))
        found.bad = found.bad or bad

    def post_kit(self, key: str) -> None:
        """The kit of the Kits sheet rows ``key``, added as ``kit add`` adds it (once)."""
        found = self.kit_rows[key]
        if found.done:
            return
        found.done = True
        if found.bad:
            return
        name, measure, components, force = found.name, found.measure, found.components, self.force
        self._post(
            lambda: self.poster.add_kit(name, measure, components, force=force),
            found.rows,
            found.sheet,
            found.first_row,
            None,
        )

    def _assembly_row(self, v: dict[str, Any], before: int) -> None:
        """A row of an Assemblies sheet: the rows of one entry (one after the other) share its
        ``entry`` (else its ref, else its seq); its ``kit`` row is the entry to post."""
        r = self.reader
        bad = len(self.problems) > before
        entry, ref = v["entry"], v["ref"]
        key = f"\0entry {entry}" if entry is not None else self._group_key(ref)
        current = self.assembly
        if current is None or key is None or current.key != key:
            self._close_assembly()
            current = self.assembly = _AssemblyRows(key, r.sheet, r.row, entry, 0)
        current.rows += 1
        if v["role"] == "kit":
            if current.kit_row is not None:
                error = errors.AssemblyKitTwice(field="role", row=current.kit_row)
                r.problem("role", error)
                bad = True
            elif not bad:
                qty = v["qty"]
                if v.get("qty_text") is not None:
                    # Kept as written (issue 13: 礼包=2箱), checked against the base quantity.
                    qty = self._base_qty(qty, v["item"], v["qty_text"])
                if qty is None:
                    bad = True
                else:
                    current.kit_row = r.row
                    current.kind = v["kind"]
                    current.request = AssemblyRequest(
                        v["date"], v["item"], qty, v["location"], ref, v["note"]
                    )
        current.bad = current.bad or bad

    def _close_assembly(self) -> None:
        current, self.assembly = self.assembly, None
        if current is None or current.bad:
            return
        request = current.request
        if request is None:
            reader = self.reader
            here = (reader.sheet, reader.row, reader.row_failed)
            reader.at(current.sheet, current.first_row)
            reader.problem("role", errors.AssemblyWithoutKit(field="role"))
            reader.sheet, reader.row, reader.row_failed = here  # the row being read goes on
            return
        act = self.poster.assemble if current.kind == "A" else self.poster.disassemble
        self._post(
            lambda: act(request),
            current.rows,
            current.sheet,
            current.kit_row or current.first_row,
            request.ref,
            current.entry,
        )

    def finish(self) -> None:
        if self.kind in MULTI_LINE:
            self._close_delivery()
        elif self.kind == "kits":
            for key in list(self.kit_rows):
                self.post_kit(key)
        elif self.kind == "assemblies":
            self._close_assembly()


#: The handlers of the kinds that are not goods or money movements.
_OTHER: Final[dict[str, str]] = {
    "places": "_place_row",
    "items": "_item_row",
    "funds": "_fund_row",
    "locations": "_location_row",
    "allocations": "_allocation_row",
    "voids": "_void_row",
    "kits": "_kit_row",
    "assemblies": "_assembly_row",
}

#: A posting's field -> the column a sheet gives it in, where the two are named apart.
_FIELD_COLUMNS: Final[dict[str, str]] = {"at": "location", "kit": "item"}

#: What all rows of one transfer, write-off or count share (the rest are its lines).
_HEADS: Final[dict[str, tuple[str, ...]]] = {
    "transfers": ("date", "from", "to", "note"),
    "writeoffs": ("date", "location", "reason", "note"),
    "counts": ("date", "location", "note"),
}


def _keys(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as the ledger compares them: texts by their key."""
    return tuple(text_key(v) if isinstance(v, str) else v for v in values)


def _shown(value: Any) -> Any:
    """A cell's parsed value as a message quotes it (repr of text, ISO of a date, "blank")."""
    if value is None:
        return Term("import.blank")
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


def import_rows(
    ledger: Ledger,
    kind: ImportKind,
    header: Sequence[str | None],
    rows: Iterable[SourceRow],
    *,
    source: str,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
    header_sheet: str | None = None,
    operator: str | None = None,
    on_commit: Callable[[list[str]], None] | None = None,
    issues: Mapping[tuple[str | None, int], list[tuple[int | None, ReliefError]]] | None = None,
    force: bool = False,
) -> ImportResult:
    """Check every row and record them all in one write transaction, or nothing at all.

    ``header`` is the heading row's cells; ``rows`` yields ``(sheet, row number, cells)``.
    ``source`` names the file in messages. Raises ``ImportRejected`` / ``ImportMalformed``
    with every problem found (nothing written), or returns what was recorded. With
    ``dry_run`` everything is checked the same way and then rolled back. ``on_commit``
    receives the ids of the entries recorded, the moment COMMIT succeeds. ``today`` (default:
    today in the ledger's time zone) is the latest date a row may carry.
    """
    try:
        layout = _layout(kind, header, header_sheet)
    except _HeaderProblems as exc:
        raise _rejection(source, exc.problems, kind, {}) from None
    result = ImportResult(kind, dry_run)
    problems: list[Problem] = []
    if today is None:
        # "Not in the future" means after today in the ledger's time zone (its setting).
        today = ledger_clock(ledger).today()
    importer = _Importer(kind, layout, result, today)
    importer.force = force
    # Phase 1, before the write lock: every cell of the file read and checked, so a clerk's
    # `ship` never waits while a sheet is parsed. Memory holds the parsed values only.
    found = issues or {}
    read: list[_ReadRow] = []
    count = 0
    for sheet, number, values in rows:
        parsed = importer.read(sheet, number, values, len(header), found.get((sheet, number)))
        if parsed is not None:
            read.append(parsed)
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    order = importer.sheet_order
    # Phase 2, under the lock: the rules of the recording commands, entry by entry.
    try:
        with ledger.write():
            poster = Poster(ledger, operator=operator)
            poster.preload_all()
            importer.start(poster, flush=True)
            for row in read:
                importer.post(row)
            importer.finish()
            if progress is not None:
                progress(count)
            problems = importer.problems
            if problems or dry_run:
                raise _Rejected
            poster.flush()
            if on_commit is not None and poster.recorded:
                recorded = list(poster.recorded)
                ledger.after_commit.append(lambda: on_commit(recorded))
    except _Rejected:
        pass
    if problems:
        # Stable: the problems of one row keep the order of its columns.
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row))
        raise _rejection(source, problems, kind, dict(layout.names))
    return result


#: The heading and cell readers, shared with the reader of recipient lists
#: (``reliefctl.ledger.recipients``), which checks its rows by exactly these rules.
HeaderProblems = _HeaderProblems
RowReader = _Reader
read_layout = _layout
rejection = _rejection

__all__ = [
    "FLUSH_EVERY",
    "HeaderProblems",
    "ImportResult",
    "Problem",
    "RowReader",
    "SourceRow",
    "import_rows",
    "read_layout",
    "rejection",
]
