"""Twenty clerks at once on one shared PostgreSQL ledger (issue 6).

Twenty ``reliefctl`` processes — twelve shipments against stock for ten of them, eight grants
against a fund with room for five — are started while the test itself holds the writers'
advisory lock, so every one of them is queued on the lock before the first may write; then the
lock is released. The rules must hold exactly: the ones that fit succeed, the others are refused
by the rule (never "busy", never a crash), stock and fund end exactly where arithmetic says, and
the hash chain is one unforked line that ``verify`` accepts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

import pytest

from reliefctl.db.connect import PG_WRITE_LOCK_KEY
from reliefctl.db.schema import open_ledger
from reliefctl.db.url import resolve
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, GENESIS_HASH, entry_hash

from .conftest import CliRunner, _make_cli

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SHIPPERS, SHIP_QTY, STOCK = 12, 100, 1000  # room for 10
GRANTERS, GRANT_YUAN, ROOM_YUAN = 8, 1000, 5500  # room for 5
SHIP = ("ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇")
GRANT = ("grant", "--date", "2020-12-29", "--to", "高丽营镇", "--amount", str(GRANT_YUAN))
BUY_TOTAL = ("--total", "4500", "--fund", "防疫专项资金")  # leaves 5,500 of a 10,000 budget


@pytest.fixture
def shared(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pg_url: str
) -> CliRunner:
    run = _make_cli(monkeypatch, capsys, pg_url)
    for args in (
        ("init",),
        ("township", "add", "高丽营镇"),
        ("item", "add", "暖身贴", "--unit", "个"),
        ("fund", "add", "防疫专项资金", "--budget", "10000"),
        ("buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", str(STOCK), *BUY_TOTAL),
    ):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    return run


def _waiting_on_lock(conn: Any) -> int:
    row = conn.execute(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s",
        (PG_WRITE_LOCK_KEY & 0xFFFFFFFF,),
    ).fetchone()
    return int(row[0])


def _all_at_once(
    pg_url: str, commands: list[list[str]], envs: list[dict[str, str]]
) -> list[tuple[int, str, str]]:
    """Start every command while the test holds the writers' advisory lock, wait until each is
    queued on it, open the gate, and return (exit code, stdout, stderr) of each, in order."""
    import psycopg

    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as holder, psycopg.connect(plain, autocommit=True) as watcher:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK_KEY,))
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "reliefctl", *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for args, env in zip(commands, envs, strict=True)
        ]
        deadline = time.monotonic() + 180
        while _waiting_on_lock(watcher) < len(procs):
            assert all(p.poll() is None for p in procs), "a clerk finished before the lock opened"
            assert time.monotonic() < deadline, "the clerks never all queued on the lock"
            time.sleep(0.1)
        holder.rollback()  # open the gate: every writer contends for the lock now
    return [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]


def _chain_rows(url: str) -> list[tuple[dict[str, Any], str, dict[str, list[dict[str, Any]]]]]:
    """Every entry in seq order with its stored hash and its rows, as the chain hashes them."""
    ledger = open_ledger(resolve(url))
    try:
        entries: list[tuple[dict[str, Any], str, dict[str, list[dict[str, Any]]]]] = []
        for row in ledger.query(
            f"SELECT {', '.join(ENTRY_FIELDS)}, hash FROM entries ORDER BY seq"
        ):
            header = dict(zip(ENTRY_FIELDS, row[:-1], strict=True))
            entries.append((header, str(row[-1]), {}))
        by_id = {header["id"]: rows for header, _, rows in entries}
        for table, (columns, order) in ENTRY_ROW_TABLES.items():
            for values in ledger.query(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY entry_id, {', '.join(order)}"
            ):
                row_dict = dict(zip(columns, values, strict=True))
                by_id[row_dict["entry_id"]].setdefault(table, []).append(row_dict)
        return entries
    finally:
        ledger.close()


def test_twenty_clerks_at_once_keep_stock_funds_and_chain_exact(
    shared: CliRunner, pg_url: str
) -> None:
    env = {**os.environ, "RELIEFCTL_DB": pg_url, "RELIEFCTL_BUSY_TIMEOUT": "120"}
    commands = [
        [*SHIP, "--item", f"暖身贴={SHIP_QTY}", "--ref", f"DN-{n}", "--json"]
        for n in range(SHIPPERS)
    ] + [[*GRANT, "--fund", "防疫专项资金", "--ref", f"GR-{n}", "--json"] for n in range(GRANTERS)]
    envs = [{**env, "RELIEFCTL_OPERATOR": f"clerk-{n:02d}"} for n in range(len(commands))]
    outcomes = _all_at_once(pg_url, commands, envs)
    ships, grants = outcomes[:SHIPPERS], outcomes[SHIPPERS:]

    for code, _out, err in outcomes:
        assert code in (0, 1), err
        assert "busy" not in err and "Traceback" not in err
    shipped = [json.loads(out) for code, out, _ in ships if code == 0]
    granted = [json.loads(out) for code, out, _ in grants if code == 0]
    assert len(shipped) == STOCK // SHIP_QTY
    assert len(granted) == ROOM_YUAN // GRANT_YUAN
    assert all("not enough 暖身贴" in err for code, _, err in ships if code == 1)
    assert all("would overdraw" in err for code, _, err in grants if code == 1)
    assert sorted(s["id"] for s in shipped) == [f"S-{n:06d}" for n in range(1, 11)]
    assert sorted(g["id"] for g in granted) == [f"G-{n:06d}" for n in range(1, 6)]

    stock = json.loads(shared("stock", "--format", "json").out)
    assert stock[0]["qty"] == 0 and stock[0]["value"] == "0.00"
    assert stock[0]["shipped_qty"] == STOCK and stock[0]["shipped_value"] == "4500.00"
    funds = json.loads(shared("funds", "--format", "json").out)
    assert funds[0]["spent"] == "9500.00" and funds[0]["remaining"] == "500.00"

    # One unforked chain: seq 1..n, each prev_hash the hash before it, every hash recomputed.
    chain = _chain_rows(pg_url)
    assert [header["seq"] for header, _, _ in chain] == list(range(1, len(chain) + 1))
    prev = GENESIS_HASH
    for header, stored, rows in chain:
        assert header["prev_hash"] == prev, header["id"]
        assert entry_hash(header, rows) == stored, header["id"]
        prev = stored
    assert len({header["prev_hash"] for header, _, _ in chain}) == len(chain)
    operators = {header["operator"] for header, _, _ in chain if header["kind"] in "SG"}
    assert len(operators) == len(shipped) + len(granted)

    result = shared("verify")
    assert result.code == 0, result.out + result.err


def test_concurrent_grants_to_one_list_pay_each_person_once(
    shared: CliRunner, pg_url: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six clerks grant the same 慰问金 to overlapping lists at once (issue 16): exactly one
    grant reaches each person; every other is refused by the rule, and verify accepts."""
    import psycopg

    from .recipients_data import workers

    key = tmp_path / "person.key"
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(key))
    assert shared("key", "init").code == 0
    lists = [workers(tmp_path / f"list-{n}.csv", range(n, n + 3)) for n in range(6)]
    env = {**os.environ, "RELIEFCTL_DB": pg_url, "RELIEFCTL_BUSY_TIMEOUT": "120"}
    env["RELIEFCTL_PERSON_KEY"] = str(key)
    commands = [
        [
            *GRANT[:-2],
            "--fund",
            "防疫专项资金",
            "--recipients",
            str(listed),
            "--each",
            "100",
            "--purpose",
            "慰问金",
            "--batch",
            "春节",
            "--json",
        ]
        for listed in lists
    ]
    outcomes = _all_at_once(pg_url, commands, [env] * len(commands))
    for code, _out, err in outcomes:
        assert code in (0, 1), err
        assert code == 0 or "already received '慰问金' in batch 春节" in err
    conn = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        claims = conn.execute(
            "SELECT person_hash, SUM(persons) FROM recipient_lines GROUP BY person_hash"
        ).fetchall()
    finally:
        conn.close()
    assert claims and all(int(total) == 1 for _person, total in claims)
    granted = [json.loads(out) for code, out, _ in outcomes if code == 0]
    assert sum(g["recipients"] for g in granted) == len(claims)
    # Windows of three from starts 0..5: any first winner leaves exactly one disjoint list.
    assert len(granted) == 2
    assert shared("verify").code == 0
