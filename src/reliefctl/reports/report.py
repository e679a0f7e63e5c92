"""The report leaders and auditors run: spend and person-times per batch, township and more.

``compute_report`` returns plain data (``Report``: totals, one list of ``ReportRow`` per
dimension, optionally a ``Pivot``); the renderers in ``reliefctl.render`` turn the same object
into a console table, CSV, JSON or an Excel sheet. Nothing here prints or formats.

What the figures mean
---------------------
* **goods_value**: the cost of the goods delivered (the moving-average value stored on each
  shipment line). **grants**: cash granted. **spend** = goods_value + grants.
* **people**: person-times (人次), the sum of the people reached by each delivery and grant; the
  same person reached twice counts twice. **household_times**: household-times (户次), the sum
  of the households given with each delivery and grant (``--households``), wherever ``people``
  is shown; entries recorded without it add nothing. **deliveries** and **grant_count** count
  shipments and grants.
* **unique_persons** (issue 16): the distinct persons named on the lists of recipients
  (``--recipients``) of the slice's deliveries and grants, each counted once however often
  reached; ``None`` when no entry of the slice carries a list. Its coverage says how partial
  it is: **listed_entries** of the slice's deliveries and grants carry a list, accounting for
  **listed_people** of its person-times. A row counts each person once; the totals count each
  person once overall, so the rows' unique persons need not add up to the total (one worker
  reached in two townships is one person in each row and one in the total). Shown for batch,
  township, group and month; ``None`` for item, location and fund, and in a report restricted
  to funds.
* **Totals** also carry **purchases** (cash paid for goods in the period), goods received in
  kind (**receipts_value**, at their stated value), goods written off (**written_off**) and the
  stocktakes' differences (**count_gains**, **count_losses**), all at book value, the stock on
  hand at book value at the start of the period (**opening_stock_value**, 0 without ``since``)
  and at its end (**stock_value**), so that for any period::

      opening_stock_value + purchases + receipts_value + count_gains
          = goods_value + written_off + count_losses + stock_value      (to the fen)

  and over the whole ledger (no ``since``) the same with no opening stock. A return of goods
  from a delivery is no receipt: it lowers ``goods_value`` (and the township's) by the value
  the goods left with.
* Voided entries need no special case: a void's reversal rows carry the original's date with
  the signs flipped, so every sum below nets them to zero, in any period and any dimension.

What each dimension can honestly say (``COLUMNS``; a figure that does not apply is ``None``)
-------------------------------------------------------------------------------------------
* ``batch``, ``township``, ``group``, ``month``: every figure. A delivery's people sit on its
  first line, and a delivery has one batch, township, group and date, so the person-times of
  these rows are true and sum to the total. Grants without a batch (or group) form the row
  whose key is ``None`` ("no batch"); units count for their township.
* ``item``: quantity, goods value, grants and spend. A delivery of several items reaches its
  people once, so person-times cannot be split between items and are not shown; cash grants
  are not an item and form the row whose key is ``None`` ("cash grants"), so the spend column
  still sums to the total.
* ``location``: every figure of the deliveries that left from each location (a delivery leaves
  from one location, so its person-times are true there); cash grants leave from none and form
  the row whose key is ``None``, so every column sums to the total.
* ``fund``: purchases and grants charged to the fund, and grants made. Goods are valued at the
  item's average cost across purchases from every fund, so neither goods delivered nor the
  people they reached belong to one fund; those columns are ``None``. The row with key
  ``None`` holds purchases and grants charged to no fund.

In every table, each column that is not ``None`` sums over the rows to the same figure in
``totals`` (quantity, which mixes units, has no total).

How it stays fast
-----------------
Everything is aggregated in the database; Python only rolls up grouped results of a few
thousand rows at most. The default report is one scan of the covering index
``ix_shipment_lines_report (batch_id, township_id, date, value_fen, people, deliveries)`` in
group-by order (no sort), whose grouped result serves both the batch and the township table
and the totals, plus small queries on grants and purchases. This module imports neither
SQLAlchemy nor SQLModel (they would cost more than the query itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Final

from reliefctl.db.connect import Ledger
from reliefctl.errors import PivotCannotCross, PivotNeedsTwo, UnknownDimension
from reliefctl.ledger import settings
from reliefctl.ledger.books import HOME_LOCATION, stock_value_before
from reliefctl.ledger.packs import equivalent, item_packs
from reliefctl.ledger.period import Period
from reliefctl.reports.components import ComponentRow

#: Every dimension a report can be sliced by, in the order the help lists them.
DIMENSIONS: Final[tuple[str, ...]] = (
    "batch",
    "township",
    "group",
    "fund",
    "item",
    "month",
    "location",
)
DEFAULT_DIMS: Final[tuple[str, ...]] = ("batch", "township")
#: Dimensions a pivot can cross. Batch, township, group and month cross each other in every
#: figure; fund crosses month in cash spent (purchases + grants) and batch, township, group or
#: month in grants (purchases have no township, batch or group). See ``pivot_measures``.
PIVOT_DIMS: Final[tuple[str, ...]] = ("batch", "township", "group", "month", "fund")

#: The figures of a row of any table, in display order (a dimension may show fewer, below).
ROW_FIGURES: Final[tuple[str, ...]] = (
    "goods_value",
    "grants",
    "spend",
    "people",
    "deliveries",
    "grant_count",
)
#: Distinct persons from lists of recipients and the lists' coverage (module docstring): JSON
#: always (``None`` where they do not apply), CSV appended after ``household_times``, the
#: workbook's Summary and the 公示 page among the totals; the console a column and a line
#: under the totals only when some entry of the report carries a list.
PERSON_FIGURES: Final[tuple[str, ...]] = ("unique_persons", "listed_entries", "listed_people")
#: The figures of the totals, in display order.
TOTAL_FIGURES: Final[tuple[str, ...]] = (
    "purchases",
    "opening_stock_value",
    "goods_value",
    "grants",
    "spend",
    "stock_value",
    "people",
    "deliveries",
    "grant_count",
    "cash_spent",
    "receipts_value",
    "written_off",
    "count_gains",
    "count_losses",
    "household_times",
    *PERSON_FIGURES,
)
#: Figures shown beside ``people`` wherever it applies (JSON always; CSV appended last; the
#: console table only when some entry in the report gave them).
PEOPLE_EXTRA: Final[tuple[str, ...]] = ("household_times",)
#: The dimensions whose rows count persons (a delivery of several items or a fund's share of
#: goods reaches no person of its own).
PERSON_DIMS: Final = frozenset({"batch", "township", "group", "month"})
#: The figures that are money (integer fen); every other figure is a count.
MONEY_FIGURES: Final = frozenset(
    {
        "purchases",
        "opening_stock_value",
        "goods_value",
        "grants",
        "spend",
        "stock_value",
        "cash_spent",
        "receipts_value",
        "written_off",
        "count_gains",
        "count_losses",
    }
)
#: The totals that are goods figures (or include them): ``None`` when the report is restricted
#: to funds (``--fund``), since goods are valued at one average cost per item across funds.
GOODS_TOTALS: Final = frozenset(
    {
        "goods_value",
        "spend",
        "opening_stock_value",
        "stock_value",
        "people",
        "household_times",
        "deliveries",
        "receipts_value",
        "written_off",
        "count_gains",
        "count_losses",
    }
)
#: The figures each dimension shows, in display order (see the module docstring). ``unit`` is
#: text (the item's counting unit) shown beside ``qty``.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "batch": ROW_FIGURES,
    "township": ROW_FIGURES,
    "group": ROW_FIGURES,
    "month": ROW_FIGURES,
    "item": ("unit", "qty", "goods_value", "grants", "spend"),
    "fund": ("purchases", "grants", "grant_count"),
    "location": ROW_FIGURES,
}
#: Figures a dimension's rows also carry in JSON and CSV (added after ``COLUMNS``; the console
#: table keeps its columns): cash paid, by fund and by month.
ADDED_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "month": ("purchases", "cash_spent"),
    "fund": ("cash_spent",),
}

Key = str | None


@dataclass(frozen=True)
class ReportRow:
    """One row of a report table. Money in fen; ``None`` where the figure does not apply."""

    #: The batch label, township name, group, fund or item name, or month (``2020-12``);
    #: ``None`` for grants without a batch ("no batch"), cash grants in the item table, etc.
    key: Key
    goods_value: int | None
    grants: int
    spend: int | None
    #: Person-times (人次).
    people: int | None
    deliveries: int | None
    grant_count: int | None
    #: Cash paid for goods in the row (``fund`` and ``month`` rows only).
    purchases: int | None = None
    #: Purchases + grants (``fund`` and ``month`` rows only).
    cash_spent: int | None = None
    #: Quantity delivered and its unit (``item`` rows only).
    qty: int | None = None
    unit: str | None = None
    #: Household-times (户次): wherever ``people`` applies, else ``None``.
    household_times: int | None = None
    #: ``qty`` in the item's largest pack (``545箱``, ``reliefctl.ledger.packs``); ``None``
    #: when it has none (``item`` rows only).
    qty_packs: str | None = None
    #: The item has a pack (``item`` rows only): the CSV then has the ``qty_packs`` column.
    packed: bool = False
    #: Distinct persons named on the row's lists, and the coverage (``PERSON_FIGURES``).
    unique_persons: int | None = None
    listed_entries: int | None = None
    listed_people: int | None = None

    def figure(self, name: str) -> int | str | None:
        """A figure by its column name (see ``COLUMNS``)."""
        value: int | str | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class Totals:
    """The period's totals; money in fen. See the module docstring for the reconciliation.
    The goods figures (``GOODS_TOTALS``) are ``None`` in a report restricted to funds."""

    purchases: int
    goods_value: int | None
    grants: int
    spend: int | None
    opening_stock_value: int | None
    stock_value: int | None
    people: int | None
    deliveries: int | None
    grant_count: int
    #: Cash paid out: purchases + grants (资金支出; 累计投入 over the whole ledger).
    cash_spent: int
    #: Goods received in kind (donations, allotments) at their stated value; returns are not
    #: receipts: they lower ``goods_value``.
    receipts_value: int | None = 0
    #: Goods written off (报损), at average cost: losses, never spend.
    written_off: int | None = 0
    #: Stocktake differences at average cost: gains found, losses found.
    count_gains: int | None = 0
    count_losses: int | None = 0
    #: Household-times (户次), ``None`` where ``people`` is.
    household_times: int | None = 0
    #: Distinct persons named on lists in the period, each once (``None``: no list); the
    #: deliveries and grants carrying a list, and the person-times they account for.
    unique_persons: int | None = None
    listed_entries: int | None = 0
    listed_people: int | None = 0


@dataclass(frozen=True)
class Pivot:
    """A cross-tab: one ``ReportRow`` per (row key, column key) that has any activity.

    Its row totals are ``Report.tables[pivot.rows]`` and its column totals
    ``Report.tables[pivot.columns]``; the grand total is ``Report.totals``.
    """

    rows: str
    columns: str
    row_keys: tuple[Key, ...]
    column_keys: tuple[Key, ...]
    #: (row key, column key) -> figures; the ``ReportRow.key`` of a cell is its column key.
    cells: dict[tuple[Key, Key], ReportRow]
    #: The figures the cross-tab shows, one table each (``pivot_measures``).
    measures: tuple[str, ...] = ("spend", "people")

    def cell(self, row_key: Key, column_key: Key) -> ReportRow | None:
        return self.cells.get((row_key, column_key))


@dataclass(frozen=True)
class Report:
    """A report over ``[since, until]`` (ISO dates, inclusive; ``None`` = open-ended)."""

    since: str | None
    until: str | None
    dims: tuple[str, ...]
    totals: Totals
    #: One table per dimension in ``dims``, rows in a stable order (the order batches, townships
    #: … were created; months in calendar order), the ``None`` row last.
    tables: dict[str, list[ReportRow]]
    pivot: Pivot | None = None
    #: The funds the report is restricted to (``--fund``); empty: every entry.
    funds: tuple[str, ...] = ()
    #: ``--components``: the item table in component terms (``reliefctl.reports.components``).
    components: tuple[ComponentRow, ...] | None = None
    #: ``--components`` with ``--by township``/``--by batch``: the same table per township
    #: (batch), by dimension, in ``dims`` order (each row's ``key`` names its township).
    components_by: dict[str, tuple[ComponentRow, ...]] | None = None

    def columns(self, dim: str) -> tuple[str, ...]:
        return COLUMNS[dim]

    @property
    def has_persons(self) -> bool:
        """Whether some delivery or grant of the report carries a list of recipients."""
        return bool(self.totals.listed_entries)

    @property
    def has_households(self) -> bool:
        """Whether any figure of household-times is not zero (the console shows them then)."""
        if self.totals.household_times:
            return True
        return any(row.household_times for rows in self.tables.values() for row in rows)


# --- the queries ---------------------------------------------------------------------------------

#: How each dimension is read from shipment lines, grants and purchases (None: not recorded).
_SHIP_EXPR: Final[dict[str, str | None]] = {
    "batch": "batch_id",
    "township": "township_id",
    "group": "group_id",
    "item": "item_id",
    "fund": None,
    "month": "substr(date, 1, 7)",
    "location": "COALESCE(location_id, 1)",
}
_GRANT_EXPR: Final[dict[str, str | None]] = {
    "batch": "batch_id",
    "township": "township_id",
    "group": "group_id",
    "item": None,
    "fund": "fund_id",
    "month": "substr(date, 1, 7)",
    "location": None,
}
#: Names of the ids each dimension is keyed by (months are their own names).
_NAMES_SQL: Final[dict[str, str]] = {
    "batch": "SELECT id, label FROM batches",
    "township": "SELECT id, name FROM townships",
    "group": "SELECT id, name FROM beneficiary_groups",
    "item": "SELECT id, name FROM items",
    "fund": "SELECT id, name FROM funds",
    "location": "SELECT id, name FROM locations",
}


class _Sums:
    """Running sums for one group; every field an int (fen, person-times, counts)."""

    __slots__ = (
        "deliveries",
        "goods",
        "grant_count",
        "grant_people",
        "grants",
        "households",
        "purchases",
        "qty",
        "ship_people",
    )

    def __init__(self) -> None:
        self.goods = self.qty = self.ship_people = self.deliveries = 0
        self.grants = self.grant_people = self.grant_count = self.purchases = 0
        self.households = 0

    def add_shipped(self, goods: int, people: int, deliveries: int, qty: int = 0) -> None:
        self.goods += goods
        self.ship_people += people
        self.deliveries += deliveries
        self.qty += qty

    def add_granted(self, amount: int, people: int, count: int, households: int = 0) -> None:
        self.grants += amount
        self.grant_people += people
        self.grant_count += count
        self.households += households

    def add(self, other: _Sums) -> None:
        """Every figure of ``other`` added to these."""
        self.add_shipped(other.goods, other.ship_people, other.deliveries, other.qty)
        self.add_granted(other.grants, other.grant_people, other.grant_count)
        self.households += other.households
        self.purchases += other.purchases


def _int(value: Any) -> int:
    """A SUM from the driver as an int (PostgreSQL returns NUMERIC sums as exact Decimals)."""
    return 0 if value is None else int(value)


_Groups = dict[tuple[Any, ...], _Sums]


#: What a shipment scan sums: value, person-times and deliveries; or, per item, value and
#: quantity (which ``ix_shipment_lines_item_date`` covers, so no row is read from the table).
_SHIP_FIGURES: Final = "SUM(value_fen), SUM(people), SUM(deliveries)"
_ITEM_FIGURES: Final = "SUM(value_fen), SUM(qty)"


def _ship_groups(ledger: Ledger, dims: Sequence[str], period: Period) -> _Groups:
    """Goods value, person-times and deliveries (per item: value, quantity), per group."""
    exprs = [_expr(_SHIP_EXPR, dim) for dim in dims]
    items = tuple(dims) == ("item",)
    where, params = period.where()
    keys = ", ".join(exprs)
    groups: _Groups = {}
    n = len(exprs)
    for row in ledger.query(
        f"SELECT {keys}, {_ITEM_FIGURES if items else _SHIP_FIGURES} FROM shipment_lines "
        f"{where} GROUP BY {keys}",
        params,
    ):
        sums = groups.setdefault(tuple(row[:n]), _Sums())
        if items:
            sums.add_shipped(_int(row[n]), 0, 0, _int(row[n + 1]))
        else:
            sums.add_shipped(_int(row[n]), _int(row[n + 1]), _int(row[n + 2]))
    if not items:
        # Household-times from the few lines that hold them, through the partial index
        # ``ix_shipment_lines_households``: the covering scan above stays as it was.
        conditions, params = period.conditions()
        conditions.append("households IS NOT NULL")
        for row in ledger.query(
            f"SELECT {keys}, SUM(households) FROM shipment_lines "
            f"WHERE {' AND '.join(conditions)} GROUP BY {keys}",
            params,
        ):
            groups.setdefault(tuple(row[:n]), _Sums()).households += _int(row[n])
    return groups


def _base_scan(ledger: Ledger, period: Period) -> tuple[_Groups, int]:
    """The hot query: shipment lines per (batch, township), and the stock at the period's start.

    The first is one pass over ``ix_shipment_lines_report``, whose leading columns are the
    GROUP BY, so SQLite streams the groups without sorting. The value on hand at the start of
    the period (``reliefctl.ledger.books``) is a second, narrower pass: measured on 1,000,000
    lines, the two passes take 0.25 s where one pass summing ``CASE WHEN date >= ?`` columns
    takes 0.45 s.
    """
    groups = _ship_groups(ledger, ("batch", "township"), period)
    if not period.since:
        return groups, 0
    return groups, stock_value_before(ledger, period.since)


def _where(period: Period, funds: Sequence[int] | None) -> tuple[str, list[Any]]:
    """The period's ``WHERE`` and, for a report restricted to funds, ``fund_id IN (…)``."""
    where, params = period.where()
    if funds is None:
        return where, params
    marks = ", ".join("?" for _ in funds) or "NULL"
    where += (" AND " if where else "WHERE ") + f"fund_id IN ({marks})"
    return where, [*params, *funds]


