"""Valuation: the moving-average cost at which goods leave stock.

Posting values every line that takes goods out of stock with :func:`value_out`, and stores the
value on the line; ``verify`` replays the ledger in recording order and calls the same function
to check every stored value (it checks the ledger, not this arithmetic, which the property
tests in ``tests/test_posting_properties.py`` check).
"""

from __future__ import annotations

from typing import Protocol


class OnHand(Protocol):
    """What is on hand of an item: quantity and value at cost (fen)."""

    qty_on_hand: int
    value_on_hand: int


def value_out(book: OnHand, qty: int) -> int:
    """The moving-average cost of ``qty`` units, in fen, rounded half up.

    ``value on hand × qty ÷ quantity on hand`` in integers only; the last units out take exactly
    the value that remains, so for every item value delivered + value on hand = value bought,
    to the fen.
    """
    if qty >= book.qty_on_hand:
        return book.value_on_hand
    return (2 * book.value_on_hand * qty + book.qty_on_hand) // (2 * book.qty_on_hand)


__all__ = ["OnHand", "value_out"]
