"""What a writer needs to know about the ledger to check a new entry, loaded once per transaction.

``Poster`` (``reliefctl.ledger.posting``) validates entries against these in-memory books and
keeps them up to date as it accepts entries, so one ``ship`` and a 1,000,000-row import apply
exactly the same rules, and the import never needs a query per row.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from reliefctl.db.connect import Ledger
from reliefctl.ledger.errors import UnknownName


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
        index = bisect.bisect_right(self.dates, date)
        if index == len(self.dates):
            return self.qty_on_hand
        return sum(self.deltas[d] for d in self.dates[:index])

    def lowest_from(self, date: str) -> tuple[int, str]:
        """The lowest stock on hand on ``date`` or any later date, and the date it occurs.

        Taking ``q`` out on ``date`` lowers every balance from then on, so it is allowed only
        if this minimum is at least ``q``. Appending in date order is the common case and costs
        nothing: there are no later dates, and the minimum is the current balance.
        """
        index = bisect.bisect_right(self.dates, date)
        if index == len(self.dates):
            return self.qty_on_hand, date
        running = self.balance_at(date)
        lowest, lowest_date = running, date
        for later in self.dates[index:]:
            running += self.deltas[later]
            if running < lowest:
                lowest, lowest_date = running, later
        return lowest, lowest_date


@dataclass
class FundBook:
    fund_id: int
    name: str
    budget: int = 0
    spent: int = 0

    @property
    def remaining(self) -> int:
        return self.budget - self.spent


def suggest(name: str, known: Iterable[str]) -> str:
    """' (did you mean 高丽营镇?)' or '' — close matches by spelling."""
    matches = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(matches) + "?)"


class MasterData:
    """Names of townships, units, items, funds, batches and groups, with their ids."""

    def __init__(self, ledger: Ledger) -> None:
        self.townships: dict[str, int] = {}
        self.township_names: dict[int, str] = {}
        self.units: dict[str, tuple[int, int]] = {}
        self.items: dict[str, tuple[int, str]] = {}
        self.funds: dict[str, int] = {}
        self.batches: dict[str, int] = {}
        self.groups: dict[str, int] = {}
        self.next_id: dict[str, int] = {}
        for tid, name in ledger.query("SELECT id, name FROM townships"):
            self.townships[name] = tid
            self.township_names[tid] = name
        for uid, name, tid in ledger.query("SELECT id, name, township_id FROM units"):
            self.units[name] = (uid, tid)
        for iid, name, unit in ledger.query("SELECT id, name, unit FROM items"):
            self.items[name] = (iid, unit)
        for fid, name in ledger.query("SELECT id, name FROM funds"):
            self.funds[name] = fid
        for bid, label in ledger.query("SELECT id, label FROM batches"):
            self.batches[label] = bid
        for gid, name in ledger.query("SELECT id, name FROM beneficiary_groups"):
            self.groups[name] = gid
        for table, mapping in (
            ("townships", self.townships),
            ("units", self.units),
            ("items", self.items),
            ("funds", self.funds),
            ("batches", self.batches),
            ("beneficiary_groups", self.groups),
        ):
            ids = [v if isinstance(v, int) else v[0] for v in mapping.values()]
            self.next_id[table] = max(ids, default=0) + 1

    def allocate(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def place(self, name: str) -> tuple[int, int | None]:
        """(township_id, unit_id or None) for a township or unit name."""
        if name in self.townships:
            return self.townships[name], None
        if name in self.units:
            unit_id, township_id = self.units[name]
            return township_id, unit_id
        raise UnknownName(
            f"unknown place {name!r}{suggest(name, [*self.townships, *self.units])}; "
            f"add it with: reliefctl township add {name}  "
            f"(or: reliefctl unit add {name} --township TOWNSHIP)"
        )

    def item(self, name: str) -> int:
        if name in self.items:
            return self.items[name][0]
        raise UnknownName(
            f"unknown item {name!r}{suggest(name, self.items)}; "
            f"add it with: reliefctl item add {name} --unit 个"
        )

    def fund(self, name: str) -> int:
        if name in self.funds:
            return self.funds[name]
        raise UnknownName(
            f"unknown fund {name!r}{suggest(name, self.funds)}; "
            f"add it with: reliefctl fund add {name} --budget AMOUNT"
        )

    def township(self, name: str) -> int:
        if name in self.townships:
            return self.townships[name]
        raise UnknownName(
            f"unknown township {name!r}{suggest(name, self.townships)}; "
            f"add it with: reliefctl township add {name}"
        )


def load_item_books(
    ledger: Ledger, master: MasterData, item_ids: Iterable[int] | None
) -> dict[int, ItemBook]:
    """Stock books for the given items (all items when ``item_ids`` is None)."""
    names = {iid: (name, unit) for name, (iid, unit) in master.items.items()}
    wanted = list(names) if item_ids is None else sorted(set(item_ids))
    books = {iid: ItemBook(iid, names[iid][0], names[iid][1]) for iid in wanted if iid in names}
    if not books:
        return books
    params: tuple[int, ...] = ()
    if item_ids is None:
        where_p, where_s = "", ""
    else:
        marks = ", ".join("?" for _ in books)
        where_p = f"WHERE item_id IN ({marks})"
        where_s = where_p
        params = tuple(books) * 2
    rows = ledger.query(
        "SELECT item_id, date, SUM(qty), SUM(value) FROM ("
        f" SELECT item_id, date, qty, total_fen AS value FROM purchases {where_p}"
        " UNION ALL"
        f" SELECT item_id, date, -qty AS qty, -value_fen AS value FROM shipment_lines {where_s}"
        ") AS moves GROUP BY item_id, date ORDER BY item_id, date",
        params,
    )
    for item_id, date, qty, value in rows:
        book = books[item_id]
        book.deltas[date] = int(qty)
        book.dates.append(date)
        book.qty_on_hand += int(qty)
        book.value_on_hand += int(value)
    return books


def load_fund_books(
    ledger: Ledger, master: MasterData, fund_ids: Iterable[int] | None
) -> dict[int, FundBook]:
    names = {fid: name for name, fid in master.funds.items()}
    wanted = list(names) if fund_ids is None else sorted(set(fund_ids))
    books = {fid: FundBook(fid, names[fid]) for fid in wanted if fid in names}
    if not books:
        return books
    marks = ", ".join("?" for _ in books)
    ids = tuple(books)
    for fid, amount in ledger.query(
        f"SELECT fund_id, SUM(amount_fen) FROM fund_budgets WHERE fund_id IN ({marks}) "
        "GROUP BY fund_id",
        ids,
    ):
        books[fid].budget = int(amount)
    for fid, amount in ledger.query(
        "SELECT fund_id, SUM(amount) FROM ("
        f" SELECT fund_id, total_fen AS amount FROM purchases WHERE fund_id IN ({marks})"
        " UNION ALL"
        f" SELECT fund_id, amount_fen AS amount FROM grants WHERE fund_id IN ({marks})"
        ") AS spending GROUP BY fund_id",
        ids * 2,
    ):
        books[fid].spent = int(amount)
    return books