def _grant_groups(
    ledger: Ledger, dims: Sequence[str], period: Period, funds: Sequence[int] | None = None
) -> _Groups:
    """Cash, person-times and count of the period's grants, per group."""
    keys = ", ".join(_expr(_GRANT_EXPR, dim) for dim in dims)
    where, params = _where(period, funds)
    groups: _Groups = {}
    for row in ledger.query(
        f"SELECT {keys}, SUM(amount_fen), SUM(people), SUM(grants), SUM(households) "
        f"FROM grants {where} "
        f"GROUP BY {keys}",
        params,
    ):
        n = len(dims)
        groups.setdefault(tuple(row[:n]), _Sums()).add_granted(*(_int(v) for v in row[n:]))
    return groups


def _purchases(ledger: Ledger, period: Period, funds: Sequence[int] | None = None) -> int:
    """Cash paid for goods within the period."""
    where, params = _where(period, funds)
    return _int(ledger.scalar(f"SELECT SUM(total_fen) FROM purchases {where}", params))


#: How each dimension is read from purchases (None: a purchase has no such dimension).
_PURCHASE_EXPR: Final[dict[str, str | None]] = {
    "batch": None,
    "township": None,
    "group": None,
    "item": "item_id",
    "fund": "fund_id",
    "month": "substr(date, 1, 7)",
    "location": None,
}


