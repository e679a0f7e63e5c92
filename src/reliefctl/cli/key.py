"""The person key: ``reliefctl key init`` and ``reliefctl key show``.

The key is a file outside the ledger (``reliefctl.io.personkey``); recipients' identifiers are
hashed with it (``reliefctl.ledger.persons``). ``key show`` prints only its fingerprint, never
the key.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reliefctl.cli.common import emit_json, tell
from reliefctl.cli.context import ledger

key_app = typer.Typer(
    help="The person key recipients' identifiers are hashed with (a file outside the ledger).",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a line.")]


@key_app.command("init")
def init(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Create the person key at $RELIEFCTL_PERSON_KEY, else
    $XDG_CONFIG_HOME/reliefctl/person.key (mode 0600); an existing key is never overwritten."""
    from reliefctl.io.personkey import create_key, key_path
    from reliefctl.ledger.persons import fingerprint

    path = key_path()
    secret = create_key(path)
    if as_json:
        emit_json({"path": str(path), "fingerprint": fingerprint(secret)})
        return
    tell(ctx, "key.created", fingerprint=fingerprint(secret), path=str(path))


@key_app.command("show")
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Print the person key's fingerprint (never the key) and the one this ledger recorded;
    exit 1 when they differ."""
    from reliefctl.io.personkey import key_path, load_key
    from reliefctl.ledger import settings
    from reliefctl.ledger.persons import check_key, fingerprint

    path = key_path()
    secret = load_key(path)
    with ledger(ctx) as opened:
        recorded = settings.value(opened, settings.PERSON_KEY.name) or None
    if as_json:
        emit_json({"path": str(path), "fingerprint": fingerprint(secret), "ledger": recorded})
    else:
        tell(ctx, "key.shown", fingerprint=fingerprint(secret), path=str(path))
        if recorded:
            tell(ctx, "key.ledger", fingerprint=recorded)
        else:
            tell(ctx, "key.ledger_none")
    check_key(recorded, secret)


def register(app: typer.Typer) -> None:
    app.add_typer(key_app, name="key")
