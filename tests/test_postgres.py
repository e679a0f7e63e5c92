"""PostgreSQL as the shared backend (issue 6): schema, types, errors and same output as SQLite.

Every test here needs ``RELIEFCTL_TEST_PG_URL`` (``.ci/run`` starts a throwaway cluster and sets
it); without it they are skipped with that reason. Each test gets its own schema.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reliefctl.db import models
from reliefctl.db.connect import PG_WRITE_LOCK_KEY
from reliefctl.db.schema import open_ledger
from reliefctl.db.tables import TABLES
from reliefctl.db.url import resolve
from reliefctl.ledger.checks import LEDGER_TABLES

from .conftest import (
    PG_URL_ENV,
    ROOT,
    CliRunner,
    Result,
    _make_cli,
    domain_operation,
    run_process,
    stock_operation,
)
from .ledgers import fill_every_table

pytestmark = pytest.mark.postgres


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _schema_of(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


@pytest.fixture
def pg_conn(pg_url: str) -> Iterator[Any]:
    """A direct autocommit psycopg connection to the test's schema (for inspecting it)."""
    import psycopg

    with psycopg.connect(_plain(pg_url), autocommit=True) as conn:
        yield conn


@pytest.fixture
def pg_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pg_url: str
) -> CliRunner:
    """reliefctl on a fresh, initialised PostgreSQL ledger."""
    run = _make_cli(monkeypatch, capsys, pg_url)
    assert run("init").code == 0
    return run


# --- schema ----------------------------------------------------------------------------------


