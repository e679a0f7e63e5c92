"""``reliefctl report``: spend and person-times per batch, township and other dimensions.

Thin on purpose: parse the options, run ``reliefctl.reports.report.compute_report`` once, hand
the result to one renderer. Everything heavy is imported inside the command, and nothing on
this path imports SQLAlchemy or SQLModel (the report must start and finish within 1.5x of a
bare ``sqlite3`` query; see the README, Performance).
"""

from __future__ import annotations

from typing import Annotated

import typer

from reliefctl.cli.common import DATE_HELP, check_format
from reliefctl.cli.context import lang_of, ledger

DIMS_HELP = "batch, township, group, fund, item, month or location"


def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="First day of the period, inclusive (entries dated on this day count). "
            + DATE_HELP.replace("; not in the future", ""),
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="Last day of the period, inclusive (entries dated on this day count); may be "
            "in the future.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="DIM",
            help=f"Slice by {DIMS_HELP}; repeat for several tables. Default: batch and township.",
            show_default=False,
        ),
    ] = None,
    pivot: Annotated[
        bool,
        typer.Option(
            "--pivot",
            help="Cross-tab of two --by dimensions (rows, then columns) with row and column "
            "totals; default township × batch.",
        ),
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="table, csv or json.")
    ] = "table",
    fund: Annotated[
        list[str] | None,
        typer.Option(
            "--fund",
            metavar="FUND",
            help="Only purchases and grants charged to this fund (repeatable); goods figures "
            "are then blank (goods are valued at one average cost across funds).",
            show_default=False,
        ),
    ] = None,
    components: Annotated[
        bool,
        typer.Option(
            "--components",
            help="With --by item, township or batch: also the deliveries in component terms "
            "(kits delivered × their recipe, added to the components delivered directly), for "
            "the district, per township, per batch; kits received whole are shown as without "
            "component history.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            help="en or zh for headings and labels. Default: $RELIEFCTL_LANG, else the locale "
            "(LC_ALL, LC_MESSAGES, LANG starting with zh), else en.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Spend (goods delivered at cost + cash granted) and people reached, in person-times (人次),
    per batch and per township, with totals and stock on hand; --since and --until are
    inclusive dates."""
    from reliefctl.ledger import parse
    from reliefctl.ledger.period import Period
    from reliefctl.reports.report import check_dims, compute_report

    fmt = check_format(fmt, ("table", "csv", "json"))
    language = lang_of(ctx, lang)
    period = Period.parse(since, until)
    dims = by or (["township", "batch"] if pivot else [])
    chosen = check_dims(dims, pivot=pivot)
    funds = [parse.clean_name(name, "fund") for name in fund or ()]
    # --components breaks down the dimensions given with --by that it can: item (the district),
    # township and batch (per township, per batch); at least one of them, given explicitly.
    broken = [dim for dim in chosen if dim in ("township", "batch")]
    if components and (pivot or not by or ("item" not in chosen and not broken)):
        from reliefctl.errors import ComponentsNeedItem

        raise ComponentsNeedItem(field="components")
    with ledger(ctx) as opened:
        result = compute_report(opened, period, dims=chosen, pivot=pivot, funds=funds)
        if components:
            from dataclasses import replace

            from reliefctl.reports.components import component_rows, component_rows_by

            result = replace(
                result,
                components=(tuple(component_rows(opened, period)) if "item" in chosen else None),
                components_by={dim: tuple(component_rows_by(opened, period, dim)) for dim in broken}
                or None,
            )
    if fmt == "json":
        from reliefctl.render.report_json import write_json

        write_json(result)
    elif fmt == "csv":
        from reliefctl.render.report_csv import write_csv

        write_csv(result, language)
    else:
        from reliefctl.render.report_table import print_report

        print_report(result, language)


def register(app: typer.Typer) -> None:
    app.command()(report)
