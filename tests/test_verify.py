"""`reliefctl verify` and `reliefctl head`: a clean ledger verifies silently; a hand edit of the
database (trigger dropped, a quantity, amount or note changed, a row or an entry deleted) is
named by the first entry it breaks; a careful forger who re-computes the whole chain is still
caught by the stock, fund, valuation and void checks, and by a head written down earlier."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from reliefctl.db.schema import open_ledger
from reliefctl.db.url import resolve
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, GENESIS_HASH, entry_hash
from reliefctl.ledger.checks import Problem, verify

from .conftest import CliRunner, Result, _make_cli
from .ledgers import audited_operation, tamper
from .test_posting_properties import apply, fresh_ledger, operations

# --- helpers -------------------------------------------------------------------------------


def rechain(path: str) -> None:
    """What a careful forger does after an edit: recompute every entry's hash and link."""
    conn = sqlite3.connect(path)
    try:
        previous = GENESIS_HASH
        headers = conn.execute(f"SELECT {', '.join(ENTRY_FIELDS)} FROM entries ORDER BY seq")
        for values in headers.fetchall():
            header = dict(zip(ENTRY_FIELDS, values, strict=True))
            header["prev_hash"] = previous
            rows: dict[str, list[dict[str, Any]]] = {}
            for table, (columns, order) in ENTRY_ROW_TABLES.items():
                found = conn.execute(
                    f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? "
                    f"ORDER BY {', '.join(order)}",
                    (header["id"],),
                ).fetchall()
                if found:
                    rows[table] = [dict(zip(columns, row, strict=True)) for row in found]
            previous = entry_hash(header, rows)
            conn.execute(
                "UPDATE entries SET prev_hash = ?, hash = ? WHERE seq = ?",
                (header["prev_hash"], previous, header["seq"]),
            )
        conn.commit()
    finally:
        conn.close()


def problems_of(result: Result) -> list[dict[str, str]]:
    payload = json.loads(result.out)
    assert payload["ok"] is (result.code == 0)
    problems: list[dict[str, str]] = payload["problems"]
    return problems


def first_chain_break(problems: list[dict[str, str]]) -> dict[str, str]:
    chain = [p for p in problems if p["check"] == "chain"]
    assert chain, problems
    assert chain[0]["message"].startswith("first break in the chain"), chain[0]
    return chain[0]


