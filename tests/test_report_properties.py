"""Property tests of ``compute_report`` on random ledgers (posted through the core, with
back-dated entries, voids and refusals): every table's rows sum to the totals, the figures
equal what was posted, and stock at start + purchases = goods delivered + stock at end, to the
fen, for any period (over the whole ledger: goods delivered + stock on hand = purchases)."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import InputError, RuleViolation
from reliefctl.ledger.posting import (
    GrantRequest,
    Poster,
    PurchaseRequest,
    ShipmentRequest,
    VoidRequest,
    post,
)
from reliefctl.reports.ledger_views import stock
from reliefctl.reports.report import COLUMNS, DIMENSIONS, Report, compute_report

START = date(2021, 1, 1)
DAYS = 12
ITEMS = ("暖身贴", "水饺", "酸奶")
PLACES = ("高丽营镇", "南法信镇", "幸福东区", "胜利街道")  # 幸福东区 is a unit of 胜利街道
TOWN_OF = {"幸福东区": "胜利街道"}
FUNDS = ("防疫专项资金", "工会经费")
BATCHES = ("1", "2", "第三批")
GROUPS = ("一线医护人员", "隔离职工群众")

day = st.integers(0, DAYS - 1).map(lambda n: START + timedelta(days=n))
maybe = st.one_of  # readability below
buy_op = st.tuples(
    st.just("buy"),
    day,
    st.sampled_from(ITEMS),
    st.integers(1, 60),
    st.integers(1, 50_000),
    maybe(st.none(), st.sampled_from(FUNDS)),
)
ship_op = st.tuples(
    st.just("ship"),
    day,
    st.sampled_from(BATCHES),
    st.sampled_from(PLACES),
    st.lists(
        st.tuples(st.sampled_from(ITEMS), st.integers(1, 30)),
        min_size=1,
        max_size=3,
        unique_by=lambda line: line[0],
    ),
    st.integers(0, 500),
    maybe(st.none(), st.sampled_from(GROUPS)),
)
grant_op = st.tuples(
    st.just("grant"),
    day,
    st.sampled_from(PLACES),
    st.integers(1, 20_000),
    maybe(st.none(), st.sampled_from(FUNDS)),
    maybe(st.none(), st.sampled_from(BATCHES)),
    st.integers(0, 300),
    maybe(st.none(), st.sampled_from(GROUPS)),
)
void_op = st.tuples(st.just("void"), st.integers(0, 60))
#: Stock of every item on the first day, so that most shipments pass the stock rule (later
#: purchases, shipments and grants come in any date order: back-dated entries are the norm).
opening_buys = st.tuples(
    *(
        st.tuples(
            st.just("buy"),
            st.just(START),
            st.just(item),
            st.integers(100, 400),
            st.integers(1, 5_000_000),
            maybe(st.none(), st.sampled_from(FUNDS)),
        )
        for item in ITEMS
    )
)
operations = st.tuples(
    opening_buys,
    st.lists(
        st.one_of(ship_op, ship_op, ship_op, buy_op, grant_op, void_op),
        min_size=5,
        max_size=40,
    ),
).map(lambda parts: [*parts[0], *parts[1]])
bound = st.one_of(st.none(), st.integers(-1, DAYS).map(lambda n: START + timedelta(days=n)))


@dataclass
class Fact:
    """What the model knows of one posted entry."""

    kind: str
    day: str
    value: int  # purchase total, goods value of a shipment, or grant amount
    people: int = 0
    keys: dict[str, Any] = field(default_factory=dict)
    items: dict[str, tuple[int, int]] = field(default_factory=dict)  # item -> (qty, value)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with the master data, copied for each example (much faster than init)."""
    path = tmp_path_factory.mktemp("report-props") / "template.sqlite"
    location = LedgerLocation("sqlite", str(path))
    init_ledger(location)
    ledger = open_ledger(location)

    def master(poster: Poster) -> None:
        for town in ("高丽营镇", "南法信镇", "胜利街道"):
            poster.add_township(town)
        poster.add_unit("幸福东区", "胜利街道")
        for item in ITEMS:
            poster.add_item(item, "个")
        for fund in FUNDS:
            poster.add_fund(fund, 10**12)

    post(ledger, master)
    ledger.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    return path


def fresh(template: Path, tmp_path: Path, n: int) -> Ledger:
    target = tmp_path / f"report-{n}.sqlite"
    shutil.copyfile(template, target)
    ledger = open_ledger(LedgerLocation("sqlite", str(target)))
    ledger.execute("PRAGMA synchronous = OFF")  # a scratch copy: no need to wait for the disk
    return ledger


def apply(ledger: Ledger, op: tuple[Any, ...], facts: dict[str, Fact]) -> None:
    kind = op[0]
    if kind == "buy":
        _, when, item, qty, total, fund = op
        request: Any = PurchaseRequest(when, item, qty, total_fen=total, fund=fund)
        posted = _post(ledger, lambda p: p.buy(request))
        if posted is not None:
            facts[posted.entry_id] = Fact("P", when.isoformat(), total, keys={"fund": fund})
    elif kind == "ship":
        _, when, batch, place, lines, people, group = op
        request = ShipmentRequest(when, batch, place, lines, people=people, group=group)
        posted = _post(ledger, lambda p: p.ship(request))
        if posted is not None:
            facts[posted.entry_id] = Fact(
                "S",
                when.isoformat(),
                posted.amount_fen,
                people,
                {"batch": batch, "township": TOWN_OF.get(place, place), "group": group},
                {line.item: (line.qty, line.value_fen) for line in posted.lines},
            )
    elif kind == "grant":
        _, when, place, amount, fund, batch, people, group = op
        request = GrantRequest(
            when, place, amount, fund=fund, batch=batch, people=people, group=group
        )
        posted = _post(ledger, lambda p: p.grant(request))
        if posted is not None:
            keys = {"batch": batch, "township": TOWN_OF.get(place, place), "group": group}
            facts[posted.entry_id] = Fact(
                "G", when.isoformat(), amount, people, keys | {"fund": fund}
            )
    elif facts:
        target = sorted(facts)[op[1] % len(facts)]
        if _post(ledger, lambda p: p.void(VoidRequest(target, "test"))) is not None:
            del facts[target]


