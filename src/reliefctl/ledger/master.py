"""Master data: townships, units, items and funds, each a chained entry of kind ``M``.

Adding what already exists with the same details changes nothing (``Posted.duplicate``); with
other details it is refused. Township and unit names are distinct from each other, so a
delivery's ``--to`` is never ambiguous. Master data is never voided; a fund's budget is the
sum of its allocations (entries of kind ``B``, ``reliefctl.ledger.allocations``), which can be.
"""

from __future__ import annotations

from typing import Any

from reliefctl.errors import (
    FundBudgetDiffers,
    ItemUnitDiffers,
    PlaceNameTaken,
    Term,
    UnitElsewhere,
)
from reliefctl.ledger import allocations
from reliefctl.ledger.books import FundBook
from reliefctl.ledger.chain import ENTRY_ROW_TABLES
from reliefctl.ledger.requests import AllocationRequest, Posted
from reliefctl.ledger.session import Session, row


def _master_entry(session: Session, table: str, **values: Any) -> Posted:
    header = session.new_entry("M", session.today())
    row_values = dict(values)
    if "id" in ENTRY_ROW_TABLES[table][0]:
        row_values["id"] = session.master.allocate(table)
    row_values["entry_id"] = header["id"]
    digest = session.queue(header, {table: [row(table, **row_values)]})
    return Posted(header["id"], "M", digest, detail=row_values)


def _check_new_place_name(session: Session, name: str) -> None:
    if name in session.master.townships:
        raise PlaceNameTaken(name=name, what=Term("what.township"))
    if name in session.master.units:
        raise PlaceNameTaken(name=name, what=Term("what.unit"))


def add_township(session: Session, name: str) -> Posted:
    master = session.master
    if name in master.townships:
        return Posted("", "M", duplicate=True, detail={"name": name})
    _check_new_place_name(session, name)
    posted = _master_entry(session, "townships", name=name)
    master.townships[name] = posted.detail["id"]
    master.township_names[posted.detail["id"]] = name
    return posted


def add_unit(session: Session, name: str, township: str) -> Posted:
    master = session.master
    township_id = master.township(township)
    if name in master.units:
        if master.units[name][1] == township_id:
            return Posted("", "M", duplicate=True, detail={"name": name})
        other = master.township_names[master.units[name][1]]
        raise UnitElsewhere(name=name, other=other)
    _check_new_place_name(session, name)
    posted = _master_entry(session, "units", name=name, township_id=township_id)
    master.units[name] = (posted.detail["id"], township_id)
    return posted


def add_item(session: Session, name: str, unit: str) -> Posted:
    master = session.master
    if name in master.items:
        if master.items[name][1] == unit:
            return Posted("", "M", duplicate=True, detail={"name": name})
        raise ItemUnitDiffers(name=name, unit=master.items[name][1])
    posted = _master_entry(session, "items", name=name, unit=unit)
    master.items[name] = (posted.detail["id"], unit)
    return posted


def add_fund(session: Session, name: str, allocation: AllocationRequest) -> Posted:
    """The fund (master data, ``M``) and its first allocation (``B``), two entries of one
    transaction. Adding an existing fund whose budget is already that amount changes nothing;
    another amount is refused (use ``fund topup`` or ``fund reduce``)."""
    master = session.master
    budget_fen = allocation.amount_fen
    if name in master.funds:
        book = session.fund_book(master.funds[name])
        if book.budget == budget_fen:
            return Posted("", "M", duplicate=True, detail={"name": name})
        raise FundBudgetDiffers(name=name, budget=book.budget)
    header = session.new_entry("M", session.today())
    fund_id = master.allocate("funds")
    digest = session.queue(
        header, {"funds": [row("funds", id=fund_id, name=name, entry_id=header["id"])]}
    )
    master.funds[name] = fund_id
    session.add_fund_book(FundBook(fund_id, name))
    first = allocations.allocate(session, allocation)
    return Posted(
        header["id"],
        "M",
        digest,
        amount_fen=budget_fen,
        detail={"name": name, "allocation": first.entry_id, "date": first.detail.get("date")},
    )


def topup_fund(session: Session, allocation: AllocationRequest) -> Posted:
    """An allocation entry (``B``); see ``reliefctl.ledger.allocations``."""
    return allocations.allocate(session, allocation)


__all__ = ["add_fund", "add_item", "add_township", "add_unit", "topup_fund"]
