"""Stock on hand, fund balances and the entry log: plain data for the renderers.

Each function takes an open ``Ledger`` and returns rows; none prints or formats. Money is in
integer fen; the renderers turn it into ``120000.00`` (JSON, CSV) or ``120,000.00`` (tables).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reliefctl.db.connect import Ledger
from reliefctl.errors import Phrase, Term
from reliefctl.i18n import Lang
from reliefctl.ledger.books import (
    allocate_value,
    fund_balances,
    item_balances,
    location_quantities,
)
from reliefctl.ledger.packs import equivalent, item_packs
from reliefctl.ledger.period import Period
from reliefctl.messages import render_key


@dataclass(frozen=True)
class StockRow:
    item: str
    unit: str
    qty: int
    value_fen: int
    bought_qty: int
    bought_fen: int
    shipped_qty: int
    shipped_fen: int
    received_qty: int = 0
    received_fen: int = 0
    written_off_qty: int = 0
    written_off_fen: int = 0
    count_gain_qty: int = 0
    count_gain_fen: int = 0
    count_loss_qty: int = 0
    count_loss_fen: int = 0
    #: ``qty`` in the item's largest pack (``545箱``), None without one or below one pack
    #: (``ledger.packs``); ``packed``: the item has a pack.
    qty_packs: str | None = None
    packed: bool = False


def stock(ledger: Ledger, until: str | None = None) -> list[StockRow]:
    """On hand per item (all items, zero included): bought minus shipped, voids netted out.

    With ``until`` (ISO date), only entries dated on or before it count.
    """
    balances = item_balances(ledger, until)
    packs = item_packs(ledger)
    rows = []
    for item_id, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id"):
        b = balances.get(int(item_id))
        if b is None:
            rows.append(StockRow(name, unit, 0, 0, 0, 0, 0, 0, packed=int(item_id) in packs))
            continue
        in_packs = equivalent(b.qty, unit, packs.get(int(item_id)))
        rows.append(
            StockRow(
                name,
                unit,
                b.qty,
                b.value,
                b.bought_qty,
                b.bought_value,
                b.shipped_qty,
                b.shipped_value,
                b.received_qty,
                b.received_value,
                b.written_off_qty,
                b.written_off_value,
                b.count_gain_qty,
                b.count_gain_value,
                b.count_loss_qty,
                b.count_loss_value,
                in_packs,
                int(item_id) in packs,
            )
        )
    return rows


@dataclass(frozen=True)
class LocationStockRow:
    """An item on hand at one location: its quantity there and its share of the item's value."""

    location: str
    item: str
    unit: str
    qty: int
    value_fen: int
    #: ``qty`` in the item's largest pack, None without one; ``packed``: the item has a pack.
    qty_packs: str | None = None
    packed: bool = False


def stock_by_location(
    ledger: Ledger, until: str | None = None, location: int | None = None
) -> list[LocationStockRow]:
    """On hand per location and item (locations in id order, items in id order).

    Every item's value is one pool across locations (moving-average cost); a location's value
    is its share by quantity, allocated by largest remainder so that the locations add up to
    the item's value exactly (``books.allocate_value``). Only what is on hand is listed; with
    ``location`` (an id), only that location, every item (zero included).
    """
    balances = item_balances(ledger, until)
    quantities = location_quantities(ledger, until)
    packs = item_packs(ledger)
    locations = [
        (int(lid), str(name))
        for lid, name in ledger.query("SELECT id, name FROM locations ORDER BY id")
    ]
    items = [
        (int(iid), str(name), str(unit))
        for iid, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id")
    ]
    shares: dict[int, dict[int, int]] = {}
    for item_id, _name, _unit in items:
        held = {lid: qty for (iid, lid), qty in quantities.items() if iid == item_id and qty}
        balance = balances.get(item_id)
        shares[item_id] = allocate_value(0 if balance is None else balance.value, held)
    rows = []
    for location_id, location_name in locations:
        if location is not None and location_id != location:
            continue
        for item_id, name, unit in items:
            qty = quantities.get((item_id, location_id), 0)
            value = shares[item_id].get(location_id, 0)
            if qty or value or location is not None:
                in_packs = equivalent(qty, unit, packs.get(item_id))
                packed = item_id in packs
                rows.append(
                    LocationStockRow(location_name, name, unit, qty, value, in_packs, packed)
                )
    return rows


