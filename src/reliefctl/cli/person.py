"""``reliefctl person find``: which deliveries and grants reached one person.

The identifier is read from a prompt (hidden, like a password) or, when standard input is
not a terminal, from its first line: never from the command line, whose arguments any user
of the machine can see in ``ps`` and which the shell keeps in its history. It is hashed with
the person key (which must be this ledger's) and looked up; only masked names are shown.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reliefctl.cli.common import check_format, emit_json, emit_records, money, tell
from reliefctl.cli.context import ledger
from reliefctl.errors import Phrase, Term

person_app = typer.Typer(
    help="Look up one person on the lists of recipients (needs the person key).",
    no_args_is_help=True,
)

FIND_FORMATS = ("table", "json", "csv")
#: Columns of ``person find --format json/csv``, in order (the README documents them).
FIND_COLUMNS = ("entry", "kind", "date", "place", "batch", "purpose", "amount", "name", "voided_by")
_KINDS = {"S": "shipment", "G": "grant"}


def _read_identifier(ctx: typer.Context) -> str:
    from reliefctl.cli.common import words

    if sys.stdin.isatty():
        return str(typer.prompt(words(ctx, "person.prompt"), hide_input=True, default=""))
    return sys.stdin.readline()


@person_app.command("find")
def find(
    ctx: typer.Context,
    given_as: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="What the identifier is: id (身份证号), staff or phone. Default: a 身份证号 "
            "or phone number is recognised; a staff number needs --as staff --employer.",
            show_default=False,
        ),
    ] = None,
    employer: Annotated[
        str | None,
        typer.Option("--employer", help="The employer of a staff number (with --as staff)."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table, json or csv (UTF-8 with BOM, for Excel).")
    ] = "table",
) -> None:
    """List the deliveries and grants whose list named one person. The identifier is read
    from a prompt or standard input, never from the command line."""
    from reliefctl.io.personkey import load_key
    from reliefctl.ledger import settings
    from reliefctl.ledger.persons import check_key, identify, person_hash
    from reliefctl.reports.ledger_views import person_entries

    shown = check_format(fmt, FIND_FORMATS)
    secret = load_key()
    typed, masked = identify(_read_identifier(ctx), given_as, employer)
    with ledger(ctx) as opened:
        check_key(settings.value(opened, settings.PERSON_KEY.name) or None, secret)
        found = person_entries(opened, person_hash(secret, typed))
    if shown != "table":
        records = [
            {
                "entry": e.entry_id,
                "kind": _KINDS.get(e.kind, e.kind),
                "date": e.date,
                "place": e.place,
                "batch": e.batch,
                "purpose": e.purpose,
                "amount": None if e.amount_fen is None else money(e.amount_fen),
                "name": e.masked_name,
                "voided_by": e.voided_by,
            }
            for e in found
        ]
        if shown == "json":
            emit_json(records)
        else:
            emit_records(shown, records, FIND_COLUMNS)
        return
    if not found:
        tell(ctx, "person.none", identifier=masked)
        return
    for e in found:
        tell(
            ctx,
            "person.entry",
            entry=e.entry_id,
            date=e.date,
            kind=Term(f"person.kind_{e.kind}"),
            place=e.place,
            batch=Phrase("person.in_batch", batch=e.batch) if e.batch else "",
            purpose=Phrase("person.for", purpose=e.purpose) if e.purpose else "",
            amount=Phrase("person.amount", amount=e.amount_fen) if e.amount_fen else "",
            name=e.masked_name,
            voided=Phrase("person.voided", by=e.voided_by) if e.voided_by else "",
        )


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
