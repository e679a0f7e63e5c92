"""What the Excel export holds: every sheet's rows, the Summary report and the Manifest's facts.

``collect_export`` runs inside ``ledger.snapshot()`` and returns plain data: small things
(the report, stock, funds, voids, control totals) computed at once, and the three big sheets
(purchases, shipments, grants) as *lazy* row iterators over ``ledger.stream()``, so the writer
(``reliefctl.render.xlsx``) holds one row at a time however large the ledger is. The iterators
must be consumed before the snapshot ends; everything read sees one consistent ledger.

What the sheets list
--------------------
* Purchases, Shipments and Grants hold the entries that count: voided entries and their
  reversal rows are left out (they net to zero and every report excludes them), and each void
  is listed on the Voids sheet with what it reversed, why, who and when. So a column's sum is
  the report's figure, and these sheets can be imported as they are (``reliefctl import``).
* Rows are in the order they were recorded (entry sequence, then line), the order in which
  an import replays them.
* A delivery's ``people`` is on its first line; later lines leave it blank (``None``), the same
  convention the import reads, so summing the column gives the true person-times.
* Values are raw: money in integer fen, dates as ISO text, ``None`` for blank. Formatting is
  the renderer's job.
* Receipts, Transfers, Write-offs and Counts (issue 12) list those entries the same way, in
  their import layouts (``ledger.sheets``), and "Stock by location" what each location holds
  with its share of each item's value; purchases and shipments name their location last.

Times (when the export was made, when each void was recorded) are in the ledger's time zone,
which the Manifest states.

The period (``since``/``until``, inclusive ISO dates) filters by event date, as the report
does; voids by the date of the entry they reverse (their reversal rows carry that date). Stock
and funds are as at the end of the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from reliefctl.db.connect import Ledger
from reliefctl.errors import ReliefError, Term
from reliefctl.i18n import term
from reliefctl.ledger.clock import Clock
from reliefctl.ledger.period import Period
from reliefctl.ledger.settings import ledger_clock
from reliefctl.ledger.sheets import LAYOUTS, CellKind, ImportKind
from reliefctl.reports.ledger_views import funds, stock, stock_by_location
from reliefctl.reports.report import Report, compute_report
from reliefctl.vocab import ENGLISH

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its heading key (vocabulary ``heading.<key>``) and its cell kind."""

    key: str
    kind: CellKind


@dataclass
class Table:
    """One data sheet: its key (``shipments``), columns, and rows (possibly lazy)."""

    key: str
    columns: tuple[Column, ...]
    rows: Iterable[Row]
    #: Every value some text columns can take (master-data names), so a streaming writer can
    #: size those columns before it has seen the rows.
    known: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Control:
    """A control total for the Manifest: what it sums, its kind (money or int), its value."""

    sheet: str
    column: str
    kind: CellKind
    value: int
    #: For a quantity: the item it counts and its unit (quantities of different items are
    #: never added together: 个, 袋 and 桶 make no total).
    item: str | None = None
    unit: str | None = None


@dataclass
class Export:
    """Everything one export writes; see the module docstring."""

    since: str | None
    until: str | None
    #: When the export was made, in the ledger's time zone (``time_zone``, an IANA name): the
    #: Manifest states the zone, and every time in the file is in it.
    generated_at: datetime
    time_zone: str
    #: The ledger's latest entry (whole ledger, not the period): id, hash, and number of entries.
    latest_id: str | None
    latest_hash: str | None
    entry_count: int
    location: str
    report: Report | None
    tables: list[Table]
    controls: list[Control]


def _c(key: str, kind: CellKind = "text") -> Column:
    return Column(key, kind)


def layout_columns(kind: ImportKind) -> tuple[Column, ...]:
    """The export's columns of an importable sheet, from its layout (``ledger.sheets``)."""
    return tuple(Column(column.key, column.cell) for column in LAYOUTS[kind].exported())


PURCHASE_COLUMNS: Final = layout_columns("purchases")
SHIPMENT_COLUMNS: Final = layout_columns("shipments")
GRANT_COLUMNS: Final = layout_columns("grants")
RECEIPT_COLUMNS: Final = layout_columns("receipts")
TRANSFER_COLUMNS: Final = layout_columns("transfers")
WRITEOFF_COLUMNS: Final = layout_columns("writeoffs")
COUNT_COLUMNS: Final = layout_columns("counts")
RECIPIENT_COLUMNS: Final = layout_columns("recipients")

#: The void that voided the entry ``e``, if one did (the entry sheets' ``voided_by``).
_VOIDED_BY: Final = "(SELECT v.entry_id FROM voids v WHERE v.voided_entry_id = e.id)"

