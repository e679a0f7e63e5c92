"""What was delivered in component terms (``report --by item --components``, issue 13).

A kit (``reliefctl.ledger.kits``) is delivered as a kit; this view answers "how many bags of
ham went out", counting a component's own deliveries and the kits that held it:

* **delivered**: the item's own net delivered quantity in the period (shipments less
  returns), as ``report --by item`` shows it; for a kit, the kits delivered.
* **via_kits** (components): the kits delivered *with component history* × the recipe.
* **component_qty** (components): delivered + via_kits.
* **no_component_history** (kits): the kits delivered that cannot be expanded, because they
  were received or bought whole (a donated gift pack) rather than assembled here. The view
  says so instead of inventing components. A kit's stock is one pool, so which units were
  assembled is not recorded; the rule is *assembled units go out first*: of the kits
  delivered up to the period's end, as many as were assembled (net of disassemblies) by then
  have component history, counting from the first delivery; the rest have none.

Components delivered only inside kits are listed too (delivered 0).

**Per township or batch** (``report --by township --components``, ``--by batch``): the same
rows for each township (or batch) the goods went to, so "how many bags of 火腿 went to
高丽营镇" has an answer. The rule above is applied line by line: a kit's delivery lines, in
the order delivered (date, then recording order), fill positions 1, 2, 3 … of all kits ever
delivered (a return takes its kits back out); a kit at a position up to the kits assembled by
the period's end has component history, the rest have none. Each row says how many of *its*
kits have none, and the townships' (batches') rows add up to the district's, to the unit.
Voided deliveries and their reversals are left out of that walk (they net to zero, as in every
report). Nothing here formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from reliefctl.db.connect import Ledger
from reliefctl.ledger.period import Period

#: The dimensions a component table can be broken down by: the shipment line's column, and
#: the table and column naming its value.
BREAKDOWNS: Final[dict[str, tuple[str, str, str]]] = {
    "township": ("township_id", "townships", "name"),
    "batch": ("batch_id", "batches", "label"),
}


@dataclass(frozen=True)
class ComponentRow:
    item: str
    unit: str
    #: Whether the item is a kit (then ``via_kits`` and ``component_qty`` are None).
    kit: bool
    delivered: int
    via_kits: int | None = None
    component_qty: int | None = None
    #: Kits only: the kits delivered without component history.
    no_component_history: int | None = None
    #: The township (batch) of a per-township (per-batch) table; None in the district's.
    key: str | None = None


def _sums(ledger: Ledger, sql: str, params: Sequence[object]) -> dict[int, int]:
    return {int(item): int(qty or 0) for item, qty in ledger.query(sql, params)}


def _recipes(ledger: Ledger) -> dict[int, list[tuple[int, int]]]:
    recipes: dict[int, list[tuple[int, int]]] = {}
    for kit_id, component_id, qty in ledger.query(
        "SELECT kit_id, component_id, qty FROM kit_components ORDER BY entry_id, line_no"
    ):
        recipes.setdefault(int(kit_id), []).append((int(component_id), int(qty)))
    return recipes


def _assembled(ledger: Ledger, period: Period) -> dict[int, int]:
    """Kits assembled (net of disassemblies) by the period's end."""
    until, params = ("WHERE role = 'kit'", [])
    if period.until:
        until, params = ("WHERE role = 'kit' AND date <= ?", [period.until])
    return _sums(
        ledger, f"SELECT item_id, SUM(qty) FROM assembly_lines {until} GROUP BY item_id", params
    )


def component_rows(ledger: Ledger, period: Period) -> list[ComponentRow]:
    """One row per item delivered (directly or inside kits) in the period, in item order."""
    return _rows(ledger, period, None)


def component_rows_by(ledger: Ledger, period: Period, dim: str) -> list[ComponentRow]:
    """The component table per township or batch (``dim``; see the module docstring): rows
    in the order the townships (batches) and then the items were added."""
    return _rows(ledger, period, dim)


def _rows(ledger: Ledger, period: Period, dim: str | None) -> list[ComponentRow]:
    if dim is None:
        column, grouped = "0", "x.item_id"
        places: list[tuple[int, str | None]] = [(0, None)]
    else:
        line_column, table, named = BREAKDOWNS[dim]
        column = f"x.{line_column}"
        grouped = f"{column}, x.item_id"
        places = [
            (int(place_id), str(place))
            for place_id, place in ledger.query(f"SELECT id, {named} FROM {table} ORDER BY id")
        ]
    where, params = period.where("x.date")
    shipped: dict[tuple[int, int], int] = {}
    for key, item_id, qty in ledger.query(
        f"SELECT {column}, x.item_id, SUM(x.qty) FROM shipment_lines x {where} GROUP BY {grouped}",
        params,
    ):
        shipped[(int(key), int(item_id))] = int(qty or 0)
    recipes = _recipes(ledger)
    assembled = _assembled(ledger, period)
    via: dict[tuple[int, int], int] = {}
    with_history: dict[tuple[int, int], int] = {}
    if recipes:
        kits = ", ".join(str(kit_id) for kit_id in recipes)
        until, until_params = ("", [])
        if period.until:
            until, until_params = (" AND x.date <= ?", [period.until])
        position: dict[int, int] = {}
        for key, kit_id, day, qty in ledger.query(
            f"SELECT {column}, x.item_id, x.date, x.qty FROM shipment_lines x "
            f"JOIN entries e ON e.id = x.entry_id WHERE x.item_id IN ({kits}){until} "
            "AND x.entry_id NOT IN (SELECT entry_id FROM voids) "
            "AND x.entry_id NOT IN (SELECT voided_entry_id FROM voids) "
            "ORDER BY x.date, e.seq, x.line_no",
            until_params,
        ):
            kit, moved = int(kit_id), int(qty)
            made = max(0, assembled.get(kit, 0))
            at = position.get(kit, 0)
            position[kit] = at + moved
            if period.since and str(day) < period.since:
                continue
            # The kits of this line with history: its positions up to ``made`` (a return, moved
            # < 0, gives back the positions it came from).
            expanded = min(max(at + moved, 0), made) - min(max(at, 0), made)
            delivered_to = (int(key), kit)
            with_history[delivered_to] = with_history.get(delivered_to, 0) + expanded
            for component_id, per_kit in recipes[kit]:
                part = (int(key), component_id)
                via[part] = via.get(part, 0) + per_kit * expanded
    items = [
        (int(item_id), str(name), str(unit))
        for item_id, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id")
    ]
    rows = []
    for place_id, place in places:
        for item_id, name, unit in items:
            at_place = (int(place_id), item_id)
            if item_id in recipes:
                if at_place in shipped:
                    out = shipped[at_place]
                    rows.append(
                        ComponentRow(
                            name,
                            unit,
                            True,
                            out,
                            no_component_history=out - with_history.get(at_place, 0),
                            key=place,
                        )
                    )
            elif at_place in shipped or at_place in via:
                direct = shipped.get(at_place, 0)
                extra = via.get(at_place, 0)
                rows.append(
                    ComponentRow(name, unit, False, direct, extra, direct + extra, key=place)
                )
    return rows


__all__ = ["BREAKDOWNS", "ComponentRow", "component_rows", "component_rows_by"]
