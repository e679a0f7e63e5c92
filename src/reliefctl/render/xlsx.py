"""Excel workbooks: the export (streamed, write-only) and the import templates.

This is the one module that writes a spreadsheet cell. What it guarantees:

* **Real cells.** Money is a number with a 元 format, dates are dates, counts are numbers.
  Money is written as the exact decimal text of its fen (``9390.79``): openpyxl would format a
  ``Decimal`` or ``float`` through ``"%.16g"`` and store ``9390.790000000001``, which is not
  the amount. Every amount the ledger accepts has at most 15 significant digits, which Excel
  holds exactly; anything longer (it cannot come from the ledger) is written as text rather
  than rounded.
* **No formula injection.** A text cell is always an inline string, never a formula, whatever
  it starts with; text starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF (or their
  full-width forms) also gets Excel's "quote prefix" style, the same as typing ``'`` before
  it, so editing the cell in Excel keeps it text. The text itself is unchanged, so it reads
  back (and re-imports) exactly.
* **Never past Excel's row limit.** A sheet holds at most ``row_limit`` rows (1,048,576, the
  heading included); the rest continues on ``Shipments (2)`` …, and the Manifest says so.
* **Bounded memory.** Sheets are openpyxl write-only sheets; rows are written as they come.
  Each column has one prepared cell object per kind of value, refilled for every row, so a
  million-row sheet costs what openpyxl's own XML writing costs and no object per cell.
* Headings frozen with filters, columns sized for Chinese text (a wide character counts 2),
  sized from the master-data names and the first rows, since a streamed sheet must fix its
  column widths before its first row. Headings over figures (money, counts, dates) are
  right-aligned like the figures.
* **It prints.** Every sheet the export writes, whatever its layout, gets the same page setup
  (``_print_setup``, applied to every sheet of the workbook just before it is saved): A4,
  landscape when its columns are wider than a portrait page, fit to the page width (as many
  pages down as needed), its heading row repeated on every page, a header with the ledger, the
  sheet and the period, and a footer with when it was made (and in which zone) and "page N of
  M", in the export's language. The Summary's charts each start a page of their own.
* **One font** (``FONT_NAME``), named in the styles for body and bold text alike, so no
  program falls back to a serif font for bold. openpyxl can name only one font per style, so
  the choice is the font most likely present where the file is opened: Microsoft YaHei
  (微软雅黑) ships with every Windows since Vista whatever its language, and with Office for
  Mac; Excel and WPS there use it for Latin and Chinese alike. DengXian (等线) is newer
  (Windows 10, Office 2016) and Noto Sans CJK is on no Windows. Where YaHei is absent
  (LibreOffice or WPS on Linux) the font is marked sans-serif (family 2) with the GB2312
  charset, so the substitute is a sans-serif with Chinese glyphs (fontconfig: DejaVu Sans with
  Noto Sans CJK for the Chinese), regular and bold.
* **Times state their zone.** Date-times are written in the ledger's zone and their number
  format names it (``2021-01-05 09:30:00 Asia/Shanghai``); the cell stays a date-time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from typing import IO, Any, Final

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from reliefctl import __version__
from reliefctl.display import display_width
from reliefctl.i18n import Lang
from reliefctl.ledger.sheets import LAYOUTS, CellKind, ImportKind, heading
from reliefctl.messages import render_key
from reliefctl.money import format_fen
from reliefctl.render.labels import key_text, kind_label, label, period_text, sheet_name
from reliefctl.reports.export import Column, Export, Table
from reliefctl.reports.report import (
    MONEY_FIGURES,
    ROW_FIGURES,
    TOTAL_FIGURES,
    Report,
    ReportRow,
)

EXCEL_MAX_ROWS: Final = 1_048_576
MONEY_FORMAT: Final = '#,##0.00" 元"'
#: A chart's money axis: whole yuan (its ticks are round numbers; decimals are noise there).
AXIS_MONEY_FORMAT: Final = '#,##0" 元"'
PRICE_FORMAT: Final = '#,##0.00####" 元"'
INT_FORMAT: Final = "#,##0"
DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"
#: First characters that make a spreadsheet program read text as a formula (or a DDE call).
FORMULA_STARTS: Final = frozenset("=+-@\t\r\n＝＋－＠")
#: Characters XML 1.0 cannot hold (openpyxl refuses them); the ledger refuses them on entry.
_ILLEGAL: Final = re.compile(r"[\000-\010\013\014\016-\037]")
_EXACT_DIGITS: Final = 15
_EXACT_LIMIT: Final = 10**_EXACT_DIGITS
SAMPLE_ROWS: Final = 500
MAX_WIDTH: Final = 60
#: The one font family of every cell, bold included (see the module docstring).
FONT_NAME: Final = "Microsoft YaHei"
#: family 2: sans-serif (what a program substitutes when the font is missing); charset 134:
#: GB2312, so the substitute has Chinese glyphs.
BODY_FONT: Final = Font(name=FONT_NAME, size=11, family=2, charset=134)
HEADER_FONT: Final = Font(name=FONT_NAME, size=11, family=2, charset=134, bold=True)
TITLE_FONT: Final = Font(name=FONT_NAME, size=14, family=2, charset=134, bold=True)
HEADER_FILL: Final = PatternFill("solid", start_color="FFDDEBF7")
RIGHT: Final = Alignment(horizontal="right")
#: Cell kinds shown right-aligned (numbers and dates): their headings are right-aligned too.
FIGURE_KINDS: Final = frozenset({"money", "price", "int", "date", "datetime"})
#: Every row's height (points), so the rows a chart covers are known when it is placed.
ROW_HEIGHT: Final = 18.0
#: Sheets whose columns are wider than this (in Excel's width units, about one digit each)
#: print landscape: a portrait A4 page holds about 90 at 100 %.
PORTRAIT_WIDTH: Final = 90
#: Rows of ``ROW_HEIGHT`` on a landscape A4 page within the margins of ``_print_setup``.
PAGE_ROWS: Final = int((595 - 2 * 0.75 * 72) // ROW_HEIGHT)
A4: Final = 9  # Excel's paperSize code for A4


# --- widths -----------------------------------------------------------------------------------


def needs_guard(text: str) -> bool:
    """True when ``text`` would start a formula if typed into a cell."""
    return bool(text) and text[0] in FORMULA_STARTS


# --- streamed sheets --------------------------------------------------------------------------


class _StreamSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet whose rows are lists of prepared cells (see ``_Column``).

    openpyxl's own ``append`` binds every value to a fresh cell and, for a cell it is given,
    first tries (and fails) to bind the cell as a value; taking prepared cells as they are
    skips both. Each cell is written out before the next row refills it.
    """

    def _values_to_row(self, cells: Iterable[Any], row_idx: int) -> Iterator[Any]:
        for cell in cells:
            cell.row = row_idx
            yield cell


