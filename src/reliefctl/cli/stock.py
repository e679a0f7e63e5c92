"""Locations and the stock movements that are neither purchases nor deliveries.

``location add``/``location list``; ``receive`` (R-), ``transfer`` (T-), ``writeoff`` (W-) and
``count`` (C-). Each parses what the clerk typed, posts one entry through
``reliefctl.ledger.movements`` and prints one confirmation naming the location (or one JSON
object with ``--json``); JSON keeps the codes (``donation``, ``expired``), lines say the words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import (
    AMOUNT_HELP,
    DATE_HELP,
    FormatOption,
    check_format,
    emit_json,
    goods,
    money,
    optional_name,
    optional_note,
    optional_text,
    packed,
    parse_day,
    tell,
    words,
)
from reliefctl.cli.context import ledger
from reliefctl.cli.master import ForceOption, confirm_added
from reliefctl.cli.record import AtOption, JsonOption, NoteOption, RefOption, record
from reliefctl.errors import Phrase, Term
from reliefctl.ledger import parse
from reliefctl.messages import Raw

if TYPE_CHECKING:
    from reliefctl.ledger.requests import MovedLine, Posted

location_app = typer.Typer(
    help="Locations where stock is held: the warehouse and the union service stations.",
    no_args_is_help=True,
)

ItemsOption = Annotated[
    list[str],
    typer.Option("--item", help="ITEM=QTY, e.g. 酸奶=20; repeat for each item."),
]


@location_app.command("add")
def location_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Location name, e.g. 第3工会服务站.")],
    township: Annotated[
        str | None, typer.Option("--township", help="The township the station serves, if any.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Add a location where stock is held. Adding an existing one changes nothing."""
    clean = parse.clean_name(name, "name")
    town = optional_name(township, "township")
    posted = record(ctx, lambda poster: poster.add_location(clean, town, force=force))
    serves = Phrase("done.location_serves", township=town) if town else ""
    confirm_added(ctx, posted, "done.what_location", name=clean, township=serves)


@location_app.command("list")
def location_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List locations, the township each serves, and which is the default."""
    from reliefctl.ledger.session import Session
    from reliefctl.render.console import print_rows

    fmt = check_format(fmt)
    with ledger(ctx) as opened:
        found = opened.query(
            "SELECT l.id, l.name, t.name FROM locations l "
            "LEFT JOIN townships t ON t.id = l.township_id ORDER BY l.id"
        )
        default = Session(opened).location_id(None)
    records = [
        {"location": name, "township": town, "default": int(lid) == default}
        for lid, name, town in found
    ]
    if fmt == "json":
        emit_json(records)
        return
    headings = [words(ctx, f"view.{key}") for key in ("location", "township", "default")]
    yes = words(ctx, "view.is_default")
    print_rows(
        headings,
        [[r["location"], r["township"] or "", yes if r["default"] else ""] for r in records],
    )


def _goods(lines: list[MovedLine]) -> list[Phrase]:
    return [goods(line) for line in lines]


def _duplicate(ctx: typer.Context, posted: Posted, ref: str | None) -> None:
    tell(ctx, "done.duplicate_ref", entry=posted.entry_id, ref=ref)


def _lines_json(lines: list[MovedLine], *, valued: bool = True) -> list[dict[str, Any]]:
    out = []
    for line in lines:
        shown: dict[str, Any] = {"item": line.item, "qty": line.qty}
        if valued:
            shown["value"] = money(line.value_fen)
        shown["qty_text"] = line.qty_text  # null: written in base units (always present)
        out.append(shown)
    return out


def receive(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    item: Annotated[str, typer.Option("--item", help="Item received (see reliefctl item list).")],
    qty: Annotated[str, typer.Option("--qty", help="Whole quantity, e.g. 500 or 500桶.")],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="donation (捐赠), allotted (下拨: by a higher body) or return (退回: goods "
            "coming back from a delivery, with --of).",
        ),
    ],
    giver: Annotated[
        str | None, typer.Option("--giver", help="Who gave or allotted the goods.")
    ] = None,
    value: Annotated[
        str | None,
        typer.Option(
            "--value",
            help="The value at which the goods enter stock, in all (0 allowed, given "
            "explicitly). " + AMOUNT_HELP,
        ),
    ] = None,
    unit_value: Annotated[
        str | None,
        typer.Option("--unit-value", help="The value of one unit (instead of --value)."),
    ] = None,
    of: Annotated[
        str | None,
        typer.Option("--of", help="A return: the delivery (S-...) the goods come back from."),
    ] = None,
    at: AtOption = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record goods received without a purchase: donated, allotted, or returned (R-...).
    No fund is charged; a return lowers the township's goods value by what came back."""
    from reliefctl.ledger.movements import source_code
    from reliefctl.ledger.requests import ReceiptRequest

    code = source_code(source, "source")
    request = ReceiptRequest(
        date=parse_day(date, "date"),
        item=parse.clean_name(item, "item"),
        qty=parse.parse_counted(qty, "qty"),
        source=code,
        giver=optional_text(giver, "giver"),
        value_fen=None if value is None else parse.parse_amount(value, "value", allow_zero=True),
        unit_value=None
        if unit_value is None
        else parse.parse_unit_price(unit_value, "unit_value", allow_zero=True),
        of=None if of is None else parse.parse_entry_id(of, "of"),
        at=optional_name(at, "at"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(
        ctx, lambda poster: poster.receive(request), ref=request.ref, dated=(date, "date")
    )
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "receipt",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "item": request.item,
                "qty": posted.detail["qty"],
                "value": None if posted.duplicate else money(posted.amount_fen),
                "source": code,
                "giver": request.giver,
                "of": request.of,
                "location": posted.location,
                "ref": request.ref,
                "qty_text": (posted.detail["line"].qty_text if "line" in posted.detail else None),
            }
        )
        return
    if posted.duplicate:
        _duplicate(ctx, posted, request.ref)
        return
    line: MovedLine = posted.detail["line"]
    if code == "return":
        said = packed(
            "done.returned",
            line.qty_text,
            entry=posted.entry_id,
            item=line.item,
            qty=line.qty,
            unit=line.unit,
            shipment=request.of,
            location=posted.location,
            amount=posted.amount_fen,
        )
        tell(ctx, said.key, **said.params)
        return
    said = packed(
        "done.received",
        line.qty_text,
        entry=posted.entry_id,
        item=line.item,
        qty=line.qty,
        unit=line.unit,
        location=posted.location,
        source=Term(f"source.{code}"),
        giver=Phrase("done.received_from", giver=request.giver) if request.giver else "",
        amount=posted.amount_fen,
    )
    tell(ctx, said.key, **said.params)


