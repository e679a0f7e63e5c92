"""Rich tables for the terminal: Chinese text aligned by display width, numbers right-aligned
with thousands separators. Everything here formats data it is given; nothing queries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from reliefctl.display import safe
from reliefctl.i18n import Lang
from reliefctl.messages import render_key
from reliefctl.money import format_fen

if TYPE_CHECKING:
    from reliefctl.reports.ledger_views import (
        EntryDetail,
        FundRow,
        LocationStockRow,
        LogRow,
        StockRow,
    )


#: Width used when stdout is not a terminal (a pipe, a file, cron): wide enough that no figure
#: is ever cut; a number is never truncated, only text columns wrap.
PIPE_WIDTH = 200


def make_console(width: int | None = None) -> Console:
    """A console on stdout; a fixed width when COLUMNS is set or asked for (tests, pipes)."""
    if width is None and os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    if width is None and not sys.stdout.isatty():
        width = PIPE_WIDTH
    return Console(file=sys.stdout, width=width, highlight=False, soft_wrap=False)


def yuan(fen: int) -> str:
    return format_fen(fen, thousands=True)


def number_column(table: Table, header: str) -> None:
    """A right-aligned figure column that never wraps; its header is plain text (a batch label
    is data, not markup). ``print_table`` widens the output rather than let a figure be cut."""
    table.add_column(plain(header), justify="right", no_wrap=True, overflow="fold")


def text_column(table: Table, header: str) -> None:
    """A text column (names); it does not wrap either, so a row stays one line."""
    table.add_column(plain(header), no_wrap=True)


def print_table(console: Console, table: Table) -> None:
    """Print at the console's width, or at the table's natural width when it is wider (the
    terminal then wraps lines, but no figure loses a digit and no name is cut)."""
    # Measured against an unbounded width: a measurement is clamped to the width it is given.
    unbounded = console.options.update_width(1_000_000)
    needed = Measurement.get(console, unbounded, table).maximum
    if needed > console.width:
        wide = Console(
            file=console.file, width=needed, highlight=False, soft_wrap=False, color_system=None
        )
        wide.print(table)
    else:
        console.print(table)


def plain(text: str | None) -> Text:
    """A text cell: shown as it is stored, never read as markup, nothing that acts on a terminal."""
    return Text(safe(text or ""))


def print_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = Table(show_edge=False)
    for header in headers:
        text_column(table, header)
    for row in rows:
        table.add_row(*(plain(value) for value in row))
    print_table(make_console(), table)


def _heading(lang: Lang, key: str) -> str:
    return render_key(f"view.{key}", lang)


def _in_packs(qty: int, packs: str | None) -> str | Text:
    """``130,800``, or with the pack equivalent: ``130,800 = 545箱`` (``ledger.packs``)."""
    return f"{qty:,}" if packs is None else plain(f"{qty:,} = {packs}")


def stock_table(rows: Sequence[StockRow], lang: Lang = "en") -> None:
    table = Table(title=plain(_heading(lang, "stock.title")), show_edge=False)
    text_column(table, _heading(lang, "item"))
    text_column(table, _heading(lang, "unit"))
    for key in ("on_hand", "value", "bought", "delivered"):
        number_column(table, _heading(lang, key))
    for r in rows:
        table.add_row(
            plain(r.item),
            plain(r.unit),
            _in_packs(r.qty, r.qty_packs),
            yuan(r.value_fen),
            f"{r.bought_qty:,}",
            f"{r.shipped_qty:,}",
        )
    table.add_section()
    table.add_row(
        plain(_heading(lang, "total")), "", "", yuan(sum(r.value_fen for r in rows)), "", ""
    )
    print_table(make_console(), table)


def location_stock_table(rows: Sequence[LocationStockRow], lang: Lang = "en") -> None:
    """``stock --by location``: what each location holds, with its share of each item's value."""
    table = Table(title=plain(_heading(lang, "stock.title")), show_edge=False)
    text_column(table, _heading(lang, "location"))
    text_column(table, _heading(lang, "item"))
    text_column(table, _heading(lang, "unit"))
    for key in ("on_hand", "value"):
        number_column(table, _heading(lang, key))
    for r in rows:
        table.add_row(
            plain(r.location),
            plain(r.item),
            plain(r.unit),
            _in_packs(r.qty, r.qty_packs),
            yuan(r.value_fen),
        )
    table.add_section()
    table.add_row(plain(_heading(lang, "total")), "", "", "", yuan(sum(r.value_fen for r in rows)))
    print_table(make_console(), table)