@dataclass(frozen=True)
class FundRow:
    fund: str
    budget_fen: int
    spent_fen: int
    purchases_fen: int
    grants_fen: int

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.spent_fen


def funds(ledger: Ledger, until: str | None = None) -> list[FundRow]:
    """Budget, spent (purchases + grants charged to it) and remaining, per fund.

    With ``until`` (ISO date), as at the end of that day: allocations recorded on or before
    it, and purchases and grants dated on or before it.
    """
    balances = fund_balances(ledger, until)
    rows = []
    for fund_id, name in ledger.query("SELECT id, name FROM funds ORDER BY id"):
        b = balances.get(int(fund_id))
        if b is None:
            rows.append(FundRow(name, 0, 0, 0, 0))
        else:
            rows.append(FundRow(name, b.budget, b.spent, b.purchases, b.grants))
    return rows


@dataclass
class LogRow:
    seq: int
    id: str
    kind: str
    date: str
    recorded_at: str
    operator: str
    ref: str | None
    note: str | None
    #: What the entry did (a vocabulary phrase, shown in the reader's language by ``summary``).
    what: Phrase | None = None
    amount_fen: int | None = None
    people: int | None = None
    voided_by: str | None = None
    details: dict[str, object] = field(default_factory=dict)

    def summary(self, lang: Lang = "en") -> str:
        """What the entry did, in ``lang`` (JSON and CSV show it in English, for scripts)."""
        return "" if self.what is None else render_key(self.what.key, lang, **self.what.params)


#: Entry kinds by the word ``log --kind`` and the JSON use (``KIND_WORDS``), and back.
KIND_WORDS: dict[str, str] = {
    "M": "master",
    "P": "purchase",
    "S": "shipment",
    "G": "grant",
    "V": "void",
    "L": "setting",
    "B": "allocation",
    "R": "receipt",
    "T": "transfer",
    "W": "writeoff",
    "C": "count",
    "A": "assembly",
    "D": "disassembly",
}
KIND_LETTERS: dict[str, str] = {word: letter for letter, word in KIND_WORDS.items()}


@dataclass(frozen=True)
class LogFilter:
    """What ``log`` keeps, besides the period: every filter given must hold (they combine).

    Names are resolved to ids by ``resolve`` (an unknown name is refused, with a suggestion).
    A void matches what the entry it reverses matches (its reversal rows carry the same item,
    fund, place, batch and group), so a filtered log shows corrections beside what they undo.
    """

    kinds: tuple[str, ...] = ()
    to: str | None = None
    item: str | None = None
    fund: str | None = None
    batch: str | None = None
    group: str | None = None
    ref: str | None = None
    operator: str | None = None

    @property
    def empty(self) -> bool:
        return self == LogFilter()


def _text_key(text: str) -> str:
    from reliefctl.ledger.parse import text_key

    return text_key(text)


