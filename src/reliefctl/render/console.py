"""Rich tables for the terminal: Chinese text aligned by display width, numbers right-aligned
with thousands separators. Everything here formats data it is given; nothing queries.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from reliefctl.ledger.parse import format_fen

if TYPE_CHECKING:
    from reliefctl.reports.ledger_views import FundRow, LogRow, StockRow


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


def number_column(table: Table, header: str) -> None:
    """A right-aligned column that never wraps or truncates (figures must stay whole)."""
    table.add_column(header, justify="right", no_wrap=True, overflow="ignore")


def yuan(fen: int) -> str:
    return format_fen(fen, thousands=True)


def print_rows(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = Table(*headers, show_edge=False)
    for row in rows:
        table.add_row(*row)
    make_console().print(table)


def stock_table(rows: Sequence[StockRow]) -> None:
    table = Table(title="Stock on hand (at cost, 元)", show_edge=False)
    table.add_column("item")
    table.add_column("unit")
    number_column(table, "on hand")
    number_column(table, "value 元")
    number_column(table, "bought")
    number_column(table, "delivered")
    for r in rows:
        table.add_row(
            r.item,
            r.unit,
            f"{r.qty:,}",
            yuan(r.value_fen),
            f"{r.bought_qty:,}",
            f"{r.shipped_qty:,}",
        )
    table.add_section()
    table.add_row("total", "", "", yuan(sum(r.value_fen for r in rows)), "", "")
    make_console().print(table)


def funds_table(rows: Sequence[FundRow]) -> None:
    table = Table(title="Funds (元)", show_edge=False)
    table.add_column("fund")
    for name in ("budget", "purchases", "grants", "spent", "remaining"):
        number_column(table, name)
    for r in rows:
        table.add_row(
            r.fund,
            yuan(r.budget_fen),
            yuan(r.purchases_fen),
            yuan(r.grants_fen),
            yuan(r.spent_fen),
            yuan(r.remaining_fen),
        )
    make_console().print(table)


def log_table(rows: Sequence[LogRow]) -> None:
    table = Table(show_edge=False)
    table.add_column("id")
    table.add_column("date")
    table.add_column("what")
    number_column(table, "元")
    number_column(table, "人次")
    table.add_column("ref")
    table.add_column("by")
    for r in rows:
        what = r.summary + (f"  [voided by {r.voided_by}]" if r.voided_by else "")
        table.add_row(
            r.id,
            r.date,
            what,
            "" if r.amount_fen is None else yuan(r.amount_fen),
            "" if r.people is None else f"{r.people:,}",
            r.ref or "",
            r.operator,
        )
    make_console().print(table)
