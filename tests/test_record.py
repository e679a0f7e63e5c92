"""Recording commands end to end: confirmations, rules, refusals (exit code and message)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from .conftest import CliRunner, domain_operation, domain_setup


def snapshot(cli: CliRunner) -> str:
    """Everything a clerk can see of the ledger; equal before and after a refused command."""
    parts = [cli("log", "--format", "json").out, cli("stock", "--format", "json").out]
    parts.append(cli("funds", "--format", "json").out)
    return "\n".join(parts)


@pytest.fixture
def stocked(cli: CliRunner) -> CliRunner:
    domain_setup(cli)
    result = cli(
        "buy",
        "--date",
        "2020-12-27",
        "--item",
        "暖身贴",
        "--qty",
        "12万",
        "--unit-price",
        "0.125",
        "--fund",
        "防疫专项资金",
    )
    assert result.code == 0, result.err
    return cli


def test_domain_operation_replays_through_the_cli(cli: CliRunner) -> None:
    domain_operation(cli)
    stock = {row["item"]: row for row in json.loads(cli("stock", "--format", "json").out)}
    assert stock["暖身贴"] == {
        "item": "暖身贴",
        "unit": "个",
        "qty": 0,
        "value": "0.00",
        "bought_qty": 235000,
        "bought_value": "29375.00",
        "shipped_qty": 235000,
        "shipped_value": "29375.00",
        "received_qty": 0,
        "received_value": "0.00",
        "written_off_qty": 0,
        "written_off_value": "0.00",
        "count_gain_qty": 0,
        "count_gain_value": "0.00",
        "count_loss_qty": 0,
        "count_loss_value": "0.00",
        "qty_packs": None,
    }
    assert {row["item"]: row["qty"] for row in stock.values()} == {
        "暖身贴": 0,
        "水饺": 0,
        "汤圆": 0,
        "酸奶": 0,
        "面包": 0,
    }
    (fund,) = json.loads(cli("funds", "--format", "json").out)
    # 29,375 + 683,250 + 393,552 + 82,670 + 40,154 of goods, plus the 100,000 grant.
    assert fund == {
        "fund": "防疫专项资金",
        "budget": "2000000.00",
        "spent": "1329001.00",
        "remaining": "670999.00",
        "purchases": "1229001.00",
        "grants": "100000.00",
    }
    log = json.loads(cli("log", "--format", "json").out)
    assert [e["id"] for e in log if e["kind"] == "shipment"] == [f"S-{n:06d}" for n in range(1, 13)]
    assert log[-1]["id"] == "G-000001" and log[-1]["people"] == 1200


def test_buy_confirms_with_id_and_states_rounding(stocked: CliRunner) -> None:
    result = stocked(
        "buy", "--date", "2020-12-28", "--item", "暖身贴", "--qty", "3", "--unit-price", "0.125"
    )
    assert result.code == 0
    assert result.out == (
        "P-000002 recorded: bought 暖身贴 ×3 for 0.38 元 (0.125 × 3 = 0.375, rounded to the fen), "
        "into 仓库\n"
    )


def test_buy_json(stocked: CliRunner) -> None:
    result = stocked(
        "buy",
        "--date",
        "2020/12/28",
        "--item",
        "暖身贴",
        "--qty",
        "１２０００",
        "--total",
        "¥1,500.00",
        "--ref",
        "INV-7",
        "--json",
    )
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    assert payload["id"] == "P-000002"
    assert payload["total"] == "1500.00" and payload["qty"] == 12000
    assert payload["date"] == "2020-12-28" and payload["exact_total"] is None


def test_buy_needs_exactly_one_price(stocked: CliRunner) -> None:
    before = snapshot(stocked)
    both = stocked(
        "buy",
        "--date",
        "2020-12-28",
        "--item",
        "暖身贴",
        "--qty",
        "1",
        "--unit-price",
        "1",
        "--total",
        "1",
    )
    neither = stocked("buy", "--date", "2020-12-28", "--item", "暖身贴", "--qty", "1")
    for result in (both, neither):
        assert result.code == 2
        assert "exactly one of --unit-price or --total" in result.err
        assert result.err.count("\n") == 1
    assert snapshot(stocked) == before


def test_ship_opens_a_batch_once_and_values_at_average_cost(stocked: CliRunner) -> None:
    first = stocked(
        "ship",
        "--date",
        "2020-12-28",
        "--batch",
        "第一批",
        "--to",
        "高丽营镇",
        "--item",
        "暖身贴=3万",
        "--people",
        "3000",
    )
    assert first.code == 0, first.err
    assert first.out == (
        "S-000001 recorded: batch 第一批 → 高丽营镇: 暖身贴 ×30,000 个 from 仓库, "
        "valued 3,750.00 元, 3,000 人次; new batch '第一批' opened\n"
    )
    second = stocked(
        "ship",
        "--date",
        "2020-12-28",
        "--batch",
        "第一批",
        "--to",
        "幸福东区",
        "--item",
        "暖身贴=1",
        "--json",
    )
    payload = json.loads(second.out)
    assert payload["new_batch"] is False
    assert payload["lines"] == [{"item": "暖身贴", "qty": 1, "value": "0.13", "qty_text": None}]


def test_last_unit_out_takes_the_remaining_value(cli: CliRunner) -> None:
    domain_setup(cli)
    assert (
        cli("buy", "--date", "2020-12-27", "--item", "水饺", "--qty", "3", "--total", "10").code
        == 0
    )
    values = []
    for qty in (1, 1, 1):
        result = cli(
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            "仁和镇",
            "--item",
            f"水饺={qty}",
            "--json",
        )
        values.append(json.loads(result.out)["value"])
    assert values == ["3.33", "3.34", "3.33"]
    stock = json.loads(cli("stock", "--format", "json").out)
    dumplings = next(row for row in stock if row["item"] == "水饺")
    assert dumplings["qty"] == 0 and dumplings["value"] == "0.00"
    assert dumplings["shipped_value"] == "10.00"


def test_out_of_stock_in_date_order(stocked: CliRunner) -> None:
    assert (
        stocked(
            "ship",
            "--date",
            "2020-12-30",
            "--batch",
            "1",
            "--to",
            "仁和镇",
            "--item",
            "暖身贴=10万",
        ).code
        == 0
    )
    before = snapshot(stocked)
    # Back-dated before the purchase: nothing was on hand then.
    early = stocked(
        "ship", "--date", "2020-12-26", "--batch", "1", "--to", "仁和镇", "--item", "暖身贴=1"
    )
    assert early.code == 1
    assert early.err == (
        "reliefctl: error: not enough 暖身贴: 0 个 on hand on 2020-12-26; cannot ship 1 "
        "(record the purchase first: reliefctl buy ...)\n"
    )
    # Back-dated after the purchase: 120,000 on hand on 12-28, but the 12-30 shipment already
    # takes 100,000 of them, so only 20,000 can go on 12-28.
    late = stocked(
        "ship", "--date", "2020-12-28", "--batch", "1", "--to", "仁和镇", "--item", "暖身贴=20001"
    )
    assert late.code == 1
    assert "120,000 个 on hand on 2020-12-28" in late.err
    assert "leave only 20,000 on 2020-12-30" in late.err
    assert snapshot(stocked) == before
    ok = stocked(
        "ship", "--date", "2020-12-28", "--batch", "1", "--to", "仁和镇", "--item", "暖身贴=20000"
    )
    assert ok.code == 0, ok.err


def test_fund_is_never_overdrawn(stocked: CliRunner) -> None:
    before = snapshot(stocked)
    result = stocked(
        "grant",
        "--date",
        "2021-01-05",
        "--to",
        "区卫健委",
        "--amount",
        "200万",
        "--fund",
        "防疫专项资金",
    )
    assert result.code == 1
    assert "has 1,985,000.00 元 remaining" in result.err
    assert snapshot(stocked) == before
    assert stocked("fund", "topup", "防疫专项资金", "--amount", "1万").code == 0
    ok = stocked(
        "grant",
        "--date",
        "2021-01-05",
        "--to",
        "区卫健委",
        "--amount",
        "1995000",
        "--fund",
        "防疫专项资金",
    )
    assert ok.code == 0, ok.err
    (fund,) = json.loads(stocked("funds", "--format", "json").out)
    assert fund["remaining"] == "0.00"


def test_unknown_names_suggest_close_matches(stocked: CliRunner) -> None:
    cases = [
        (
            (
                "ship",
                "--date",
                "2020-12-28",
                "--batch",
                "1",
                "--to",
                "高丽营",
                "--item",
                "暖身贴=1",
            ),
            "unknown place '高丽营' (did you mean 高丽营镇?)",
        ),
        (
            (
                "ship",
                "--date",
                "2020-12-28",
                "--batch",
                "1",
                "--to",
                "高丽营镇",
                "--item",
                "暖生贴=1",
            ),
            "unknown item '暖生贴' (did you mean 暖身贴?); add it with: reliefctl item add 暖生贴",
        ),
        (
            (
                "grant",
                "--date",
                "2020-12-28",
                "--to",
                "高丽营镇",
                "--amount",
                "1",
                "--fund",
                "防疫资金",
            ),
            "unknown fund '防疫资金' (did you mean 防疫专项资金?)",
        ),
        (
            ("unit", "add", "某卫生院", "--township", "高丽营"),
            "unknown township '高丽营' (did you mean 高丽营镇?)",
        ),
    ]
    before = snapshot(stocked)
    for args, message in cases:
        result = stocked(*args)
        assert result.code == 1, args
        assert message in result.err
        assert result.err.count("\n") == 1
    assert snapshot(stocked) == before


def test_ref_is_idempotent_and_conflicts_are_refused(stocked: CliRunner) -> None:
    args = (
        "ship",
        "--date",
        "2020-12-28",
        "--batch",
        "1",
        "--to",
        "高丽营镇",
        "--item",
        "暖身贴=100",
        "--people",
        "10",
        "--ref",
        "DN-1",
    )
    assert stocked(*args).code == 0
    again = stocked(*args)
    assert again.code == 0
    assert again.out == (
        "S-000001 already records ref 'DN-1' with the same content; nothing new was recorded\n"
    )
    changed = stocked(*args[:-3], "11", "--ref", "DN-1")
    assert changed.code == 1
    assert "already recorded as S-000001 with different people" in changed.err
    log = json.loads(stocked("log", "--format", "json").out)
    assert sum(1 for e in log if e["kind"] == "shipment") == 1
    # After a void the ref is free for the corrected delivery.
    assert stocked("void", "S-000001", "--reason", "wrong people").code == 0
    assert stocked(*args[:-3], "11", "--ref", "DN-1").code == 0


def test_void_reverses_and_nets_out(stocked: CliRunner) -> None:
    assert (
        stocked(
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            "高丽营镇",
            "--item",
            "暖身贴=3万",
            "--people",
            "3000",
        ).code
        == 0
    )
    result = stocked("void", "s-1", "--reason", "录入重复")
    assert result.code == 0, result.err
    assert result.out == (
        "V-000001 recorded: S-000001 voided (3,750.00 元 reversed); reason: 录入重复\n"
    )
    stock = json.loads(stocked("stock", "--format", "json").out)[0]
    assert (stock["qty"], stock["value"], stock["shipped_qty"]) == (120000, "15000.00", 0)
    log = json.loads(stocked("log", "--format", "json").out)
    shipment = next(e for e in log if e["id"] == "S-000001")
    assert shipment["voided_by"] == "V-000001"
    void = log[-1]
    assert void["kind"] == "void" and void["summary"] == "void of S-000001: 录入重复"
    assert void["operator"] == "tester"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("V-000001", "V-000001 is a void; a void cannot be voided"),
        ("S-000001", "S-000001 is already voided by V-000001"),
        ("S-000099", "no entry S-000099 in this ledger"),
        ("M-000001", "only purchases, shipments, grants and allocations can be voided"),
        ("X-1", "'X-1' is not an entry id"),
    ],
)
def test_void_refusals(stocked: CliRunner, target: str, message: str) -> None:
    assert (
        stocked(
            "ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇", "--item", "暖身贴=1"
        ).code
        == 0
    )
    assert stocked("void", "S-000001", "--reason", "test").code == 0
    before = snapshot(stocked)
    result = stocked("void", target, "--reason", "again")
    assert result.code in (1, 2)
    assert message in result.err
    assert snapshot(stocked) == before


def test_void_of_a_purchase_whose_goods_were_shipped_is_refused(stocked: CliRunner) -> None:
    assert (
        stocked(
            "ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇", "--item", "暖身贴=1"
        ).code
        == 0
    )
    before = snapshot(stocked)
    result = stocked("void", "P-000001", "--reason", "wrong price")
    assert result.code == 1
    assert "cannot void P-000001" in result.err
    assert snapshot(stocked) == before
    # Void the shipment first, then the purchase goes.
    assert stocked("void", "S-000001", "--reason", "undo").code == 0
    assert stocked("void", "P-000001", "--reason", "wrong price").code == 0
    (fund,) = json.loads(stocked("funds", "--format", "json").out)
    assert fund["spent"] == "0.00"


def test_void_of_a_purchase_refused_when_a_later_shipment_used_its_cost(cli: CliRunner) -> None:
    domain_setup(cli)
    assert (
        cli("buy", "--date", "2020-12-27", "--item", "水饺", "--qty", "10", "--total", "10").code
        == 0
    )
    assert (
        cli("buy", "--date", "2020-12-27", "--item", "水饺", "--qty", "10", "--total", "1000").code
        == 0
    )
    assert (
        cli(
            "ship", "--date", "2020-12-28", "--batch", "1", "--to", "仁和镇", "--item", "水饺=10"
        ).code
        == 0
    )
    result = cli("void", "P-000001", "--reason", "duplicate")
    assert result.code == 1
    assert "shipment S-000001 of 水饺 was valued with its cost" in result.err


def test_master_data_is_normalised_and_idempotent(cli: CliRunner) -> None:
    assert cli("township", "add", " 高丽营镇 ").out == "M-000001 recorded: new township 高丽营镇\n"
    again = cli("township", "add", "高丽营镇")
    assert (again.code, again.out) == (0, "township 高丽营镇 already exists; nothing changed\n")
    clash = cli("unit", "add", "高丽营镇", "--township", "高丽营镇")
    assert clash.code == 1 and "already a township" in clash.err
    assert cli("item", "add", "暖身贴", "--unit", "个").code == 0
    other_unit = cli("item", "add", "暖身贴", "--unit", "箱")
    assert other_unit.code == 1 and "counted in '个'" in other_unit.err
    assert cli("fund", "add", "防疫专项资金", "--budget", "10万").code == 0
    other_budget = cli("fund", "add", "防疫专项资金", "--budget", "20万")
    assert other_budget.code == 1 and "fund topup" in other_budget.err
    assert json.loads(cli("township", "list", "--format", "json").out) == [{"township": "高丽营镇"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--qty", "0"), "--qty"),
        (("--qty", "1.5"), "--qty"),
        (("--qty", "-3"), "--qty"),
        (("--date", "2021-02-30"), "not a calendar date"),
        (("--date", "2999-01-01"), "in the future"),
        (("--date", "1999-12-31"), "before 2000-01-01"),
        (("--total", "12.345"), "two decimals"),
        (("--total", "NaN"), "--total"),
    ],
)
def test_malformed_values_are_usage_errors(
    stocked: CliRunner, args: tuple[str, str], message: str
) -> None:
    base = {"--date": "2020-12-28", "--item": "暖身贴", "--qty": "10", "--total": "10"}
    base[args[0]] = args[1]
    before = snapshot(stocked)
    result = stocked("buy", *[part for pair in base.items() for part in pair])
    assert result.code == 2
    assert message in result.err
    assert result.err.startswith("reliefctl: error: ") and result.err.count("\n") == 1
    assert snapshot(stocked) == before


def test_operator_and_recording_time_are_kept(
    stocked: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELIEFCTL_OPERATOR", "王路曼")
    assert stocked("grant", "--date", "2021-01-05", "--to", "区卫健委", "--amount", "1").code == 0
    entry = json.loads(stocked("log", "--format", "json").out)[-1]
    assert entry["operator"] == "王路曼"
    assert entry["date"] == "2021-01-05"
    recorded = datetime.fromisoformat(entry["recorded_at"])
    assert recorded.tzinfo is not None
    assert abs((datetime.now(recorded.tzinfo) - recorded).total_seconds()) < 120


def test_log_filters_by_inclusive_event_dates(stocked: CliRunner) -> None:
    for day in ("2020-12-28", "2020-12-29", "2020-12-30"):
        assert (
            stocked(
                "ship", "--date", day, "--batch", "1", "--to", "仁和镇", "--item", "暖身贴=1"
            ).code
            == 0
        )
    entries = json.loads(
        stocked("log", "--since", "2020-12-28", "--until", "2020/12/29", "--format", "json").out
    )
    assert [e["date"] for e in entries] == ["2020-12-28", "2020-12-29"]
    bad = stocked("log", "--since", "2020-12-30", "--until", "2020-12-29")
    assert bad.code == 2 and "after --until" in bad.err


def test_views_paste_into_excel_as_csv(stocked: CliRunner) -> None:
    assert (
        stocked(
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            "高丽营镇",
            "--item",
            "暖身贴=3万",
            "--people",
            "3000",
            "--note",
            "=1+1",
        ).code
        == 0
    )
    stock = stocked("stock", "--format", "csv")
    assert stock.code == 0
    assert stock.out.startswith("\ufeffitem,unit,qty,value,")
    assert (
        "暖身贴,个,90000,11250.00,120000,15000.00,30000,3750.00,0,0.00,0,0.00,0,0.00,0,0.00,\r\n"
        in stock.out
    )
    funds = stocked("funds", "--format", "csv").out.splitlines()
    assert funds[1] == "防疫专项资金,2000000.00,15000.00,1985000.00,15000.00,0.00"
    log = stocked("log", "--format", "csv").out.splitlines()
    assert (
        log[0] == "\ufeffid,kind,date,recorded_at,operator,summary,amount,people,ref,note,voided_by"
    )
    assert log[-1].startswith("S-000001,shipment,2020-12-28,")
    assert log[-1].endswith(",3750.00,3000,,=1+1,")
    bad = stocked("stock", "--format", "xml")
    assert bad.code == 2 and "use table, json or csv" in bad.err