def _purchase_groups(
    ledger: Ledger, dims: Sequence[str], period: Period, funds: Sequence[int] | None = None
) -> _Groups:
    """Cash paid for goods in the period, per group of ``dims`` (fund and/or month)."""
    keys = ", ".join(_expr(_PURCHASE_EXPR, dim) for dim in dims)
    where, params = _where(period, funds)
    groups: _Groups = {}
    n = len(dims)
    for row in ledger.query(
        f"SELECT {keys}, SUM(total_fen) FROM purchases {where} GROUP BY {keys}", params
    ):
        groups.setdefault(tuple(row[:n]), _Sums()).purchases += _int(row[n])
    return groups


#: The period's other stock movements at value: (figure, table, sum, condition).
_MOVEMENTS: Final = (
    ("receipts_value", "receipts", "SUM(value_fen)", "source <> 'return'"),
    ("written_off", "writeoff_lines", "SUM(value_fen)", ""),
    ("count_gains", "count_lines", "SUM(value_fen)", "counted_qty > book_qty"),
    ("count_losses", "count_lines", "-SUM(value_fen)", "counted_qty < book_qty"),
)


def _movements(ledger: Ledger, period: Period) -> dict[str, int]:
    """Receipts, write-offs and count gains and losses within the period, in fen."""
    found = {}
    for figure, table, total, condition in _MOVEMENTS:
        conditions, params = period.conditions()
        if condition:
            conditions.append(condition)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        found[figure] = _int(ledger.scalar(f"SELECT {total} FROM {table}{where}", params))
    return found


