"""The export prints: page setup on every sheet, one font, headings over figures right-aligned,
the Summary's label column and charts (tests/test_office.py opens it in LibreOffice)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reliefctl.display import display_width
from reliefctl.render.xlsx import AXIS_MONEY_FORMAT, FONT_NAME

from .conftest import CliRunner


@pytest.fixture
def workbook(domain_sqlite: CliRunner, tmp_path: Path) -> Path:
    cli = domain_sqlite
    assert cli("config", "set", "tz", "Asia/Shanghai").code == 0
    assert cli("void", "S-000004", "--reason", "录入重复").code == 0
    out = tmp_path / "relief.xlsx"
    result = cli("export", "--out", str(out))
    assert result.code == 0 and result.out == "" and result.err == "", result.err
    return out


def test_every_sheet_has_an_a4_page_setup_fit_to_width_with_titles(workbook: Path) -> None:
    book = load_workbook(workbook)
    # every sheet the export writes, the movement sheets of locations included
    assert len(book.worksheets) >= 13
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.paperSize == 9, sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        widths = sum(d.width or 9 for d in sheet.column_dimensions.values())
        assert setup.orientation == ("landscape" if widths > 90 else "portrait"), sheet.title
        header = sheet.oddHeader
        assert header.center.text == "&A"
        assert header.right.text == "all dates"
        assert header.left.text.endswith("ledger.sqlite")
        assert sheet.oddFooter.right.text == "page &P of &N"
        assert "Asia/Shanghai (UTC+08:00)" in sheet.oddFooter.left.text
    assert book["Shipments"].page_setup.orientation == "landscape"


def test_one_font_family_for_body_and_bold(workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as archive:
        styles = archive.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>", styles, re.S)
    assert fonts and any("<b" in font for font in fonts)
    for font in fonts:
        assert f'<name val="{FONT_NAME}"/>' in font, font
        assert '<charset val="134"/>' in font and '<family val="2"/>' in font
    assert "Calibri" not in styles


def test_headings_over_figures_are_right_aligned(workbook: Path) -> None:
    book = load_workbook(workbook)
    shipments = book["Shipments"]
    headings = {cell.value: cell for cell in shipments[1]}
    assert headings["value"].alignment.horizontal == "right"
    assert headings["qty"].alignment.horizontal == "right"
    assert headings["township"].alignment.horizontal is None
    summary = book["Summary"]
    for row in summary.iter_rows():
        if row[0].value in ("batch", "township"):
            assert all(cell.alignment.horizontal == "right" for cell in row[1:7])
            assert row[0].alignment.horizontal is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_summary_label_column_holds_its_longest_label(
    domain_sqlite: CliRunner, tmp_path: Path, lang: str
) -> None:
    cli = domain_sqlite
    long_name = "某某某某某某某某某某某某某某某某某某街道"
    assert cli("township", "add", long_name).code == 0
    assert cli("grant", "--date", "2021-01-05", "--to", long_name, "--amount", "10").code == 0
    path = tmp_path / "x.xlsx"
    assert cli("--lang", lang, "export", "--out", str(path)).code == 0
    sheet = load_workbook(path).worksheets[0]
    width = sheet.column_dimensions["A"].width
    # Rows 1-3 (title, period, units) run on over the empty cells beside them.
    labels = [row[0].value for row in sheet.iter_rows(min_row=4) if isinstance(row[0].value, str)]
    assert long_name in labels
    assert all(display_width(text) < width for text in labels)


def test_charts_list_townships_in_table_order_with_cached_values(
    workbook: Path, domain_sqlite: CliRunner
) -> None:
    report = json.loads(domain_sqlite("report", "--format", "json").out)
    towns = [row["township"] for row in report["by_township"]]
    with zipfile.ZipFile(workbook) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(name).decode() for name in charts]
    spend, people = xml
    for text in xml:
        assert '<orientation val="maxMin"/>' in text  # first township on top
        names = re.search(r"<cat>.*?<strCache>(.*?)</strCache>", text, re.S)
        assert names is not None
        assert re.findall(r"<v>(.*?)</v>", names.group(1)) == towns
        assert "<numCache>" in text
    values = re.search(r"<val>.*?<numCache>(.*?)</numCache>", spend, re.S)
    assert values is not None
    shown = [float(v) for v in re.findall(r"<v>(.*?)</v>", values.group(1))]
    assert shown == [float(row["spend"]) for row in report["by_township"]]
    counts = re.search(r"<val>.*?<numCache>(.*?)</numCache>", people, re.S)
    assert counts is not None
    assert [int(float(v)) for v in re.findall(r"<v>(.*?)</v>", counts.group(1))] == [
        row["people"] for row in report["by_township"]
    ]
    assert AXIS_MONEY_FORMAT.replace('"', "&quot;") in spend or AXIS_MONEY_FORMAT in spend
    assert ".00" not in AXIS_MONEY_FORMAT


def test_times_state_the_ledger_zone(workbook: Path) -> None:
    book = load_workbook(workbook)
    voids = book["Voids"]
    headings = [cell.value for cell in voids[1]]
    recorded = voids.cell(row=2, column=headings.index("recorded at") + 1)
    assert recorded.is_date and "Asia/Shanghai" in recorded.number_format
    manifest = book["Manifest"]
    generated = manifest.cell(row=3, column=2)
    assert generated.is_date and "Asia/Shanghai" in generated.number_format