#: How each exported column of the importable sheets is read (an SQL expression over the
#: query's tables), so a sheet's SELECT follows its layout's column order.
_SELECT: Final[dict[ImportKind, dict[str, str]]] = {
    "purchases": {
        "date": "p.date",
        "item": "i.name",
        "qty": "p.qty",
        "unit_price": "p.unit_price",
        "total": "p.total_fen",
        "supplier": "p.supplier",
        "fund": "f.name",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "location": "l.name",
        "qty_text": "p.qty_text",
    },
    "shipments": {
        "batch": "b.label",
        "date": "s.date",
        "township": "t.name",
        "unit": "u.name",
        "item": "i.name",
        "qty": "s.qty",
        "value": "s.value_fen",
        # A delivery's person-times on its first line only, as the import reads them.
        "people": "CASE WHEN s.line_no = 1 THEN s.people END",
        "group": "g.name",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "location": "l.name",
        "households": "CASE WHEN s.line_no = 1 THEN s.households END",
        "qty_text": "s.qty_text",
    },
    "grants": {
        "date": "x.date",
        "township": "t.name",
        "unit": "u.name",
        "amount": "x.amount_fen",
        "fund": "f.name",
        "people": "x.people",
        "group": "g.name",
        "batch": "b.label",
        "purpose": "x.purpose",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "households": "x.households",
        "allow_repeat": "x.repeat_reason",
    },
    "receipts": {
        "date": "x.date",
        "item": "i.name",
        "qty": "x.qty",
        "source": "x.source",
        "giver": "x.giver",
        # A return's value is the shipment line's, not given: blank, as the import reads it.
        "value": "CASE WHEN x.source <> 'return' THEN x.value_fen END",
        "unit_value": "x.unit_value",
        "of": "x.of_entry_id",
        "location": "l.name",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "qty_text": "x.qty_text",
    },
    "transfers": {
        "date": "x.date",
        "from": "a.name",
        "to": "l.name",
        "item": "i.name",
        "qty": "x.qty",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "qty_text": "x.qty_text",
    },
    "writeoffs": {
        "date": "x.date",
        "location": "l.name",
        "item": "i.name",
        "qty": "x.qty",
        "reason": "x.reason",
        "value": "x.value_fen",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "qty_text": "x.qty_text",
    },
    "counts": {
        "date": "x.date",
        "location": "l.name",
        "item": "i.name",
        "book": "x.book_qty",
        "counted": "x.counted_qty",
        "difference": "x.qty",
        "value": "x.value_fen",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
        "qty_text": "x.qty_text",
    },
    "allocations": {
        "date": "x.date",
        "fund": "f.name",
        "amount": "x.amount_fen",
        "ref": "e.ref",
        "note": "e.note",
        "entry": "e.id",
        "seq": "e.seq",
        "voided_by": _VOIDED_BY,
    },
}

#: The movement sheets (issue 12): kind letter, fact table, the join naming the location
#: ``l`` (and ``a``, a transfer's source), and whether rows are lines (ordered by line_no).
_MOVEMENT_SHEETS: Final[dict[ImportKind, tuple[str, str, str, bool]]] = {
    "receipts": ("R", "receipts", "JOIN locations l ON l.id = x.location_id", False),
    "transfers": (
        "T",
        "transfer_lines",
        "JOIN locations a ON a.id = x.from_location_id JOIN locations l ON l.id = x.to_location_id",
        True,
    ),
    "writeoffs": ("W", "writeoff_lines", "JOIN locations l ON l.id = x.location_id", True),
    "counts": ("C", "count_lines", "JOIN locations l ON l.id = x.location_id", True),
}


def _selected(kind: ImportKind) -> str:
    return ", ".join(_SELECT[kind][column.key] for column in layout_columns(kind))


LOCATION_STOCK_COLUMNS: Final[tuple[Column, ...]] = (
    _c("location"),
    _c("item"),
    _c("measure"),
    _c("on_hand", "int"),
    _c("stock_value", "money"),
    # Issue 13: on hand in the item's largest pack (545箱 10个), blank without one.
    _c("in_packs"),
)
STOCK_COLUMNS: Final[tuple[Column, ...]] = (
    _c("item"),
    _c("measure"),
    _c("on_hand", "int"),
    _c("stock_value", "money"),
    _c("bought_qty", "int"),
    _c("bought_value", "money"),
    _c("shipped_qty", "int"),
    _c("shipped_value", "money"),
    _c("in_packs"),
)
FUND_COLUMNS: Final[tuple[Column, ...]] = (
    _c("fund"),
    _c("budget", "money"),
    _c("fund_purchases", "money"),
    _c("fund_grants", "money"),
    _c("spent", "money"),
    _c("remaining", "money"),
)
VOID_COLUMNS: Final = layout_columns("voids")
PLACE_COLUMNS: Final = layout_columns("places")
ITEM_COLUMNS: Final = layout_columns("items")
LOCATION_COLUMNS: Final = layout_columns("locations")
ALLOCATION_COLUMNS: Final = layout_columns("allocations")
SETTING_COLUMNS: Final = layout_columns("settings")

