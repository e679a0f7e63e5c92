"""``reliefctl copy --to URL``: the whole ledger into another database, then verify it there."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reliefctl.cli.common import say
from reliefctl.cli.context import ledger, options


class _TerminalProgress:
    """One line on stderr per table, rewritten in place; only for tables worth watching."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.shown = False

    def __call__(self, table: str, done: int, total: int) -> None:
        if total < self.threshold:
            return
        sys.stderr.write(f"\rcopying {table}: {done:,} / {total:,} rows ({done * 100 // total}%)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
        self.shown = True

    def note(self, text: str) -> None:
        if self.shown:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()


def copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="The ledger to copy into: a file path, sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DB. Created if missing; refused if it holds entries.",
            show_default=False,
        ),
    ],
    check: Annotated[
        bool,
        typer.Option(
            "--verify/--no-verify",
            help="Run `reliefctl verify` on the copy (every hash recomputed). On by default.",
        ),
    ] = True,
) -> None:
    """Copy the whole ledger (--db) into another database, verbatim.

    Ids, dates, operators, recording times and the hash chain are kept; `verify` runs on the copy.
    Typical use: move the office's SQLite file into the shared PostgreSQL.
    One transaction on the target: all of it or nothing.
    """
    from reliefctl.db.url import resolve
    from reliefctl.errors import CopyDoesNotVerify
    from reliefctl.ledger.copy import BATCH_ROWS, copy_ledger

    target = resolve(to, "to")
    progress = _TerminalProgress(BATCH_ROWS) if sys.stderr.isatty() else None
    outcome = options(ctx)
    with ledger(ctx) as opened:
        result = copy_ledger(
            opened, target, progress, lambda: outcome.committed.append(target.display)
        )
    created = " (a new ledger)" if result.created else ""
    say(
        f"copied {result.entries:,} entries ({result.total_rows:,} rows) from {result.source} "
        f"to {result.target}{created}"
    )
    if not check:
        return
    from reliefctl.db.schema import open_ledger
    from reliefctl.ledger.checks import verify

    if progress:
        progress.note("verifying the copy (every hash recomputed) ...")
    copied = open_ledger(target)
    try:
        problems = verify(copied)
    finally:
        copied.close()
    if problems:
        for problem in problems:
            say(str(problem))
        raise CopyDoesNotVerify(where=result.target, count=len(problems), first=str(problems[0]))
    head = f"; head {result.head_id} {result.head_hash}" if result.head_id else ""
    say(f"verify passed on {result.target}{head}")


def register(app: typer.Typer) -> None:
    app.command()(copy)
