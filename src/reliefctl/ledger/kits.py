"""Kits: an item that is a bundle of other items, and its assembly (``A-``) and disassembly
(``D-``).

A **kit** (食品礼包 = 桶面 ×2, 火腿 ×1, 榨菜 ×5, 速溶咖啡 ×1, 速溶奶茶 ×1) is an item like any
other (a row of ``items``: it is bought, received, shipped, transferred, written off and
counted unchanged) whose recipe is in ``kit_components``, recorded by the same master-data
entry (``M``), in the hash chain. Decisions:

* **The recipe is fixed.** ``kit add`` of an existing kit with the same unit and the same
  recipe (components in any order) changes nothing, like ``item add``; with another unit or
  recipe it is refused (``KitRecipeDiffers``): a changed recipe is a new kit, under a new
  name. The name of an item that is not a kit is refused too.
* **Kits do not nest.** Components are existing items that are not kits (``KitNested``), each
  once (``KitComponentTwice``), each a whole quantity above 0 per kit.
* **Assembly** (``assemble``) consumes ``recipe × qty`` of every component at the location,
  each at its moving-average cost (``valuation.value_out``, as a write-off is valued), refused
  when any component's stock there would go below zero on that date or a later one; the kits
  enter stock valued at exactly the sum of those values, to the fen.
* **Disassembly** (``disassemble``) takes kits out at the kit's average cost and puts the
  components back, the kits' value split among them in proportion to each component's current
  average cost × its quantity (``valuation.split_value``, largest remainder: the parts sum to
  the kits' value to the fen). When no component has any cost on hand (all zero or none on
  hand), the split is by quantity instead.

So the lines of every assembly and disassembly sum to 0 fen: stock value is unchanged and the
report's stock identity needs no new term. Both kinds are entries, idempotent by ``--ref`` and
voidable (``reliefctl.ledger.voids``), one kit per entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from reliefctl.errors import (
    ComponentsShort,
    KitComponentTwice,
    KitNameIsItem,
    KitNested,
    KitOfItself,
    KitRecipeDiffers,
    KitsShort,
    KitWithoutComponents,
    NotAKit,
    Phrase,
    ReliefError,
)
from reliefctl.ledger.master import check_new_name
from reliefctl.ledger.parse import Qty, text_key
from reliefctl.ledger.refs import keyed
from reliefctl.ledger.requests import AssemblyRequest, MovedLine, Posted
from reliefctl.ledger.session import Rows, Session, row
from reliefctl.ledger.valuation import split_value, value_out


def recipe_phrase(session: Session, recipe: Sequence[tuple[int, int]]) -> list[Phrase]:
    """A recipe as ``桶面 ×2`` phrases, for a confirmation or a refusal."""
    names = session.master.item_names
    return [Phrase("done.recipe_part", item=names[item_id], qty=qty) for item_id, qty in recipe]


def add_kit(
    session: Session,
    name: str,
    unit: str,
    components: Sequence[tuple[str, Qty]],
    *,
    force: bool = False,
) -> Posted:
    """The kit (an item) and its recipe, one entry of kind ``M`` (see the module docstring)."""
    master = session.master
    if not components:
        raise KitWithoutComponents(field="component", example="桶面=2")
    key = text_key(name)
    recipe: list[tuple[int, int]] = []
    seen: set[int] = set()
    for component, given in components:
        if text_key(component) == key:
            raise KitOfItself(field="component", name=name)
        item_id = master.item(component)
        if item_id in master.kits:
            raise KitNested(field="component", name=component)
        if item_id in seen:
            raise KitComponentTwice(field="component", name=component)
        seen.add(item_id)
        try:
            recipe.append((item_id, session.base_qty(given, item_id)))
        except ReliefError as exc:
            exc.params["item"] = component
            raise
    if key in master.items:
        existing_id, existing_unit = master.items[key]
        existing = master.kits.get(existing_id)
        if existing is None:
            raise KitNameIsItem(name=master.item_names[existing_id])
        if text_key(existing_unit) == text_key(unit) and sorted(existing) == sorted(recipe):
            detail = {
                "name": master.item_names[existing_id],
                "recipe": recipe_phrase(session, existing),
            }
            return Posted("", "M", duplicate=True, detail=detail)
        raise KitRecipeDiffers(
            name=master.item_names[existing_id],
            unit=existing_unit,
            recipe=recipe_phrase(session, existing),
        )
    known = ((existing, "what.item") for existing in master.item_names.values())
    near = check_new_name(name, known, force=force)
    header = session.new_entry("M", session.today())
    kit_id = master.allocate("items")
    rows: Rows = {
        "items": [
            row("items", id=kit_id, name=name, unit=unit, entry_id=header["id"], name_key=key)
        ],
        "kit_components": [
            row(
                "kit_components",
                entry_id=header["id"],
                line_no=line_no,
                kit_id=kit_id,
                component_id=component_id,
                qty=qty,
            )
            for line_no, (component_id, qty) in enumerate(recipe, start=1)
        ],
    }
    digest = session.queue(header, rows)
    master.items[key] = (kit_id, unit)
    master.item_names[kit_id] = name
    master.kits[kit_id] = recipe
    return Posted(
        header["id"],
        "M",
        digest,
        detail={"name": name, "near": near, "recipe": recipe_phrase(session, recipe)},
    )


def _kit(session: Session, name: str) -> int:
    kit_id = session.master.item(name)
    if kit_id not in session.master.kits:
        raise NotAKit(field="kit", name=session.master.item_names[kit_id])
    return kit_id


def _line(
    header: dict[str, Any],
    line_no: int,
    day: str,
    location_id: int,
    item_id: int,
    qty: int,
    value: int,
    role: str,
    qty_text: str | None = None,
) -> dict[str, Any]:
    return row(
        "assembly_lines",
        qty_text=qty_text,
        entry_id=header["id"],
        line_no=line_no,
        date=day,
        location_id=location_id,
        item_id=item_id,
        qty=qty,
        value_fen=value,
        role=role,
    )


def _fingerprint(kit_id: int, location_id: int, day: str, qty: int, note: str | None) -> Any:
    return {"date": day, "kit": kit_id, "location": location_id, "qty": qty, "note": keyed(note)}


class _Asked(NamedTuple):
    """What an assembly or disassembly asks for, read against the ledger."""

    kit_id: int
    location_id: int
    qty: int
    #: The kits' quantity as written when it named a pack (``2箱``), else None.
    written: str | None
    day: str
    where: str
    #: The content a ``--ref`` is remembered with.
    fingerprint: Any


def _asked(session: Session, request: AssemblyRequest, kind: str) -> _Asked | Posted:
    """The request read (the kit, the location, the quantity in base units), or the entry its
    ref already recorded with the same content (idempotent, as every ``--ref``)."""
    kit_id = _kit(session, request.kit)
    location_id = session.location_id(request.at, "at")
    qty = session.base_qty(request.qty, kit_id)
    day = request.date.isoformat()
    where = session.location_name(location_id)
    fingerprint = _fingerprint(kit_id, location_id, day, qty, request.note)
    duplicate = session.refs.check(kind, request.ref, fingerprint, session.pending_voids)
    if duplicate is not None:
        return Posted(duplicate, kind, duplicate=True, location=where)
    written = session.qty_text(request.qty, kit_id)
    return _Asked(kit_id, location_id, qty, written, day, where, fingerprint)


def assemble(session: Session, request: AssemblyRequest) -> Posted:
    """Kits made from their components at one location (``A-``; see the module docstring)."""
    asked = _asked(session, request, "A")
    if isinstance(asked, Posted):
        return asked
    kit_id, location_id, qty, written, day, where, fingerprint = asked
    recipe = session.master.kits[kit_id]
    names = session.master.item_names
    for component_id, per_kit in recipe:
        session.check_out(
            component_id, location_id, day, per_kit * qty, names[component_id], ComponentsShort
        )
    session.check_open(kit_id, location_id, day)
    header = session.new_entry("A", day, request.ref, request.note)
    lines: list[dict[str, Any]] = []
    used = []
    for line_no, (component_id, per_kit) in enumerate(recipe, start=2):
        needed = per_kit * qty
        value = value_out(session.item_book(component_id), needed)
        session.move(component_id, location_id, day, -needed, -value)
        lines.append(
            _line(header, line_no, day, location_id, component_id, -needed, -value, "component")
        )
        used.append(
            MovedLine(names[component_id], session.master.item_unit(component_id), needed, value)
        )
    total = sum(line.value_fen for line in used)
    session.move(kit_id, location_id, day, qty, total)
    rows: Rows = {
        "assembly_lines": [
            _line(header, 1, day, location_id, kit_id, qty, total, "kit", written),
            *lines,
        ]
    }
    digest = session.queue(header, rows)
    session.refs.remember("A", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"],
        "A",
        digest,
        amount_fen=total,
        location=where,
        detail=_detail(session, kit_id, qty, used, written),
    )


def _detail(
    session: Session, kit_id: int, qty: int, moved: list[MovedLine], written: str | None
) -> dict[str, Any]:
    return {
        "kit": session.master.item_names[kit_id],
        "unit": session.master.item_unit(kit_id),
        "qty": qty,
        "qty_text": written,
        "moved": moved,
    }


def disassemble(session: Session, request: AssemblyRequest) -> Posted:
    """Kits taken apart into their components at one location (``D-``; see the module
    docstring)."""
    asked = _asked(session, request, "D")
    if isinstance(asked, Posted):
        return asked
    kit_id, location_id, qty, written, day, where, fingerprint = asked
    recipe = session.master.kits[kit_id]
    names = session.master.item_names
    session.check_out(kit_id, location_id, day, qty, names[kit_id], KitsShort)
    for component_id, _per_kit in recipe:
        session.check_open(component_id, location_id, day)
    header = session.new_entry("D", day, request.ref, request.note)
    total = value_out(session.item_book(kit_id), qty)
    weights: list[Fraction] = []
    for component_id, per_kit in recipe:
        book = session.item_book(component_id)
        average = (
            Fraction(book.value_on_hand, book.qty_on_hand) if book.qty_on_hand > 0 else Fraction(0)
        )
        weights.append(max(average, Fraction(0)) * per_kit * qty)
    if not any(weights):
        weights = [Fraction(per_kit * qty) for _component, per_kit in recipe]
    parts = split_value(total, weights)
    session.move(kit_id, location_id, day, -qty, -total)
    rows: Rows = {
        "assembly_lines": [_line(header, 1, day, location_id, kit_id, -qty, -total, "kit", written)]
    }
    back = []
    for line_no, ((component_id, per_kit), part) in enumerate(
        zip(recipe, parts, strict=True), start=2
    ):
        returned = per_kit * qty
        session.move(component_id, location_id, day, returned, part)
        rows["assembly_lines"].append(
            _line(header, line_no, day, location_id, component_id, returned, part, "component")
        )
        back.append(
            MovedLine(names[component_id], session.master.item_unit(component_id), returned, part)
        )
    digest = session.queue(header, rows)
    session.refs.remember("D", request.ref, header["id"], fingerprint)
    return Posted(
        header["id"],
        "D",
        digest,
        amount_fen=total,
        location=where,
        detail=_detail(session, kit_id, qty, back, written),
    )


__all__ = ["add_kit", "assemble", "disassemble", "recipe_phrase"]
