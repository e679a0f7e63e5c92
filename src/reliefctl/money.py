"""Money: integer fen in storage and arithmetic, exact decimal text at the edges.

The one module that converts between fen and yuan text (beancount keeps such helpers in one
``number`` module too). Nothing here goes through ``float``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

MAX_FEN: Final[int] = 10**15 - 1
"""Largest amount in fen, 9,999,999,999,999.99 元: of one entry, and (``GROSS_LIMIT``) of all the
ledger's amounts counted gross, so that every total any report, view, export or verify computes
is exact: within SQLite's 64-bit integers at every step of a sum, and within the 15
significant digits a spreadsheet holds exactly."""
GROSS_LIMIT: Final[int] = MAX_FEN
"""The bound of every gross total of the ledger (money in fen, quantities, person-times): the
sum of the absolute values of every row, reversals included. Any sum over any subset of rows,
with any signs, is at most this, so no intermediate sum can overflow and every total is exact
in a spreadsheet. Posting refuses the entry that would pass it (``reliefctl.ledger.session``)."""


def format_fen(fen: int, *, thousands: bool = False) -> str:
    """Fen as yuan with two decimals: ``12000000`` -> ``"120000.00"`` (``"120,000.00"``)."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{sign}{whole}.{cents:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan with two places: ``105`` -> ``Decimal("1.05")``."""
    sign, digits, _ = Decimal(fen).as_tuple()
    return Decimal((sign, digits, -2))


def _pow10(n: int) -> int:
    """10**n for n >= 0, typed as int (``int.__pow__`` with a variable exponent is not)."""
    return int(10**n)


def round_half_up_fen(yuan: Decimal) -> int:
    """Decimal yuan to integer fen, rounding halves away from zero (1.005 -> 101, -1.005 -> -101).

    Exact for any finite Decimal (integer arithmetic, no context precision involved).
    """
    if not yuan.is_finite():
        raise ValueError(f"cannot round {yuan} to fen")
    sign, digits, exponent = yuan.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + 2
    if shift >= 0:
        fen = coefficient * _pow10(shift)
    else:
        unit = _pow10(-shift)
        fen, rest = divmod(coefficient, unit)
        if 2 * rest >= unit:
            fen += 1
    return -fen if sign else fen


__all__ = ["GROSS_LIMIT", "MAX_FEN", "fen_to_decimal", "format_fen", "round_half_up_fen"]