def _new_sheet(workbook: Workbook, title: str) -> _StreamSheet:
    sheet = _StreamSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    # Written with the sheet's first row, so set here; the rest of the page setup is written
    # after the rows (``_print_setup``).
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.sheet_format.defaultRowHeight = ROW_HEIGHT
    sheet.sheet_format.customHeight = True
    return sheet


def use_font(workbook: Workbook) -> None:
    """Make ``BODY_FONT`` the workbook's default font (the Normal style and every cell without
    a font of its own), before any cell is styled."""
    from openpyxl.utils.indexed_list import IndexedList

    workbook._fonts = IndexedList([BODY_FONT])
    workbook._named_styles["Normal"].font = copy(BODY_FONT)


def _fen_text(fen: int) -> str:
    """Exact decimal text of an amount: ``-105`` -> ``"-1.05"``."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


def _price_digits(text: str) -> int:
    return len(text.replace("-", "").replace(".", "").lstrip("0"))


class _PreparedCell(Cell):  # type: ignore[misc]
    """A cell whose style is fixed once prepared: its style id, whether it has a style and its
    column letter are computed once, not for every row (openpyxl looks each up per cell)."""

    __slots__ = ("_letter", "_sid", "_styled")

    def freeze(self) -> _PreparedCell:
        self._styled = self._style is not None and any(self._style)
        self._sid = self.parent.parent._cell_styles.add(self._style) if self._styled else 0
        self._letter = get_column_letter(self.column)
        return self

    @property
    def style_id(self) -> int:
        return self._sid

    @property
    def has_style(self) -> bool:
        return self._styled

    @property
    def coordinate(self) -> str:
        return f"{self._letter}{self.row}"


#: Excel's day 0 for the 1900 date system (serial 1 is 1900-01-01; dates from 1900-03-01 on).
_EXCEL_EPOCH: Final = date(1899, 12, 30).toordinal()


class _Column:
    """The prepared cells of one column: a number cell with the column's format and two text
    cells (plain, and quote-prefixed for text that looks like a formula)."""

    def __init__(
        self, sheet: _StreamSheet, index: int, kind: CellKind, lang: Lang, zone: str | None = None
    ) -> None:
        self.kind = kind
        self.lang = lang
        self.text = _PreparedCell(sheet, row=1, column=index)
        self.text.data_type = "s"
        self.guarded = _PreparedCell(sheet, row=1, column=index)
        self.guarded.data_type = "s"
        self.guarded.quotePrefix = True
        self.number = _PreparedCell(sheet, row=1, column=index)
        self.number.data_type = "n"
        self.serials: dict[str, int] = {}
        if kind == "datetime":
            self.number.data_type = "d"
            self.number.number_format = datetime_format(zone)
        elif kind == "date":
            # Written as the day's serial number with a date format: exactly what openpyxl
            # writes for a date, without converting every cell again.
            self.number.number_format = DATE_FORMAT
        elif kind == "money":
            self.number.number_format = MONEY_FORMAT
        elif kind == "price":
            self.number.number_format = PRICE_FORMAT
        elif kind == "int":
            self.number.number_format = INT_FORMAT
        for cell in (self.text, self.guarded, self.number):
            cell.freeze()
        self.fill: Callable[[Any], Any] = getattr(self, f"_{kind}")

    def _as_text(self, value: Any) -> Any:
        text = value if isinstance(value, str) else str(value)
        if not text:
            return None
        if _ILLEGAL.search(text):
            text = _ILLEGAL.sub("\ufffd", text)
        cell = self.guarded if text[0] in FORMULA_STARTS else self.text
        cell._value = text
        return cell

    _text = _as_text

    def _entry_kind(self, value: Any) -> Any:
        return self._as_text(kind_label(str(value), self.lang))

    def _money(self, value: Any) -> Any:
        fen = int(value)
        if -_EXACT_LIMIT < fen < _EXACT_LIMIT:
            self.number._value = _fen_text(fen)
            return self.number
        return self._as_text(format_fen(fen))

    def _int(self, value: Any) -> Any:
        number = int(value)
        if -_EXACT_LIMIT < number < _EXACT_LIMIT:
            self.number._value = number
            return self.number
        return self._as_text(str(number))

    def _price(self, value: Any) -> Any:
        text = str(value)
        if _price_digits(text) <= _EXACT_DIGITS:
            self.number._value = text
            return self.number
        return self._as_text(text)

    def _date(self, value: Any) -> Any:
        serial = self.serials.get(value)
        if serial is None:
            day = value if isinstance(value, date) else date.fromisoformat(value)
            serial = day.toordinal() - _EXCEL_EPOCH
            if len(self.serials) < 100_000:
                self.serials[value] = serial
        self.number._value = serial
        return self.number

    def _datetime(self, value: Any) -> Any:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        # Excel has no time zones: show the wall-clock time where it was recorded.
        self.number._value = moment.replace(tzinfo=None)
        return self.number


def datetime_format(zone: str | None) -> str:
    """A date-time's number format: the wall-clock time, and the zone it is in when known."""
    if not zone:
        return DATETIME_FORMAT
    return f'{DATETIME_FORMAT}" {zone.replace(chr(34), "")}"'


