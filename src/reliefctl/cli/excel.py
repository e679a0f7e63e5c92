"""Excel in and out: ``reliefctl export``, ``reliefctl template`` and ``reliefctl import``.

Thin: each command checks its options, opens the ledger, calls one core function
(``reliefctl.reports.export.collect_export``, ``reliefctl.ledger.importer.import_rows``) and
hands the result to a writer or prints a summary. openpyxl is imported only inside the
commands, so ``--help`` and the recording commands never load it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import DATE_HELP, print_warning, say
from reliefctl.cli.context import ledger, location, options
from reliefctl.ledger.sheets import IMPORT_KINDS
from reliefctl.messages import render_key

if TYPE_CHECKING:
    from reliefctl.i18n import Lang
    from reliefctl.ledger.period import Period
    from reliefctl.ledger.sheets import ImportKind

LANG_HELP = (
    "en or zh: sheet names and headings in English or Chinese. Default: $RELIEFCTL_LANG, else "
    "the locale (LC_ALL, LC_MESSAGES, LANG starting with zh), else en."
)
KIND_HELP = "purchases, shipments or grants."


def _lang(value: str | None) -> Lang:
    from reliefctl.i18n import resolve_lang

    return resolve_lang(value)


def _kind(value: str) -> ImportKind:
    from reliefctl.errors import UnknownImportKind

    if value not in IMPORT_KINDS:
        raise UnknownImportKind(field="kind", kinds=", ".join(IMPORT_KINDS))
    kind: ImportKind = value
    return kind


def export(
    ctx: typer.Context,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Write this .xlsx file (replaced atomically: never half-written).",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out-dir",
            help="Nightly mode: write DIR/reliefctl-YYYY-MM-DD.xlsx (local date), holding a "
            "lock so overlapping runs cannot both write (the second exits 3).",
            show_default=False,
        ),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep",
            help="With --out-dir: keep the newest N reliefctl-YYYY-MM-DD.xlsx files, delete "
            "older ones of that name (nothing else is ever deleted).",
            show_default=False,
            min=1,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day, inclusive. " + DATE_HELP, show_default=False),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Last day, inclusive.", show_default=False),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=LANG_HELP, show_default=False)] = None,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Say what was written (quiet otherwise).")
    ] = False,
) -> None:
    """Write the ledger to an Excel workbook: Summary (report and charts), Purchases,
    Shipments, Grants, Stock, Funds, Voids and Manifest, from one consistent snapshot."""
    from reliefctl.errors import KeepNeedsOutDir, OutOrOutDir
    from reliefctl.io import nightly
    from reliefctl.io.files import check_output_path, check_replaceable, path_option
    from reliefctl.ledger.period import Period

    out_path, folder_path = path_option(out, "out"), path_option(out_dir, "out_dir")
    if (out_path is None) == (folder_path is None):
        raise OutOrOutDir(field="out")
    if keep is not None and folder_path is None:
        raise KeepNeedsOutDir(field="keep")
    period = Period.parse(since, until)
    chosen = _lang(lang)
    started = time.monotonic()
    ours = _ledger_files(ctx)
    removed: list[Path] = []
    if out_path is not None:
        target = check_output_path(out_path, "out", keep=ours)
        written = _write(ctx, target, period, chosen)
    else:
        assert folder_path is not None
        folder = nightly.check_folder(folder_path)
        today = date.today()
        with nightly.export_lock(folder):
            target = folder / nightly.nightly_name(today)
            check_replaceable(target, keep=ours)
            written = _write(ctx, target, period, chosen)
            if keep is not None:
                removed, future = nightly.prune(folder, keep, today=today, written=target)
                if future:
                    print_warning(
                        render_key(
                            "nightly.future_files",
                            "en",
                            count=len(future),
                            names=", ".join(path.name for path in future),
                            today=today.isoformat(),
                        )
                    )
    if verbose:
        sheets = ", ".join(
            f"{part.title} {part.rows:,}"
            for part in written.parts
            if part.table not in ("summary", "manifest")
        )
        say(f"wrote {target} in {time.monotonic() - started:.1f} s (rows: {sheets})")
        for path in removed:
            say(f"removed {path} (--keep {keep})")


def _ledger_files(ctx: typer.Context) -> list[Path]:
    """The open ledger's files (on SQLite): never the target of an export or a template."""
    where = location(ctx)
    if where.dialect != "sqlite":
        return []
    return [where.path, Path(f"{where.path}-wal"), Path(f"{where.path}-shm")]


def _write(ctx: typer.Context, target: Path, period: Period, lang: Lang) -> Any:
    from reliefctl.io.files import atomic_file
    from reliefctl.render.xlsx import write_export
    from reliefctl.reports.export import collect_export

    options(ctx).output = str(target)
    where = location(ctx).display
    with ledger(ctx) as opened, opened.snapshot(), atomic_file(target) as handle:
        data = collect_export(opened, period, location=where)
        return write_export(data, handle, lang=lang)


