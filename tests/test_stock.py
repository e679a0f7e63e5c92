"""Issue 12: locations, stock per location, receipts, transfers, write-offs and counts.

Every test runs on SQLite and PostgreSQL (the ``cli`` fixture). The movements of
``conftest.STOCK_OPERATION`` are the running example: two stations, a transfer to each, a
donation, spoiled yogurt written off, a delivery from a station, a return and a count.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import CliRunner, stock_operation


def _json(cli: CliRunner, *args: str) -> Any:
    result = cli(*args)
    assert result.code == 0, (args, result.err)
    return json.loads(result.out)


def _by_location(cli: CliRunner, *extra: str) -> dict[tuple[str, str], tuple[int, str]]:
    rows = _json(cli, "stock", "--by", "location", "--format", "json", *extra)
    return {(r["location"], r["item"]): (r["qty"], r["value"]) for r in rows}


@pytest.fixture
def stations(cli: CliRunner) -> CliRunner:
    """Two townships, yogurt and bread, two stations, 100 yogurt bought (3,500.00) at the
    warehouse on 2021-01-05."""
    for args in (
        ("township", "add", "高丽营镇"),
        ("township", "add", "南法信镇"),
        ("item", "add", "酸奶", "--unit", "桶"),
        ("item", "add", "面包", "--unit", "袋"),
        ("location", "add", "第3工会服务站", "--township", "高丽营镇"),
        ("location", "add", "第7工会服务站"),
        ("buy", "--date", "2021-01-05", "--item", "酸奶", "--qty", "100", "--total", "3500"),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    return cli


# --- locations ------------------------------------------------------------------------------------


def test_a_new_ledger_has_its_warehouse_as_default_location(cli: CliRunner) -> None:
    shown = _json(cli, "location", "list", "--format", "json")
    assert shown == [{"location": "仓库", "township": None, "default": True}]
    settings = {s["name"]: s for s in _json(cli, "config", "show", "--json")}
    assert settings["location"]["value"] == "仓库"
    assert settings["location"]["entry"] == "L-000001"
    assert cli("verify").code == 0


def test_init_names_the_warehouse(tmp_path: Path, bare_cli: CliRunner, sqlite_url: str) -> None:
    created = bare_cli("init", "--warehouse", "区总工会仓库")
    assert created.code == 0, created.err
    assert created.out.splitlines()[-1] == (
        "stock is held at 区总工会仓库 (add more with: reliefctl location add NAME)"
    )
    assert _json(bare_cli, "location", "list", "--format", "json") == [
        {"location": "区总工会仓库", "township": None, "default": True}
    ]
    # The location is part of the first settings entry: master data keeps its numbers.
    assert bare_cli("township", "add", "高丽营镇").out.startswith("M-000001 recorded")


def test_location_add_is_master_data_with_near_duplicate_checks(stations: CliRunner) -> None:
    cli = stations
    again = cli("location", "add", "第3工会服务站", "--township", "高丽营镇")
    assert again.code == 0 and "already" in again.out
    other = cli("location", "add", "第3工会服务站", "--township", "南法信镇")
    assert other.code == 1
    assert "already exists, serving 高丽营镇" in other.err
    same = cli("location", "add", "第３工会服务站")  # full-width digit: the same key
    assert same.code == 1 and "reads the same" in same.err
    unknown = cli("location", "add", "第9工会服务站", "--township", "火星镇")
    assert unknown.code == 1 and "unknown township" in unknown.err
    listed = _json(cli, "location", "list", "--format", "json")
    assert [r["location"] for r in listed] == ["仓库", "第3工会服务站", "第7工会服务站"]
    assert listed[1]["township"] == "高丽营镇"
    table = cli("location", "list")
    assert table.code == 0 and "第7工会服务站" in table.out


def test_default_location_setting_and_environment(
    stations: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = stations
    move = ("transfer", "--date", "2021-01-05", "--from", "仓库", "--to", "第3工会服务站")
    assert cli(*move, "--item", "酸奶=40").code == 0
    bad = cli("config", "set", "location", "火星站")
    assert bad.code == 1 and "unknown location '火星站'" in bad.err
    changed = cli("config", "set", "location", "第3工会服务站")
    assert changed.code == 0, changed.err
    ship = ("ship", "--date", "2021-01-06", "--batch", "1", "--to", "高丽营镇")
    shipped = cli(*ship, "--item", "酸奶=10")
    assert shipped.code == 0, shipped.err
    assert "from 第3工会服务站" in shipped.out
    monkeypatch.setenv("RELIEFCTL_LOCATION", "仓库")
    from_env = _json(cli, *ship, "--item", "酸奶=5", "--json")
    assert from_env["location"] == "仓库"
    monkeypatch.setenv("RELIEFCTL_LOCATION", "火星站")
    unknown = cli(*ship, "--item", "酸奶=5")
    assert unknown.code == 2
    assert unknown.err.startswith("reliefctl: error: RELIEFCTL_LOCATION: '火星站' is not a")
    monkeypatch.delenv("RELIEFCTL_LOCATION")
    assert _by_location(cli) == {
        ("仓库", "酸奶"): (55, "1925.00"),
        ("第3工会服务站", "酸奶"): (30, "1050.00"),
    }
    assert cli("verify").code == 0


# --- stock per location ---------------------------------------------------------------------


def test_stock_never_negative_per_location_in_date_order(stations: CliRunner) -> None:
    cli = stations
    move = ("transfer", "--from", "仓库", "--to", "第3工会服务站")
    assert cli(*move, "--date", "2021-01-06", "--item", "酸奶=30").code == 0
    ship = ("ship", "--batch", "1", "--to", "高丽营镇", "--from", "第3工会服务站")
    short = cli(*ship, "--date", "2021-01-06", "--item", "酸奶=31")
    assert short.code == 1
    assert short.err == (
        "reliefctl: error: not enough 酸奶 at 第3工会服务站: 30 桶 on hand on 2021-01-06; "
        "cannot ship 31 (仓库 holds 70 on 2021-01-06: move it first with reliefctl transfer "
        "--date 2021-01-06 --from 仓库 --to 第3工会服务站 --item 酸奶=...)\n"
    )
    # When no location holds what is missing, the way out is a purchase.
    short = cli(*ship, "--date", "2021-01-06", "--item", "酸奶=101")
    assert short.err.endswith("cannot ship 101 (record the purchase first: reliefctl buy ...)\n")
    # The warehouse still holds 70: the item has enough, the station does not.
    assert cli(*ship, "--date", "2021-01-07", "--item", "酸奶=20").code == 0
    # Back-dated: on 2021-01-06 the station held 30, but 20 of them left on 2021-01-07.
    early = cli(*move, "--date", "2021-01-05", "--item", "酸奶=10")
    assert early.code == 0
    back = ("transfer", "--from", "第3工会服务站", "--to", "仓库", "--date", "2021-01-06")
    refused = cli(*back, "--item", "酸奶=25")
    assert refused.code == 1 and "later shipments already recorded leave only 20" in refused.err
    assert _by_location(cli) == {
        ("仓库", "酸奶"): (60, "2100.00"),
        ("第3工会服务站", "酸奶"): (20, "700.00"),
    }
    assert _by_location(cli, "--until", "2021-01-05") == {
        ("仓库", "酸奶"): (90, "3150.00"),
        ("第3工会服务站", "酸奶"): (10, "350.00"),
    }
    at = _json(cli, "stock", "--at", "第7工会服务站", "--format", "json")
    assert at == [
        {
            "location": "第7工会服务站",
            "item": "酸奶",
            "unit": "桶",
            "qty": 0,
            "value": "0.00",
            "qty_packs": None,
        },
        {
            "location": "第7工会服务站",
            "item": "面包",
            "unit": "袋",
            "qty": 0,
            "value": "0.00",
            "qty_packs": None,
        },
    ]
    assert cli("stock", "--at", "火星站").code == 1
    assert cli("stock", "--by", "township").code == 2
    assert cli("verify").code == 0


def test_per_location_values_add_up_to_the_item_by_largest_remainder(cli: CliRunner) -> None:
    for args in (
        ("item", "add", "酸奶", "--unit", "桶"),
        ("location", "add", "甲站"),
        ("location", "add", "乙站"),
        ("buy", "--date", "2021-01-05", "--item", "酸奶", "--qty", "3", "--total", "1"),
        ("transfer", "--date", "2021-01-05", "--from", "仓库", "--to", "甲站", "--item", "酸奶=1"),
        ("transfer", "--date", "2021-01-05", "--from", "仓库", "--to", "乙站", "--item", "酸奶=1"),
    ):
        assert cli(*args).code == 0, args
    shares = _by_location(cli)
    assert sorted(value for _qty, value in shares.values()) == ["0.33", "0.33", "0.34"]
    assert shares[("仓库", "酸奶")] == (1, "0.34")  # the tie goes to the lowest id
    table = cli("stock", "--by", "location")
    assert table.code == 0 and "1.00" in table.out


# --- the whole operation ----------------------------------------------------------------------


def test_the_stock_operation_balances_to_the_fen(cli: CliRunner) -> None:
    stock_operation(cli)
    assert _by_location(cli) == {
        ("仓库", "酸奶"): (200, "7000.00"),
        ("仓库", "面包"): (600, "5030.77"),
        ("第3工会服务站", "酸奶"): (45, "1575.00"),
        ("第3工会服务站", "面包"): (100, "838.46"),
        ("第7工会服务站", "酸奶"): (100, "3500.00"),
        ("第7工会服务站", "面包"): (300, "2515.39"),
    }
    # Bread is one pool: 1,000 bought for 8,500.00 and 300 donated at 2,400.00; 300 left
    # at the average (2,515.38); the 8,384.62 on hand is shared by quantity, to the fen.
    stock = {r["item"]: r for r in _json(cli, "stock", "--format", "json")}
    yogurt = stock["酸奶"]
    assert (yogurt["qty"], yogurt["value"]) == (345, "12075.00")
    assert (yogurt["written_off_qty"], yogurt["written_off_value"]) == (12, "420.00")
    assert (yogurt["count_loss_qty"], yogurt["count_loss_value"]) == (3, "105.00")
    # Delivered: 2,362 in batch 3, then 150 from 第3 less the 10 that came back.
    assert (yogurt["shipped_qty"], yogurt["shipped_value"]) == (2502, "87570.00")
    bread = stock["面包"]
    assert (bread["received_qty"], bread["received_value"]) == (300, "2400.00")
    assert cli("verify").code == 0


def test_confirmations_name_the_location(cli: CliRunner) -> None:
    said = stock_operation(cli)
    assert said == [
        "M-000018 recorded: new location 第3工会服务站 (serving 高丽营镇)",
        "M-000019 recorded: new location 第7工会服务站 (serving 南法信镇)",
        "P-000006 recorded: bought 酸奶 ×500 for 17,500.00 元, into 仓库",
        "P-000007 recorded: bought 面包 ×1,000 for 8,500.00 元, into 仓库",
        "T-000001 recorded: 酸奶 ×200 桶, 面包 ×400 袋 moved from 仓库 to 第3工会服务站",
        "T-000002 recorded: 酸奶 ×100 桶 moved from 仓库 to 第7工会服务站",
        "R-000001 recorded: received 面包 ×300 袋 at 第7工会服务站 (donation, from 某爱心企业), "
        "valued 2,400.00 元",
        "W-000001 recorded: written off at 第3工会服务站 (expired): 酸奶 ×12 桶, a loss of "
        "420.00 元",
        "S-000013 recorded: batch 4 → 高丽营镇: 酸奶 ×150 桶, 面包 ×300 袋 from 第3工会服务站, "
        "valued 7,765.38 元, 450 人次; new batch '4' opened",
        "R-000002 recorded: 酸奶 ×10 桶 came back from S-000013 to 第3工会服务站, at the "
        "350.00 元 it left with",
        "C-000001 recorded: count at 第3工会服务站: 酸奶 counted 45 桶, on the books 48: loss 3 "
        "(105.00 元); 面包 counted 100 袋, on the books 100: no difference",
    ]


def test_receipts_donations_and_explicit_zero(stations: CliRunner) -> None:
    cli = stations
    receive = ("receive", "--date", "2021-01-06", "--item", "面包", "--qty", "50")
    none = cli(*receive, "--source", "donation")
    assert none.code == 2 and "--unit-value or --value" in none.err
    both = cli(*receive, "--source", "donation", "--value", "1", "--unit-value", "1")
    assert both.code == 2
    word = cli(*receive, "--source", "赠送", "--value", "1")
    assert word.code == 2 and "is not a source" in word.err
    free = _json(cli, *receive, "--source", "下拨", "--value", "0", "--giver", "市总工会", "--json")
    assert free["source"] == "allotted" and free["value"] == "0.00"
    assert free["location"] == "仓库" and free["id"] == "R-000001"
    priced = _json(
        cli,
        *receive,
        "--source",
        "捐赠",
        "--unit-value",
        "8.125",
        "--at",
        "第7工会服务站",
        "--ref",
        "RC-9",
        "--json",
    )
    assert priced["value"] == "406.25"
    again = _json(
        cli,
        *receive,
        "--source",
        "donation",
        "--unit-value",
        "8.125",
        "--at",
        "第7工会服务站",
        "--ref",
        "ＲＣ-9",
        "--json",
    )
    assert again["duplicate"] is True and again["id"] == "R-000002"
    conflict = cli(*receive, "--source", "donation", "--value", "1", "--ref", "RC-9")
    assert conflict.code == 1
    stock = {r["item"]: r for r in _json(cli, "stock", "--format", "json")}
    assert (stock["面包"]["qty"], stock["面包"]["value"]) == (100, "406.25")
    funds = cli("funds", "--format", "json")
    assert funds.code == 0 and json.loads(funds.out) == []  # no fund is charged
    assert cli("verify").code == 0


def test_return_reverses_part_of_a_delivery_at_its_value(stations: CliRunner) -> None:
    cli = stations
    ship = ("ship", "--date", "2021-01-06", "--batch", "1", "--to", "高丽营镇")
    shipped = _json(cli, *ship, "--item", "酸奶=30", "--people", "300", "--json")
    assert shipped["value"] == "1050.00"
    back = ("receive", "--date", "2021-01-07", "--item", "酸奶", "--source", "退回")
    assert cli(*back, "--qty", "5").code == 2  # no --of
    assert cli(*back, "--qty", "5", "--of", "S-000001", "--value", "1").code == 2
    too_much = cli(*back, "--qty", "31", "--of", "S-000001")
    assert too_much.code == 1 and "delivered 30 of 酸奶" in too_much.err
    assert cli(*back, "--qty", "5", "--of", "P-000001").code == 1
    first = cli(*back, "--qty", "7", "--of", "S1", "--at", "第3工会服务站")
    assert first.code == 0, first.err
    assert first.out == (
        "R-000001 recorded: 酸奶 ×7 桶 came back from S-000001 to 第3工会服务站, at the "
        "245.00 元 it left with\n"
    )
    report = _json(cli, "report", "--format", "json")
    assert report["by_township"][0]["goods_value"] == "805.00"
    assert report["by_township"][0]["people"] == 300
    assert cli(*back, "--qty", "24", "--of", "S-000001").code == 1
    rest = _json(cli, *back, "--qty", "23", "--of", "S-000001", "--json")
    assert rest["value"] == "805.00"
    refused = cli("void", "S-000001", "--reason", "wrong")
    assert refused.code == 1 and "came back" in refused.err
    assert cli("void", "R-000002", "--reason", "counted twice").code == 0
    assert cli("void", "R-000001", "--reason", "counted twice").code == 0
    assert cli("void", "S-000001", "--reason", "wrong").code == 0
    assert _json(cli, "report", "--format", "json")["totals"]["goods_value"] == "0.00"
    assert cli("verify").code == 0


def test_writeoff_is_a_loss_at_average_cost_never_spend(stations: CliRunner) -> None:
    cli = stations
    writeoff = ("writeoff", "--date", "2021-01-06", "--item", "酸奶=12")
    assert cli(*writeoff, "--reason", "melted").code == 2
    assert cli(*writeoff, "--reason", "过期", "--at", "第7工会服务站").code == 1
    done = _json(cli, *writeoff, "--reason", "过期", "--json")
    assert done["reason"] == "expired" and done["value"] == "420.00"
    assert done["lines"] == [{"item": "酸奶", "qty": 12, "value": "420.00", "qty_text": None}]
    totals = _json(cli, "report", "--format", "json")["totals"]
    assert totals["spend"] == "0.00" and totals["goods_value"] == "0.00"
    assert cli("writeoff", "--date", "2021-01-06", "--reason", "lost").code == 2
    twice = cli(*writeoff, "--item", "酸奶=1", "--reason", "lost")
    assert twice.code == 2 and "twice" in twice.err
    assert cli("void", "W-000001", "--reason", "found them").code == 0
    stock = {r["item"]: r for r in _json(cli, "stock", "--format", "json")}
    assert (stock["酸奶"]["qty"], stock["酸奶"]["value"]) == (100, "3500.00")
    assert cli("verify").code == 0


def test_transfer_refusals(stations: CliRunner) -> None:
    cli = stations
    same = cli(
        "transfer", "--date", "2021-01-06", "--from", "仓库", "--to", "仓库", "--item", "酸奶=1"
    )
    assert same.code == 2 and "also where the goods come from" in same.err
    unknown = cli(
        "transfer",
        "--date",
        "2021-01-06",
        "--from",
        "仓库",
        "--to",
        "第8工会服务站",
        "--item",
        "酸奶=1",
    )
    assert unknown.code == 1 and "unknown location" in unknown.err
    out = cli(
        "transfer",
        "--date",
        "2021-01-06",
        "--from",
        "第7工会服务站",
        "--to",
        "仓库",
        "--item",
        "酸奶=1",
    )
    assert out.code == 1 and "not enough 酸奶 at 第7工会服务站" in out.err
    moved = _json(
        cli,
        "transfer",
        "--date",
        "2021-01-06",
        "--from",
        "仓库",
        "--to",
        "第7工会服务站",
        "--item",
        "酸奶=60",
        "--json",
    )
    assert moved["from"] == "仓库" and moved["to"] == "第7工会服务站"
    assert moved["lines"] == [{"item": "酸奶", "qty": 60, "qty_text": None}]
    ship = ("ship", "--date", "2021-01-06", "--batch", "1", "--to", "高丽营镇")
    assert cli(*ship, "--from", "第7工会服务站", "--item", "酸奶=50").code == 0
    refused = cli("void", "T-000001", "--reason", "wrong")
    assert refused.code == 1 and "第7工会服务站 would fall to -50" in refused.err
    assert cli("verify").code == 0


def test_count_posts_the_difference_and_closes_the_past(stations: CliRunner) -> None:
    cli = stations
    ship = ("ship", "--batch", "1", "--to", "高丽营镇")
    assert cli(*ship, "--date", "2021-01-06", "--item", "酸奶=10").code == 0
    counted = cli("count", "--date", "2021-01-07", "--item", "酸奶=88", "--item", "面包=0")
    assert counted.code == 0, counted.err
    assert counted.out == (
        "C-000001 recorded: count at 仓库: 酸奶 counted 88 桶, on the books 90: loss 2 "
        "(70.00 元); 面包 counted 0 袋, on the books 0: no difference\n"
    )
    closed = cli(*ship, "--date", "2021-01-06", "--item", "酸奶=1")
    assert closed.code == 1
    assert closed.err == (
        "reliefctl: error: 酸奶 at 仓库: count C-000001 of 2021-01-07 closed the days before "
        "it, so a movement dated 2021-01-06 is refused (void C-000001 with a reason to reopen "
        "them)\n"
    )
    # The count's own day, recorded after it, is after it.
    assert cli(*ship, "--date", "2021-01-07", "--item", "酸奶=8").code == 0
    # Another location is not closed.
    buy = ("buy", "--date", "2021-01-06", "--item", "酸奶", "--qty", "10", "--total", "350")
    assert cli(*buy, "--at", "第3工会服务站").code == 0
    assert cli(*buy).code == 1
    gain = _json(cli, "count", "--date", "2021-01-08", "--item", "酸奶=82", "--json")
    assert gain["lines"][0] == {
        "item": "酸奶",
        "counted": 82,
        "book": 80,
        "difference": 2,
        "value": "70.00",
    }
    assert cli("void", "C-000001", "--reason", "miscounted").code == 1  # C-000002 is later
    assert cli("void", "C-000002", "--reason", "miscounted").code == 0
    assert cli("void", "C-000001", "--reason", "miscounted").code == 0
    assert cli(*ship, "--date", "2021-01-06", "--item", "酸奶=1").code == 0  # reopened
    stock = {r["item"]: r for r in _json(cli, "stock", "--format", "json")}
    assert stock["酸奶"]["count_loss_qty"] == 0 and stock["酸奶"]["count_gain_qty"] == 0
    assert cli("verify").code == 0


def test_movements_are_in_the_log(cli: CliRunner) -> None:
    stock_operation(cli)
    log = {r["id"]: r for r in _json(cli, "log", "--format", "json")}
    assert log["T-000001"]["kind"] == "transfer"
    assert log["T-000001"]["summary"] == ("酸奶 ×200 桶, 面包 ×400 袋: 仓库 → 第3工会服务站")
    assert log["W-000001"]["summary"] == "written off at 第3工会服务站 (expired): 酸奶 ×12 桶"
    assert log["W-000001"]["amount"] == "420.00"
    assert log["R-000002"]["summary"] == (
        "received 酸奶 ×10 桶 at 第3工会服务站 (return), back from S-000013"
    )
    assert log["C-000001"]["kind"] == "count"
    assert log["M-000018"]["summary"] == "new location 第3工会服务站"


# --- verify -----------------------------------------------------------------------------------


def test_verify_catches_a_tampered_movement(sqlite_cli: CliRunner, sqlite_url: str) -> None:
    stock_operation(sqlite_cli)
    conn = sqlite3.connect(sqlite_url)
    conn.execute("DROP TRIGGER writeoff_lines_no_update")
    conn.execute("UPDATE writeoff_lines SET value_fen = value_fen - 1")
    conn.commit()
    conn.close()
    result = sqlite_cli("verify")
    assert result.code == 1
    assert "W-000001: chain: first break in the chain" in result.out
    assert "line 1 (酸奶 ×12) is valued 419.99 元" in result.out


def test_verify_catches_negative_stock_at_a_location(
    sqlite_cli: CliRunner, sqlite_url: str
) -> None:
    stock_operation(sqlite_cli)
    conn = sqlite3.connect(sqlite_url)
    conn.execute("DROP TRIGGER transfer_lines_no_update")
    conn.execute("UPDATE transfer_lines SET qty = 400 WHERE entry_id = 'T-000002'")
    conn.commit()
    conn.close()
    result = sqlite_cli("verify")
    assert result.code == 1
    assert (
        "item 酸奶: stock: stock at 仓库 at the end of 2021-01-06 is -100 桶 (below zero)"
        in result.out.splitlines()
    )
    assert "T-000002: chain" in result.out


# --- concurrency --------------------------------------------------------------------------------


STARTER = """
import sys
from reliefctl.cli.app import main
import reliefctl.ledger.posting, reliefctl.db.schema
print("ready", file=sys.stderr, flush=True)
sys.stdin.read(1)
main(sys.argv[1:])
"""


@pytest.mark.slow
def test_concurrent_transfers_out_of_one_location(stations: CliRunner, db_url: str) -> None:
    """Eight transfers of 30 yogurt out of the warehouse (100 on hand) at once: exactly the
    three that fit succeed, the others are refused as out of stock there."""
    import os

    env = {**os.environ, "RELIEFCTL_DB": db_url, "RELIEFCTL_OPERATOR": "tester"}
    move = ("transfer", "--date", "2021-01-06", "--from", "仓库", "--to", "第3工会服务站")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, *move, "--item", "酸奶=30", "--ref", f"TR-{n}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    for process in processes:
        assert process.stderr is not None
        assert process.stderr.readline() == "ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go")
        process.stdin.close()
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    succeeded = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert len(succeeded) == 3, results
    for code, _out, err in refused:
        assert code == 1 and err.startswith(
            "reliefctl: error: not enough 酸奶 at 仓库: 10 桶 on hand on 2021-01-06"
        ), err
    assert _by_location(stations) == {
        ("仓库", "酸奶"): (10, "350.00"),
        ("第3工会服务站", "酸奶"): (90, "3150.00"),
    }
    assert stations("verify").code == 0


def test_report_totals_and_by_location(cli: CliRunner) -> None:
    stock_operation(cli)
    report = _json(cli, "report", "--by", "location", "--format", "json")
    totals = report["totals"]
    assert totals["receipts_value"] == "2400.00"
    assert totals["written_off"] == "420.00"
    assert (totals["count_gains"], totals["count_losses"]) == ("0.00", "105.00")
    rows = {row["location"]: row for row in report["by_location"]}
    assert rows["第3工会服务站"]["goods_value"] == "7415.38"  # 7,765.38 less the return
    assert rows["第3工会服务站"]["people"] == 450
    assert rows[None]["grants"] == "100000.00"  # cash grants leave from no location
    assert sum(int(row["people"]) for row in rows.values()) == totals["people"]
    period = _json(cli, "report", "--since", "2021-01-07", "--format", "json")["totals"]
    assert period["written_off"] == "420.00" and period["receipts_value"] == "0.00"
    table = cli("report", "--since", "2021-01-07")
    assert "goods written off (at cost), 元" in table.out
    quiet = cli("report", "--until", "2021-01-05")
    assert "written off" not in quiet.out  # nothing moved: the lines stay out of the table


# --- sheets ------------------------------------------------------------------------------------


def test_export_holds_the_movements_and_stock_by_location(cli: CliRunner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    stock_operation(cli)
    out = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(out)).code == 0
    book = load_workbook(out, read_only=True)

    def rows(name: str) -> list[tuple[Any, ...]]:
        return list(book[name].iter_rows(values_only=True))

    receipts = rows("Receipts")
    assert receipts[0][:4] == ("date", "item", "qty", "source")
    assert [(r[1], r[2], r[3], r[7]) for r in receipts[1:]] == [
        ("面包", 300, "donation", None),
        ("酸奶", 10, "return", "S-000013"),
    ]
    transfers = rows("Transfers")
    assert [(r[1], r[2], r[3], r[4]) for r in transfers[1:]] == [
        ("仓库", "第3工会服务站", "酸奶", 200),
        ("仓库", "第3工会服务站", "面包", 400),
        ("仓库", "第7工会服务站", "酸奶", 100),
    ]
    writeoffs = rows("Write-offs")
    assert writeoffs[1][1:6] == ("第3工会服务站", "酸奶", 12, "expired", 420)
    counts = rows("Counts")
    assert [r[2:6] for r in counts[1:]] == [("酸奶", 48, 45, -3), ("面包", 100, 100, 0)]
    by_location = rows("Stock by location")
    # ... and (issue 13) on hand in the item's largest pack, blank here: no item has a pack.
    assert by_location[0] == ("location", "item", "unit", "on hand", "value at cost", "in packs")
    assert ("第7工会服务站", "面包", "袋", 300, 2515.39) in [r[:5] for r in by_location]
    # The location column, before issue 15's appended seq and voided by (and issue 13's
    # quantity as written).
    purchases = rows("Purchases")
    assert purchases[0][-4:] == ("location", "seq", "voided by", "qty_text")
    assert purchases[-1][len(purchases[0]) - 4] == "仓库"
    shipments = rows("Shipments")
    at = shipments[0].index("location")
    assert at == len(shipments[0]) - 5 and shipments[-1][at] == "第3工会服务站"
    manifest = rows("Manifest")
    assert ("Write-offs", "value", 420) in manifest
    # Quantities per item, never across items (issue 14's rule for the Manifest).
    assert ("Counts", "difference: 酸奶 (桶)", -3) in manifest
    assert ("Transfers", "qty: 酸奶 (桶)", 300) in manifest
    assert ("Transfers", "qty: 面包 (袋)", 400) in manifest
    assert ("Receipts", "value", 2400) in manifest  # the return is not on the sheet's column


def test_movement_sheets_import_into_a_new_ledger(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stock_operation(cli)
    out = tmp_path / "relief.xlsx"
    assert cli("export", "--out", str(out)).code == 0
    fresh = tmp_path / "fresh.sqlite"
    monkeypatch.setenv("RELIEFCTL_DB", str(fresh))
    for args in (
        ("init",),
        ("township", "add", "高丽营镇"),
        ("item", "add", "酸奶", "--unit", "桶"),
        ("item", "add", "面包", "--unit", "袋"),
        ("location", "add", "第3工会服务站"),
        ("location", "add", "第7工会服务站"),
    ):
        assert cli(*args).code == 0, args
    # Only the issue-12 part: the two purchases, then each movement sheet in turn.
    purchases = tmp_path / "buys.csv"
    purchases.write_text(
        "date,item,qty,unit_price,ref,location\n"
        "2021-01-06,酸奶,500,35,PO-006,仓库\n"
        "2021-01-06,面包,1000,8.5,PO-007,\n",
        encoding="utf-8",
    )
    assert cli("import", str(purchases), "--kind", "purchases").code == 0
    assert cli("import", str(out), "--kind", "transfers").code == 0
    assert cli("import", str(out), "--kind", "receipts").code == 1  # the return's delivery
    donation = tmp_path / "donation.csv"
    donation.write_text(
        "日期,物资,数量,来源,捐赠方,价值,库点,单号\n"
        "2021-01-06,面包,300,捐赠,某爱心企业,2400,第7工会服务站,RC-1\n",
        encoding="utf-8",
    )
    assert cli("import", str(donation), "--kind", "receipts").code == 0
    assert cli("import", str(out), "--kind", "writeoffs").code == 0
    again = cli("import", str(out), "--kind", "writeoffs")
    assert again.code == 0 and "already recorded" in again.out
    at_7 = _by_location(cli)
    assert at_7[("第7工会服务站", "面包")] == (300, "2515.38")
    assert at_7[("第3工会服务站", "酸奶")] == (188, "6580.00")
    assert cli("verify").code == 0


def test_stocktake_form_imports_and_refuses_a_stale_count(
    stations: CliRunner, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    cli = stations
    move = ("transfer", "--date", "2021-01-06", "--from", "仓库", "--to", "第3工会服务站")
    assert cli(*move, "--item", "酸奶=40").code == 0
    form = tmp_path / "盘点.xlsx"
    written = cli(
        "template",
        "--kind",
        "counts",
        "--at",
        "第3工会服务站",
        "--date",
        "2021-01-07",
        "--out",
        str(form),
    )
    assert written.code == 0, written.err
    book = load_workbook(form)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("date", "location", "item", "book", "counted", "ref", "note")
    assert rows[1] == (
        "2021-01-07",
        "第3工会服务站",
        "酸奶",
        40,
        None,
        "盘点-2021-01-07-第3工会服务站",
        None,
    )
    assert rows[2][2:4] == ("面包", 0)
    sheet["E2"] = 38
    sheet["E3"] = 0
    book.save(form)
    # Something recorded after the form was written: the count would be against other books.
    assert cli(*move, "--item", "酸奶=1", "--ref", "late").code == 0
    stale = cli("import", str(form), "--kind", "counts")
    assert stale.code == 1
    assert "the stocktake form shows 40 of 酸奶 on the books at 第3工会服务站" in stale.err
    assert cli("void", "T-000002", "--reason", "typed twice").code == 0
    done = cli("import", str(form), "--kind", "counts")
    assert done.code == 0, done.err
    assert "1 count recorded from 2 rows (C-000001)" in done.out
    assert cli("import", str(form), "--kind", "counts").out.count("already recorded") == 1
    assert _by_location(cli)[("第3工会服务站", "酸奶")] == (38, "1330.00")
    assert cli("template", "--kind", "counts", "--at", "火星站", "--out", str(form)).code == 1
    assert cli("verify").code == 0


def test_a_purchase_whose_cost_a_writeoff_or_count_used_is_not_voided(
    stations: CliRunner,
) -> None:
    cli = stations
    buy = ("buy", "--date", "2021-01-05", "--item", "酸奶", "--qty", "10", "--total", "400")
    assert cli(*buy).code == 0
    assert cli("writeoff", "--date", "2021-01-06", "--item", "酸奶=1", "--reason", "lost").code == 0
    refused = cli("void", "P-000001", "--reason", "wrong price")
    assert refused.code == 1 and "W-000001" in refused.err
    assert cli("void", "W-000001", "--reason", "found it").code == 0
    assert cli("count", "--date", "2021-01-06", "--item", "酸奶=109").code == 0
    refused = cli("void", "P-000001", "--reason", "wrong price")
    assert refused.code == 1 and "C-000001" in refused.err
    assert cli("verify").code == 0


def test_stock_csv_headings_in_chinese(stations: CliRunner) -> None:
    for args in (("stock",), ("stock", "--by", "location")):
        result = stations("--lang", "zh", *args, "--format", "csv")
        assert result.code == 0, result.err
        assert len(result.out.splitlines()[0].split(",")) in (6, 17)  # qty_packs last
