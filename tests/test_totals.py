"""Totals never break: every gross total stays within the bound that keeps any sum exact.

Each amount is at most 9,999,999,999,999.99 元, and so is the ledger's money counted gross
(every amount, reversals included; likewise quantities and person-times): any sum any report,
view, export or verify computes is a sum of some of those rows, so it can neither overflow
SQLite's 64-bit integers at any step nor lose a digit in a spreadsheet. Posting refuses the
entry that would pass the bound.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import resolve
from reliefctl.errors import LedgerTotalTooLarge, ReliefError
from reliefctl.ledger.checks import verify
from reliefctl.ledger.posting import post
from reliefctl.ledger.requests import (
    GrantRequest,
    PurchaseRequest,
    ShipmentRequest,
    VoidRequest,
)
from reliefctl.money import GROSS_LIMIT, MAX_FEN
from reliefctl.render.xlsx import write_export
from reliefctl.reports.export import collect_export
from reliefctl.reports.ledger_views import funds, log, stock
from reliefctl.reports.report import compute_report

from .conftest import CliRunner

DAY = date(2021, 1, 5)
#: The fund's budget: money too, so it counts toward the gross bound.
BUDGET = MAX_FEN // 4


def _ledger(path: Path) -> object:
    location = resolve(str(path))
    init_ledger(location)
    ledger = open_ledger(location)
    post(
        ledger,
        lambda p: [
            p.add_township("南彩镇"),
            p.add_item("暖身贴", "个"),
            p.add_fund("大额资金", BUDGET),
        ],
    )
    return ledger


def _everything_reads(ledger: object) -> None:
    """Report, views, export and verify all run, and every total they give is exact."""
    report = compute_report(ledger, dims=("batch", "township", "item", "fund", "month"))  # type: ignore[arg-type]
    for name in ("purchases", "goods_value", "grants", "spend", "stock_value"):
        assert abs(getattr(report.totals, name)) <= GROSS_LIMIT, name
    stock(ledger)  # type: ignore[arg-type]
    funds(ledger)  # type: ignore[arg-type]
    log(ledger)  # type: ignore[arg-type]
    with ledger.snapshot():  # type: ignore[attr-defined]
        data = collect_export(ledger)  # type: ignore[arg-type]
        write_export(data, io.BytesIO(), lang="en")
    assert verify(ledger) == []  # type: ignore[arg-type]


def test_the_entry_that_would_pass_the_bound_is_refused(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "l.sqlite")
    try:
        buy = PurchaseRequest(DAY, "暖身贴", 1, total_fen=GROSS_LIMIT - BUDGET)
        post(ledger, lambda p: p.buy(buy))  # type: ignore[arg-type]
        # The ledger's money, gross (the budget included), is now exactly at the bound.
        again = PurchaseRequest(DAY, "暖身贴", 1, total_fen=1)
        try:
            post(ledger, lambda p: p.buy(again))  # type: ignore[arg-type]
        except LedgerTotalTooLarge as exc:
            assert exc.params["limit"].params["value"] == GROSS_LIMIT
        else:  # pragma: no cover - the rule failed
            raise AssertionError("a purchase beyond the gross bound was accepted")
        _everything_reads(ledger)
    finally:
        ledger.close()  # type: ignore[attr-defined]


def test_the_refusal_names_the_bound(sqlite_cli: CliRunner) -> None:
    assert sqlite_cli("item", "add", "暖身贴", "--unit", "个").code == 0
    first = ("buy", "--date", "2021-01-05", "--item", "暖身贴", "--qty", "1")
    assert sqlite_cli(*first, "--total", "9000000000000").code == 0
    result = sqlite_cli(*first, "--total", "1000000000000")
    assert result.code == 1
    assert result.err == (
        "reliefctl: error: this entry would take the ledger's money, counted gross (every "
        "amount, corrections included), to 10,000,000,000,000.00 元, past the "
        "9,999,999,999,999.99 元 any total can hold exactly; nothing was written — start a new "
        "ledger for further entries\n"
    )
    assert sqlite_cli("verify").code == 0


def test_money_at_the_bound_is_a_number_cell(sqlite_cli: CliRunner, tmp_path: Path) -> None:
    assert sqlite_cli("item", "add", "暖身贴", "--unit", "个").code == 0
    buy = ("buy", "--date", "2021-01-05", "--item", "暖身贴", "--qty", "1")
    assert sqlite_cli(*buy, "--total", "9,999,999,999,999.99").code == 0
    out = tmp_path / "max.xlsx"
    assert sqlite_cli("export", "--out", str(out)).code == 0
    sheet = load_workbook(out)["Purchases"]
    total = sheet.cell(row=2, column=5)
    assert total.data_type == "n" and total.value == 9999999999999.99
    assert sqlite_cli("report", "--format", "json").code == 0


_AMOUNT = st.one_of(
    st.integers(min_value=1, max_value=MAX_FEN),
    st.sampled_from([MAX_FEN, MAX_FEN - 1, MAX_FEN // 2, MAX_FEN // 3 + 1, 10**13]),
)
_STEP = st.one_of(
    st.tuples(st.just("buy"), _AMOUNT, st.integers(min_value=1, max_value=10**12)),
    st.tuples(st.just("ship"), st.integers(min_value=1, max_value=10**12), st.just(0)),
    st.tuples(st.just("grant"), _AMOUNT, st.integers(min_value=0, max_value=10**9)),
    st.tuples(st.just("void"), st.integers(min_value=0, max_value=30), st.just(0)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(_STEP, min_size=1, max_size=14))
def test_any_ledger_posting_accepts_can_be_reported_exported_and_verified(
    tmp_path_factory: object, steps: list[tuple[str, int, int]]
) -> None:
    path = tmp_path_factory.mktemp("totals") / "l.sqlite"  # type: ignore[attr-defined]
    ledger = _ledger(path)
    recorded: list[str] = []
    try:
        for kind, a, b in steps:
            try:
                if kind == "buy":
                    request = PurchaseRequest(DAY, "暖身贴", b, total_fen=a, fund="大额资金")
                    posted = post(ledger, lambda p, r=request: p.buy(r))  # type: ignore[arg-type, misc]
                elif kind == "ship":
                    shipment = ShipmentRequest(DAY, "1", "南彩镇", [("暖身贴", a)], people=1)
                    posted = post(ledger, lambda p, r=shipment: p.ship(r))  # type: ignore[arg-type, misc]
                elif kind == "grant":
                    grant = GrantRequest(DAY, "南彩镇", a, fund="大额资金", people=b)
                    posted = post(ledger, lambda p, r=grant: p.grant(r))  # type: ignore[arg-type, misc]
                else:
                    if not recorded:
                        continue
                    target = recorded[a % len(recorded)]
                    posted = post(ledger, lambda p, t=target: p.void(VoidRequest(t, "更正")))  # type: ignore[arg-type, misc]
                recorded.append(posted.entry_id)
            except ReliefError:
                continue  # refused by a rule (the gross bound among them): nothing written
        _everything_reads(ledger)
    finally:
        ledger.close()  # type: ignore[attr-defined]
