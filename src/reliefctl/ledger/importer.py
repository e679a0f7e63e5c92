"""Importing purchases, shipments or grants from a spreadsheet: every row checked, all or nothing.

The reader (``reliefctl.io.tables``) turns an xlsx or CSV file into a heading row and numbered
rows of cell values; this module does the rest, with exactly the rules of the recording
commands:

* each cell is read by the same ``reliefctl.ledger.parse`` function as the matching option of
  ``buy``, ``ship`` or ``grant`` (a blank cell is an option not given);
* each entry is posted by the same ``Poster`` as one ``buy``, ``ship`` or ``grant``: known
  names, stock never negative in date order, funds never overdrawn, refs idempotent;
* **all or nothing**: every row is checked, even after a bad one, and every problem is
  collected with its row, column and reason; if there is any, ``ImportRejected`` (or
  ``ImportMalformed`` when all are malformed values) lists them and nothing is written. All
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
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from reliefctl.db.connect import Ledger
from reliefctl.ledger import parse
from reliefctl.ledger.columns import IMPORT_COLUMNS, ImportKind, heading_index, normalise_heading
from reliefctl.ledger.errors import InputError, ReliefError, RuleViolation
from reliefctl.ledger.posting import (
    GrantRequest,
    Posted,
    Poster,
    PurchaseRequest,
    ShipmentRequest,
)

#: A row as the reader gives it: (sheet name or None, row number in the file, cell values).
SourceRow = tuple[str | None, int, Sequence[object]]

#: Entries queued before the Poster inserts them (inside the one transaction): bounds memory.
FLUSH_EVERY: Final = 20_000
PROGRESS_EVERY: Final = 1_000
_BLANK: Final = " \t\r\n\x0b\x0c\u3000\xa0"
#: Option names in the Poster's messages -> the column they come from.
_OPTION_COLUMNS: Final[dict[str, str]] = {
    "--item": "item",
    "--unit-price": "unit_price",
    "--total": "total",
    "--unit-price/--total": "unit_price",
    "--amount": "amount",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the file: where (sheet, row, column) and why."""

    row: int
    column: str | None
    reason: str
    sheet: str | None = None
    #: A value that cannot be read (a bad number, date, name, a missing column), as opposed
    #: to a well-formed entry a ledger rule refuses; decides the exit code (2 or 1).
    malformed: bool = True

    def where(self) -> str:
        place = f"row {self.row}"
        if self.sheet:
            place = f"sheet {self.sheet!r}, {place}"
        return f"{place}, {self.column}" if self.column else place

    def __str__(self) -> str:
        return f"{self.where()}: {self.reason}"


def _summary(problems: Sequence[Problem], kind: ImportKind) -> str:
    rows = len({(p.sheet, p.row) for p in problems})
    noun = "row has" if rows == 1 else "rows have"
    return (
        f"{rows:,} {noun} problems ({len(problems):,} in all, listed above); nothing was "
        f"imported — fix the file and run reliefctl import again with --kind {kind}"
    )


class ImportRejected(RuleViolation):
    """An import with at least one bad row; nothing was written. ``problems`` lists them all."""

    def __init__(self, source: str, problems: Sequence[Problem], kind: ImportKind) -> None:
        super().__init__(f"{source}: {_summary(problems, kind)}")
        self.problems = list(problems)


class ImportMalformed(InputError):
    """Like ``ImportRejected`` when every problem is a malformed value (exit 2, like a typo)."""

    def __init__(self, source: str, problems: Sequence[Problem], kind: ImportKind) -> None:
        super().__init__(source, _summary(problems, kind))
        self.problems = list(problems)


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


