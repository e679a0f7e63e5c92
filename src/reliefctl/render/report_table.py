"""A report as rich tables: the period and units first, then the totals, then one table per
dimension (or the cross-tabs of ``--pivot``), each ending with its totals row.

Chinese text is aligned by display width (rich measures East Asian wide characters as two
cells); figures are right-aligned with thousands separators; no cell is ever wrapped or cut: when a
table is wider than the terminal (a pivot with many batches), it is printed at its full width
and the terminal wraps lines rather than any figure losing digits. Names are printed as plain
text, never interpreted as rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reliefctl.i18n import Lang
from reliefctl.render.console import (
    make_console,
    number_column,
    plain,
    print_table,
    text_column,
    yuan,
)
from reliefctl.render.labels import key_text, label, period_text
from reliefctl.reports.components import ComponentRow
from reliefctl.reports.report import (
    COLUMNS,
    MONEY_FIGURES,
    PEOPLE_EXTRA,
    PERSON_DIMS,
    PERSON_FIGURES,
    TOTAL_FIGURES,
    Report,
    ReportRow,
)


def _figure(name: str, value: int | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return yuan(value) if name in MONEY_FIGURES else f"{value:,}"


#: Totals the table shows only when not zero (JSON and the workbook always carry them).
_WHEN_MOVED = frozenset({"receipts_value", "written_off", "count_gains", "count_losses"})


def _totals_table(report: Report, lang: Lang) -> Table:
    table = Table(title=Text(label(lang, "totals.title")), show_edge=False)
    text_column(table, label(lang, "totals.figure"))
    number_column(table, label(lang, "totals.value"))
    for name in TOTAL_FIGURES:
        if name in _WHEN_MOVED and not getattr(report.totals, name):
            continue
        if name in PEOPLE_EXTRA and not report.has_households:
            continue  # no receipt, write-off or count in the period: the lines stay out
        if name in PERSON_FIGURES:
            continue  # one line that says how partial the count is, below
        table.add_row(
            Text(label(lang, f"totals.{name}")), _figure(name, getattr(report.totals, name))
        )
    totals = report.totals
    if report.has_persons:
        # One line that never lets a partial count pass for a complete one.
        entries = (totals.deliveries or 0) + totals.grant_count
        known = label(
            lang,
            "persons_known",
            unique=totals.unique_persons or 0,
            lists=totals.listed_entries or 0,
            entries=entries,
        )
        table.add_row(Text(label(lang, "totals.unique_persons")), Text(known))
        table.add_row(
            Text(label(lang, "totals.listed_people")),
            _figure("listed_people", totals.listed_people),
        )
    return table


def _columns(report: Report, dim: str) -> tuple[str, ...]:
    """A table's columns: household-times after person-times when the report has any, and
    the distinct persons after them when some entry carries a list of recipients."""
    columns = COLUMNS[dim]
    if "people" not in columns:
        return columns
    at = columns.index("people") + 1
    extra: tuple[str, ...] = PEOPLE_EXTRA if report.has_households else ()
    if report.has_persons and dim in PERSON_DIMS:
        extra = (*extra, PERSON_FIGURES[0])
    return (*columns[:at], *extra, *columns[at:])


def _dim_table(report: Report, dim: str, lang: Lang) -> Table:
    columns = _columns(report, dim)
    table = Table(
        title=Text(label(lang, "report.by", dim=label(lang, f"dim.{dim}"))), show_edge=False
    )
    text_column(table, label(lang, f"dim.{dim}"))
    for name in columns:
        if name == "unit":
            text_column(table, label(lang, "col.unit"))
        else:
            number_column(table, label(lang, f"col.{name}"))
    rows = report.tables[dim]
    for row in rows:
        table.add_row(
            plain(key_text(lang, dim, row.key)),
            *(
                plain(row.unit)
                if name == "unit"
                else plain(f"{row.qty:,} = {row.qty_packs}")
                if name == "qty" and row.qty is not None and row.qty_packs is not None
                else _figure(name, row.figure(name))
                for name in columns
            ),
        )
    table.add_section()
    totals = report.totals
    table.add_row(
        Text(label(lang, "total")),
        *(
            "" if name in ("unit", "qty") else _figure(name, getattr(totals, name))
            for name in columns
        ),
    )
    return table


def _pivot_table(report: Report, measure: str, lang: Lang) -> Table:
    pivot = report.pivot
    assert pivot is not None
    title = label(
        lang,
        "report.pivot",
        measure=label(lang, f"measure.{measure}"),
        rows=label(lang, f"dim.{pivot.rows}"),
        columns=label(lang, f"dim.{pivot.columns}"),
    )
    table = Table(title=Text(title), show_edge=False)
    text_column(table, label(lang, f"dim.{pivot.rows}"))
    for key in pivot.column_keys:
        number_column(table, key_text(lang, pivot.columns, key))
    number_column(table, label(lang, "total"))

    def cell(row: ReportRow | None) -> str:
        return "" if row is None else _figure(measure, row.figure(measure))

    row_totals = {row.key: row for row in report.tables[pivot.rows]}
    for row_key in pivot.row_keys:
        table.add_row(
            plain(key_text(lang, pivot.rows, row_key)),
            *(cell(pivot.cell(row_key, key)) for key in pivot.column_keys),
            cell(row_totals.get(row_key)),
        )
    table.add_section()
    column_totals = {row.key: row for row in report.tables[pivot.columns]}
    table.add_row(
        Text(label(lang, "total")),
        *(cell(column_totals.get(key)) for key in pivot.column_keys),
        _figure(measure, getattr(report.totals, measure)),
    )
    return table


def print_report(report: Report, lang: Lang, console: Console | None = None) -> None:
    """Print the whole report to ``console`` (default: stdout, see ``make_console``)."""
    out = console or make_console()
    out.print(
        Text(f"{label(lang, 'report.title')} · {period_text(lang, report.since, report.until)}")
    )
    out.print(Text(label(lang, "units")))
    out.print()
    print_table(out, _totals_table(report, lang))
    if report.funds:
        out.print(Text(label(lang, "report.funds", funds=", ".join(report.funds))))
    if report.pivot is not None:
        for measure in report.pivot.measures:
            out.print()
            print_table(out, _pivot_table(report, measure, lang))
        return
    for dim in report.dims:
        out.print()
        print_table(out, _dim_table(report, dim, lang))
    if report.components is not None:
        out.print()
        print_table(out, _components_table(report.components, lang))
    for dim, rows in (report.components_by or {}).items():
        out.print()
        print_table(out, _components_table(rows, lang, dim))


def _components_table(rows: Sequence[ComponentRow], lang: Lang, dim: str | None = None) -> Table:
    """``--components``: each item delivered, directly and inside kits (see
    ``reliefctl.reports.components``), for the district or per township (batch: ``dim``, its
    name first); a kit's row gives the kits without component history."""
    if dim is None:
        title = label(lang, "report.components")
    else:
        title = label(lang, "report.components_by", dim=label(lang, f"dim.{dim}"))
    table = Table(title=Text(title), show_edge=False)
    if dim is not None:
        text_column(table, label(lang, f"dim.{dim}"))
    text_column(table, label(lang, "dim.item"))
    text_column(table, label(lang, "col.unit"))
    for name in ("delivered", "via_kits", "component_qty", "no_component_history"):
        number_column(table, label(lang, f"col.{name}"))
    kit = label(lang, "components.kit")
    for row in rows:
        table.add_row(
            *(() if dim is None else (plain(row.key or ""),)),
            plain(f"{row.item} ({kit})" if row.kit else row.item),
            plain(row.unit),
            *(
                "" if value is None else f"{value:,}"
                for value in (
                    row.delivered,
                    row.via_kits,
                    row.component_qty,
                    row.no_component_history,
                )
            ),
        )
    return table
