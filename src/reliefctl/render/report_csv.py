"""A report as CSV for Excel: UTF-8 with a byte-order mark, one row per line, plain numbers.

Layout (long format, so Excel can filter and pivot it): ``dimension, key, <figures…>``; one row
per table row, then one ``total`` row. The figure columns are those of the dimensions shown,
then ``purchases``, ``opening_stock_value``, ``stock_value`` and ``cash_spent`` (appended
last), which only the total row fills (and fund and month rows, for purchases and cash
spent), then ``household_times`` (户次) wherever ``people`` is a column, then the distinct
persons named on lists and their coverage (``unique_persons``, ``listed_entries``,
``listed_people``; issue 16), where persons are counted. Money has two
decimals and no thousands separators; person-times and counts are integers; a figure that
does not apply is an empty cell.

With ``--pivot`` the CSV is the cross-tab instead: ``measure, <rows>, <column keys…>, total``,
one block of rows per measure (spend and person-times; with fund, cash spent and grants by
month, or grants and grants made), each ending with its column totals.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import IO, Any

from reliefctl.i18n import Lang
from reliefctl.money import format_fen
from reliefctl.render.labels import key_text, label
from reliefctl.reports.report import (
    ADDED_COLUMNS,
    COLUMNS,
    MONEY_FIGURES,
    PEOPLE_EXTRA,
    PERSON_DIMS,
    PERSON_FIGURES,
    Report,
    ReportRow,
)

BOM = "\ufeff"
#: Every figure column in the order a CSV shows it.
_ORDER: tuple[str, ...] = (
    "unit",
    "qty",
    "goods_value",
    "grants",
    "spend",
    "people",
    "deliveries",
    "grant_count",
    "purchases",
    "opening_stock_value",
    "stock_value",
    "cash_spent",
    "household_times",
    *PERSON_FIGURES,
)
#: ``--components``: its rows (dimension ``item_components``) fill ``unit`` and these columns,
#: appended after every other column; with ``--by township`` (``batch``) its rows (dimension
#: ``township_components``: the township as key) fill these and, appended after them,
#: ``component_item`` and ``component_unit``.
_COMPONENT_COLUMNS = ("delivered", "via_kits", "component_qty", "no_component_history")
_TOTAL_ONLY = ("purchases", "opening_stock_value", "stock_value", "cash_spent")


def _cell(name: str, value: int | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return format_fen(value) if name in MONEY_FIGURES else str(value)


def _heading(lang: Lang, name: str) -> str:
    extra = {
        "opening_stock_value": "totals.opening_stock_value",
        "stock_value": "totals.stock_value",
    }
    return label(lang, extra.get(name, f"col.{name}"))


def csv_text(report: Report, lang: Lang) -> str:
    """The CSV document (without the byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.pivot is not None:
        _pivot(writer, report, lang)
        return buffer.getvalue()
    wanted = {name for dim in report.dims for name in COLUMNS[dim]} | set(_TOTAL_ONLY)
    if "people" in wanted:
        wanted |= set(PEOPLE_EXTRA) | set(PERSON_FIGURES)
    columns = [name for name in _ORDER if name in wanted]
    if "item" in report.dims:
        # Issue 13: an item's quantity in its largest pack, as a last column (blank for an
        # item without a pack), wherever the item table is.
        columns.append("qty_packs")
    broken = report.components_by or {}
    extra: tuple[str, ...] = ()
    if report.components is not None or broken:
        extra = _COMPONENT_COLUMNS
    if broken:
        # Per township (batch): the key column holds the township, these the item and its unit
        # (the unit column is there only with --by item).
        extra = (*extra, "component_item", "component_unit")
    writer.writerow(
        [label(lang, "csv.dimension"), label(lang, "csv.key")]
        + [_heading(lang, name) for name in columns]
        + [_heading(lang, name) for name in extra]
    )
    for dim in report.dims:
        shown = set(COLUMNS[dim]) | set(ADDED_COLUMNS.get(dim, ()))
        if "people" in shown:
            shown |= set(PEOPLE_EXTRA)
        if dim == "item":
            shown.add("qty_packs")
        if dim in PERSON_DIMS:
            shown |= set(PERSON_FIGURES)
        for row in report.tables[dim]:
            writer.writerow(
                [label(lang, f"dim.{dim}"), key_text(lang, dim, row.key)]
                + [_cell(name, row.figure(name)) if name in shown else "" for name in columns]
                + [""] * len(extra)
            )
    for part in report.components or ():
        writer.writerow(
            [label(lang, "dim.item_components"), part.item]
            + [part.unit if name == "unit" else "" for name in columns]
            + [_cell(name, getattr(part, name)) for name in _COMPONENT_COLUMNS]
            + [""] * (len(extra) - len(_COMPONENT_COLUMNS))
        )
    for dim, parts in broken.items():
        for part in parts:
            writer.writerow(
                [label(lang, f"dim.{dim}_components"), part.key or ""]
                + [""] * len(columns)
                + [_cell(name, getattr(part, name)) for name in _COMPONENT_COLUMNS]
                + [part.item, part.unit]
            )
    totals = report.totals
    writer.writerow(
        [label(lang, "total"), ""]
        + [
            "" if name in ("unit", "qty", "qty_packs") else _cell(name, getattr(totals, name))
            for name in columns
        ]
        + [""] * len(extra)
    )
    return buffer.getvalue()


def _pivot(writer: Any, report: Report, lang: Lang) -> None:
    pivot = report.pivot
    assert pivot is not None
    rows_total = {row.key: row for row in report.tables[pivot.rows]}
    cols_total = {row.key: row for row in report.tables[pivot.columns]}
    writer.writerow(
        [label(lang, "csv.measure"), label(lang, f"dim.{pivot.rows}")]
        + [key_text(lang, pivot.columns, key) for key in pivot.column_keys]
        + [label(lang, "total")]
    )

    def figure(row: ReportRow | None, name: str) -> str:
        value = row.figure(name) if row is not None else 0
        return _cell(name, value if value is not None else 0)

    for name in pivot.measures:
        measure = label(lang, f"col.{name}")
        for row_key in pivot.row_keys:
            writer.writerow(
                [measure, key_text(lang, pivot.rows, row_key)]
                + [figure(pivot.cell(row_key, key), name) for key in pivot.column_keys]
                + [figure(rows_total.get(row_key), name)]
            )
        writer.writerow(
            [measure, label(lang, "total")]
            + [figure(cols_total.get(key), name) for key in pivot.column_keys]
            + [_cell(name, getattr(report.totals, name))]
        )


def write_csv(report: Report, lang: Lang, out: IO[str] | None = None) -> None:
    """Write the CSV, BOM first, as UTF-8 whatever the terminal's encoding."""
    text = BOM + csv_text(report, lang)
    stream = sys.stdout if out is None else out
    raw = getattr(stream, "buffer", None)
    if raw is None:
        stream.write(text)
        return
    stream.flush()
    raw.write(text.encode("utf-8"))
    raw.flush()