_LIVE: Final = "e.id NOT IN (SELECT voided_entry_id FROM voids)"
#: ``e.kind`` in a form no index can serve (portable SQL): SQLite then reads entries in ``seq``
#: (rowid) order and joins each one's rows by primary key, so the big sheets stream in recording
#: order without a sort, whatever their size.
_KIND: Final = "e.kind || ''"


def _names(ledger: Ledger, sql: str) -> list[str]:
    return [str(row[0]) for row in ledger.query(sql)]


def _int(value: Any) -> int:
    return 0 if value is None else int(value)


def purchase_rows(ledger: Ledger, period: Period) -> Iterator[Row]:
    where, params = period.also("p.date")
    return ledger.stream(
        f"SELECT {_selected('purchases')} FROM entries e JOIN purchases p ON p.entry_id = e.id "
        "JOIN items i ON i.id = p.item_id LEFT JOIN funds f ON f.id = p.fund_id "
        "LEFT JOIN locations l ON l.id = COALESCE(p.location_id, 1) "
        f"WHERE {_KIND} = 'P'{where} ORDER BY e.seq",
        params,
    )


def shipment_rows(ledger: Ledger, period: Period) -> Iterator[Row]:
    where, params = period.also("s.date")
    return ledger.stream(
        f"SELECT {_selected('shipments')} FROM entries e "
        "JOIN shipment_lines s ON s.entry_id = e.id "
        "JOIN batches b ON b.id = s.batch_id JOIN townships t ON t.id = s.township_id "
        "LEFT JOIN units u ON u.id = s.unit_id JOIN items i ON i.id = s.item_id "
        "LEFT JOIN beneficiary_groups g ON g.id = s.group_id "
        "LEFT JOIN locations l ON l.id = COALESCE(s.location_id, 1) "
        f"WHERE {_KIND} = 'S'{where} ORDER BY e.seq, s.line_no",
        params,
    )


def grant_rows(ledger: Ledger, period: Period) -> Iterator[Row]:
    where, params = period.also("x.date")
    return ledger.stream(
        f"SELECT {_selected('grants')} FROM entries e JOIN grants x ON x.entry_id = e.id "
        "JOIN townships t ON t.id = x.township_id LEFT JOIN units u ON u.id = x.unit_id "
        "LEFT JOIN funds f ON f.id = x.fund_id LEFT JOIN batches b ON b.id = x.batch_id "
        "LEFT JOIN beneficiary_groups g ON g.id = x.group_id "
        f"WHERE {_KIND} = 'G'{where} ORDER BY e.seq",
        params,
    )


#: The Recipients sheet (issue 16): what the ledger stores of each listed person, never an
#: identifier or a name; the key's fingerprint on every row, so the sheet is a list of its own.
_RECIPIENT_SELECT: Final[dict[str, str]] = {
    "name": "r.masked_name",
    "amount": "r.amount_fen",
    "entry": "r.entry_id",
    "id_type": "r.id_type",
    "person": "r.person_hash",
    "household_hash": "r.household_hash",
    "fingerprint": "?",
}


def recipient_rows(ledger: Ledger, period: Period) -> Iterator[Row]:
    """Every listed person of the deliveries and grants in the period, voided ones included
    (the entry sheets list those too, with ``voided_by``), in recording order."""
    from reliefctl.ledger import settings

    fingerprint = settings.value(ledger, settings.PERSON_KEY.name) or None
    where, params = period.also("r.date")
    selected = ", ".join(_RECIPIENT_SELECT[column.key] for column in RECIPIENT_COLUMNS)
    return ledger.stream(
        f"SELECT {selected} FROM recipient_lines r JOIN entries e ON e.id = r.entry_id "
        f"WHERE r.persons > 0{where} ORDER BY e.seq, r.line_no",
        [fingerprint, *params],
    )


