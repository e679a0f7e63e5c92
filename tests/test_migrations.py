"""An older ledger is migrated forward on open; a newer one is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reliefctl.db import connect, migrations

from .conftest import CliRunner


def test_older_ledger_is_migrated_once(
    sqlite_cli: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sqlite_cli("township", "add", "仁和镇").code == 0
    monkeypatch.setattr(connect, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        {2: {"sqlite": ["CREATE TABLE station (id INTEGER PRIMARY KEY, name TEXT)"]}},
    )
    assert sqlite_cli("township", "list").code == 0
    conn = sqlite3.connect(sqlite_url)
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    assert conn.execute("SELECT COUNT(*) FROM station").fetchone() == (0,)
    # Opening again applies nothing more (the CREATE would fail if it ran twice).
    assert sqlite_cli("township", "list").code == 0
    assert conn.execute("SELECT name FROM townships").fetchall() == [("仁和镇",)]


def test_newer_ledger_is_refused_untouched(sqlite_cli: CliRunner, sqlite_url: str) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = Path(sqlite_url).read_bytes()
    result = sqlite_cli("stock")
    assert result.code == 4
    assert "written by a newer reliefctl (schema 99" in result.err
    assert Path(sqlite_url).read_bytes() == before
