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
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reliefctl.cli.common import DATE_HELP, say, tell, warn, words
from reliefctl.cli.context import lang_of, ledger, location, options
from reliefctl.errors import Phrase
from reliefctl.ledger.sheets import IMPORT_KINDS
from reliefctl.messages import Raw

if TYPE_CHECKING:
    from reliefctl.i18n import Lang
    from reliefctl.ledger.period import Period
    from reliefctl.ledger.sheets import ImportKind

LANG_HELP = (
    "en or zh: sheet names and headings in English or Chinese. Default: $RELIEFCTL_LANG, else "
    "the locale (LC_ALL, LC_MESSAGES, LANG starting with zh), else en."
)
KIND_HELP = (
    "purchases, shipments, grants, receipts, transfers, writeoffs or counts; master data: "
    "places, items, funds or locations (one template per sheet, see docs/onboarding.md); or "
    "recipients: a list of named persons for ship/grant --recipients."
)
IMPORT_KIND_HELP = (
    "purchases, shipments, grants, receipts, transfers, writeoffs, counts; master data: places, "
    "items, funds, locations; or all: every sheet of the workbook (a reliefctl export is "
    "replayed in its recording order)."
)


def _keep(text: str) -> int:
    """``--keep N``: a whole number of files, at least 1 (0 would delete tonight's file)."""
    from reliefctl.errors import KeepAtLeastOne
    from reliefctl.ledger.parse import parse_people

    count = parse_people(text, "keep")
    if count < 1:
        raise KeepAtLeastOne(field="keep", value=text)
    return count


