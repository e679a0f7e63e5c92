"""Stock and fund balances, and the names of master data: the one module that knows them.

What moves an item's stock and what spends a fund is written here once, as SQL over the
ledger's fact tables, and every reader takes its balances from here: the posting rules (in
date order, per item, kept up to date in memory as a transaction accepts entries, so one
``ship`` and a 1,000,000-row import apply the same rules without a query per row), the
``stock`` and ``funds`` views, the report and the export. ``verify`` keeps its own independent
replay of the ledger on purpose (``reliefctl.ledger.checks``): a check that reuses the code it
checks cannot catch that code's bugs.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.db.tables import KEYED
from reliefctl.errors import (
    OneOf,
    Phrase,
    UnknownFund,
    UnknownItem,
    UnknownLocation,
    UnknownPlace,
    UnknownTownship,
)
from reliefctl.ledger.parse import text_key

# --- what moves stock and what spends money ------------------------------------------------------

#: The home location (``reliefctl.db.models.Location``): a NULL ``location_id`` means it.
HOME_LOCATION = 1

#: Every row that changes an item's stock, as (item_id, location_id, date, role, qty, value):
#: qty and value are signed as the row changes what is on hand (a void's reversal rows carry
#: the opposite sign, so sums net them out). ``role`` is ``bought``, ``shipped`` (a return's
#: negative lines included: a return is a delivery reversed in part), ``received`` (donations
#: and allotments; a return's receipt row only records it), ``transferred`` (each transfer
#: line twice: out of one location, into another, no value), ``written_off``, and
#: ``count_gain``/``count_loss`` (the line's signed difference) and ``assembled`` (a kit's
#: assembly or disassembly, schema 7: kits in and components out, or the reverse, each line
#: signed as it changes what is on hand). Every part takes the same
#: ``{where}`` condition on ``item_id`` and ``date``.
_MOVE_PARTS = (
    "SELECT item_id, COALESCE(location_id, 1) AS location_id, date, 'bought' AS role, qty, "
    "total_fen AS value FROM purchases WHERE {where}",
    "SELECT item_id, COALESCE(location_id, 1), date, 'shipped', -qty, -value_fen "
    "FROM shipment_lines WHERE {where}",
    "SELECT item_id, location_id, date, 'received', qty, value_fen FROM receipts "
    "WHERE source <> 'return' AND {where}",
    "SELECT item_id, from_location_id, date, 'transferred', -qty, 0 FROM transfer_lines "
    "WHERE {where}",
    "SELECT item_id, to_location_id, date, 'transferred', qty, 0 FROM transfer_lines WHERE {where}",
    "SELECT item_id, location_id, date, 'written_off', -qty, -value_fen FROM writeoff_lines "
    "WHERE {where}",
    "SELECT item_id, location_id, date, CASE WHEN counted_qty > book_qty THEN 'count_gain' "
    "ELSE 'count_loss' END, qty, value_fen FROM count_lines WHERE {where}",
    "SELECT item_id, location_id, date, 'assembled', qty, value_fen FROM assembly_lines "
    "WHERE {where}",
)
_STOCK_MOVES = " UNION ALL ".join(_MOVE_PARTS)
_MOVE_TABLES = len(_MOVE_PARTS)
#: Every row that spends a fund, as (fund_id, date, role, amount): purchases and grants.
_FUND_SPENDING = (
    "SELECT fund_id, date, 'purchases' AS role, total_fen AS amount FROM purchases "
    "WHERE fund_id IS NOT NULL{and_where}"
    " UNION ALL "
    "SELECT fund_id, date, 'grants' AS role, amount_fen AS amount FROM grants "
    "WHERE fund_id IS NOT NULL{and_where}"
)
_SPENDING_TABLES = 2
#: Every allocation to a fund's budget, as (fund_id, date, amount): the allocations (entries of
#: kind ``B``, dated or not, negative for a reduction or a void's reversal) and the budgets of
#: ``fund_budgets`` (recorded before allocations had a date: read as undated). An undated
#: allocation (``date`` NULL) counts from the ledger's beginning.
_ALLOCATIONS = (
    "SELECT fund_id, CAST(NULL AS VARCHAR(10)) AS date, amount_fen AS amount FROM fund_budgets"
    " UNION ALL "
    "SELECT fund_id, date, amount_fen AS amount FROM allocations"
)
#: The date key of an undated allocation in a fund's series: sorts before every ISO date.
UNDATED = ""


def allocations(where: str = "", params: tuple[Any, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """The SQL of every allocation (see ``_ALLOCATIONS``), filtered by ``where`` (a condition on
    ``fund_id``, ``date`` and ``amount``), and its parameters."""
    clause = f" WHERE {where}" if where else ""
    return f"SELECT fund_id, date, amount FROM ({_ALLOCATIONS}) AS a{clause}", params


def stock_moves(where: str = "", params: tuple[Any, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """The SQL of every stock movement (see ``_STOCK_MOVES``), each table filtered by ``where``
    (a condition on ``item_id`` and ``date``), and its parameters."""
    return _STOCK_MOVES.format(where=where or "1 = 1"), params * _MOVE_TABLES


def fund_spending(where: str = "", params: tuple[Any, ...] = ()) -> tuple[str, tuple[Any, ...]]:
    """The SQL of every spending of a fund (see ``_FUND_SPENDING``), filtered by ``where``."""
    clause = f" AND {where}" if where else ""
    return _FUND_SPENDING.format(and_where=clause), params * _SPENDING_TABLES


#: What the ledger counts gross, per kind of figure: (table, column) of every fact row. The
#: gross total of a figure is the sum of the absolute values of all these columns over every
#: row, reversals included, and stays within ``reliefctl.money.GROSS_LIMIT``.
GROSS: dict[str, tuple[tuple[str, str], ...]] = {
    "money": (
        ("purchases", "total_fen"),
        ("shipment_lines", "value_fen"),
        ("grants", "amount_fen"),
        ("fund_budgets", "amount_fen"),
        ("allocations", "amount_fen"),
        ("receipts", "value_fen"),
        ("writeoff_lines", "value_fen"),
        ("count_lines", "value_fen"),
        ("assembly_lines", "value_fen"),
    ),
    "quantities": (
        ("purchases", "qty"),
        ("shipment_lines", "qty"),
        ("receipts", "qty"),
        ("transfer_lines", "qty"),
        ("writeoff_lines", "qty"),
        ("count_lines", "qty"),
        ("assembly_lines", "qty"),
    ),
    "people": (
        ("shipment_lines", "people"),
        ("grants", "people"),
        ("shipment_lines", "households"),
        ("grants", "households"),
    ),
}


def gross_totals(ledger: Ledger) -> dict[str, int]:
    """The ledger's gross total of each kind of figure (see ``GROSS``)."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    for kind, columns in GROSS.items():
        for table, column in columns:
            by_table.setdefault(table, []).append((kind, column))
    totals = dict.fromkeys(GROSS, 0)
    for table, wanted in by_table.items():
        sums = ", ".join(f"SUM(ABS({column}))" for _kind, column in wanted)
        row = ledger.one(f"SELECT {sums} FROM {table}") or ()
        for (kind, _column), value in zip(wanted, row, strict=False):
            totals[kind] += int(value or 0)
    return totals


