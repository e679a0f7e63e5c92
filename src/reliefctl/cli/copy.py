"""``reliefctl copy --to URL``: the whole ledger into another database, then verify it there."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reliefctl.cli.common import say, tell, words
from reliefctl.cli.context import lang_of, ledger, options
from reliefctl.errors import Phrase
from reliefctl.i18n import Lang
from reliefctl.messages import render_key


class _TerminalProgress:
    """One line on stderr per table, rewritten in place; only for tables worth watching."""

    def __init__(self, threshold: int, lang: Lang = "en") -> None:
        self.lang = lang
        self.threshold = threshold
        self.shown = False

    def __call__(self, table: str, done: int, total: int) -> None:
        if total < self.threshold:
            return
        line = render_key(
            "done.copy_progress",
            self.lang,
            table=table,
            done=done,
            total=total,
            percent=done * 100 // total,
        )
        sys.stderr.write("\r" + line)
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
    progress = _TerminalProgress(BATCH_ROWS, lang_of(ctx)) if sys.stderr.isatty() else None
    outcome = options(ctx)
    with ledger(ctx) as opened:
        result = copy_ledger(
            opened, target, progress, lambda: outcome.committed.append(target.display)
        )
    tell(
        ctx,
        "done.copied",
        entries=result.entries,
        rows=result.total_rows,
        source=result.source,
        target=result.target,
        created=Phrase("done.copied_new") if result.created else None,
    )
    if not check:
        return
    from reliefctl.db.schema import open_ledger
    from reliefctl.ledger.checks import verify

    if progress:
        progress.note(words(ctx, "done.copy_verifying"))
    copied = open_ledger(target)
    try:
        problems = verify(copied)
    finally:
        copied.close()
    if problems:
        for problem in problems:
            say(problem.line(lang_of(ctx)))
        raise CopyDoesNotVerify(
            where=result.target, count=len(problems), first=problems[0].line(lang_of(ctx))
        )
    head = (
        Phrase("done.copy_head", entry=result.head_id, hash=result.head_hash)
        if result.head_id
        else None
    )
    tell(ctx, "done.copy_verified", target=result.target, head=head)


def register(app: typer.Typer) -> None:
    app.command()(copy)
