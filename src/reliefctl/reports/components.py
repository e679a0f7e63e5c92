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

Components delivered only inside kits are listed too (delivered 0). Nothing here formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reliefctl.db.connect import Ledger
from reliefctl.ledger.period import Period


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


def _sums(ledger: Ledger, sql: str, params: Sequence[object]) -> dict[int, int]:
    return {int(item): int(qty or 0) for item, qty in ledger.query(sql, params)}


def component_rows(ledger: Ledger, period: Period) -> list[ComponentRow]:
    """One row per item delivered (directly or inside kits) in the period, in item order."""
    where, params = period.where()
    shipped = _sums(
        ledger, f"SELECT item_id, SUM(qty) FROM shipment_lines {where} GROUP BY item_id", params
    )
    before: dict[int, int] = {}
    if period.since:
        before = _sums(
            ledger,
            "SELECT item_id, SUM(qty) FROM shipment_lines WHERE date < ? GROUP BY item_id",
            [period.since],
        )
    until, until_params = ("WHERE role = 'kit'", [])
    if period.until:
        until, until_params = ("WHERE role = 'kit' AND date <= ?", [period.until])
    assembled = _sums(
        ledger,
        f"SELECT item_id, SUM(qty) FROM assembly_lines {until} GROUP BY item_id",
        until_params,
    )
    recipes: dict[int, list[tuple[int, int]]] = {}
    for kit_id, component_id, qty in ledger.query(
        "SELECT kit_id, component_id, qty FROM kit_components ORDER BY entry_id, line_no"
    ):
        recipes.setdefault(int(kit_id), []).append((int(component_id), int(qty)))
    via: dict[int, int] = {}
    without: dict[int, int] = {}
    for kit_id, recipe in recipes.items():
        out = shipped.get(kit_id, 0)
        if out <= 0:
            continue
        left = max(0, assembled.get(kit_id, 0) - max(0, before.get(kit_id, 0)))
        expanded = min(out, left)
        without[kit_id] = out - expanded
        for component_id, per_kit in recipe:
            via[component_id] = via.get(component_id, 0) + per_kit * expanded
    rows = []
    for item_id, name, unit in ledger.query("SELECT id, name, unit FROM items ORDER BY id"):
        key = int(item_id)
        if key in recipes:
            if key in shipped:
                rows.append(
                    ComponentRow(
                        str(name),
                        str(unit),
                        True,
                        shipped[key],
                        no_component_history=without.get(key, 0),
                    )
                )
        elif key in shipped or key in via:
            direct = shipped.get(key, 0)
            extra = via.get(key, 0)
            rows.append(ComponentRow(str(name), str(unit), False, direct, extra, direct + extra))
    return rows


__all__ = ["ComponentRow", "component_rows"]
