"""``reliefctl template``: headings, drop-down lists of known names (Excel data validation), and a
filled-in template imports as it is."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reliefctl.ledger.sheets import LAYOUTS, heading

from .conftest import CliRunner, domain_setup


def _validations(sheet: object) -> dict[str, object]:
    """Column letter -> its data validation."""
    found: dict[str, object] = {}
    for validation in sheet.data_validations.dataValidation:  # type: ignore[attr-defined]
        for area in str(validation.sqref).split():
            found[area.split(":")[0].rstrip("0123456789")] = validation
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["purchases", "shipments", "grants"])
def test_template_headings_and_drop_down_lists(
    cli: CliRunner, tmp_path: Path, kind: str, lang: str
) -> None:
    domain_setup(cli)
    out = tmp_path / f"{kind}.xlsx"
    result = cli("template", "--kind", kind, "--out", str(out), "--lang", lang)
    assert result.code == 0, result.err
    assert f"reliefctl import {out} --kind {kind}" in result.out
    book = load_workbook(out)
    data, lists = book.worksheets
    assert (
        data.title
        == {
            "en": kind.capitalize(),
            "zh": {"purchases": "采购", "shipments": "物资发放", "grants": "慰问金"}[kind],
        }[lang]
    )
    assert lists.sheet_state == "hidden"
    keys = [column.key for column in LAYOUTS[kind].template()]  # type: ignore[index]
    assert [cell.value for cell in data[1]] == [heading(key, lang) for key in keys]  # type: ignore[arg-type]
    assert data.freeze_panes == "A2"
    letters = {key: chr(ord("A") + index) for index, key in enumerate(keys)}
    validations = _validations(data)
    listed = {
        "to": "places",
        "item": "items",
        "fund": "funds",
        "batch": "batches",
        "group": "groups",
    }
    for key, letter in letters.items():
        if key not in listed:
            continue
        validation = validations[letter]
        if key in ("batch", "group"):  # none yet: opened by first use, so no list to offer
            assert validation.type is None  # type: ignore[attr-defined]
            continue
        assert validation.type == "list"  # type: ignore[attr-defined]
        formula = validation.formula1  # type: ignore[attr-defined]
        assert formula.startswith(f"'{lists.title}'!$")
        column = formula.split("!$")[1].split("$")[0]
        values = [
            row[0]
            for row in lists.iter_rows(
                min_col=ord(column) - 64, max_col=ord(column) - 64, min_row=2, values_only=True
            )
            if row[0] is not None
        ]
        strict = validation.errorStyle in (None, "stop")  # type: ignore[attr-defined]
        assert strict == (key in ("to", "item", "fund"))
        if key == "item":
            assert values == ["暖身贴", "水饺", "汤圆", "酸奶", "面包"]
        if key == "to":
            assert values[:2] == ["区卫健委", "高丽营镇"] and values[-2:] == [
                "幸福东区",
                "西辛南区",
            ]
        if key == "fund":
            assert values == ["防疫专项资金"]
    assert data.column_dimensions[letters["date"]].number_format == "yyyy-mm-dd"


def test_an_empty_ledger_gives_a_template_without_lists(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert cli("template", "--kind", "shipments", "--out", str(out)).code == 0
    data = load_workbook(out).worksheets[0]
    found = _validations(data)
    # Only the location column has a list: a new ledger has its warehouse.
    assert all(v.type != "list" for k, v in found.items() if k != "J")  # type: ignore[attr-defined]
    assert data["J1"].value == "location" and found["J"].type == "list"  # type: ignore[attr-defined]
    assert data["A1"].value == "date"


def test_a_filled_in_template_imports(cli: CliRunner, tmp_path: Path) -> None:
    domain_setup(cli)
    assert (
        cli(
            "buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", "1000", "--total", "125"
        ).code
        == 0
    )
    out = tmp_path / "发放.xlsx"
    assert cli("template", "--kind", "shipments", "--out", str(out), "--lang", "zh").code == 0
    book = load_workbook(out)
    sheet = book.worksheets[0]
    sheet.append(
        [date(2020, 12, 28), "第一批", "高丽营镇", "暖身贴", 600, 60, "一线防疫人员", "DN-1", None]
    )
    sheet.append(
        [date(2020, 12, 28), "第一批", "高丽营镇", "暖身贴", "4百", None, None, "DN-2", None]
    )
    book.save(out)
    refused = cli("import", str(out), "--kind", "shipments")
    assert refused.code == 2
    assert "sheet '物资发放', row 3, 数量: '4百' uses '百'" in refused.err
    sheet.delete_rows(3)
    book.save(out)
    result = cli("import", str(out), "--kind", "shipments")
    assert result.code == 0, result.err
    (entry,) = [
        e for e in json.loads(cli("log", "--format", "json").out) if e["kind"] == "shipment"
    ]
    assert entry["summary"] == "batch 第一批 → 高丽营镇: 暖身贴 ×600 个" and entry["people"] == 60


def test_template_refuses_bad_options(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("template", "--kind", "voids", "--out", str(tmp_path / "t.xlsx")).code == 2
    assert cli("template", "--kind", "grants", "--out", str(tmp_path)).code == 2
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob(".*.tmp"))


def test_template_xml_has_the_validations(cli: CliRunner, tmp_path: Path) -> None:
    domain_setup(cli)
    out = tmp_path / "t.xlsx"
    assert cli("template", "--kind", "grants", "--out", str(out)).code == 0
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert 'type="list"' in xml and "<formula1>'Lists'!$A$2:$A$12</formula1>" in xml
    # showDropDown="1" would hide the arrow (Excel's inverted flag); it must stay off.
    assert 'showDropDown="1"' not in xml
