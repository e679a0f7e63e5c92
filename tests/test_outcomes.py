"""What happened is what is said: after COMMIT, reliefctl never says nothing was written.

Fault injection at the edges of a command: stdout closed, full or unable to show Chinese after
the entry is committed (exit 5, the entry named); COMMIT whose outcome cannot be known (exit 6,
"check with reliefctl log --ref"); SIGINT, SIGTERM and SIGHUP during an export or an import
(one line, 130/143/129, no temporary file anywhere, the previous file untouched); the nightly
folder's --keep; paths with every character a file name may hold; permissions kept.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from reliefctl.db import postgres as pg_backend
from reliefctl.db import sqlite as sqlite_backend

from .conftest import CliRunner, run_process
from .ledgers import dump, unwritable

pytestmark = pytest.mark.slow

SHIP = ("ship", "--date", "2020-12-31", "--batch", "3", "--to", "南彩镇", "--item", "面包=1")


def _shell(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m reliefctl`` run by bash, so the test can close or redirect stdout."""
    full = {**os.environ, "RELIEFCTL_OPERATOR": "tester", **env}
    return subprocess.run(
        ["bash", "-c", f"{sys.executable} -m reliefctl {command}"],
        capture_output=True,
        text=True,
        env=full,
        timeout=120,
        check=False,
    )


def _log_ids(url: str) -> list[str]:
    done = run_process("log", "--format", "json", env={"RELIEFCTL_DB": url})
    return [row["id"] for row in json.loads(done.stdout)]


# --- a confirmation that cannot be printed -----------------------------------------------------


@pytest.mark.parametrize(
    ("redirect", "env", "reason"),
    [
        (">&-", {}, ""),  # stdout closed
        ("> /dev/full", {}, "No space left on device"),
        ("", {"PYTHONIOENCODING": "ascii"}, "cannot show Chinese text"),
    ],
    ids=["closed", "full", "ascii"],
)
def test_a_recorded_entry_whose_confirmation_fails_says_it_was_recorded(
    audited_sqlite: CliRunner, sqlite_url: str, redirect: str, env: dict[str, str], reason: str
) -> None:
    line = " ".join(SHIP) + " --ref OUT-1 " + redirect
    done = _shell(line, {"RELIEFCTL_DB": sqlite_url, **env})
    assert done.returncode == 5, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("reliefctl: error: S-000013 recorded; only printing the")
    assert "do not record it again" in done.stderr and reason in done.stderr
    assert "nothing was written" not in done.stderr
    assert "S-000013" in _log_ids(sqlite_url)
    # Recording it again with the same ref is safe: nothing new.
    again = _shell(" ".join(SHIP) + " --ref OUT-1", {"RELIEFCTL_DB": sqlite_url})
    assert again.returncode == 0 and "nothing new was recorded" in again.stdout


