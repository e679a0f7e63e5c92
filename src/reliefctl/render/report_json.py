"""A report as JSON: the shape documented in the README ("Reports"), a contract for scripts.

Money is a string with exactly two decimals (``"120000.00"``); person-times and counts are
integers; a figure that does not apply to a dimension is ``null``. Keys never change with
``--lang``.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from reliefctl.money import format_fen
from reliefctl.reports.components import ComponentRow
from reliefctl.reports.report import (
    MONEY_FIGURES,
    PEOPLE_EXTRA,
    PERSON_FIGURES,
    ROW_FIGURES,
    Report,
    ReportRow,
)

#: The keys of ``totals``, in the order of the JSON contract (``cash_spent`` added last).
_TOTAL_KEYS = (
    "purchases",
    "goods_value",
    "grants",
    "spend",
    "opening_stock_value",
    "stock_value",
    "people",
    "deliveries",
    "grant_count",
    "cash_spent",
    "receipts_value",
    "written_off",
    "count_gains",
    "count_losses",
    "household_times",
    *PERSON_FIGURES,
)


def _value(name: str, value: int | str | None) -> Any:
    if value is None or isinstance(value, str):
        return value
    return format_fen(value) if name in MONEY_FIGURES else value


def row_object(dim: str, row: ReportRow) -> dict[str, Any]:
    """``{"<dim>": key, "goods_value": "…", …}``; fund rows add purchases and cash spent,
    month rows purchases and cash spent, item rows unit and qty; every row ends with
    ``household_times`` (``null`` where ``people`` is) and ``unique_persons``,
    ``listed_entries``, ``listed_people`` (``null`` where persons are not counted)."""
    obj: dict[str, Any] = {dim: row.key}
    if dim == "item":
        obj["unit"] = row.unit
        obj["qty"] = row.qty
        obj["qty_packs"] = row.qty_packs  # issue 13: null for an item without a pack
    if dim == "fund":
        obj["purchases"] = _value("purchases", row.purchases)
    for name in ROW_FIGURES:
        obj[name] = _value(name, row.figure(name))
    if dim == "month":
        obj["purchases"] = _value("purchases", row.purchases)
    if dim in ("fund", "month"):
        obj["cash_spent"] = _value("cash_spent", row.cash_spent)
    for name in (*PEOPLE_EXTRA, *PERSON_FIGURES):
        obj[name] = row.figure(name)
    return obj


def report_object(report: Report) -> dict[str, Any]:
    t = report.totals
    obj: dict[str, Any] = {
        "since": report.since,
        "until": report.until,
        "currency": "CNY",
        "totals": {name: _value(name, getattr(t, name)) for name in _TOTAL_KEYS},
    }
    if report.funds:
        obj["funds"] = list(report.funds)
    for dim in report.dims:
        obj[f"by_{dim}"] = [row_object(dim, row) for row in report.tables[dim]]
    if report.components is not None:
        obj["by_item_components"] = [_component(row) for row in report.components]
    for dim, rows in (report.components_by or {}).items():
        # Per township (batch): its name first, then the keys of ``by_item_components``.
        obj[f"by_{dim}_components"] = [{dim: row.key, **_component(row)} for row in rows]
    pivot = report.pivot
    if pivot is not None:
        cells = []
        for row_key in pivot.row_keys:
            for column_key in pivot.column_keys:
                cell = pivot.cell(row_key, column_key)
                if cell is not None:
                    cells.append({pivot.rows: row_key, **row_object(pivot.columns, cell)})
        obj["pivot"] = {
            "rows": pivot.rows,
            "columns": pivot.columns,
            "cells": cells,
            "measures": list(pivot.measures),
        }
    return obj


def _component(row: ComponentRow) -> dict[str, Any]:
    return {
        "item": row.item,
        "unit": row.unit,
        "kit": row.kit,
        "delivered": row.delivered,
        "via_kits": row.via_kits,
        "component_qty": row.component_qty,
        "no_component_history": row.no_component_history,
    }


def write_json(report: Report, out: IO[str] | None = None) -> None:
    stream = sys.stdout if out is None else out
    stream.write(json.dumps(report_object(report), ensure_ascii=False, indent=2) + "\n")
