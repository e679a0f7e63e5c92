"""Item packs as reports show them: an item's packs, and a base quantity in its largest pack.

A pack (``item pack 暖身贴 箱 --size 240``, ``reliefctl.ledger.master.add_pack``) holds a
fixed number of its item's unit. ``stock`` and ``report --by item`` show a quantity in base
units with its equivalent in the item's *largest* pack (the first defined of equal sizes),
the remainder in base units: 130,800 个 is ``545箱``, 130,810 个 is ``545箱 10个``. One pack
rather than a split over several (箱 then 盒): the equivalent is a reading aid beside the
base quantity, which stays the figure of record.
"""

from __future__ import annotations

from collections.abc import Sequence

from reliefctl.db.connect import Ledger

#: An item's packs as (name, size), in the order they were defined.
Packs = Sequence[tuple[str, int]]


def item_packs(ledger: Ledger) -> dict[int, list[tuple[str, int]]]:
    """Item id -> its packs as (name, size), in the order they were defined."""
    found: dict[int, list[tuple[str, int]]] = {}
    for item_id, name, size in ledger.query(
        "SELECT item_id, name, size FROM item_packs ORDER BY id"
    ):
        found.setdefault(int(item_id), []).append((str(name), int(size)))
    return found


def largest(packs: Packs) -> tuple[str, int] | None:
    """The item's largest pack (the first defined of equal sizes), or None without one."""
    best: tuple[str, int] | None = None
    for name, size in packs:
        if best is None or size > best[1]:
            best = (name, size)
    return best


def equivalent(qty: int | None, unit: str, packs: Packs | None) -> str | None:
    """``qty`` of ``unit`` in the largest pack: ``545箱``, ``545箱 10个``; None when the item
    has no pack or the quantity is not positive (nothing to say in packs)."""
    pack = largest(packs or ())
    if pack is None or qty is None or qty <= 0:
        return None
    name, size = pack
    whole, rest = divmod(qty, size)
    if whole == 0:
        return None
    return f"{whole:,}{name}" + (f" {rest:,}{unit}" if rest else "")


__all__ = ["Packs", "equivalent", "item_packs", "largest"]
