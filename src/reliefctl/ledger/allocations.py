"""Allocations to a fund's budget: entries of kind ``B`` (``fund add --budget``, ``fund topup``,
``fund reduce``).

An allocation carries the date of its allocation document, or none: an undated allocation
counts from the ledger's beginning, as every budget recorded before allocations had dates does
(``fund_budgets``, read as undated). A fund's budget as at a date is every undated allocation
and every allocation dated on or before it. A reduction (调减, 收回) is an allocation with a
negative amount. The rule is the one stock follows: a fund is never overdrawn in date order,
so a reduction dated D (or undated) is refused if the fund's remaining on D or any later date
would fall below zero; voiding an allocation (``reliefctl.ledger.voids``) follows the same rule.
"""

from __future__ import annotations

from reliefctl.errors import BudgetTooLarge, FundOverdrawn, Phrase, Term
from reliefctl.ledger.books import UNDATED, FundBook
from reliefctl.ledger.refs import keyed
from reliefctl.ledger.requests import AllocationRequest, Posted
from reliefctl.ledger.session import Session, row
from reliefctl.money import MAX_FEN


def when_text(day: str) -> str | Term:
    """A date of a fund's series as shown: ``UNDATED`` is the ledger's beginning."""
    return Term("fund.beginning") if day == UNDATED else day


def check_take(book: FundBook, day: str | None, amount: int, what: str) -> None:
    """Refuse taking ``amount`` from ``book`` on ``day`` (None: from the beginning) when its
    remaining on that date or any later one would fall below zero."""
    if amount <= 0:
        return
    lowest, when = book.lowest_from(day)
    if amount > lowest:
        start = day or UNDATED
        later = "" if when == start else Phrase("fund.later", lowest=lowest, when=when_text(when))
        raise FundOverdrawn(
            fund=book.name,
            remaining=book.remaining_at(day),
            day=when_text(start),
            later=later,
            amount=amount,
            what=Term(what),
        )


def allocate(session: Session, request: AllocationRequest) -> Posted:
    """Queue an allocation (negative: a reduction) to ``request.fund``."""
    fund_id = session.master.fund(request.fund)
    book = session.fund_book(fund_id)
    day = None if request.date is None else request.date.isoformat()
    amount = request.amount_fen
    fingerprint = {"fund": fund_id, "date": day, "amount": amount, "note": keyed(request.note)}
    duplicate = session.refs.check("B", request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, "B", duplicate=True, amount_fen=amount)
    if amount > 0 and book.budget + amount > MAX_FEN:
        raise BudgetTooLarge(field="amount", limit=MAX_FEN)
    check_take(book, day, -amount, "what.reduction")
    header = session.new_entry("B", day or session.today(), request.ref, request.note)
    rows = {
        "allocations": [
            row("allocations", entry_id=header["id"], fund_id=fund_id, date=day, amount_fen=amount)
        ]
    }
    digest = session.queue(header, rows)
    book.allocate(day, amount)
    session.refs.remember("B", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"], "B", digest, amount_fen=amount, detail={"fund": request.fund, "date": day}
    )


__all__ = ["allocate", "check_take", "when_text"]
