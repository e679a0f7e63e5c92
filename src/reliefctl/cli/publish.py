"""``reliefctl publish``: the 公示 page, one self-contained HTML file anyone can open.

Thin: check the folder and the target, read one snapshot through
``reliefctl.reports.publish.compute_publication``, lay it out with
``reliefctl.render.html.render_page`` and write ``DIR/index.html`` atomically. Quiet on
success (cron mails only problems).
"""

from __future__ import annotations

from typing import Annotated

import typer

from reliefctl.cli.common import DATE_HELP
from reliefctl.cli.context import lang_of, ledger, options

PAGE_NAME = "index.html"


def publish(
    ctx: typer.Context,
    out_dir: Annotated[
        str,
        typer.Option(
            "--out-dir",
            help="Write DIR/index.html (replaced atomically; an index.html that reliefctl "
            "publish did not write is never replaced).",
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day, inclusive. " + DATE_HELP, show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day, inclusive.", show_default=False),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="en or zh: the page's language.", show_default=False),
    ] = None,
) -> None:
    """Write the public disclosure page (公示): totals, funds and allocations, spend and
    person-times by batch and township with charts, corrections (voids and their reasons) and
    how to verify it; no names, notes or suppliers. One HTML file, nothing fetched."""
    from reliefctl.io import nightly
    from reliefctl.io.files import (
        atomic_file,
        check_replaceable,
        is_published_page,
        path_option,
    )
    from reliefctl.ledger.period import Period
    from reliefctl.render.html import render_page
    from reliefctl.reports.publish import compute_publication

    folder_path = path_option(out_dir, "out_dir")
    assert folder_path is not None
    folder = nightly.check_folder(folder_path)
    target = folder / PAGE_NAME
    check_replaceable(target, ours=is_published_page)
    period = Period.parse(since, until)
    chosen = lang_of(ctx, lang)
    options(ctx).output = str(target)
    with ledger(ctx) as opened, opened.snapshot():
        page = render_page(compute_publication(opened, period), chosen)
    with atomic_file(target) as handle:
        handle.write(page.encode("utf-8"))


def register(app: typer.Typer) -> None:
    app.command()(publish)