def _catalog(conn: Any, schema: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a ledger schema defines, with the schema's name taken out."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        found = conn.execute(sql, {"s": schema}).fetchall()
        return sorted(tuple(str(v).replace(f"{schema}.", "S.") for v in row) for row in found)

    return {
        "columns": rows(
            "SELECT table_name, column_name, ordinal_position, data_type, "
            "character_maximum_length, is_nullable, collation_name, column_default "
            "FROM information_schema.columns WHERE table_schema = %(s)s"
        ),
        "constraints": rows(
            "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = %(s)s"
        ),
        "indexes": rows(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s"
        ),
        "triggers": rows(
            "SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid) "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %(s)s AND NOT t.tgisinternal"
        ),
        "functions": rows(
            "SELECT p.proname, pg_get_function_arguments(p.oid), p.prosrc FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(s)s"
        ),
        "relations": rows(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %(s)s"
        ),
    }


def test_init_creates_exactly_schema_postgres_sql(pg_cli: CliRunner, pg_conn: Any) -> None:
    schema = pg_conn.execute("SELECT current_schema()").fetchone()[0]
    other = "f_" + uuid.uuid4().hex[:12]
    pg_conn.execute(f"CREATE SCHEMA {other}")
    try:
        pg_conn.execute(f"SET search_path = {other}")
        pg_conn.execute((ROOT / "data" / "schema.postgres.sql").read_text(encoding="utf-8"))
        # Neither schema on the search_path: every name in the catalog comes out qualified.
        pg_conn.execute("SET search_path = pg_catalog")
        made, from_file = _catalog(pg_conn, schema), _catalog(pg_conn, other)
        pg_conn.execute(f"SET search_path = {schema}")
        assert made == from_file
        assert {name for name, kind in made["relations"] if kind == "r"} == set(TABLES)
        assert len(made["triggers"]) == 2 * len(LEDGER_TABLES)
        assert pg_conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall() == [
            ("application", "reliefctl"),
            ("schema_version", str(models.SCHEMA_VERSION)),
        ]
    finally:
        pg_conn.execute(f"DROP SCHEMA {other} CASCADE")


def test_text_sorts_by_code_point_whatever_the_locale(pg_conn: Any, pg_cli: CliRunner) -> None:
    collations = pg_conn.execute(
        "SELECT DISTINCT collation_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying'"
    ).fetchall()
    assert collations == [("C",)]


def test_ledger_tables_refuse_update_delete_and_truncate(
    pg_cli: CliRunner, pg_conn: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    stock_operation(pg_cli)  # the domain operation and every stock movement (issue 12)
    assert pg_cli("void", "G-000001", "--reason", "test").code == 0
    fill_every_table(pg_cli, tmp_path, monkeypatch)  # issues 13 and 16
    # fund_budgets only holds budgets recorded before allocations (B entries) existed: give it
    # one row, as such a ledger has (INSERT is what append-only allows), so the row triggers
    # below have something to refuse.
    pg_conn.execute(
        "INSERT INTO fund_budgets (entry_id, fund_id, amount_fen) "
        "SELECT entry_id, fund_id, amount_fen FROM allocations ORDER BY entry_id LIMIT 1"
    )
    for table in LEDGER_TABLES:
        assert pg_conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0, table
        for sql in (f"UPDATE {table} SET entry_id = entry_id", f"DELETE FROM {table}"):
            if table == "entries":
                sql = sql.replace("entry_id", "id")
            elif table == "entry_kinds":
                sql = sql.replace("entry_id", "code")
            with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
                pg_conn.execute(sql)
        with pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
            pg_conn.execute(f"TRUNCATE {table} CASCADE")


def test_init_twice_changes_nothing(pg_cli: CliRunner) -> None:
    result = pg_cli("init")
    assert result.code == 0
    assert "already exists" in result.out


def test_concurrent_inits_create_the_ledger_once(pg_url: str) -> None:
    import subprocess
    import sys

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reliefctl", "--db", pg_url, "init"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0, 0], outputs
    assert sum("created a new ledger" in out for out, _ in outputs) == 1


def test_a_foreign_schema_is_refused_never_mixed_into(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pg_url: str, pg_conn: Any
) -> None:
    run = _make_cli(monkeypatch, capsys, pg_url)
    pg_conn.execute("CREATE TABLE items (id int PRIMARY KEY, name text)")
    result = run("init")
    assert result.code == 4
    assert "not a reliefctl ledger" in result.err and "items" in result.err
    result = run("stock")
    assert result.code == 4 and "no reliefctl ledger" in result.err
    pg_conn.execute("CREATE TABLE meta (key text PRIMARY KEY, value text)")
    pg_conn.execute("INSERT INTO meta VALUES ('application', 'other')")
    for args in (("init",), ("stock",)):
        result = run(*args)
        assert result.code == 4
        assert "not a reliefctl ledger" in result.err
    assert pg_conn.execute("SELECT COUNT(*) FROM items").fetchone() == (0,)


def test_a_newer_schema_is_refused(pg_cli: CliRunner, pg_conn: Any) -> None:
    pg_conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    result = pg_cli("stock")
    assert result.code == 4
    assert "newer reliefctl" in result.err


def test_a_missing_schema_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pg_url: str
) -> None:
    url = pg_url.replace("search_path%3D", "search_path%3Dnosuch_")
    run = _make_cli(monkeypatch, capsys, url)
    result = run("init")
    assert result.code == 4
    assert "names no existing schema" in result.err
    assert len(result.err.splitlines()) == 1


# --- types and the Ledger handle -------------------------------------------------------------


def test_sums_come_back_as_int_and_text_as_str(pg_cli: CliRunner, pg_url: str) -> None:
    from decimal import Decimal

    domain_operation(pg_cli)
    ledger = open_ledger(resolve(pg_url))
    try:
        total, count, avg = ledger.one(
            "SELECT SUM(total_fen), COUNT(*), AVG(total_fen) FROM purchases"
        ) or (None, None, None)
        assert type(total) is int and type(count) is int
        assert isinstance(avg, Decimal)
        row = ledger.one("SELECT seq, id, event_date, kind_no FROM entries ORDER BY seq LIMIT 1")
        assert row is not None
        assert [type(v) for v in row] == [int, str, str, int]
        assert ledger.scalar("SELECT SUM(qty) FROM shipment_lines WHERE qty < ?", (0,)) is None
        assert ledger.scalar("SELECT 'x%' || ?", ("y",)) == "x%y"
    finally:
        ledger.close()


def test_stream_works_inside_and_outside_a_transaction(pg_cli: CliRunner, pg_url: str) -> None:
    domain_operation(pg_cli)
    ledger = open_ledger(resolve(pg_url))
    try:
        expected = ledger.query("SELECT seq FROM entries ORDER BY seq")
        assert list(ledger.stream("SELECT seq FROM entries ORDER BY seq", size=3)) == expected
        # An abandoned stream leaves no transaction or cursor behind.
        first = next(iter(ledger.stream("SELECT seq FROM entries WHERE seq > ?", (0,))))
        assert first == expected[0]
        with ledger.snapshot():
            outer = ledger.stream("SELECT seq FROM entries ORDER BY seq", size=2)
            inner = ledger.stream("SELECT seq FROM entries ORDER BY seq DESC", size=2)
            pairs = list(zip(outer, inner, strict=True))
        assert [a for a, _ in pairs] == expected
        assert [b for _, b in pairs] == expected[::-1]
        assert ledger.scalar("SELECT COUNT(*) FROM entries") == len(expected)
        with ledger.write():
            assert len(list(ledger.stream("SELECT id FROM entries", size=4))) == len(expected)
    finally:
        ledger.close()


def test_a_writer_waits_for_the_lock_then_gives_up_with_busy(
    pg_cli: CliRunner, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    domain_operation(pg_cli)
    monkeypatch.setenv("RELIEFCTL_BUSY_TIMEOUT", "0.3")
    with psycopg.connect(_plain(pg_url)) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK_KEY,))
        result = pg_cli("township", "add", "新镇")
        assert result.code == 3, result.err
        assert "busy" in result.err
        holder.rollback()
    assert pg_cli("township", "add", "新镇").code == 0


