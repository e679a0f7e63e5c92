"""The ``reliefctl`` command: the root options and the sub-commands, composed with add_typer.

Each command group lives in its own module under ``reliefctl.cli``; they parse options, call
one core function, and render its result. Errors are turned into exit codes in exactly one
place, ``reliefctl.cli.errors.run``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from reliefctl import __version__
from reliefctl.cli import audit, copy, excel, master, record, report, views
from reliefctl.cli.common import STATE, location, say
from reliefctl.db.url import ENV_DB, default_path

app = typer.Typer(
    name="reliefctl",
    help=(
        "A ledger for relief operations: record what was bought, what was delivered to which "
        "township in which batch, and what cash was granted; report spend and person-times "
        "(人次) exactly, to the fen."
    ),
    no_args_is_help=True,
    add_completion=False,
    # A traceback in a cron mail must never dump local variables (paths, passwords).
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        say(f"reliefctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=(
                f"The ledger: a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB. "
                f"Default: ${ENV_DB}, else {default_path()}."
            ),
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    STATE.db = db
    STATE.debug = debug or STATE.debug


@app.command()
def init() -> None:
    """Create the ledger (and its folder) if it does not exist yet; otherwise change nothing."""
    from reliefctl.db.schema import init_ledger

    where = location()
    if init_ledger(where):
        say(f"created a new ledger at {where.display}")
    else:
        say(f"a ledger already exists at {where.display}; nothing changed")


app.add_typer(master.township_app, name="township")
app.add_typer(master.unit_app, name="unit")
app.add_typer(master.item_app, name="item")
app.add_typer(master.fund_app, name="fund")
record.register(app)
views.register(app)
report.register(app)
audit.register(app)
copy.register(app)
excel.register(app)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run the app and turn every outcome into an exit code."""
    from reliefctl.cli.errors import run

    STATE.debug = os.environ.get("RELIEFCTL_DEBUG", "") not in ("", "0")
    debug = STATE.debug or "--debug" in (argv if argv is not None else sys.argv[1:])
    command = typer.main.get_command(app)
    code = run(command, argv, debug)
    raise SystemExit(code)
