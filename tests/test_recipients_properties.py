"""Property: unique persons and their coverage, for any ledger and any period, equal a model's
count (issue 16), on SQLite and PostgreSQL.

Random deliveries and grants to random lists drawn from twelve persons, in any date order over
two months, some voided; then for a random period, the report's ``unique_persons`` (the
totals: each person once; each township row: each person once per row), ``listed_entries``
and ``listed_people`` must be what the model says, and ``verify`` must pass.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import LedgerLocation, resolve
from reliefctl.errors import RuleViolation
from reliefctl.ledger.checks import verify
from reliefctl.ledger.persons import Recipient, RecipientList, fingerprint, person_hash
from reliefctl.ledger.posting import Poster, post
from reliefctl.ledger.requests import (
    GrantRequest,
    PurchaseRequest,
    ShipmentRequest,
    VoidRequest,
)
from reliefctl.reports.report import compute_report

from .conftest import PG_URL_ENV, _pg_schema_url

SECRET = bytes(range(32))
PERSONS = 12
START = date(2021, 1, 20)
DAYS = 20  # into February: the month rule and month rows see two months
PLACES = ("高丽营镇", "南法信镇", "幸福东区")  # 幸福东区 is a unit of 胜利街道
TOWN_OF = {"幸福东区": "胜利街道"}
BATCHES = (None, "春节", "第二批")
PURPOSES = ("慰问金", "生活补贴")

day = st.integers(0, DAYS - 1).map(lambda n: START + timedelta(days=n))
persons = st.lists(st.integers(0, PERSONS - 1), min_size=1, max_size=6, unique=True)
entry_op = st.tuples(
    st.sampled_from(("ship", "grant")),
    day,
    st.sampled_from(PLACES),
    st.sampled_from(BATCHES),
    persons,
    st.integers(0, 5),  # people beyond the list
    st.sampled_from(PURPOSES),
)
void_op = st.tuples(st.just("void"), st.integers(0, 30))
operations = st.lists(st.one_of(entry_op, entry_op, void_op), min_size=1, max_size=25)
bound = st.one_of(st.none(), st.integers(-1, DAYS).map(lambda n: START + timedelta(days=n)))


@dataclass
class Listed:
    """What the model knows of a posted delivery or grant with a list."""

    day: str
    town: str
    persons: frozenset[int]
    people: int
    voided: bool = False


def _master(poster: Poster) -> None:
    for town in ("高丽营镇", "南法信镇", "胜利街道"):
        poster.add_township(town)
    poster.add_unit("幸福东区", "胜利街道")
    poster.add_item("米面粮油", "份")
    poster.add_fund("困难职工帮扶资金", 10**12)


def _stocked(poster: Poster) -> None:
    poster.buy(PurchaseRequest(START - timedelta(days=1), "米面粮油", 10_000, total_fen=10**8))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("recipient-props") / "template.sqlite"
    location = LedgerLocation("sqlite", str(path))
    init_ledger(location)
    ledger = open_ledger(location)
    post(ledger, _master)
    post(ledger, _stocked)
    ledger.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()
    return path


@contextmanager
def fresh(backend: str, template: Path, folder: Path) -> Iterator[Ledger]:
    """A ledger with the master data and stock: a copy of the template on SQLite, a new
    schema (dropped afterwards) on PostgreSQL."""
    if backend == "sqlite":
        path = folder / f"{uuid.uuid4().hex}.sqlite"
        shutil.copyfile(template, path)
        ledger = open_ledger(LedgerLocation("sqlite", str(path)))
        try:
            yield ledger
        finally:
            ledger.close()
        return
    import psycopg

    base = os.environ[PG_URL_ENV]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    schema = "p_" + uuid.uuid4().hex[:12]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        location = resolve(_pg_schema_url(base, schema))
        init_ledger(location)
        ledger = open_ledger(location)
        try:
            post(ledger, _master)
            post(ledger, _stocked)
            yield ledger
        finally:
            ledger.close()
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _listing(numbers: list[int]) -> RecipientList:
    return RecipientList(
        "list.csv",
        fingerprint(SECRET),
        tuple(
            Recipient(row, "id", person_hash(SECRET, f"id:P{n:02d}"), "张*明", None, 100)
            for row, n in enumerate(numbers, start=2)
        ),
    )


def _apply(ledger: Ledger, op: tuple[Any, ...], posted: list[tuple[str, Listed]]) -> None:
    if op[0] == "void":
        if not posted:
            return
        entry, fact = posted[op[1] % len(posted)]
        try:
            post(ledger, lambda p: p.void(VoidRequest(entry, "重录")))
        except RuleViolation:
            return
        fact.voided = True
        return
    kind, when, place, batch, numbers, extra, purpose = op
    listing = _listing(numbers)
    people = len(numbers) + extra
    if kind == "ship":
        request: Any = ShipmentRequest(
            when, batch or "1", place, [("米面粮油", 1)], people, recipients=listing
        )
        action: Any = lambda p: p.ship(request)  # noqa: E731
    else:
        request = GrantRequest(
            when,
            place,
            listing.total_fen(),
            "困难职工帮扶资金",
            people,
            batch=batch,
            purpose=purpose,
            recipients=listing,
            allow_repeat="测试：同一人可多次领取",
        )
        action = lambda p: p.grant(request)  # noqa: E731
    result = post(ledger, action)
    town = TOWN_OF.get(place, place)
    posted.append((result.entry_id, Listed(when.isoformat(), town, frozenset(numbers), people)))


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, since=bound, until=bound)
def test_unique_persons_and_coverage_equal_the_model(
    backend: str,
    template: Path,
    tmp_path: Path,
    ops: list[tuple[Any, ...]],
    since: date | None,
    until: date | None,
) -> None:
    if backend == "postgresql" and not os.environ.get(PG_URL_ENV):
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV}")
    if since is not None and until is not None and since > until:
        since, until = until, since
    low = since.isoformat() if since else None
    high = until.isoformat() if until else None
    with fresh(backend, template, tmp_path) as ledger:
        posted: list[tuple[str, Listed]] = []
        for op in ops:
            _apply(ledger, op, posted)
        report = compute_report(ledger, since=low, until=high, dims=("township", "month"))
        assert verify(ledger) == []

    live = [
        fact
        for _entry, fact in posted
        if not fact.voided
        and (low is None or fact.day >= low)
        and (high is None or fact.day <= high)
    ]
    totals = report.totals
    reached = frozenset().union(*(fact.persons for fact in live)) if live else frozenset()
    assert totals.unique_persons == (len(reached) if live else None)
    assert totals.listed_entries == len(live)
    assert totals.listed_people == sum(fact.people for fact in live)
    for dim, key_of in (("township", lambda f: f.town), ("month", lambda f: f.day[:7])):
        rows = {row.key: row for row in report.tables[dim]}
        keys = {key_of(fact) for fact in live}
        for key in keys:
            mine = [fact for fact in live if key_of(fact) == key]
            row = rows[key]
            assert row.unique_persons == len(frozenset().union(*(f.persons for f in mine)))
            assert row.listed_entries == len(mine)
            assert row.listed_people == sum(f.people for f in mine)
        for key, row in rows.items():
            if key not in keys:
                assert row.unique_persons is None and not row.listed_entries, (dim, key)