# --- connection failures ---------------------------------------------------------------------


def _url_with(base: str, **parts: str) -> str:
    """The test server's URL with user, password, port or dbname replaced."""
    from urllib.parse import quote, urlsplit, urlunsplit

    split = urlsplit(base)
    user = parts.get("user", split.username or "")
    password = parts.get("password", split.password or "")
    port = parts.get("port", str(split.port or 5432))
    path = "/" + parts.get("dbname", split.path.lstrip("/"))
    netloc = f"{quote(user)}:{quote(password)}@{split.hostname}:{port}"
    return urlunsplit((split.scheme, netloc, path, split.query, ""))


def _password(url: str) -> str:
    from urllib.parse import unquote, urlsplit

    password = urlsplit(url).password
    assert password, f"{PG_URL_ENV} should carry a password for these tests"
    return unquote(password)


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


WRONG_PASSWORD = "Wr0ng-pässword-42"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("server down", "cannot reach the PostgreSQL server at 127.0.0.1:"),
        ("wrong password", "refused the login of user"),
        ("unknown database", "does not exist on"),
    ],
)
@pytest.mark.parametrize("command", ["init", "stock", "ship"])
def test_connection_failures_are_one_line_exit_4_and_never_show_the_password(
    case: str, message: str, command: str, pg_url: str, tmp_path: Path
) -> None:
    base = os.environ[PG_URL_ENV]
    real_password = _password(base)
    if case == "server down":
        url = _url_with(base, port=_closed_port(), password=WRONG_PASSWORD)
    elif case == "wrong password":
        url = _url_with(base, password=WRONG_PASSWORD)
    else:
        url = _url_with(base, dbname="no_such_ledger_db")
    args = {
        "init": ["init"],
        "stock": ["stock", "--format", "json"],
        "ship": [
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            "高丽营镇",
            "--item",
            "x=1",
        ],
    }[command]
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}
    if command == "ship":  # through --db; the others through RELIEFCTL_DB
        proc = run_process("--db", url, *args, env=env)
    else:
        proc = run_process(*args, env={**env, "RELIEFCTL_DB": url})
    assert proc.returncode == 4, proc.stderr
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert message in proc.stderr
    for secret in (WRONG_PASSWORD, real_password):
        assert secret not in proc.stderr
    # No crash file or log anywhere holds the password either.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert WRONG_PASSWORD not in text and real_password not in text


def test_the_password_is_masked_where_the_ledger_is_named(pg_cli: CliRunner) -> None:
    real_password = _password(os.environ[PG_URL_ENV])
    result = pg_cli("init")
    assert "***" in result.out
    assert real_password not in result.out + result.err


# --- same output on both backends -------------------------------------------------------------


def _run_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> CliRunner:
    run = _make_cli(monkeypatch, capsys, url)

    def on(*args: str) -> Result:
        return run("--db", url, *args)

    assert on("init").code == 0
    return on


def _without_recorded_at(text: str) -> Any:
    data = json.loads(text)
    for row in data:
        row.pop("recorded_at", None)
    return data


