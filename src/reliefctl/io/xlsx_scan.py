"""A streaming pass over a workbook's XML: what openpyxl's read-only mode does not show.

openpyxl's read-only mode (the only one that streams a large sheet) exposes neither row
attributes nor merged cells, and with ``data_only=True`` a formula without a saved result reads
as ``None``, like a blank cell. So before a sheet is imported, its XML is read once more, event
by event (bounded memory: every element is dropped once seen), for:

* **hidden rows** (``<row hidden="1">``): what is imported is what a person sees;
* **merged cells across rows** (``<mergeCell ref="A2:A3">``): the rows below would be blank;
* **formula cells without a saved result** (``<f>`` and no ``<v>``): the value is unknown;
* **Excel error values** (``t="e"``: ``#N/A``, ``#DIV/0!``) and **booleans** (``t="b"``);

each reported on its row (and column) with the import's other problems. A file that cannot be
read at all is one input error naming it: XML cut off, a number cell holding text, a shared
string index past the table, a part the workbook names but the file lacks. Before anything is
parsed, the zip's declared sizes are checked, so a small file cannot claim gigabytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final
from xml.etree.ElementTree import ParseError, iterparse

from reliefctl import errors
from reliefctl.errors import ReliefError

#: The most a workbook may hold uncompressed (all parts), and the highest compression ratio a
#: part may claim: a file past either is a zip bomb or not a clerk's sheet.
MAX_UNCOMPRESSED: Final = 2 * 1024**3
MAX_RATIO: Final = 500
_CELL_REF: Final = re.compile(r"([A-Z]+)([0-9]+)")


def _tag(element_tag: str) -> str:
    return element_tag.rsplit("}", 1)[-1]


def column_index(letters: str) -> int:
    """``A`` -> 0, ``AB`` -> 27."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


@dataclass
class SheetScan:
    """What the XML of one sheet says beyond its cell values."""

    #: Row number -> problems: (0-based column, or None for the whole row; the error).
    issues: dict[int, list[tuple[int | None, ReliefError]]] = field(default_factory=dict)
    #: The number of the last row the sheet holds (its heading row is 1).
    last_row: int = 0

    def add(self, row: int, column: int | None, error: ReliefError) -> None:
        self.issues.setdefault(row, []).append((column, error))


def check_archive(path: Path) -> None:
    """Refuse a file whose declared content is far beyond any clerk's sheet (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise errors.NotAWorkbook(
            field="file", path=str(path), error=type(exc).__name__, detail=str(exc)
        ) from None
    names = {info.filename for info in infos}
    with zipfile.ZipFile(path) as archive:
        for part in _worksheet_parts(archive):
            if part not in names:
                raise errors.WorkbookPartMissing(
                    field="file", path=str(path), sheet=part.rsplit("/", 1)[-1], part=part
                )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise errors.WorkbookTooLarge(field="file", path=str(path), size=total)
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise errors.WorkbookTooLarge(field="file", path=str(path), size=total)


def _worksheet_parts(archive: zipfile.ZipFile) -> list[str]:
    """The parts the workbook's relationships name as its worksheets (``xl/worksheets/…``)."""
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    parts = []
    try:
        for _event, element in iterparse(io.BytesIO(rels), events=("end",)):
            if _tag(element.tag) == "Relationship" and (element.get("Type") or "").endswith(
                "/worksheet"
            ):
                target = element.get("Target") or ""
                parts.append(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    except ParseError:
        return []
    return parts


def shared_string_count(archive: zipfile.ZipFile) -> int | None:
    """How many shared strings the workbook holds (None when it has no table)."""
    names = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
    if not names:
        return None
    count = 0
    with archive.open(names[0]) as handle:
        for _event, element in iterparse(handle, events=("end",)):
            if _tag(element.tag) == "si":
                count += 1
                element.clear()
    return count


def scan_sheet(
    archive: zipfile.ZipFile, part: str, title: str, path: Path, shared: int | None
) -> SheetScan:
    """Read the XML of one sheet (see the module docstring); raise for an unreadable one."""
    scan = SheetScan()
    try:
        handle = archive.open(part)
    except KeyError:
        raise errors.WorkbookPartMissing(
            field="file", path=str(path), sheet=title, part=part
        ) from None
    row_number = 0
    try:
        with handle:
            for _event, element in iterparse(handle, events=("end",)):
                tag = _tag(element.tag)
                if tag == "c":
                    _cell(scan, element, title, path, shared)
                    element.clear()
                elif tag == "row":
                    row_number = int(element.get("r") or row_number + 1)
                    scan.last_row = max(scan.last_row, row_number)
                    if element.get("hidden") in ("1", "true"):
                        scan.add(row_number, None, errors.HiddenRow(field="row"))
                    element.clear()
                elif tag == "mergeCell":
                    _merged(scan, element.get("ref") or "")
    except ParseError as exc:
        raise errors.WorkbookXmlDamaged(
            field="file", path=str(path), sheet=title, detail=str(exc)
        ) from None
    return scan


def _cell(scan: SheetScan, element: object, title: str, path: Path, shared: int | None) -> None:
    get = element.get  # type: ignore[attr-defined]
    ref = get("r") or ""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return
    column, row = column_index(match[1]), int(match[2])
    kind = get("t") or "n"
    formula = value = None
    for child in element:  # type: ignore[attr-defined]
        name = _tag(child.tag)
        if name == "f":
            formula = child
        elif name == "v":
            value = child.text
    if kind == "e":
        scan.add(row, column, errors.ExcelErrorValue(field="cell", value=value or "#?"))
    elif kind == "b":
        scan.add(row, column, errors.BooleanCell(field="cell", value=value or ""))
    elif formula is not None and value in (None, ""):
        scan.add(row, column, errors.FormulaWithoutValue(field="cell"))
    elif kind == "s" and value is not None:
        index = int(value) if value.isdigit() else -1
        if index < 0 or (shared is not None and index >= shared) or shared is None:
            raise errors.SharedStringMissing(field="file", path=str(path), sheet=title, cell=ref)
    elif kind == "n" and value not in (None, ""):
        try:
            Decimal(value)  # only whether the cell holds a number: its value is read elsewhere
        except InvalidOperation:
            raise errors.NumberCellText(
                field="file", path=str(path), sheet=title, cell=ref, value=value
            ) from None


def _merged(scan: SheetScan, ref: str) -> None:
    first, _, last = ref.partition(":")
    start, end = _CELL_REF.fullmatch(first), _CELL_REF.fullmatch(last)
    if start is None or end is None:
        return
    top, bottom = int(start[2]), int(end[2])
    if bottom > top:
        scan.add(top, column_index(start[1]), errors.MergedAcrossRows(field="cell", range=ref))


__all__ = [
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "SheetScan",
    "check_archive",
    "column_index",
    "scan_sheet",
    "shared_string_count",
]