def _kind(value: str, also: tuple[str, ...] = ()) -> ImportKind:
    """A sheet kind as typed; ``also``: more words the command takes (import: ``all``)."""
    from reliefctl.errors import UnknownImportKind

    if value not in IMPORT_KINDS and value not in also:
        raise UnknownImportKind(field="kind", kinds=", ".join((*IMPORT_KINDS, *also)))
    kind: ImportKind = value  # type: ignore[assignment]
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
            help="Nightly mode: write DIR/reliefctl-YYYY-MM-DD.xlsx (today in the ledger's time "
            "zone), holding a lock so overlapping runs cannot both write (the second exits 3).",
            show_default=False,
        ),
    ] = None,
    keep_text: Annotated[
        str | None,
        typer.Option(
            "--keep",
            help="With --out-dir: keep the newest N reliefctl-YYYY-MM-DD.xlsx files, delete "
            "older ones of that name (nothing else is ever deleted).",
            show_default=False,
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
    keep = None if keep_text is None else _keep(keep_text)
    if keep is not None and folder_path is None:
        raise KeepNeedsOutDir(field="keep")
    period = Period.parse(since, until)
    chosen = lang_of(ctx, lang)
    started = time.monotonic()
    ours = _ledger_files(ctx)
    removed: list[Path] = []
    if out_path is not None:
        target = check_output_path(out_path, "out", keep=ours)
        written = _write(ctx, target, period, chosen)
    else:
        assert folder_path is not None
        from reliefctl.ledger.settings import ledger_clock

        folder = nightly.check_folder(folder_path)
        with ledger(ctx) as opened:
            # The file's date, and what "after today" means to --keep: the ledger's today.
            today = ledger_clock(opened).today()
        with nightly.export_lock(folder):
            target = folder / nightly.nightly_name(today)
            check_replaceable(target, keep=ours)
            written = _write(ctx, target, period, chosen)
            if keep is not None:
                removed, future = nightly.prune(folder, keep, today=today, written=target)
                if future:
                    warn(
                        ctx,
                        "nightly.future_files",
                        count=len(future),
                        names=[path.name for path in future],
                        today=today.isoformat(),
                    )
    if verbose:
        sheets = [
            Phrase("done.export_sheet", sheet=part.title, rows=part.rows)
            for part in written.parts
            if part.table not in ("summary", "manifest")
        ]
        seconds = f"{time.monotonic() - started:.1f}"
        tell(ctx, "done.exported", target=str(target), seconds=seconds, sheets=sheets)
        for path in removed:
            tell(ctx, "done.pruned", path=str(path), keep=keep)


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
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="--kind counts: the location of the stocktake (default: the default location).",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="--kind counts: the date of the stocktake (default: today).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write an empty workbook for clerks to fill in and import: the right headings and
    drop-down lists of the known townships, units, items, funds, batches, groups and
    locations. --kind counts writes the stocktake form: every item with its book quantity at
    the location, to fill in with what was counted."""
    from reliefctl.io.files import atomic_file, check_output_path, path_option
    from reliefctl.render.xlsx import TemplateLists, write_template

    chosen_kind = _kind(kind, ("recipients",))
    chosen = lang_of(ctx, lang)
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
            locations=names(opened, "SELECT name FROM locations ORDER BY id"),
        )
        rows = _stocktake(opened, at, date) if chosen_kind == "counts" else []
    options(ctx).output = str(target)
    with atomic_file(target) as handle:
        write_template(handle, chosen_kind, lists, chosen, rows)
    if chosen_kind == "recipients":
        tell(ctx, "done.template_recipients", target=str(target))
    else:
        tell(ctx, "done.template", target=str(target), kind=chosen_kind)


def _stocktake(opened: Any, at: str | None, day: str | None) -> list[dict[str, Any]]:
    """The stocktake form's rows: every item with its book quantity at the location on the
    date (everything dated on or before it), the counted quantity left blank, and one ref
    (``盘点-DATE-LOCATION``) shared by the rows."""
    from reliefctl.ledger import parse
    from reliefctl.ledger.books import location_quantities
    from reliefctl.ledger.session import Session

    session = Session(opened)
    today = session.clock.today()
    chosen = today if day is None else parse.parse_date(day, "date", today=today)
    location_id = session.location_id(None if at is None else parse.clean_name(at, "at"), "at")
    held = location_quantities(opened, chosen.isoformat())
    where = session.location_name(location_id)
    # One ref for the form: its rows are one count, and importing it twice records it once.
    ref = f"盘点-{chosen.isoformat()}-{where}"
    return [
        {
            "date": chosen.isoformat(),
            "location": where,
            "item": str(name),
            "book": held.get((int(item_id), location_id), 0),
            "ref": ref,
        }
        for item_id, name in opened.query("SELECT id, name FROM items ORDER BY id")
    ]


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="The .xlsx or .csv file (UTF-8 or GB18030); a name starting with - goes after --."
        ),
    ],
    kind: Annotated[str, typer.Option("--kind", help=IMPORT_KIND_HELP)],
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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Accept new names that are near duplicates of known ones (as add --force).",
        ),
    ] = False,
) -> None:
    """Record purchases, shipments, grants, receipts, transfers, write-offs or counts from a
    spreadsheet, all or nothing: with any bad row nothing is written and every bad row is
    listed (row, column, reason). Rows whose ref is already recorded with the same content are
    skipped, so importing twice records nothing new. Shipment (transfer, write-off, count) rows
    sharing a ref are the lines of one entry."""
    from reliefctl.cli.errors import problem_lines
    from reliefctl.errors import ImportMalformed, ImportRejected
    from reliefctl.io.files import path_option
    from reliefctl.io.tables import open_table
    from reliefctl.ledger.importer import import_rows

    path = path_option(file, "file")
    assert path is not None
    if kind == "all":
        if sheet is not None:
            from reliefctl.errors import SheetWithAll

            raise SheetWithAll(field="sheet")
        _import_all(ctx, file, path, dry_run, force)
        return
    chosen_kind = _kind(kind, ("all",))
    source = open_table(path, chosen_kind, sheet)
    try:
        with ledger(ctx) as opened, _progress(ctx, source.total) as progress:
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
                    force=force,
                )
            except (ImportRejected, ImportMalformed) as exc:
                for line in problem_lines(exc, str(file), lang_of(ctx)):
                    sys.stderr.write(line + "\n")
                raise
    finally:
        source.close()
    say(_import_line(ctx, path, result))


def _import_all(ctx: typer.Context, file: str, path: Path, dry_run: bool, force: bool) -> None:
    """``import --kind all``: every sheet it knows, in one transaction (``ledger.workbook``)."""
    from reliefctl.cli.errors import problem_lines
    from reliefctl.errors import ImportMalformed, ImportRejected, NoKnownSheet
    from reliefctl.io.tables import open_table, sheet_names, visible_sheets
    from reliefctl.ledger.sheets import WORKBOOK_KINDS
    from reliefctl.ledger.workbook import WorkbookSheet, import_workbook
    from reliefctl.reports.export import manifest_check, manifest_period

    titles = visible_sheets(path)
    sheets: list[WorkbookSheet] = []
    for known in WORKBOOK_KINDS:
        if not any(name in titles for name in sheet_names(known)):
            continue
        source = open_table(path, known)
        try:
            rows = list(source.rows)
        finally:
            source.close()
        sheets.append(WorkbookSheet(known, source.header, rows, source.header_sheet, source.issues))
    if not sheets:
        expected = ", ".join(sheet_names(known)[0] for known in WORKBOOK_KINDS)
        raise NoKnownSheet(field="file", path=str(file), sheets=expected)
    check = None
    period = None
    if any(name in titles for name in sheet_names("manifest")):
        manifest = open_table(path, "manifest")
        try:
            cells = [manifest.header, *(cells for _s, _n, cells in manifest.rows)]
        finally:
            manifest.close()
        check = manifest_check(cells)
        period = manifest_period(cells)
    secret = None
    if any(sheet.kind == "recipients" and sheet.rows for sheet in sheets):
        from reliefctl.errors import PersonKeyMissing
        from reliefctl.io.personkey import load_key

        try:
            secret = load_key()
        except PersonKeyMissing:
            secret = None  # hashed rows need no key; a row with an identifier is refused
    with ledger(ctx) as opened:
        try:
            result = import_workbook(
                opened,
                sheets,
                source=str(file),
                person_secret=secret,
                check=check,
                period=period,
                dry_run=dry_run,
                force=force,
                on_commit=lambda ids: options(ctx).committed.append(_span(ids)),
            )
        except (ImportRejected, ImportMalformed) as exc:
            for line in problem_lines(exc, str(file), lang_of(ctx)):
                sys.stderr.write(line + "\n")
            raise
    say(_import_line(ctx, path, result))
    tell(ctx, "import.order_recorded" if result.recorded_order else "import.order_dated")


def _span(ids: list[str]) -> str:
    """``S-000001`` or ``S-000001 … S-000500 (500)`` (how many, in one line)."""
    return ids[0] if len(ids) == 1 else f"{ids[0]} … {ids[-1]} ({len(ids):,})"


def _names(ctx: typer.Context, names: list[str], shown: int = 5) -> str:
    """``'1', '2'`` or, for many, ``'1', '2', '3' … and 97 more``: a summary stays one line."""
    separator = words(ctx, "word.list_sep")
    if len(names) <= shown:
        return separator.join(repr(name) for name in names)
    head = separator.join(repr(name) for name in names[: shown - 2])
    return words(ctx, "done.import_more", names=Raw(head), count=len(names) - shown + 2)


def _import_line(ctx: typer.Context, file: Path, result: Any) -> str:
    """The import's summary: what was recorded (or would be), from how many rows, what was
    skipped and opened; clauses joined in the user's language."""
    span = None
    if result.first_id is not None:
        span = (
            Phrase("done.import_span_one", first=result.first_id)
            if result.first_id == result.last_id
            else Phrase("done.import_span", first=result.first_id, last=result.last_id)
        )
    rows = Phrase("done.import_rows", count=result.rows)
    entries = Phrase(f"done.import_{result.kind}", count=result.entries)
    lead = "done.imported_dry" if result.dry_run else "done.imported"
    clauses = [words(ctx, lead, file=str(file), entries=entries, rows=rows, span=span)]
    if result.duplicate_rows:
        duplicates = Phrase("done.import_rows", count=result.duplicate_rows)
        key = "done.import_duplicates_dry" if result.dry_run else "done.import_duplicates"
        clauses.append(words(ctx, key, rows=duplicates))
    if result.without_ref:
        clauses.append(words(ctx, "done.import_without_ref", count=result.without_ref))
    if result.opened_batches:
        clauses.append(
            words(ctx, "done.import_new_batches", names=Raw(_names(ctx, result.opened_batches)))
        )
    if result.opened_groups:
        clauses.append(
            words(ctx, "done.import_new_groups", names=Raw(_names(ctx, result.opened_groups)))
        )
    if result.dry_run:
        clauses.append(words(ctx, "done.import_dry_run"))
    return words(ctx, "word.clause_sep").join(clauses)


@contextmanager
def _progress(ctx: typer.Context, total: int | None) -> Iterator[Callable[[int], None] | None]:
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
        task = bar.add_task(words(ctx, "done.progress_checking"), total=total or None)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        yield advance


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(template)
    app.command("import")(import_)
