"""Master data: townships, units, items and funds, each a chained entry of kind ``M``.

Adding what already exists with the same details changes nothing (``Posted.duplicate``); with
other details it is refused. Township and unit names are distinct from each other, so a
delivery's ``--to`` is never ambiguous.

Names are stored as typed and compared by key (``parse.text_key``). A new name is checked
against the names of its kind (places: townships and units together) by ``check_new_name``:
the same key written differently is refused always; one plus or minus a trailing
镇/街道/乡/村/社区 is refused unless ``force``; one character apart gives a warning. Batches and
groups, opened by first use, are matched by key only: 第一批 and 第二批 differ in one character
by design. Master data is never voided; a fund's budget is the sum of its
allocations (entries of kind ``B``, ``reliefctl.ledger.allocations``), which can be.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from reliefctl.errors import (
    FundBudgetDiffers,
    ItemUnitDiffers,
    LocationTownshipDiffers,
    NameKeyTaken,
    NearDuplicateName,
    PackNameIsUnit,
    PackSizeDiffers,
    PlaceNameTaken,
    Term,
    UnitElsewhere,
)
from reliefctl.ledger import allocations
from reliefctl.ledger.books import FundBook
from reliefctl.ledger.chain import ENTRY_ROW_TABLES
from reliefctl.ledger.parse import check_pack_name, check_unit_name, text_key
from reliefctl.ledger.requests import AllocationRequest, Posted
from reliefctl.ledger.session import Session, row

#: Trailing words that make a place name a near duplicate of the same name without them.
PLACE_SUFFIXES: Final = ("镇", "街道", "乡", "村", "社区")


def _master_entry(session: Session, table: str, **values: Any) -> Posted:
    header = session.new_entry("M", session.today())
    row_values = dict(values)
    if "id" in ENTRY_ROW_TABLES[table][0]:
        row_values["id"] = session.master.allocate(table)
    row_values["entry_id"] = header["id"]
    row_values["name_key"] = text_key(row_values["name"])
    digest = session.queue(header, {table: [row(table, **row_values)]})
    return Posted(header["id"], "M", digest, detail=row_values)


def suffix_between(key: str, other: str) -> str | None:
    """The suffix (``PLACE_SUFFIXES``) that one key is the other plus, or None."""
    for suffix in PLACE_SUFFIXES:
        if (key == other + suffix or other == key + suffix) and min(len(key), len(other)) > 0:
            return suffix
    return None


def one_apart(key: str, other: str) -> bool:
    """Whether two keys of the same length (two or more characters) differ in exactly one."""
    if len(key) != len(other) or len(key) < 2:
        return False
    return sum(a != b for a, b in zip(key, other, strict=True)) == 1


def check_new_name(
    name: str, known: Iterable[tuple[str, str]], *, force: bool = False
) -> list[dict[str, Any]]:
    """Refuse a new ``name`` that is a near duplicate of a known one; the near ones to warn of.

    ``known`` holds (stored name, ``what.*`` term key) of the names it must be told apart from.
    A name with the key of a known one reads the same and is refused (``NameKeyTaken``),
    ``force`` or not: it would be the same name twice. A name that is a known one plus or
    minus a trailing 镇/街道/乡/村/社区 is refused (``NearDuplicateName``) unless ``force``.
    Names that differ in one character are often both real (李遂镇 and 李桥镇): they are
    returned, as ``{"name", "existing", "what"}``, for one warning line each.
    """
    key = text_key(name)
    pairs = [(existing, text_key(existing), what) for existing, what in known]
    for existing, other, what in pairs:
        if other == key:
            raise NameKeyTaken(name=name, existing=existing, what=Term(what))
    if not force:
        for existing, other, what in pairs:
            suffix = suffix_between(key, other)
            if suffix is not None:
                raise NearDuplicateName(
                    name=name, existing=existing, what=Term(what), suffix=suffix
                )
    return [
        {"name": name, "existing": existing, "what": Term(what)}
        for existing, other, what in pairs
        if one_apart(key, other)
    ]


def _places(session: Session) -> list[tuple[str, str]]:
    master = session.master
    return [
        *((name, "what.township") for name in master.township_names.values()),
        *((name, "what.unit") for name in master.unit_names.values()),
    ]


def _duplicate(name: str) -> Posted:
    return Posted("", "M", duplicate=True, detail={"name": name})


def add_township(session: Session, name: str, *, force: bool = False) -> Posted:
    master = session.master
    key = text_key(name)
    if key in master.townships and master.township_names[master.townships[key]] == name:
        return _duplicate(name)
    if key in master.units and key not in master.townships:
        raise PlaceNameTaken(name=name, what=Term("what.unit"))
    near = check_new_name(name, _places(session), force=force)
    posted = _master_entry(session, "townships", name=name)
    master.townships[key] = posted.detail["id"]
    master.township_names[posted.detail["id"]] = name
    posted.detail["near"] = near
    return posted


def add_unit(session: Session, name: str, township: str, *, force: bool = False) -> Posted:
    master = session.master
    township_id = master.township(township)
    key = text_key(name)
    if key in master.units and master.unit_names[master.units[key][0]] == name:
        if master.units[key][1] == township_id:
            return _duplicate(name)
        other = master.township_names[master.units[key][1]]
        raise UnitElsewhere(name=name, other=other)
    if key in master.townships and key not in master.units:
        raise PlaceNameTaken(name=name, what=Term("what.township"))
    near = check_new_name(name, _places(session), force=force)
    posted = _master_entry(session, "units", name=name, township_id=township_id)
    master.units[key] = (posted.detail["id"], township_id)
    master.unit_names[posted.detail["id"]] = name
    posted.detail["near"] = near
    return posted


def add_item(session: Session, name: str, unit: str, *, force: bool = False) -> Posted:
    """An item and its unit. A new item's unit holds no digit outside brackets
    (``parse.check_unit_name``); items recorded before that rule keep theirs."""
    master = session.master
    key = text_key(name)
    if key in master.items and master.item_names[master.items[key][0]] == name:
        if text_key(master.items[key][1]) == text_key(unit):
            return _duplicate(name)
        raise ItemUnitDiffers(name=name, unit=master.items[key][1])
    check_unit_name(unit, "unit")
    known = ((existing, "what.item") for existing in master.item_names.values())
    near = check_new_name(name, known, force=force)
    posted = _master_entry(session, "items", name=name, unit=unit)
    master.items[key] = (posted.detail["id"], unit)
    master.item_names[posted.detail["id"]] = name
    posted.detail["near"] = near
    return posted


def add_pack(session: Session, item: str, name: str, size: int) -> Posted:
    """A named pack of ``item`` holding ``size`` of its unit (``箱`` = 240 个), an ``M`` entry.

    The name holds no digit, reads back after a number (``parse.check_pack_name``) and is
    neither the item's unit nor, by key, another of its packs. A pack is never redefined:
    the same name and size again changes nothing (``Posted.duplicate``); the same name with
    another size is refused whether or not an entry has used it yet (``PackSizeDiffers``:
    one rule, and an unused pack is harmless to keep), so a quantity written in a pack means
    the same base quantity for ever. A pack written differently with the same key as another
    (``箱`` and a full-width twin) is refused as any such name is (``NameKeyTaken``).
    """
    master = session.master
    check_pack_name(name, "pack")
    item_id = master.item(item)
    unit = master.item_unit(item_id)
    item_name = master.item_names[item_id]
    key = text_key(name)
    if key == text_key(unit):
        raise PackNameIsUnit(field="pack", name=name, item=item_name)
    packs = master.packs.setdefault(item_id, {})
    if key in packs:
        _pid, existing, existing_size = packs[key]
        if existing != name:
            raise NameKeyTaken(field="pack", name=name, existing=existing, what=Term("what.pack"))
        if existing_size == size:
            detail = {"name": name, "item": item_name, "size": size, "unit": unit}
            return Posted("", "M", duplicate=True, detail=detail)
        raise PackSizeDiffers(
            field="size", item=item_name, name=name, size=existing_size, unit=unit
        )
    header = session.new_entry("M", session.today())
    pack_id = master.allocate("item_packs")
    values = {
        "id": pack_id,
        "item_id": item_id,
        "name": name,
        "size": size,
        "entry_id": header["id"],
        "name_key": key,
    }
    digest = session.queue(header, {"item_packs": [row("item_packs", **values)]})
    packs[key] = (pack_id, name, size)
    return Posted(
        header["id"],
        "M",
        digest,
        detail={"name": name, "item": item_name, "size": size, "unit": unit},
    )


def add_fund(
    session: Session, name: str, allocation: AllocationRequest, *, force: bool = False
) -> Posted:
    """The fund (master data, ``M``) and its first allocation (``B``), two entries of one
    transaction. Adding an existing fund whose budget is already that amount changes nothing;
    another amount is refused (use ``fund topup`` or ``fund reduce``)."""
    master = session.master
    budget_fen = allocation.amount_fen
    key = text_key(name)
    if key in master.funds and master.fund_names[master.funds[key]] == name:
        book = session.fund_book(master.funds[key])
        if book.budget == budget_fen:
            return _duplicate(name)
        raise FundBudgetDiffers(name=name, budget=book.budget)
    known = ((existing, "what.fund") for existing in master.fund_names.values())
    near = check_new_name(name, known, force=force)
    header = session.new_entry("M", session.today())
    fund_id = master.allocate("funds")
    digest = session.queue(
        header,
        {"funds": [row("funds", id=fund_id, name=name, entry_id=header["id"], name_key=key)]},
    )
    master.funds[key] = fund_id
    master.fund_names[fund_id] = name
    session.add_fund_book(FundBook(fund_id, name))
    first = allocations.allocate(session, allocation)
    return Posted(
        header["id"],
        "M",
        digest,
        amount_fen=budget_fen,
        detail={
            "name": name,
            "near": near,
            "allocation": first.entry_id,
            "date": first.detail.get("date"),
        },
    )


def topup_fund(session: Session, allocation: AllocationRequest) -> Posted:
    """An allocation entry (``B``); see ``reliefctl.ledger.allocations``."""
    return allocations.allocate(session, allocation)


def add_location(
    session: Session, name: str, township: str | None = None, *, force: bool = False
) -> Posted:
    """A place where stock is held, optionally serving a township (a union service station).

    Names are checked against the other locations like any master data (same key refused,
    a near duplicate refused unless ``force``, one character apart warned of).
    """
    master = session.master
    township_id = None if township is None else master.township(township)
    key = text_key(name)
    if key in master.locations and master.location_names[master.locations[key]] == name:
        existing = master.location_townships.get(master.locations[key])
        if existing == township_id:
            return _duplicate(name)
        raise LocationTownshipDiffers(
            name=name,
            township=Term("location.no_township")
            if existing is None
            else master.township_names[existing],
        )
    known = ((existing, "what.location") for existing in master.location_names.values())
    near = check_new_name(name, known, force=force)
    posted = _master_entry(session, "locations", name=name, township_id=township_id)
    master.locations[key] = posted.detail["id"]
    master.location_names[posted.detail["id"]] = name
    master.location_townships[posted.detail["id"]] = township_id
    posted.detail["near"] = near
    return posted


__all__ = [
    "PLACE_SUFFIXES",
    "add_fund",
    "add_item",
    "add_location",
    "add_pack",
    "add_township",
    "add_unit",
    "check_new_name",
    "one_apart",
    "suffix_between",
    "topup_fund",
]