def movement_rows(ledger: Ledger, kind: ImportKind, period: Period) -> Iterator[Row]:
    """The receipts, transfers, write-offs or counts in the period, in recording order (voided
    ones included, marked ``voided_by``)."""
    letter, table, located, lines = _MOVEMENT_SHEETS[kind]
    where, params = period.also("x.date")
    order = "e.seq, x.line_no" if lines else "e.seq"
    return ledger.stream(
        f"SELECT {_selected(kind)} FROM entries e JOIN {table} x ON x.entry_id = e.id "
        f"JOIN items i ON i.id = x.item_id {located} "
        f"WHERE {_KIND} = '{letter}'{where} ORDER BY {order}",
        params,
    )


#: Kits (issue 13): each kit's recipe, one row per component, and every assembly and
#: disassembly line in recording order (voided ones included, marked ``voided_by``), in their
#: import layouts (``import --kind all`` replays them).
KIT_COLUMNS: Final = layout_columns("kits")
ASSEMBLY_COLUMNS: Final = layout_columns("assemblies")


def kit_rows(ledger: Ledger) -> list[Row]:
    return [
        tuple(r)
        for r in ledger.query(
            "SELECT k.name, k.unit, c.name, x.qty, x.entry_id FROM kit_components x "
            "JOIN items k ON k.id = x.kit_id JOIN items c ON c.id = x.component_id "
            "ORDER BY k.id, x.line_no"
        )
    ]


def assembly_rows(ledger: Ledger, period: Period) -> Iterator[Row]:
    """Assembly (``A``) and disassembly (``D``) lines, signed as they move stock."""
    where, params = period.also("x.date")
    return ledger.stream(
        "SELECT x.date, e.kind, l.name, i.name, x.role, x.qty, x.value_fen, e.ref, e.note, "
        f"e.id, e.seq, {_VOIDED_BY}, x.qty_text "
        "FROM entries e JOIN assembly_lines x ON x.entry_id = e.id "
        "JOIN items i ON i.id = x.item_id JOIN locations l ON l.id = x.location_id "
        f"WHERE e.kind IN ('A', 'D'){where} ORDER BY e.seq, x.line_no",
        params,
    )


def place_rows(ledger: Ledger) -> list[Row]:
    """Every township (unit blank), then every unit in its township, in the order added."""
    towns = [(name, None) for (name,) in ledger.query("SELECT name FROM townships ORDER BY id")]
    units = ledger.query(
        "SELECT t.name, u.name FROM units u JOIN townships t ON t.id = u.township_id ORDER BY u.id"
    )
    return [*towns, *((town, unit) for town, unit in units)]


def item_rows(ledger: Ledger) -> list[Row]:
    """Every item (pack and size blank), each followed by a row per pack of it (issue 13)."""
    packs: dict[int, list[Row]] = {}
    for item_id, name, size in ledger.query(
        "SELECT item_id, name, size FROM item_packs ORDER BY id"
    ):
        packs.setdefault(int(item_id), []).append((name, size))
    rows: list[Row] = []
    for item_id, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id"):
        rows.append((name, unit, None, None))
        rows.extend((name, unit, pack, size) for pack, size in packs.get(int(item_id), []))
    return rows


def master_location_rows(ledger: Ledger) -> list[Row]:
    return [
        tuple(r)
        for r in ledger.query(
            "SELECT l.name, t.name FROM locations l LEFT JOIN townships t ON t.id = l.township_id "
            "ORDER BY l.id"
        )
    ]


def allocation_rows(ledger: Ledger, period: Period) -> list[Row]:
    """Every allocation to a fund in recording order, voided ones included (``voided_by``).

    A fund's first budget from before dated allocations (``fund_budgets``, undated) is listed
    with the fund's own entry. The period filters dated allocations by their date; undated ones
    count from the beginning and are always listed.
    """
    conditions, params = period.conditions("x.date")
    dated = f" AND (x.date IS NULL OR ({' AND '.join(conditions)}))" if conditions else ""
    return [
        tuple(r)
        for r in ledger.query(
            f"SELECT x.date, f.name, x.amount_fen, e.ref, e.note, e.id, e.seq, {_VOIDED_BY} "
            "FROM allocations x JOIN entries e ON e.id = x.entry_id "
            f"JOIN funds f ON f.id = x.fund_id WHERE 1 = 1{dated} "
            "UNION ALL SELECT NULL, f.name, x.amount_fen, e.ref, e.note, e.id, e.seq, "
            f"{_VOIDED_BY} FROM fund_budgets x JOIN entries e ON e.id = x.entry_id "
            "JOIN funds f ON f.id = x.fund_id ORDER BY 7",
            params,
        )
    ]