def _shown(kind: CellKind, value: Any, lang: Lang, zone: str | None = None) -> str:
    """Roughly how a value is displayed, to size its column."""
    if kind == "money":
        return format_fen(int(value), thousands=True) + " 元"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "price":
        return f"{value} 元"
    if kind == "date":
        return "2020-12-28"
    if kind == "datetime":
        return "2020-12-28 18:00:00" + (f" {zone}" if zone else "")
    if kind == "entry_kind":
        return kind_label(str(value), lang)
    return str(value)


def _widths(
    columns: Sequence[Column],
    headings: Sequence[str],
    sample: Sequence[Sequence[Any]],
    known: dict[str, list[str]],
    lang: Lang,
    zone: str | None = None,
) -> list[int]:
    widths = [display_width(text) + 3 for text in headings]  # room for the filter button
    for index, column in enumerate(columns):
        for name in known.get(column.key, ()):
            widths[index] = max(widths[index], display_width(name))
    for row in sample:
        for index, (column, value) in enumerate(zip(columns, row, strict=False)):
            if value is not None:
                shown = _shown(column.kind, value, lang, zone)
                widths[index] = max(widths[index], display_width(shown))
    return [min(MAX_WIDTH, max(6, width + 2)) for width in widths]


def _heading_row(
    sheet: _StreamSheet, headings: Sequence[str], kinds: Sequence[CellKind] = ()
) -> list[Any]:
    cells = []
    for index, text in enumerate(headings, start=1):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        cell.column = index
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        if index <= len(kinds) and kinds[index - 1] in FIGURE_KINDS:
            cell.alignment = RIGHT
        if needs_guard(text):
            cell.quotePrefix = True
        cells.append(cell)
    return cells


@dataclass
class SheetPart:
    """One physical sheet written: its title, the table it belongs to and its data rows."""

    title: str
    table: str
    part: int
    rows: int