def template(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)],
    out: Annotated[str, typer.Option("--out", help="The .xlsx file to write.")],
    lang: Annotated[str | None, typer.Option("--lang", help=LANG_HELP, show_default=False)] = None,
) -> None:
    """Write an empty workbook for clerks to fill in and import: the right headings and
    drop-down lists of the known townships, units, items, funds, batches and groups."""
    from reliefctl.io.files import atomic_file, check_output_path, path_option
    from reliefctl.render.xlsx import TemplateLists, write_template

    chosen_kind = _kind(kind)
    chosen = _lang(lang)
    given = path_option(out, "out")
    assert given is not None
    target = check_output_path(given, "out", keep=_ledger_files(ctx))

    def names(opened: Any, sql: str) -> list[str]:
        return [str(row[0]) for row in opened.query(sql)]

    with ledger(ctx) as opened, opened.snapshot():
        lists = TemplateLists(
            townships=names(opened, "SELECT name FROM townships ORDER BY id"),
            units=names(opened, "SELECT name FROM units ORDER BY id"),
            items=names(opened, "SELECT name FROM items ORDER BY id"),
            funds=names(opened, "SELECT name FROM funds ORDER BY id"),
            batches=names(opened, "SELECT label FROM batches ORDER BY id"),
            groups=names(opened, "SELECT name FROM beneficiary_groups ORDER BY id"),
        )
    options(ctx).output = str(target)
    with atomic_file(target) as handle:
        write_template(handle, chosen_kind, lists, chosen)
    say(
        f"wrote {target}: a {chosen_kind} template; fill it in, then: "
        f"reliefctl import {target} --kind {chosen_kind}"
    )


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="The .xlsx or .csv file (UTF-8 or GB18030); a name starting with - goes after --."
        ),
    ],
    kind: Annotated[str, typer.Option("--kind", help=KIND_HELP)],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check every row as a real import would; write nothing."),
    ] = False,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            help="The sheet to read (default: the one named for --kind, e.g. Shipments or "
            "物资发放, with its continuations; else the only sheet).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record purchases, shipments or grants from a spreadsheet, all or nothing: with any bad
    row nothing is written and every bad row is listed (row, column, reason). Rows whose ref is
    already recorded with the same content are skipped, so importing twice records nothing new.
    Shipment rows sharing a ref are the lines of one delivery."""
    from reliefctl.cli.errors import problem_lines
    from reliefctl.errors import ImportMalformed, ImportRejected
    from reliefctl.io.files import path_option
    from reliefctl.io.tables import open_table
    from reliefctl.ledger.importer import import_rows

    chosen_kind = _kind(kind)
    path = path_option(file, "file")
    assert path is not None
    source = open_table(path, chosen_kind, sheet)
    try:
        with ledger(ctx) as opened, _progress(source.total) as progress:
            try:
                result = import_rows(
                    opened,
                    chosen_kind,
                    source.header,
                    source.rows,
                    source=str(file),
                    dry_run=dry_run,
                    progress=progress,
                    header_sheet=source.header_sheet,
                    issues=source.issues,
                    on_commit=lambda ids: options(ctx).committed.append(_span(ids)),
                )
            except (ImportRejected, ImportMalformed) as exc:
                for line in problem_lines(exc, str(file)):
                    sys.stderr.write(line + "\n")
                raise
    finally:
        source.close()
    say(_import_line(path, result))


def _span(ids: list[str]) -> str:
    """``S-000001`` or ``S-000001 … S-000500`` (how many, in one line)."""
    return ids[0] if len(ids) == 1 else f"{ids[0]} … {ids[-1]} ({len(ids):,})"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def _names(names: list[str], shown: int = 5) -> str:
    """``'1', '2'`` or, for many, ``'1', '2', '3' … and 97 more``: a summary stays one line."""
    if len(names) <= shown:
        return ", ".join(repr(name) for name in names)
    head = ", ".join(repr(name) for name in names[: shown - 2])
    return f"{head} … and {len(names) - shown + 2:,} more"


def _import_line(file: Path, result: Any) -> str:
    noun = {"purchases": "purchase", "shipments": "shipment", "grants": "grant"}[result.kind]
    span = ""
    if result.first_id is not None:
        span = (
            f" ({result.first_id})"
            if result.first_id == result.last_id
            else f" ({result.first_id} … {result.last_id})"
        )
    verb = "would be recorded" if result.dry_run else "recorded"
    line = f"{file}: {_count(result.entries, noun)} {verb} from {_count(result.rows, 'row')}{span}"
    if result.duplicate_rows:
        skipped = "would be skipped" if result.dry_run else "skipped"
        line += (
            f"; {_count(result.duplicate_rows, 'row')} already recorded (same ref, same "
            f"content) {skipped}"
        )
    if result.without_ref:
        line += (
            f"; {_count(result.without_ref, 'row')} without a ref (importing "
            f"{'it' if result.without_ref == 1 else 'them'} again would record "
            f"{'it' if result.without_ref == 1 else 'them'} again)"
        )
    if result.opened_batches:
        line += "; new batches " + _names(result.opened_batches)
    if result.opened_groups:
        line += "; new groups " + _names(result.opened_groups)
    if result.dry_run:
        line += "; dry run: nothing was written"
    return line


@contextmanager
def _progress(total: int | None) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when both stdout and stderr are terminals; else nothing."""
    if not (sys.stderr.isatty() and sys.stdout.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("checking rows", total=total or None)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(template)
    app.command("import")(import_)