def _filter_ids(ledger: Ledger, wanted: LogFilter) -> set[str] | None:
    """Ids of the entries every fact filter of ``wanted`` selects (None: no fact filter)."""
    from reliefctl.errors import UnknownBatch, UnknownGroup
    from reliefctl.ledger.books import MasterData, suggest
    from reliefctl.ledger.parse import text_key

    master = MasterData(ledger)
    selections: list[set[str]] = []

    def ids(*queries: tuple[str, tuple[object, ...]]) -> set[str]:
        found: set[str] = set()
        for sql, params in queries:
            found.update(str(row[0]) for row in ledger.query(sql, params))
        return found

    if wanted.to is not None:
        township_id, unit_id = master.place(wanted.to)
        column, value = ("township_id", township_id) if unit_id is None else ("unit_id", unit_id)
        selections.append(
            ids(
                (f"SELECT entry_id FROM shipment_lines WHERE {column} = ?", (value,)),
                (f"SELECT entry_id FROM grants WHERE {column} = ?", (value,)),
            )
        )
    if wanted.item is not None:
        item_id = master.item(wanted.item)
        selections.append(
            ids(
                ("SELECT entry_id FROM purchases WHERE item_id = ?", (item_id,)),
                ("SELECT entry_id FROM shipment_lines WHERE item_id = ?", (item_id,)),
                ("SELECT entry_id FROM items WHERE id = ?", (item_id,)),
                *(
                    (f"SELECT entry_id FROM {table} WHERE item_id = ?", (item_id,))
                    for table in (
                        "receipts",
                        "transfer_lines",
                        "writeoff_lines",
                        "count_lines",
                        "assembly_lines",
                    )
                ),
            )
        )
    if wanted.fund is not None:
        fund_id = master.fund(wanted.fund)
        selections.append(
            ids(
                *(
                    (f"SELECT entry_id FROM {table} WHERE fund_id = ?", (fund_id,))
                    for table in ("purchases", "grants", "allocations", "fund_budgets")
                ),
                ("SELECT entry_id FROM funds WHERE id = ?", (fund_id,)),
            )
        )
    for label, mapping, shown, column, error in (
        (wanted.batch, master.batches, master.batch_labels, "batch_id", UnknownBatch),
        (wanted.group, master.groups, master.group_names, "group_id", UnknownGroup),
    ):
        if label is None:
            continue
        key = text_key(label)
        if key not in mapping:
            raise error(name=label, suggestion=suggest(label, shown.values()))
        selections.append(
            ids(
                (f"SELECT entry_id FROM shipment_lines WHERE {column} = ?", (mapping[key],)),
                (f"SELECT entry_id FROM grants WHERE {column} = ?", (mapping[key],)),
            )
        )
    if not selections:
        return None
    return set.intersection(*selections)


def log(
    ledger: Ledger, period: Period | None = None, wanted: LogFilter | None = None
) -> list[LogRow]:
    """Entries whose event date lies in the period, in the order they were recorded, kept by
    ``wanted`` (see ``LogFilter``)."""
    wanted = wanted or LogFilter()
    where, params = (period or Period()).where("e.event_date")
    header_where, header_params = where, list(params)
    if wanted.ref is not None:
        # By key, as refs are matched; entries from before keys (ref_key NULL) by their text.
        header_where += (" AND " if header_where else "WHERE ") + (
            "(e.ref_key = ? OR (e.ref_key IS NULL AND e.ref = ?))"
        )
        header_params.extend([_text_key(wanted.ref), wanted.ref])
    if wanted.operator is not None:
        header_where += (" AND " if header_where else "WHERE ") + "e.operator = ?"
        header_params.append(wanted.operator)
    if wanted.kinds:
        marks = ", ".join("?" for _ in wanted.kinds)
        header_where += (" AND " if header_where else "WHERE ") + f"e.kind IN ({marks})"
        header_params.extend(wanted.kinds)
    entries = {
        row[1]: LogRow(*row)
        for row in ledger.query(
            "SELECT e.seq, e.id, e.kind, e.event_date, e.recorded_at, e.operator, e.ref, e.note "
            f"FROM entries e {header_where} ORDER BY e.seq",
            header_params,
        )
    }
    selected = _filter_ids(ledger, wanted)
    if selected is not None:
        entries = {key: value for key, value in entries.items() if key in selected}
    if not entries:
        return []
    joined = f"JOIN entries e ON e.id = x.entry_id {where}"
    for entry_id, voided_by in ledger.query(
        f"SELECT x.voided_entry_id, x.entry_id FROM voids x JOIN entries e "
        f"ON e.id = x.voided_entry_id {where}",
        params,
    ):
        if entry_id in entries:
            entries[entry_id].voided_by = voided_by
    _describe_purchases(ledger, entries, joined, params)
    _describe_shipments(ledger, entries, joined, params)
    _describe_grants(ledger, entries, joined, params)
    _describe_master(ledger, entries, joined, params)
    _describe_allocations(ledger, entries, joined, params)
    _describe_settings(ledger, entries, joined, params)
    _describe_movements(ledger, entries, joined, params)
    _describe_assemblies(ledger, entries, joined, params)
    for entry_id, target, reason in ledger.query(
        f"SELECT x.entry_id, x.voided_entry_id, x.reason FROM voids x {joined}", params
    ):
        if entry_id not in entries:
            continue
        row = entries[entry_id]
        row.what = Phrase("log.void", target=target, reason=reason)
        row.details = {"voids": target, "reason": reason}
    return list(entries.values())