class _TableWriter:
    """Writes one table onto one sheet, or several when it passes the row limit."""

    def __init__(
        self,
        workbook: Workbook,
        table: Table,
        lang: Lang,
        row_limit: int,
        widths: list[int],
        zone: str | None = None,
    ) -> None:
        self.workbook = workbook
        self.table = table
        self.lang = lang
        self.zone = zone
        self.per_sheet = row_limit - 1
        self.widths = widths
        self.headings = [heading(column.key, lang) for column in table.columns]
        self.parts: list[SheetPart] = []

    def _start(self, part: int) -> tuple[_StreamSheet, list[_Column]]:
        sheet = _new_sheet(self.workbook, sheet_name(self.table.key, self.lang, part))
        for index, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        kinds = [column.kind for column in self.table.columns]
        sheet.append(_heading_row(sheet, self.headings, kinds))
        columns = [
            _Column(sheet, index, column.kind, self.lang, self.zone)
            for index, column in enumerate(self.table.columns, start=1)
        ]
        return sheet, columns

    def _finish(self, sheet: _StreamSheet, part: int, rows: int) -> None:
        last = get_column_letter(len(self.headings))
        sheet.auto_filter.ref = f"A1:{last}{rows + 1}"
        self.parts.append(SheetPart(sheet.title, self.table.key, part, rows))

    def write(self, rows: Iterable[Sequence[Any]]) -> list[SheetPart]:
        part = 1
        sheet, columns = self._start(part)
        fills = [column.fill for column in columns]
        append = sheet.append
        count = 0
        for row in rows:
            if count == self.per_sheet:
                self._finish(sheet, part, count)
                part += 1
                sheet, columns = self._start(part)
                fills = [column.fill for column in columns]
                append = sheet.append
                count = 0
            cells = []
            for fill, value in zip(fills, row, strict=True):
                if value is not None:
                    cell = fill(value)
                    if cell is not None:
                        cells.append(cell)
            append(cells)
            count += 1
        self._finish(sheet, part, count)
        return self.parts