# --- cells to text ------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A cell's value as the text a clerk would have typed; None for a blank cell.

    Numbers from a spreadsheet come back as they are shown (``9390.79``, never
    ``9390.790000000001``: the shortest text that reads back as the same number); dates as ISO
    dates; whitespace-only text is blank.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip(_BLANK) else None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- headings -----------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Which cell holds which column, and the headings as the file writes them."""

    index: dict[str, int]
    names: dict[str, str]
    unnamed: list[int]

    def heading(self, key: str) -> str:
        return self.names.get(key, key)


def _layout(kind: ImportKind, header: Sequence[object], sheet: str | None) -> _Layout:
    known = heading_index(kind)
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    unnamed: list[int] = []
    problems: list[Problem] = []
    accepted = ", ".join(column.key for column in IMPORT_COLUMNS[kind])
    for position, cell in enumerate(header):
        text = cell_text(cell)
        if text is None:
            unnamed.append(position)
            continue
        key = known.get(normalise_heading(text))
        if key is None:
            problems.append(
                Problem(
                    1,
                    text,
                    f"is not a column of a {kind} import; the columns are: {accepted} "
                    "(or their Chinese headings, see reliefctl template)",
                    sheet,
                )
            )
        elif key in index:
            problems.append(
                Problem(1, text, f"names the same column as {names[key]!r}; keep one", sheet)
            )
        else:
            index[key] = position
            names[key] = text
    for column in IMPORT_COLUMNS[kind]:
        if column.required and column.key not in index:
            problems.append(Problem(1, None, f"the column {column.key!r} is missing", sheet))
    if kind in ("shipments", "grants") and "to" not in index and "township" not in index:
        problems.append(
            Problem(1, None, "the column 'to' (or 'township' and 'unit') is missing", sheet)
        )
    if kind == "purchases" and "unit_price" not in index and "total" not in index:
        problems.append(Problem(1, None, "give a 'unit_price' or a 'total' column", sheet))
    if problems:
        raise _HeaderProblems(problems)
    return _Layout(index, names, unnamed)


class _HeaderProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("bad headings")
        self.problems = problems


# --- reading one row ----------------------------------------------------------------------------


#: How each column is read: the recording commands' parser for the matching option.
_Parser = Callable[[str, str], Any]


def _parsers(today: date | None) -> dict[str, _Parser]:
    def day(text: str, name: str) -> date:
        return parse.parse_date(text, name, today)

    def ref(text: str, name: str) -> str:
        return parse.clean_text(text, name, 100)

    return {
        "date": day,
        "item": parse.clean_name,
        "qty": parse.parse_quantity,
        "unit_price": parse.parse_unit_price,
        "total": parse.parse_amount,
        "amount": parse.parse_amount,
        "supplier": parse.clean_text,
        "fund": parse.clean_name,
        "ref": ref,
        "note": parse.clean_text,
        "batch": parse.clean_name,
        "to": parse.clean_name,
        "township": parse.clean_name,
        "unit": parse.clean_name,
        "people": parse.parse_people,
        "group": parse.clean_name,
        "purpose": parse.clean_text,
    }


#: Columns that must hold a value on every row (beyond the heading being present).
_REQUIRED: Final[dict[ImportKind, frozenset[str]]] = {
    "purchases": frozenset({"date", "item", "qty"}),
    "shipments": frozenset({"date", "batch", "item", "qty"}),
    "grants": frozenset({"date", "amount"}),
}
#: Distinct values cached per column; past this a column is taken to be unique per row (refs)
#: and only its last value is remembered (the rows of one delivery repeat their ref).
_CACHE_LIMIT: Final = 20_000


class _Column:
    """One column being read: where it is, its parser, and what it has read before."""

    __slots__ = ("cache", "heading", "key", "last", "last_text", "parser", "position", "required")

    def __init__(
        self, key: str, position: int, parser: _Parser, heading: str, required: bool
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
        parsers = _parsers(today)
        required = _REQUIRED[kind]
        self.columns = [
            _Column(key, position, parsers[key], layout.heading(key), key in required)
            for key, position in layout.index.items()
            if key in parsers
        ]
        self.missing = {key: None for key in parsers}

    def problem(self, column: str | None, reason: str, malformed: bool = True) -> None:
        name = None if column is None else self.layout.heading(column)
        self.problems.append(Problem(self.row, name, reason, self.sheet, malformed))

    def read(self, sheet: str | None, number: int, values: Sequence[object]) -> dict[str, Any]:
        """Every column of the row, parsed; ``None`` for a blank or unreadable cell."""
        self.sheet, self.row = sheet, number
        out = dict(self.missing)
        width = len(values)
        for column in self.columns:
            raw = values[column.position] if column.position < width else None
            if raw is None:
                text = None
            elif raw.__class__ is str:
                # Most cells start with a visible character; only the others need a strip.
                text = raw if raw and (raw[0] not in _BLANK or raw.strip(_BLANK)) else None
            else:
                text = cell_text(raw)
            if text is None:
                if column.required:
                    self.problem(column.key, "is empty; this column is required")
                continue
            if text == column.last_text:
                value = column.last
            else:
                value = column.cache.get(text, _MISSING)
                if value is _MISSING:
                    try:
                        value = column.parser(text, column.heading)
                    except InputError as exc:
                        value = exc
                    if len(column.cache) < _CACHE_LIMIT:
                        column.cache[text] = value
                column.last_text, column.last = text, value
            if value.__class__ is InputError:
                self.problems.append(Problem(number, column.heading, value.reason, sheet))
                continue
            out[column.key] = value
        return out

    def failed(self, *keys: str) -> bool:
        """Whether this row already has a problem in one of these columns."""
        names = {self.layout.heading(key) for key in keys}
        return any(
            p.row == self.row and p.sheet == self.sheet and p.column in names
            for p in reversed(self.problems[-20:])
        )

    def unnamed_values(self, values: Sequence[object]) -> None:
        for position in self.layout.unnamed:
            if position < len(values) and cell_text(values[position]) is not None:
                self.problems.append(
                    Problem(
                        self.row,
                        f"column {position + 1}",
                        "has a value but no heading; give the column a heading or clear it",
                        self.sheet,
                    )
                )
                return


def blank_row(values: Sequence[object]) -> bool:
    for value in values:
        if value is None:
            continue
        if value.__class__ is str:
            if value and (value[0] not in _BLANK or value.strip(_BLANK)):
                return False
        elif cell_text(value) is not None:
            return False
    return True


_MISSING: Final = object()


def _place(
    reader: _Reader,
    v: dict[str, Any],
    master_units: dict[str, tuple[int, int]],
    towns: dict[str, int],
) -> str | None:
    """The ``to`` of a shipment or grant: ``to``, else ``unit`` (checked against ``township``)."""
    index = reader.layout.index
    to: str | None = v["to"]
    if to is not None:
        return to
    if "township" not in index:
        if "to" in index and not reader.failed("to"):
            reader.problem("to", "is empty; give the township or unit it went to")
        return None
    township: str | None = v["township"]
    unit: str | None = v["unit"]
    if township is None and unit is None:
        if not reader.failed("township") and not reader.failed("unit"):
            reader.problem("township", "is empty; give the township (and unit) it went to")
        return None
    if unit is None:
        return township
    if (
        township is not None
        and unit in master_units
        and township in towns
        and master_units[unit][1] != towns[township]
    ):
        reader.problem("unit", f"{unit!r} is not in township {township!r}", malformed=False)
        return None
    return unit


# --- the import ---------------------------------------------------------------------------------


@dataclass
class _Delivery:
    """The rows of one shipment being gathered (rows sharing a ref, one after the other)."""

    ref: str | None
    first_row: int
    sheet: str | None
    head: tuple[Any, ...]
    people: int
    lines: list[tuple[str, int]]
    rows: list[int]
    bad: bool = False


class _Importer:
    def __init__(
        self,
        poster: Poster,
        kind: ImportKind,
        layout: _Layout,
        result: ImportResult,
        today: date | None,
        flush: bool,
    ) -> None:
        self.poster = poster
        self.kind = kind
        self.reader = _Reader(layout, kind, today)
        self.result = result
        self.flush = flush
        self.delivery: _Delivery | None = None
        self.closed_refs: dict[str, int] = {}
        #: Sheets in the order they are read, so problems are listed in file order.
        self.sheet_order: dict[str | None, int] = {}

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
    ) -> None:
        try:
            posted = action()
        except ReliefError as exc:
            column = None
            reason = exc.message
            malformed = isinstance(exc, InputError)
            if isinstance(exc, InputError):
                column = self.reader.layout.heading(_OPTION_COLUMNS.get(exc.field, exc.field))
                reason = exc.reason
            self.problems.append(Problem(row, column, reason, sheet, malformed))
            return
        result = self.result
        if posted.duplicate:
            result.duplicate_rows += rows
            result.duplicate_entries += 1
            return
        result.entries += 1
        if ref is None:
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

    def row(self, sheet: str | None, number: int, values: Sequence[object]) -> None:
        if sheet not in self.sheet_order:
            self.sheet_order[sheet] = len(self.sheet_order)
        if blank_row(values):
            return
        reader = self.reader
        before = len(self.problems)
        v = reader.read(sheet, number, values)
        self.result.rows += 1
        if reader.layout.unnamed:
            reader.unnamed_values(values)
        if self.kind == "shipments":
            self._shipment_row(v, before)
        elif self.kind == "purchases":
            self._purchase(v, before)
        else:
            self._grant(v, before)

    def _purchase(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        qty, price, total = v["qty"], v["unit_price"], v["total"]
        if price is None and total is None and not r.failed("unit_price", "total"):
            r.problem("unit_price", "give the unit_price or the total")
        if price is not None and total is not None and qty is not None:
            rounded = parse.round_half_up_fen(price * qty)
            if rounded != total:
                r.problem(
                    "total",
                    f"{parse.format_fen(total)} does not match unit_price × qty = {price} × "
                    f"{qty} = {price * qty}, which is {parse.format_fen(rounded)} to the fen; "
                    "give one of them, or make them agree",
                )
            total = None  # record as `buy --unit-price`, which gives exactly this total
        if len(self.problems) > before:
            return
        request = PurchaseRequest(
            v["date"], v["item"], qty, price, total, v["supplier"], v["fund"], v["ref"], v["note"]
        )
        self._post(lambda: self.poster.buy(request), 1, r.sheet, r.row, request.ref)

    def _grant(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        to = _place(r, v, self.poster.master.units, self.poster.master.townships)
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
        )
        self._post(lambda: self.poster.grant(request), 1, r.sheet, r.row, request.ref)

    def _shipment_row(self, v: dict[str, Any], before: int) -> None:
        r = self.reader
        to = _place(r, v, self.poster.master.units, self.poster.master.townships)
        bad = len(self.problems) > before
        ref: str | None = v["ref"]
        item: str | None = v["item"]
        qty: int | None = v["qty"]
        people: int | None = v["people"]
        head = (v["date"], v["batch"], to, v["group"], v["note"])
        current = self.delivery
        if current is not None and ref is not None and current.ref == ref:
            self._continue(current, head, people, item, qty, bad)
            return
        self._close_delivery()
        if ref is not None and ref in self.closed_refs:
            r.problem(
                "ref",
                f"{ref!r} is also on row {self.closed_refs[ref]}, with other rows between: "
                "the rows of one delivery must be one after the other",
            )
            bad = True
        lines = [] if item is None or qty is None else [(item, qty)]
        self.delivery = _Delivery(ref, r.row, r.sheet, head, people or 0, lines, [r.row], bad)

    def _continue(
        self,
        delivery: _Delivery,
        head: tuple[Any, ...],
        people: int | None,
        item: str | None,
        qty: int | None,
        bad: bool,
    ) -> None:
        r = self.reader
        first = delivery.first_row
        if head != delivery.head and not bad:
            for key, mine, theirs in zip(
                ("date", "batch", "to", "group", "note"), head, delivery.head, strict=True
            ):
                if mine != theirs:
                    column = key if key != "to" or "to" in r.layout.index else "township"
                    r.problem(
                        column,
                        f"{_shown(mine)} differs from {_shown(theirs)} on row {first}, the first "
                        f"row of delivery {delivery.ref!r}: the rows of one delivery share date, "
                        "batch, place, group and note",
                    )
                    bad = True
        if people is not None and people != delivery.people:
            r.problem(
                "people",
                f"{people:,} differs from {delivery.people:,} on row {first}: a delivery's "
                "person-times are given once, on its first row (leave the others blank)",
            )
            bad = True
        if item is not None and any(name == item for name, _ in delivery.lines):
            r.problem("item", f"{item} is already on another row of delivery {delivery.ref!r}")
            bad = True
        if item is not None and qty is not None:
            delivery.lines.append((item, qty))
        delivery.rows.append(r.row)
        delivery.bad = delivery.bad or bad

    def _close_delivery(self) -> None:
        delivery, self.delivery = self.delivery, None
        if delivery is None:
            return
        if delivery.ref is not None:
            self.closed_refs.setdefault(delivery.ref, delivery.first_row)
        if delivery.bad:
            return
        day, batch, to, group, note = delivery.head
        request = ShipmentRequest(
            day, batch, to, delivery.lines, delivery.people, group, delivery.ref, note
        )
        self._post(
            lambda: self.poster.ship(request),
            len(delivery.rows),
            delivery.sheet,
            delivery.first_row,
            delivery.ref,
        )

    def finish(self) -> None:
        if self.kind == "shipments":
            self._close_delivery()


def _shown(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


def import_rows(
    ledger: Ledger,
    kind: ImportKind,
    header: Sequence[object],
    rows: Iterable[SourceRow],
    *,
    source: str,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
    header_sheet: str | None = None,
) -> ImportResult:
    """Check every row and record them all in one write transaction, or nothing at all.

    ``header`` is the heading row's cells; ``rows`` yields ``(sheet, row number, cells)``.
    ``source`` names the file in messages. Raises ``ImportRejected`` / ``ImportMalformed``
    with every problem found (nothing written), or returns what was recorded. With
    ``dry_run`` everything is checked the same way and then rolled back.
    """
    try:
        layout = _layout(kind, header, header_sheet)
    except _HeaderProblems as exc:
        raise ImportMalformed(source, exc.problems, kind) from None
    result = ImportResult(kind, dry_run)
    problems: list[Problem] = []
    order: dict[str | None, int] = {}
    try:
        with ledger.write():
            poster = Poster(ledger)
            poster.preload_all()
            importer = _Importer(poster, kind, layout, result, today, flush=True)
            count = 0
            for sheet, number, values in rows:
                importer.row(sheet, number, values)
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
            importer.finish()
            if progress is not None:
                progress(count)
            problems = importer.problems
            order = importer.sheet_order
            if problems or dry_run:
                raise _Rejected
            poster.flush()
    except _Rejected:
        pass
    if problems:
        # Stable: the problems of one row keep the order of its columns.
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row))
        if all(p.malformed for p in problems):
            raise ImportMalformed(source, problems, kind)
        raise ImportRejected(source, problems, kind)
    return result


__all__ = [
    "FLUSH_EVERY",
    "ImportMalformed",
    "ImportRejected",
    "ImportResult",
    "Problem",
    "SourceRow",
    "cell_text",
    "import_rows",
]
