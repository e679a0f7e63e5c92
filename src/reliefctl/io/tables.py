"""Reading a spreadsheet for ``reliefctl import``: an xlsx workbook or a CSV file, as rows.

The adapter between files and ``reliefctl.ledger.importer``: it finds the heading row and
yields every later row as ``(sheet, row number, cell values)``, numbered as the spreadsheet
program shows them (the heading is row 1). It interprets nothing else.

* **xlsx**: read with openpyxl in read-only mode (streamed), cached formula results rather
  than formulas. The sheet read is ``--sheet`` if given, else the one named for the kind in
  either language (``Shipments``/``物资发放``, as the export and the templates name it) together
  with its continuations (``Shipments (2)`` …), else the only visible sheet.
* **CSV**: UTF-8 with or without a byte-order mark, or GB18030 (what Chinese Excel saves as
  "CSV"); the encoding is decided by reading the whole file once (a UTF-8 error anywhere means
  GB18030). The delimiter is a comma, or a tab or semicolon if the heading line has more of
  those.
"""

from __future__ import annotations

import codecs
import csv
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from reliefctl import errors
from reliefctl.errors import InputError, ReliefError
from reliefctl.i18n import term
from reliefctl.io.cells import cell_text
from reliefctl.vocab import ENGLISH

XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
CSV_SUFFIXES: Final = (".csv", ".txt", ".tsv")
_CHUNK: Final = 1 << 20


@dataclass
class TableSource:
    """A file opened for import: its heading row, its rows (lazy), and what was detected."""

    path: Path
    header: Sequence[str | None]
    rows: Iterator[tuple[str | None, int, Sequence[str | None]]]
    #: Rows after the heading, if known (for a progress bar); blank rows included.
    total: int | None = None
    encoding: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_sheet: str | None = None
    #: What the file says about some rows beyond their values (a hidden row, a formula without
    #: a saved result ...): (sheet, row) -> [(0-based column or None, error)].
    issues: dict[tuple[str | None, int], list[tuple[int | None, ReliefError]]] = field(
        default_factory=dict
    )
    _closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for closer in self._closers:
            closer()


def sheet_names(key: str) -> tuple[str, str]:
    """The English and Chinese names of the sheet ``key`` (as the export and templates name it)."""
    context = f"sheet.{key}"
    return ENGLISH[context], term("zh", context, ENGLISH[context])


def open_table(path: Path, kind: str, sheet: str | None = None) -> TableSource:
    """Open ``path`` for a ``kind`` import; an input error with a clear reason if it cannot be.

    Every cell comes out as text (``reliefctl.io.cells.cell_text``), ``None`` when blank.
    """
    if not path.exists():
        raise errors.InputMissing(field="file", path=str(path))
    if path.is_dir():
        raise errors.InputIsFolder(field="file", path=str(path))
    if not stat.S_ISREG(path.stat().st_mode):
        # A FIFO would make reliefctl wait for a writer forever, a device read forever.
        raise errors.InputNotAFile(field="file", path=str(path))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _open_xlsx(path, kind, sheet)
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise errors.CsvHasNoSheets(field="sheet")
        return _open_csv(path)
    if suffix == ".xls":
        raise errors.OldExcelFile(field="file", path=str(path))
    raise errors.NotASpreadsheet(field="file", path=str(path))


