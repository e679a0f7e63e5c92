"""Master data: townships, units, items and funds (``reliefctl township add`` …)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import (
    AMOUNT_HELP,
    DATE_HELP,
    FormatOption,
    check_format,
    emit_json,
    money,
    optional_note,
    optional_text,
    parse_day,
    tell,
    warn,
    words,
)
from reliefctl.cli.context import ledger
from reliefctl.cli.record import record
from reliefctl.ledger import parse
from reliefctl.messages import Raw

if TYPE_CHECKING:
    from reliefctl.ledger.requests import AllocationRequest

township_app = typer.Typer(
    help="Townships (镇/街道) that deliveries and grants go to.", no_args_is_help=True
)
unit_app = typer.Typer(
    help="Recipient units inside a township (卫生院, 社区, 执勤点).", no_args_is_help=True
)
item_app = typer.Typer(help="Kinds of goods and the unit each is counted in.", no_args_is_help=True)
fund_app = typer.Typer(
    help="Special funds that purchases and grants are charged to.", no_args_is_help=True
)


ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Add the name even when it looks like one already recorded (高丽营 beside "
        "高丽营镇: one is the other plus or minus 镇, 街道, 乡, 村 or 社区).",
    ),
]


def confirm_added(ctx: typer.Context, posted: Any, what: str, **params: Any) -> None:
    """``what`` (a ``done.what_*`` phrase) was added, or already existed; then one warning
    line per existing name one character apart from the new one."""
    for near in posted.detail.get("near", ()):
        warn(ctx, "master.near_one", **near)
    described = Raw(words(ctx, what, **params))
    if posted.duplicate:
        tell(ctx, "done.master_exists", what=described)
    else:
        tell(ctx, "done.master_added", entry=posted.entry_id, what=described)


def _list(ctx: typer.Context, sql: str, headers: list[str], fmt: str) -> None:
    from reliefctl.render.console import print_rows

    with ledger(ctx) as opened:
        rows = opened.query(sql)
    if fmt == "json":
        emit_json([dict(zip(headers, row, strict=True)) for row in rows])
    else:
        headings = [words(ctx, f"view.{header}") for header in headers]
        print_rows(headings, [[str(v) for v in row] for row in rows])


@township_app.command("add")
def township_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Township name, e.g. 高丽营镇.")],
    force: ForceOption = False,
) -> None:
    """Add a township. Adding an existing one changes nothing."""
    clean = parse.clean_name(name, "name")
    confirm_added(
        ctx,
        record(ctx, lambda poster: poster.add_township(clean, force=force)),
        "done.what_township",
        name=clean,
    )


@township_app.command("list")
def township_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List townships."""
    _list(ctx, "SELECT name FROM townships ORDER BY id", ["township"], check_format(fmt))


@unit_app.command("add")
def unit_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Unit name, e.g. 高丽营镇卫生院.")],
    township: Annotated[str, typer.Option("--township", help="The township it belongs to.")],
    force: ForceOption = False,
) -> None:
    """Add a recipient unit inside a township; its deliveries count for the township."""
    clean = parse.clean_name(name, "name")
    town = parse.clean_name(township, "township")
    posted = record(ctx, lambda poster: poster.add_unit(clean, town, force=force))
    confirm_added(ctx, posted, "done.what_unit", name=clean, township=town)


@unit_app.command("list")
def unit_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List units with their townships."""
    _list(
        ctx,
        "SELECT u.name, t.name FROM units u JOIN townships t ON t.id = u.township_id ORDER BY u.id",
        ["unit", "township"],
        check_format(fmt),
    )


@item_app.command("add")
def item_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Item name, e.g. 暖身贴.")],
    unit: Annotated[str, typer.Option("--unit", help="What one counts in: 个, 袋, 箱, 份.")],
    force: ForceOption = False,
) -> None:
    """Add a kind of goods."""
    clean = parse.clean_name(name, "name")
    counted_in = parse.clean_name(unit, "unit")
    posted = record(ctx, lambda poster: poster.add_item(clean, counted_in, force=force))
    confirm_added(ctx, posted, "done.what_item", name=clean, unit=counted_in)


@item_app.command("pack")
def item_pack(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(help="The item, e.g. 暖身贴.")],
    name: Annotated[str, typer.Argument(help="The pack's name, e.g. 箱 (no digits).")],
    size: Annotated[
        str, typer.Option("--size", help="How many of the item's unit one pack holds, e.g. 240.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Define a pack of an item (箱 holding 240 个), so quantities may be written in it
    (--qty 545箱). A pack's size never changes; defining it again with the same size changes
    nothing."""
    clean_item = parse.clean_name(item, "pack_item")
    pack = parse.check_pack_name(parse.clean_name(name, "pack"), "pack")
    holds = parse.parse_quantity(size, "size")
    posted = record(ctx, lambda poster: poster.add_pack(clean_item, pack, holds))
    detail = posted.detail
    if as_json:
        emit_json(
            {
                "id": posted.entry_id or None,
                "item": detail["item"],
                "pack": pack,
                "size": holds,
                "duplicate": posted.duplicate,
            }
        )
        return
    unit = detail.get("unit", "")
    confirm_added(
        ctx, posted, "done.what_pack", name=pack, item=detail["item"], size=holds, unit=unit
    )


