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
from reliefctl.cli.context import ledger, options
from reliefctl.errors import Phrase
from reliefctl.ledger import parse
from reliefctl.messages import Raw

if TYPE_CHECKING:
    from reliefctl.ledger.persons import RecipientList
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
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Location the goods are at. Default: $RELIEFCTL_LOCATION, else the ledger's "
        "default location (reliefctl config show).",
        show_default=False,
    ),
]


def record(
    ctx: typer.Context,
    action: Any,
    *,
    ref: str | None = None,
    dated: tuple[str, str] | None = None,
) -> Any:
    """Post ``action`` in one write transaction on this command's ledger; what it returned.

    ``dated`` is the date as typed and its field: refused if it is after today in the ledger's
    time zone (the message quotes it as typed), before anything is posted.
    The ids of what was committed are kept on the context, so a confirmation that cannot be
    printed never hides that the entry was recorded.
    """
    from reliefctl.ledger.posting import Poster, post

    outcome = options(ctx)
    if ref is not None:
        outcome.refs.append(ref)

    def checked(poster: Poster) -> Any:
        if dated is not None:
            parse.parse_date(dated[0], dated[1], today=poster.clock.today())
        return action(poster)

    with ledger(ctx) as opened:
        return post(opened, checked, on_commit=outcome.committed.extend)


def _written(qty_text: str | None) -> dict[str, str | None]:
    """The JSON key ``qty_text``: the quantity as written in packs, ``null`` when it was written
    in base units (a new key, always present, as every key added to a contract is)."""
    return {"qty_text": qty_text}


def _duplicate_line(ctx: typer.Context, posted: Posted, ref: str | None) -> None:
    tell(ctx, "done.duplicate_ref", entry=posted.entry_id, ref=ref)


def _opened_notes(ctx: typer.Context, posted: Posted) -> str:
    notes = []
    if posted.opened_batch is not None:
        notes.append(words(ctx, "done.opened_batch", batch=posted.opened_batch))
    if posted.opened_group is not None:
        notes.append(words(ctx, "done.opened_group", group=posted.opened_group))
    separator = words(ctx, "word.clause_sep")
    return (separator + separator.join(notes)) if notes else ""


def optional_count(text: str | None, field: str) -> int | None:
    """A whole count as ``parse_people`` reads it, or None when the option was not given."""
    return None if text is None else parse.parse_people(text, field)


def _reach_notes(
    ctx: typer.Context,
    people: str | None,
    households: int | None,
    listing: RecipientList | None = None,
) -> str:
    """What follows "N 人次" in a confirmation: that ``--people`` was not given (so a
    forgotten figure shows at once; with a list, the persons on it are counted instead), the
    household-times when given, and the persons named on the list."""
    notes = ""
    if people is None and listing is None:
        notes += words(ctx, "done.people_not_given")
    if households is not None:
        notes += words(ctx, "done.households", households=households)
    if listing is not None:
        notes += words(ctx, "done.recipients", count=len(listing.recipients), source=listing.source)
    return notes


RecipientsOption = Annotated[
    str | None,
    typer.Option(
        "--recipients",
        help="CSV or xlsx list of the persons reached by name: a name and a 身份证号, staff "
        "number (with employer) or phone per row; optional household. Stored only as keyed "
        "hashes and masked names (reliefctl key init). Without --people, they are counted.",
        show_default=False,
    ),
]


def read_recipients(
    ctx: typer.Context, file: str | None, each_fen: int | None = None
) -> RecipientList | None:
    """The list of ``--recipients``, read, checked and hashed before the write lock."""
    if file is None:
        return None
    import sys

    from reliefctl.cli.context import lang_of
    from reliefctl.cli.errors import problem_lines
    from reliefctl.errors import InputError, RecipientsMalformed, RecipientsRejected
    from reliefctl.io.files import path_option
    from reliefctl.io.personkey import load_key
    from reliefctl.io.tables import open_table
    from reliefctl.ledger.recipients import read_list

    path = path_option(file, "recipients")
    assert path is not None
    secret = load_key()
    try:
        source = open_table(path, "recipients")
    except InputError as exc:
        exc.params["field"] = "recipients"
        raise
    try:
        return read_list(
            source.header,
            source.rows,
            source=file,
            secret=secret,
            each_fen=each_fen,
            header_sheet=source.header_sheet,
            issues=source.issues,
        )
    except (RecipientsRejected, RecipientsMalformed) as exc:
        for line in problem_lines(exc, file, lang_of(ctx)):
            sys.stderr.write(line + "\n")
        raise
    finally:
        source.close()