# --- CSV ----------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> tuple[str, int]:
    """``utf-8-sig`` or ``gb18030``, and the number of line breaks (for the progress bar)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8-sig", lines
    with path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            # A UTF-8 mark before text that is not UTF-8 (re-saved by a tool that kept the
            # mark): reading it as either would garble the headings ("锘縟ate").
            raise errors.BomNotUtf8(field="file", path=str(path))
    chinese = codecs.getincrementaldecoder("gb18030")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                chinese.decode(chunk)
            chinese.decode(b"", final=True)
        except UnicodeDecodeError:
            raise errors.BadEncoding(field="file", path=str(path)) from None
    return "gb18030", lines


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _open_csv(path: Path) -> TableSource:
    encoding, lines = detect_encoding(path)
    handle = path.open("r", encoding=encoding, newline="")
    first = handle.readline()
    handle.seek(0)
    reader = csv.reader(handle, delimiter=_delimiter(first), strict=False)
    try:
        header = [cell_text(cell) for cell in next(reader, [])]
    except csv.Error as exc:
        handle.close()
        raise errors.CsvHeadingUnreadable(field="file", path=str(path), detail=str(exc)) from None

    def rows() -> Iterator[tuple[str | None, int, Sequence[str | None]]]:
        number = 1
        try:
            for record in reader:
                number += 1
                yield None, number, [cell_text(cell) for cell in record]
        except csv.Error as exc:
            raise errors.CsvRowUnreadable(
                field="file", path=str(path), row=number + 1, detail=str(exc)
            ) from None
        finally:
            handle.close()

    if not header:
        handle.close()
        raise errors.EmptyTable(field="file", path=str(path))
    return TableSource(
        path,
        header,
        rows(),
        total=max(0, lines - 1),
        encoding=encoding,
        _closers=[handle.close],
    )


# --- xlsx ---------------------------------------------------------------------------------------

_PART: Final = re.compile(r"^(?P<base>.*) \((?P<n>[0-9]+)\)$")


def _pick_sheets(
    titles: list[str], data: list[str], visible: list[str], kind: str, wanted: str | None
) -> list[str]:
    """The sheets to read: ``--sheet``, else the one named for the kind, else the only one,
    each with its continuations. ``titles``: every sheet; ``data``: the worksheets (not chart
    sheets); ``visible``: those a person sees. A hidden sheet is never chosen or continued into.
    """

    def with_parts(base: str) -> list[str]:
        parts = [base]
        n = 2
        while f"{base} ({n})" in visible:
            parts.append(f"{base} ({n})")
            n += 1
        return parts

    if wanted is not None:
        if wanted not in titles:
            raise errors.NoSuchSheet(field="sheet", sheet=wanted, sheets=", ".join(visible))
        if wanted not in data:
            raise errors.ChartSheet(field="sheet", sheet=wanted)
        if wanted not in visible:
            raise errors.HiddenSheet(field="sheet", sheet=wanted)
        return with_parts(wanted)
    english, chinese = sheet_names(kind)
    for name in (english, chinese):
        if name in visible:
            return with_parts(name)
        if name in titles and name not in data:
            raise errors.ChartSheet(field="sheet", sheet=name)
    if len(visible) == 1:
        return visible
    if not visible:
        raise errors.NoDataSheet(field="sheet")
    raise errors.WhichSheet(
        field="sheet", sheets=", ".join(visible), english=english, chinese=chinese
    )


#: What openpyxl (and the XML, zip and date code under it) raises on a damaged workbook.
_DAMAGE: Final = (
    KeyError,
    IndexError,
    ValueError,
    OverflowError,
    TypeError,
    AttributeError,
    EOFError,
    zipfile.BadZipFile,
)


def _open_xlsx(path: Path, kind: str, wanted: str | None) -> TableSource:
    from openpyxl import load_workbook

    from reliefctl.io.xlsx_scan import check_archive, scan_sheet, shared_string_count

    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (*_DAMAGE, OSError, Exception) as exc:
        raise errors.NotAWorkbook(
            field="file", path=str(path), error=type(exc).__name__, detail=str(exc)
        ) from None
    try:
        titles = list(workbook.sheetnames)
        data = [ws.title for ws in workbook.worksheets]
        visible = [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
        chosen = _pick_sheets(titles, data, visible, kind, wanted)
        label = len(chosen) > 1 or len(titles) > 1
        issues: dict[tuple[str | None, int], list[tuple[int | None, ReliefError]]] = {}
        total = 0
        archive = zipfile.ZipFile(path)
        try:
            shared = shared_string_count(archive)
            for title in chosen:
                scan = scan_sheet(archive, workbook[title]._worksheet_path, title, path, shared)
                total += max(0, scan.last_row - 1)
                for row, found in scan.issues.items():
                    issues[(title if label else None, row)] = found
        finally:
            archive.close()
        first = workbook[chosen[0]]
        first.reset_dimensions()  # the declared dimension is not trusted: real rows only
        header = [cell_text(v) for v in next(first.iter_rows(max_row=1, values_only=True), ())]
    except InputError:
        workbook.close()
        raise
    except _DAMAGE as exc:
        workbook.close()
        raise errors.NotAWorkbook(
            field="file", path=str(path), error=type(exc).__name__, detail=str(exc)
        ) from None
    if not header or all(value is None for value in header):
        workbook.close()
        raise errors.NoHeadingRow(field="file", path=str(path), sheet=chosen[0])

    def rows() -> Iterator[tuple[str | None, int, Sequence[str | None]]]:
        title, number = chosen[0], 0
        try:
            for part, title in enumerate(chosen):
                sheet = workbook[title]
                sheet.reset_dimensions()
                number = 0
                for values in sheet.iter_rows(values_only=True):
                    number += 1
                    cells = [cell_text(value) for value in values]
                    if number == 1:
                        if part > 0 and _trim(cells) != _trim(header):
                            raise errors.ContinuedSheetHeadings(
                                field="file", path=str(path), sheet=title, first=chosen[0]
                            )
                        continue
                    yield (title if label else None), number, cells
        except _DAMAGE as exc:
            raise errors.CellUnreadable(
                field="file", path=str(path), sheet=title, row=number + 1, detail=str(exc)
            ) from None
        finally:
            workbook.close()

    return TableSource(
        path,
        header,
        rows(),
        total=total,
        sheets=chosen,
        header_sheet=chosen[0] if label else None,
        issues=issues,
        _closers=[workbook.close],
    )


def visible_sheets(path: Path) -> list[str]:
    """The visible worksheets of an xlsx file (``import --kind all`` reads those it knows)."""
    from openpyxl import load_workbook

    if path.suffix.lower() not in XLSX_SUFFIXES:
        raise errors.NotASpreadsheet(field="file", path=str(path))
    check_archive_path = path
    if not check_archive_path.is_file():
        raise errors.InputMissing(field="file", path=str(path))
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise errors.NotAWorkbook(
            field="file", path=str(path), error=type(exc).__name__, detail=str(exc)
        ) from None
    try:
        return [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]
    finally:
        workbook.close()


def _trim(values: Sequence[str | None]) -> list[str | None]:
    out = list(values)
    while out and out[-1] is None:
        out.pop()
    return out


__all__ = ["TableSource", "detect_encoding", "open_table", "sheet_names", "visible_sheets"]