def gross_of(rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """What an entry's rows add to each gross total."""
    added = dict.fromkeys(GROSS, 0)
    for kind, columns in GROSS.items():
        for table, column in columns:
            for row in rows.get(table, ()):
                added[kind] += abs(int(row.get(column) or 0))
    return added


@dataclass(frozen=True)
class ItemBalance:
    """An item's movements (net of voids) and what is on hand, at cost (fen).

    Every figure is positive as named: ``shipped`` is net of returns, ``count_gain_*`` and
    ``count_loss_*`` the stocktakes' differences. ``qty``/``value`` on hand satisfy the
    identity ``verify`` checks: bought + received + count gains + assembled = shipped +
    written off + count losses + on hand.
    """

    bought_qty: int = 0
    bought_value: int = 0
    shipped_qty: int = 0
    shipped_value: int = 0
    received_qty: int = 0
    received_value: int = 0
    written_off_qty: int = 0
    written_off_value: int = 0
    count_gain_qty: int = 0
    count_gain_value: int = 0
    count_loss_qty: int = 0
    count_loss_value: int = 0
    #: Net into stock by assemblies and disassemblies of kits (signed: a component consumed
    #: by an assembly is negative, a kit assembled positive).
    assembled_qty: int = 0
    assembled_value: int = 0

    @property
    def qty(self) -> int:
        return (
            self.bought_qty
            + self.received_qty
            + self.count_gain_qty
            + self.assembled_qty
            - self.shipped_qty
            - self.written_off_qty
            - self.count_loss_qty
        )

    @property
    def value(self) -> int:
        return (
            self.bought_value
            + self.received_value
            + self.count_gain_value
            + self.assembled_value
            - self.shipped_value
            - self.written_off_value
            - self.count_loss_value
        )


#: Roles (``_MOVE_PARTS``) that take goods out: their sums are negated into ``ItemBalance``.
_OUT_ROLES = frozenset({"shipped", "written_off", "count_loss"})


def _balance(roles: dict[str, tuple[int, int]]) -> ItemBalance:
    figures: dict[str, int] = {}
    for role in (
        "bought",
        "shipped",
        "received",
        "written_off",
        "count_gain",
        "count_loss",
        "assembled",
    ):
        qty, value = roles.get(role, (0, 0))
        sign = -1 if role in _OUT_ROLES else 1
        figures[f"{role}_qty"] = sign * qty
        figures[f"{role}_value"] = sign * value
    return ItemBalance(**figures)


def item_balances(ledger: Ledger, until: str | None = None) -> dict[int, ItemBalance]:
    """Per item id: every movement and what is on hand, counting entries dated up to ``until``."""
    sql, params = stock_moves("date <= ?", (until,)) if until else stock_moves()
    sums: dict[int, dict[str, tuple[int, int]]] = {}
    for item_id, role, qty, value in ledger.query(
        f"SELECT item_id, role, SUM(qty), SUM(value) FROM ({sql}) AS moves GROUP BY item_id, role",
        params,
    ):
        sums.setdefault(int(item_id), {})[str(role)] = (int(qty or 0), int(value or 0))
    return {item_id: _balance(roles) for item_id, roles in sums.items()}


def location_quantities(ledger: Ledger, until: str | None = None) -> dict[tuple[int, int], int]:
    """Per (item id, location id): the quantity on hand (entries dated up to ``until``)."""
    sql, params = stock_moves("date <= ?", (until,)) if until else stock_moves()
    return {
        (int(item_id), int(location_id)): int(qty or 0)
        for item_id, location_id, qty in ledger.query(
            f"SELECT item_id, location_id, SUM(qty) FROM ({sql}) AS moves "
            "GROUP BY item_id, location_id",
            params,
        )
    }


def allocate_value(value: int, quantities: dict[int, int]) -> dict[int, int]:
    """An item's value on hand split among its locations by quantity, adding up exactly.

    Largest remainder: each location takes ``value × qty ÷ total`` rounded down, and the fen
    left over go one each to the locations with the largest remainders (ties: the lower
    location id). With nothing on hand anywhere, any value left (only a rounding residue can
    be) stays at the home location, so the locations still add up to the item.
    """
    total = sum(quantities.values())
    if total <= 0:
        return {HOME_LOCATION: value} if value else {}
    shares: dict[int, int] = {}
    remainders: list[tuple[int, int]] = []
    for location_id, qty in sorted(quantities.items()):
        share, remainder = divmod(value * qty, total)
        shares[location_id] = share
        remainders.append((-remainder, location_id))
    left = value - sum(shares.values())
    for _remainder, location_id in sorted(remainders)[:left]:
        shares[location_id] += 1
    return shares


#: Every change of stock value, as (date, value): ``_MOVE_PARTS`` without what value alone does
#: not need (transfers move none), so each part reads one covering index.
_VALUE_PARTS = (
    "SELECT date, total_fen AS value FROM purchases WHERE {where}",
    "SELECT date, -value_fen FROM shipment_lines WHERE {where}",
    "SELECT date, value_fen FROM receipts WHERE source <> 'return' AND {where}",
    "SELECT date, -value_fen FROM writeoff_lines WHERE {where}",
    "SELECT date, value_fen FROM count_lines WHERE {where}",
    "SELECT date, value_fen FROM assembly_lines WHERE {where}",
)


def stock_value_before(ledger: Ledger, day: str) -> int:
    """The value of all stock on hand at the start of ``day`` (entries dated before it)."""
    sql = " UNION ALL ".join(_VALUE_PARTS).format(where="date < ?")
    params = (day,) * len(_VALUE_PARTS)
    return int(ledger.scalar(f"SELECT SUM(value) FROM ({sql}) AS moves", params) or 0)


@dataclass(frozen=True)
class FundBalance:
    """A fund's budget and what was charged to it (net of voids), in fen."""

    budget: int = 0
    purchases: int = 0
    grants: int = 0

    @property
    def spent(self) -> int:
        return self.purchases + self.grants

    @property
    def remaining(self) -> int:
        return self.budget - self.spent


def fund_balances(
    ledger: Ledger, until: str | None = None, fund_ids: Iterable[int] | None = None
) -> dict[int, FundBalance]:
    """Per fund id: budget, purchases and grants, as at the end of ``until`` (or now).

    The budget as at a date is every undated allocation and every allocation dated on or
    before it; purchases and grants count by their date.
    """
    conditions: list[str] = []
    params: list[Any] = []
    wanted = None if fund_ids is None else sorted(set(fund_ids))
    if wanted is not None:
        if not wanted:
            return {}
        conditions.append(f"fund_id IN ({', '.join('?' for _ in wanted)})")
        params.extend(wanted)
    budget_conditions = list(conditions)
    budget_params = list(params)
    if until:
        conditions.append("date <= ?")
        params.append(until)
        budget_conditions.append("(date IS NULL OR date <= ?)")
        budget_params.append(until)
    spend_sql, spend_params = fund_spending(" AND ".join(conditions), tuple(params))
    budget_sql, budget_args = allocations(" AND ".join(budget_conditions), tuple(budget_params))
    budgets = {
        int(fund_id): int(amount or 0)
        for fund_id, amount in ledger.query(
            f"SELECT fund_id, SUM(amount) FROM ({budget_sql}) AS budgets GROUP BY fund_id",
            budget_args,
        )
    }
    spent: dict[int, dict[str, int]] = {}
    for fund_id, role, amount in ledger.query(
        f"SELECT fund_id, role, SUM(amount) FROM ({spend_sql}) AS spending GROUP BY fund_id, role",
        spend_params,
    ):
        spent.setdefault(int(fund_id), {})[str(role)] = int(amount or 0)
    ids = set(budgets) | set(spent)
    return {
        fund_id: FundBalance(
            budgets.get(fund_id, 0),
            spent.get(fund_id, {}).get("purchases", 0),
            spent.get(fund_id, {}).get("grants", 0),
        )
        for fund_id in ids
    }


# --- books for posting ---------------------------------------------------------------------------


@dataclass
class ItemBook:
    """One item's stock in date order and its value on hand (bought minus shipped, in fen)."""

    item_id: int
    name: str
    unit: str
    #: Net quantity change per event date (purchases minus shipments, voids included).
    deltas: dict[str, int] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    qty_on_hand: int = 0
    value_on_hand: int = 0

    def add(self, date: str, qty: int, value: int) -> None:
        if date not in self.deltas:
            bisect.insort(self.dates, date)
            self.deltas[date] = 0
        self.deltas[date] += qty
        self.qty_on_hand += qty
        self.value_on_hand += value

    def balance_at(self, date: str) -> int:
        """Stock on hand at the end of ``date``: everything dated on or before it."""
        return _balance_at(self.dates, self.deltas, self.qty_on_hand, date)

    def lowest_from(self, date: str) -> tuple[int, str]:
        """The lowest stock on hand on ``date`` or any later date, and the date it occurs.

        Taking ``q`` out on ``date`` lowers every balance from then on, so it is allowed only
        if this minimum is at least ``q``. Appending in date order is the common case and costs
        nothing: there are no later dates, and the minimum is the current balance.
        """
        return _lowest_from(self.dates, self.deltas, self.qty_on_hand, date)


def _balance_at(dates: list[str], deltas: dict[str, int], total: int, date: str) -> int:
    """A dated series' balance at the end of ``date``."""
    index = bisect.bisect_right(dates, date)
    if index == len(dates):
        return total
    return sum(deltas[d] for d in dates[:index])


def _lowest_from(
    dates: list[str], deltas: dict[str, int], total: int, date: str
) -> tuple[int, str]:
    """A dated series' lowest balance on ``date`` or later, and the date it occurs."""
    index = bisect.bisect_right(dates, date)
    if index == len(dates):
        return total, date
    running = _balance_at(dates, deltas, total, date)
    lowest, lowest_date = running, date
    for later in dates[index:]:
        running += deltas[later]
        if running < lowest:
            lowest, lowest_date = running, later
    return lowest, lowest_date


@dataclass
class FundBook:
    """One fund's remaining in date order: allocations add to it, purchases and grants take
    from it. Undated allocations sit at ``UNDATED``, before every date. ``budget`` and
    ``spent`` are the totals over all dates (now)."""

    fund_id: int
    name: str
    budget: int = 0
    spent: int = 0
    #: Net change of the remaining per date (allocations minus spending, voids included).
    deltas: dict[str, int] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    def _bump(self, date: str, delta: int) -> None:
        if date not in self.deltas:
            bisect.insort(self.dates, date)
            self.deltas[date] = 0
        self.deltas[date] += delta

    def allocate(self, date: str | None, amount: int) -> None:
        """An allocation (negative: a reduction) dated ``date`` (None: undated)."""
        self.budget += amount
        self._bump(UNDATED if date is None else date, amount)

    def spend(self, date: str, amount: int) -> None:
        """A purchase or grant (negative: its void) charged on ``date``."""
        self.spent += amount
        self._bump(date, -amount)

    def remaining_at(self, date: str | None) -> int:
        """The remaining at the end of ``date`` (None: of the undated allocations alone)."""
        return _balance_at(self.dates, self.deltas, self.remaining, date or UNDATED)

    def lowest_from(self, date: str | None) -> tuple[int, str]:
        """The lowest remaining on ``date`` (None: from the beginning) or any later date, and
        the date it occurs (``UNDATED`` for the beginning)."""
        return _lowest_from(self.dates, self.deltas, self.remaining, date or UNDATED)


def suggest(name: str, known: Iterable[str]) -> Phrase | str:
    """' (did you mean 高丽营镇?)' or '' — close matches by spelling."""
    matches = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    if not matches:
        return ""
    return Phrase("suggest.did_you_mean", names=OneOf(tuple(matches)))


def _keyed_rows(ledger: Ledger, table: str, columns: str) -> list[tuple[Any, ...]]:
    """Rows of a keyed table (``models.KEYED``) as (id, key, text, *columns), in id order.

    The key is the stored key, or for a row from before version 3 (NULL there) the key of its
    stored text, computed here: its text was stored in NFKC form but may hold characters the
    key drops (a variation selector, a Hangul filler), so the text is not taken for its key.
    """
    text_column, key_column = KEYED[table]
    extra = f", {columns}" if columns else ""
    rows = ledger.query(f"SELECT id, {key_column}, {text_column}{extra} FROM {table} ORDER BY id")
    return [
        (row[0], text_key(str(row[2])) if row[1] is None else str(row[1]), str(row[2]), *row[3:])
        for row in rows
    ]


class MasterData:
    """Townships, units, items, funds, batches and groups: ids by key, names by id.

    Every ``dict`` keyed by name is keyed by the name's key (``parse.text_key``), so
    ``ＤＮ`` finds ``DN``; ``*_names`` give each id's name as stored (as typed). When two
    old rows (from before keys were stored) share a key, the first recorded one is found.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.townships: dict[str, int] = {}
        self.township_names: dict[int, str] = {}
        self.units: dict[str, tuple[int, int]] = {}
        self.unit_names: dict[int, str] = {}
        self.items: dict[str, tuple[int, str]] = {}
        self.item_names: dict[int, str] = {}
        self.funds: dict[str, int] = {}
        self.fund_names: dict[int, str] = {}
        self.batches: dict[str, int] = {}
        self.batch_labels: dict[int, str] = {}
        self.groups: dict[str, int] = {}
        self.group_names: dict[int, str] = {}
        self.locations: dict[str, int] = {}
        self.location_names: dict[int, str] = {}
        #: Location id -> the township it serves (a station), or None.
        self.location_townships: dict[int, int | None] = {}
        #: Item id -> its packs by key: (pack id, name as typed, size in the item's unit).
        self.packs: dict[int, dict[str, tuple[int, str, int]]] = {}
        #: Kit item id -> its recipe, as (component item id, qty per kit) in recorded order.
        self.kits: dict[int, list[tuple[int, int]]] = {}
        self.next_id: dict[str, int] = {}
        for kit_id, component_id, qty in ledger.query(
            "SELECT kit_id, component_id, qty FROM kit_components ORDER BY entry_id, line_no"
        ):
            self.kits.setdefault(int(kit_id), []).append((int(component_id), int(qty)))
        for tid, key, name in _keyed_rows(ledger, "townships", ""):
            self.townships.setdefault(key, tid)
            self.township_names[tid] = name
        for uid, key, name, tid in _keyed_rows(ledger, "units", "township_id"):
            self.units.setdefault(key, (uid, tid))
            self.unit_names[uid] = name
        for iid, key, name, unit in _keyed_rows(ledger, "items", "unit"):
            self.items.setdefault(key, (iid, str(unit)))
            self.item_names[iid] = name
        for fid, key, name in _keyed_rows(ledger, "funds", ""):
            self.funds.setdefault(key, fid)
            self.fund_names[fid] = name
        for bid, key, label in _keyed_rows(ledger, "batches", ""):
            self.batches.setdefault(key, bid)
            self.batch_labels[bid] = label
        for gid, key, name in _keyed_rows(ledger, "beneficiary_groups", ""):
            self.groups.setdefault(key, gid)
            self.group_names[gid] = name
        for lid, key, name, township_id in _keyed_rows(ledger, "locations", "township_id"):
            self.locations.setdefault(key, lid)
            self.location_names[lid] = name
            self.location_townships[lid] = None if township_id is None else int(township_id)
        pack_ids = [0]
        for pid, key, name, item_id, size in _keyed_rows(ledger, "item_packs", "item_id, size"):
            self.packs.setdefault(int(item_id), {}).setdefault(key, (pid, name, int(size)))
            pack_ids.append(int(pid))
        self.next_id["item_packs"] = max(pack_ids) + 1
        for table, names in (
            ("locations", self.location_names),
            ("townships", self.township_names),
            ("units", self.unit_names),
            ("items", self.item_names),
            ("funds", self.fund_names),
            ("batches", self.batch_labels),
            ("beneficiary_groups", self.group_names),
        ):
            self.next_id[table] = max(names, default=0) + 1

    def allocate(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def place(self, name: str) -> tuple[int, int | None]:
        """(township_id, unit_id or None) for a township or unit name."""
        key = text_key(name)
        if key in self.townships:
            return self.townships[key], None
        if key in self.units:
            unit_id, township_id = self.units[key]
            return township_id, unit_id
        known = [*self.township_names.values(), *self.unit_names.values()]
        raise UnknownPlace(name=name, suggestion=suggest(name, known))

    def item(self, name: str) -> int:
        key = text_key(name)
        if key in self.items:
            return self.items[key][0]
        raise UnknownItem(name=name, suggestion=suggest(name, self.item_names.values()))

    def item_unit(self, item_id: int) -> str:
        """The unit an item is counted in, as stored."""
        return self.items[text_key(self.item_names[item_id])][1]

    def item_unit_of(self, item_id: int) -> str:
        """``item_unit``, or '' for an id the master data does not hold (a damaged ledger)."""
        name = self.item_names.get(item_id)
        found = None if name is None else self.items.get(text_key(name))
        return "" if found is None else found[1]

    def pack_sizes(self, item_id: int) -> dict[str, tuple[str, int]]:
        """The item's packs by key, as (name, size): what ``parse.Quantity.base`` reads."""
        return {
            key: (name, size) for key, (_pid, name, size) in self.packs.get(item_id, {}).items()
        }

    def location(self, name: str, field: str | None = None) -> int:
        """The id of the location ``name`` (matched by key)."""
        key = text_key(name)
        if key in self.locations:
            return self.locations[key]
        raise UnknownLocation(
            name=name,
            suggestion=suggest(name, self.location_names.values()),
            **({} if field is None else {"field": field}),
        )

    def fund(self, name: str) -> int:
        key = text_key(name)
        if key in self.funds:
            return self.funds[key]
        raise UnknownFund(name=name, suggestion=suggest(name, self.fund_names.values()))

    def township(self, name: str) -> int:
        key = text_key(name)
        if key in self.townships:
            return self.townships[key]
        raise UnknownTownship(name=name, suggestion=suggest(name, self.township_names.values()))

    def unit_in(self, name: str) -> int | None:
        """The township id of the unit ``name``, or None when no unit has that name."""
        found = self.units.get(text_key(name))
        return None if found is None else found[1]

    def township_id(self, name: str) -> int | None:
        """The id of the township ``name``, or None when there is none."""
        return self.townships.get(text_key(name))


def load_item_books(
    ledger: Ledger, master: MasterData, item_ids: Iterable[int] | None
) -> dict[int, ItemBook]:
    """Stock books for the given items (all items when ``item_ids`` is None)."""
    names = {iid: (master.item_names[iid], unit) for iid, unit in master.items.values()}
    wanted = list(names) if item_ids is None else sorted(set(item_ids))
    books = {iid: ItemBook(iid, names[iid][0], names[iid][1]) for iid in wanted if iid in names}
    if not books:
        return books
    if item_ids is None:
        sql, params = stock_moves()
    else:
        sql, params = stock_moves(f"item_id IN ({', '.join('?' for _ in books)})", tuple(books))
    for item_id, date, qty, value in ledger.query(
        f"SELECT item_id, date, SUM(qty), SUM(value) FROM ({sql}) AS moves "
        "GROUP BY item_id, date ORDER BY item_id, date",
        params,
    ):
        book = books[item_id]
        book.deltas[date] = int(qty)
        book.dates.append(date)
        book.qty_on_hand += int(qty)
        book.value_on_hand += int(value)
    return books


def load_location_books(
    ledger: Ledger, master: MasterData, item_ids: Iterable[int] | None
) -> dict[tuple[int, int], ItemBook]:
    """Per (item, location): the stock book of that item at that location (quantities only;
    value is one pool per item, in the item's own book)."""
    if item_ids is None:
        sql, params = stock_moves()
    else:
        wanted = sorted(set(item_ids))
        if not wanted:
            return {}
        sql, params = stock_moves(f"item_id IN ({', '.join('?' for _ in wanted)})", tuple(wanted))
    books: dict[tuple[int, int], ItemBook] = {}
    for item_id, location_id, date, qty in ledger.query(
        f"SELECT item_id, location_id, date, SUM(qty) FROM ({sql}) AS moves "
        "GROUP BY item_id, location_id, date ORDER BY item_id, location_id, date",
        params,
    ):
        key = (int(item_id), int(location_id))
        book = books.get(key)
        if book is None:
            name = master.item_names.get(key[0], f"item #{key[0]}")
            book = books[key] = ItemBook(key[0], name, master.item_unit_of(key[0]))
        book.deltas[date] = int(qty)
        book.dates.append(date)
        book.qty_on_hand += int(qty)
    return books


def count_dates(
    ledger: Ledger, item_ids: Iterable[int] | None
) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """Per (item, location): the counts still in force (not voided), as (date, entry id)."""
    condition = ""
    params: tuple[Any, ...] = ()
    if item_ids is not None:
        wanted = sorted(set(item_ids))
        if not wanted:
            return {}
        condition = f" AND c.item_id IN ({', '.join('?' for _ in wanted)})"
        params = tuple(wanted)
    found: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for item_id, location_id, date, entry_id in ledger.query(
        "SELECT c.item_id, c.location_id, c.date, c.entry_id FROM count_lines c "
        "JOIN entries e ON e.id = c.entry_id WHERE e.kind = 'C' "
        f"AND c.entry_id NOT IN (SELECT voided_entry_id FROM voids){condition} "
        "ORDER BY e.seq",
        params,
    ):
        found.setdefault((int(item_id), int(location_id)), []).append((str(date), str(entry_id)))
    return found


def load_fund_books(
    ledger: Ledger, master: MasterData, fund_ids: Iterable[int] | None
) -> dict[int, FundBook]:
    """Fund books (allocations and spending in date order) for the given funds (all when
    None)."""
    names = dict(master.fund_names)
    wanted = list(names) if fund_ids is None else sorted(set(fund_ids))
    books = {fid: FundBook(fid, names[fid]) for fid in wanted if fid in names}
    if not books:
        return books
    where: str = ""
    params: tuple[Any, ...] = ()
    if fund_ids is not None:
        where = f"fund_id IN ({', '.join('?' for _ in books)})"
        params = tuple(books)
    budget_sql, budget_params = allocations(where, params)
    for fund_id, date, amount in ledger.query(
        f"SELECT fund_id, date, SUM(amount) FROM ({budget_sql}) AS budgets GROUP BY fund_id, date",
        budget_params,
    ):
        if int(fund_id) in books:
            books[int(fund_id)].allocate(None if date is None else str(date), int(amount or 0))
    spend_sql, spend_params = fund_spending(where, params)
    for fund_id, date, amount in ledger.query(
        f"SELECT fund_id, date, SUM(amount) FROM ({spend_sql}) AS spending GROUP BY fund_id, date",
        spend_params,
    ):
        if int(fund_id) in books:
            books[int(fund_id)].spend(str(date), int(amount or 0))
    return books