def _describe_purchases(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    for entry_id, item, unit, qty, total, supplier, fund, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.total_fen, x.supplier, f.name, x.qty_text "
        f"FROM purchases x JOIN items i ON i.id = x.item_id "
        f"LEFT JOIN funds f ON f.id = x.fund_id {joined}",
        params,
    ):
        row = entries.get(entry_id)
        if row is None or row.kind != "P":
            continue  # a void's reversal row; the void's summary says what it did
        row.what = Phrase(
            "log.purchase" if text is None else "log.purchase_packed",
            item=item,
            qty=int(qty),
            unit=unit,
            supplier=Phrase("log.from", supplier=supplier) if supplier else "",
            fund=Phrase("log.fund", fund=fund) if fund else "",
            **({} if text is None else {"text": text}),
        )
        row.amount_fen = int(total)
        row.details = {"item": item, "qty": int(qty), "supplier": supplier, "fund": fund}
        if text is not None:
            row.details["qty_text"] = text


def _describe_shipments(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    lines: dict[str, list[tuple[str, str, int, int, str | None]]] = defaultdict(list)
    heads: dict[str, tuple[str, str, str | None, int, str | None]] = {}
    for (
        entry_id,
        batch,
        town,
        unit,
        group,
        item,
        item_unit,
        qty,
        value,
        people,
        text,
    ) in ledger.query(
        "SELECT x.entry_id, b.label, t.name, u.name, g.name, i.name, i.unit, x.qty, x.value_fen, "
        "x.people, x.qty_text FROM shipment_lines x JOIN batches b ON b.id = x.batch_id "
        "JOIN townships t ON t.id = x.township_id LEFT JOIN units u ON u.id = x.unit_id "
        "LEFT JOIN beneficiary_groups g ON g.id = x.group_id JOIN items i ON i.id = x.item_id "
        f"{joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entry_id not in entries or entries[entry_id].kind != "S":
            continue
        lines[entry_id].append((item, item_unit, int(qty), int(value), text))
        if entry_id not in heads:
            heads[entry_id] = (batch, town, unit, int(people), group)
    for entry_id, items in lines.items():
        batch, town, unit, people, group = heads[entry_id]
        row = entries[entry_id]
        place = f"{town}/{unit}" if unit else town
        goods = _goods_of([(item, u, qty, text) for item, u, qty, _, text in items])
        row.what = Phrase("log.shipment", batch=batch, place=place, goods=goods)
        row.amount_fen = sum(value for _, _, _, value, _ in items)
        row.people = people
        row.details = {
            "batch": batch,
            "township": town,
            "unit": unit,
            "group": group,
            "lines": [
                {"item": item, "qty": qty, "value_fen": value, **_written(text)}
                for item, _, qty, value, text in items
            ],
        }


def _describe_grants(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    for entry_id, town, unit, fund, batch, group, amount, people, purpose, named in ledger.query(
        "SELECT x.entry_id, t.name, u.name, f.name, b.label, g.name, x.amount_fen, x.people, "
        "x.purpose, (SELECT COUNT(*) FROM recipient_lines r WHERE r.entry_id = x.entry_id "
        "AND r.persons > 0) FROM grants x JOIN townships t ON t.id = x.township_id "
        "LEFT JOIN units u ON u.id = x.unit_id LEFT JOIN funds f ON f.id = x.fund_id "
        "LEFT JOIN batches b ON b.id = x.batch_id "
        f"LEFT JOIN beneficiary_groups g ON g.id = x.group_id {joined}",
        params,
    ):
        row = entries.get(entry_id)
        if row is None or row.kind != "G":
            continue
        place = f"{town}/{unit}" if unit else town
        row.what = Phrase(
            "log.grant",
            place=place,
            fund=Phrase("log.grant_fund", fund=fund) if fund else "",
            purpose=(
                Phrase("log.purpose_named", purpose=purpose, count=int(named))
                if purpose and named
                else Phrase("log.purpose", purpose=purpose)
                if purpose
                else ""
            ),
        )
        row.amount_fen = int(amount)
        row.people = int(people)
        row.details = {
            "township": town,
            "unit": unit,
            "fund": fund,
            "batch": batch,
            "group": group,
            "purpose": purpose,
        }


def _describe_master(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    queries = {
        "township": f"SELECT x.entry_id, x.name FROM townships x {joined}",
        "unit": f"SELECT x.entry_id, x.name FROM units x {joined}",
        "item": f"SELECT x.entry_id, x.name FROM items x {joined}",
        "fund": f"SELECT x.entry_id, x.name FROM funds x {joined}",
        "location": f"SELECT x.entry_id, x.name FROM locations x {joined}",
    }
    for label, sql in queries.items():
        for entry_id, name in ledger.query(sql, params):
            if entry_id in entries and entries[entry_id].kind == "M":
                entries[entry_id].what = Phrase(f"log.new_{label}", name=name, budget="")
    for entry_id, pack, size, item, unit in ledger.query(
        "SELECT x.entry_id, x.name, x.size, i.name, i.unit FROM item_packs x "
        f"JOIN items i ON i.id = x.item_id {joined}",
        params,
    ):
        if entry_id in entries and entries[entry_id].kind == "M":
            entries[entry_id].what = Phrase(
                "log.new_pack", name=pack, item=item, size=int(size), unit=unit
            )
    for entry_id, fund, amount in ledger.query(
        f"SELECT x.entry_id, f.name, x.amount_fen FROM fund_budgets x "
        f"JOIN funds f ON f.id = x.fund_id {joined}",
        params,
    ):
        if entry_id not in entries:
            continue
        row = entries[entry_id]
        row.amount_fen = int(amount)
        if row.what is None:
            row.what = Phrase("log.topup", fund=fund)
        else:
            row.what.params["budget"] = Phrase("log.with_budget")


def _describe_allocations(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    for entry_id, fund, day, amount in ledger.query(
        "SELECT x.entry_id, f.name, x.date, x.amount_fen FROM allocations x "
        f"JOIN funds f ON f.id = x.fund_id {joined}",
        params,
    ):
        row = entries.get(entry_id)
        if row is None or row.kind != "B":
            continue
        when: Phrase | str = Phrase("log.undated") if day is None else str(day)
        key = "log.allocation" if int(amount) > 0 else "log.reduction"
        row.what = Phrase(key, fund=fund, when=when)
        row.amount_fen = int(amount)
        row.details = {"fund": fund, "date": day, "amount_fen": int(amount)}


# --- one entry whole (``reliefctl show``) --------------------------------------------------------

#: Id columns of the fact and master tables, shown as the name they refer to.
_NAMED: dict[str, tuple[str, str]] = {
    "item_id": ("item", "SELECT id, name FROM items"),
    "fund_id": ("fund", "SELECT id, name FROM funds"),
    "township_id": ("township", "SELECT id, name FROM townships"),
    "unit_id": ("unit", "SELECT id, name FROM units"),
    "batch_id": ("batch", "SELECT id, label FROM batches"),
    "group_id": ("group", "SELECT id, name FROM beneficiary_groups"),
    "location_id": ("location", "SELECT id, name FROM locations"),
    "from_location_id": ("from", "SELECT id, name FROM locations"),
    "to_location_id": ("to", "SELECT id, name FROM locations"),
    "kit_id": ("kit", "SELECT id, name FROM items"),
    "component_id": ("component", "SELECT id, name FROM items"),
}
#: Money columns (integer fen), shown under their name without ``_fen``.
SHOW_MONEY: frozenset[str] = frozenset({"total", "value", "amount"})


@dataclass
class EntryDetail:
    """One entry whole: its header, the hash chain around it, every row it holds (ids shown
    as names, money in fen under ``total``/``value``/``amount``), and its voids."""

    seq: int
    id: str
    kind: str
    date: str
    recorded_at: str
    operator: str
    ref: str | None
    note: str | None
    hash: str
    prev_hash: str
    #: The entry before it in the chain (None for the first).
    previous: str | None
    #: What voided it, and why (None when it stands).
    voided_by: str | None = None
    void_reason: str | None = None
    #: For a void: the entry it reverses.
    voids: str | None = None
    #: (table, row) for every row the entry holds, in the order the hash covers them.
    rows: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    #: The unit of each item named in the rows (qty is counted in it).
    units: dict[str, str] = field(default_factory=dict)


def entry_detail(ledger: Ledger, entry_id: str) -> EntryDetail:
    """The entry ``entry_id`` whole (see ``EntryDetail``); ``UnknownEntry`` when there is none."""
    from reliefctl.errors import UnknownEntry
    from reliefctl.ledger.chain import ENTRY_ROW_TABLES

    with ledger.snapshot():
        found = ledger.one(
            "SELECT seq, id, kind, event_date, recorded_at, operator, ref, note, hash, prev_hash "
            "FROM entries WHERE id = ?",
            (entry_id,),
        )
        if found is None:
            raise UnknownEntry(entry=entry_id)
        seq, eid, kind, day, recorded, operator, ref, note, digest, prev = found
        detail = EntryDetail(
            int(seq),
            str(eid),
            str(kind),
            str(day),
            str(recorded),
            str(operator),
            ref,
            note,
            str(digest),
            str(prev),
            previous=None,
        )
        before = ledger.one(
            "SELECT id FROM entries WHERE seq < ? ORDER BY seq DESC LIMIT 1", (detail.seq,)
        )
        detail.previous = None if before is None else str(before[0])
        voided = ledger.one(
            "SELECT entry_id, reason FROM voids WHERE voided_entry_id = ?", (entry_id,)
        )
        if voided is not None:
            detail.voided_by, detail.void_reason = str(voided[0]), str(voided[1])
        names: dict[str, dict[object, str]] = {}
        for table, (columns, order) in ENTRY_ROW_TABLES.items():
            for values in ledger.query(
                f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? "
                f"ORDER BY {', '.join(order) or 'entry_id'}",
                (entry_id,),
            ):
                shown: dict[str, object] = {}
                for column, value in zip(columns, values, strict=True):
                    if column == "entry_id":
                        continue
                    if column in _NAMED:
                        label, sql = _NAMED[column]
                        if label not in names:
                            names[label] = {row[0]: str(row[1]) for row in ledger.query(sql)}
                        shown[label] = None if value is None else names[label].get(value, value)
                    elif column.endswith("_fen"):
                        shown[column[: -len("_fen")]] = None if value is None else int(value)
                    else:
                        shown[column] = value
                if table == "voids":
                    detail.voids = str(shown.get("voided_entry_id"))
                detail.rows.append((table, shown))
        items = {name for _table, row in detail.rows if isinstance(name := row.get("item"), str)}
        if items:
            detail.units = {
                str(name): str(unit)
                for name, unit in ledger.query("SELECT name, unit FROM items")
                if name in items
            }
    return detail


def _describe_settings(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    changes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entry_id, name, value in ledger.query(
        f"SELECT x.entry_id, x.name, x.value FROM settings x {joined} ORDER BY x.entry_id, x.name",
        params,
    ):
        changes[str(entry_id)].append((str(name), str(value)))
    for entry_id, pairs in changes.items():
        if entry_id not in entries:
            continue
        row = entries[entry_id]
        row.what = Phrase(
            "log.settings", changes=[Phrase("log.setting", name=n, value=v) for n, v in pairs]
        )
        row.details = {"settings": dict(pairs)}


def _goods_of(lines: list[tuple[str, str, int, str | None]]) -> list[Phrase]:
    """Each line as ``暖身贴 ×2,400 个``, or with the quantity as written when it named a pack:
    ``暖身贴 ×10箱 (2,400 个)``."""
    return [
        Phrase("log.goods", item=item, qty=qty, unit=unit)
        if text is None
        else Phrase("log.goods_packed", item=item, qty=qty, unit=unit, text=text)
        for item, unit, qty, text in lines
    ]


def _written(text: str | None) -> dict[str, str | None]:
    """A line's ``qty_text`` for its JSON details: always present, null when not in packs."""
    return {"qty_text": text}


def _describe_assemblies(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    """Assemblies and disassemblies of kits: the kits and the components, at value."""
    kits: dict[str, tuple[str, str, int, int, str, str | None]] = {}
    parts: dict[str, list[tuple[str, str, int, str | None]]] = defaultdict(list)
    for entry_id, item, unit, qty, value, role, where, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.value_fen, x.role, l.name, x.qty_text "
        "FROM assembly_lines x JOIN items i ON i.id = x.item_id "
        f"JOIN locations l ON l.id = x.location_id {joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entry_id not in entries or entries[entry_id].kind not in ("A", "D"):
            continue
        if role == "kit":
            kits[entry_id] = (item, unit, abs(int(qty)), abs(int(value)), where, text)
        else:
            parts[entry_id].append((item, unit, abs(int(qty)), None))
    for entry_id, (kit, unit, qty, value, where, text) in kits.items():
        row = entries[entry_id]
        row.what = Phrase(
            "log.assembly" if row.kind == "A" else "log.disassembly",
            kit=_goods_of([(kit, unit, qty, text)]),
            goods=_goods_of(parts[entry_id]),
            location=where,
        )
        row.amount_fen = value
        row.details = {"kit": kit, "qty": qty, "location": where}


def _describe_movements(
    ledger: Ledger, entries: dict[str, LogRow], joined: str, params: list[str]
) -> None:
    """Receipts, transfers, write-offs and counts (their voids' rows are skipped)."""
    for entry_id, item, unit, qty, value, source, giver, of, where, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.value_fen, x.source, x.giver, "
        "x.of_entry_id, l.name, x.qty_text FROM receipts x JOIN items i ON i.id = x.item_id "
        f"JOIN locations l ON l.id = x.location_id {joined}",
        params,
    ):
        row = entries.get(entry_id)
        if row is None or row.kind != "R":
            continue
        row.what = Phrase(
            "log.receipt",
            goods=_goods_of([(item, unit, int(qty), text)]),
            location=where,
            source=Phrase("log.source", source=Term(f"source.{source}")),
            giver=Phrase("log.giver", giver=giver) if giver else "",
            of=Phrase("log.of", entry=of) if of else "",
        )
        row.amount_fen = int(value)
        row.details = {
            "item": item,
            "qty": int(qty),
            "source": source,
            "giver": giver,
            "of": of,
            "location": where,
            **_written(text),
        }
    grouped: dict[str, list[tuple[str, str, int, str | None]]] = defaultdict(list)
    heads: dict[str, tuple[str, str]] = {}
    for entry_id, item, unit, qty, source, destination, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, a.name, b.name, x.qty_text "
        "FROM transfer_lines x "
        "JOIN items i ON i.id = x.item_id JOIN locations a ON a.id = x.from_location_id "
        f"JOIN locations b ON b.id = x.to_location_id {joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entry_id in entries and entries[entry_id].kind == "T":
            grouped[entry_id].append((item, unit, int(qty), text))
            heads[entry_id] = (source, destination)
    for entry_id, lines in grouped.items():
        source, destination = heads[entry_id]
        entries[entry_id].what = Phrase(
            "log.transfer", goods=_goods_of(lines), source=source, destination=destination
        )
        entries[entry_id].details = {"from": source, "to": destination}
    written: dict[str, list[tuple[str, str, int, str | None]]] = defaultdict(list)
    values: dict[str, int] = defaultdict(int)
    reasons: dict[str, tuple[str, str]] = {}
    for entry_id, item, unit, qty, value, reason, where, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.qty, x.value_fen, x.reason, l.name, x.qty_text "
        "FROM writeoff_lines x JOIN items i ON i.id = x.item_id "
        f"JOIN locations l ON l.id = x.location_id {joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entry_id in entries and entries[entry_id].kind == "W":
            written[entry_id].append((item, unit, int(qty), text))
            values[entry_id] += int(value)
            reasons[entry_id] = (reason, where)
    for entry_id, lines in written.items():
        reason, where = reasons[entry_id]
        entries[entry_id].what = Phrase(
            "log.writeoff", goods=_goods_of(lines), location=where, reason=Term(f"reason.{reason}")
        )
        entries[entry_id].amount_fen = values[entry_id]
        entries[entry_id].details = {"reason": reason, "location": where}
    counted: dict[str, list[Phrase]] = defaultdict(list)
    places: dict[str, str] = {}
    for entry_id, item, unit, book, qty_counted, where, text in ledger.query(
        "SELECT x.entry_id, i.name, i.unit, x.book_qty, x.counted_qty, l.name, x.qty_text "
        "FROM count_lines x JOIN items i ON i.id = x.item_id "
        f"JOIN locations l ON l.id = x.location_id {joined} ORDER BY x.entry_id, x.line_no",
        params,
    ):
        if entry_id in entries and entries[entry_id].kind == "C":
            counted[entry_id].append(
                Phrase(
                    "log.count_line" if text is None else "log.count_line_packed",
                    item=item,
                    counted=int(qty_counted),
                    book=int(book),
                    unit=unit,
                    **({} if text is None else {"text": text}),
                )
            )
            places[entry_id] = where
    for entry_id, phrases in counted.items():
        entries[entry_id].what = Phrase("log.count", location=places[entry_id], lines=phrases)
        entries[entry_id].details = {"location": places[entry_id]}


@dataclass(frozen=True)
class PersonEntry:
    """An entry that reached one person (``reliefctl person find``): a delivery or a grant."""

    entry_id: str
    kind: str
    date: str
    place: str
    batch: str | None
    purpose: str | None
    #: Cash to this person (fen), when the grant's list gave amounts.
    amount_fen: int | None
    masked_name: str
    voided_by: str | None


def person_entries(ledger: Ledger, person_hash: str) -> list[PersonEntry]:
    """Every delivery and grant whose list named the person with this keyed hash, in date
    order, voided ones with their void (a void's own reversal lines are not listed)."""
    rows = ledger.query(
        "SELECT r.entry_id, e.kind, r.date, COALESCE(u.name, t.name), b.label, g.purpose, "
        "r.amount_fen, r.masked_name, v.entry_id "
        "FROM recipient_lines r JOIN entries e ON e.id = r.entry_id "
        "JOIN townships t ON t.id = r.township_id LEFT JOIN units u ON u.id = r.unit_id "
        "LEFT JOIN batches b ON b.id = r.batch_id LEFT JOIN grants g ON g.entry_id = r.entry_id "
        "LEFT JOIN voids v ON v.voided_entry_id = r.entry_id "
        "WHERE r.person_hash = ? AND r.persons > 0 ORDER BY r.date, e.seq",
        (person_hash,),
    )
    return [
        PersonEntry(
            str(entry_id),
            str(kind),
            str(day),
            str(place),
            None if batch is None else str(batch),
            None if purpose is None else str(purpose),
            None if amount is None else int(amount),
            str(masked),
            None if voided is None else str(voided),
        )
        for entry_id, kind, day, place, batch, purpose, amount, masked, voided in rows
    ]
