"""Property tests of the posting core: whatever clerks record (back-dated, voided, refused),
stock never goes negative in date order, value delivered + on hand = bought to the fen, no fund
is overdrawn, and a void nets its entry to exactly zero."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import RuleViolation
from reliefctl.ledger.posting import (
    GrantRequest,
    Poster,
    PurchaseRequest,
    ShipmentRequest,
    VoidRequest,
    post,
)

START = date(2021, 1, 1)
ITEMS = ("暖身贴", "水饺")

day = st.integers(min_value=0, max_value=9).map(lambda n: START + timedelta(days=n))
buy_op = st.tuples(
    st.just("buy"),
    day,
    st.sampled_from(ITEMS),
    st.integers(1, 50),
    st.integers(1, 10_000),
    st.booleans(),
)
ship_op = st.tuples(
    st.just("ship"),
    day,
    st.lists(
        st.tuples(st.sampled_from(ITEMS), st.integers(1, 40)),
        min_size=1,
        max_size=2,
        unique_by=lambda line: line[0],
    ),
    st.integers(0, 100),
)
grant_op = st.tuples(st.just("grant"), day, st.integers(1, 5_000), st.booleans())
void_op = st.tuples(st.just("void"), st.integers(0, 40))
operations = st.lists(st.one_of(buy_op, buy_op, ship_op, ship_op, grant_op, void_op), max_size=25)


def fresh_ledger(tmp_path: Path, n: int) -> Ledger:
    location = LedgerLocation("sqlite", str(tmp_path / f"prop-{n}.sqlite"))
    init_ledger(location)
    ledger = open_ledger(location)

    def master(poster: Poster) -> None:
        poster.add_township("仁和镇")
        for item in ITEMS:
            poster.add_item(item, "个")
        poster.add_fund("防疫专项资金", 20_000_00)

    post(ledger, master)
    return ledger


def apply(ledger: Ledger, op: tuple[Any, ...], recorded: list[str]) -> None:
    kind = op[0]
    fund = "防疫专项资金"
    if kind == "buy":
        _, when, item, qty, total, charged = op
        request: Any = PurchaseRequest(
            when, item, qty, total_fen=total, fund=fund if charged else None
        )
        action = lambda p: p.buy(request)  # noqa: E731
    elif kind == "ship":
        _, when, lines, people = op
        request = ShipmentRequest(when, "1", "仁和镇", lines, people=people)
        action = lambda p: p.ship(request)  # noqa: E731
    elif kind == "grant":
        _, when, amount, charged = op
        request = GrantRequest(when, "仁和镇", amount, fund=fund if charged else None, people=3)
        action = lambda p: p.grant(request)  # noqa: E731
    else:
        if not recorded:
            return
        target = recorded[op[1] % len(recorded)]
        action = lambda p: p.void(VoidRequest(target, "test"))  # noqa: E731
    try:
        posted = post(ledger, action)
    except RuleViolation:
        return
    if kind != "void":
        recorded.append(posted.entry_id)


def check_invariants(ledger: Ledger) -> None:
    items = dict(ledger.query("SELECT id, name FROM items"))
    for item_id in items:
        moves = ledger.query(
            "SELECT date, SUM(q) FROM (SELECT date, qty AS q FROM purchases WHERE item_id = ? "
            "UNION ALL SELECT date, -qty FROM shipment_lines WHERE item_id = ?) AS m "
            "GROUP BY date ORDER BY date",
            (item_id, item_id),
        )
        running = 0
        for _, delta in moves:
            running += delta
            assert running >= 0, "stock went negative in date order"
        bought = ledger.scalar(
            "SELECT COALESCE(SUM(total_fen), 0) FROM purchases WHERE item_id = ?", (item_id,)
        )
        shipped = ledger.scalar(
            "SELECT COALESCE(SUM(value_fen), 0) FROM shipment_lines WHERE item_id = ?", (item_id,)
        )
        on_hand = bought - shipped
        assert on_hand >= 0
        if running == 0:
            assert on_hand == 0, "value left on hand with no goods"
    # Each posted (non-reversal) line has a non-negative value no larger than its share.
    for (value,) in ledger.query("SELECT value_fen FROM shipment_lines WHERE qty > 0"):
        assert value >= 0
    budget = ledger.scalar(
        "SELECT SUM(a) FROM (SELECT amount_fen AS a FROM fund_budgets "
        "UNION ALL SELECT amount_fen FROM allocations) AS b"
    )
    spent = ledger.scalar(
        "SELECT COALESCE(SUM(a), 0) FROM (SELECT total_fen AS a FROM purchases "
        "WHERE fund_id IS NOT NULL UNION ALL SELECT amount_fen FROM grants "
        "WHERE fund_id IS NOT NULL) AS s"
    )
    assert spent <= budget
    # A void nets its entry's rows to zero, in every measure.
    for original, reversal in ledger.query("SELECT voided_entry_id, entry_id FROM voids"):
        for table, measures in (
            ("purchases", "qty, total_fen"),
            ("shipment_lines", "qty, value_fen, people, deliveries"),
            ("grants", "amount_fen, people, grants"),
        ):
            sums = ledger.query(
                f"SELECT {', '.join(f'COALESCE(SUM({m.strip()}), 0)' for m in measures.split(','))}"
                f" FROM {table} WHERE entry_id IN (?, ?)",
                (original, reversal),
            )
            assert all(v == 0 for v in sums[0]), (table, original)
    # The chain is linear: every entry links to the one before it.
    hashes = ledger.query("SELECT prev_hash, hash FROM entries ORDER BY seq")
    for (_, previous), (link, _) in itertools.pairwise(hashes):
        assert link == previous


COUNTER = defaultdict(int)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_invariants_hold_for_any_sequence_of_entries(
    tmp_path: Path, ops: list[tuple[Any, ...]]
) -> None:
    COUNTER["n"] += 1
    ledger = fresh_ledger(tmp_path, COUNTER["n"])
    try:
        recorded: list[str] = []
        for op in ops:
            apply(ledger, op, recorded)
        check_invariants(ledger)
    finally:
        ledger.close()


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    quantities=st.lists(st.integers(1, 1000), min_size=1, max_size=6),
    total=st.integers(1, 10**9),
    shipments=st.lists(st.integers(1, 1000), min_size=1, max_size=12),
)
def test_valuation_reconciles_to_the_fen(
    tmp_path: Path, quantities: list[int], total: int, shipments: list[int]
) -> None:
    """Delivered + on hand = bought exactly, after any run of partial shipments."""
    COUNTER["v"] += 1
    ledger = fresh_ledger(tmp_path, 10_000 + COUNTER["v"])
    try:
        post(
            ledger,
            lambda p: [
                p.buy(PurchaseRequest(START, "水饺", q, total_fen=total + i))
                for i, q in enumerate(quantities)
            ],
        )
        bought = sum(total + i for i in range(len(quantities)))
        delivered = 0
        for qty in shipments:
            try:
                posted = post(
                    ledger,
                    lambda p, q=qty: p.ship(ShipmentRequest(START, "1", "仁和镇", [("水饺", q)])),
                )
            except RuleViolation:
                continue
            delivered += posted.amount_fen
        on_hand_qty = sum(quantities) - ledger.scalar(
            "SELECT COALESCE(SUM(qty), 0) FROM shipment_lines"
        )
        on_hand_value = bought - delivered
        assert on_hand_value >= 0
        if on_hand_qty == 0:
            assert delivered == bought
        check_invariants(ledger)
    finally:
        ledger.close()
