"""Issue 13, packs: ``item pack 暖身贴 箱 --size 240``, and every quantity written in packs.

The parser and the pack arithmetic are tested alone; the commands through ``cli`` (SQLite and,
where the suite runs it, PostgreSQL); the checks that tamper with a stored row, the export and
the import through ``sqlite_cli``. Every refusal is also pinned in ``tests/golden/errors.txt``.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from reliefctl import errors
from reliefctl.ledger.packs import equivalent, largest
from reliefctl.ledger.parse import (
    Quantity,
    check_pack_name,
    check_unit_name,
    parse_counted,
    split_parts,
    split_unit,
)

from .conftest import CliRunner

BOX = {"箱": ("箱", 240)}
DATE = "2021-01-06"


# --- reading a quantity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("545箱", [("545", "箱")]),
        ("2箱40个", [("2", "箱"), ("40", "个")]),
        ("2箱 40个", [("2", "箱"), ("40", "个")]),
        ("1.5万个", [("1.5万", "个")]),
        ("3,000袋", [("3,000", "袋")]),
        ("10袋(5kg)", [("10", "袋(5kg)")]),
        ("２箱４０个", [("２", "箱"), ("４０", "个")]),
        ("130800", None),
        ("12万", None),
        ("100元", None),
        ("1e3", None),
        ("2箱40", None),  # a part without its unit: read (and refused) as a plain number
        ("abc", None),
    ],
)
def test_a_quantity_splits_into_numbers_and_names(
    text: str, parts: list[tuple[str, str]] | None
) -> None:
    assert split_parts(text) == parts


def test_split_unit_still_gives_one_number_and_one_unit() -> None:
    assert split_unit("545箱") == ("545", "箱")
    assert split_unit("2箱40个") == ("2箱40个", None)


def test_a_quantity_in_packs_is_read_against_the_item() -> None:
    cases = {
        "545箱": 130_800,
        "2箱40个": 520,
        "40个2箱": 520,
        "1.5箱": 360,  # a whole number of 个: accepted
        "1.5万个": 15_000,
        "3,000个": 3_000,
    }
    for text, base in cases.items():
        qty = parse_counted(text, "qty")
        assert isinstance(qty, Quantity), text
        assert qty.base("个", "暖身贴", BOX) == base, text
    assert parse_counted("1.5箱", "qty") == Quantity(Decimal("1.5"), "箱", "1.5箱", "qty")
    assert parse_counted("130800", "qty") == 130_800


def test_only_a_quantity_naming_a_pack_is_kept_as_written() -> None:
    for text, named in (("545箱", True), ("2箱40个", True), ("1000个", False)):
        qty = parse_counted(text, "qty")
        assert isinstance(qty, Quantity)
        assert qty.names_pack("个") is named, text


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("1.5箱", errors.PackNotWhole),  # 7.5 of a pack of 5
        ("0.1箱", errors.PackNotWhole),
        ("1.5个", errors.NotWhole),
        ("2箱3箱", errors.QuantityUnitTwice),
        ("2箱3个2个", errors.QuantityUnitTwice),
        ("12盒", errors.QuantityUnknownPack),
        ("300000000000箱", errors.NumberTooLarge),
    ],
)
def test_a_quantity_that_is_not_a_whole_number_of_units_is_refused(
    text: str, error: type[errors.ReliefError]
) -> None:
    qty = parse_counted(text, "qty")
    assert isinstance(qty, Quantity)
    with pytest.raises(error) as raised:
        qty.base("个", "暖身贴", {"箱": ("箱", 5)})
    assert raised.value.params["value"] == text


def test_a_unit_that_is_neither_the_items_nor_a_pack() -> None:
    qty = parse_counted("12箱", "qty")
    assert isinstance(qty, Quantity)
    with pytest.raises(errors.QuantityWrongUnit):
        qty.base("个", "暖身贴")  # no packs: the message of an item without packs
    with pytest.raises(errors.QuantityUnknownPack) as raised:
        qty.base("个", "暖身贴", {"盒": ("盒", 10)})
    assert raised.value.params["packs"] == errors.OneOf(("盒",))


def test_zero_packs_only_where_zero_is_allowed() -> None:
    with pytest.raises(errors.NumberZero):
        parse_counted("0箱", "qty")
    counted = parse_counted("0箱", "counted", allow_zero=True)
    assert isinstance(counted, Quantity)
    assert counted.base("个", "暖身贴", BOX) == 0


@pytest.mark.parametrize("name", ["个", "箱", "袋(5kg)", "袋（5公斤）", "kg", "桶"])
def test_unit_and_pack_names_without_digits_are_accepted(name: str) -> None:
    assert check_unit_name(name, "unit") == name
    assert check_pack_name(name, "pack") == name


@pytest.mark.parametrize("name", ["5kg袋", "袋5kg", "kg5", "１箱"])
def test_a_digit_outside_brackets_is_refused(name: str) -> None:
    with pytest.raises(errors.UnitNameDigit):
        check_unit_name(name, "unit")


@pytest.mark.parametrize("name", ["万", "亿", "元", "kg/袋", "大 箱", "(5kg)袋"])
def test_a_pack_name_must_read_back_after_a_number(name: str) -> None:
    with pytest.raises((errors.PackNameUnreadable, errors.UnitNameDigit)):
        check_pack_name(name, "pack")


def test_the_equivalent_is_in_the_largest_pack_with_a_remainder() -> None:
    packs = [("盒", 10), ("箱", 240), ("大箱", 240)]
    assert largest(packs) == ("箱", 240)
    assert equivalent(130_800, "个", packs) == "545箱"
    assert equivalent(130_810, "个", packs) == "545箱 10个"
    assert equivalent(239, "个", packs) is None  # less than one pack: nothing to say
    assert equivalent(0, "个", packs) is None
    assert equivalent(1000, "个", []) is None


@given(
    size=st.integers(min_value=2, max_value=10_000),
    packs=st.integers(min_value=0, max_value=10**6),
    rest=st.integers(min_value=0, max_value=10**6),
)
def test_a_quantity_in_packs_and_its_equivalent_agree(size: int, packs: int, rest: int) -> None:
    """N箱M个 is N × size + M; the equivalent of any base quantity reads back to it."""
    sizes = {"箱": ("箱", size)}
    if packs + rest:
        qty = parse_counted(f"{packs}箱{rest}个", "qty", allow_zero=True)
        assert isinstance(qty, Quantity)
        assert qty.base("个", "暖身贴", sizes) == packs * size + rest
    base = packs * size + rest
    shown = equivalent(base, "个", [("箱", size)])
    if base >= size:
        assert shown is not None
        again = parse_counted(shown.replace(" ", ""), "qty")
        assert isinstance(again, Quantity)
        assert again.base("个", "暖身贴", sizes) == base
    else:
        assert shown is None


# --- item pack ------------------------------------------------------------------------------


def _packed(cli: CliRunner) -> None:
    for line in (
        ("item", "add", "暖身贴", "--unit", "个"),
        ("item", "pack", "暖身贴", "箱", "--size", "240"),
        ("township", "add", "高丽营镇"),
        ("location", "add", "第3工会服务站"),
    ):
        result = cli(*line)
        assert result.code == 0, (line, result.err)


def _log(cli: CliRunner) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli("log", "--format", "json").out)
    return found


def test_a_pack_is_master_data_in_the_chain(cli: CliRunner) -> None:
    assert cli("item", "add", "暖身贴", "--unit", "个").code == 0
    added = cli("item", "pack", "暖身贴", "箱", "--size", "240")
    assert added.code == 0, added.err
    assert added.out == "M-000002 recorded: new pack 箱 of 暖身贴, holding 240 个\n"
    again = cli("item", "pack", "暖身贴", "箱", "--size", "240", "--json")
    assert json.loads(again.out) == {
        "id": None,
        "item": "暖身贴",
        "pack": "箱",
        "size": 240,
        "duplicate": True,
    }
    assert [row["summary"] for row in _log(cli) if row["kind"] == "master"][-1] == (
        "new pack 箱 of 暖身贴 (240 个)"
    )
    listed = json.loads(cli("item", "list", "--format", "json").out)
    assert listed == [{"item": "暖身贴", "unit": "个", "packs": [{"name": "箱", "size": 240}]}]
    assert "箱 = 240 个" in cli("item", "list").out
    assert cli("verify").code == 0


def test_a_packs_size_never_changes(cli: CliRunner) -> None:
    _packed(cli)
    before = _log(cli)
    refused = cli("item", "pack", "暖身贴", "箱", "--size", "200")
    assert refused.code == 1
    assert "a pack's size never changes" in refused.err
    assert _log(cli) == before
    # Another size is another name.
    assert cli("item", "pack", "暖身贴", "大箱", "--size", "480").code == 0


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("暖身贴", "个", "--size", "2"), 1, "is the unit"),
        (("暖身贴", "５kg袋", "--size", "2"), 2, "holds the digit"),
        (("暖身贴", "万", "--size", "2"), 2, "cannot be written after a number"),
        (("暖身贴", "盒", "--size", "0"), 2, "is zero"),
        (("暖身贴", "盒", "--size", "1.5"), 2, "not a whole number"),
        (("暖身", "盒", "--size", "10"), 1, "unknown item"),
    ],
)
def test_a_bad_pack_is_refused_and_nothing_is_written(
    cli: CliRunner, args: tuple[str, ...], code: int, says: str
) -> None:
    _packed(cli)
    before = _log(cli)
    refused = cli("item", "pack", *args)
    assert refused.code == code, refused.err
    assert says in refused.err
    assert _log(cli) == before


def test_a_pack_with_the_key_of_another_is_refused(cli: CliRunner) -> None:
    assert cli("item", "add", "手套", "--unit", "副").code == 0
    assert cli("item", "pack", "手套", "ｂox", "--size", "12").code == 0
    refused = cli("item", "pack", "手套", "box", "--size", "12")
    assert refused.code == 1 and "reads the same as the pack" in refused.err


def test_a_new_items_unit_holds_no_digit(cli: CliRunner) -> None:
    refused = cli("item", "add", "面粉", "--unit", "5kg袋")
    assert refused.code == 2 and "holds the digit '5'" in refused.err
    assert cli("item", "add", "面粉", "--unit", "袋(5kg)").code == 0
    bought = cli("buy", "--date", DATE, "--item", "面粉", "--qty", "10袋(5kg)", "--total", "50")
    assert bought.code == 0, bought.err
    assert json.loads(cli("stock", "--format", "json").out)[0]["qty"] == 10


# --- quantities on every command ------------------------------------------------------------


def test_a_purchase_in_packs_keeps_what_was_written(cli: CliRunner) -> None:
    _packed(cli)
    bought = cli(
        "buy", "--date", DATE, "--item", "暖身贴", "--qty", "545箱", "--unit-price", "0.125"
    )
    assert bought.code == 0, bought.err
    assert bought.out == (
        "P-000001 recorded: bought 暖身贴 ×545箱 (130,800 个) for 16,350.00 元, into 仓库\n"
    )
    shown = json.loads(cli("show", "P-000001", "--format", "json").out)
    assert (shown["rows"][0]["qty"], shown["rows"][0]["qty_text"]) == (130_800, "545箱")
    assert _log(cli)[-1]["summary"] == "bought 暖身贴 ×545箱 (130,800 个)"
    as_json = cli(
        "buy", "--date", DATE, "--item", "暖身贴", "--qty", "2箱40个", "--total", "65", "--json"
    )
    assert json.loads(as_json.out)["qty"] == 520
    assert json.loads(as_json.out)["qty_text"] == "2箱40个"
    plain = cli("buy", "--date", DATE, "--item", "暖身贴", "--qty", "1000个", "--total", "1")
    assert "×1,000 for" in plain.out
    shown = json.loads(cli("show", "P-000003", "--format", "json").out)
    assert shown["rows"][0]["qty_text"] is None  # written in the item's unit: nothing kept
    assert cli("verify").code == 0


def test_the_same_ref_in_packs_or_in_units_is_one_purchase(cli: CliRunner) -> None:
    _packed(cli)
    base = ("buy", "--date", DATE, "--item", "暖身贴", "--total", "100", "--ref", "PO-8")
    assert cli(*base, "--qty", "545箱").code == 0
    again = cli(*base, "--qty", "130800")
    assert again.code == 0 and "with the same content; nothing new" in again.out
    assert len([row for row in _log(cli) if row["kind"] == "purchase"]) == 1


def test_a_refused_quantity_writes_nothing(cli: CliRunner) -> None:
    _packed(cli)
    before = _log(cli)
    for qty, code in (("0.001箱", 1), ("2箱3箱", 2), ("12盒", 1), ("1.5个", 2)):
        refused = cli("buy", "--date", DATE, "--item", "暖身贴", "--qty", qty, "--total", "1")
        assert refused.code == code, (qty, refused.err)
        assert refused.err.count("\n") == 1
    assert _log(cli) == before


def test_every_movement_reads_packs(cli: CliRunner) -> None:
    _packed(cli)
    steps = [
        ("buy", "--date", DATE, "--item", "暖身贴", "--qty", "545箱", "--total", "16350"),
        ("ship", "--date", DATE, "--batch", "1", "--to", "高丽营镇", "--item", "暖身贴=10箱"),
        (
            "transfer",
            "--date",
            DATE,
            "--from",
            "仓库",
            "--to",
            "第3工会服务站",
            "--item",
            "暖身贴=2箱",
        ),
        (
            "writeoff",
            "--date",
            DATE,
            "--at",
            "第3工会服务站",
            "--item",
            "暖身贴=1箱5个",
            "--reason",
            "damaged",
        ),
        (
            "receive",
            "--date",
            DATE,
            "--item",
            "暖身贴",
            "--qty",
            "1箱",
            "--source",
            "donation",
            "--value",
            "0",
        ),
        (
            "receive",
            "--date",
            DATE,
            "--item",
            "暖身贴",
            "--qty",
            "1箱",
            "--source",
            "return",
            "--of",
            "S-000001",
        ),
        ("count", "--date", "2021-01-07", "--at", "第3工会服务站", "--item", "暖身贴=0箱235个"),
    ]
    said = []
    for step in steps:
        result = cli(*step)
        assert result.code == 0, (step, result.err)
        said.append(result.out)
    assert "暖身贴 ×10箱 (2,400 个)" in said[1]
    assert "暖身贴 ×2箱 (480 个) moved" in said[2]
    assert "暖身贴 ×1箱5个 (245 个)" in said[3]
    assert "received 暖身贴 ×1箱 (240 个)" in said[4]
    assert "暖身贴 ×1箱 (240 个) came back from S-000001" in said[5]
    assert "counted 0箱235个 (235 个), on the books 235" in said[6]
    stock = json.loads(cli("stock", "--format", "json").out)
    # 130,800 - 2,400 - 245 + 240 + 240 = 128,635 = 535箱 235个
    assert (stock[0]["qty"], stock[0]["qty_packs"]) == (128_635, "535箱 235个")
    assert "128,635 = 535箱 235个" in cli("stock").out
    at = json.loads(cli("stock", "--at", "第3工会服务站", "--format", "json").out)
    assert (at[0]["qty"], at[0]["qty_packs"]) == (235, None)
    by_item = json.loads(cli("report", "--by", "item", "--format", "json").out)["by_item"]
    assert (by_item[0]["qty"], by_item[0]["qty_packs"]) == (2_160, "9箱")
    assert "2,160 = 9箱" in cli("report", "--by", "item").out
    assert cli("report", "--by", "item", "--format", "csv").out.splitlines()[1].endswith(",9箱")
    summaries = [row["summary"] for row in _log(cli)]
    assert "batch 1 → 高丽营镇: 暖身贴 ×10箱 (2,400 个)" in summaries
    assert cli("verify").code == 0


def test_a_void_keeps_the_quantity_as_written(cli: CliRunner) -> None:
    _packed(cli)
    assert cli("buy", "--date", DATE, "--item", "暖身贴", "--qty", "5箱", "--total", "10").code == 0
    assert cli("void", "P-000001", "--reason", "录入重复").code == 0
    shown = json.loads(cli("show", "V-000001", "--format", "json").out)
    purchase = next(row for row in shown["rows"] if row["table"] == "purchases")
    assert (purchase["qty"], purchase["qty_text"]) == (-1200, "5箱")
    assert cli("verify").code == 0


def test_views_without_packs_have_null_pack_keys(cli: CliRunner) -> None:
    assert cli("item", "add", "面包", "--unit", "袋").code == 0
    assert cli("buy", "--date", DATE, "--item", "面包", "--qty", "100", "--total", "1").code == 0
    assert cli("township", "add", "南彩镇").code == 0
    shipped = cli("ship", "--date", DATE, "--batch", "1", "--to", "南彩镇", "--item", "面包=1")
    assert shipped.code == 0, shipped.err
    (row,) = json.loads(cli("stock", "--format", "json").out)
    assert row["qty_packs"] is None  # a key added to a contract is always there
    heading, line = cli("stock", "--format", "csv").out.splitlines()
    assert heading.endswith(",qty_packs") and line.endswith(",")
    (item,) = json.loads(cli("report", "--by", "item", "--format", "json").out)["by_item"]
    assert item["qty_packs"] is None
    assert json.loads(shipped_json(cli))["lines"][0]["qty_text"] is None


def shipped_json(cli: CliRunner) -> str:
    result = cli(
        "ship", "--date", DATE, "--batch", "1", "--to", "南彩镇", "--item", "面包=1", "--json"
    )
    assert result.code == 0, result.err
    return result.out


# --- verify ---------------------------------------------------------------------------------


def _tamper(url: str, sql: str, table: str) -> None:
    conn = sqlite3.connect(url)
    conn.execute(f"DROP TRIGGER {table}_no_update")
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_verify_finds_a_line_whose_base_is_not_its_packs(
    sqlite_cli: CliRunner, sqlite_url: str
) -> None:
    _packed(sqlite_cli)
    assert (
        sqlite_cli("buy", "--date", DATE, "--item", "暖身贴", "--qty", "2箱", "--total", "1").code
        == 0
    )
    _tamper(sqlite_url, "UPDATE purchases SET qty = 481", "purchases")
    found = sqlite_cli("verify")
    assert found.code != 0
    assert "P-000001: packs: a line of purchases keeps '2箱', which is 480 个, but stores 481" in (
        found.out
    )


def test_verify_finds_a_pack_that_could_not_be_recorded(
    sqlite_cli: CliRunner, sqlite_url: str
) -> None:
    _packed(sqlite_cli)
    _tamper(sqlite_url, "UPDATE item_packs SET size = 0, name = '个'", "item_packs")
    found = sqlite_cli("verify")
    assert "packs: the pack '个' holds 0: a pack holds at least 1" in found.out
    assert "packs: the pack '个' is named as the item's unit '个'" in found.out
    assert "packs: item_packs row 1: the key stored for '个' is not its key" in found.out


# --- export, template and import ------------------------------------------------------------


def test_packs_round_trip_through_the_export(sqlite_cli: CliRunner, tmp_path: Path) -> None:
    cli = sqlite_cli
    _packed(cli)
    assert cli("item", "pack", "暖身贴", "盒", "--size", "10").code == 0
    for step in (
        ("buy", "--date", DATE, "--item", "暖身贴", "--qty", "545箱", "--total", "16350"),
        ("ship", "--date", DATE, "--batch", "1", "--to", "高丽营镇", "--item", "暖身贴=10箱3盒"),
        ("count", "--date", DATE, "--at", "仓库", "--item", "暖身贴=534箱"),
    ):
        assert cli(*step).code == 0, step
    out = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(out)).code == 0
    book = load_workbook(out, read_only=True)
    items = list(book["Items"].iter_rows(values_only=True))
    assert [(*row, None, None)[:4] for row in items] == [
        ("item", "unit", "pack", "size"),
        ("暖身贴", "个", None, None),
        ("暖身贴", "个", "箱", 240),
        ("暖身贴", "个", "盒", 10),
    ]
    shipments = list(book["Shipments"].iter_rows(values_only=True))
    assert shipments[0][-1] == "qty_text" and shipments[1][-1] == "10箱3盒"
    stock = list(book["Stock"].iter_rows(values_only=True))
    assert stock[0][-1] == "in packs" and stock[1][-1] == "534箱"
    target = str(tmp_path / "copy.sqlite")
    assert cli("--db", target, "init").code == 0
    imported = cli("--db", target, "import", str(out), "--kind", "all")
    assert imported.code == 0, imported.err
    for view in (("stock",), ("item", "list"), ("report", "--by", "item")):
        assert (
            cli("--db", target, *view, "--format", "json").out == cli(*view, "--format", "json").out
        )
    copied = json.loads(cli("--db", target, "log", "--format", "json").out)
    assert [row["summary"] for row in copied if row["kind"] != "master"] == [
        row["summary"] for row in _log(cli) if row["kind"] != "master"
    ]
    assert cli("--db", target, "verify").code == 0


def test_an_imported_qty_text_must_come_to_its_qty(sqlite_cli: CliRunner, tmp_path: Path) -> None:
    cli = sqlite_cli
    _packed(cli)
    assert cli("buy", "--date", DATE, "--item", "暖身贴", "--qty", "2箱", "--total", "1").code == 0
    out = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(out)).code == 0
    from openpyxl import load_workbook as edit

    book = edit(out)
    sheet = book["Purchases"]
    heading = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=heading.index("qty") + 1, value=481)
    book.save(out)
    target = str(tmp_path / "copy.sqlite")
    assert cli("--db", target, "init").code == 0
    assert cli("--db", target, "import", str(out), "--kind", "items").code == 0
    refused = cli("--db", target, "import", str(out), "--kind", "purchases")
    assert refused.code != 0
    assert "qty_text: '2箱' is 480 个, but qty says 481" in refused.err + refused.out


def test_a_clerks_sheet_may_write_packs(sqlite_cli: CliRunner, tmp_path: Path) -> None:
    cli = sqlite_cli
    _packed(cli)
    sheet = tmp_path / "purchases.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["日期", "物资", "数量", "总价"])
        writer.writerow([DATE, "暖身贴", "545箱", "16350"])
        writer.writerow([DATE, "暖身贴", "2箱40个", "65"])
    result = cli("import", str(sheet), "--kind", "purchases")
    assert result.code == 0, result.err
    purchases = [row for row in _log(cli) if row["kind"] == "purchase"]
    assert [row["summary"] for row in purchases] == [
        "bought 暖身贴 ×545箱 (130,800 个)",
        "bought 暖身贴 ×2箱40个 (520 个)",
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"date,item,qty,total\n{DATE},暖身贴,0.001箱,1\n", encoding="utf-8")
    refused = cli("import", str(bad), "--kind", "purchases")
    assert refused.code != 0 and "is 0.24 个" in refused.err + refused.out


def test_the_template_hints_pack_quantities(sqlite_cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    made = sqlite_cli("template", "--kind", "purchases", "--out", str(out))
    assert made.code == 0, made.err
    book = load_workbook(out)
    prompts = [v.prompt for v in book.worksheets[0].data_validations.dataValidation]
    assert any(prompt and "545箱" in prompt for prompt in prompts)
