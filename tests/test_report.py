"""``reliefctl report`` end to end: golden outputs on the DOMAIN.md operation, the JSON
contract, inclusive period boundaries, voids and back-dated entries, languages, dimensions.

Goldens live in ``tests/golden/``; after a deliberate change of the output, rewrite them with
``RELIEFCTL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_report.py`` and review the diff.
The ``cli`` fixture runs every test on SQLite and, when configured, on PostgreSQL: both must
give the same bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, CliRunner, domain_operation, run_process

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("RELIEFCTL_UPDATE_GOLDEN") == "1"


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs (RELIEFCTL_UPDATE_GOLDEN=1 rewrites it)"


def fen(text: str) -> int:
    """ "1234.50" -> 123450, exactly (no float)."""
    sign = -1 if text.startswith("-") else 1
    whole, _, cents = text.lstrip("-").partition(".")
    assert len(cents) == 2, text
    return sign * (int(whole) * 100 + int(cents))


def report_json(cli: CliRunner, *args: str) -> dict[str, Any]:
    result = cli("report", "--format", "json", *args)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


# Figures of the DOMAIN.md replay (tests/conftest.py), worked out by hand:
# 暖身贴 235,000 at 0.125 = 29,375.00, all delivered in batches 1 and 2; the batch-3 food
# (683,250.00 + 393,552.00 + 82,670.00 + 40,154.00 = 1,199,626.00) all delivered; one grant of
# 100,000.00 without a batch.
PURCHASES = 1_229_001_00
GOODS = 1_229_001_00
GRANTS = 100_000_00
PEOPLE = 12_000 + 11_500 + 62_000 + 1_200


@pytest.fixture
def domain(domain_cli: CliRunner) -> CliRunner:
    return domain_cli


# --- goldens ---------------------------------------------------------------------------------


def test_table_golden(domain: CliRunner) -> None:
    result = domain("report")
    assert result.code == 0, result.err
    golden("report_table_en.txt", result.out)
    zh = domain("report", "--lang", "zh", "--since", "2020-12-29", "--until", "2021-01-05")
    assert zh.code == 0, zh.err
    golden("report_table_zh_period.txt", zh.out)
    pivot = domain("report", "--pivot")
    assert pivot.code == 0, pivot.err
    golden("report_table_pivot.txt", pivot.out)
    more = domain("report", "--by", "item", "--by", "fund", "--by", "group", "--by", "month")
    assert more.code == 0, more.err
    golden("report_table_dims.txt", more.out)


def test_csv_golden(domain: CliRunner) -> None:
    result = domain("report", "--format", "csv")
    assert result.code == 0, result.err
    assert result.out.startswith("\ufeff"), "CSV starts with a byte-order mark for Excel"
    golden("report.csv", result.out)
    zh = domain("report", "--format", "csv", "--lang", "zh", "--by", "item", "--by", "fund")
    golden("report_zh_item_fund.csv", zh.out)
    pivot = domain("report", "--format", "csv", "--pivot")
    golden("report_pivot.csv", pivot.out)


def test_json_golden(domain: CliRunner) -> None:
    result = domain("report", "--format", "json")
    assert result.code == 0, result.err
    golden("report.json", result.out)
    every = domain("report", "--format", "json", "--by", "item", "--by", "fund", "--by", "month")
    golden("report_dims.json", every.out)
    pivot = domain("report", "--format", "json", "--pivot", "--since", "2020-12-29")
    golden("report_pivot.json", pivot.out)


# --- what the figures say --------------------------------------------------------------------


def test_json_contract_and_reconciliation(domain: CliRunner) -> None:
    data = report_json(domain)
    assert list(data) == ["since", "until", "currency", "totals", "by_batch", "by_township"]
    assert data["since"] is None and data["until"] is None and data["currency"] == "CNY"
    totals = data["totals"]
    for key in ("purchases", "goods_value", "grants", "spend", "stock_value"):
        assert isinstance(totals[key], str) and totals[key].count(".") == 1, key
        assert len(totals[key].split(".")[1]) == 2 and "," not in totals[key]
    assert isinstance(totals["people"], int)
    assert fen(totals["purchases"]) == PURCHASES
    assert fen(totals["goods_value"]) == GOODS
    assert fen(totals["grants"]) == GRANTS
    assert fen(totals["spend"]) == GOODS + GRANTS
    assert totals["people"] == PEOPLE
    assert (totals["deliveries"], totals["grant_count"]) == (12, 1)
    # Over the whole ledger: goods delivered + stock on hand = purchases, to the fen.
    assert fen(totals["goods_value"]) + fen(totals["stock_value"]) == fen(totals["purchases"])
    for dim in ("batch", "township"):
        rows = data[f"by_{dim}"]
        for row in rows:
            assert list(row) == [
                dim,
                "goods_value",
                "grants",
                "spend",
                "people",
                "deliveries",
                "grant_count",
                "household_times",
                "unique_persons",
                "listed_entries",
                "listed_people",
            ]
            assert fen(row["spend"]) == fen(row["goods_value"]) + fen(row["grants"])
        for key in ("goods_value", "grants", "spend"):
            assert sum(fen(row[key]) for row in rows) == fen(totals[key]), (dim, key)
        for key in ("people", "deliveries", "grant_count", "household_times"):
            assert sum(row[key] for row in rows) == totals[key], (dim, key)
    batches = {row["batch"]: row for row in data["by_batch"]}
    assert list(batches) == ["1", "2", "3", None]  # the grant has no batch: the "no batch" row
    assert fen(batches[None]["grants"]) == GRANTS and batches[None]["people"] == 1_200
    assert batches["1"]["people"] == 12_000 and batches["1"]["deliveries"] == 4
    towns = {row["township"]: row for row in data["by_township"]}
    # Units roll up to their township: 幸福东区 (batch 2) and 西辛南区 (batch 3) are in 胜利街道.
    assert towns["胜利街道"]["people"] == 2_500 + 2_000 + 12_000
    assert towns["胜利街道"]["deliveries"] == 3
    assert fen(towns["区卫健委"]["spend"]) == 5_000_00 + GRANTS


def test_dimensions_sum_to_the_totals(domain: CliRunner) -> None:
    data = report_json(
        domain, *[a for d in ("group", "fund", "item", "month") for a in ("--by", d)]
    )
    totals = data["totals"]
    assert list(data)[4:] == ["by_group", "by_fund", "by_item", "by_month"]
    for dim in ("group", "month"):
        rows = data[f"by_{dim}"]
        assert sum(fen(r["spend"]) for r in rows) == fen(totals["spend"])
        assert sum(r["people"] for r in rows) == totals["people"]
    items = data["by_item"]
    # Person-times cannot be split between the items of one delivery: not shown per item.
    assert all(r["people"] is None and r["deliveries"] is None for r in items)
    assert items[-1]["item"] is None and fen(items[-1]["grants"]) == GRANTS  # cash grants row
    assert sum(fen(r["spend"]) for r in items) == fen(totals["spend"])
    assert {r["item"]: r["qty"] for r in items[:-1]}["暖身贴"] == 235_000
    funds = data["by_fund"]
    # Goods are valued across funds, so a fund shows what was paid from it, not goods or people.
    assert funds == [
        {
            "fund": "防疫专项资金",
            "purchases": "1229001.00",
            "goods_value": None,
            "grants": "100000.00",
            "spend": None,
            "people": None,
            "deliveries": None,
            "grant_count": 1,
            "cash_spent": "1329001.00",
            "household_times": None,
            "unique_persons": None,
            "listed_entries": None,
            "listed_people": None,
        }
    ]
    months = {r["month"]: r for r in data["by_month"]}
    assert list(months) == ["2020-12", "2021-01"]
    assert fen(months["2021-01"]["grants"]) == GRANTS


def test_pivot_has_row_and_column_totals(domain: CliRunner) -> None:
    data = report_json(domain, "--pivot")
    pivot = data["pivot"]
    assert (pivot["rows"], pivot["columns"]) == ("township", "batch")
    cells = pivot["cells"]
    for row in data["by_township"]:
        mine = [c for c in cells if c["township"] == row["township"]]
        assert sum(fen(c["spend"]) for c in mine) == fen(row["spend"])
        assert sum(c["people"] for c in mine) == row["people"]
    for column in data["by_batch"]:
        mine = [c for c in cells if c["batch"] == column["batch"]]
        assert sum(fen(c["spend"]) for c in mine) == fen(column["spend"])
    flipped = report_json(domain, "--pivot", "--by", "batch", "--by", "township")
    assert (flipped["pivot"]["rows"], flipped["pivot"]["columns"]) == ("batch", "township")
    assert len(flipped["pivot"]["cells"]) == len(cells)
    by_group = report_json(domain, "--pivot", "--by", "group", "--by", "month")
    assert sum(fen(c["spend"]) for c in by_group["pivot"]["cells"]) == GOODS + GRANTS


# --- the period ------------------------------------------------------------------------------


def test_since_and_until_are_inclusive(domain: CliRunner) -> None:
    # Batch 1 is dated 2020-12-28, batch 2 2020-12-29, batch 3 2020-12-31, the grant 2021-01-05.
    def batches(*args: str) -> dict[str | None, dict[str, Any]]:
        return {row["batch"]: row for row in report_json(domain, *args)["by_batch"]}

    assert list(batches("--since", "2020-12-28", "--until", "2020-12-28")) == ["1"]
    assert list(batches("--since", "2020-12-29", "--until", "2020-12-29")) == ["2"]
    assert list(batches("--since", "2020-12-29")) == ["2", "3", None]
    assert list(batches("--until", "2020-12-29")) == ["1", "2"]
    assert list(batches("--since", "2020-12-30", "--until", "2021-01-04")) == ["3"]
    assert list(batches("--since", "2021-01-05", "--until", "2021-01-05")) == [None]
    # Date forms of the recording commands; a future --until is a fine end of period.
    data = report_json(domain, "--since", "2020年12月29日", "--until", "2099/12/31")
    assert (data["since"], data["until"]) == ("2020-12-29", "2099-12-31")


def test_period_stock_reconciles(domain: CliRunner) -> None:
    """Stock at start + purchases = goods delivered + stock at end, for any period."""
    periods = [
        ("2020-12-27", "2020-12-27"),
        ("2020-12-28", "2020-12-29"),
        ("2020-12-29", "2020-12-30"),
        ("2020-12-30", "2021-01-31"),
    ]
    for since, until in periods:
        t = report_json(domain, "--since", since, "--until", until)["totals"]
        assert fen(t["opening_stock_value"]) + fen(t["purchases"]) == fen(t["goods_value"]) + fen(
            t["stock_value"]
        ), (since, until)
    t = report_json(domain, "--since", "2020-12-28", "--until", "2020-12-28")["totals"]
    assert fen(t["opening_stock_value"]) == 29_375_00  # the patches, bought the day before
    assert fen(t["stock_value"]) == 29_375_00 - 15_000_00
    stock = domain("stock", "--format", "json")
    assert sum(fen(row["value"]) for row in json.loads(stock.out)) == fen(
        report_json(domain)["totals"]["stock_value"]
    )


def test_empty_period_prints_zero_totals(domain: CliRunner) -> None:
    data = report_json(domain, "--since", "2021-01-06")
    assert data["by_batch"] == [] and data["by_township"] == []
    totals = data["totals"]
    assert totals["spend"] == "0.00" and totals["people"] == 0 and totals["deliveries"] == 0
    table = domain("report", "--since", "2021-01-06")
    assert table.code == 0 and "0.00" in table.out
    csv = domain("report", "--format", "csv", "--since", "2021-01-06")
    assert csv.code == 0 and csv.out.splitlines()[-1].startswith("total,,0.00,0.00,0.00,0,0,0")


def test_empty_ledger(cli: CliRunner) -> None:
    data = report_json(cli)
    assert data["totals"]["purchases"] == "0.00" and data["by_batch"] == []
    for fmt in ("table", "csv"):
        assert cli("report", "--format", fmt, "--pivot").code == 0


def test_since_after_until_is_refused(domain: CliRunner) -> None:
    result = domain("report", "--since", "2021-01-05", "--until", "2020-12-28")
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and "--since" in result.err and "after" in result.err


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--since", "2020-02-30"), "--since"),
        (("--until", "yesterday"), "--until"),
        (("--by", "person"), "--by"),
        (("--format", "xlsx"), "--format"),
        (("--lang", "fr"), "--lang"),
        (("--pivot", "--by", "item", "--by", "batch"), "--pivot"),
        (("--pivot", "--by", "batch"), "--pivot"),
    ],
)
def test_bad_options_are_one_line_usage_errors(
    cli: CliRunner, args: tuple[str, ...], field: str
) -> None:
    result = cli("report", *args)
    assert result.code == 2, result
    assert result.err.count("\n") == 1 and field in result.err, result.err


def test_help_says_dates_are_inclusive(cli: CliRunner) -> None:
    result = cli("report", "--help")
    assert result.code == 0
    assert "inclusive" in result.out and "--since" in result.out and "--until" in result.out


# --- voids and back-dated entries ------------------------------------------------------------


def _buy_yogurt(cli: CliRunner) -> str:
    """A back-dated purchase (all the DOMAIN.md yogurt was delivered): 100 酸奶 on 12-30."""
    result = cli(
        "buy", "--date", "2020-12-30", "--item", "酸奶", "--qty", "100", "--total", "3500", "--json"
    )
    assert result.code == 0, result.err
    entry_id: str = json.loads(result.out)["id"]
    return entry_id


def test_voids_and_back_dated_entries(domain: CliRunner) -> None:
    before = report_json(domain)
    bought = _buy_yogurt(domain)
    late = domain(
        "ship",
        "--date",
        "2020-12-31",
        "--batch",
        "1",
        "--to",
        "仁和镇",
        "--item",
        "酸奶=10",
        "--people",
        "7",
        "--json",
    )
    assert late.code == 0, late.err
    grant = domain("grant", "--date", "2020-12-29", "--to", "幸福东区", "--amount", "500", "--json")
    assert grant.code == 0, grant.err
    day = report_json(domain, "--since", "2020-12-31", "--until", "2020-12-31")
    assert day["totals"]["deliveries"] == 4 and day["totals"]["people"] == 62_000 + 7
    # Void them all (the delivery first: the purchase's cost went into it).
    for entry in (json.loads(late.out)["id"], json.loads(grant.out)["id"], bought):
        result = domain("void", entry, "--reason", "录入错误")
        assert result.code == 0, result.err
    assert report_json(domain) == before
    # The voided grant's day, too, nets to nothing (a reversal carries the original's date).
    period = report_json(domain, "--since", "2020-12-29", "--until", "2020-12-29")
    assert period["totals"]["grants"] == "0.00" and period["totals"]["grant_count"] == 0
    assert report_json(domain, "--since", "2020-12-29", "--until", "2020-12-29") == report_json(
        domain, "--since", "2020-12-29", "--until", "2020-12-29", "--by", "batch"
    ) | {"by_township": period["by_township"]}


def test_back_dated_delivery_lands_in_its_period(domain: CliRunner) -> None:
    _buy_yogurt(domain)
    result = domain(
        "ship", "--date", "2020-12-31", "--batch", "2", "--to", "南彩镇", "--item", "酸奶=100"
    )
    assert result.code == 0, result.err
    day = report_json(domain, "--since", "2020-12-31", "--until", "2020-12-31")
    assert day["totals"]["deliveries"] == 4
    towns = {row["township"]: row for row in day["by_township"]}
    assert towns["南彩镇"]["people"] == 0 and fen(towns["南彩镇"]["goods_value"]) == 3_500_00
    assert report_json(domain, "--since", "2021-01-01")["totals"]["deliveries"] == 0
    t = report_json(domain, "--since", "2020-12-30", "--until", "2020-12-30")["totals"]
    assert fen(t["purchases"]) == 1_199_626_00 + 3_500_00


# --- languages -------------------------------------------------------------------------------


def test_language_follows_option_then_environment_then_locale(
    domain: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert "by batch" in domain("report").out
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "按批次" in domain("report").out
    assert "by batch" in domain("report", "--lang", "en").out
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL beats LANG
    assert "by batch" in domain("report").out
    monkeypatch.setenv("RELIEFCTL_LANG", "zh")  # beats the locale
    assert "按批次" in domain("report").out
    csv = domain("report", "--format", "csv")
    assert csv.out.startswith("\ufeff维度,名称,") and "\n批次,无批次," in csv.out
    # JSON keys are a contract: the language changes nothing.
    assert json.loads(domain("report", "--format", "json").out) == json.loads(
        domain("report", "--format", "json", "--lang", "en").out
    )
    monkeypatch.setenv("RELIEFCTL_LANG", "klingon")
    result = domain("report")
    assert result.code == 2 and "RELIEFCTL_LANG" in result.err


# --- weight ----------------------------------------------------------------------------------


def test_report_imports_neither_sqlalchemy_nor_sqlmodel(tmp_path: Path) -> None:
    """A report pays for no ORM: SQLAlchemy alone costs more than the query (issue 3)."""
    db = str(tmp_path / "ledger.sqlite")
    assert run_process("init", env={"RELIEFCTL_DB": db}).returncode == 0
    script = (
        "import sys, json\n"
        "from reliefctl.cli.app import main\n"
        "for fmt in ('json', 'csv', 'table'):\n"
        "    try:\n"
        "        main(['report', '--format', fmt, '--pivot'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "sys.stdout.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"RELIEFCTL_DB": db, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=True,
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "reliefctl.reports.report" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "openpyxl")}


def test_hot_query_streams_the_covering_index(sqlite_cli: CliRunner, sqlite_url: str) -> None:
    """The batch × township scan reads only ix_shipment_lines_report, in GROUP BY order (no
    sort); every shipment-line query of the default report is covered by an index."""
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import LedgerLocation
    from reliefctl.reports.report import compute_report

    domain_operation(sqlite_cli)
    ledger = open_ledger(LedgerLocation("sqlite", sqlite_url))
    statements: list[str] = []
    try:
        ledger.raw.set_trace_callback(statements.append)
        compute_report(ledger, since="2020-12-29", until="2021-01-05")
        ledger.raw.set_trace_callback(None)
        scans = [s for s in statements if "FROM shipment_lines" in s]
        # The grouped scan, its household-times (the partial index), and the value shipped
        # before --since.
        assert len(scans) == 3
        plans = {
            sql: " / ".join(row[3] for row in ledger.query(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in scans
        }
        grouped = next(sql for sql in scans if "GROUP BY batch_id, township_id" in sql)
        assert "COVERING INDEX ix_shipment_lines_report" in plans[grouped], plans[grouped]
        for sql, plan in plans.items():
            assert "TEMP B-TREE" not in plan and "COVERING INDEX" in plan, (sql, plan)
        # Called inside a caller's snapshot (the Excel export), it reuses that snapshot.
        with ledger.snapshot():
            inside = compute_report(ledger, since=None, until=None)
        assert inside.totals.goods_value == GOODS
    finally:
        ledger.close()
