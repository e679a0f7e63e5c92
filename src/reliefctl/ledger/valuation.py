"""Valuation: the moving-average cost at which goods leave stock.

Posting values every line that takes goods out of stock with :func:`value_out`, and stores the
value on the line; ``verify`` replays the ledger in recording order and calls the same function
to check every stored value (it checks the ledger, not this arithmetic, which the property
tests in ``tests/test_posting_properties.py`` check).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
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


def split_value(total: int, weights: Sequence[Fraction | int]) -> list[int]:
    """``total`` fen split in proportion to ``weights`` (each >= 0, not all 0), by largest
    remainder: each part is ``total × weight ÷ sum`` rounded down, and the fen left over go one
    each to the parts with the largest remainders (ties: the earlier part). The parts sum to
    ``total`` exactly (a kit's disassembly, ``reliefctl.ledger.kits``)."""
    exact = [Fraction(weight) for weight in weights]
    whole = sum(exact, Fraction(0))
    if whole <= 0:
        raise ValueError("split_value needs a positive weight")
    shares = [total * weight / whole for weight in exact]
    parts = [share.numerator // share.denominator for share in shares]
    left = total - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return parts


__all__ = ["OnHand", "split_value", "value_out"]