def _expr(table: dict[str, str | None], dim: str) -> str:
    expr = table[dim]
    assert expr is not None, dim
    return expr


# --- rolling up and naming ---------------------------------------------------------------------


def _rollup(groups: _Groups, index: int, into: dict[Any, _Sums] | None = None) -> dict[Any, _Sums]:
    """Merge groups keyed by tuples into groups keyed by the tuple's ``index``-th element."""
    out: dict[Any, _Sums] = {} if into is None else into
    for key, sums in groups.items():
        out.setdefault(key[index], _Sums()).add(sums)
    return out


def _merge(*sources: _Groups) -> _Groups:
    merged: _Groups = {}
    for source in sources:
        for key, sums in source.items():
            merged.setdefault(key, _Sums()).add(sums)
    return merged


class _Names:
    """Id -> name per dimension, read once per report, and the display order of ids."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._names: dict[str, dict[Any, str]] = {}
        self.units: dict[Any, str] = {}
        #: Item id -> its packs (``ledger.packs.item_packs``), read with the item names.
        self.packs: dict[int, list[tuple[str, int]]] = {}

    def of(self, dim: str) -> dict[Any, str]:
        if dim not in self._names:
            if dim == "month":
                self._names[dim] = {}
            elif dim == "item":
                rows = self.ledger.query("SELECT id, name, unit FROM items")
                self._names[dim] = {row[0]: str(row[1]) for row in rows}
                self.units = {row[0]: str(row[2]) for row in rows}
                self.packs = item_packs(self.ledger)
            else:
                self._names[dim] = {
                    row[0]: str(row[1]) for row in self.ledger.query(_NAMES_SQL[dim])
                }
            if dim == "location" and HOME_LOCATION not in self._names[dim]:
                # A bare ledger without its location row: the home location by its setting.
                self._names[dim][HOME_LOCATION] = settings.value(self.ledger, "location")
        return self._names[dim]

    def key(self, dim: str, raw: Any) -> Key:
        if raw is None:
            return None
        if dim == "month":
            return str(raw)
        return self.of(dim)[raw]

    @staticmethod
    def order(raw: Any) -> tuple[int, Any]:
        """Ids (or months) in ascending order, ``None`` last."""
        return (1, 0) if raw is None else (0, raw)


def _row(
    dim: str,
    key: Key,
    sums: _Sums,
    unit: str | None = None,
    cash_only: bool = False,
    with_purchases: bool = True,
) -> ReportRow:
    """A row of ``dim``'s table. ``cash_only`` (a report restricted to funds): goods figures,
    and the person-times and deliveries that go with them, are ``None``. A month row carries
    purchases and cash spent unless ``with_purchases`` is False (a cross-tab's cell, whose
    groups hold no purchases)."""
    if dim == "fund":
        return ReportRow(
            key,
            goods_value=None,
            grants=sums.grants,
            spend=None,
            people=None,
            deliveries=None,
            grant_count=sums.grant_count,
            purchases=sums.purchases,
            cash_spent=sums.purchases + sums.grants,
        )
    month = dim == "month" and with_purchases
    if cash_only:
        return ReportRow(
            key,
            goods_value=None,
            grants=sums.grants,
            spend=None,
            people=None,
            deliveries=None,
            grant_count=None if dim == "item" else sums.grant_count,
            purchases=sums.purchases if month else None,
            cash_spent=sums.purchases + sums.grants if month else None,
            unit=unit,
        )
    if dim == "item":
        return ReportRow(
            key,
            goods_value=sums.goods,
            grants=sums.grants,
            spend=sums.goods + sums.grants,
            people=None,
            deliveries=None,
            grant_count=None,
            qty=None if key is None else sums.qty,
            unit=unit,
        )
    return ReportRow(
        key,
        goods_value=sums.goods,
        grants=sums.grants,
        spend=sums.goods + sums.grants,
        people=sums.ship_people + sums.grant_people,
        deliveries=sums.deliveries,
        grant_count=sums.grant_count,
        purchases=sums.purchases if month else None,
        cash_spent=sums.purchases + sums.grants if month else None,
        household_times=sums.households,
    )


def _has_activity(sums: _Sums) -> bool:
    """False for a group whose entries were all voided (or that only holds earlier lines)."""
    return any(
        (
            sums.goods,
            sums.qty,
            sums.ship_people,
            sums.deliveries,
            sums.grants,
            sums.grant_people,
            sums.grant_count,
            sums.purchases,
            sums.households,
        )
    )


def _table(
    dim: str, groups: dict[Any, _Sums], names: _Names, cash_only: bool = False
) -> list[ReportRow]:
    rows = []
    names.of(dim)
    for raw in sorted(groups, key=names.order):
        sums = groups[raw]
        if _has_activity(sums):
            unit = names.units.get(raw) if dim == "item" else None
            row = _row(dim, names.key(dim, raw), sums, unit, cash_only)
            if dim == "item" and raw in names.packs:
                in_packs = equivalent(row.qty, unit or "", names.packs[raw])
                row = replace(row, qty_packs=in_packs, packed=True)
            rows.append(row)
    return rows


def pivot_measures(dims: Sequence[str]) -> tuple[str, ...]:
    """The figures a cross-tab of ``dims`` shows: spend and person-times, or with fund, cash
    spent and grants (× month) or grants (× batch, township, group)."""
    if "fund" not in dims:
        return ("spend", "people")
    if "month" in dims:
        return ("cash_spent", "grants")
    return ("grants", "grant_count")


# --- the report ----------------------------------------------------------------------------------


def check_dims(dims: Sequence[str], *, pivot: bool = False) -> tuple[str, ...]:
    """The dimensions asked for, validated, duplicates dropped (first occurrence kept)."""
    seen: list[str] = []
    for dim in dims:
        if dim not in DIMENSIONS:
            raise UnknownDimension(field="by", value=dim, dimensions=", ".join(DIMENSIONS))
        if dim not in seen:
            seen.append(dim)
    if not seen:
        seen = list(DEFAULT_DIMS)
    if pivot:
        if len(seen) != 2:
            raise PivotNeedsTwo(field="pivot")
        for dim in seen:
            if dim not in PIVOT_DIMS:
                raise PivotCannotCross(field="pivot", value=dim, dimensions=", ".join(PIVOT_DIMS))
    return tuple(seen)


@contextmanager
def _consistent(ledger: Ledger) -> Iterator[None]:
    """Run every query in one snapshot, unless the caller already holds one (the export)."""
    if ledger.in_transaction:
        yield
        return
    with ledger.snapshot():
        yield


def compute_report(
    ledger: Ledger,
    period: Period | None = None,
    *,
    since: str | None = None,
    until: str | None = None,
    dims: Sequence[str] = DEFAULT_DIMS,
    pivot: bool = False,
    funds: Sequence[str] = (),
) -> Report:
    """Totals and one table per dimension for event dates in the period (inclusive).

    The period is ``period``, or ``since`` and ``until`` (ISO dates, ``None`` for open-ended).
    ``dims`` are names from ``DIMENSIONS`` (default: batch and township). With ``pivot``,
    ``dims`` must be exactly two of ``PIVOT_DIMS`` (rows, then columns) and ``Report.pivot`` is
    filled in. With ``funds`` (names), purchases, grants and cash spent are restricted to
    those funds and every goods figure is ``None`` (see ``GOODS_TOTALS``). Raises an input
    error for an unknown dimension or a period that ends before it starts, and
    ``UnknownFund`` for a fund the ledger does not know. All queries see one consistent state
    of the ledger.
    """
    chosen = check_dims(dims, pivot=pivot)
    if period is None:
        period = Period(since or None, until or None)
    with _consistent(ledger):
        fund_ids = _fund_ids(ledger, funds) if funds else None
        report = _compute(ledger, period, chosen, pivot, fund_ids)
    if funds:
        return Report(
            report.since,
            report.until,
            report.dims,
            report.totals,
            report.tables,
            report.pivot,
            tuple(dict.fromkeys(funds)),
        )
    return report


def _fund_ids(ledger: Ledger, funds: Sequence[str]) -> list[int]:
    from reliefctl.errors import UnknownFund
    from reliefctl.ledger.books import suggest

    known = {str(name): int(fund_id) for fund_id, name in ledger.query(_NAMES_SQL["fund"])}
    ids = []
    for name in funds:
        if name not in known:
            raise UnknownFund(name=name, suggestion=suggest(name, known))
        ids.append(known[name])
    return sorted(set(ids))


def _compute(
    ledger: Ledger,
    period: Period,
    dims: tuple[str, ...],
    pivot: bool,
    funds: Sequence[int] | None = None,
) -> Report:
    names = _Names(ledger)
    cash_only = funds is not None
    if cash_only:
        ship_base: _Groups = {}
        opening = 0
    else:
        ship_base, opening = _base_scan(ledger, period)
    grant_base = _grant_groups(ledger, ("batch", "township"), period, funds)
    bought = _purchases(ledger, period, funds)
    moved = dict.fromkeys(m[0] for m in _MOVEMENTS) if cash_only else _movements(ledger, period)
    base = _merge(ship_base, grant_base)

    total = _Sums()
    for sums in base.values():
        total.add_shipped(sums.goods, sums.ship_people, sums.deliveries)
        total.add_granted(sums.grants, sums.grant_people, sums.grant_count, sums.households)
    totals = Totals(
        purchases=bought,
        goods_value=None if cash_only else total.goods,
        grants=total.grants,
        spend=None if cash_only else total.goods + total.grants,
        opening_stock_value=None if cash_only else opening,
        stock_value=None
        if cash_only
        else opening
        + bought
        + _int(moved["receipts_value"])
        + _int(moved["count_gains"])
        - total.goods
        - _int(moved["written_off"])
        - _int(moved["count_losses"]),
        people=None if cash_only else total.ship_people + total.grant_people,
        deliveries=None if cash_only else total.deliveries,
        grant_count=total.grant_count,
        cash_spent=bought + total.grants,
        household_times=None if cash_only else total.households,
        **moved,
    )

    # Group results already computed, by the dimensions they are keyed on.
    grouped: dict[tuple[str, ...], _Groups] = {("batch", "township"): base}
    if pivot and dims not in grouped and tuple(reversed(dims)) not in grouped:
        if "fund" in dims:
            sources = [_grant_groups(ledger, dims, period, funds)]
            if "month" in dims:
                sources.append(_purchase_groups(ledger, dims, period, funds))
            grouped[dims] = _merge(*sources)
        elif cash_only:
            grouped[dims] = _grant_groups(ledger, dims, period, funds)
        else:
            grouped[dims] = _merge(
                _ship_groups(ledger, dims, period), _grant_groups(ledger, dims, period)
            )

    tables: dict[str, list[ReportRow]] = {}
    for dim in dims:
        by_dim = _by_dimension(ledger, dim, period, grouped, total, funds)
        tables[dim] = _table(dim, by_dim, names, cash_only)
    if not cash_only:
        unique, lists, listed = _persons_total(ledger, period)
        totals = replace(totals, unique_persons=unique, listed_entries=lists, listed_people=listed)
        for dim in dims:
            if dim in PERSON_DIMS:
                tables[dim] = _with_persons(ledger, dim, period, tables[dim], names)
    else:
        totals = replace(totals, listed_entries=None, listed_people=None)

    result_pivot = None
    if pivot:
        result_pivot = _pivot(dims, grouped, names, tables, cash_only)
    return Report(period.since, period.until, dims, totals, tables, result_pivot)


#: How each dimension that counts persons is read from recipient lines.
_PERSON_EXPR: Final[dict[str, str]] = {
    "batch": "batch_id",
    "township": "township_id",
    "group": "group_id",
    "month": "substr(date, 1, 7)",
}


def _persons_total(ledger: Ledger, period: Period) -> tuple[int | None, int, int]:
    """The period's distinct persons (each once; None without a list), the entries carrying
    a list and their person-times; voided lines net out."""
    where, params = period.where()
    lists, people = ledger.one(
        f"SELECT COALESCE(SUM(lists), 0), COALESCE(SUM(people), 0) FROM recipient_lines {where}",
        params,
    ) or (0, 0)
    unique = ledger.scalar(
        "SELECT COUNT(*) FROM (SELECT person_hash FROM recipient_lines "
        f"{where} GROUP BY person_hash HAVING SUM(persons) > 0) AS reached",
        params,
    )
    return (_int(unique) if _int(lists) else None), _int(lists), _int(people)


def _with_persons(
    ledger: Ledger, dim: str, period: Period, rows: list[ReportRow], names: _Names
) -> list[ReportRow]:
    """``rows`` with each row's distinct persons (each once per row) and coverage."""
    expr = _PERSON_EXPR[dim]
    where, params = period.where()
    coverage = {
        names.key(dim, raw): (_int(lists), _int(people))
        for raw, lists, people in ledger.query(
            f"SELECT {expr}, SUM(lists), SUM(people) FROM recipient_lines {where} GROUP BY {expr}",
            params,
        )
    }
    unique = {
        names.key(dim, raw): _int(count)
        for raw, count in ledger.query(
            f"SELECT k, COUNT(*) FROM (SELECT {expr} AS k, person_hash FROM recipient_lines "
            f"{where} GROUP BY {expr}, person_hash HAVING SUM(persons) > 0) AS reached "
            "GROUP BY k",
            params,
        )
    }
    out = []
    for row in rows:
        lists, people = coverage.get(row.key, (0, 0))
        out.append(
            replace(
                row,
                unique_persons=unique.get(row.key, 0) if lists else None,
                listed_entries=lists,
                listed_people=people,
            )
        )
    return out