def buy(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    item: Annotated[str, typer.Option("--item", help="Item bought (see reliefctl item list).")],
    qty: Annotated[
        str,
        typer.Option(
            "--qty",
            help="Whole quantity: 120000, 12万, １２００００, or with the item's unit: 12万个.",
        ),
    ],
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
    at: AtOption = None,
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
        qty=parse.parse_counted(qty, "qty"),
        unit_price=None if unit_price is None else parse.parse_unit_price(unit_price, "unit_price"),
        total_fen=None if total is None else parse.parse_amount(total, "total"),
        supplier=optional_text(supplier, "supplier"),
        fund=optional_name(fund, "fund"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
        at=optional_name(at, "at"),
    )
    posted = record(ctx, lambda poster: poster.buy(request), ref=request.ref, dated=(date, "date"))
    bought: int = posted.detail["qty"]
    if as_json:
        emit_json(
            {
                "id": posted.entry_id,
                "kind": "purchase",
                "duplicate": posted.duplicate,
                "date": request.date.isoformat(),
                "item": request.item,
                "qty": bought,
                "total": money(posted.amount_fen),
                "exact_total": None if posted.exact_total is None else str(posted.exact_total),
                "fund": request.fund,
                "ref": request.ref,
                "location": posted.location,
                **_written(posted.detail.get("qty_text")),
            }
        )
        return
    if posted.duplicate:
        _duplicate_line(ctx, posted, request.ref)
        return
    rounding: Phrase | None = None
    charged: Phrase | None = None
    if posted.exact_total is not None:
        rounding = Phrase(
            "done.bought_rounding",
            unit_price=str(request.unit_price),
            qty=bought,
            exact=str(posted.exact_total),
        )
    if request.fund:
        charged = Phrase("done.charged_to", fund=request.fund)
    said = packed(
        "done.bought",
        posted.detail.get("qty_text"),
        entry=posted.entry_id,
        item=request.item,
        qty=bought,
        amount=posted.amount_fen,
        rounding=rounding,
        fund=charged,
        location=posted.location,
        **({} if posted.detail.get("qty_text") is None else {"unit": posted.detail["unit"]}),
    )
    tell(ctx, said.key, **said.params)


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
        str | None, typer.Option("--people", help="Person-times (人次) reached by this delivery.")
    ] = None,
    households: Annotated[
        str | None,
        typer.Option("--households", help="Household-times (户次) reached by this delivery."),
    ] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="Who it reached (一线医护人员, 隔离群众 …).")
    ] = None,
    ref: RefOption = None,
    note: NoteOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Location the goods leave from. Default: $RELIEFCTL_LOCATION, else the "
            "ledger's default location.",
            show_default=False,
        ),
    ] = None,
    recipients: RecipientsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a delivery of goods to a township or unit in a batch (valued at average cost)."""
    from reliefctl.ledger.claims import people_of
    from reliefctl.ledger.requests import ShipmentRequest

    listing = read_recipients(ctx, recipients)
    given = None if people is None else parse.parse_people(people, "people")
    request = ShipmentRequest(
        date=parse_day(date, "date"),
        batch=parse.clean_name(batch, "batch"),
        to=parse.clean_name(to, "to"),
        lines=[parse.parse_item_spec(spec, "item") for spec in item],
        people=people_of(given, listing),
        group=optional_name(group, "group"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
        source=optional_name(source, "from"),
        households=optional_count(households, "households"),
        recipients=listing,
    )
    posted = record(ctx, lambda poster: poster.ship(request), ref=request.ref, dated=(date, "date"))
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
                "households": request.households,
                "value": money(posted.amount_fen),
                "lines": [
                    {
                        "item": line.item,
                        "qty": line.qty,
                        "value": money(line.value_fen),
                        **_written(line.qty_text),
                    }
                    for line in posted.lines
                ],
                "ref": request.ref,
                "location": posted.location,
                "recipients": 0 if listing is None else len(listing.recipients),
            }
        )
        return
    if posted.duplicate:
        _duplicate_line(ctx, posted, request.ref)
        return
    tell(
        ctx,
        "done.shipped",
        entry=posted.entry_id,
        batch=request.batch,
        to=request.to,
        goods=[goods(line) for line in posted.lines],
        amount=posted.amount_fen,
        people=request.people,
        opened=Raw(
            _reach_notes(ctx, people, request.households, listing) + _opened_notes(ctx, posted)
        ),
        location=posted.location,
    )


def grant(
    ctx: typer.Context,
    date: Annotated[str, typer.Option("--date", help=DATE_HELP)],
    to: Annotated[str, typer.Option("--to", help="Township or unit that received the cash.")],
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            help="Cash granted. " + AMOUNT_HELP + " With --recipients and --each (or a list "
            "with an amount column) it may be left out: it is then their sum.",
            show_default=False,
        ),
    ] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="Fund it was paid from.")] = None,
    people: Annotated[
        str | None, typer.Option("--people", help="Person-times (人次) reached.")
    ] = None,
    households: Annotated[
        str | None, typer.Option("--households", help="Household-times (户次) reached.")
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="Who it reached.")] = None,
    batch: Annotated[
        str | None, typer.Option("--batch", help="Batch it belongs to, if any.")
    ] = None,
    purpose: Annotated[
        str | None,
        typer.Option(
            "--purpose",
            help="What it is for (慰问金, 生活补贴). Needed with --recipients: nobody receives "
            "a grant with the same purpose twice in one batch (or, without a batch, one month).",
        ),
    ] = None,
    ref: RefOption = None,
    note: NoteOption = None,
    recipients: RecipientsOption = None,
    each: Annotated[
        str | None,
        typer.Option(
            "--each",
            help="With --recipients: the amount each person on the list receives; the grant "
            "is exactly their sum.",
            show_default=False,
        ),
    ] = None,
    allow_repeat: Annotated[
        str | None,
        typer.Option(
            "--allow-repeat",
            help="With --recipients: record it although someone on the list already received "
            "a grant with this purpose in this batch or month; the reason is kept on the entry.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a cash grant to a township or unit (or to named persons: --recipients)."""
    from reliefctl.errors import RecipientsOptionNeedsList
    from reliefctl.ledger.claims import grant_amount, people_of
    from reliefctl.ledger.requests import GrantRequest

    for value, field in ((each, "each"), (allow_repeat, "allow_repeat")):
        if value is not None and recipients is None:
            raise RecipientsOptionNeedsList(field=field)
    each_fen = None if each is None else parse.parse_amount(each, "each")
    given_fen = None if amount is None else parse.parse_amount(amount, "amount")
    listing = read_recipients(ctx, recipients, each_fen)
    given = None if people is None else parse.parse_people(people, "people")
    request = GrantRequest(
        date=parse_day(date, "date"),
        to=parse.clean_name(to, "to"),
        amount_fen=grant_amount(given_fen, listing),
        fund=optional_name(fund, "fund"),
        people=people_of(given, listing),
        group=optional_name(group, "group"),
        batch=optional_name(batch, "batch"),
        purpose=optional_note(purpose, "purpose"),
        ref=optional_text(ref, "ref", parse.MAX_REF_LENGTH),
        note=optional_note(note),
        households=optional_count(households, "households"),
        recipients=listing,
        allow_repeat=None if allow_repeat is None else optional_note(allow_repeat, "allow_repeat"),
    )
    posted = record(
        ctx, lambda poster: poster.grant(request), ref=request.ref, dated=(date, "date")
    )
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
                "households": request.households,
                "batch": request.batch,
                "new_batch": posted.opened_batch is not None,
                "ref": request.ref,
                "purpose": request.purpose,
                "recipients": 0 if listing is None else len(listing.recipients),
                "allow_repeat": request.allow_repeat,
            }
        )
        return
    if posted.duplicate:
        _duplicate_line(ctx, posted, request.ref)
        return
    tell(
        ctx,
        "done.granted",
        entry=posted.entry_id,
        amount=request.amount_fen,
        to=request.to,
        fund=Phrase("done.granted_from", fund=request.fund) if request.fund else None,
        people=request.people,
        opened=Raw(
            _reach_notes(ctx, people, request.households, listing) + _opened_notes(ctx, posted)
        ),
    )


def void(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(help="The entry to reverse, e.g. S-000123.")],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help="Why (kept with the void, shown to auditors, and published as the "
            "correction on the public page of reliefctl publish: write no names).",
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Reverse a purchase, shipment, grant, allocation, receipt, transfer, write-off or count
    with a reason (nothing is ever edited or deleted)."""
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
    tell(
        ctx,
        "done.voided",
        entry=posted.entry_id,
        target=posted.voided_entry_id,
        amount=abs(posted.amount_fen),
        reason=request.reason,
    )


def register(app: typer.Typer) -> None:
    app.command()(buy)
    app.command()(ship)
    app.command()(grant)
    app.command()(void)