def transfer(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    source: Annotated[str, typer.Option("--from", help="Location the goods leave.")],
    destination: Annotated[str, typer.Option("--to", help="Location the goods go to.")],
    item: ItemsOption,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record goods moved between locations (T-...): quantities move, value does not."""
    from reliefctl.ledger.requests import TransferRequest

    request = TransferRequest(
        date=parse_day(date, "date"),
        source=parse.clean_name(source, "from"),
        destination=parse.clean_name(destination, "to"),
        lines=[parse.parse_item_spec(spec, "item") for spec in item],
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(
        ctx, lambda poster: poster.transfer(request), ref=request.ref, dated=(date, "date")
    )
    moved: list[MovedLine] = posted.detail.get("moved", [])
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "transfer",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "from": posted.location,
                "to": posted.detail.get("to", request.destination),
                "lines": _lines_json(moved, valued=False),
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        _duplicate(ctx, posted, request.ref)
        return
    tell(
        ctx,
        "done.transferred",
        entry=posted.entry_id,
        goods=_goods(moved),
        source=posted.location,
        destination=posted.detail["to"],
    )


def writeoff(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    item: ItemsOption,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="expired (过期), damaged (损坏), lost (丢失), stolen (被盗) or other (其他).",
        ),
    ],
    at: AtOption = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record goods lost (W-...), valued at the item's average cost: a loss, never a
    township's spend."""
    from reliefctl.ledger.movements import reason_code
    from reliefctl.ledger.requests import WriteoffRequest

    code = reason_code(reason, "reason")
    request = WriteoffRequest(
        date=parse_day(date, "date"),
        lines=[parse.parse_item_spec(spec, "item") for spec in item],
        reason=code,
        at=optional_name(at, "at"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(
        ctx, lambda poster: poster.writeoff(request), ref=request.ref, dated=(date, "date")
    )
    moved: list[MovedLine] = posted.detail.get("moved", [])
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "writeoff",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "location": posted.location,
                "reason": code,
                "value": None if posted.duplicate else money(posted.amount_fen),
                "lines": _lines_json(moved),
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        _duplicate(ctx, posted, request.ref)
        return
    tell(
        ctx,
        "done.written_off",
        entry=posted.entry_id,
        location=posted.location,
        reason=Term(f"reason.{code}"),
        goods=_goods(moved),
        amount=posted.amount_fen,
    )


def count(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    item: Annotated[
        list[str],
        typer.Option("--item", help="ITEM=QTY counted, e.g. 酸奶=18 (0 when none is left)."),
    ],
    at: AtOption = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a stocktake (C-...): the difference from the books is posted as a count gain or
    loss at average cost, and the days before it are closed for those items there."""
    from reliefctl.ledger.requests import CountRequest

    request = CountRequest(
        date=parse_day(date, "date"),
        lines=[parse.parse_item_spec(spec, "item", allow_zero=True) for spec in item],
        at=optional_name(at, "at"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(
        ctx, lambda poster: poster.count(request), ref=request.ref, dated=(date, "date")
    )
    moved: list[MovedLine] = posted.detail.get("moved", [])
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "count",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "location": posted.location,
                "lines": [
                    {
                        "item": line.item,
                        "counted": line.counted_qty,
                        "book": line.book_qty,
                        "difference": line.qty,
                        "value": money(line.value_fen),
                    }
                    for line in moved
                ],
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        _duplicate(ctx, posted, request.ref)
        return
    separator = words(ctx, "word.clause_sep")
    parts = []
    for line in moved:
        if line.qty > 0:
            difference: Phrase = Phrase("done.count_gain", qty=line.qty, amount=line.value_fen)
        elif line.qty < 0:
            difference = Phrase("done.count_loss", qty=-line.qty, amount=-line.value_fen)
        else:
            difference = Phrase("done.count_even")
        said = packed(
            "done.count_line",
            line.qty_text,
            item=line.item,
            counted=line.counted_qty,
            unit=line.unit,
            book=line.book_qty,
            difference=difference,
        )
        parts.append(words(ctx, said.key, **said.params))
    tell(
        ctx,
        "done.counted",
        entry=posted.entry_id,
        location=posted.location,
        lines=Raw(separator.join(parts)),
    )


def register(app: typer.Typer) -> None:
    app.command()(receive)
    app.command()(transfer)
    app.command()(writeoff)
    app.command()(count)