def funds_table(rows: Sequence[FundRow], lang: Lang = "en") -> None:
    table = Table(title=plain(_heading(lang, "funds.title")), show_edge=False)
    text_column(table, _heading(lang, "fund"))
    for name in ("budget", "purchases", "grants", "spent", "remaining"):
        number_column(table, _heading(lang, name))
    for r in rows:
        table.add_row(
            plain(r.fund),
            yuan(r.budget_fen),
            yuan(r.purchases_fen),
            yuan(r.grants_fen),
            yuan(r.spent_fen),
            yuan(r.remaining_fen),
        )
    print_table(make_console(), table)


def log_table(rows: Sequence[LogRow], lang: Lang = "en") -> None:
    """The log wraps only its description column, so a long entry stays readable in 80 columns."""
    table = Table(show_edge=False, padding=(0, 0), pad_edge=False)
    text_column(table, _heading(lang, "id"))
    text_column(table, _heading(lang, "date"))
    table.add_column(plain(_heading(lang, "what")), overflow="fold", min_width=16)
    number_column(table, "元")
    number_column(table, "人次")
    # The description and a long ref fold (wrap within their cells, never cut); every other
    # column keeps its width, so an operator is never cut. No padding: the rules between
    # cells are enough, and at 80 columns the description keeps 24 of them.
    table.add_column(plain(_heading(lang, "ref")), overflow="fold", max_width=12)
    text_column(table, _heading(lang, "by"))
    for r in rows:
        what = r.summary(lang)
        if r.voided_by:
            what += render_key("view.voided_by", lang, entry=r.voided_by)
        table.add_row(
            plain(r.id),
            plain(r.date),
            plain(what),
            "" if r.amount_fen is None else yuan(r.amount_fen),
            "" if r.people is None else f"{r.people:,}",
            plain(r.ref),
            plain(r.operator),
        )
    make_console().print(table)


def _shown_value(name: str, value: object, units: dict[str, str], item: object) -> str:
    from reliefctl.reports.ledger_views import SHOW_MONEY

    if value is None:
        return "—"
    if name in SHOW_MONEY and isinstance(value, int):
        return f"{yuan(value)} 元"
    if name == "qty" and isinstance(value, int):
        unit = units.get(str(item), "")
        return f"{value:,} {unit}".rstrip()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if name in ("people",) else str(value)
    return str(value)


def entry_view(detail: EntryDetail, lang: Lang = "en") -> None:
    """One entry whole (``reliefctl show``): the header as label/value lines, then each row."""
    from reliefctl.reports.ledger_views import KIND_WORDS

    def label(name: str) -> str:
        key = f"show.{name}"
        from reliefctl.vocab import ENGLISH

        return render_key(key, lang) if key in ENGLISH else name

    header = Table(show_header=False, show_edge=False, box=None, pad_edge=False)
    header.add_column(no_wrap=True)
    header.add_column(overflow="fold")
    kind = KIND_WORDS.get(detail.kind, detail.kind)
    kind_key = f"show.kind.{kind}"
    header.add_row(
        plain(label("entry")), plain(f"{detail.id} ({label(kind_key.removeprefix('show.'))})")
    )
    facts: list[tuple[str, str | None]] = [
        ("date", detail.date),
        ("recorded_at", detail.recorded_at),
        ("operator", detail.operator),
        ("ref", detail.ref),
        ("note", detail.note),
        ("hash", detail.hash),
        ("prev_hash", detail.prev_hash),
        ("previous", detail.previous or label("start")),
    ]
    if detail.voids:
        facts.append(("voids", detail.voids))
    if detail.voided_by:
        facts.append(
            (
                "voided_by",
                render_key(
                    "show.voided_by_reason",
                    lang,
                    entry=detail.voided_by,
                    reason=detail.void_reason or "",
                ),
            )
        )
    for name, value in facts:
        header.add_row(plain(label(name)), plain("—" if value is None else value))
    console = make_console()
    console.print(header)
    for table_name, row in detail.rows:
        item = row.get("item")
        fields = [
            f"{label(name)} {_shown_value(name, value, detail.units, item)}"
            for name, value in row.items()
            if value is not None
        ]
        console.print(plain(f"{label('table.' + table_name)}: " + "; ".join(fields)))
