"""Schema upgrades are explicit: only ``reliefctl upgrade`` writes the schema of an older ledger.

``tests/fixtures/v1/ledger.sqlite`` was written by the release of schema version 1 (see its
README). Every other command refuses it without touching it; ``upgrade`` brings it up to date
in one transaction, every stored row and hash verbatim, and ``verify`` passes afterwards.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reliefctl.db.tables import SCHEMA_VERSION, TABLES

from .conftest import ROOT, CliRunner, _make_cli
from .ledgers import dump, unwritable

V1 = ROOT / "tests" / "fixtures" / "v1"
V1_HEAD = "302ce42f56cff10a45a7658b7f2181105fad15897449865936370a43c1fa45a7"
#: The ledger tables of schema version 1 (every later table is new on an upgraded ledger);
#: ``meta`` is left out: it describes the file, and its schema version moves forward.
V1_TABLES = tuple(name for name, info in TABLES.items() if info["since"] == 1 and name != "meta")


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(V1 / "ledger.sqlite", path)
    return path


@pytest.fixture
def old_cli(
    v1: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> CliRunner:
    return _make_cli(monkeypatch, capsys, str(v1))


def _old_columns(table: str) -> list[str]:
    info = TABLES[table]
    return [c for c in info["columns"] if c not in info["late"]]


def _rows(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            # The columns the table had before (an upgrade appends late columns, NULL in old rows).
            table: conn.execute(
                f"SELECT {', '.join(_old_columns(table))} FROM {table} ORDER BY rowid"
            ).fetchall()
            for table in tables
        }
    finally:
        conn.close()


def _kept_and_one_settings_entry(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> bool:
    """Every row of schema 1 as it was, and one entry more: the settings entry L-000001,
    chained onto the old head (``upgrade`` records the ledger's time zone). Columns added by
    the upgrade (appended, NULL on old rows) are left out of the comparison."""
    widths = {table: len(rows[0]) for table, rows in before.items() if rows}
    after = {t: [row[: widths.get(t, len(row))] for row in rows] for t, rows in after.items()}
    old, new = before["entries"], after["entries"]
    added = [row for row in new if row not in old]
    return (
        {t: sorted(r, key=repr) for t, r in after.items() if t != "entries"}
        == {t: sorted(r, key=repr) for t, r in before.items() if t != "entries"}
        and all(row in new for row in old)
        and len(added) == 1
        and added[0][1] == "L-000001"
        and V1_HEAD in added[0]
    )


def _shape(path: Path) -> dict[str, Any]:
    """Tables with their columns, indexes, foreign keys and triggers: the schema by meaning."""
    conn = sqlite3.connect(path)
    try:
        names = [
            str(row[0])
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        shape: dict[str, Any] = {}
        for name in names:
            shape[name] = {
                "columns": conn.execute(f"PRAGMA table_info({name})").fetchall(),
                "indexes": sorted(
                    (
                        row[1],
                        row[2],
                        tuple(c[2] for c in conn.execute(f"PRAGMA index_info({row[1]})")),
                    )
                    for row in conn.execute(f"PRAGMA index_list({name})")
                    if not str(row[1]).startswith("sqlite_autoindex")
                ),
                "unique": sorted(
                    tuple(c[2] for c in conn.execute(f"PRAGMA index_info({row[1]})"))
                    for row in conn.execute(f"PRAGMA index_list({name})")
                    if row[2]
                ),
                "foreign_keys": sorted(
                    (row[2], row[3], row[4])
                    for row in conn.execute(f"PRAGMA foreign_key_list({name})")
                ),
            }
        shape["triggers"] = sorted(
            " ".join(str(sql).split())
            for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
        )
        shape["pragmas"] = [
            conn.execute(f"PRAGMA {pragma}").fetchone()
            for pragma in ("application_id", "user_version")
        ]
        return shape
    finally:
        conn.close()


@pytest.mark.parametrize(
    "args",
    [("stock",), ("report",), ("log",), ("verify",), ("export", "--out", "x.xlsx"), ("head",)],
)
def test_every_other_command_refuses_an_older_ledger(
    old_cli: CliRunner, v1: Path, args: tuple[str, ...]
) -> None:
    before = v1.read_bytes()
    result = old_cli(*args)
    assert result.code == 4, result.err
    assert result.err == (
        f"reliefctl: error: {v1} has schema version 1, older than this reliefctl's "
        f"{SCHEMA_VERSION}; its owner must run reliefctl upgrade first (nothing was written)\n"
    )
    assert v1.read_bytes() == before


def test_recording_commands_refuse_an_older_ledger(old_cli: CliRunner, v1: Path) -> None:
    before = v1.read_bytes()
    for args in (
        ("township", "add", "新镇"),
        ("ship", "--date", "2021-01-06", "--batch", "3", "--to", "南彩镇", "--item", "面包=1"),
        ("void", "S-000001", "--reason", "x"),
    ):
        result = old_cli(*args)
        assert result.code == 4 and "run reliefctl upgrade" in result.err, args
    assert v1.read_bytes() == before


def test_a_read_only_old_copy_is_refused_untouched(old_cli: CliRunner, v1: Path) -> None:
    before = v1.read_bytes()
    with unwritable(v1.parent):
        result = old_cli("report", "--format", "json")
    assert result.code == 4 and "run reliefctl upgrade" in result.err
    assert v1.read_bytes() == before


def test_upgrade_keeps_every_row_and_hash_and_verifies(old_cli: CliRunner, v1: Path) -> None:
    before = _rows(v1, V1_TABLES)
    result = old_cli("upgrade", "--tz", "Asia/Shanghai")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"upgraded {v1} from schema 1 to {SCHEMA_VERSION}: new tables entry_kinds, settings, "
        "allocations, locations, count_lines, receipts, transfer_lines, writeoff_lines, "
        "item_packs, kit_components, assembly_lines, recipient_lines; rebuilt entries (every "
        "row copied verbatim); new columns "
        "entries.ref_key, batches.label_key, beneficiary_groups.name_key, funds.name_key, "
        "items.name_key, townships.name_key, units.name_key, purchases.location_id, "
        "shipment_lines.location_id, grants.households, shipment_lines.households, "
        "count_lines.qty_text, grants.repeat_reason, purchases.qty_text, receipts.qty_text, "
        "shipment_lines.qty_text, transfer_lines.qty_text, writeoff_lines.qty_text",
        "recorded L-000001: time zone Asia/Shanghai (as given with --tz); change it with: "
        "reliefctl config set tz NAME",
        "L-000001: every earlier entry's stock is at 仓库",
        "verify passed: every stored row and hash is as it was",
    ]
    assert _kept_and_one_settings_entry(before, _rows(v1, V1_TABLES))
    assert old_cli("verify").code == 0
    head = json.loads(old_cli("head", "--format", "json").out)
    assert head["id"] == "L-000001"  # the settings entry, chained onto the old head
    assert old_cli("verify", "--head", f"G-000002:{V1_HEAD[:16]}").code == 0
    shown = json.loads(old_cli("config", "show", "--json").out)
    assert [(s["name"], s["value"], s["entry"]) for s in shown] == [
        ("tz", "Asia/Shanghai", "L-000001"),
        ("require_fund", "no", None),  # off unless set: nothing recorded for it
        ("location", "仓库", "L-000001"),
        ("person_key", "", None),  # recorded by the first recipient list
    ]
    again = old_cli("upgrade")
    assert again.code == 0
    assert again.out == f"{v1} already has schema version {SCHEMA_VERSION}; nothing changed\n"


def test_an_upgraded_ledger_has_the_schema_of_a_new_one(
    old_cli: CliRunner, v1: Path, tmp_path: Path
) -> None:
    assert old_cli("upgrade").code == 0
    fresh = tmp_path / "fresh.sqlite"
    assert old_cli("--db", str(fresh), "init").code == 0
    assert _shape(v1) == _shape(fresh)


def test_after_upgrade_the_ledger_records_and_reports(old_cli: CliRunner, v1: Path) -> None:
    assert old_cli("upgrade").code == 0
    shipped = old_cli(
        "ship", "--date", "2021-01-06", "--batch", "3", "--to", "南彩镇", "--item", "面包=1"
    )
    assert shipped.code == 0, shipped.err
    assert shipped.out.startswith("S-000013 recorded")
    assert old_cli("void", "S-000013", "--reason", "测试").code == 0
    assert old_cli("verify").code == 0
    assert old_cli("report", "--format", "json").code == 0


def test_newer_ledger_is_refused_untouched(sqlite_cli: CliRunner, sqlite_url: str) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = Path(sqlite_url).read_bytes()
    for args in (("stock",), ("upgrade",)):
        result = sqlite_cli(*args)
        assert result.code == 4
        assert "written by a newer reliefctl (schema 99" in result.err
    assert Path(sqlite_url).read_bytes() == before


# --- PostgreSQL -----------------------------------------------------------------------------------


def _v1_on_postgres(url: str) -> None:
    """A schema-1 ledger on PostgreSQL: that release's DDL, then the fixture's rows."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    ddl = (V1 / "schema.postgres.sql").read_text(encoding="utf-8")
    source = sqlite3.connect(V1 / "ledger.sqlite")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(ddl)  # type: ignore[call-overload]
        conn.execute("SET session_replication_role = replica")
        for table in V1_TABLES:
            cursor = source.execute(f"SELECT * FROM {table} ORDER BY rowid")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            if rows:
                marks = ", ".join(["%s"] * len(columns))
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # type: ignore[arg-type]
                        rows,
                    )
    source.close()


