"""What a caller asks the ledger to record, and what it answers: plain, checked values.

A command or the import turns what the user typed into one of these requests
(``reliefctl.ledger.parse`` reads the text) and hands it to a ``Poster``
(``reliefctl.ledger.posting``), which checks it against the ledger's rules, records it and
answers with a :class:`Posted`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal
from typing import Any

from reliefctl.ledger.parse import Qty
from reliefctl.ledger.persons import RecipientList


@dataclass(frozen=True)
class PurchaseRequest:
    date: Date
    item: str
    #: A plain number of the item's units, or a Quantity naming the unit (``12万个``).
    qty: Qty
    unit_price: Decimal | None = None
    total_fen: int | None = None
    supplier: str | None = None
    fund: str | None = None
    ref: str | None = None
    note: str | None = None
    #: Where the goods come in; None: the default location (``Session.location_id``).
    at: str | None = None


@dataclass(frozen=True)
class ShipmentRequest:
    date: Date
    batch: str
    to: str
    lines: Sequence[tuple[str, Qty]]
    people: int = 0
    group: str | None = None
    ref: str | None = None
    note: str | None = None
    #: Where the goods leave from; None: the default location.
    source: str | None = None
    #: Household-times (户次); None: not given (stored as NULL, so not hashed).
    households: int | None = None
    #: The persons reached by name (``--recipients``), read and hashed before the lock.
    recipients: RecipientList | None = None


@dataclass(frozen=True)
class GrantRequest:
    date: Date
    to: str
    amount_fen: int
    fund: str | None = None
    people: int = 0
    group: str | None = None
    batch: str | None = None
    purpose: str | None = None
    ref: str | None = None
    note: str | None = None
    #: Household-times (户次); None: not given.
    households: int | None = None
    #: The persons granted to by name (``--recipients``): the amount is then their sum when
    #: the list gives amounts (``reliefctl.ledger.recipients.grant_amount``).
    recipients: RecipientList | None = None
    #: Why a repeat grant (same person, purpose and batch or month) is right.
    allow_repeat: str | None = None


@dataclass(frozen=True)
class AllocationRequest:
    """Money allocated to a fund (negative: a reduction), dated by its document or undated
    (``date`` None: counts from the ledger's beginning)."""

    fund: str
    amount_fen: int
    date: Date | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class VoidRequest:
    entry_id: str
    reason: str


@dataclass
class ShippedLine:
    item: str
    unit: str
    qty: int
    value_fen: int
    #: The quantity as written when it named a pack (``545箱``), else None.
    qty_text: str | None = None


@dataclass
class Posted:
    """What was recorded (or found already recorded), for the confirmation line."""

    entry_id: str
    kind: str
    hash: str = ""
    #: Set when the ref was already recorded with the same content: nothing new was written.
    duplicate: bool = False
    opened_batch: str | None = None
    opened_group: str | None = None
    amount_fen: int = 0
    #: For a purchase given a unit price: the exact product, when it had to be rounded to the fen.
    exact_total: Decimal | None = None
    lines: list[ShippedLine] = field(default_factory=list)
    voided_entry_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    #: The location the goods came in at or left from, as stored (for the confirmation).
    location: str | None = None


@dataclass(frozen=True)
class ReceiptRequest:
    """Goods received without a purchase: donated, allotted, or returned from a delivery."""

    date: Date
    item: str
    qty: Qty
    #: ``donation``, ``allotted`` or ``return`` (``reliefctl.ledger.movements.SOURCES``).
    source: str
    giver: str | None = None
    value_fen: int | None = None
    unit_value: Decimal | None = None
    #: A return: the shipment the goods came back from.
    of: str | None = None
    at: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TransferRequest:
    date: Date
    source: str
    destination: str
    lines: Sequence[tuple[str, Qty]]
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class WriteoffRequest:
    date: Date
    lines: Sequence[tuple[str, Qty]]
    #: ``expired``, ``damaged``, ``lost``, ``stolen`` or ``other``.
    reason: str
    at: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CountRequest:
    """A stocktake: the quantity counted per item at one location."""

    date: Date
    lines: Sequence[tuple[str, Qty]]
    at: str | None = None
    ref: str | None = None
    note: str | None = None
    #: From a stocktake form: the book quantity per item name when the form was written; the
    #: count is refused (stale) if any differs now.
    expected_book: dict[str, int] | None = None


@dataclass(frozen=True)
class AssemblyRequest:
    """Kits assembled from (or taken apart into) their components at one location."""

    date: Date
    kit: str
    qty: Qty
    at: str | None = None
    ref: str | None = None
    note: str | None = None


@dataclass
class MovedLine:
    """One line of a receipt, transfer, write-off or count, as recorded."""

    item: str
    unit: str
    qty: int
    value_fen: int = 0
    book_qty: int | None = None
    counted_qty: int | None = None
    #: The quantity (a count: the counted quantity) as written when it named a pack.
    qty_text: str | None = None


__all__ = [
    "AllocationRequest",
    "AssemblyRequest",
    "CountRequest",
    "GrantRequest",
    "MovedLine",
    "Posted",
    "PurchaseRequest",
    "ReceiptRequest",
    "ShipmentRequest",
    "ShippedLine",
    "TransferRequest",
    "VoidRequest",
    "WriteoffRequest",
]