def test_a_pipe_whose_reader_left_after_the_commit(
    audited_sqlite: CliRunner, sqlite_url: str
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "reliefctl", *SHIP, "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "RELIEFCTL_DB": sqlite_url, "RELIEFCTL_OPERATOR": "tester"},
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before anything is printed
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 5, err
    assert "S-000013 recorded; only printing" in err
    assert "S-000013" in _log_ids(sqlite_url)


def test_a_read_whose_output_fails_is_exit_4(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    done = _shell("stock > /dev/full", {"RELIEFCTL_DB": sqlite_url})
    assert done.returncode == 4
    assert done.stderr == (
        "reliefctl: error: could not print the output (No space left on device); nothing was "
        "written\n"
    )
    ascii_out = _shell("stock", {"RELIEFCTL_DB": sqlite_url, "PYTHONIOENCODING": "ascii"})
    assert ascii_out.returncode == 4 and "cannot show Chinese text" in ascii_out.stderr


# --- COMMIT whose outcome cannot be known ------------------------------------------------------


class _CommitThenFail:
    """A DB-API connection whose COMMIT succeeds and then reports an I/O error, as a lost
    connection or a failing disk sync can: the outcome cannot be known by the caller."""

    def __init__(self, raw: Any, error: Exception) -> None:
        self._raw = raw
        self._error = error

    def execute(self, sql: Any, *args: Any) -> Any:
        result = self._raw.execute(sql, *args)
        if str(sql).strip().upper() == "COMMIT":
            raise self._error
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def test_a_commit_whose_outcome_is_unknown_says_check_and_retry(
    db_url: str, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("township", "add", "南彩镇").code == 0
    assert cli("item", "add", "面包", "--unit", "袋").code == 0
    assert (
        cli("buy", "--date", "2020-12-30", "--item", "面包", "--qty", "5", "--total", "5").code == 0
    )
    with monkeypatch.context() as patch:
        if db_url.startswith("postgresql"):
            import psycopg

            real = pg_backend.connect

            def flaky(location: Any) -> Any:
                return _CommitThenFail(real(location), psycopg.OperationalError("server closed"))

            patch.setattr(pg_backend, "connect", flaky)
        else:
            real_file = sqlite_backend.connect_file

            def flaky_file(path: Any, location: Any, mode: str = "rw") -> Any:
                error = sqlite3.OperationalError("disk I/O error")
                return _CommitThenFail(real_file(path, location, mode), error)

            patch.setattr(sqlite_backend, "connect_file", flaky_file)
        result = cli(*SHIP, "--ref", "DN-9")
    assert result.code == 6, result.err
    assert result.err.count("\n") == 1
    assert "may have been recorded" in result.err
    assert (
        "check with: reliefctl log --ref DN-9 — re-running with the same --ref is safe"
        in result.err
    )
    again = cli(*SHIP, "--ref", "DN-9")
    assert again.code == 0 and "nothing new was recorded" in again.out
    assert cli("verify").code == 0


# --- signals -------------------------------------------------------------------------------------

#: A ledger big enough that an export takes seconds: 20,000 one-item shipments.
BIG = """
import sys
from datetime import date
from reliefctl.db.schema import init_ledger, open_ledger
from reliefctl.db.url import resolve
from reliefctl.ledger.posting import post
from reliefctl.ledger.requests import PurchaseRequest, ShipmentRequest

location = resolve(sys.argv[1])
init_ledger(location)
ledger = open_ledger(location)
post(ledger, lambda p: [p.add_township("高丽营镇"), p.add_item("暖身贴", "个")])
buy = PurchaseRequest(date(2020, 12, 27), "暖身贴", 40000, total_fen=400000)
post(ledger, lambda p: p.buy(buy))
def ship(poster):
    for _ in range(20000):
        poster.ship(ShipmentRequest(date(2020, 12, 28), "1", "高丽营镇", [("暖身贴", 1)], people=1))
post(ledger, ship)
ledger.close()
"""


@pytest.fixture(scope="session")
def big_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite"
    subprocess.run([sys.executable, "-c", BIG, str(path)], check=True, timeout=300)
    return path


def _wait_for_staging(folder: Path, process: subprocess.Popen[str]) -> None:
    """Until the export has begun writing (its staging folder exists beside the target)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in folder.iterdir()):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    raise AssertionError("the export never started writing")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code", "name"),
    [
        (signal.SIGTERM, 143, "SIGTERM"),
        (signal.SIGINT, 130, "Ctrl-C"),
        (signal.SIGHUP, 129, "SIGHUP"),
    ],
)
def test_a_signal_during_an_export_replaces_nothing_and_leaves_nothing(
    big_ledger: Path, tmp_path: Path, signum: int, code: int, name: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    scratch = tmp_path / "tmpdir"
    scratch.mkdir()
    target = folder / "nightly.xlsx"
    env = {**os.environ, "RELIEFCTL_DB": str(big_ledger), "TMPDIR": str(scratch)}
    first = subprocess.run(
        [sys.executable, "-m", "reliefctl", "export", "--out", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    before = target.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "reliefctl", "export", "--out", str(target)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_staging(folder, process)
    time.sleep(0.3)
    process.send_signal(signum)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err == (
        f"reliefctl: error: interrupted ({name}); nothing was written and {target} was not "
        "replaced\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["nightly.xlsx"]
    assert target.read_bytes() == before
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
def test_a_signal_during_an_import_writes_nothing(big_ledger: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "copy.sqlite"
    shutil.copyfile(big_ledger, ledger)
    rows = ["date,batch,to,item,qty,people,ref"]
    rows += [f"2020-12-29,2,高丽营镇,暖身贴,1,1,R-{n}" for n in range(15000)]
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = dump(str(ledger))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reliefctl",
            "import",
            str(tmp_path / "rows.csv"),
            "--kind",
            "shipments",
        ],
        env={**os.environ, "RELIEFCTL_DB": str(ledger)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    if process.returncode == 0:  # it finished first on a fast machine: then it all counts
        assert len(_log_ids(str(ledger))) == len(before["entries"]) + 15000
        return
    assert process.returncode == 143, err
    assert err == "reliefctl: error: interrupted (SIGTERM); nothing was written\n"
    assert dump(str(ledger)) == before


# --- the nightly folder: --keep ------------------------------------------------------------------


def test_keep_leaves_future_files_alone_and_never_deletes_todays(
    audited_sqlite: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "nightly"
    folder.mkdir()
    today = date.today()
    past = [today - timedelta(days=n) for n in (1, 2, 3)]
    future = today + timedelta(days=400)
    for day in [*past, future]:
        result = audited_sqlite(
            "export", "--out", str(folder / f"reliefctl-{day.isoformat()}.xlsx")
        )
        assert result.code == 0, result.err
    done = audited_sqlite("export", "--out-dir", str(folder), "--keep", "1")
    assert done.code == 0, done.err
    assert done.err == (
        f"reliefctl: warning: left alone 1 file dated after today ({today.isoformat()}), which "
        f"--keep does not count: reliefctl-{future.isoformat()}.xlsx\n"
    )
    names = sorted(p.name for p in folder.iterdir() if p.suffix == ".xlsx")
    assert names == [f"reliefctl-{today.isoformat()}.xlsx", f"reliefctl-{future.isoformat()}.xlsx"]


# --- paths are paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["a%20b", "问号?井号#", "空 格", "台账（2021）", "-leading-dash", "percent%"],
)
def test_any_file_name_works(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    ledger = folder / f"{name}.sqlite"
    env = {"RELIEFCTL_DB": str(ledger)}
    assert run_process("init", env=env).returncode == 0
    assert run_process(f"--db={ledger}", "township", "add", "南彩镇").returncode == 0
    assert ledger.exists()
    assert not (tmp_path / "a b").exists()  # a %20 is three characters, never a space
    listed = run_process("township", "list", "--format", "json", env=env)
    assert json.loads(listed.stdout) == [{"township": "南彩镇"}]
    out = folder / f"{name}.xlsx"
    assert run_process("export", "--out", str(out), env=env).returncode == 0
    assert out.exists()
    sheet = folder / f"-{name}.csv"
    sheet.write_text("date,item,qty,total\n", encoding="utf-8")
    imported = subprocess.run(
        [sys.executable, "-m", "reliefctl", "import", "--kind", "purchases", "--", sheet.name],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([ledger.name, out.name, sheet.name])


# --- outputs keep their permissions; read-only targets --------------------------------------------


def test_a_replaced_workbook_keeps_its_permissions(
    audited_sqlite: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "shared.xlsx"
    assert audited_sqlite("export", "--out", str(out)).code == 0
    out.chmod(0o640)
    assert audited_sqlite("export", "--out", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_read_only_target_is_exit_4_and_untouched(
    audited_sqlite: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "locked.xlsx"
    assert audited_sqlite("export", "--out", str(out)).code == 0
    before = out.read_bytes()
    with unwritable(out):
        result = audited_sqlite("export", "--out", str(out))
    assert result.code == 4, result.err
    assert result.err.count("\n") == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_export_works_with_a_missing_tmpdir(
    audited_sqlite: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scratch files go beside the target, never to $TMPDIR."""
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path / "no-such-tmpdir"))
    monkeypatch.setattr(tempfile, "tempdir", None)
    out = tmp_path / "ok.xlsx"
    result = audited_sqlite("export", "--out", str(out))
    assert result.code == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.sqlite", "ok.xlsx"]
