"""What every command receives from the root command: its options, and the opened ledger.

The root callback (``reliefctl.cli.app``) resolves ``--db`` and ``--debug`` once and puts them
on Typer's context as an :class:`Options`; a command takes ``ctx: typer.Context`` and obtains
the ledger with ``with ledger(ctx) as opened: ...``, as every hledger command receives its
loaded journal. So the flow of ``--db`` can be followed from the option to the connection by
reading the calls, and no module holds mutable state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from reliefctl.db.url import LedgerLocation, resolve
from reliefctl.i18n import Lang

if TYPE_CHECKING:
    from reliefctl.db.connect import Ledger


@dataclass
class Options:
    """The root command's options, resolved."""

    db: str | None = None
    debug: bool = False
    #: The language of everything this command prints (``--lang``, ``RELIEFCTL_LANG``, the
    #: locale): decided by ``reliefctl.cli.app.main`` before the command is built, so help
    #: and Click's own words speak it too.
    lang: Lang = "en"
    #: Whether ``--lang`` was given on the root command: the views' CSV headings follow the
    #: language only then (scripts read them by name).
    lang_explicit: bool = False
    #: What this command committed (entry ids, or a copy's target): so a confirmation that
    #: cannot be printed, or an interruption after COMMIT, never hides that it was recorded.
    committed: list[str] = field(default_factory=list)
    #: The refs of what this command is recording, for "check with reliefctl log --ref".
    refs: list[str] = field(default_factory=list)
    #: The file this command replaces (an export, a template), for an interruption's message.
    output: str | None = None


def options(ctx: typer.Context) -> Options:
    """The root options of this invocation (defaults when a command runs without the root)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Options):
        root.obj = Options()
    return root.obj


def lang_of(ctx: typer.Context, given: str | None = None) -> Lang:
    """The language this command speaks: its own ``--lang`` when it has one and it was given
    (``report``, ``export``, ``template``, ``publish``), else the whole command line's."""
    if given is None:
        return options(ctx).lang
    from reliefctl.i18n import resolve_lang

    return resolve_lang(given)


def location(ctx: typer.Context) -> LedgerLocation:
    """Where the ledger is: ``--db``, else ``RELIEFCTL_DB``, else the default file."""
    return resolve(options(ctx).db)


@contextmanager
def ledger(ctx: typer.Context, *, allow_older: bool = False) -> Iterator[Ledger]:
    """The ledger of this command, opened, and closed afterwards whatever happens."""
    from reliefctl.db.schema import open_ledger

    opened = open_ledger(location(ctx), allow_older=allow_older)
    try:
        yield opened
    finally:
        opened.close()


__all__ = ["Options", "lang_of", "ledger", "location", "options"]
