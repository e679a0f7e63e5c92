"""``reliefctl copy --to URL``: a whole ledger moved verbatim, verified on the target (issue 6).

The target is each backend in turn (``target_url``): SQLite always, PostgreSQL when
``RELIEFCTL_TEST_PG_URL`` is set; the round trip then comes back into a fresh SQLite file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from reliefctl.db.schema import open_ledger
from reliefctl.db.tables import TABLES
from reliefctl.db.url import resolve
from reliefctl.ledger.copy import REFERENCE_TABLES, table_specs

from .conftest import CliRunner, Result, _make_cli


@pytest.fixture(params=["sqlite", "postgresql"])
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the copy goes (not yet a ledger), on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "target.sqlite")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def source(domain_sqlite: CliRunner) -> CliRunner:
    """The DOMAIN.md operation on SQLite, with a void, a top-up and a later-dated entry."""
    sqlite_cli = domain_sqlite
    assert sqlite_cli("void", "S-000003", "--reason", "录入重复").code == 0
    assert (
        sqlite_cli("fund", "topup", "防疫专项资金", "--amount", "50万", "--note", "追加").code == 0
    )
    return sqlite_cli


def _on(run: CliRunner, url: str) -> CliRunner:
    def on(*args: str) -> Result:
        return run("--db", url, *args)

    return on


#: Where ``hash`` stands among the columns of ``entries`` (late columns follow it).
HASH_AT = TABLES["entries"]["columns"].index("hash")


def _dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    ledger = open_ledger(resolve(url))
    try:
        return {
            spec.name: ledger.query(
                f"SELECT {', '.join(spec.columns)} FROM {spec.name} ORDER BY {', '.join(spec.key)}"
            )
            for spec in table_specs()
        }
    finally:
        ledger.close()


def _views(on: CliRunner) -> list[str]:
    outputs = []
    for args in (
        ("stock", "--format", "json"),
        ("funds", "--format", "json"),
        ("log", "--format", "json"),
        ("stock",),
        ("funds",),
        ("report", "--format", "json"),
    ):
        result = on(*args)
        if args[0] == "report" and result.code == 2 and "No such command" in result.err:
            continue  # the report command is not in this tree yet
        assert result.code == 0, (args, result.err)
        outputs.append(result.out)
    return outputs


def test_round_trip_keeps_every_row_and_every_figure(
    source: CliRunner, sqlite_url: str, target_url: str, tmp_path: Path
) -> None:
    back = str(tmp_path / "back.sqlite")
    original = _dump(sqlite_url)
    assert original["entries"] and original["shipment_lines"]
    result = source("copy", "--to", target_url)
    assert result.code == 0, result.err
    assert f"copied {len(original['entries'])} entries" in result.out
    assert "(a new ledger)" in result.out
    assert "verify passed" in result.out and original["entries"][-1][HASH_AT] in result.out
    result = _on(source, target_url)("copy", "--to", back)
    assert result.code == 0, result.err
    assert _dump(target_url) == original
    assert _dump(back) == original
    expected = _views(source)
    assert _views(_on(source, target_url)) == expected
    assert _views(_on(source, back)) == expected
    for url in (target_url, back):
        assert _on(source, url)("verify").code == 0
    # The copy is a working ledger: the next entry extends the copied chain.
    on_copy = _on(source, target_url)
    result = on_copy(
        "ship", "--date", "2021-01-06", "--batch", "4", "--to", "南彩镇", "--item", "暖身贴=10"
    )
    assert result.code == 0, result.err
    assert "S-000013" in result.out
    assert on_copy("verify").code == 0


def test_a_non_empty_target_is_refused_and_left_unchanged(
    source: CliRunner, target_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _on(source, target_url)
    assert target("init").code == 0
    assert target("township", "add", "高丽营镇").code == 0
    before = _dump(target_url)
    result = source("copy", "--to", target_url)
    assert result.code == 1
    assert "already holds a ledger (2 entries)" in result.err
    assert len(result.err.splitlines()) == 1
    assert _dump(target_url) == before


def test_copy_into_an_empty_existing_ledger_and_not_onto_itself(
    source: CliRunner, sqlite_url: str, target_url: str
) -> None:
    from reliefctl.db.schema import init_ledger
    from reliefctl.db.url import resolve

    assert init_ledger(resolve(target_url))  # the tables alone, as data/schema.sql makes them
    result = source("copy", "--to", target_url, "--no-verify")
    assert result.code == 0, result.err
    assert "(a new ledger)" not in result.out and "verify" not in result.out
    result = source("copy", "--to", sqlite_url)
    assert result.code == 2
    assert "the ledger being copied" in result.err


def test_a_target_made_by_init_is_refused_naming_its_settings_entry(
    source: CliRunner, target_url: str
) -> None:
    """``init`` records the new ledger's settings (L-000001): a copy keeps the source's own, so
    it goes where there is no ledger yet, and says so."""
    target = _on(source, target_url)
    assert target("init", "--tz", "Asia/Shanghai").code == 0
    before = _dump(target_url)
    result = source("copy", "--to", target_url)
    assert result.code == 1
    assert "was made by reliefctl init (it holds its settings entry L-000001)" in result.err
    assert len(result.err.splitlines()) == 1
    assert _dump(target_url) == before


def test_a_source_with_a_broken_chain_is_not_copied(
    source: CliRunner, sqlite_url: str, target_url: str
) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET prev_hash = ? WHERE seq = 20", ("0" * 64,))
    conn.commit()
    conn.close()
    result = source("copy", "--to", target_url)
    assert result.code == 1
    assert "hash chain is broken at" in result.err and "nothing was copied" in result.err
    assert _dump(target_url)["entries"] == []


def test_a_copy_that_does_not_verify_says_so(
    source: CliRunner, sqlite_url: str, target_url: str
) -> None:
    conn = sqlite3.connect(sqlite_url)
    conn.execute("DROP TRIGGER shipment_lines_no_update")
    conn.execute("UPDATE shipment_lines SET qty = qty + 1 WHERE entry_id = 'S-000001'")
    conn.commit()
    conn.close()
    result = source("copy", "--to", target_url)
    assert result.code == 1
    assert "does not verify" in result.err
    assert "S-000001" in result.out


def test_progress_is_shown_for_large_tables_only(capsys: pytest.CaptureFixture[str]) -> None:
    from reliefctl.cli.copy import _TerminalProgress

    progress = _TerminalProgress(threshold=100)
    progress("entries", 0, 50)
    progress("entries", 50, 50)
    progress.note("hidden")
    assert capsys.readouterr().err == ""
    progress("shipment_lines", 100, 200)
    progress("shipment_lines", 200, 200)
    progress.note("verifying")
    err = capsys.readouterr().err
    assert "\rcopying shipment_lines: 100 / 200 rows (50%)" in err
    assert err.endswith("200 / 200 rows (100%)\nverifying\n")


def test_a_missing_source_is_refused_and_no_target_is_made(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    run = _make_cli(monkeypatch, capsys, sqlite_url)
    target = Path(sqlite_url).with_name("x.sqlite")
    result = run("copy", "--to", str(target))
    assert result.code == 4
    assert "no ledger at" in result.err
    assert not target.exists()


def test_a_postgresql_copy_has_exactly_the_schema_init_makes(
    source: CliRunner, pg_url: str
) -> None:
    """The copy drops and re-adds the foreign keys for speed: they must come back identical."""
    import os
    import uuid

    import psycopg

    from .conftest import PG_URL_ENV, _pg_schema_url
    from .test_postgres import _catalog

    assert source("copy", "--to", pg_url, "--no-verify").code == 0
    plain = os.environ[PG_URL_ENV].replace("postgresql+psycopg://", "postgresql://")
    copied = pg_url.rsplit("search_path%3D", 1)[1]
    fresh = "i_" + uuid.uuid4().hex[:12]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {fresh}")
        try:
            assert source("--db", _pg_schema_url(os.environ[PG_URL_ENV], fresh), "init").code == 0
            conn.execute("SET search_path = pg_catalog")
            assert _catalog(conn, copied) == _catalog(conn, fresh)
        finally:
            conn.execute(f"DROP SCHEMA {fresh} CASCADE")


def test_a_row_that_breaks_a_foreign_key_fails_the_whole_copy(
    source: CliRunner, sqlite_url: str, target_url: str
) -> None:
    conn = sqlite3.connect(sqlite_url)  # the sqlite3 shell's default: foreign keys off
    conn.execute("DROP TRIGGER shipment_lines_no_update")
    conn.execute("UPDATE shipment_lines SET item_id = 999 WHERE entry_id = 'S-000001'")
    conn.commit()
    conn.close()
    result = source("copy", "--to", target_url)
    assert result.code == 4
    assert "constraints" in result.err and len(result.err.splitlines()) == 1
    assert all(
        rows == [] for table, rows in _dump(target_url).items() if table not in REFERENCE_TABLES
    )