def _by_dimension(
    ledger: Ledger,
    dim: str,
    period: Period,
    grouped: dict[tuple[str, ...], _Groups],
    total: _Sums,
    funds: Sequence[int] | None = None,
) -> dict[Any, _Sums]:
    if dim == "month":
        # Month rows carry purchases too (cash spent by month), which no cached group holds.
        ships = {} if funds is not None else _ship_groups(ledger, (dim,), period)
        return _rollup(
            _merge(
                ships,
                _grant_groups(ledger, (dim,), period, funds),
                _purchase_groups(ledger, (dim,), period, funds),
            ),
            0,
        )
    if dim == "fund":
        by_fund = _rollup(_grant_groups(ledger, ("fund",), period, funds), 0)
        for key, sums in _purchase_groups(ledger, ("fund",), period, funds).items():
            by_fund.setdefault(key[0], _Sums()).purchases += sums.purchases
        return by_fund
    for keys, groups in grouped.items():
        # A fund cross-tab's groups hold only grants (and purchases): not a table's source.
        if dim in keys and "fund" not in keys:
            return _rollup(groups, keys.index(dim))
    if dim in ("item", "location"):
        # Cash grants have no item and leave from no location: they form the None row.
        ships = {} if funds is not None else _ship_groups(ledger, (dim,), period)
        by_item = _rollup(ships, 0)
        if total.grants or total.grant_count:
            cash = by_item.setdefault(None, _Sums())
            cash.add_granted(total.grants, total.grant_people, total.grant_count, total.households)
        return by_item
    ships = {} if funds is not None else _ship_groups(ledger, (dim,), period)
    return _rollup(_merge(ships, _grant_groups(ledger, (dim,), period, funds)), 0)


