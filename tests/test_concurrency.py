"""Two clerks at once, the nightly job mid-read, a writer killed mid-transaction: real processes.

* Ten ``reliefctl ship`` processes released together against stock for only some of them: the
  ones that fit succeed, the others are refused as out of stock, none sees "database is locked",
  stock never goes negative and the ledger verifies.
* A ``ship`` while a long reader (the nightly export) holds its snapshot succeeds at once, and
  the reader keeps seeing the ledger as it was when it started.
* A writer that holds the lock past the busy timeout makes ``ship`` give up with exit 3.
* A bulk write (20,000 shipments in one transaction, as an import posts them) SIGKILLed in
  each phase (posting, inserting, between the inserts and COMMIT, racing COMMIT), and
  ``reliefctl import`` SIGKILLed at several points of its run, leave all of it or none of it,
  and ``verify`` passes after each kill.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import CliRunner

pytestmark = pytest.mark.slow

#: A ``reliefctl`` process that has imported everything and waits for one byte on stdin before
#: running the command line it was given: ten of them can be released within a millisecond.
STARTER = textwrap.dedent(
    """
    import sys
    from reliefctl.cli.app import main
    import reliefctl.ledger.posting, reliefctl.db.schema  # what a recording command loads
    print("ready", file=sys.stderr, flush=True)
    sys.stdin.read(1)
    main(sys.argv[1:])
    """
)


def _env(db: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "RELIEFCTL_DB": db, "RELIEFCTL_OPERATOR": "tester", **extra}


def _popen(code: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stock(cli: CliRunner, item: str) -> tuple[int, str]:
    rows = json.loads(cli("stock", "--format", "json").out)
    row = next(r for r in rows if r["item"] == item)
    return row["qty"], row["value"]


def _stock_up(cli: CliRunner, *purchases: tuple[str, str]) -> None:
    """One township, one item (暖身贴), and purchases of it as (qty, total)."""
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("item", "add", "暖身贴", "--unit", "个").code == 0
    for qty, total in purchases:
        buy = ("buy", "--date", "2020-12-27", "--item", "暖身贴", "--qty", qty, "--total", total)
        assert cli(*buy).code == 0


@pytest.fixture
def stocked(cli: CliRunner) -> CliRunner:
    """One township, one item with 1,000 on hand (worth 300.00)."""
    _stock_up(cli, ("1000", "300"))
    return cli


def _reliefctl(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reliefctl", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ten_ship_processes_at_once(stocked: CliRunner, db_url: str) -> None:
    ship = ("ship", "--date", "2020-12-28", "--batch", "1", "--to", "高丽营镇")
    processes = [
        _popen(STARTER, *ship, "--item", "暖身贴=150", "--ref", f"DN-{n}", env=_env(db_url))
        for n in range(10)
    ]
    for process in processes:  # every process has imported and waits at the starting line
        assert process.stderr is not None
        assert process.stderr.readline() == "ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go")
        process.stdin.close()
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in processes]  # type: ignore[union-attr]
    succeeded = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert len(succeeded) == 6, results  # 6 × 150 = 900 of 1,000
    for _code, out, err in succeeded:
        assert out.startswith("S-") and "recorded" in out and err == ""
    for code, out, err in refused:
        assert code == 1, err
        assert out == ""
        assert err.startswith("reliefctl: error: not enough 暖身贴: 100 个 on hand on 2020-12-28")
        assert err.count("\n") == 1
    assert not any("locked" in err or "busy" in err for _, _, err in results)
    assert _stock(stocked, "暖身贴") == (100, "30.00")
    ids = sorted(out.split()[0] for _, out, _ in succeeded)
    assert ids == [f"S-{n:06d}" for n in range(1, 7)]  # one chain, no fork, no gap
    assert stocked("verify").code == 0


SHIP_100 = (
    "ship",
    "--date",
    "2020-12-28",
    "--batch",
    "1",
    "--to",
    "高丽营镇",
    "--item",
    "暖身贴=100",
)

READER = textwrap.dedent(
    """
    import sys
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import resolve
    ledger = open_ledger(resolve(None))
    with ledger.snapshot():
        before = ledger.scalar("SELECT COUNT(*) FROM shipment_lines")
        print("reading", before, flush=True)
        sys.stdin.readline()  # the export is "still writing its file"
        after = ledger.scalar("SELECT COUNT(*) FROM shipment_lines")
        print("done", after, flush=True)
    ledger.close()
    """
)


@contextmanager
def held(process: subprocess.Popen[str], ready: str) -> Iterator[str]:
    """Wait until ``process`` prints ``ready``; yield that line; then let it finish."""
    assert process.stdout is not None and process.stdin is not None
    line = process.stdout.readline()
    assert line.startswith(ready), (line, process.stderr.read() if process.stderr else "")
    try:
        yield line
    finally:
        process.stdin.write("\n")
        process.stdin.flush()


def test_ship_while_an_export_is_reading(stocked: CliRunner, db_url: str) -> None:
    # A short busy timeout: if the reader blocked the writer, ship would fail within 2 s.
    env = _env(db_url, RELIEFCTL_BUSY_TIMEOUT="2")
    reader = _popen(READER, env=env)
    with held(reader, "reading") as line:
        assert line.split() == ["reading", "0"]
        started = time.monotonic()
        shipped = _reliefctl(*SHIP_100, env=env)
        assert shipped.returncode == 0, shipped.stderr
        assert shipped.stdout.startswith("S-000001 recorded")
        assert time.monotonic() - started < 10
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert out.split() == ["done", "0"]  # the reader's snapshot never saw the new shipment
    assert _stock(stocked, "暖身贴") == (900, "270.00")
    assert stocked("verify").code == 0


WRITER = textwrap.dedent(
    """
    import sys
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import resolve
    ledger = open_ledger(resolve(None))
    with ledger.write():
        print("locked", flush=True)
        sys.stdin.readline()
    ledger.close()
    """
)


def test_ship_gives_up_with_busy_when_a_writer_holds_the_lock(
    stocked: CliRunner, db_url: str
) -> None:
    env = _env(db_url, RELIEFCTL_BUSY_TIMEOUT="1")
    writer = _popen(WRITER, env=env)
    with held(writer, "locked"):
        shipped = _reliefctl(*SHIP_100, env=env)
    writer.communicate(timeout=60)
    assert shipped.returncode == 3, shipped.stderr
    assert shipped.stderr.count("\n") == 1 and "busy" in shipped.stderr
    assert "Traceback" not in shipped.stderr
    assert _stock(stocked, "暖身贴") == (1000, "300.00")


#: Entries the bulk writer posts in one transaction (fewer on PostgreSQL, whose round trips
#: make it slower; the property is the same).
BULK = {"sqlite": 20_000, "postgresql": 5_000}

#: Posts that many shipments in one transaction through the core API, as ``reliefctl import`` does,
#: announcing each phase so the test can kill it there.
BULK_WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import resolve
    from reliefctl.ledger.posting import ShipmentRequest, post

    def say(word):
        print(word, flush=True)

    def action(poster):
        say("begun")
        for n in range(int(sys.argv[2])):
            poster.ship(ShipmentRequest(date(2020, 12, 28), "1", "高丽营镇", [("暖身贴", 1)]))
        say("flushing")
        poster.flush()
        say("flushed")
        time.sleep(float(sys.argv[1]))  # between the last INSERT and COMMIT
        say("committing")  # post() commits as soon as this returns

    ledger = open_ledger(resolve(None))
    post(ledger, action)
    say("committed")
    """
)


