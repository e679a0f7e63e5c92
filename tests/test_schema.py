"""The models are the one definition of the tables; everything else is derived from them.

``reliefctl/db/tables.py`` and ``data/schema*.sql`` are generated from the models (a stale file
fails here); a ledger made by ``init`` is exactly ``schema.sql``; the hash chain, ``verify``,
``copy`` and the INSERTs cover every column of every table, because they are derived from the
same generated constants.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from reliefctl.db import generate, models
from reliefctl.db.tables import INSERT, TABLES
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, INSERT_ORDER, canonical_bytes
from reliefctl.ledger.checks import FOREIGN_KEYS, LEDGER_TABLES
from reliefctl.ledger.copy import table_specs

from .conftest import ROOT, CliRunner, stock_operation
from .ledgers import fill_every_table


def test_generated_files_match_the_models() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in generate.outputs(ROOT).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"stale: {stale}; run `.venv/bin/python -m reliefctl.db.generate`"


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
        ("schema_version", str(models.SCHEMA_VERSION)),
    ]
    assert made.execute("SELECT code FROM entry_kinds ORDER BY code").fetchall() == sorted(
        (code,) for code, _name, _since in models.ENTRY_KINDS
    )
    assert made.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_every_column_of_every_table_is_covered_by_chain_verify_copy_and_insert() -> None:
    """By introspection of the models: nothing derived can miss a column."""
    tables = SQLModel.metadata.tables
    assert set(TABLES) == set(tables)
    assert tuple(c.name for c in tables["entries"].columns if c.name != "hash") == ENTRY_FIELDS
    with_entry = {name for name, table in tables.items() if "entry_id" in table.columns}
    assert set(ENTRY_ROW_TABLES) == with_entry == set(INSERT_ORDER)
    specs = {spec.name: spec.columns for spec in table_specs()}
    for name, table in tables.items():
        columns = tuple(c.name for c in table.columns)
        assert specs[name] == columns, name
        for column in columns:
            assert f":{column}" in INSERT["sqlite"][name], (name, column)
            assert f"%({column})s" in INSERT["postgresql"][name], (name, column)
        if name in ENTRY_ROW_TABLES:
            assert ENTRY_ROW_TABLES[name][0] == columns, name
            # Every column, set to a value of its own, is in the hashed bytes.
            row = {column: f"v-{column}" for column in columns}
            header = {field: f"h-{field}" for field in ENTRY_FIELDS}
            payload = json.loads(canonical_bytes(header, {name: [row]}))
            assert payload["rows"][name] == [row], name
    assert set(LEDGER_TABLES) == {name for name in tables if name not in models.NOT_APPEND_ONLY}
    assert {(t, c) for t, c, _p, _pc in FOREIGN_KEYS} == {
        (name, column.name)
        for name, table in tables.items()
        for column in table.columns
        if column.foreign_keys
    }


def test_a_late_column_is_hashed_only_where_it_holds_a_value() -> None:
    """The growth rule: adding a column to a table never changes an old entry's hash."""
    from reliefctl.ledger import chain

    header = {field: f"h-{field}" for field in ENTRY_FIELDS}
    before = chain.entry_hash(
        header, {"voids": [{"entry_id": "V", "voided_entry_id": "S", "reason": "r"}]}
    )
    patched = dict(chain._HASHED)
    always, late = patched["voids"]
    chain._HASHED["voids"] = (always, (*late, "added_later"))
    try:
        unset = {"entry_id": "V", "voided_entry_id": "S", "reason": "r", "added_later": None}
        assert chain.entry_hash(header, {"voids": [unset]}) == before
        assert chain.entry_hash(header, {"voids": [{**unset, "added_later": 1}]}) != before
    finally:
        chain._HASHED.clear()
        chain._HASHED.update(patched)


def test_ledger_tables_refuse_update_and_delete(
    sqlite_cli: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stock_operation(sqlite_cli)
    assert sqlite_cli("void", "G-000001", "--reason", "test").code == 0
    fill_every_table(sqlite_cli, tmp_path, monkeypatch)  # issues 13 and 16
    conn = sqlite3.connect(sqlite_url)
    # A budget recorded the way ledgers before allocations (schema 3) did: new ledgers no longer
    # write fund_budgets, but upgraded ones hold its rows, and they stay append-only.
    conn.execute(
        "INSERT INTO fund_budgets (entry_id, fund_id, amount_fen) VALUES ('M-000001', 1, 1)"
    )
    for table in LEDGER_TABLES:
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] > 0, table
        column = next(iter(SQLModel.metadata.tables[table].columns)).name
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"UPDATE {table} SET {column} = {column}")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"DELETE FROM {table}")