def _pivot(
    dims: tuple[str, ...],
    grouped: dict[tuple[str, ...], _Groups],
    names: _Names,
    tables: dict[str, list[ReportRow]],
    cash_only: bool = False,
) -> Pivot:
    rows_dim, cols_dim = dims
    if dims in grouped:
        source, flip = grouped[dims], False
    else:
        source, flip = grouped[(cols_dim, rows_dim)], True
    cells: dict[tuple[Key, Key], ReportRow] = {}
    for raw, sums in source.items():
        if not _has_activity(sums):
            continue
        raw_row, raw_col = (raw[1], raw[0]) if flip else (raw[0], raw[1])
        row_key = names.key(rows_dim, raw_row)
        col_key = names.key(cols_dim, raw_col)
        if "fund" in dims:
            cells[(row_key, col_key)] = _row("fund", col_key, sums)
        else:
            cells[(row_key, col_key)] = _row(
                cols_dim, col_key, sums, cash_only=cash_only, with_purchases=False
            )
    return Pivot(
        rows=rows_dim,
        columns=cols_dim,
        row_keys=tuple(row.key for row in tables[rows_dim]),
        column_keys=tuple(row.key for row in tables[cols_dim]),
        cells=cells,
        measures=pivot_measures(dims),
    )


__all__ = [
    "ADDED_COLUMNS",
    "COLUMNS",
    "DEFAULT_DIMS",
    "DIMENSIONS",
    "PEOPLE_EXTRA",
    "PERSON_DIMS",
    "PERSON_FIGURES",
    "PIVOT_DIMS",
    "Pivot",
    "Report",
    "ReportRow",
    "Totals",
    "check_dims",
    "compute_report",
    "pivot_measures",
]