def _count_shipments(cli: CliRunner) -> int:
    """Shipments of one 暖身贴 each recorded so far (20,000 were bought)."""
    qty, _value = _stock(cli, "暖身贴")
    return 20_000 - qty


def test_a_killed_bulk_write_leaves_all_or_nothing(cli: CliRunner, db_url: str) -> None:
    bulk = str(BULK["postgresql" if db_url.startswith("postgresql") else "sqlite"])
    _stock_up(cli, ("2万", "2000"))
    # (phase announced, seconds after it) at which the writer is killed: at the start of the
    # transaction, while posting, while the INSERTs run, after them but before COMMIT, and
    # racing the COMMIT itself (last, since then either outcome is right).
    kill_points = [("begun", 0.3), ("flushing", 0.05), ("flushing", 0.4), ("flushed", 0.1)]
    kill_points += [("committing", 0.0)]
    for phase, delay in kill_points:
        writer = _popen(BULK_WRITER, "0.5", bulk, env=_env(db_url))
        assert writer.stdout is not None
        while True:
            line = writer.stdout.readline()
            assert line, (phase, writer.stderr.read() if writer.stderr else "")
            if line.strip() == phase:
                break
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=60)
        assert writer.returncode == -signal.SIGKILL
        shipped = _count_shipments(cli)
        if phase == "committing":
            assert shipped in (0, int(bulk))
        else:
            assert shipped == 0, (phase, delay)
        assert cli("verify").code == 0, (phase, delay)
    if shipped == 0:
        writer = _popen(BULK_WRITER, "0", bulk, env=_env(db_url))
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert out.split()[-1] == "committed"
    assert _count_shipments(cli) == int(bulk)
    # init's settings entry (L-000001), the stock-up, and the bulk write
    assert len(json.loads(cli("log", "--format", "json").out)) == 4 + int(bulk)
    result = cli("verify")
    assert result.code == 0, result.out