def setting_rows(ledger: Ledger) -> list[Row]:
    """Every ledger setting and its current value (``config show``); a setting with no value
    (``person_key`` before any list of recipients) is left out: there is nothing to replay."""
    from reliefctl.ledger.settings import current

    return [(name, found.value) for name, found in current(ledger).items() if found.value != ""]


def location_stock_rows(ledger: Ledger, until: str | None) -> list[Row]:
    """What each location holds as at ``until``, with its share of each item's value."""
    return [
        (r.location, r.item, r.unit, r.qty, r.value_fen, r.qty_packs)
        for r in stock_by_location(ledger, until)
    ]


def stock_rows(ledger: Ledger, until: str | None) -> list[Row]:
    return [
        (
            r.item,
            r.unit,
            r.qty,
            r.value_fen,
            r.bought_qty,
            r.bought_fen,
            r.shipped_qty,
            r.shipped_fen,
            r.qty_packs,
        )
        for r in stock(ledger, until)
    ]


def fund_rows(ledger: Ledger, until: str | None) -> list[Row]:
    """Budget, purchases, grants, spent and remaining per fund, as at ``until`` (or now)."""
    return [
        (r.fund, r.budget_fen, r.purchases_fen, r.grants_fen, r.spent_fen, r.remaining_fen)
        for r in funds(ledger, until)
    ]


def void_rows(ledger: Ledger, period: Period, clock: Clock | None = None) -> list[Row]:
    """Every void whose reversed entry is dated in the period, with what it reversed.

    Voids are few (corrections), so they are read whole rather than streamed. Each one's
    ``recorded_at`` is shown in ``clock``'s zone (default: the ledger's), the same moment
    whatever zone it was recorded in.
    """
    clock = clock or ledger_clock(ledger)
    where, params = period.also("o.event_date")
    voids = ledger.query(
        "SELECT v.entry_id, v.voided_entry_id, o.kind, o.event_date, o.ref, v.reason, "
        "ev.operator, ev.recorded_at, ev.seq FROM voids v JOIN entries ev ON ev.id = v.entry_id "
        f"JOIN entries o ON o.id = v.voided_entry_id WHERE 1 = 1{where} ORDER BY ev.seq",
        params,
    )
    if not voids:
        return []
    details = _voided_details(ledger, where, params)
    rows: list[Row] = []
    for void_id, target, kind, day, ref, reason, operator, recorded_at, seq in voids:
        batch, place, what, amount, people = details.get(str(target), (None, None, None, 0, None))
        rows.append(
            (
                void_id,
                target,
                kind,
                day,
                batch,
                place,
                what,
                amount,
                people,
                ref,
                reason,
                operator,
                clock.local(str(recorded_at)),
                seq,
            )
        )
    return rows


_Detail = tuple[str | None, str | None, str | None, int, int | None]


def _place(town: Any, unit_name: Any) -> str:
    return f"{town}/{unit_name}" if unit_name else str(town)