def write_table(
    workbook: Workbook, table: Table, lang: Lang, row_limit: int, zone: str | None = None
) -> list[SheetPart]:
    """Stream ``table`` onto one or more sheets of a write-only workbook; date-times are in
    ``zone`` (the ledger's), which their format states."""
    if row_limit < 2:
        raise ValueError("row_limit must leave room for the heading and a row")
    rows = iter(table.rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    headings = [heading(column.key, lang) for column in table.columns]
    widths = _widths(table.columns, headings, sample, table.known, lang, zone)
    writer = _TableWriter(workbook, table, lang, row_limit, widths, zone)
    return writer.write(chain(sample, rows))


# --- Summary ------------------------------------------------------------------------------------


def _cell(
    sheet: _StreamSheet,
    value: Any,
    kind: CellKind = "text",
    *,
    bold: bool = False,
    right: bool = False,
    zone: str | None = None,
) -> Any:
    """A one-off cell (for the small sheets), through the same rules as the streamed ones."""
    if value is None:
        return None
    column = _Column(sheet, 1, kind, "en", zone)
    cell = column.fill(value)
    if cell is None:
        return None
    fresh = WriteOnlyCell(sheet)
    fresh._value = cell._value
    fresh.data_type = cell.data_type
    fresh.number_format = cell.number_format
    fresh.quotePrefix = cell.quotePrefix
    if bold:
        fresh.font = HEADER_FONT
    if right:
        fresh.alignment = RIGHT
    return fresh


class _SmallSheet:
    """A write-only sheet filled row by row with one-off cells (Summary, Manifest)."""

    def __init__(self, workbook: Workbook, title: str, zone: str | None = None) -> None:
        self.sheet = _new_sheet(workbook, title)
        self.row = 0
        self.zone = zone

    def put(
        self, *values: tuple[Any, CellKind] | Any, bold: bool = False, right_from: int = 0
    ) -> int:
        """Append a row; each value is ``(value, kind)`` or plain text. Returns its number.
        Cells from column ``right_from`` on (1-based; 0: none) are right-aligned."""
        cells = []
        for index, spec in enumerate(values, start=1):
            value, kind = spec if isinstance(spec, tuple) else (spec, "text")
            right = 0 < right_from <= index
            cell = _cell(self.sheet, value, kind, bold=bold, right=right, zone=self.zone)
            if cell is not None:
                cell.column = index
                cells.append(cell)
        # An explicit height (LibreOffice ignores the sheet's default): so the rows a chart
        # covers, and what fits on a page, are known when the sheet is laid out.
        self.sheet.row_dimensions[self.row + 1].height = ROW_HEIGHT
        self.sheet.append(cells)
        self.row += 1
        return self.row

    def page_break(self) -> None:
        """Start a new printed page after the last row written."""
        from openpyxl.worksheet.pagebreak import Break

        self.sheet.row_breaks.append(Break(id=self.row))

    def fits_on_page(self, rows: int) -> bool:
        """Whether ``rows`` more rows fit on the current landscape page (at 100 %; when the
        sheet prints smaller, more fit, so a block kept together by this stays together)."""
        used = self.row if self.row < PAGE_ROWS else (self.row - PAGE_ROWS) % (PAGE_ROWS - 1) + 1
        return used + rows <= PAGE_ROWS

    def widths(self, widths: Sequence[int]) -> None:
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width


def _kind(figure: str) -> CellKind:
    return "money" if figure in MONEY_FIGURES else "int"


#: The Summary's label column is never wider than this (a township name longer still is shown
#: in full in the cell and wraps in no program; it is cut only in print).
LABEL_MAX_WIDTH: Final = 80


def _summary_widths(report: Report, lang: Lang) -> list[int]:
    """Column A as wide as its longest label (a wide character counts 2), each figure column as
    wide as its heading or its widest value."""
    labels = [label(lang, "totals.title"), label(lang, "totals.figure"), label(lang, "total")]
    for dim in ("batch", "township"):
        labels.append(label(lang, f"dim.{dim}"))
        labels.append(label(lang, "report.by", dim=label(lang, f"dim.{dim}")))
        labels.extend(key_text(lang, dim, row.key) for row in report.tables.get(dim, []))
    labels.extend(label(lang, f"totals.{figure}") for figure in TOTAL_FIGURES)
    first = min(LABEL_MAX_WIDTH, max(12, *(display_width(text) for text in labels)) + 2)
    figures = []
    for index, figure in enumerate(ROW_FIGURES):
        shown = [display_width(label(lang, f"col.{figure}"))]
        if index == 0:
            shown.append(display_width(label(lang, "totals.value")))
            shown.extend(
                display_width(_shown(_kind(name), value, lang))
                for name in TOTAL_FIGURES
                if (value := getattr(report.totals, name)) is not None
            )
        value = getattr(report.totals, figure)
        if value is not None:
            shown.append(display_width(_shown(_kind(figure), value, lang)))
        figures.append(min(MAX_WIDTH, max(12, *shown) + 3))
    return [first, *figures]


def write_summary(workbook: Workbook, export: Export, lang: Lang) -> SheetPart:
    """The report by batch and by township, its totals, and a bar chart per township of spend
    and of person-times, each starting a printed page of its own."""
    report = export.report
    small = _SmallSheet(workbook, sheet_name("summary", lang))
    if report is not None:
        small.widths(_summary_widths(report, lang))
    else:
        small.widths([24, *([18] * len(ROW_FIGURES))])
    small.put(label(lang, "report.title"), bold=True)
    small.put(period_text(lang, export.since, export.until))
    small.put(label(lang, "units"))
    if report is None:
        return SheetPart(small.sheet.title, "summary", 1, small.row)
    township: list[tuple[str, ReportRow]] = []
    township_header = 0
    for dim in ("batch", "township"):
        rows = report.tables.get(dim, [])
        small.put()
        small.put(label(lang, "report.by", dim=label(lang, f"dim.{dim}")), bold=True)
        header = small.put(
            label(lang, f"dim.{dim}"),
            *(label(lang, f"col.{figure}") for figure in ROW_FIGURES),
            bold=True,
            right_from=2,
        )
        for row in rows:
            small.put(
                key_text(lang, dim, row.key),
                *((getattr(row, figure), _kind(figure)) for figure in ROW_FIGURES),
            )
        if dim == "township":
            township = [(key_text(lang, dim, row.key), row) for row in rows]
            township_header = header
        totals = report.totals
        small.put(
            label(lang, "total"),
            *((getattr(totals, figure), _kind(figure)) for figure in ROW_FIGURES),
            bold=True,
        )
    # The totals are kept on one page.
    if small.fits_on_page(3 + len(TOTAL_FIGURES)):
        small.put()
    else:
        small.page_break()
    small.put(label(lang, "totals.title"), bold=True)
    small.put(label(lang, "totals.figure"), label(lang, "totals.value"), bold=True, right_from=2)
    for figure in TOTAL_FIGURES:
        small.put(label(lang, f"totals.{figure}"), (getattr(report.totals, figure), _kind(figure)))
    written = small.row
    if township:
        _township_charts(small, township_header, township, lang)
    columns = get_column_letter(1 + len(ROW_FIGURES))
    small.sheet.print_area = f"A1:{columns}{small.row}"
    return SheetPart(small.sheet.title, "summary", 1, written)


#: Row height in centimetres, and the most a chart may take of a landscape A4 page.
_ROW_CM: Final = ROW_HEIGHT * 2.54 / 72
_CHART_MAX_CM: Final = 14.0


def _township_charts(
    small: _SmallSheet, header: int, rows: Sequence[tuple[str, ReportRow]], lang: Lang
) -> None:
    """Horizontal bar charts of spend and person-times by township, in the table's order (the
    first township on top), each on a printed page of its own (empty rows of known height under
    it). Every series carries its values and names (numCache, strCache): a viewer that does not
    recalculate still draws the bars."""
    from math import ceil

    from openpyxl.chart.data_source import (
        AxDataSource,
        NumData,
        NumDataSource,
        NumRef,
        NumVal,
        StrData,
        StrRef,
        StrVal,
    )
    from openpyxl.chart.series import Series, SeriesLabel

    sheet = small.sheet
    sheet_ref = quote_sheetname(sheet.title)
    first, last = header + 1, header + len(rows)
    names = StrRef(
        f=f"{sheet_ref}!$A${first}:$A${last}",
        strCache=StrData(
            ptCount=len(rows), pt=[StrVal(idx=i, v=name) for i, (name, _) in enumerate(rows)]
        ),
    )
    widths = [
        sheet.column_dimensions[get_column_letter(index)].width or 10
        for index in range(1, len(ROW_FIGURES) + 2)
    ]
    # About 0.2 cm per width unit: the chart stays within the printed columns, so it never
    # makes the page scale down.
    chart_width = min(24.0, 0.19 * sum(widths))
    chart_height = min(_CHART_MAX_CM, max(10.0, 0.6 * len(rows) + 3))
    covers = ceil(chart_height / _ROW_CM) + 1
    for figure, measure, number_format in (
        ("spend", "measure.spend", AXIS_MONEY_FORMAT),
        ("people", "measure.people", INT_FORMAT),
    ):
        letter = get_column_letter(2 + ROW_FIGURES.index(figure))
        values = [int(getattr(data, figure) or 0) for _, data in rows]
        shown = [v / 100 for v in values] if figure in MONEY_FIGURES else values
        series = Series(
            val=NumDataSource(
                numRef=NumRef(
                    f=f"{sheet_ref}!${letter}${first}:${letter}${last}",
                    numCache=NumData(
                        formatCode="General",
                        ptCount=len(rows),
                        pt=[NumVal(idx=i, v=v) for i, v in enumerate(shown)],
                    ),
                )
            ),
            cat=AxDataSource(strRef=names),
            tx=SeriesLabel(
                strRef=StrRef(
                    f=f"{sheet_ref}!${letter}${header}",
                    strCache=StrData(ptCount=1, pt=[StrVal(idx=0, v=label(lang, f"col.{figure}"))]),
                )
            ),
        )
        chart = BarChart()
        chart.type = "bar"  # horizontal bars: long township names stay readable
        chart.style = 10
        chart.title = f"{label(lang, measure)} — {label(lang, 'dim.township')}"
        chart.legend = None
        chart.series.append(series)
        chart.width = chart_width
        chart.height = chart_height
        # Categories from the top down, in the table's order; the value axis stays at the
        # bottom (it crosses the category axis at its last category).
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
        chart.y_axis.numFmt = number_format
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        small.page_break()
        sheet.add_chart(chart, f"A{small.row + 1}")
        for _ in range(covers):
            small.put()


# --- Manifest -----------------------------------------------------------------------------------


def _m(key: str, lang: Lang, **fields: Any) -> str:
    return render_key(f"manifest.{key}", lang, **fields)


def _control_heading(column: str, lang: Lang) -> str:
    if column in ("rows", "deliveries"):
        return _m(column, lang)
    return heading(column, lang)


def _zone_text(export: Export) -> str:
    """``Asia/Shanghai (UTC+08:00)``: the zone, and its offset when the export was made."""
    offset = export.generated_at.strftime("%z")
    if len(offset) == 5:
        return f"{export.time_zone} (UTC{offset[:3]}:{offset[3:]})"
    return export.time_zone


def write_manifest(
    workbook: Workbook, export: Export, parts: Sequence[SheetPart], lang: Lang, row_limit: int
) -> SheetPart:
    """What the file holds: facts, every sheet and its row count, control totals."""
    small = _SmallSheet(workbook, sheet_name("manifest", lang), export.time_zone)
    small.widths([34, 68, 40])
    small.put(_m("title", lang), bold=True)
    small.put(heading("fact", lang), heading("fact_value", lang), bold=True)
    small.put(_m("generated_at", lang), (export.generated_at.replace(tzinfo=None), "datetime"))
    small.put(_m("time_zone", lang), _zone_text(export))
    small.put(_m("version", lang), __version__)
    small.put(_m("ledger", lang), export.location)
    open_text = _m("open", lang)
    small.put(_m("since", lang), (export.since, "date") if export.since else open_text)
    small.put(_m("until", lang), (export.until, "date") if export.until else open_text)
    small.put(_m("latest_id", lang), export.latest_id)
    small.put(_m("latest_hash", lang), export.latest_hash)
    small.put(_m("entries", lang), (export.entry_count, "int"))
    small.put()
    small.put(_m("sheets", lang), bold=True)
    small.put(heading("sheet", lang), heading("rows", lang), heading("sheet_note", lang), bold=True)
    all_parts = [*parts, SheetPart(small.sheet.title, "manifest", 1, 0)]
    for index, part in enumerate(all_parts):
        notes = []
        if part.part > 1:
            notes.append(_m("continues", lang, part=part.part, table=sheet_name(part.table, lang)))
        following = all_parts[index + 1] if index + 1 < len(all_parts) else None
        if following is not None and following.table == part.table:
            notes.append(_m("continued", lang, title=following.title))
        if notes:
            notes.append(_m("row_limit", lang, limit=row_limit))
        rows = (part.rows, "int") if part.table != "manifest" else None
        small.put(part.title, rows, "; ".join(notes) or None)
    small.put()
    small.put(_m("controls", lang), bold=True)
    small.put(heading("sheet", lang), heading("control", lang), heading("control_value", lang))
    for control in export.controls:
        heading_text = _control_heading(control.column, lang)
        if control.item is not None:
            heading_text = _m(
                "qty_of", lang, qty=heading_text, item=control.item, unit=control.unit
            )
        small.put(
            sheet_name(control.sheet, lang),
            heading_text,
            (control.value, control.kind),
        )
    return SheetPart(small.sheet.title, "manifest", 1, small.row)


# --- the export ---------------------------------------------------------------------------------


@dataclass
class Written:
    """What an export wrote: every sheet with its data rows."""

    parts: list[SheetPart] = field(default_factory=list)

    def rows(self, table: str) -> int:
        return sum(part.rows for part in self.parts if part.table == table)


def _discard(workbook: Workbook) -> None:
    """Remove the temporary files of a write-only workbook that will not be saved."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        # Best effort: the export has already failed; do not hide why. Rows first (that ends
        # the sheet's XML element), then the sheet's stream, then its temporary file.
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with suppress(Exception):
                rows.close()
        with suppress(Exception):
            writer.close()
        with suppress(Exception):
            writer.cleanup()


def _escape(text: str) -> str:
    """Text for a page header or footer, where ``&`` starts a code."""
    return text.replace("&", "&&")


def _shorten(text: str, width: int = 60) -> str:
    """At most ``width`` characters, keeping the end (of a long path: the file's name)."""
    return text if len(text) <= width else "…" + text[-(width - 1) :]


@dataclass(frozen=True)
class PrintInfo:
    """What every printed page of the export says in its header and footer."""

    ledger: str
    period: str
    #: When the export was made, with the zone: ``2021-01-05 09:30 Asia/Shanghai (UTC+08:00)``.
    generated: str
    lang: Lang


def print_info(export: Export, lang: Lang) -> PrintInfo:
    return PrintInfo(
        ledger=export.location,
        period=period_text(lang, export.since, export.until),
        generated=f"{export.generated_at:%Y-%m-%d %H:%M} {_zone_text(export)}",
        lang=lang,
    )


def _print_setup(sheet: Any, info: PrintInfo) -> None:
    """A4, landscape when wide, fit to the page width, heading row on every page, header and
    footer: the same for every sheet, whatever its columns (set after its rows are written;
    what must precede them is set by ``_new_sheet``)."""
    widths = [dimension.width or 9 for dimension in sheet.column_dimensions.values()]
    setup = sheet.page_setup
    setup.paperSize = A4
    setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = False
    if sheet.print_title_rows is None:
        sheet.print_title_rows = "1:1"
    lang = info.lang
    page = render_key("print.page", lang, page="&P", pages="&N")
    generated = render_key("print.generated", lang, when=_escape(info.generated))
    parts = (
        (sheet.oddHeader.left, _escape(_shorten(info.ledger))),
        (sheet.oddHeader.center, "&A"),
        (sheet.oddHeader.right, _escape(info.period)),
        (sheet.oddFooter.left, generated),
        (sheet.oddFooter.right, page),
    )
    for part, text in parts:
        part.text = text
        part.size = 9
        part.font = f"{FONT_NAME},Regular"


def write_export(
    export: Export, out: IO[bytes], *, lang: Lang, row_limit: int = EXCEL_MAX_ROWS
) -> Written:
    """Write the whole workbook to ``out`` (a binary file); consumes the export's row iterators.

    Sheets, in order: Summary, then every table of the export (Purchases, Shipments, Grants,
    each continued on ``… (2)`` past ``row_limit`` rows, Stock, Funds, Voids …), Manifest;
    each set up for print (``_print_setup``).
    """
    if row_limit < 2 or row_limit > EXCEL_MAX_ROWS:
        raise ValueError(f"row_limit must be between 2 and {EXCEL_MAX_ROWS}")
    workbook = Workbook(write_only=True)
    use_font(workbook)
    written = Written()
    try:
        written.parts.append(write_summary(workbook, export, lang))
        for table in export.tables:
            written.parts.extend(write_table(workbook, table, lang, row_limit, export.time_zone))
        data_parts = [part for part in written.parts if part.table != "summary"]
        written.parts.append(write_manifest(workbook, export, data_parts, lang, row_limit))
        info = print_info(export, lang)
        for sheet in workbook.worksheets:
            _print_setup(sheet, info)
        workbook.save(out)
    except BaseException:
        _discard(workbook)
        raise
    return written


# --- templates ----------------------------------------------------------------------------------


@dataclass
class TemplateLists:
    """The names a template offers in its drop-down lists."""

    townships: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    funds: list[str] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


TEMPLATE_ROWS: Final = 10_000


def write_template(
    out: IO[bytes],
    kind: ImportKind,
    lists: TemplateLists,
    lang: Lang,
    rows: Sequence[dict[str, Any]] = (),
) -> None:
    """A workbook clerks fill in: the kind's headings and drop-down lists of known names.

    ``rows`` are filled in already, by column key (the stocktake form: date, location, item
    and book quantity of every item, the counted quantity left for the clerk)."""
    workbook = Workbook()
    use_font(workbook)
    sheet = workbook.active
    sheet.title = sheet_name(kind, lang)
    columns = LAYOUTS[kind].template()
    keys = [column.key for column in columns]
    headings = [heading(key, lang) for key in keys]
    for index, text in enumerate(headings, start=1):
        cell = sheet.cell(row=1, column=index, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}1"

    values = {
        "places": [*lists.townships, *lists.units],
        "items": lists.items,
        "funds": lists.funds,
        "batches": lists.batches,
        "groups": lists.groups,
        "locations": lists.locations,
    }
    hidden = workbook.create_sheet(sheet_name("lists", lang))
    hidden.sheet_state = "hidden"
    list_ranges: dict[str, str] = {}
    for index, (name, names) in enumerate(values.items(), start=1):
        hidden.cell(row=1, column=index, value=render_key(f"list.title.{name}", lang))
        for offset, value in enumerate(names, start=2):
            hidden.cell(row=offset, column=index, value=value).data_type = "s"
        if names:
            letter = get_column_letter(index)
            list_ranges[name] = (
                f"{quote_sheetname(hidden.title)}!${letter}$2:${letter}${len(names) + 1}"
            )

    for index, column in enumerate(columns, start=1):
        key = column.key
        letter = get_column_letter(index)
        width = display_width(headings[index - 1]) + 4
        area = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        validation: DataValidation | None = None
        if column.listed is not None:
            name, strict = column.listed
            width = max([width, *(display_width(v) + 4 for v in values[name])])
            if name in list_ranges:
                validation = DataValidation(
                    type="list",
                    formula1=list_ranges[name],
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="stop" if strict else "information",
                    error=render_key(f"list.unknown.{name}", lang),
                )
        if validation is None and column.hint is not None:
            validation = DataValidation(allow_blank=True)
        if validation is not None:
            if column.hint is not None:
                validation.showInputMessage = True
                validation.prompt = render_key(column.hint, lang)
            validation.add(area)
            sheet.add_data_validation(validation)
        if key == "date":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
            width = max(width, 14)
        sheet.column_dimensions[letter].width = min(MAX_WIDTH, width)
    for number, filled in enumerate(rows, start=2):
        for index, key in enumerate(keys, start=1):
            given = filled.get(key)
            if given is not None:
                sheet.cell(row=number, column=index, value=given).data_type = (
                    "n" if isinstance(given, int) else "s"
                )
    workbook.save(out)


__all__ = [
    "EXCEL_MAX_ROWS",
    "FONT_NAME",
    "FORMULA_STARTS",
    "PrintInfo",
    "SheetPart",
    "TemplateLists",
    "Written",
    "display_width",
    "needs_guard",
    "write_export",
    "write_table",
    "write_template",
]