def test_ship_while_reliefctl_export_runs(cli: CliRunner, db_url: str, tmp_path: Path) -> None:
    """The real nightly export, on a ledger big enough to take seconds, and clerks shipping one
    delivery after another the whole time: every ship succeeds at once (a 2 s busy timeout
    would fail it otherwise), the export succeeds, the ledger verifies."""
    _stock_up(cli, ("2万", "2000"), ("100", "10"))
    filled = subprocess.run(
        [sys.executable, "-c", BULK_WRITER, "0", "20000"],
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert filled.returncode == 0, filled.stderr
    env = _env(db_url, RELIEFCTL_BUSY_TIMEOUT="2")
    out = tmp_path / "relief.xlsx"
    export = subprocess.Popen(
        [sys.executable, "-m", "reliefctl", "export", "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    during = 0
    while export.poll() is None:
        shipped = _reliefctl(*SHIP_100[:-1], "暖身贴=1", env=env)
        assert shipped.returncode == 0, shipped.stderr
        during += export.poll() is None
    _, err = export.communicate(timeout=60)
    assert export.returncode == 0, err
    assert out.stat().st_size > 0
    assert during >= 1, "no ship ran while the export was running"
    assert cli("verify").code == 0


def test_a_killed_reliefctl_import_leaves_all_or_nothing(
    cli: CliRunner, db_url: str, tmp_path: Path
) -> None:
    """The real import, killed at fractions of the time a dry run of the same file takes (so
    the kills spread over reading, checking, inserting and committing on any machine)."""
    rows = 4_000 if db_url.startswith("postgresql") else 10_000
    _stock_up(cli, ("2万", "2000"))
    sheet = tmp_path / "shipments.csv"
    lines = ["date,batch,to,item,qty,people,group,ref,note"]
    lines += [f"2020-12-28,1,高丽营镇,暖身贴,1,1,,DN-{n}," for n in range(rows)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = ("import", str(sheet), "--kind", "shipments")
    started = time.monotonic()
    dry = _reliefctl(*command, "--dry-run", env=_env(db_url))
    assert dry.returncode == 0, dry.stderr
    duration = time.monotonic() - started
    shipped = 0
    for fraction in (0.2, 0.4, 0.6, 0.8, 0.95, 1.0):
        importer = subprocess.Popen(
            [sys.executable, "-m", "reliefctl", *command],
            env=_env(db_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(duration * fraction)
        importer.send_signal(signal.SIGKILL)
        importer.communicate(timeout=60)
        shipped = _count_shipments(cli)
        assert shipped in (0, rows), (fraction, shipped)
        if fraction == 0.2:  # well before any COMMIT: nothing
            assert shipped == 0
        result = cli("verify")
        assert result.code == 0, (fraction, result.out)
    if shipped == 0:
        done = _reliefctl(*command, env=_env(db_url))
        assert done.returncode == 0, done.stderr
    assert _count_shipments(cli) == rows
    assert cli("verify").code == 0