def _voided_details(ledger: Ledger, where: str, params: list[str]) -> dict[str, _Detail]:
    """Voided entry id -> (batch, place, goods or purpose, amount in fen, person-times)."""
    joined = f"JOIN entries o ON o.id = x.entry_id JOIN voids v ON v.voided_entry_id = o.id{where}"
    details: dict[str, _Detail] = {}
    for target, item, unit, qty, total in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.total_fen FROM purchases x "
        f"JOIN items i ON i.id = x.item_id {joined}",
        params,
    ):
        details[str(target)] = (None, None, f"{item} ×{_int(qty):,} {unit}", _int(total), None)
    shipments: dict[str, tuple[str, str, list[str], int, int]] = {}
    for target, batch, town, unit_name, item, qty, value, people in ledger.query(
        "SELECT x.entry_id, b.label, t.name, u.name, i.name, x.qty, x.value_fen, x.people "
        "FROM shipment_lines x JOIN batches b ON b.id = x.batch_id "
        "JOIN townships t ON t.id = x.township_id LEFT JOIN units u ON u.id = x.unit_id "
        f"JOIN items i ON i.id = x.item_id {joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        key = str(target)
        label, place, goods, value_sum, people_sum = shipments.get(
            key, (str(batch), _place(town, unit_name), [], 0, 0)
        )
        goods.append(f"{item} ×{_int(qty):,}")
        shipments[key] = (label, place, goods, value_sum + _int(value), people_sum + _int(people))
    for key, (label, place, goods, value_sum, people_sum) in shipments.items():
        details[key] = (label, place, ", ".join(goods), value_sum, people_sum)
    for target, town, unit_name, batch, amount, people, purpose in ledger.query(
        "SELECT x.entry_id, t.name, u.name, b.label, x.amount_fen, x.people, x.purpose "
        "FROM grants x JOIN townships t ON t.id = x.township_id "
        "LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN batches b ON b.id = x.batch_id "
        f"{joined}",
        params,
    ):
        details[str(target)] = (
            None if batch is None else str(batch),
            _place(town, unit_name),
            None if purpose is None else str(purpose),
            _int(amount),
            _int(people),
        )
    return details


def controls(ledger: Ledger, period: Period) -> list[Control]:
    """Control totals of the Purchases, Shipments and Grants sheets, summed by the database.

    Computed apart from the rows the writer streams, so the Manifest lets an auditor check
    that each sheet's column sums match what the ledger holds. Quantities are totalled per
    item (in its unit), never across items.
    """
    p_where, p_params = period.also("p.date")
    s_where, s_params = period.also("s.date")
    g_where, g_params = period.also("x.date")
    p = ledger.one(
        "SELECT COUNT(*), SUM(p.qty), SUM(p.total_fen) FROM entries e "
        f"JOIN purchases p ON p.entry_id = e.id WHERE e.kind = 'P' AND {_LIVE}{p_where}",
        p_params,
    )
    s = ledger.one(
        "SELECT COUNT(*), SUM(s.qty), SUM(s.value_fen), SUM(s.people), SUM(s.deliveries) "
        "FROM entries e JOIN shipment_lines s ON s.entry_id = e.id "
        f"WHERE e.kind = 'S' AND {_LIVE}{s_where}",
        s_params,
    )
    g = ledger.one(
        "SELECT COUNT(*), SUM(x.amount_fen), SUM(x.people) FROM entries e "
        f"JOIN grants x ON x.entry_id = e.id WHERE e.kind = 'G' AND {_LIVE}{g_where}",
        g_params,
    )
    p = p or (0, 0, 0)
    s = s or (0, 0, 0, 0, 0)
    g = g or (0, 0, 0)
    per_item: dict[str, list[Control]] = {"purchases": [], "shipments": []}
    for sheet, table, alias, kind, where, params in (
        ("purchases", "purchases", "p", "P", p_where, p_params),
        ("shipments", "shipment_lines", "s", "S", s_where, s_params),
    ):
        for name, unit, qty in ledger.query(
            f"SELECT i.name, i.unit, SUM({alias}.qty) FROM entries e "
            f"JOIN {table} {alias} ON {alias}.entry_id = e.id "
            f"JOIN items i ON i.id = {alias}.item_id "
            f"WHERE e.kind = '{kind}' AND {_LIVE}{where} GROUP BY i.id, i.name, i.unit "
            "ORDER BY i.id",
            params,
        ):
            per_item[sheet].append(Control(sheet, "qty", "int", _int(qty), str(name), str(unit)))
    moved: list[Control] = []
    for kind, (quantity, money) in _MOVEMENT_CONTROLS.items():
        letter, table, _located, _lines = _MOVEMENT_SHEETS[kind]
        where, params = period.also("x.date")
        joined = (
            f"FROM entries e JOIN {table} x ON x.entry_id = e.id "
            f"WHERE e.kind = '{letter}' AND {_LIVE}{where}"
        )
        rows = _int(ledger.scalar(f"SELECT COUNT(*) {joined}", params))
        moved.append(Control(kind, "rows", "int", rows))
        for name, unit, qty in ledger.query(
            f"SELECT i.name, i.unit, SUM(x.qty) FROM entries e JOIN {table} x "
            "ON x.entry_id = e.id JOIN items i ON i.id = x.item_id "
            f"WHERE e.kind = '{letter}' AND {_LIVE}{where} GROUP BY i.id, i.name, i.unit "
            "ORDER BY i.id",
            params,
        ):
            moved.append(Control(kind, quantity, "int", _int(qty), str(name), str(unit)))
        if money:
            # A return's value is not on the sheet (it is the delivery's): not in the total.
            kept = " AND x.source <> 'return'" if kind == "receipts" else ""
            value = ledger.scalar(f"SELECT SUM(x.value_fen) {joined}{kept}", params)
            moved.append(Control(kind, "value", "money", _int(value)))
    return [
        Control("purchases", "rows", "int", _int(p[0])),
        *per_item["purchases"],
        Control("purchases", "total", "money", _int(p[2])),
        Control("shipments", "rows", "int", _int(s[0])),
        Control("shipments", "deliveries", "int", _int(s[4])),
        *per_item["shipments"],
        Control("shipments", "value", "money", _int(s[2])),
        Control("shipments", "people", "int", _int(s[3])),
        Control("grants", "rows", "int", _int(g[0])),
        Control("grants", "amount", "money", _int(g[1])),
        Control("grants", "people", "int", _int(g[2])),
        *moved,
    ]


#: The Manifest's control totals of the movement sheets, beside their row counts: the column
#: whose quantities are totalled per item (a count's posted difference), and whether the sheet
#: has a value column to total.
_MOVEMENT_CONTROLS: Final[dict[ImportKind, tuple[str, bool]]] = {
    "receipts": ("qty", True),
    "transfers": ("qty", False),
    "writeoffs": ("qty", True),
    "counts": ("difference", True),
}


def collect_export(
    ledger: Ledger,
    period: Period | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    location: str = "",
    now: datetime | None = None,
    with_report: bool = True,
) -> Export:
    """Everything the export writes, for event dates in the period (``period``, or ``since``
    and ``until`` as ISO dates; inclusive).

    Call it inside ``ledger.snapshot()`` and consume every table's rows before the snapshot
    ends. ``with_report=False`` leaves out the Summary's report (for tests of the sheets).
    """
    if period is None:
        period = Period(since, until)
    since, until = period.since, period.until
    if not ledger.in_transaction:
        raise RuntimeError("collect_export must run inside ledger.snapshot()")
    clock = ledger_clock(ledger)
    generated = (now or clock.now()).astimezone(clock.zone)
    latest = ledger.one("SELECT id, hash FROM entries ORDER BY seq DESC LIMIT 1")
    count = _int(ledger.scalar("SELECT COUNT(*) FROM entries"))
    report = None
    if with_report:
        report = compute_report(ledger, period)
    items = _names(ledger, "SELECT name FROM items")
    towns = _names(ledger, "SELECT name FROM townships")
    units = _names(ledger, "SELECT name FROM units")
    funds = _names(ledger, "SELECT name FROM funds")
    batches = _names(ledger, "SELECT label FROM batches")
    groups = _names(ledger, "SELECT name FROM beneficiary_groups")
    locations = _names(ledger, "SELECT name FROM locations")
    tables = [
        Table(
            "purchases",
            PURCHASE_COLUMNS,
            purchase_rows(ledger, period),
            {"item": items, "fund": funds, "location": locations},
        ),
        Table(
            "shipments",
            SHIPMENT_COLUMNS,
            shipment_rows(ledger, period),
            {
                "batch": batches,
                "township": towns,
                "unit": units,
                "item": items,
                "group": groups,
                "location": locations,
            },
        ),
        Table(
            "grants",
            GRANT_COLUMNS,
            grant_rows(ledger, period),
            {"township": towns, "unit": units, "fund": funds, "batch": batches, "group": groups},
        ),
        Table("stock", STOCK_COLUMNS, stock_rows(ledger, until)),
        Table("funds", FUND_COLUMNS, fund_rows(ledger, until)),
        Table("voids", VOID_COLUMNS, void_rows(ledger, period, clock)),
        Table(
            "receipts",
            RECEIPT_COLUMNS,
            movement_rows(ledger, "receipts", period),
            {"item": items, "location": locations},
        ),
        Table(
            "transfers",
            TRANSFER_COLUMNS,
            movement_rows(ledger, "transfers", period),
            {"item": items, "from": locations, "to": locations},
        ),
        Table(
            "writeoffs",
            WRITEOFF_COLUMNS,
            movement_rows(ledger, "writeoffs", period),
            {"item": items, "location": locations},
        ),
        Table(
            "counts",
            COUNT_COLUMNS,
            movement_rows(ledger, "counts", period),
            {"item": items, "location": locations},
        ),
        Table("location_stock", LOCATION_STOCK_COLUMNS, location_stock_rows(ledger, until)),
        # The master data, allocations and settings (issue 15): with them and the entry sheets'
        # seq, the workbook is the whole ledger (``import --kind all`` replays it).
        Table("places", PLACE_COLUMNS, place_rows(ledger), {"township": towns, "unit": units}),
        Table("items", ITEM_COLUMNS, item_rows(ledger), {"item": items}),
        Table("locations", LOCATION_COLUMNS, master_location_rows(ledger), {"township": towns}),
        Table(
            "allocations",
            ALLOCATION_COLUMNS,
            allocation_rows(ledger, period),
            {"fund": funds},
        ),
        Table("settings", SETTING_COLUMNS, setting_rows(ledger)),
    ]
    if ledger.scalar("SELECT 1 FROM recipient_lines LIMIT 1") is not None:
        # Only a ledger with lists of recipients has the sheet (issue 16): an export of one
        # without them is the workbook it always was.
        tables.append(Table("recipients", RECIPIENT_COLUMNS, recipient_rows(ledger, period)))
    kits = kit_rows(ledger)
    if kits:
        # Only a ledger with kits has these sheets: an export of one without is as it was.
        tables += [
            Table("kits", KIT_COLUMNS, kits, {"kit": items, "component": items}),
            Table(
                "assemblies",
                ASSEMBLY_COLUMNS,
                assembly_rows(ledger, period),
                {"item": items, "location": locations},
            ),
        ]
    return Export(
        since=since,
        until=until,
        generated_at=generated,
        time_zone=clock.zone_name,
        latest_id=None if latest is None else str(latest[0]),
        latest_hash=None if latest is None else str(latest[1]),
        entry_count=count,
        location=location,
        report=report,
        tables=tables,
        controls=controls(ledger, period),
    )


def manifest_check(
    manifest: Sequence[Sequence[str | None]],
) -> Callable[[Ledger], list[ReliefError]]:
    """A check for ``import --kind all``: the control totals of the Manifest ``manifest`` (its
    rows as text cells: the rows after the controls heading, sheet, control, value) against
    those of the ledger, in the order the export writes them, computed as it computes them."""
    from reliefctl.errors import ControlCountDiffers, ControlDiffers
    from reliefctl.ledger import parse

    written: list[tuple[str, str, str]] = []
    started = False
    for cells in manifest:
        values = [*cells, None, None, None][:3]
        if not started:
            # The heading of the controls: "sheet | control | control value" in either language.
            started = values[1] is not None and normalise(values[1]) in _CONTROL_HEADINGS
            continue
        if values[0] is None or values[1] is None or values[2] is None:
            break
        written.append((values[0], values[1], values[2]))

    def check(ledger: Ledger) -> list[ReliefError]:
        ours = controls(ledger, Period(None, None))
        found: list[ReliefError] = []
        for index, control in enumerate(ours):
            if index >= len(written):
                sheet, name, theirs = control.sheet, control.column, "—"
            else:
                sheet, name, theirs = written[index]
                sign = -1 if theirs.strip().startswith("-") else 1
                text = theirs.strip().lstrip("-")
                try:
                    value = sign * (
                        parse.parse_amount(text, "value", allow_zero=True)
                        if control.kind == "money"
                        else int(text.replace(",", ""))
                    )
                except (ReliefError, ValueError):
                    value = None
                if value == control.value:
                    continue
            shown = f"{control.value / 100:.2f}" if control.kind == "money" else str(control.value)
            found.append(ControlDiffers(sheet=sheet, control=name, ours=shown, theirs=theirs))
        if found:
            return found[:1]
        if len(written) != len(ours):
            return [ControlCountDiffers(ours=len(ours), theirs=len(written))]
        return []

    return check


def manifest_period(
    manifest: Sequence[Sequence[str | None]],
) -> tuple[str | Term, str | Term] | None:
    """The period a Manifest (its rows as text cells) says the export covers (an open end as
    the word ``(open)`` in the user's language); None for a whole-ledger export."""
    labels = {
        normalise(term(lang, key, ENGLISH[key])): key
        for lang in ("en", "zh")
        for key in ("manifest.since", "manifest.until")
    }
    opened = {
        normalise(term(lang, "manifest.open", ENGLISH["manifest.open"])) for lang in ("en", "zh")
    }
    found: dict[str, str | Term] = {}
    for cells in manifest:
        values = [*cells, None, None][:2]
        key = None if values[0] is None else labels.get(normalise(values[0]))
        if key is not None and key not in found:
            text = (values[1] or "").strip()
            found[key] = Term("manifest.open") if not text or normalise(text) in opened else text
    since = found.get("manifest.since", Term("manifest.open"))
    until = found.get("manifest.until", Term("manifest.open"))
    if isinstance(since, Term) and isinstance(until, Term):
        return None
    return since, until


def normalise(text: str) -> str:
    return text.strip().casefold()


#: The Manifest's controls heading ("control" in English or Chinese), how it is found.
_CONTROL_HEADINGS: Final = frozenset(
    normalise(term(lang, "heading.control", ENGLISH["heading.control"])) for lang in ("en", "zh")
)


def column_keys(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(column.key for column in columns)


__all__ = [
    "Column",
    "Control",
    "Export",
    "Table",
    "collect_export",
    "column_keys",
    "controls",
    "fund_rows",
    "grant_rows",
    "purchase_rows",
    "shipment_rows",
    "stock_rows",
    "void_rows",
]