@pytest.mark.postgres
def test_postgres_upgrade_keeps_every_row_and_verifies(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _v1_on_postgres(pg_url)
    cli = _make_cli(monkeypatch, capsys, pg_url)
    before = dump(pg_url, V1_TABLES)
    refused = cli("stock")
    assert refused.code == 4 and "run reliefctl upgrade" in refused.err
    assert dump(pg_url, V1_TABLES) == before
    result = cli("upgrade", "--tz", "Asia/Shanghai")
    assert result.code == 0, result.err
    assert "verify passed" in result.out
    assert _kept_and_one_settings_entry(before, dump(pg_url, V1_TABLES))
    assert cli("verify").code == 0
    assert cli("verify", "--head", f"G-000002:{V1_HEAD[:16]}").code == 0
    assert "L-000001" in cli("head").out


@pytest.mark.postgres
def test_postgres_clerk_role_cannot_upgrade(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    _v1_on_postgres(pg_url)
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    schema = pg_url.rsplit("%3D", 1)[1]
    role = f"clerk_{schema}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'clerkpw'")  # type: ignore[arg-type]
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")  # type: ignore[arg-type]
        conn.execute(f"GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA {schema} TO {role}")  # type: ignore[arg-type]
    try:
        userinfo = plain.split("://", 1)[1].split("@", 1)[0]
        clerk_url = pg_url.replace(userinfo, f"{role}:clerkpw", 1)
        before = dump(pg_url, V1_TABLES)
        cli = _make_cli(monkeypatch, capsys, clerk_url)
        for args in (("report", "--format", "json"), ("upgrade",)):
            result = cli(*args)
            assert result.code == 4, (args, result.err)
        assert dump(pg_url, V1_TABLES) == before
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")  # type: ignore[arg-type]
            conn.execute(f"DROP ROLE {role}")  # type: ignore[arg-type]


def test_budgets_from_before_allocations_are_undated(old_cli: CliRunner) -> None:
    """fund_budgets rows of a v1 ledger count from the beginning once upgraded: an as-at view
    before the day they were typed shows the budget, not 0.00, and nothing is rewritten."""
    import json

    assert old_cli("upgrade", "--tz", "Asia/Shanghai").code == 0
    early = json.loads(old_cli("funds", "--until", "2020-12-01", "--format", "json").out)
    now = json.loads(old_cli("funds", "--format", "json").out)
    assert early[0]["budget"] == now[0]["budget"] == "2050000.00"
    assert early[0]["spent"] == "0.00"
    # New allocations go on the upgraded ledger, dated, and it still verifies.
    topped = old_cli("fund", "topup", "防疫专项资金", "--amount", "100", "--date", "2021-01-02")
    assert topped.code == 0, topped.err
    assert old_cli("verify").code == 0
