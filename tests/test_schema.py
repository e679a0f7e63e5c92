"""data/schema*.sql are the models' DDL, and a ledger made by `init` is exactly that schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from reliefctl.db.schema import schema_file, schema_sql
from reliefctl.ledger import models
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, INSERT_ORDER

from .conftest import ROOT, CliRunner, domain_operation


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_schema_files_match_the_models(dialect: str) -> None:
    committed = schema_file(dialect, ROOT).read_text(encoding="utf-8")  # type: ignore[arg-type]
    assert committed == schema_sql(dialect), (  # type: ignore[arg-type]
        f"{schema_file(dialect, ROOT).name} is stale: run `python -m reliefctl.db.schema`"  # type: ignore[arg-type]
    )


def _objects(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return sorted(
        conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    )


def test_init_creates_exactly_schema_sql(
    bare_cli: CliRunner, sqlite_url: str, tmp_path: Path
) -> None:
    assert bare_cli("init").code == 0
    from_file = sqlite3.connect(tmp_path / "from_file.sqlite")
    from_file.executescript((ROOT / "data" / "schema.sql").read_text(encoding="utf-8"))
    made = sqlite3.connect(sqlite_url)
    assert _objects(made) == _objects(from_file)
    for pragma in ("application_id", "user_version"):
        assert (
            made.execute(f"PRAGMA {pragma}").fetchone()
            == from_file.execute(f"PRAGMA {pragma}").fetchone()
        )
    assert made.execute("SELECT * FROM meta ORDER BY key").fetchall() == [
        ("application", "reliefctl"),
        ("schema_version", "1"),
    ]
    assert made.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_chain_column_lists_match_the_models() -> None:
    tables = SQLModel.metadata.tables
    assert (*ENTRY_FIELDS, "hash") == tuple(c.name for c in tables["entries"].columns)
    for table, (columns, _order) in ENTRY_ROW_TABLES.items():
        assert columns == tuple(c.name for c in tables[table].columns), table
    assert set(INSERT_ORDER) == set(ENTRY_ROW_TABLES)
    assert set(models.LEDGER_TABLES) == {"entries", *ENTRY_ROW_TABLES}


def test_ledger_tables_refuse_update_and_delete(sqlite_cli: CliRunner, sqlite_url: str) -> None:
    domain_operation(sqlite_cli)
    assert sqlite_cli("void", "G-000001", "--reason", "test").code == 0
    conn = sqlite3.connect(sqlite_url)
    for table in models.LEDGER_TABLES:
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0, table
        column = next(iter(SQLModel.metadata.tables[table].columns)).name
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"UPDATE {table} SET {column} = {column}")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"DELETE FROM {table}")
