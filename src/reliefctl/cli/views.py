"""Read-only views: ``stock``, ``funds``, ``log`` and ``show``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from reliefctl.cli.common import (
    DATE_HELP,
    check_format,
    emit_json,
    emit_records,
    money,
    optional_name,
    optional_text,
    words,
)
from reliefctl.cli.context import lang_of, ledger, options

TableFormatOption = Annotated[
    str,
    typer.Option("--format", help="table, json or csv (UTF-8 with BOM, for Excel)."),
]
VIEW_FORMATS = ("table", "json", "csv")

#: Columns of each view's JSON objects and CSV, in order (the README documents them).
STOCK_COLUMNS = (
    "item",
    "unit",
    "qty",
    "value",
    "bought_qty",
    "bought_value",
    "shipped_qty",
    "shipped_value",
    "received_qty",
    "received_value",
    "written_off_qty",
    "written_off_value",
    "count_gain_qty",
    "count_gain_value",
    "count_loss_qty",
    "count_loss_value",
)
#: Issue 13: the quantity in the item's largest pack (545箱), a last column (and JSON key) of
#: ``stock``: always there, null (blank) for an item without a pack.
PACKS_COLUMN = "qty_packs"
#: Columns of ``stock --by location`` and ``stock --at LOCATION``.
LOCATION_STOCK_COLUMNS = ("location", "item", "unit", "qty", "value")
FUND_COLUMNS = ("fund", "budget", "spent", "remaining", "purchases", "grants")
LOG_COLUMNS = (
    "id",
    "kind",
    "date",
    "recorded_at",
    "operator",
    "summary",
    "amount",
    "people",
    "ref",
    "note",
    "voided_by",
)
UntilOption = Annotated[
    str | None,
    typer.Option("--until", help="As at the end of this date (inclusive). " + DATE_HELP),
]


def _headings(ctx: typer.Context, columns: tuple[str, ...]) -> list[str] | None:
    """The CSV headings in the chosen language when ``--lang`` was given explicitly; else None
    (the JSON keys, which scripts read by name, stay the headings)."""
    if not options(ctx).lang_explicit:
        return None
    return [words(ctx, f"column.{column}") for column in columns]


def stock(
    ctx: typer.Context,
    fmt: TableFormatOption = "table",
    at: Annotated[
        str | None,
        typer.Option("--at", help="Only this location: every item, its quantity and value there."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="location: what each location holds, item by item."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="As at the end of this date (entries dated on or before it)."),
    ] = None,
) -> None:
    """Stock on hand per item: quantity and value at cost (bought and received minus delivered,
    written off and counted short); per location with --by location or --at."""
    from reliefctl.ledger.period import Period
    from reliefctl.reports.ledger_views import stock as stock_rows

    fmt = check_format(fmt, VIEW_FORMATS)
    if by is not None and by != "location":
        from reliefctl.errors import OneOf, UnknownFormat

        raise UnknownFormat(field="by", value=by, allowed=OneOf(("location",)))
    day = None if until is None else Period.parse(None, until).until
    if at is not None or by is not None:
        _stock_by_location(ctx, fmt, at, day)
        return
    with ledger(ctx) as opened:
        rows = stock_rows(opened, day)
    if fmt != "table":
        columns = _with_packs(STOCK_COLUMNS, rows)
        emit_records(
            fmt,
            [
                _packs_key(
                    {
                        "item": r.item,
                        "unit": r.unit,
                        "qty": r.qty,
                        "value": money(r.value_fen),
                        "bought_qty": r.bought_qty,
                        "bought_value": money(r.bought_fen),
                        "shipped_qty": r.shipped_qty,
                        "shipped_value": money(r.shipped_fen),
                        "received_qty": r.received_qty,
                        "received_value": money(r.received_fen),
                        "written_off_qty": r.written_off_qty,
                        "written_off_value": money(r.written_off_fen),
                        "count_gain_qty": r.count_gain_qty,
                        "count_gain_value": money(r.count_gain_fen),
                        "count_loss_qty": r.count_loss_qty,
                        "count_loss_value": money(r.count_loss_fen),
                    },
                    r.qty_packs,
                    columns,
                )
                for r in rows
            ],
            columns,
            _headings(ctx, columns),
        )
        return
    from reliefctl.render.console import stock_table

    stock_table(rows, lang_of(ctx))


def _with_packs(columns: tuple[str, ...], rows: Any) -> tuple[str, ...]:
    """``columns``, and ``PACKS_COLUMN`` after them: always (a key added to a contract is always
    present), its value None where the item has no pack or less than one is on hand."""
    return (*columns, PACKS_COLUMN)


def _packs_key(
    record: dict[str, Any], qty_packs: str | None, columns: tuple[str, ...]
) -> dict[str, Any]:
    if PACKS_COLUMN in columns:
        record[PACKS_COLUMN] = qty_packs
    return record


def _stock_by_location(ctx: typer.Context, fmt: str, at: str | None, day: str | None) -> None:
    from reliefctl.ledger import parse
    from reliefctl.ledger.books import MasterData
    from reliefctl.reports.ledger_views import stock_by_location

    with ledger(ctx) as opened:
        wanted = None
        if at is not None:
            wanted = MasterData(opened).location(parse.clean_name(at, "at"), "at")
        rows = stock_by_location(opened, day, wanted)
    if fmt != "table":
        columns = _with_packs(LOCATION_STOCK_COLUMNS, rows)
        emit_records(
            fmt,
            [
                _packs_key(
                    {
                        "location": r.location,
                        "item": r.item,
                        "unit": r.unit,
                        "qty": r.qty,
                        "value": money(r.value_fen),
                    },
                    r.qty_packs,
                    columns,
                )
                for r in rows
            ],
            columns,
            _headings(ctx, columns),
        )
        return
    from reliefctl.render.console import location_stock_table

    location_stock_table(rows, lang_of(ctx))


def show_funds(ctx: typer.Context, fmt: str, until: str | None = None) -> None:
    from reliefctl.ledger.period import Period
    from reliefctl.reports.ledger_views import funds as fund_rows

    day = Period.parse(None, until).until
    with ledger(ctx) as opened:
        rows = fund_rows(opened, day)
    if fmt != "table":
        emit_records(
            fmt,
            [
                {
                    "fund": r.fund,
                    "budget": money(r.budget_fen),
                    "spent": money(r.spent_fen),
                    "remaining": money(r.remaining_fen),
                    "purchases": money(r.purchases_fen),
                    "grants": money(r.grants_fen),
                }
                for r in rows
            ],
            FUND_COLUMNS,
            _headings(ctx, FUND_COLUMNS),
        )
        return
    from reliefctl.render.console import funds_table

    funds_table(rows, lang_of(ctx))


def funds(ctx: typer.Context, fmt: TableFormatOption = "table", until: UntilOption = None) -> None:
    """Budget, spent (purchases and grants charged to it) and remaining, per fund; with
    --until, as at the end of that date (budget: undated allocations and those dated by then)."""
    show_funds(ctx, check_format(fmt, VIEW_FORMATS), until)


def log(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (inclusive). " + DATE_HELP)
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to and including this date.")
    ] = None,
    fmt: TableFormatOption = "table",
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Only entries of this kind: purchase, shipment, grant, void, allocation, "
            "setting or master (repeatable).",
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Only deliveries and grants to this place (a township includes its units)."
        ),
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", help="Only purchases and deliveries of this item.")
    ] = None,
    fund: Annotated[
        str | None,
        typer.Option("--fund", help="Only purchases, grants and allocations of this fund."),
    ] = None,
    batch: Annotated[
        str | None, typer.Option("--batch", help="Only deliveries and grants of this batch.")
    ] = None,
    group: Annotated[
        str | None,
        typer.Option("--group", help="Only deliveries and grants to this beneficiary group."),
    ] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="Only entries with this ref.")] = None,
    operator: Annotated[
        str | None, typer.Option("--operator", help="Only entries recorded by this operator.")
    ] = None,
) -> None:
    """Entries by event date, in the order they were recorded (newest last), voids marked.

    Filters combine (every one given must hold); a void is shown with what it reverses."""
    from reliefctl.ledger.period import Period
    from reliefctl.reports.ledger_views import KIND_WORDS, LogFilter
    from reliefctl.reports.ledger_views import log as log_rows

    wanted = LogFilter(
        kinds=tuple(_kind_letter(k) for k in kind or ()),
        to=optional_name(to, "to"),
        item=optional_name(item, "item"),
        fund=optional_name(fund, "fund"),
        batch=optional_name(batch, "batch"),
        group=optional_name(group, "group"),
        ref=optional_text(ref, "ref"),
        operator=optional_name(operator, "operator"),
    )
    fmt = check_format(fmt, VIEW_FORMATS)
    period = Period.parse(since, until)
    with ledger(ctx) as opened:
        rows = log_rows(opened, period, wanted)
    if fmt != "table":
        # JSON values never change with the language; a CSV for people follows an explicit
        # --lang, like its headings.
        explicit = fmt == "csv" and options(ctx).lang_explicit
        summary_lang = lang_of(ctx) if explicit else "en"
        emit_records(
            fmt,
            [
                {
                    "id": r.id,
                    "kind": KIND_WORDS[r.kind],
                    "date": r.date,
                    "recorded_at": r.recorded_at,
                    "operator": r.operator,
                    "summary": r.summary(summary_lang),
                    "amount": None if r.amount_fen is None else money(r.amount_fen),
                    "people": r.people,
                    "ref": r.ref,
                    "note": r.note,
                    "voided_by": r.voided_by,
                }
                for r in rows
            ],
            LOG_COLUMNS,
            _headings(ctx, LOG_COLUMNS),
        )
        return
    from reliefctl.render.console import log_table

    log_table(rows, lang_of(ctx))


ShowFormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def show(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(help="The entry to show, e.g. S-000123.")],
    fmt: ShowFormatOption = "table",
) -> None:
    """One entry whole: kind, dates, who recorded it and when, every line with quantity and
    value, fund, place, batch, group, ref, note, its hash and the previous hash, and what
    voided it (or what it voids)."""
    from reliefctl.ledger import parse
    from reliefctl.reports.ledger_views import KIND_WORDS, SHOW_MONEY, entry_detail

    fmt = check_format(fmt, ("table", "json"))
    wanted = parse.parse_entry_id(entry_id)
    with ledger(ctx) as opened:
        detail = entry_detail(opened, wanted)
    if fmt == "json":
        rows = []
        for table, row in detail.rows:
            shown = {
                name: money(value) if name in SHOW_MONEY and isinstance(value, int) else value
                for name, value in row.items()
            }
            if isinstance(row.get("item"), str) and "qty" in row:
                shown["item_unit"] = detail.units.get(str(row["item"]))
            rows.append({"table": table, **shown})
        emit_json(
            {
                "id": detail.id,
                "seq": detail.seq,
                "kind": KIND_WORDS.get(detail.kind, detail.kind),
                "date": detail.date,
                "recorded_at": detail.recorded_at,
                "operator": detail.operator,
                "ref": detail.ref,
                "note": detail.note,
                "hash": detail.hash,
                "prev_hash": detail.prev_hash,
                "previous": detail.previous,
                "voids": detail.voids,
                "voided_by": detail.voided_by,
                "void_reason": detail.void_reason,
                "rows": rows,
            }
        )
        return
    from reliefctl.render.console import entry_view

    entry_view(detail, lang_of(ctx))


def _kind_letter(text: str) -> str:
    """A kind given to ``log --kind``: its word (purchase …) or its letter (P …)."""
    from reliefctl.errors import UnknownEntryKind
    from reliefctl.reports.ledger_views import KIND_LETTERS, KIND_WORDS

    cleaned = text.strip()
    if cleaned.lower() in KIND_LETTERS:
        return KIND_LETTERS[cleaned.lower()]
    if cleaned.upper() in KIND_WORDS:
        return cleaned.upper()
    raise UnknownEntryKind(field="kind", value=text, kinds=", ".join(KIND_LETTERS))


def register(app: typer.Typer) -> None:
    app.command()(stock)
    app.command()(funds)
    app.command()(log)
    app.command()(show)