def _post(ledger: Ledger, action: Any) -> Any:
    try:
        return post(ledger, action)
    except RuleViolation:
        return None  # refused (out of stock, a purchase already used): nothing was written


def check_rows_sum_to_totals(report: Report) -> None:
    totals = report.totals
    for dim, rows in report.tables.items():
        for name in COLUMNS[dim]:
            if name in ("unit", "qty"):
                continue
            column = [row.figure(name) for row in rows]
            assert None not in column, (dim, name)
            assert sum(v for v in column if isinstance(v, int)) == getattr(totals, name), (
                dim,
                name,
            )
        for row in rows:
            if row.spend is not None:
                assert row.spend == (row.goods_value or 0) + row.grants
    assert totals.spend == totals.goods_value + totals.grants


def check_against_model(report: Report, facts: dict[str, Fact]) -> None:
    def inside(fact: Fact) -> bool:
        return (report.since is None or fact.day >= report.since) and (
            report.until is None or fact.day <= report.until
        )

    chosen = [f for f in facts.values() if inside(f)]
    ships = [f for f in chosen if f.kind == "S"]
    grants = [f for f in chosen if f.kind == "G"]
    t = report.totals
    assert t.purchases == sum(f.value for f in chosen if f.kind == "P")
    assert t.goods_value == sum(f.value for f in ships)
    assert t.grants == sum(f.value for f in grants)
    assert t.people == sum(f.people for f in ships + grants)
    assert (t.deliveries, t.grant_count) == (len(ships), len(grants))
    assert t.cash_spent == t.purchases + t.grants
    for dim in ("batch", "township", "group", "month"):
        # Month rows also carry purchases (cash spent by month).
        width = 4 if dim == "month" else 3
        expected: dict[Any, list[int]] = defaultdict(lambda w=width: [0] * w)  # type: ignore[misc]
        for f in ships + grants:
            key = f.day[:7] if dim == "month" else f.keys[dim]
            sums = expected[key]
            sums[0 if f.kind == "S" else 1] += f.value
            sums[2] += f.people
        if dim == "month":
            for f in chosen:
                if f.kind == "P":
                    expected[f.day[:7]][3] += f.value
        got = {
            row.key: [row.goods_value, row.grants, row.people]
            + ([row.purchases] if dim == "month" else [])
            for row in report.tables[dim]
        }
        assert got == {k: v for k, v in expected.items() if any(v) or k in got}, dim
    by_item: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in ships:
        for item, (qty, value) in f.items.items():
            by_item[item][0] += qty
            by_item[item][1] += value
    got_items = {row.key: [row.qty, row.goods_value] for row in report.tables["item"] if row.key}
    assert got_items == {k: v for k, v in by_item.items() if any(v)}


def check_stock(ledger: Ledger, report: Report) -> None:
    t = report.totals
    assert t.opening_stock_value + t.purchases == t.goods_value + t.stock_value
    assert t.stock_value == sum(row.value_fen for row in stock(ledger, report.until))
    if report.since is None:
        assert t.opening_stock_value == 0
        if report.until is None:  # the whole ledger
            assert t.goods_value + t.stock_value == t.purchases
    else:
        day_before = (date.fromisoformat(report.since) - timedelta(days=1)).isoformat()
        assert t.opening_stock_value == sum(row.value_fen for row in stock(ledger, day_before))


COUNTER = {"n": 0}


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, since=bound, until=bound)
def test_reports_reconcile_for_random_ledgers(
    template: Path,
    tmp_path: Path,
    ops: list[tuple[Any, ...]],
    since: date | None,
    until: date | None,
) -> None:
    COUNTER["n"] += 1
    ledger = fresh(template, tmp_path, COUNTER["n"])
    try:
        facts: dict[str, Fact] = {}
        for op in ops:
            apply(ledger, op, facts)
        whole = compute_report(ledger, since=None, until=None, dims=DIMENSIONS)
        check_rows_sum_to_totals(whole)
        check_against_model(whole, facts)
        check_stock(ledger, whole)
        start = since.isoformat() if since else None
        end = until.isoformat() if until else None
        if start and end and start > end:
            with pytest.raises(InputError):
                compute_report(ledger, since=start, until=end)
            return
        part = compute_report(ledger, since=start, until=end, dims=DIMENSIONS)
        check_rows_sum_to_totals(part)
        check_against_model(part, facts)
        check_stock(ledger, part)
        pivot = compute_report(
            ledger, since=start, until=end, dims=("township", "batch"), pivot=True
        )
        assert pivot.pivot is not None
        assert pivot.tables["township"] == part.tables["township"]
        for row in pivot.tables["township"]:
            cells = [c for (r, _), c in pivot.pivot.cells.items() if r == row.key]
            assert sum(c.spend or 0 for c in cells) == row.spend
            assert sum(c.people or 0 for c in cells) == row.people
    finally:
        ledger.close()
