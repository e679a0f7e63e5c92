"""Kits: ``kit add``/``kit list``, ``assemble`` (A-) and ``disassemble`` (D-).

Each command parses what the clerk typed, posts one entry through ``reliefctl.ledger.kits``
and prints one confirmation (or one JSON object with ``--json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import (
    DATE_HELP,
    FormatOption,
    check_format,
    emit_json,
    money,
    optional_name,
    optional_note,
    optional_text,
    parse_day,
    tell,
    words,
)
from reliefctl.cli.context import ledger
from reliefctl.cli.master import ForceOption, confirm_added
from reliefctl.cli.record import AtOption, JsonOption, NoteOption, RefOption, record
from reliefctl.errors import InputError, Phrase, ReliefError
from reliefctl.ledger import parse

if TYPE_CHECKING:
    from reliefctl.ledger.requests import MovedLine

kit_app = typer.Typer(
    help="Kits: an item that is a bundle of other items (食品礼包, 米面粮油), and its recipe.",
    no_args_is_help=True,
)

KitSpecArgument = Annotated[
    str, typer.Argument(help="KIT=QTY, e.g. 食品礼包=598 (the kit and how many).")
]


@kit_app.command("add")
def kit_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Kit name, e.g. 食品礼包.")],
    unit: Annotated[str, typer.Option("--unit", help="What one kit is counted in: 份, 袋, 箱.")],
    component: Annotated[
        list[str],
        typer.Option(
            "--component",
            help="ITEM=QTY per kit, e.g. 桶面=2; repeat for each component (items, not kits).",
        ),
    ],
    force: ForceOption = False,
) -> None:
    """Add a kit and its recipe (master data). The recipe is never changed: adding the same
    kit again changes nothing, another recipe is refused (a changed recipe is a new kit)."""
    clean = parse.clean_name(name, "name")
    counted_in = parse.clean_name(unit, "unit")
    parts = [_spec(spec, "component") for spec in component]
    try:
        # A quantity in the wrong unit (``桶面=2箱``) is found by the ledger, which knows units.
        posted = record(ctx, lambda poster: poster.add_kit(clean, counted_in, parts, force=force))
    except ReliefError as exc:
        _named(exc, "component")
        raise
    recipe = posted.detail.get("recipe", [])
    confirm_added(ctx, posted, "done.what_kit", name=clean, unit=counted_in, recipe=recipe)


@kit_app.command("list")
def kit_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List kits with their unit and components (the quantity of each per kit)."""
    from reliefctl.render.console import print_rows

    fmt = check_format(fmt)
    with ledger(ctx) as opened:
        found = opened.query(
            "SELECT k.name, k.unit, c.name, c.unit, kc.qty FROM kit_components kc "
            "JOIN items k ON k.id = kc.kit_id JOIN items c ON c.id = kc.component_id "
            "ORDER BY k.id, kc.line_no"
        )
    records = [
        {"kit": kit, "unit": unit, "component": part, "component_unit": part_unit, "qty": qty}
        for kit, unit, part, part_unit, qty in found
    ]
    if fmt == "json":
        emit_json(records)
        return
    headings = [words(ctx, f"view.{key}") for key in ("kit", "unit", "component", "qty_per_kit")]
    print_rows(
        headings,
        [
            [r["kit"], r["unit"], r["component"], f"{r['qty']:,} {r['component_unit']}"]
            for r in records
        ],
    )


def _spec(text: str, field: str) -> tuple[str, parse.Qty]:
    """``ITEM=QTY`` of a ``--component`` (or the KIT=QTY argument): its errors name that."""
    try:
        return parse.parse_item_spec(text, field)
    except InputError as exc:
        _named(exc, field)
        raise


def _named(exc: ReliefError, field: str) -> None:
    """An error on an ITEM=QTY's quantity (``line_qty``, named ``--item 桶面`` by default) as
    the option or argument it came from: ``--component 桶面``, or KIT=QTY."""
    if exc.params.get("field") in ("line_qty", "item_spec"):
        if field == "kit":
            exc.params["field"] = "kit"
        else:
            exc.params["spec_option"] = f"--{field}"


def _goods(lines: list[MovedLine]) -> list[Phrase]:
    return [Phrase("done.goods", item=line.item, qty=line.qty, unit=line.unit) for line in lines]


def _run(
    ctx: typer.Context,
    kind: str,
    spec: str,
    date: str,
    at: str | None,
    ref: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    from reliefctl.ledger.requests import AssemblyRequest

    kit, qty = _spec(spec, "kit")
    request = AssemblyRequest(
        date=parse_day(date, "date"),
        kit=kit,
        qty=qty,
        at=optional_name(at, "at"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    assembling = kind == "assembly"
    try:
        posted = record(
            ctx,
            lambda poster: poster.assemble(request) if assembling else poster.disassemble(request),
            ref=request.ref,
            dated=(date, "date"),
        )
    except ReliefError as exc:
        _named(exc, "kit")  # the kit's quantity in the wrong unit (食品礼包=3箱)
        raise
    moved: list[MovedLine] = posted.detail.get("moved", [])
    if as_json:
        payload: dict[str, Any] = {
            "id": posted.entry_id,
            "kind": kind,
            "duplicate": posted.duplicate,
            "date": request.date.isoformat(),
            "location": posted.location,
            "kit": posted.detail.get("kit", kit),
            "qty": posted.detail.get("qty"),
            "value": None if posted.duplicate else money(posted.amount_fen),
            "components": [
                {"item": line.item, "qty": line.qty, "value": money(line.value_fen)}
                for line in moved
            ],
            "ref": request.ref,
            # The kits' quantity as written when it named a pack (issue 13), else null.
            "qty_text": posted.detail.get("qty_text"),
        }
        emit_json(payload)
        return
    if posted.duplicate:
        tell(ctx, "done.duplicate_ref", entry=posted.entry_id, ref=request.ref)
        return
    said = "done.assembled" if assembling else "done.disassembled"
    written = posted.detail.get("qty_text")
    tell(
        ctx,
        said if written is None else f"{said}_packed",  # 食品礼包 ×30箱 (600 份)
        entry=posted.entry_id,
        kit=posted.detail["kit"],
        qty=posted.detail["qty"],
        unit=posted.detail["unit"],
        location=posted.location,
        goods=_goods(moved),
        amount=posted.amount_fen,
        **({} if written is None else {"text": written}),
    )


def assemble(
    ctx: typer.Context,
    kit: KitSpecArgument,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    at: AtOption = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Assemble kits (A-...): consume their components at the location at average cost; the
    kits enter stock valued at exactly the components' value."""
    _run(ctx, "assembly", kit, date, at, ref, note, as_json)


def disassemble(
    ctx: typer.Context,
    kit: KitSpecArgument,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    at: AtOption = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Take kits apart (D-...): the kits leave at their average cost and the components come
    back, that value split among them by their average cost × quantity."""
    _run(ctx, "disassembly", kit, date, at, ref, note, as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(kit_app, name="kit")
    app.command()(assemble)
    app.command()(disassemble)
