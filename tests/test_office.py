"""The export opened in a real spreadsheet program: LibreOffice converts it to PDF, and poppler's
``pdfinfo``/``pdftotext`` read what would be printed. Marked ``office``; skipped, with the
reason, where LibreOffice or poppler is absent (``.ci/run`` installs them)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reliefctl.i18n import Lang
from reliefctl.render.labels import key_text, label
from reliefctl.reports.report import MONEY_FIGURES, ROW_FIGURES, TOTAL_FIGURES

from .conftest import CliRunner

pytestmark = pytest.mark.office

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
#: Sheets, plus the Summary's second page (its totals), its two chart pages and one more.
EXTRA_PAGES = 4


def _need_tools() -> None:
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        )
    if not POPPLER:
        pytest.skip("poppler's pdftotext/pdfinfo are not installed: apt-get install poppler-utils")


def to_pdf(source: Path, tmp_path: Path) -> Path:
    """``source`` converted by LibreOffice, headless, with a private profile."""
    assert SOFFICE is not None
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / (source.stem + ".pdf")
    assert pdf.exists()
    return pdf


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match is not None
    return int(match.group(1))


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("元", "").strip())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_libreoffice_prints_the_export_whole_and_its_totals_are_the_report(
    domain_sqlite: CliRunner, tmp_path: Path, lang: Lang
) -> None:
    _need_tools()
    cli = domain_sqlite
    assert cli("config", "set", "tz", "Asia/Shanghai").code == 0
    assert cli("void", "S-000004", "--reason", "录入重复").code == 0
    book = tmp_path / "relief.xlsx"
    assert cli("--lang", lang, "export", "--out", str(book)).code == 0
    report = json.loads(cli("report", "--format", "json").out)
    pdf = to_pdf(book, tmp_path)
    sheets = len(load_workbook(book, read_only=True).sheetnames)
    assert pdf_pages(pdf) <= sheets + EXTRA_PAGES
    text = pdf_text(pdf)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    # Every Summary label is printed whole.
    wanted = [label(lang, f"totals.{figure}") for figure in TOTAL_FIGURES]
    wanted += [label(lang, f"col.{figure}") for figure in ROW_FIGURES]
    for dim in ("batch", "township"):
        wanted.append(label(lang, f"dim.{dim}"))
        wanted += [key_text(lang, dim, row[dim]) for row in report[f"by_{dim}"]]
    for text_label in wanted:
        assert any(" ".join(text_label.split()) in line for line in lines), text_label
    # The printed totals are the report's.
    totals = report["totals"]
    for figure in TOTAL_FIGURES:
        name = " ".join(label(lang, f"totals.{figure}").split())
        if totals[figure] is None:  # unique persons without any list: a blank cell
            assert name in lines, name
            continue
        printed = [line for line in lines if line.startswith(name + " ")]
        assert printed, name
        value = printed[0][len(name) :].strip()
        if figure in MONEY_FIGURES:
            assert _amount(value) == Decimal(totals[figure]), figure
        else:
            assert int(value.replace(",", "")) == totals[figure], figure
    # The header and footer of every page.
    assert text.count("Asia/Shanghai") >= sheets
    assert re.search(r"(page 1 of \d+|第 1 页，共 \d+ 页)", text)
