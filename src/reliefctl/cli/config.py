"""Ledger settings: ``reliefctl config show`` and ``reliefctl config set NAME VALUE``.

The settings belong to the ledger (``reliefctl.ledger.settings``); each change is a chained
entry of kind ``L`` (``reliefctl.ledger.configure``), so who changed what and when is on record.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from reliefctl.cli.common import emit_json, tell, words
from reliefctl.cli.context import ledger
from reliefctl.cli.record import JsonOption, record

config_app = typer.Typer(
    help="Ledger settings (the time zone): shown, and changed as entries on record.",
    no_args_is_help=True,
)


@config_app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the settings as JSON (a list of objects).")
    ] = False,
) -> None:
    """List the ledger's settings: each value, and the entry that set it (who and when)."""
    from reliefctl.ledger.settings import current

    with ledger(ctx) as opened:
        values = list(current(opened).values())
    if as_json:
        emit_json(
            [
                {
                    "name": v.name,
                    "value": v.value,
                    "on_record": v.on_record,
                    "entry": v.entry_id,
                    "operator": v.operator,
                    "recorded_at": v.recorded_at,
                }
                for v in values
            ]
        )
        return
    from reliefctl.render.console import print_rows

    headers = [
        words(ctx, f"setting.heading.{key}") for key in ("name", "value", "entry", "by", "at")
    ]
    print_rows(
        headers,
        [
            [
                v.name,
                v.value,
                v.entry_id or words(ctx, "setting.not_on_record"),
                v.operator or "",
                v.recorded_at or "",
            ]
            for v in values
        ],
    )


@config_app.command("set")
def set_(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The setting: tz.", show_default=False)],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="Its new value; tz: an IANA time zone name, e.g. Asia/Shanghai.",
            show_default=False,
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Change a ledger setting: recorded as a new entry (L-000002 ...), with who and when.
    Setting the value it already has records nothing."""
    from reliefctl.ledger.configure import VALUE_FIELD
    from reliefctl.ledger.settings import setting

    chosen = setting(name)
    chosen.parse(value, VALUE_FIELD)  # refused before the ledger is opened
    change: Any = record(ctx, lambda poster: poster.set_setting(chosen.name, value))
    before = change.before.value if change.before is not None else None
    if as_json:
        emit_json(
            {
                "id": change.entry_id,
                "kind": "setting",
                "name": change.name,
                "value": change.value,
                "before": before,
                "unchanged": change.unchanged,
            }
        )
        return
    if change.unchanged:
        tell(ctx, "setting.unchanged", name=change.name, value=change.value, entry=change.entry_id)
    elif before is None:
        tell(ctx, "setting.set_first", entry=change.entry_id, name=change.name, value=change.value)
    else:
        tell(
            ctx,
            "setting.set",
            entry=change.entry_id,
            name=change.name,
            value=change.value,
            before=before,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
