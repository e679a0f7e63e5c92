"""The ``reliefctl`` command: the root options and the sub-commands, composed with add_typer.

Each command group lives in its own module under ``reliefctl.cli``; they parse options, call
one core function, and render its result. Errors are turned into exit codes in exactly one
place, ``reliefctl.cli.errors.run``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl import __version__
from reliefctl.cli import (
    audit,
    config,
    copy,
    excel,
    key,
    kits,
    master,
    person,
    publish,
    record,
    report,
    stock,
    views,
)
from reliefctl.cli.common import say, tell, words
from reliefctl.cli.context import lang_of, ledger, location, options
from reliefctl.db.url import ENV_DB
from reliefctl.errors import Term
from reliefctl.i18n import Lang
from reliefctl.messages import Raw

if TYPE_CHECKING:
    from reliefctl.db.connect import Ledger

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


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        tell(ctx, "done.version", version=__version__)
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=(
                f"The ledger: a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB. "
                f"Default: ${ENV_DB}, else $XDG_DATA_HOME/reliefctl/ledger.sqlite "
                "(~/.local/share/reliefctl/ledger.sqlite)."
            ),
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of everything reliefctl prints: en or zh. Default: $RELIEFCTL_LANG, "
            "else the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else en.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    from reliefctl.i18n import resolve_lang

    chosen = options(ctx)
    chosen.db = db
    chosen.debug = chosen.debug or debug
    if lang is not None:
        # main() decided the language from argv before building the command; this checks
        # the value the same way, for a caller that invokes the command directly.
        chosen.lang = resolve_lang(lang)
        chosen.lang_explicit = True


TzOption = Annotated[
    str | None,
    typer.Option(
        "--tz",
        help="The ledger's time zone, an IANA name such as Asia/Shanghai: today's date and "
        "the time of every entry are in it. Default: this machine's zone, else Asia/Shanghai.",
        show_default=False,
    ),
]


def _zone_choice(tz: str | None) -> tuple[str, str]:
    """The zone for a new ledger (``--tz``, checked, else init's default) and why: a vocabulary
    key saying where it came from."""
    from reliefctl.ledger.clock import check_zone, initial_zone

    if tz is not None:
        return check_zone(tz, "tz"), "init.zone_given"
    zone, machine = initial_zone()
    return zone, "init.zone_machine" if machine else "init.zone_fallback"


WarehouseOption = Annotated[
    str | None,
    typer.Option(
        "--warehouse",
        help="The name of the location where stock is held (the district warehouse); it is "
        "the default location of buy, ship and the stock commands. Default: 仓库.",
        show_default=False,
    ),
]
RequireFundOption = Annotated[
    bool,
    typer.Option(
        "--require-fund",
        help="Every purchase and grant must name a fund (the ledger setting require_fund; "
        "change it later with: reliefctl config set require_fund yes|no).",
    ),
]


def _warehouse(name: str | None) -> str:
    from reliefctl.ledger import parse
    from reliefctl.ledger.settings import DEFAULT_WAREHOUSE

    return DEFAULT_WAREHOUSE if name is None else parse.clean_name(name, "warehouse")


@app.command()
def init(
    ctx: typer.Context,
    tz: TzOption = None,
    require_fund: RequireFundOption = False,
    warehouse: WarehouseOption = None,
) -> None:
    """Create the ledger (and its folder) if it does not exist yet; otherwise change nothing.
    A new ledger's first entry (L-000001) records its settings: the time zone, the default
    location (and, with --require-fund, that every purchase and grant must name a fund); it
    also creates the first location, the warehouse."""
    from reliefctl.db.schema import init_ledger
    from reliefctl.ledger.configure import record_initial
    from reliefctl.ledger.settings import LOCATION, REQUIRE_FUND, TZ

    zone, source = _zone_choice(tz)
    home = _warehouse(warehouse)
    where = location(ctx)
    given = {TZ.name: zone, LOCATION.name: home}
    if require_fund:
        given[REQUIRE_FUND.name] = "yes"

    def seed(opened: Ledger) -> None:
        record_initial(opened, given)

    if init_ledger(where, seed):
        tell(ctx, "done.init_created", where=where.display)
        tell(ctx, "init.zone", zone=zone, source=Term(source))
        tell(ctx, "init.warehouse", location=home)
        if require_fund:
            tell(ctx, "init.require_fund")
        return
    tell(ctx, "done.init_exists", where=where.display)
    if tz is not None:
        from reliefctl.ledger.settings import ledger_zone

        with ledger(ctx) as opened:
            current = ledger_zone(opened)
        if current != zone:
            tell(ctx, "init.exists_zone", zone=current, given=zone)


@app.command()
def upgrade(
    ctx: typer.Context,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            help="For a ledger from before time zones: its zone, an IANA name such as "
            "Asia/Shanghai. Default: as init chooses (this machine's zone, else Asia/Shanghai).",
            show_default=False,
        ),
    ] = None,
    warehouse: Annotated[
        str | None,
        typer.Option(
            "--warehouse",
            help="For a ledger from before locations: the name of the one location its stock "
            "is at (every earlier entry belongs to it). Default: 仓库.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Bring a ledger written by an older reliefctl up to this one's schema (its owner runs
    this once), then verify it. Nothing stored is rewritten; every hash stays as it was.
    A ledger from before ledger settings gets one entry recording them (its time zone); one
    from before locations gets its warehouse, where all its stock is."""
    from reliefctl.errors import VerifyFailed
    from reliefctl.ledger.checks import verify
    from reliefctl.ledger.settings import LOCATION, TZ
    from reliefctl.ledger.upgrade import upgrade as run_upgrade

    zone, source = _zone_choice(tz)
    home = _warehouse(warehouse)
    where = location(ctx)
    result = run_upgrade(where, {TZ.name: zone, LOCATION.name: home})
    if not result.changed:
        tell(ctx, "done.upgrade_current", where=result.where, version=result.after)
        if tz is not None:
            tell(ctx, "upgrade.tz_ignored", zone=zone)
        return
    parts = []
    if result.created:
        parts.append(words(ctx, "done.upgrade_tables", names=list(result.created)))
    if result.rebuilt:
        parts.append(words(ctx, "done.upgrade_rebuilt", names=list(result.rebuilt)))
    if result.columns:
        parts.append(words(ctx, "done.upgrade_columns", names=list(result.columns)))
    tell(
        ctx,
        "done.upgraded",
        where=result.where,
        before=result.before,
        after=result.after,
        changes=Raw(words(ctx, "word.clause_sep").join(parts)),
    )
    if result.settings_entry is not None and TZ.name in result.settings:
        tell(
            ctx,
            "upgrade.zone",
            entry=result.settings_entry,
            zone=result.settings[TZ.name],
            source=Term(source),
        )
    if result.settings_entry is not None and LOCATION.name in result.settings:
        tell(
            ctx,
            "upgrade.warehouse",
            entry=result.settings_entry,
            location=result.settings[LOCATION.name],
        )
    from reliefctl.db.schema import open_ledger

    opened = open_ledger(where)
    try:
        problems = verify(opened)
    finally:
        opened.close()
    if problems:
        for problem in problems:
            say(problem.line(lang_of(ctx)))
        first = problems[0]
        raise VerifyFailed(
            count=len(problems),
            where=result.where,
            first=first.where_text(lang_of(ctx)),
            check=first.check_term(),
        )
    tell(ctx, "done.upgrade_verified")


app.add_typer(master.township_app, name="township")
app.add_typer(master.unit_app, name="unit")
app.add_typer(master.item_app, name="item")
app.add_typer(master.fund_app, name="fund")
app.add_typer(stock.location_app, name="location")
record.register(app)
stock.register(app)
kits.register(app)
views.register(app)
report.register(app)
audit.register(app)
copy.register(app)
excel.register(app)
publish.register(app)
config.register(app)
key.register(app)
person.register(app)


@cache
def click_command(lang: Lang = "en") -> Any:
    """The Click command behind the app in ``lang``, built once per process and language
    (Typer takes ~20 ms to build it; a test suite calls ``main`` thousands of times)."""
    from reliefctl.cli.help import localise

    return localise(typer.main.get_command(app), lang)


def lang_in_argv(args: Sequence[str]) -> str | None:
    """The value of the root ``--lang`` (``--lang zh`` or ``--lang=zh``) in ``args``, before any
    ``--``; the last one wins, as Click decides. ``report --lang`` is that command's own
    option, but it is the same choice, so it decides help and messages too."""
    found: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: run the app and turn every outcome into an exit code.

    The language is decided here, from argv and the environment, before the command is built,
    so its help, Click's own words and every message speak it.
    """
    from reliefctl.cli.errors import refuse_language, run, signals_stop_the_command
    from reliefctl.errors import UnknownLanguage
    from reliefctl.i18n import resolve_lang

    args = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get("RELIEFCTL_DEBUG", "") not in ("", "0") or "--debug" in args
    given = lang_in_argv(args)
    try:
        lang = resolve_lang(given)
    except UnknownLanguage as exc:
        raise SystemExit(refuse_language(exc)) from None
    command = click_command(lang)
    with signals_stop_the_command():
        code = run(command, args, debug, lang=lang, lang_explicit=given is not None)
    raise SystemExit(code)
