"""Issue 11, "Text is kept as typed": texts stored and shown as typed, names matched by key,
near-duplicate names, quantities with the item's unit, 号 dates, and the schema 3 upgrade."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from reliefctl.db.tables import SCHEMA_VERSION
from reliefctl.errors import InputError, QuantityWrongUnit
from reliefctl.ledger.master import check_new_name, one_apart, suffix_between
from reliefctl.ledger.parse import (
    Quantity,
    clean_name,
    clean_note,
    parse_counted,
    parse_date,
    parse_item_spec,
    split_unit,
    text_key,
)

from .conftest import ROOT, CliRunner, _make_cli, domain_setup
from .test_import import write_csv

V1 = ROOT / "tests" / "fixtures" / "v1"
V1_HEAD = "302ce42f56cff10a45a7658b7f2181105fad15897449865936370a43c1fa45a7"


def _log(cli: CliRunner) -> list[dict[str, object]]:
    result = cli("log", "--format", "json")
    assert result.code == 0, result.err
    entries: list[dict[str, object]] = json.loads(result.out)
    return entries


@pytest.fixture
def ready(cli: CliRunner) -> CliRunner:
    domain_setup(cli)
    bought = cli(
        "buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", "12万", "--total", "15000"
    )
    assert bought.code == 0, bought.err
    return cli


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["批次录错：数量多录", "村（社区）", "ＡＢＣ工会", "红星  乡", "第一批"],
)
def test_texts_are_kept_as_typed(text: str) -> None:
    assert clean_name(text, "name") == text
    assert clean_note(f"  {text}\t", "note") == text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ＤＮ－１－２", "DN-1-2"),
        ("DN-1-2", "DN-1-2"),
        ("高丽营　镇", "高丽营 镇"),
        ("高丽营  镇 ", "高丽营 镇"),
        ("⾼丽营镇", "高丽营镇"),  # a Kangxi radical reads as the ideograph
        ("村（社区）", "村(社区)"),
        ("高丽营镇\ufe0f", "高丽营镇"),  # an old row may hold a variation selector
        ("ㅤ高丽营镇", "高丽营镇"),  # or a Hangul filler (NFKC gives U+1160, ignorable)
    ],
)
def test_the_key_is_nfkc_without_ignorables_spaces_collapsed(text: str, key: str) -> None:
    assert text_key(text) == key
    assert text_key(key) == key


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("12万个", ("12万", "个")),
        ("1000个", ("1000", "个")),
        ("3,000袋", ("3,000", "袋")),
        ("１２ 个", ("１２", "个")),
        ("5kg", ("5", "kg")),
        ("12万", ("12万", None)),
        ("100元", ("100元", None)),  # money, refused as a quantity as before
        ("1e3", ("1e3", None)),
        ("abc", ("abc", None)),
        ("NaN", ("NaN", None)),
    ],
)
def test_split_unit_takes_the_letters_after_a_number(
    text: str, parts: tuple[str, str | None]
) -> None:
    assert split_unit(text) == parts


def test_a_quantity_with_a_unit_is_checked_against_the_item() -> None:
    qty = parse_counted("12万个", "qty")
    assert qty == Quantity(120_000, "个", "12万个", "qty")
    assert isinstance(qty, Quantity)
    assert qty.base("个", "暖身贴") == 120_000
    with pytest.raises(QuantityWrongUnit) as info:
        qty.base("箱", "暖身贴")
    assert info.value.params["unit"] == "箱"
    assert parse_counted("1,200", "qty") == 1200
    # Since packs (issue 13) a count may be fractional (1.5箱 of 240 is 360个): the quantity
    # is refused when it is resolved against its item and is not a whole number of its unit.
    half = parse_counted("1.5个", "qty")
    assert isinstance(half, Quantity)
    with pytest.raises(InputError) as bad:
        half.base("个", "暖身贴")
    assert bad.value.params["value"] == "1.5个"
    assert parse_item_spec("暖身贴＝3,000个") == (
        "暖身贴",
        Quantity(3000, "个", "3,000个", "line_qty"),
    )


@pytest.mark.parametrize("text", ["2021年1月11号", "2021年1月11日", "２０２１年１月１１号"])
def test_dates_may_end_in_hao(text: str) -> None:
    assert parse_date(text, "date", today=date(2021, 2, 1)) == date(2021, 1, 11)


def test_near_duplicate_rules() -> None:
    assert suffix_between("高丽营", "高丽营镇") == "镇"
    assert suffix_between("胜利街道", "胜利") == "街道"
    assert suffix_between("李遂镇", "李桥镇") is None
    assert one_apart("李遂镇", "李桥镇") and one_apart("幸福东区", "幸福西区")
    assert not one_apart("高丽营", "高丽营镇") and not one_apart("a", "b")
    known = [("李遂镇", "what.township")]
    assert [n["existing"] for n in check_new_name("李桥镇", known)] == ["李遂镇"]
    assert check_new_name("南彩镇", known) == []


# --- stored as typed, matched by key ----------------------------------------------------------


def test_notes_and_names_are_stored_and_shown_as_typed(ready: CliRunner) -> None:
    assert ready("township", "add", "幸福村（社区）").code == 0
    towns = json.loads(ready("township", "list", "--format", "json").out)
    assert {"township": "幸福村（社区）"} in towns
    note = "批次录错：数量多录，已更正"
    result = ready(
        "ship", "--date", "2020-12-28", "--batch", "1", "--to", "幸福村（社区）",
        "--item", "暖身贴=100", "--note", note,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert _log(ready)[-1]["note"] == note
    void = ready("void", _log(ready)[-1]["id"], "--reason", "录入重复：见纸质凭证")  # type: ignore[arg-type]
    assert void.code == 0, void.err
    assert "录入重复：见纸质凭证" in ready("log").out


def test_names_batches_and_groups_are_matched_by_key(ready: CliRunner) -> None:
    assert ready("item", "add", "N95口罩", "--unit", "个").code == 0
    bought = ready(
        "buy", "--date", "2020-12-27", "--item", "Ｎ９５口罩", "--qty", "100", "--total", "500"
    )
    assert bought.code == 0, bought.err
    first = ready(
        "ship", "--date", "2020-12-28", "--batch", "第一批", "--to", "高丽营镇",
        "--item", "暖身贴=100", "--group", "一线 医护人员", "--json",
    )  # fmt: skip
    assert first.code == 0 and json.loads(first.out)["new_batch"] is True
    again = ready(
        "ship", "--date", "2020-12-28", "--batch", " 第一批 ", "--to", "高丽营镇　",
        "--item", "Ｎ９５口罩=１０", "--group", "一线　医护人员",
    )  # fmt: skip
    assert again.code == 0, again.err
    assert "new batch" not in again.out and "new group" not in again.out
    stock = {row["item"]: row for row in json.loads(ready("stock", "--format", "json").out)}
    assert stock["N95口罩"]["qty"] == 90


def test_a_full_width_ref_is_the_same_ref(ready: CliRunner) -> None:
    ship = ("ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇")
    assert ready(*ship, "--item", "暖身贴=100", "--ref", "DN-1-2").code == 0
    count = len(_log(ready))
    same = ready(*ship, "--item", "暖身贴=100", "--ref", "ＤＮ－１－２")
    assert same.code == 0, same.err
    assert "nothing new was recorded" in same.out
    assert len(_log(ready)) == count
    other = ready(*ship, "--item", "暖身贴=200", "--ref", "ＤＮ－１－２")
    assert other.code == 1 and "S-000001" in other.err
    assert len(_log(ready)) == count
    stored = [e for e in _log(ready) if e.get("ref")]
    assert [e["ref"] for e in stored] == ["DN-1-2"]


def test_a_ref_typed_full_width_is_stored_as_typed(ready: CliRunner) -> None:
    ship = ("ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇")
    assert ready(*ship, "--item", "暖身贴=100", "--ref", "ＤＮ－９").code == 0
    assert _log(ready)[-1]["ref"] == "ＤＮ－９"
    assert "nothing new" in ready(*ship, "--item", "暖身贴=100", "--ref", "DN-9").out


# --- near duplicates ----------------------------------------------------------------------------


def test_a_name_plus_or_minus_a_suffix_is_refused_unless_forced(ready: CliRunner) -> None:
    before = ready("township", "list", "--format", "json").out
    refused = ready("township", "add", "高丽营")
    assert refused.code == 1
    assert "高丽营镇" in refused.err and "--force" in refused.err
    unit = ready("unit", "add", "胜利", "--township", "胜利街道")
    assert unit.code == 1 and "胜利街道" in unit.err
    assert ready("township", "list", "--format", "json").out == before
    forced = ready("township", "add", "高丽营", "--force")
    assert forced.code == 0, forced.err
    assert {"township": "高丽营"} in json.loads(ready("township", "list", "--format", "json").out)


def test_a_name_with_the_key_of_another_is_refused_even_forced(ready: CliRunner) -> None:
    for args in (
        ("township", "add", "⾼丽营镇"),
        ("township", "add", "⾼丽营镇", "--force"),
        ("unit", "add", "幸福东区\u3000", "--township", "高丽营镇"),  # trimmed: same text
    ):
        result = ready(*args)
        if args[0] == "unit":
            assert result.code == 1 and "胜利街道" in result.err  # exists in another township
            continue
        assert result.code == 1, args
        assert "高丽营镇" in result.err and "reads the same" in result.err
    assert ready("item", "add", "暖身贴", "--unit", "个").code == 0  # same text: no-op
    assert ready("item", "add", "暖身贴", "--unit", "箱").code == 1


def test_names_one_character_apart_are_added_with_a_warning(ready: CliRunner) -> None:
    assert ready("township", "add", "李遂镇").code == 0
    near = ready("township", "add", "李桥镇")
    assert near.code == 0, near.err
    warnings = near.err.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("reliefctl: warning: ")
    assert "李遂镇" in warnings[0]
    unit = ready("unit", "add", "幸福西区", "--township", "胜利街道")
    assert unit.code == 0 and "幸福东区" in unit.err
    assert ready("township", "add", "南法信镇").err == ""  # already there: no warning


# --- quantities with the item's unit --------------------------------------------------------------


def test_quantities_may_carry_the_items_unit(ready: CliRunner) -> None:
    bought = ready(
        "buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", "1.5万个", "--total", "1875",
        "--json",
    )  # fmt: skip
    assert bought.code == 0, bought.err
    assert json.loads(bought.out)["qty"] == 15_000
    shipped = ready(
        "ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇",
        "--item", "暖身贴=3,000个", "--json",
    )  # fmt: skip
    assert shipped.code == 0, shipped.err
    assert json.loads(shipped.out)["lines"][0]["qty"] == 3000
    stock = {row["item"]: row for row in json.loads(ready("stock", "--format", "json").out)}
    assert stock["暖身贴"]["qty"] == 120_000 + 15_000 - 3000


def test_a_quantity_in_another_unit_is_refused_naming_the_items_unit(ready: CliRunner) -> None:
    count = len(_log(ready))
    buy = ready("buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", "12箱", "--total", "1")
    assert buy.code == 1 and "'个'" in buy.err and "'箱'" in buy.err
    ship = ready(
        "ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇", "--item", "暖身贴=5箱"
    )
    assert ship.code == 1 and "--item 暖身贴" in ship.err and "'个'" in ship.err
    assert len(_log(ready)) == count


def test_an_import_reads_quantities_with_units(ready: CliRunner, tmp_path: Path) -> None:
    good = write_csv(
        tmp_path / "p.csv",
        [["date", "item", "qty", "total"], ["2020年12月27号", "水饺", "3,000袋", "300"]],
    )
    result = ready("import", str(good), "--kind", "purchases")
    assert result.code == 0, result.err
    stock = {row["item"]: row for row in json.loads(ready("stock", "--format", "json").out)}
    assert stock["水饺"]["qty"] == 3000
    bad = write_csv(
        tmp_path / "bad.csv",
        [["date", "item", "qty", "total"], ["2020-12-27", "水饺", "30箱", "300"]],
    )
    refused = ready("import", str(bad), "--kind", "purchases")
    assert refused.code == 1 and "row 2, qty" in refused.err and "'袋'" in refused.err


def test_a_date_in_hao_is_accepted(ready: CliRunner) -> None:
    result = ready(
        "buy", "--date", "2020年12月27号", "--item", "水饺", "--qty", "10", "--total", "10"
    )
    assert result.code == 0, result.err
    assert _log(ready)[-1]["date"] == "2020-12-27"


# --- an old ledger ------------------------------------------------------------------------------


@pytest.fixture
def upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[CliRunner, Path]:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(V1 / "ledger.sqlite", path)
    run = _make_cli(monkeypatch, capsys, str(path))
    result = run("upgrade")
    assert result.code == 0, result.err
    assert f"to {SCHEMA_VERSION}" in result.out and "verify passed" in result.out
    return run, path


def test_upgrade_adds_the_keys_without_rewriting_a_row(upgraded: tuple[CliRunner, Path]) -> None:
    run, path = upgraded
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM townships WHERE name_key IS NULL").fetchone() == (
            9,
        )
        # The v1 head keeps its hash; upgrade then records the ledger's settings after it.
        stored = conn.execute("SELECT hash FROM entries WHERE id = 'G-000002'").fetchone()
        assert stored == (V1_HEAD,)
        assert conn.execute(
            "SELECT COUNT(*) FROM entries WHERE ref_key IS NOT NULL"
        ).fetchone() == (0,)
    finally:
        conn.close()
    head = json.loads(run("head", "--format", "json").out)
    assert head["id"] == "L-000001"
    assert run("verify").code == 0


def test_an_upgraded_ledger_matches_old_names_and_refs_by_key(
    upgraded: tuple[CliRunner, Path],
) -> None:
    run, path = upgraded
    ship = (
        "ship", "--date", "2020-12-28", "--batch", "１", "--to", "高丽营镇",
        "--item", "暖身贴=30000", "--people", "3000", "--group", "一线防疫人员",
    )  # fmt: skip
    same = run(*ship, "--ref", "ＤＮ－１－２")
    assert same.code == 0, same.err
    assert same.out.startswith("S-000002 already records")
    other = run(*ship[:-2], "--ref", "ＤＮ－１－２")
    assert other.code == 1 and "S-000002" in other.err
    assert run("township", "add", "高丽营").code == 1
    added = run("township", "add", "李遂镇")
    assert added.code == 0, added.err
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT name, name_key FROM townships WHERE name = '李遂镇'").fetchone()
    finally:
        conn.close()
    assert row == ("李遂镇", "李遂镇")
    grant = ("grant", "--date", "2021-01-06", "--to", "南彩镇", "--amount", "100")
    new_ref = run(*grant, "--ref", "ＧＲ－９")
    assert new_ref.code == 0, new_ref.err
    assert "nothing new" in run(*grant, "--ref", "GR-9").out
    assert run("verify").code == 0