@item_app.command("list")
def item_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List items, their units and their packs."""
    from reliefctl.ledger.books import MasterData
    from reliefctl.render.console import print_rows

    fmt = check_format(fmt)
    with ledger(ctx) as opened:
        rows = opened.query("SELECT id, name, unit FROM items ORDER BY id")
        packs = MasterData(opened).packs
    listed = []
    for item_id, name, unit in rows:
        held = sorted(packs.get(int(item_id), {}).values())
        listed.append((str(name), str(unit), [(pack, size) for _pid, pack, size in held]))
    if fmt == "json":
        emit_json(
            [
                {
                    "item": name,
                    "unit": unit,
                    "packs": [{"name": pack, "size": size} for pack, size in held],
                }
                for name, unit, held in listed
            ]
        )
        return
    headings = [words(ctx, f"view.{header}") for header in ("item", "unit", "packs")]
    print_rows(
        headings,
        [
            [
                name,
                unit,
                ", ".join(
                    words(ctx, "view.pack_one", name=pack, size=size, unit=unit)
                    for pack, size in held
                ),
            ]
            for name, unit, held in listed
        ],
    )


AllocationDateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Date of the allocation document; left out, the allocation is undated and counts "
        "from the ledger's beginning. " + DATE_HELP,
    ),
]
AllocationRefOption = Annotated[
    str | None,
    typer.Option(
        "--ref",
        help="Allocation document number (文号). Recording the same ref again with the same "
        "content is a no-op; with different content it is refused.",
    ),
]
AllocationNoteOption = Annotated[
    str | None, typer.Option("--note", help="Why (e.g. the allocation document).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _allocation(
    name: str, fen: int, day: str | None, ref: str | None, note: str | None
) -> AllocationRequest:
    from reliefctl.ledger.requests import AllocationRequest

    return AllocationRequest(
        name,
        fen,
        None if day is None else parse_day(day, "date"),
        optional_text(ref, "ref"),
        optional_note(note),
    )


def _dated(ctx: typer.Context, day: str | None) -> Raw:
    """How an allocation's date is confirmed: the date, or that it counts from the beginning."""
    if day is None:
        return Raw(words(ctx, "done.undated"))
    return Raw(words(ctx, "done.dated", date=day))


def _allocation_json(posted: Any, fund: str, fen: int) -> dict[str, Any]:
    return {
        "id": posted.entry_id,
        "kind": "allocation",
        "fund": fund,
        "amount": money(fen),
        "date": posted.detail.get("date"),
        "duplicate": posted.duplicate,
    }


@fund_app.command("add")
def fund_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Fund name, e.g. 防疫专项资金.")],
    budget: Annotated[str, typer.Option("--budget", help="Initial budget. " + AMOUNT_HELP)],
    day: AllocationDateOption = None,
    ref: AllocationRefOption = None,
    note: AllocationNoteOption = None,
    as_json: JsonFlag = False,
    force: ForceOption = False,
) -> None:
    """Add a fund with its first allocation (budget), in one transaction."""
    clean = parse.clean_name(name, "name")
    fen = parse.parse_amount(budget, "budget")
    request = _allocation(clean, fen, day, ref, note)
    posted = record(
        ctx,
        lambda poster: poster.add_fund(clean, request, force=force),
        dated=None if day is None else (day, "date"),
    )
    allocated = posted.detail.get("allocation")
    if as_json:
        emit_json(
            {
                "id": posted.entry_id or None,
                "fund": clean,
                "budget": money(fen),
                "allocation": allocated,
                "date": posted.detail.get("date"),
                "duplicate": posted.duplicate,
            }
        )
        return
    confirm_added(ctx, posted, "done.what_fund", name=clean, budget=fen)
    if allocated:
        when = _dated(ctx, posted.detail.get("date"))
        tell(ctx, "done.allocated", entry=allocated, amount=fen, fund=clean, when=when)


@fund_app.command("topup")
def fund_topup(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Fund name.")],
    amount: Annotated[
        str, typer.Option("--amount", help="Money added to the budget. " + AMOUNT_HELP)
    ],
    day: AllocationDateOption = None,
    ref: AllocationRefOption = None,
    note: AllocationNoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Add money to a fund's budget (an allocation entry B-…; budgets are never edited)."""
    _allocate(ctx, name, amount, 1, day, ref, note, as_json)


@fund_app.command("reduce")
def fund_reduce(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Fund name.")],
    amount: Annotated[
        str,
        typer.Option(
            "--amount", help="Money taken back from the budget (调减, 收回). " + AMOUNT_HELP
        ),
    ],
    day: AllocationDateOption = None,
    ref: AllocationRefOption = None,
    note: AllocationNoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Reduce a fund's budget: a negative allocation entry B-…, refused if the fund would be
    overdrawn on that date or any later one."""
    _allocate(ctx, name, amount, -1, day, ref, note, as_json)


def _allocate(
    ctx: typer.Context,
    name: str,
    amount: str,
    sign: int,
    day: str | None,
    ref: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """``fund topup`` (sign 1) and ``fund reduce`` (sign -1): one allocation entry B-…."""
    clean = parse.clean_name(name, "name")
    fen = parse.parse_amount(amount, "amount")
    request = _allocation(clean, sign * fen, day, ref, note)
    posted = record(
        ctx,
        lambda poster: poster.topup_fund(request),
        ref=request.ref,
        dated=None if day is None else (day, "date"),
    )
    if as_json:
        emit_json(_allocation_json(posted, clean, sign * fen))
    elif posted.duplicate:
        tell(ctx, "done.duplicate_ref", entry=posted.entry_id, ref=request.ref)
    else:
        when = _dated(ctx, posted.detail.get("date"))
        key = "done.topup" if sign > 0 else "done.reduced"
        tell(ctx, key, entry=posted.entry_id, amount=fen, fund=clean, when=when)


@fund_app.command("list")
def fund_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """List funds with budget, spent and remaining (same as reliefctl funds)."""
    from reliefctl.cli.views import show_funds

    show_funds(ctx, check_format(fmt))
