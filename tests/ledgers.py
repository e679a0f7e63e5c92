"""Helpers shared by the audit tests (verify, faults, hostile input, concurrency): ready-made
ledgers, a look at every table, and SQL run behind reliefctl's back."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from reliefctl.db.tables import TABLES

from .conftest import CliRunner, Result, domain_operation

#: Every table of a ledger, ``meta`` included.
ALL_TABLES: tuple[str, ...] = tuple(TABLES)


def in_process_cli(monkeypatch: pytest.MonkeyPatch, url: str) -> CliRunner:
    """Like the ``cli`` fixture's runner, without capsys (usable from session fixtures)."""
    from reliefctl.cli.app import main

    monkeypatch.setenv("RELIEFCTL_DB", url)
    monkeypatch.setenv("RELIEFCTL_OPERATOR", "tester")
    monkeypatch.setenv("COLUMNS", "120")

    def run(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = 0
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
        return Result(code, out.getvalue(), err.getvalue())

    return run


def audited_operation(cli: CliRunner) -> None:
    """The DOMAIN.md operation plus voids of a shipment, a grant and a purchase.

    Entries: M-000001..M-000017 master data, P-000001..P-000005 purchases, S-000001..S-000012
    shipments (S-000010..12 with four lines each), G-000001, P-000006 (10 面包), then
    V-000001 voids S-000012, V-000002 voids G-000001, V-000003 voids P-000006.
    """
    domain_operation(cli)
    buy = ("buy", "--date", "2021-01-06", "--item", "面包", "--qty", "10", "--total", "85")
    assert cli(*buy).code == 0
    for entry in ("S-000012", "G-000001", "P-000006"):
        result = cli("void", entry, "--reason", "录入错误")
        assert result.code == 0, result.err


def build_template(
    factory: pytest.TempPathFactory, name: str, setup: Callable[[CliRunner], None]
) -> Path:
    """A SQLite ledger made by ``setup`` through the CLI, for tests to copy (see the
    ``audited_template`` fixture)."""
    path = factory.mktemp("template") / f"{name}.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        run = in_process_cli(patch, str(path))
        assert run("init").code == 0
        setup(run)
    assert not Path(f"{path}-wal").exists()  # every connection closed: one self-contained file
    return path


def fill_every_table(cli: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a ledger holding ``stock_operation``, one row more in each table of issues 13 and 16:
    a pack, a kit assembled at the warehouse, and a grant to two named persons."""
    from .recipients_data import workers

    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(folder / "person.key"))
    listed = str(workers(folder / "list.csv", range(2)))
    grant = ("grant", "--date", "2021-01-05", "--to", "高丽营镇", "--fund", "防疫专项资金")
    for args in (
        ("item", "pack", "酸奶", "箱", "--size", "12"),
        ("kit", "add", "早餐包", "--unit", "份", "--component", "酸奶=1", "--component", "面包=2"),
        ("assemble", "早餐包=10", "--date", "2021-01-07", "--at", "仓库"),
        ("key", "init"),
        (*grant, "--recipients", listed, "--each", "100", "--purpose", "慰问金"),
    ):
        done = cli(*args)
        assert done.code == 0, (args, done.err)


def tamper(url: str, *statements: str) -> None:
    """Run SQL behind reliefctl's back, as someone with the database file (or a superuser)
    would: on SQLite the append-only triggers are dropped first and foreign keys are off; on
    PostgreSQL the session runs as a replica, which fires neither triggers nor foreign keys."""
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("SET session_replication_role = replica")
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]
        return
    conn = sqlite3.connect(url)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def dump(url: str, tables: tuple[str, ...] = ALL_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: equal before and after means unchanged."""
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            return {
                table: sorted(
                    (tuple(row) for row in conn.execute(f"SELECT * FROM {table}")),  # type: ignore[arg-type]
                    key=repr,
                )
                for table in tables
            }
    # A plain connection (not mode=ro): the last one to close checkpoints the WAL and removes
    # the -wal and -shm files, as reliefctl's own connections do; it only reads.
    conn = sqlite3.connect(url)
    try:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }
    finally:
        conn.close()


def _writable(path: Path) -> bool:
    """Whether this process can still write ``path`` (a file) or create files in it (a folder)."""
    try:
        if path.is_dir():
            probe = path / ".reliefctl-probe"
            probe.touch()
            probe.unlink()
        else:
            os.close(os.open(path, os.O_WRONLY))
    except OSError:
        return False
    return True


def run_ok(*command: str) -> bool:
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


@contextmanager
def unwritable(path: Path) -> Iterator[str]:
    """Make ``path`` unwritable for this process, even as root; yield how it was done."""
    tried: list[str] = []
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            if not _writable(path):
                yield "chmod a-w"
                return
            tried.append("chmod a-w (still writable)")
        finally:
            path.chmod(mode)
    if shutil.which("chattr") and run_ok("chattr", "+i", str(path)):
        try:
            if not _writable(path):
                yield "chattr +i"
                return
            tried.append("chattr +i (still writable)")
        finally:
            run_ok("chattr", "-i", str(path))
    else:
        tried.append("chattr +i (not available or refused)")
    if run_ok("mount", "--bind", str(path), str(path)):
        try:
            if run_ok("mount", "-o", "remount,bind,ro", str(path)) and not _writable(path):
                yield "read-only bind mount"
                return
            tried.append("read-only bind mount (still writable)")
        finally:
            run_ok("umount", str(path))
    else:
        tried.append("bind mount (not permitted)")
    pytest.skip(f"cannot make {path} unwritable here; tried: {'; '.join(tried)}")