def test_every_view_gives_the_same_output_on_both_backends(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pg_url: str,
    sqlite_url: str,
) -> None:
    on_sqlite = _run_on(monkeypatch, capsys, sqlite_url)
    on_pg = _run_on(monkeypatch, capsys, pg_url)
    for run in (on_sqlite, on_pg):
        domain_operation(run)
        assert run("void", "S-000003", "--reason", "录入重复").code == 0
        assert run("fund", "topup", "防疫专项资金", "--amount", "50万").code == 0
    for args in (
        ("stock",),
        ("stock", "--format", "json"),
        ("funds",),
        ("funds", "--format", "json"),
    ):
        a, b = on_sqlite(*args), on_pg(*args)
        assert (a.code, a.out, a.err) == (b.code, b.out, b.err), args
    for args in (
        ("log", "--format", "json"),
        ("log", "--since", "2020-12-29", "--until", "2020-12-31", "--format", "json"),
    ):
        a, b = on_sqlite(*args), on_pg(*args)
        assert _without_recorded_at(a.out) == _without_recorded_at(b.out), args
    refusals = (
        (
            "ship",
            "--date",
            "2020-12-28",
            "--batch",
            "1",
            "--to",
            "高丽营镇",
            "--item",
            "暖身贴=10万",
        ),
        (
            "grant",
            "--date",
            "2021-01-06",
            "--to",
            "高丽营镇",
            "--amount",
            "1000万",
            "--fund",
            "防疫专项资金",
        ),
        ("void", "S-000003", "--reason", "again"),
        ("ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营", "--item", "暖身贴=1"),
    )
    for args in refusals:
        a, b = on_sqlite(*args), on_pg(*args)
        assert a.code == 1 and (a.code, a.out, a.err) == (b.code, b.out, b.err), args


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://u:s3cret@h/db", "postgresql://u:***@h/db"),
        (
            "postgresql://u:p@ss@h:5433/db?sslmode=require",
            "postgresql://u:***@h:5433/db?sslmode=require",
        ),
        ("postgres://u@h:5432/db", "postgresql://u@h:5432/db"),
        (
            "postgresql://h/db?password=s3cret&sslmode=require",
            "postgresql://h/db?password=***&sslmode=require",
        ),
        ("postgresql://:s3cret@h/db", "postgresql://:***@h/db"),
    ],
)
def test_a_location_never_displays_its_password(url: str, shown: str) -> None:
    """No server needed: the masking every message relies on."""
    assert resolve(url).display == shown


def test_a_clerk_role_needs_only_select_and_insert(
    pg_cli: CliRunner, pg_conn: Any, pg_url: str
) -> None:
    """README: after init, a clerk's role needs USAGE on the schema and SELECT, INSERT."""
    if not pg_conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[
        0
    ]:
        pytest.skip("creating a clerk role needs a superuser RELIEFCTL_TEST_PG_URL (.ci/run's is)")
    domain_operation(pg_cli)
    schema = _schema_of(pg_url)
    clerk, password = "clerk_" + uuid.uuid4().hex[:8], uuid.uuid4().hex
    pg_conn.execute(f"CREATE ROLE {clerk} LOGIN PASSWORD '{password}'")
    try:
        pg_conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {clerk}")
        pg_conn.execute(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {schema} TO {clerk}")
        url = _url_with(os.environ[PG_URL_ENV], user=clerk, password=password)
        url += f"{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
        as_clerk = [
            ("buy", "--date", "2021-01-06", "--item", "暖身贴", "--qty", "100", "--total", "10"),
            (
                "ship",
                "--date",
                "2021-01-06",
                "--batch",
                "4",
                "--to",
                "南彩镇",
                "--item",
                "暖身贴=10",
            ),
            (
                "grant",
                "--date",
                "2021-01-06",
                "--to",
                "南彩镇",
                "--amount",
                "100",
                "--fund",
                "防疫专项资金",
            ),
            ("void", "S-000013", "--reason", "test"),
            ("township", "add", "新镇"),
            ("stock",),
            ("verify",),
            ("init",),
        ]
        for args in as_clerk:
            result = pg_cli("--db", url, *args)
            assert result.code == 0, (args, result.err)
        result = pg_cli("--db", url, "copy", "--to", pg_url)
        assert result.code == 2  # the same ledger: refused before anything is touched
    finally:
        pg_conn.execute(f"DROP OWNED BY {clerk}")
        pg_conn.execute(f"DROP ROLE {clerk}")
