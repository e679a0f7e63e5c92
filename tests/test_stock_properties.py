"""Issue 12's invariants for any ledger: random purchases, receipts, deliveries, returns,
transfers, write-offs, counts and voids at three locations, in any date order.

* The report reconciles for any period, to the fen: opening stock + purchases + receipts +
  count gains = goods delivered + written off + count losses + closing stock.
* Per location, stock is never negative at the end of any date, and the per-location values
  add up to each item's value exactly.
* ``verify`` passes (its own replay agrees with what posting stored).
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import ReliefError
from reliefctl.ledger.checks import verify
from reliefctl.ledger.configure import record_initial
from reliefctl.ledger.posting import Poster, post
from reliefctl.ledger.requests import (
    CountRequest,
    PurchaseRequest,
    ReceiptRequest,
    ShipmentRequest,
    TransferRequest,
    VoidRequest,
    WriteoffRequest,
)
from reliefctl.reports.ledger_views import stock, stock_by_location
from reliefctl.reports.report import compute_report

START = date(2021, 1, 1)
DAYS = 8
ITEMS = ("酸奶", "面包")
PLACES = ("仓库", "甲站", "乙站")

day = st.integers(0, DAYS - 1).map(lambda n: START + timedelta(days=n))
place = st.sampled_from(PLACES)
item = st.sampled_from(ITEMS)
qty = st.integers(1, 40)
#: Stock of every item at every location on the first day, so most movements pass the rules.
opening = st.tuples(
    *(
        st.tuples(
            st.just("buy"),
            st.just(START),
            st.just(name),
            st.integers(50, 200),
            st.integers(1, 900_000),
            st.just(at),
        )
        for name in ITEMS
        for at in PLACES
    )
)
moves = st.lists(
    st.one_of(
        st.tuples(st.just("buy"), day, item, st.integers(1, 200), st.integers(1, 90_000), place),
        st.tuples(st.just("receive"), day, item, qty, st.integers(0, 20_000), place),
        st.tuples(st.just("ship"), day, item, qty, place),
        st.tuples(st.just("return"), day, st.integers(0, 30), st.integers(1, 10), place),
        st.tuples(st.just("transfer"), day, item, qty, place, place),
        st.tuples(st.just("writeoff"), day, item, qty, place),
        st.tuples(st.just("count"), day, item, st.integers(0, 120), place),
        st.tuples(st.just("void"), st.integers(0, 60)),
    ),
    min_size=5,
    max_size=35,
)
ops = st.tuples(opening, moves).map(lambda parts: [*parts[0], *parts[1]])
bound = st.one_of(st.none(), day)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stock-props") / "template.sqlite"
    where = LedgerLocation("sqlite", str(path))
    init_ledger(where, lambda opened: record_initial(opened, {"tz": "Asia/Shanghai"}))
    ledger = open_ledger(where)

    def master(poster: Poster) -> None:
        poster.add_township("高丽营镇")
        for name in ITEMS:
            poster.add_item(name, "个")
        for name in PLACES[1:]:
            poster.add_location(name)

    post(ledger, master)
    ledger.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    return path


def _apply(ledger: Ledger, op: tuple[Any, ...], recorded: list[str]) -> None:
    kind = op[0]
    request: Any
    if kind == "buy":
        _, when, name, n, total, at = op
        request = PurchaseRequest(when, name, n, total_fen=total, at=at)
        action: Any = lambda p: p.buy(request)  # noqa: E731
    elif kind == "receive":
        _, when, name, n, value, at = op
        request = ReceiptRequest(when, name, n, "donation", value_fen=value, at=at)
        action = lambda p: p.receive(request)  # noqa: E731
    elif kind == "ship":
        _, when, name, n, at = op
        request = ShipmentRequest(when, "1", "高丽营镇", [(name, n)], people=n, source=at)
        action = lambda p: p.ship(request)  # noqa: E731
    elif kind == "return":
        shipments = [entry for entry in recorded if entry.startswith("S-")]
        if not shipments:
            return
        _, when, index, n, at = op
        target = shipments[index % len(shipments)]
        found = ledger.one(
            "SELECT i.name FROM shipment_lines s JOIN items i ON i.id = s.item_id "
            "WHERE s.entry_id = ?",
            (target,),
        )
        assert found is not None
        request = ReceiptRequest(when, str(found[0]), n, "return", of=target, at=at)
        action = lambda p: p.receive(request)  # noqa: E731
    elif kind == "transfer":
        _, when, name, n, source, destination = op
        request = TransferRequest(when, source, destination, [(name, n)])
        action = lambda p: p.transfer(request)  # noqa: E731
    elif kind == "writeoff":
        _, when, name, n, at = op
        request = WriteoffRequest(when, [(name, n)], "damaged", at=at)
        action = lambda p: p.writeoff(request)  # noqa: E731
    elif kind == "count":
        _, when, name, n, at = op
        request = CountRequest(when, [(name, n)], at=at)
        action = lambda p: p.count(request)  # noqa: E731
    else:
        if not recorded:
            return
        target = recorded[op[1] % len(recorded)]
        action = lambda p: p.void(VoidRequest(target, "test"))  # noqa: E731
    try:
        posted = post(ledger, action)
    except ReliefError:
        return  # refused by a rule (or the input): nothing was written
    if posted.kind == "V":
        recorded.remove(target)
    else:
        recorded.append(posted.entry_id)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=ops, since=bound, until=bound)
def test_movements_reconcile_for_any_period(
    template: Path,
    tmp_path: Path,
    operations: list[tuple[Any, ...]],
    since: date | None,
    until: date | None,
) -> None:
    target = tmp_path / "ledger.sqlite"
    shutil.copyfile(template, target)
    ledger = open_ledger(LedgerLocation("sqlite", str(target)))
    try:
        ledger.execute("PRAGMA synchronous = OFF")
        recorded: list[str] = []
        for op in operations:
            _apply(ledger, op, recorded)
        assert verify(ledger) == []
        if since and until and until < since:
            since, until = until, since
        first = since.isoformat() if since else None
        last = until.isoformat() if until else None
        t = compute_report(ledger, since=first, until=last).totals
        assert (
            t.opening_stock_value + t.purchases + t.receipts_value + t.count_gains
            == t.goods_value + t.written_off + t.count_losses + t.stock_value
        )
        closing = sum(row.value_fen for row in stock(ledger, last))
        assert t.stock_value == closing
        by_location = stock_by_location(ledger, last)
        assert all(row.qty >= 0 for row in by_location)
        for row in stock(ledger, last):
            assert row.value_fen == sum(r.value_fen for r in by_location if r.item == row.item)
            assert row.qty == sum(r.qty for r in by_location if r.item == row.item)
    finally:
        ledger.close()
