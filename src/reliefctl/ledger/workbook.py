"""``import --kind all``: every sheet of a workbook, in one transaction, all or nothing.

Each sheet is read by its layout (``reliefctl.ledger.sheets``) and checked exactly as
``import --kind KIND`` checks it (``reliefctl.ledger.importer``); then, under one write lock:

1. **master data** first: places, items, kits, funds, locations, each row as its ``add``
   command adds it (what exists with the same details is skipped). A fund is added with its
   first allocation on the Allocations sheet (``fund add`` needs a budget), else with the Funds
   sheet's ``budget``. A kit (issue 13) is an item with a recipe: an Items row whose name is a
   kit on the Kits sheet is added as that kit (``kit add``, the recipe and measure from the
   Kits sheet) in its place, so the items keep their order; a kit the Items sheet does not
   list is added after the items;
2. **the entries**: a workbook whose entry sheets carry a ``seq`` (a reliefctl export) is
   replayed in that recording order, voided entries and their voids included, so every
   moving-average value comes out as it was recorded. A workbook without one (an old 台账) is
   posted in event-date order: allocations, then purchases and receipts, then assemblies, then
   deliveries, grants, transfers and write-offs, counts last within their date, each sheet in
   row order;
   values then follow that order;
3. **the settings** (Settings sheet) last, so a rule switched on later (``require_fund``) does
   not refuse entries that were legal when recorded: a setting equal to this ledger's is
   skipped; one that differs is recorded when this ledger had no entries but master data and
   settings before the import (a ledger just made by ``init``), and refused otherwise;
4. **the check**: after a replay, the control totals of the imported entries are computed by
   the database and compared with the Manifest's; a difference refuses the whole import.

Entry ids are the target ledger's own; a void or a return naming an exported entry is mapped
to the id that entry was recorded under.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from reliefctl import errors
from reliefctl.db.connect import Ledger
from reliefctl.errors import ReliefError, Term
from reliefctl.ledger import settings
from reliefctl.ledger.importer import (
    ImportResult,
    Problem,
    SourceRow,
    _HeaderProblems,
    _Importer,
    _layout,
    _ReadRow,
    _Rejected,
    _rejection,
)
from reliefctl.ledger.parse import text_key
from reliefctl.ledger.persons import RecipientList
from reliefctl.ledger.posting import Poster
from reliefctl.ledger.recipients import read_exported
from reliefctl.ledger.requests import AllocationRequest
from reliefctl.ledger.settings import ledger_clock
from reliefctl.ledger.sheets import ENTRY_KINDS, MASTER_KINDS, ImportKind

#: Within one date of an old 台账: what comes first (purchases and receipts before deliveries).
_RANK: Final[dict[str, int]] = {
    "allocations": 0,
    "purchases": 1,
    "receipts": 1,
    "assemblies": 2,
    "shipments": 3,
    "grants": 3,
    "transfers": 3,
    "writeoffs": 3,
    "counts": 4,
    "voids": 5,
}


@dataclass
class WorkbookSheet:
    """One sheet of the workbook, opened: its kind, heading row and rows."""

    kind: ImportKind
    header: Sequence[str | None]
    rows: Sequence[SourceRow]
    header_sheet: str | None = None
    issues: dict[tuple[str | None, int], list[tuple[int | None, ReliefError]]] = field(
        default_factory=dict
    )


@dataclass
class WorkbookResult(ImportResult):
    #: Whether the workbook was replayed in its recording order (an export) or by date.
    recorded_order: bool = False
    settings_recorded: int = 0


def _value(importer: _Importer, row: _ReadRow, key: str) -> Any:
    keys = importer.reader.keys
    return row.values[keys.index(key)] if key in keys else None


def import_workbook(
    ledger: Ledger,
    sheets: Sequence[WorkbookSheet],
    *,
    source: str,
    check: Callable[[Ledger], list[ReliefError]] | None = None,
    period: tuple[str | Term, str | Term] | None = None,
    dry_run: bool = False,
    force: bool = False,
    operator: str | None = None,
    on_commit: Callable[[list[str]], None] | None = None,
    today: date | None = None,
    person_secret: bytes | None = None,
) -> WorkbookResult:
    """Import every sheet (see the module docstring); ``ImportRejected``/``ImportMalformed``
    with every problem found, nothing written. ``period``: the Manifest's, when the export was
    limited (``PartialExport``: such an export is never replayed, see below); ``check``'s
    difference is raised as itself (``ControlDiffers``), a one-line refusal of the file."""
    if today is None:
        today = ledger_clock(ledger).today()
    result = WorkbookResult("all", dry_run)
    problems: list[Problem] = []
    read: dict[str, tuple[_Importer, list[_ReadRow]]] = {}
    setting_rows: list[tuple[_Importer, _ReadRow]] = []
    listed: dict[str, RecipientList] = {}
    for sheet in sheets:
        if sheet.kind == "recipients":
            # Not entries of their own: each exported entry's list, posted with that entry.
            try:
                listed = read_exported(
                    sheet.header,
                    sheet.rows,
                    source=source,
                    secret=person_secret,
                    header_sheet=sheet.header_sheet,
                    issues=sheet.issues,
                )
            except (errors.RecipientsRejected, errors.RecipientsMalformed) as exc:
                problems.extend(exc.problems)
            continue
        try:
            layout = _layout(sheet.kind, sheet.header, sheet.header_sheet)
        except _HeaderProblems as exc:
            problems.extend(exc.problems)
            continue
        importer = _Importer(sheet.kind, layout, ImportResult(sheet.kind, dry_run), today)
        importer.sheet_order[sheet.header_sheet] = len(read)
        rows: list[_ReadRow] = []
        for name, number, values in sheet.rows:
            parsed = importer.read(
                name, number, values, len(sheet.header), sheet.issues.get((name, number))
            )
            if parsed is not None:
                rows.append(parsed)
        read[sheet.kind] = (importer, rows)
    if not read and not problems:
        raise errors.NoKnownSheet(field="file", path=source, sheets="")
    recorded = any(
        "seq" in importer.reader.keys
        for kind, (importer, _rows) in read.items()
        if kind in (*ENTRY_KINDS, "voids")
    )
    result.recorded_order = recorded
    if recorded and period is not None:
        # An export of a period holds voids of entries before it and deliveries of goods bought
        # before it: replaying it cannot give the ledger's values, so it is refused up front.
        raise errors.PartialExport(path=source, since=period[0], until=period[1])
    ids: dict[str, str] = {}
    first: dict[str, tuple[str | None, AllocationRequest]] = {}
    if "allocations" in read:
        importer, rows = read["allocations"]
        for row in sorted(rows, key=lambda r: (_value(importer, r, "seq") or 0, r.number)):
            fund = _value(importer, row, "fund")
            if row.bad or fund is None or text_key(fund) in first:
                continue
            request = AllocationRequest(
                fund,
                _value(importer, row, "amount"),
                _value(importer, row, "date"),
                _value(importer, row, "ref"),
                _value(importer, row, "note"),
            )
            first[text_key(fund)] = (_value(importer, row, "entry"), request)
    entries: list[tuple[tuple[Any, ...], _Importer, _ReadRow]] = []
    for index, (kind, (importer, rows)) in enumerate(read.items()):
        importer.recipients = listed
        importer.ids = ids
        importer.replay = recorded
        importer.force = force
        importer.first_allocations = first
        if kind in MASTER_KINDS:
            continue
        if kind == "settings":
            setting_rows.extend((importer, row) for row in rows)
            continue
        for row in rows:
            if recorded:
                seq = _value(importer, row, "seq")
                if seq is None and not row.bad:
                    importer.reader.at(row.sheet, row.number)
                    importer.reader.problem("seq", errors.SeqMissing(field="seq"))
                    continue
                key: tuple[Any, ...] = (seq or 0, index, row.number)
            else:
                day = _value(importer, row, "date")
                key = ("" if day is None else day.isoformat(), _RANK[kind], index, row.number)
            entries.append((key, importer, row))
    entries.sort(key=lambda entry: entry[0])
    try:
        with ledger.write():
            fresh = not ledger.scalar("SELECT COUNT(*) FROM entries WHERE kind NOT IN ('M', 'L')")
            poster = Poster(ledger, operator=operator)
            poster.preload_all()
            kits = read.get("kits")
            if kits is not None:
                # The Kits sheet's rows are gathered first: a kit is added at its row on the
                # Items sheet (so items keep their order), else after the items.
                kits[0].start(poster, flush=False)
                for row in kits[1]:
                    kits[0].post(row)
                if "items" in read:
                    read["items"][0].kits = kits[0]
            for kind in MASTER_KINDS:
                if kind == "kits" and kits is not None:
                    kits[0].finish()
                elif kind in read:
                    importer, rows = read[kind]
                    importer.start(poster, flush=False)
                    for row in rows:
                        importer.post(row)
            for importer, _rows in read.values():
                importer.start(poster, flush=False)
            previous: tuple[Any, _Importer] | None = None
            for key, importer, row in entries:
                group = key[0] if recorded else None
                if previous is not None and (
                    previous[1] is not importer or (recorded and previous[0] != group)
                ):
                    previous[1].finish()
                importer.group = None if group is None else str(group)
                importer.post(row)
                previous = (group, importer)
            for importer, _rows in read.values():
                if importer.kind != "settings":
                    importer.finish()
            for importer, row in setting_rows:
                _setting(poster, importer, row, fresh, result)
            problems.extend(p for importer, _rows in read.values() for p in importer.problems)
            if not problems:
                poster.flush()
                if recorded and check is not None:
                    # The Manifest's control totals against what was imported (``check``:
                    # ``reliefctl.reports.export.manifest_check``, a layer above this one).
                    # A difference concerns the file, not a row: raised, it rolls back.
                    for difference in check(ledger):
                        difference.params["path"] = source
                        raise difference
            if problems or dry_run:
                raise _Rejected
            if on_commit is not None and poster.recorded:
                done = list(poster.recorded)
                ledger.after_commit.append(lambda: on_commit(done))
    except _Rejected:
        pass
    for importer, _rows in read.values():
        part = importer.result
        result.rows += part.rows
        result.entries += part.entries
        result.duplicate_rows += part.duplicate_rows
        result.duplicate_entries += part.duplicate_entries
        result.without_ref += part.without_ref
        result.opened_batches.extend(part.opened_batches)
        result.opened_groups.extend(part.opened_groups)
    # No id span: the ids of several kinds (M-, P-, S- …) make no range.
    if problems:
        order = {sheet.header_sheet: index for index, sheet in enumerate(sheets)}
        problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row))
        raise _rejection(source, problems, "all", {})
    return result


def _setting(
    poster: Poster, importer: _Importer, row: _ReadRow, fresh: bool, result: WorkbookResult
) -> None:
    reader = importer.reader
    reader.at(row.sheet, row.number, row.failed)
    if row.bad:
        return
    name, text = _value(importer, row, "setting"), _value(importer, row, "setting_value")
    try:
        known = settings.setting(name, "setting")
        wanted = known.parse(text, "setting_value")
    except ReliefError as exc:
        reader.problem(exc.field, exc)
        return
    ours = settings.value(poster.ledger, known.name)
    if ours == wanted:
        return
    if not fresh:
        error = errors.SettingDiffers(
            field="setting_value", name=known.name, value=wanted, ours=ours
        )
        reader.problem("setting_value", error, False)
        return
    try:
        poster.set_setting(known.name, wanted)
    except ReliefError as exc:
        reader.problem("setting_value", exc, False)
        return
    result.settings_recorded += 1
