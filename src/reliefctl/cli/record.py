"""Recording commands: ``buy``, ``ship``, ``grant`` and ``void``.

Each parses what the clerk typed (``reliefctl.ledger.parse``), posts one entry through
``reliefctl.ledger.posting`` in one write transaction, and prints a one-line confirmation
(or one JSON object with ``--json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import (
    AMOUNT_HELP,
    DATE_HELP,
    emit_json,
    money,
    money_display,
    optional_name,
    optional_note,
    optional_text,
    parse_day,
    say,
)
from reliefctl.cli.context import ledger, options
from reliefctl.ledger import parse

if TYPE_CHECKING:
    from reliefctl.ledger.requests import Posted

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object instead of a line.")
]
RefOption = Annotated[
    str | None,
    typer.Option(
        "--ref",
        help="Document number (delivery note, invoice). Recording the same ref again with the "
        "same content is a no-op; with different content it is refused.",
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="Free text kept with the entry.")]


def record(ctx: typer.Context, action: Any, *, ref: str | None = None) -> Any:
    """Post ``action`` in one write transaction on this command's ledger; what it returned.

    The ids of what was committed are kept on the context, so a confirmation that cannot be
    printed never hides that the entry was recorded.
    """
    from reliefctl.ledger.posting import post

    outcome = options(ctx)
    if ref is not None:
        outcome.refs.append(ref)
    with ledger(ctx) as opened:
        return post(opened, action, on_commit=outcome.committed.extend)


def _duplicate_line(posted: Posted, ref: str | None) -> str:
    return (
        f"{posted.entry_id} already records ref {ref!r} with the same content; "
        "nothing new was recorded"
    )


def _opened_notes(posted: Posted) -> str:
    notes = []
    if posted.opened_batch is not None:
        notes.append(f"new batch {posted.opened_batch!r} opened")
    if posted.opened_group is not None:
        notes.append(f"new group {posted.opened_group!r} opened")
    return ("; " + "; ".join(notes)) if notes else ""


def buy(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    item: Annotated[str, typer.Option("--item", help="Item bought (see reliefctl item list).")],
    qty: Annotated[str, typer.Option("--qty", help="Whole quantity: 120000, 12万, １２００００.")],
    unit_price: Annotated[
        str | None,
        typer.Option(
            "--unit-price",
            help="Price of one unit in yuan; may have more decimals (0.125); the total is "
            "rounded to the fen and the rounding is stated.",
        ),
    ] = None,
    total: Annotated[
        str | None, typer.Option("--total", help="What was paid in all. " + AMOUNT_HELP)
    ] = None,
    supplier: Annotated[str | None, typer.Option("--supplier", help="Who sold it.")] = None,
    fund: Annotated[
        str | None, typer.Option("--fund", help="Fund charged (refused if it would be overdrawn).")
    ] = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a purchase of goods (give exactly one of --unit-price or --total)."""
    from reliefctl.errors import NeedPriceOrTotal
    from reliefctl.ledger.requests import PurchaseRequest

    if (unit_price is None) == (total is None):
        raise NeedPriceOrTotal(field="unit_price", price_field="unit_price", total_field="total")
    request = PurchaseRequest(
        date=parse_day(date, "date"),
        item=parse.clean_name(item, "item"),
        qty=parse.parse_quantity(qty, "qty"),
        unit_price=None if unit_price is None else parse.parse_unit_price(unit_price, "unit_price"),
        total_fen=None if total is None else parse.parse_amount(total, "total"),
        supplier=optional_text(supplier, "supplier"),
        fund=optional_name(fund, "fund"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(ctx, lambda poster: poster.buy(request), ref=request.ref)
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "purchase",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "item": request.item,
                "qty": request.qty,
                "total": money(posted.amount_fen),
                "exact_total": None if posted.exact_total is None else str(posted.exact_total),
                "fund": request.fund,
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        say(_duplicate_line(posted, request.ref))
        return
    line = (
        f"{posted.entry_id} recorded: bought {request.item} ×{request.qty:,} "
        f"for {money_display(posted.amount_fen)} 元"
    )
    if posted.exact_total is not None:
        line += (
            f" ({request.unit_price} × {request.qty:,} = {posted.exact_total}, rounded to the fen)"
        )
    if request.fund:
        line += f", charged to {request.fund}"
    say(line)


def ship(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    batch: Annotated[
        str,
        typer.Option(
            "--batch", help="Batch label (1, 第一批). A new label opens a new batch, and says so."
        ),
    ],
    to: Annotated[str, typer.Option("--to", help="Township or unit delivered to.")],
    item: Annotated[
        list[str],
        typer.Option(
            "--item", help="ITEM=QTY, e.g. 暖身贴=3万; repeat for each item in the delivery."
        ),
    ],
    people: Annotated[
        str, typer.Option("--people", help="Person-times (人次) reached by this delivery.")
    ] = "0",
    group: Annotated[
        str | None, typer.Option("--group", help="Who it reached (一线医护人员, 隔离群众 …).")
    ] = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a delivery of goods to a township or unit in a batch (valued at average cost)."""
    from reliefctl.ledger.requests import ShipmentRequest

    request = ShipmentRequest(
        date=parse_day(date, "date"),
        batch=parse.clean_name(batch, "batch"),
        to=parse.clean_name(to, "to"),
        lines=[parse.parse_item_spec(spec, "item") for spec in item],
        people=parse.parse_people(people, "people"),
        group=optional_name(group, "group"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(ctx, lambda poster: poster.ship(request), ref=request.ref)
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "shipment",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "batch": request.batch,
                "new_batch": posted.opened_batch is not None,
                "to": request.to,
                "people": request.people,
                "value": money(posted.amount_fen),
                "lines": [
                    {"item": line.item, "qty": line.qty, "value": money(line.value_fen)}
                    for line in posted.lines
                ],
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        say(_duplicate_line(posted, request.ref))
        return
    goods = ", ".join(f"{line.item} ×{line.qty:,} {line.unit}" for line in posted.lines)
    say(
        f"{posted.entry_id} recorded: batch {request.batch} → {request.to}: {goods}, "
        f"valued {money_display(posted.amount_fen)} 元, {request.people:,} 人次"
        f"{_opened_notes(posted)}"
    )


def grant(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    to: Annotated[str, typer.Option("--to", help="Township or unit that received the cash.")],
    amount: Annotated[str, typer.Option("--amount", help="Cash granted. " + AMOUNT_HELP)],
    fund: Annotated[str | None, typer.Option("--fund", help="Fund it was paid from.")] = None,
    people: Annotated[str, typer.Option("--people", help="Person-times (人次) reached.")] = "0",
    group: Annotated[str | None, typer.Option("--group", help="Who it reached.")] = None,
    batch: Annotated[
        str | None, typer.Option("--batch", help="Batch it belongs to, if any.")
    ] = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="What it is for.")] = None,
    ref: RefOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a cash grant to a township or unit."""
    from reliefctl.ledger.requests import GrantRequest

    request = GrantRequest(
        date=parse_day(date, "date"),
        to=parse.clean_name(to, "to"),
        amount_fen=parse.parse_amount(amount, "amount"),
        fund=optional_name(fund, "fund"),
        people=parse.parse_people(people, "people"),
        group=optional_name(group, "group"),
        batch=optional_name(batch, "batch"),
        purpose=optional_note(purpose, "purpose"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
    )
    posted = record(ctx, lambda poster: poster.grant(request), ref=request.ref)
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "grant",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "to": request.to,
                "amount": money(request.amount_fen),
                "fund": request.fund,
                "people": request.people,
                "batch": request.batch,
                "new_batch": posted.opened_batch is not None,
                "ref": request.ref,
            }
        )
        return
    if posted.duplicate:
        say(_duplicate_line(posted, request.ref))
        return
    source = f" from {request.fund}" if request.fund else ""
    say(
        f"{posted.entry_id} recorded: {money_display(request.amount_fen)} 元 → {request.to}"
        f"{source}, {request.people:,} 人次{_opened_notes(posted)}"
    )


def void(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(help="The entry to reverse, e.g. S-000123.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why (kept with the void, shown to auditors).")
    ],
    as_json: JsonOption = False,
) -> None:
    """Reverse a purchase, shipment or grant with a reason (nothing is ever edited or deleted)."""
    from reliefctl.ledger.requests import VoidRequest

    request = VoidRequest(parse.parse_entry_id(entry_id), parse.clean_note(reason, "reason"))
    posted = record(ctx, lambda poster: poster.void(request))
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "void",
                "voids": posted.voided_entry_id,
                "reason": request.reason,
                "amount": money(abs(posted.amount_fen)),
            }
        )
        return
    say(
        f"{posted.entry_id} recorded: {posted.voided_entry_id} voided "
        f"({money_display(abs(posted.amount_fen))} 元 reversed); reason: {request.reason}"
    )


def register(app: typer.Typer) -> None:
    app.command()(buy)
    app.command()(ship)
    app.command()(grant)
    app.command()(void)
