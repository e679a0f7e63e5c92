"""Money an auditor can follow (issue 14): dated budgets, a fund never overdrawn in date order,
allocations as entries (void, reduce), the require_fund setting, cash spent and ``report
--fund``, ``show`` of every kind, ``log`` filters, and the Manifest's per-item quantities.

Every CLI test runs on SQLite and, with RELIEFCTL_TEST_PG_URL set, on PostgreSQL (the ``cli``
fixture is parametrised over both backends).
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import RuleViolation
from reliefctl.ledger.books import fund_balances
from reliefctl.ledger.posting import Poster, post
from reliefctl.ledger.requests import (
    AllocationRequest,
    GrantRequest,
    PurchaseRequest,
    VoidRequest,
)

from .conftest import CliRunner


def ok(cli: CliRunner, *args: str) -> str:
    result = cli(*args)
    assert result.code == 0, (args, result.err)
    return result.out


def js(cli: CliRunner, *args: str) -> Any:
    return json.loads(ok(cli, *args))


def setup(cli: CliRunner) -> None:
    ok(cli, "township", "add", "高丽营镇")
    ok(cli, "unit", "add", "高丽营镇卫生院", "--township", "高丽营镇")
    ok(cli, "township", "add", "南彩镇")
    ok(cli, "item", "add", "水饺", "--unit", "袋")
    ok(cli, "item", "add", "面包", "--unit", "个")


def funds_at(cli: CliRunner, day: str | None = None) -> dict[str, dict[str, str]]:
    args = ["funds", "--format", "json"] + (["--until", day] if day else [])
    return {row["fund"]: row for row in js(cli, *args)}


# --- budgets in date order ------------------------------------------------------------------------


def test_fund_add_writes_the_fund_and_its_undated_first_allocation(cli: CliRunner) -> None:
    out = ok(cli, "fund", "add", "防疫专项资金", "--budget", "1000")
    assert "undated: counts from the beginning" in out
    assert "B-000001" in out
    shown = js(cli, "show", "B-000001", "--format", "json")
    assert shown["kind"] == "allocation"
    assert shown["rows"] == [
        {"table": "allocations", "fund": "防疫专项资金", "date": None, "amount": "1000.00"}
    ]
    # Undated: the budget counts on any date, however early.
    assert funds_at(cli, "2000-01-01")["防疫专项资金"]["budget"] == "1000.00"
    again = cli("fund", "add", "防疫专项资金", "--budget", "1000")
    assert again.code == 0 and "already exists" in again.out


def test_a_dated_allocation_counts_from_its_date(cli: CliRunner) -> None:
    setup(cli)
    ok(cli, "fund", "add", "防疫", "--budget", "100", "--date", "2021-01-05", "--ref", "文1")
    out = ok(cli, "fund", "topup", "防疫", "--amount", "50", "--date", "2021-01-10")
    assert "dated 2021-01-10" in out
    assert funds_at(cli, "2021-01-04")["防疫"]["budget"] == "0.00"
    assert funds_at(cli, "2021-01-05")["防疫"]["budget"] == "100.00"
    assert funds_at(cli, "2021-01-10")["防疫"]["budget"] == "150.00"
    assert funds_at(cli)["防疫"]["budget"] == "150.00"
    # Before the allocation's date there is no budget: refused, naming remaining and date.
    early = cli(
        "buy",
        "--date",
        "2021-01-04",
        "--item",
        "水饺",
        "--qty",
        "1",
        "--total",
        "1",
        "--fund",
        "防疫",
    )
    assert early.code == 1
    assert "has 0.00 元 remaining on 2021-01-04" in early.err
    ok(
        cli,
        "buy",
        "--date",
        "2021-01-06",
        "--item",
        "水饺",
        "--qty",
        "1",
        "--total",
        "100",
        "--fund",
        "防疫",
    )
    assert ok(cli, "verify") == ""


def test_a_back_dated_purchase_is_refused_if_a_later_date_would_be_overdrawn(
    cli: CliRunner,
) -> None:
    setup(cli)
    ok(cli, "fund", "add", "防疫", "--budget", "100", "--date", "2021-01-01")
    ok(cli, "fund", "topup", "防疫", "--amount", "100", "--date", "2021-01-20")
    ok(cli, "grant", "--date", "2021-01-10", "--to", "南彩镇", "--amount", "80", "--fund", "防疫")
    # On 01-05 there is 100 left, but by 01-10 the grant leaves 20: 30 more would overdraw.
    refused = cli(
        "grant", "--date", "2021-01-05", "--to", "南彩镇", "--amount", "30", "--fund", "防疫"
    )
    assert refused.code == 1
    assert "100.00 元 remaining on 2021-01-05" in refused.err
    assert "leave only 20.00 元 on 2021-01-10" in refused.err
    assert len(js(cli, "log", "--kind", "grant", "--format", "json")) == 1
    ok(cli, "grant", "--date", "2021-01-05", "--to", "南彩镇", "--amount", "20", "--fund", "防疫")
    # After the second allocation there is room again.
    ok(cli, "grant", "--date", "2021-01-21", "--to", "南彩镇", "--amount", "100", "--fund", "防疫")
    assert ok(cli, "verify") == ""


def test_reduce_and_void_of_allocations_follow_the_same_rule(cli: CliRunner) -> None:
    setup(cli)
    ok(cli, "fund", "add", "防疫", "--budget", "100")
    ok(cli, "fund", "topup", "防疫", "--amount", "50", "--date", "2021-01-10")  # B-000002
    ok(cli, "grant", "--date", "2021-01-12", "--to", "南彩镇", "--amount", "120", "--fund", "防疫")
    # Voiding the 50 would leave -20 from 01-12 on.
    refused = cli("void", "B-000002", "--reason", "wrong date")
    assert refused.code == 1
    assert "cannot void B-000002" in refused.err and "-20.00" in refused.err
    too_much = cli("fund", "reduce", "防疫", "--amount", "40", "--date", "2021-01-11")
    assert too_much.code == 1 and "budget reduction" in too_much.err
    out = ok(cli, "fund", "reduce", "防疫", "--amount", "30", "--date", "2021-01-11")
    assert "reduced by 30.00 元" in out
    assert funds_at(cli)["防疫"]["remaining"] == "0.00"
    # Void the grant, then the allocation can go (to be re-entered with the right date).
    ok(cli, "void", "G-000001", "--reason", "re-enter")
    ok(cli, "void", "B-000002", "--reason", "wrong date")
    assert funds_at(cli)["防疫"]["budget"] == "70.00"
    shown = js(cli, "show", "B-000002", "--format", "json")
    assert shown["voided_by"] == "V-000002" and shown["void_reason"] == "wrong date"
    assert ok(cli, "verify") == ""


def test_allocation_refs_are_idempotent(cli: CliRunner) -> None:
    ok(cli, "fund", "add", "防疫", "--budget", "100")
    first = js(cli, "fund", "topup", "防疫", "--amount", "5", "--ref", "通财〔2021〕1号", "--json")
    again = js(cli, "fund", "topup", "防疫", "--amount", "5", "--ref", "通财〔2021〕1号", "--json")
    assert again["id"] == first["id"] and again["duplicate"] is True
    conflict = cli("fund", "topup", "防疫", "--amount", "6", "--ref", "通财〔2021〕1号")
    assert conflict.code != 0
    assert funds_at(cli)["防疫"]["budget"] == "105.00"


# --- the require_fund setting ---------------------------------------------------------------------


def test_require_fund_refuses_purchases_and_grants_without_a_fund(cli: CliRunner) -> None:
    setup(cli)
    none = cli("buy", "--date", "2021-01-05", "--item", "水饺", "--qty", "1", "--total", "1")
    assert none.code == 0  # off by default
    ok(cli, "config", "set", "require_fund", "yes")
    ok(cli, "fund", "add", "防疫", "--budget", "100")
    bought = cli("buy", "--date", "2021-01-05", "--item", "水饺", "--qty", "1", "--total", "1")
    assert bought.code == 1 and "require_fund" in bought.err and "--fund 防疫" in bought.err
    granted = cli("grant", "--date", "2021-01-05", "--to", "南彩镇", "--amount", "1")
    assert granted.code == 1 and "this grant names none" in granted.err
    ok(cli, "grant", "--date", "2021-01-05", "--to", "南彩镇", "--amount", "1", "--fund", "防疫")
    assert cli("config", "set", "require_fund", "maybe").code == 2
    ok(cli, "config", "set", "require_fund", "no")
    ok(cli, "grant", "--date", "2021-01-05", "--to", "南彩镇", "--amount", "1")
    shown = {s["name"]: s["value"] for s in js(cli, "config", "show", "--json")}
    assert shown["require_fund"] == "no"


def test_init_require_fund(bare_cli: CliRunner) -> None:
    out = ok(bare_cli, "init", "--require-fund", "--tz", "Asia/Shanghai")
    assert "require_fund: yes" in out
    shown = {s["name"]: (s["value"], s["entry"]) for s in js(bare_cli, "config", "show", "--json")}
    assert shown == {
        "tz": ("Asia/Shanghai", "L-000001"),
        "require_fund": ("yes", "L-000001"),
        "location": ("仓库", "L-000001"),
        "person_key": ("", None),
    }
    ok(bare_cli, "item", "add", "水饺", "--unit", "袋")
    refused = bare_cli(
        "buy", "--date", "2021-01-05", "--item", "水饺", "--qty", "1", "--total", "1"
    )
    assert refused.code == 1 and "reliefctl fund add" in refused.err


# --- cash spent and report --fund -----------------------------------------------------------------


def _funded(cli: CliRunner) -> None:
    setup(cli)
    ok(cli, "fund", "add", "甲", "--budget", "10000")
    ok(cli, "fund", "add", "乙", "--budget", "10000")
    ok(
        cli,
        "buy",
        "--date",
        "2021-01-05",
        "--item",
        "水饺",
        "--qty",
        "10",
        "--total",
        "100",
        "--fund",
        "甲",
    )
    ok(
        cli,
        "buy",
        "--date",
        "2021-02-05",
        "--item",
        "面包",
        "--qty",
        "10",
        "--total",
        "50",
        "--fund",
        "乙",
    )
    ok(cli, "buy", "--date", "2021-02-06", "--item", "面包", "--qty", "10", "--total", "7")
    ok(
        cli,
        "ship",
        "--date",
        "2021-02-07",
        "--batch",
        "1",
        "--to",
        "高丽营镇",
        "--item",
        "水饺=5",
        "--people",
        "9",
    )
    ok(
        cli,
        "grant",
        "--date",
        "2021-01-20",
        "--to",
        "高丽营镇卫生院",
        "--amount",
        "30",
        "--fund",
        "甲",
        "--batch",
        "1",
    )
    ok(cli, "grant", "--date", "2021-02-20", "--to", "南彩镇", "--amount", "40", "--fund", "乙")
    ok(cli, "grant", "--date", "2021-02-21", "--to", "南彩镇", "--amount", "3")


def test_cash_spent_is_purchases_plus_grants(cli: CliRunner) -> None:
    _funded(cli)
    totals = js(cli, "report", "--format", "json")["totals"]
    assert totals["cash_spent"] == "230.00"  # 100 + 50 + 7 + 30 + 40 + 3
    assert totals["spend"] == "123.00"  # goods delivered 50 + grants 73
    by_month = js(cli, "report", "--by", "month", "--format", "json")["by_month"]
    assert [(r["month"], r["purchases"], r["cash_spent"]) for r in by_month] == [
        ("2021-01", "100.00", "130.00"),
        ("2021-02", "57.00", "100.00"),
    ]
    csv = ok(cli, "report", "--format", "csv")
    # cash spent, then household-times (户次) and the persons named on lists (issue 16)
    assert csv.splitlines()[0].endswith(
        "cash spent 元,household-times 户次,unique persons 人,entries with a list,"
        "person-times listed"
    )
    assert csv.splitlines()[-1].endswith(",230.00,0,,0,0")


def test_report_fund_restricts_cash_and_blanks_goods(cli: CliRunner) -> None:
    _funded(cli)
    data = js(cli, "report", "--fund", "甲", "--format", "json")
    t = data["totals"]
    assert data["funds"] == ["甲"]
    assert (t["purchases"], t["grants"], t["cash_spent"], t["grant_count"]) == (
        "100.00",
        "30.00",
        "130.00",
        1,
    )
    for name in ("goods_value", "spend", "opening_stock_value", "stock_value", "people"):
        assert t[name] is None, name
    both = js(cli, "report", "--fund", "甲", "--fund", "乙", "--format", "json")["totals"]
    assert both["cash_spent"] == "220.00"
    towns = js(cli, "report", "--fund", "乙", "--by", "township", "--format", "json")
    assert [(r["township"], r["grants"], r["goods_value"]) for r in towns["by_township"]] == [
        ("南彩镇", "40.00", None)
    ]
    table = ok(cli, "report", "--fund", "甲")
    assert "restricted to funds: 甲" in table
    unknown = cli("report", "--fund", "丙")
    assert unknown.code == 1 and "unknown fund" in unknown.err


def test_fund_crosses_month_for_cash_spent_and_township_for_grants(cli: CliRunner) -> None:
    _funded(cli)
    data = js(cli, "report", "--by", "fund", "--by", "month", "--pivot", "--format", "json")
    pivot = data["pivot"]
    assert pivot["measures"] == ["cash_spent", "grants"]
    cells = {(c["fund"], c["month"]): c["cash_spent"] for c in pivot["cells"]}
    assert cells == {
        ("甲", "2021-01"): "130.00",
        ("乙", "2021-02"): "90.00",
        (None, "2021-02"): "10.00",
    }
    towns = js(cli, "report", "--by", "fund", "--by", "township", "--pivot", "--format", "json")
    grants = {(c["fund"], c["township"]): c["grants"] for c in towns["pivot"]["cells"]}
    assert grants == {
        ("甲", "高丽营镇"): "30.00",
        ("乙", "南彩镇"): "40.00",
        (None, "南彩镇"): "3.00",
    }
    # The township table beside it keeps goods delivered.
    assert {r["township"]: r["goods_value"] for r in towns["by_township"]}["高丽营镇"] == "50.00"
    table = ok(cli, "report", "--by", "fund", "--by", "month", "--pivot")
    assert "cash spent" in table
    refused = cli("report", "--by", "fund", "--by", "item", "--pivot")
    assert refused.code == 2


# --- show and log ---------------------------------------------------------------------------------


def test_show_every_kind(cli: CliRunner) -> None:
    _funded(cli)
    ok(cli, "void", "G-000003", "--reason", "typo")
    kinds = {}
    for entry in js(cli, "log", "--format", "json"):
        shown = js(cli, "show", entry["id"], "--format", "json")
        assert shown["id"] == entry["id"] and len(shown["hash"]) == 64
        assert shown["prev_hash"] and shown["rows"]
        kinds[shown["kind"]] = shown
        assert ok(cli, "show", entry["id"]).startswith("entry")
    assert set(kinds) >= {
        "master",
        "purchase",
        "shipment",
        "grant",
        "void",
        "allocation",
        "setting",
    }
    ship = js(cli, "show", "S-000001", "--format", "json")
    (line,) = [row for row in ship["rows"] if row["table"] == "shipment_lines"]
    assert [row["label"] for row in ship["rows"] if row["table"] == "batches"] == ["1"]
    assert (line["item"], line["qty"], line["item_unit"], line["value"]) == (
        "水饺",
        5,
        "袋",
        "50.00",
    )
    assert (line["township"], line["batch"], line["people"]) == ("高丽营镇", "1", 9)
    void = js(cli, "show", "V-000001", "--format", "json")
    assert void["voids"] == "G-000003"
    assert js(cli, "show", "G-000003", "--format", "json")["voided_by"] == "V-000001"
    purchase = ok(cli, "show", "P-000001")
    assert "100.00 元" in purchase and "fund 甲" in purchase
    missing = cli("show", "S-999999")
    assert missing.code == 1


def _ids(cli: CliRunner, *args: str) -> list[str]:
    return [row["id"] for row in js(cli, "log", "--format", "json", *args)]


def test_each_log_filter(cli: CliRunner) -> None:
    _funded(cli)
    ok(cli, "void", "P-000003", "--reason", "typo")
    assert _ids(cli, "--kind", "grant") == ["G-000001", "G-000002", "G-000003"]
    assert _ids(cli, "--kind", "B") == ["B-000001", "B-000002"]
    assert _ids(cli, "--kind", "void", "--kind", "purchase") == [
        "P-000001",
        "P-000002",
        "P-000003",
        "V-000001",
    ]
    # A township includes its units; a unit is itself.
    assert _ids(cli, "--to", "高丽营镇") == ["S-000001", "G-000001"]
    assert _ids(cli, "--to", "高丽营镇卫生院") == ["G-000001"]
    assert _ids(cli, "--item", "面包") == ["M-000005", "P-000002", "P-000003", "V-000001"]
    assert _ids(cli, "--fund", "乙") == ["M-000007", "B-000002", "P-000002", "G-000002"]
    assert _ids(cli, "--batch", "1") == ["S-000001", "G-000001"]
    assert cli("log", "--group", "没有").code == 1
    assert cli("log", "--batch", "9").code == 1
    assert cli("log", "--kind", "nonsense").code == 2
    assert len(_ids(cli, "--operator", "tester")) == len(_ids(cli))
    assert _ids(cli, "--operator", "nobody") == []
    assert _ids(cli, "--fund", "甲", "--since", "2021-01-15", "--until", "2021-01-31") == [
        "G-000001"
    ]
    assert _ids(cli, "--item", "水饺", "--kind", "shipment") == ["S-000001"]


def test_log_ref_filter_and_width(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    setup(cli)
    ok(
        cli,
        "buy",
        "--date",
        "2021-01-05",
        "--item",
        "水饺",
        "--qty",
        "1",
        "--total",
        "1",
        "--ref",
        "通州区总工会-采购-2021-0001",
    )
    ok(cli, "buy", "--date", "2021-01-06", "--item", "水饺", "--qty", "1", "--total", "1")
    assert _ids(cli, "--ref", "通州区总工会-采购-2021-0001") == ["P-000001"]
    monkeypatch.setenv("COLUMNS", "80")
    table = ok(cli, "log")
    header = table.splitlines()[0]
    assert len(header) <= 80
    what = header.split("┃")[2]
    assert len(what) >= 24, header
    assert "by" in header  # no column dropped


# --- the Manifest ---------------------------------------------------------------------------------


def test_manifest_quantities_are_per_item(cli: CliRunner) -> None:
    import os

    from reliefctl.db.url import resolve
    from reliefctl.ledger.period import Period
    from reliefctl.reports.export import controls

    _funded(cli)
    opened = open_ledger(resolve(os.environ["RELIEFCTL_DB"]))
    try:
        found = controls(opened, Period())
    finally:
        opened.close()
    quantities = [(c.sheet, c.item, c.unit, c.value) for c in found if c.column == "qty"]
    assert quantities == [
        ("purchases", "水饺", "袋", 10),
        ("purchases", "面包", "个", 20),
        ("shipments", "水饺", "袋", 5),
    ]


# --- the property: no fund is ever overdrawn as at any date ---------------------------------------

START = date(2021, 1, 1)
day = st.integers(0, 9).map(lambda n: START + timedelta(days=n))
maybe_day = st.one_of(st.none(), day)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("alloc"), maybe_day, st.integers(1, 300)),
        st.tuples(st.just("reduce"), maybe_day, st.integers(1, 300)),
        st.tuples(st.just("buy"), day, st.integers(1, 300)),
        st.tuples(st.just("grant"), day, st.integers(1, 300)),
        st.tuples(st.just("void"), st.integers(0, 30)),
    ),
    max_size=25,
)


@pytest.fixture(scope="module")
def fund_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("funds") / "template.sqlite"
    location = LedgerLocation("sqlite", str(path))
    init_ledger(location)
    ledger = open_ledger(location)

    def seed(poster: Poster) -> None:
        poster.add_township("南彩镇")
        poster.add_item("水饺", "袋")
        poster.add_fund("甲", AllocationRequest("甲", 100, date(2021, 1, 3)))

    try:
        post(ledger, seed, operator="t")
    finally:
        ledger.close()
    return path


def _apply(ledger: Ledger, op: tuple[Any, ...], posted: list[str]) -> None:
    kind = op[0]

    def action(poster: Poster) -> str:
        if kind in ("alloc", "reduce"):
            amount = op[2] if kind == "alloc" else -op[2]
            return poster.topup_fund(AllocationRequest("甲", amount * 100, op[1])).entry_id
        if kind == "buy":
            request = PurchaseRequest(op[1], "水饺", 1, total_fen=op[2] * 100, fund="甲")
            return poster.buy(request).entry_id
        if kind == "grant":
            return poster.grant(GrantRequest(op[1], "南彩镇", op[2] * 100, fund="甲")).entry_id
        target = posted[op[1] % len(posted)]
        return poster.void(VoidRequest(target, "t")).entry_id

    if kind == "void" and not posted:
        return
    with contextlib.suppress(RuleViolation):
        posted.append(post(ledger, action, operator="t"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sequence=ops)
def test_no_fund_is_ever_overdrawn_as_at_any_date(
    fund_template: Path, tmp_path: Path, sequence: list[tuple[Any, ...]]
) -> None:
    import shutil
    import uuid

    path = tmp_path / f"{uuid.uuid4().hex}.sqlite"
    shutil.copyfile(fund_template, path)
    ledger = open_ledger(LedgerLocation("sqlite", str(path)))
    try:
        posted: list[str] = []
        for op in sequence:
            _apply(ledger, op, posted)
        for offset in range(-1, 12):
            as_at = (START + timedelta(days=offset)).isoformat()
            for balance in fund_balances(ledger, as_at).values():
                assert balance.remaining >= 0, (as_at, balance)
        for balance in fund_balances(ledger).values():
            assert balance.remaining >= 0
        from reliefctl.ledger.checks import verify

        assert [p for p in verify(ledger) if p.check == "funds"] == []
    finally:
        ledger.close()