def file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def audited(
    db_url: str,
    audited_template: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> CliRunner:
    """The audited operation on each backend (SQLite: a copy of the session's template)."""
    if db_url.startswith("postgresql"):
        run = _make_cli(monkeypatch, capsys, db_url)
        assert run("init").code == 0
        audited_operation(run)
        return run
    shutil.copyfile(audited_template, db_url)
    return _make_cli(monkeypatch, capsys, db_url)


# --- a clean ledger ------------------------------------------------------------------------


def test_clean_ledger_verifies_silently(audited: CliRunner) -> None:
    result = audited("verify")
    assert (result.code, result.out, result.err) == (0, "", "")
    result = audited("verify", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == {"ok": True, "problems": []}


def test_a_new_ledger_verifies_and_its_head_is_its_settings_entry(cli: CliRunner) -> None:
    assert cli("verify").code == 0
    result = cli("head", "--format", "json")
    assert result.code == 0
    head = json.loads(result.out)
    assert (head["id"], head["seq"], head["entries"]) == ("L-000001", 1, 1)


def test_empty_ledger_verifies_and_has_a_genesis_head(bare_cli: CliRunner, sqlite_url: str) -> None:
    """A ledger with no entry at all: made from the generated DDL (``copy`` makes its target
    so, and so does ``data/schema.sql`` run by hand), not by ``init``."""
    from reliefctl.db.schema import init_ledger
    from reliefctl.db.url import resolve

    assert init_ledger(resolve(sqlite_url))
    assert bare_cli("verify").code == 0
    result = bare_cli("head", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == {
        "id": None,
        "seq": 0,
        "hash": GENESIS_HASH,
        "recorded_at": None,
        "entries": 0,
    }
    assert bare_cli("head").out.startswith("no entries yet")


def test_head_names_the_latest_entry(audited: CliRunner) -> None:
    log = json.loads(audited("log", "--format", "json").out)
    result = audited("head", "--format", "json")
    assert result.code == 0, result.err
    head = json.loads(result.out)
    assert head["id"] == "V-000003"
    assert head["seq"] == head["entries"] == len(log)
    assert len(head["hash"]) == 64
    line = audited("head")
    assert line.code == 0
    assert line.lines == [
        f"V-000003 seq {head['seq']} hash {head['hash']} recorded {head['recorded_at']}"
    ]


def test_a_written_down_head_proves_nothing_before_it_changed(audited: CliRunner) -> None:
    head = json.loads(audited("head", "--format", "json").out)
    written = f"{head['id']}:{head['hash'][:16]}"
    assert audited("verify", "--head", written).code == 0
    assert audited("verify", "--head", f"{head['id']}={head['hash']}").code == 0
    # The ledger grows; the old head still holds.
    assert audited("township", "add", "李遂镇").code == 0
    assert audited("verify", "--head", written).code == 0
    wrong = audited("verify", "--head", f"{head['id']}:{'0' * 16}", "--format", "json")
    assert wrong.code == 1
    assert [(p["where"], p["check"]) for p in problems_of(wrong)] == [(head["id"], "head")]
    gone = audited("verify", "--head", f"S-999999:{head['hash']}")
    assert gone.code == 1 and "no longer there" in gone.out


@pytest.mark.parametrize("bad", ["V-000003", "V-000003:abc", "nonsense:0123456789abcdef0123"])
def test_a_malformed_head_is_a_usage_error(sqlite_cli: CliRunner, bad: str) -> None:
    result = sqlite_cli("verify", "--head", bad)
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert "--head" in result.err


def test_verify_never_writes(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    before = file_digest(sqlite_url)
    assert audited_sqlite("verify").code == 0
    assert file_digest(sqlite_url) == before
    tamper(sqlite_url, "UPDATE entries SET note = 'x' WHERE id = 'P-000001'")
    before = file_digest(sqlite_url)
    assert audited_sqlite("verify").code == 1
    assert file_digest(sqlite_url) == before  # found, reported, and left as it is


# --- hand edits: the first bad entry is named ------------------------------------------------

TAMPERING = [
    pytest.param(
        ["UPDATE shipment_lines SET qty = qty + 1 WHERE entry_id = 'S-000003'"],
        "S-000003",
        id="quantity",
    ),
    pytest.param(
        ["UPDATE grants SET amount_fen = amount_fen - 100 WHERE entry_id = 'G-000001'"],
        "G-000001",
        id="amount",
    ),
    pytest.param(
        ["UPDATE purchases SET total_fen = total_fen + 1 WHERE entry_id = 'P-000002'"],
        "P-000002",
        id="purchase-total",
    ),
    pytest.param(
        ["UPDATE entries SET note = '已核对' WHERE id = 'S-000007'"], "S-000007", id="note"
    ),
    pytest.param(
        ["UPDATE entries SET event_date = '2020-12-30' WHERE id = 'S-000002'"],
        "S-000002",
        id="date",
    ),
    pytest.param(
        ["DELETE FROM shipment_lines WHERE entry_id = 'S-000010' AND line_no = 2"],
        "S-000010",
        id="delete-a-line",
    ),
    pytest.param(
        [
            "DELETE FROM shipment_lines WHERE entry_id = 'S-000005'",
            "DELETE FROM entries WHERE id = 'S-000005'",
        ],
        "S-000006",
        id="delete-an-entry",
    ),
    pytest.param(
        [
            "INSERT INTO purchases (entry_id, date, item_id, qty, total_fen, fund_id) "
            "VALUES ('S-000004', '2020-12-27', 1, 1000, 100, NULL)"
        ],
        "S-000004",
        id="insert-a-row",
    ),
    pytest.param(
        ["UPDATE townships SET name = '高丽营' WHERE id = 2"], "M-000002", id="master-data"
    ),
    pytest.param(
        ["UPDATE voids SET reason = '无' WHERE entry_id = 'V-000001'"], "V-000001", id="reason"
    ),
]


@pytest.mark.parametrize(("statements", "first_bad"), TAMPERING)
def test_tampering_names_the_first_bad_entry(
    audited_sqlite: CliRunner, sqlite_url: str, statements: list[str], first_bad: str
) -> None:
    check_tampering(audited_sqlite, sqlite_url, statements, first_bad)


@pytest.mark.parametrize(
    ("statements", "first_bad"),
    [p for p in TAMPERING if p.id in ("quantity", "amount", "note", "delete-an-entry")],
)
def test_tampering_names_the_first_bad_entry_on_each_backend(
    audited: CliRunner, db_url: str, statements: list[str], first_bad: str
) -> None:
    check_tampering(audited, db_url, statements, first_bad)


def check_tampering(audited: CliRunner, url: str, statements: list[str], first_bad: str) -> None:
    tamper(url, *statements)
    result = audited("verify", "--format", "json")
    assert result.code == 1
    problems = problems_of(result)
    assert first_chain_break(problems)["where"] == first_bad
    # Nothing before the first bad entry is blamed by the chain.
    chain = [p["where"] for p in problems if p["check"] == "chain"]
    assert chain[0] == first_bad
    assert len(result.err.splitlines()) == 1
    assert f"first: {first_bad}, chain" in result.err
    table = audited("verify")
    assert table.code == 1
    assert len(table.lines) == len(problems)
    assert any(line.startswith(f"{first_bad}: chain: first break") for line in table.lines)


def test_a_dropped_trigger_alone_is_reported(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("DROP TRIGGER shipment_lines_no_update")
    conn.close()
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1
    assert problems_of(result) == [
        {
            "where": "ledger",
            "check": "triggers",
            "message": "the append-only trigger shipment_lines_no_update is missing or altered: "
            "UPDATE on shipment_lines is no longer refused",
        }
    ]


def test_a_trigger_rewritten_to_do_nothing_is_reported(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.executescript(
        "DROP TRIGGER grants_no_delete; "
        "CREATE TRIGGER grants_no_delete BEFORE DELETE ON grants "
        "BEGIN SELECT RAISE(ABORT, 'grants is append-only') WHERE 0; END;"
    )
    conn.close()
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1
    assert [p["message"] for p in problems_of(result)] == [
        "the append-only trigger grants_no_delete is missing or altered: "
        "DELETE on grants is no longer refused"
    ]


def test_a_disabled_trigger_is_reported_on_postgresql(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    audited = _make_cli(monkeypatch, capsys, pg_url)
    assert audited("init").code == 0
    tamper(pg_url, "ALTER TABLE grants DISABLE TRIGGER grants_append_only")
    result = audited("verify", "--format", "json")
    assert result.code == 1
    assert [(p["where"], p["check"]) for p in problems_of(result)] == [("ledger", "triggers")]
    tamper(
        pg_url,
        "ALTER TABLE grants ENABLE TRIGGER grants_append_only",
        "CREATE OR REPLACE FUNCTION reliefctl_append_only() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RETURN NEW; END $$",
    )
    result = audited("verify", "--format", "json")
    assert result.code == 1
    assert "no longer raises" in problems_of(result)[0]["message"]


def test_the_triggers_refuse_a_plain_update(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    conn = sqlite3.connect(sqlite_url)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE shipment_lines SET qty = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM entries")
    conn.close()
    assert audited_sqlite("verify").code == 0


# --- a forger who re-computes the chain --------------------------------------------------------


def _rechained(url: str, *statements: str) -> None:
    tamper(url, *statements)
    rechain(url)


def _checks(result: Result) -> set[tuple[str, str]]:
    return {(p["where"], p["check"]) for p in problems_of(result)}


def test_rechained_overshipment_breaks_stock_and_valuation(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    head = json.loads(audited_sqlite("head", "--format", "json").out)
    _rechained(sqlite_url, "UPDATE shipment_lines SET qty = 300000 WHERE entry_id = 'S-000001'")
    result = audited_sqlite("verify", "--head", f"{head['id']}:{head['hash']}", "--format", "json")
    assert result.code == 1
    found = _checks(result)
    assert ("item 暖身贴", "stock") in found
    assert ("S-000001", "valuation") in found  # more than was on hand, valued at less
    assert (head["id"], "head") in found
    assert not any(check == "chain" for _, check in found)


def test_rechained_grant_overdraws_the_fund(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    _rechained(sqlite_url, "UPDATE grants SET amount_fen = 900000000 WHERE entry_id = 'G-000001'")
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1
    assert _checks(result) >= {("fund 防疫专项资金", "funds"), ("V-000002", "voids")}


def test_rechained_void_of_master_data_is_refused(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    _rechained(
        sqlite_url, "UPDATE voids SET voided_entry_id = 'M-000001' WHERE entry_id = 'V-000001'"
    )
    result = audited_sqlite("verify", "--format", "json")
    messages = [p["message"] for p in problems_of(result) if p["where"] == "V-000001"]
    assert any("master-data entry and cannot be voided" in m for m in messages), messages


def test_rechained_void_of_a_void_and_double_void(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    _rechained(
        sqlite_url, "UPDATE voids SET voided_entry_id = 'V-000001' WHERE entry_id = 'V-000002'"
    )
    messages = [
        p["message"]
        for p in problems_of(audited_sqlite("verify", "--format", "json"))
        if p["where"] == "V-000002"
    ]
    assert any("which is a void and cannot be voided" in m for m in messages), messages


def test_rechained_reversal_that_does_not_mirror(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    _rechained(sqlite_url, "UPDATE shipment_lines SET qty = -1 WHERE entry_id = 'V-000001'")
    result = audited_sqlite("verify", "--format", "json")
    assert ("V-000001", "voids") in _checks(result)


def test_rechained_deletion_is_still_named(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    _rechained(
        sqlite_url,
        "DELETE FROM shipment_lines WHERE entry_id = 'S-000005'",
        "DELETE FROM entries WHERE id = 'S-000005'",
    )
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1
    messages = [p["message"] for p in problems_of(result) if p["where"] == "S-000006"]
    assert "entry S-000005 is missing (after S-000004)" in messages
    assert any(m.startswith("1 entry missing before it (seq ") for m in messages), messages


def test_orphan_rows_fail_the_foreign_key_check(audited: CliRunner, db_url: str) -> None:
    tamper(
        db_url,
        "INSERT INTO purchases (entry_id, date, item_id, qty, total_fen) "
        "VALUES ('P-000099', '2020-12-27', 1, 5, 500)",
    )
    result = audited("verify", "--format", "json")
    assert result.code == 1
    found = _checks(result)
    assert any(check == "foreign-key" for _, check in found), found
    assert ("item 暖身贴", "valuation") in found  # rows that belong to no entry


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE shipment_lines SET qty = 'abc' WHERE entry_id = 'S-000002'",
        "UPDATE entries SET note = X'00ff' WHERE id = 'S-000002'",
        "UPDATE entries SET kind_no = 'two' WHERE id = 'S-000002'",
        "UPDATE purchases SET total_fen = 2937500.5 WHERE entry_id = 'P-000001'",
    ],
    ids=["text-quantity", "blob-note", "text-number", "float-amount"],
)
def test_values_of_the_wrong_type_are_problems_not_crashes(
    audited_sqlite: CliRunner, sqlite_url: str, statement: str
) -> None:
    tamper(sqlite_url, statement)
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1, result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert first_chain_break(problems_of(result))["where"] in ("P-000001", "S-000002")


def test_integrity_check_failures_are_reported(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_entries_event_date'"
    ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(Path(sqlite_url).read_bytes())
    page = (root - 1) * page_size
    at = data.find(b"2020-12-28", page, page + page_size)
    assert at > 0
    data[at : at + 10] = b"1999-01-01"  # an index entry that matches no row
    Path(sqlite_url).write_bytes(bytes(data))
    result = audited_sqlite("verify", "--format", "json")
    assert result.code == 1
    problems = problems_of(result)
    assert problems and all(p["check"] == "integrity" for p in problems), problems
    assert "ix_entries_event_date" in problems[0]["message"]


# --- the core function and its constants ----------------------------------------------------


def test_verify_returns_problem_records(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    tamper(sqlite_url, "UPDATE entries SET note = 'x' WHERE id = 'S-000003'")
    ledger = open_ledger(resolve(sqlite_url))
    try:
        problems = verify(ledger)
    finally:
        ledger.close()
    assert all(isinstance(p, Problem) for p in problems)
    assert str(problems[-1]).startswith("S-000003: chain: first break")


def test_the_walk_streams_in_chunks(
    audited_sqlite: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunk boundaries fall between entries of every kind; the result does not change."""
    monkeypatch.setattr("reliefctl.ledger.checks.CHUNK", 3)
    assert audited_sqlite("verify").code == 0
    tamper(sqlite_url, "UPDATE shipment_lines SET value_fen = 1 WHERE entry_id = 'S-000011'")
    problems = problems_of(audited_sqlite("verify", "--format", "json"))
    assert first_chain_break(problems)["where"] == "S-000011"


_LEDGERS = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_whatever_posting_accepts_verifies(tmp_path: Path, ops: list[tuple[Any, ...]]) -> None:
    """No false alarm: back-dated entries, partial shipments, voids of every kind in any order
    (what the posting property tests generate) always verify clean, valuation replay included."""
    ledger = fresh_ledger(tmp_path, next(_LEDGERS))
    try:
        recorded: list[str] = []
        for op in ops:
            apply(ledger, op, recorded)
        assert verify(ledger) == []
    finally:
        ledger.close()
