"""PostgreSQL beside SQLite: the report benchmark and recording throughput (issue 6, README
"Performance").

Usage::

    .venv/bin/python bench/pg_bench.py                          # starts its own cluster
    .venv/bin/python bench/pg_bench.py --lines 100000 --seconds 5
    .venv/bin/python bench/pg_bench.py --pg-url postgresql+psycopg://USER:PW@HOST/DB

1. **Report.** The synthetic ledger of ``bench/report_bench.py`` (``--lines`` shipment lines,
   built once and cached under ``bench/out/``) is copied into PostgreSQL with
   ``reliefctl copy`` (timed), then ``reliefctl report --format json`` runs as a whole process
   on each backend, interleaved, ``--repeat`` times after a warm-up (median wall time, peak
   RSS). The two outputs must be byte for byte the same.
2. **Recording throughput.** For 1, 4 and 16 concurrent client processes, each client records
   shipments in a loop for ``--seconds`` against one shared item: open the ledger, one write
   transaction (the writers' lock, stock check, valuation, hash chain, INSERTs, COMMIT), close —
   everything ``reliefctl ship`` does after interpreter start-up. Shipments per second = all
   committed shipments / wall time. The same on a SQLite file (WAL, ``synchronous=FULL``) in the
   same folder (same disk) as the cluster's data. Every ledger must then hold exactly the
   shipments counted, its stock must be exact, and ``reliefctl verify`` must pass. For reference,
   whole ``reliefctl ship`` processes one after another (start-up included).

Without ``--pg-url`` a throwaway cluster is started (like ``.ci/run``'s, but with PostgreSQL's
durable defaults: ``fsync`` and ``synchronous_commit`` on, so the comparison with SQLite's
``synchronous=FULL`` is fair) and removed at the end.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report_bench import TIME, build, run  # noqa: E402 - after the path is set

BIN = Path(sys.executable).parent
RELIEFCTL = str(BIN / "reliefctl")
CLIENTS = (1, 4, 16)
STOCK = 100_000_000

#: One client: imports and warms everything a write touches, says "ready", reads the start and
#: end times from stdin, then records shipments until the end time; prints how many it recorded
#: and when the last one committed.
CLIENT = """
import sys, time
from datetime import date
from reliefctl.db.connect import open_ledger
from reliefctl.db.url import resolve
from reliefctl.db.writer import insert_sql
from reliefctl.ledger.posting import ShipmentRequest, post

location = resolve(sys.argv[1])
for table in ("entries", "shipment_lines", "batches"):
    insert_sql(table, location.dialect)
open_ledger(location).close()
request = ShipmentRequest(date(2021, 1, 5), "1", "高丽营镇", [("暖身贴", 1)], people=1)
print("ready", flush=True)
start, end = (float(value) for value in sys.stdin.readline().split())
time.sleep(max(0.0, start - time.time()))
done, last = 0, start
while time.time() < end:
    ledger = open_ledger(location)
    try:
        post(ledger, lambda poster: poster.ship(request))
    finally:
        ledger.close()
    done += 1
    last = time.time()
print(done, last, flush=True)
"""


def with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def reliefctl(db: str, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [RELIEFCTL, "--db", db, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "RELIEFCTL_OPERATOR": "bench", **(env or {})},
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"reliefctl {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc.stdout


# --- a throwaway cluster ------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = shutil.which("pg_ctl")
    candidates = [Path(os.path.realpath(found)).parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for directory in candidates:
        if all((directory / tool).exists() for tool in ("pg_ctl", "initdb", "psql")):
            return directory
    raise SystemExit("PostgreSQL is not installed: apt-get install -y postgresql (or --pg-url)")


@contextmanager
def cluster(workdir: Path) -> Iterator[str]:
    """A PostgreSQL cluster in ``workdir`` on a free loopback port, durable defaults; its URL."""
    pg_bin = _pg_bin()
    data = workdir / "pgdata"
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to postgres
        shutil.chown(workdir, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]

    def as_owner(*argv: str, stdin: str | None = None) -> None:
        subprocess.run(
            [*prefix, *argv], cwd=workdir, input=stdin, text=True, check=True, capture_output=True
        )

    as_owner(
        str(pg_bin / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={workdir}"
    log = workdir / "server.log"
    as_owner(str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
    password = uuid.uuid4().hex
    try:
        as_owner(
            str(pg_bin / "psql"),
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            str(workdir),
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            stdin=f"CREATE ROLE bench LOGIN PASSWORD '{password}';\n"
            "CREATE DATABASE bench OWNER bench ENCODING 'UTF8' TEMPLATE template0;\n",
        )
        yield f"postgresql+psycopg://bench:{password}@127.0.0.1:{port}/bench"
    finally:
        as_owner(str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")


def fresh_schema(url: str, schema: str) -> str:
    import psycopg

    with psycopg.connect(plain(url), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    return with_schema(url, schema)


# --- 1. the report -------------------------------------------------------------------------------


@dataclass
class ReportFigures:
    lines: int
    entries: int
    copy_s: float
    sqlite_s: float
    pg_s: float
    sqlite_mb: float
    pg_mb: float


def report_bench(pg_url: str, lines: int, repeat: int) -> ReportFigures:
    ledger, _flat = build(lines)
    target = fresh_schema(pg_url, f"bench_report_{lines}")
    started = time.perf_counter()
    out = reliefctl(str(ledger), "copy", "--to", target, "--no-verify")
    copy_s = time.perf_counter() - started
    entries = int(out.split("copied ", 1)[1].split(" ", 1)[0].replace(",", ""))
    argv = {
        "sqlite": [RELIEFCTL, "--db", str(ledger), "report", "--format", "json"],
        "postgresql": [RELIEFCTL, "--db", target, "report", "--format", "json"],
    }
    first = {name: run(cmd) for name, cmd in argv.items()}  # warm-up, and the outputs
    if first["sqlite"].out != first["postgresql"].out:
        raise SystemExit("the report differs between SQLite and PostgreSQL")
    json.loads(first["sqlite"].out)
    runs: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    rss: dict[str, int] = {"sqlite": 0, "postgresql": 0}
    for _ in range(repeat):
        for name, cmd in argv.items():
            measured = run(cmd)
            runs[name].append(measured.seconds)
            rss[name] = max(rss[name], measured.max_rss_kb)
    return ReportFigures(
        lines,
        entries,
        copy_s,
        statistics.median(runs["sqlite"]),
        statistics.median(runs["postgresql"]),
        rss["sqlite"] / 1024,
        rss["postgresql"] / 1024,
    )


# --- 2. recording throughput ------------------------------------------------------------------


def prepare(db: str) -> None:
    for args in (
        ("init",),
        ("township", "add", "高丽营镇"),
        ("item", "add", "暖身贴", "--unit", "个"),
        (
            "buy",
            "--date",
            "2021-01-01",
            "--item",
            "暖身贴",
            "--qty",
            str(STOCK),
            "--total",
            "1000000",
        ),
    ):
        reliefctl(db, *args)


def throughput(db: str, clients: int, seconds: float) -> float:
    """Shipments per second recorded by ``clients`` processes at once, checked afterwards."""
    prepare(db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLIENT, db],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "RELIEFCTL_OPERATOR": f"clerk-{n}", "RELIEFCTL_BUSY_TIMEOUT": "600"},
        )
        for n in range(clients)
    ]
    for proc in procs:  # every client warm before the clock starts
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"a client did not start: {proc.communicate()[1][-800:]}")
    start = time.time() + 0.5
    end = start + seconds
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(f"{start} {end}\n")
        proc.stdin.close()
    done, last = 0, start
    for proc in procs:
        assert proc.stdout is not None and proc.stderr is not None
        out = proc.stdout.read()
        err = proc.stderr.read()
        proc.wait(timeout=seconds + 600)
        fields = out.split()
        if proc.returncode != 0 or len(fields) != 2:
            raise SystemExit(f"a client failed ({proc.returncode}): {err[-800:]}")
        done += int(fields[0])
        last = max(last, float(fields[1]))
    stock = json.loads(reliefctl(db, "stock", "--format", "json"))[0]
    log = json.loads(reliefctl(db, "log", "--format", "json"))
    shipped = sum(1 for entry in log if entry["kind"] == "shipment")
    if stock["qty"] != STOCK - done or shipped != done:
        raise SystemExit(f"lost or extra shipments: counted {done}, the ledger holds {shipped}")
    reliefctl(db, "verify")
    return done / (last - start)


def whole_processes(db: str, count: int) -> float:
    """``reliefctl ship`` processes one after another, start-up included: shipments per second."""
    prepare(db)
    started = time.perf_counter()
    for n in range(count):
        reliefctl(
            db,
            "ship",
            "--date",
            "2021-01-05",
            "--batch",
            "1",
            "--to",
            "高丽营镇",
            "--item",
            "暖身贴=1",
            "--ref",
            f"DN-{n}",
        )
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg-url", help="use this PostgreSQL database instead of a new cluster")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()
    if not Path(TIME).exists():
        raise SystemExit("GNU time is needed for peak memory: apt-get install -y time")
    workdir = Path(tempfile.mkdtemp(prefix="reliefctl-pg-bench-"))
    try:
        context = cluster(workdir) if args.pg_url is None else _given(args.pg_url)
        with context as pg_url:
            if not args.skip_report:
                figures = report_bench(pg_url, args.lines, args.repeat)
                print(f"report, {figures.lines:,} shipment lines ({figures.entries:,} entries):")
                print(f"  reliefctl copy SQLite -> PostgreSQL:     {figures.copy_s:6.1f} s")
                print(
                    f"  report --format json on SQLite:          {figures.sqlite_s:6.3f} s, "
                    f"{figures.sqlite_mb:.0f} MB peak"
                )
                print(
                    f"  report --format json on PostgreSQL:      {figures.pg_s:6.3f} s, "
                    f"{figures.pg_mb:.0f} MB peak (same output)"
                )
            print(f"shipments recorded per second ({args.seconds:.0f} s per run, verified):")
            print("  clients   SQLite   PostgreSQL")
            for clients in CLIENTS:
                sqlite_db = str(workdir / f"throughput-{clients}.sqlite")
                pg_db = fresh_schema(pg_url, f"bench_tp_{clients}")
                rates = [throughput(db, clients, args.seconds) for db in (sqlite_db, pg_db)]
                print(f"  {clients:7d}   {rates[0]:6.1f}   {rates[1]:10.1f}", flush=True)
            sqlite_db = str(workdir / "processes.sqlite")
            pg_db = fresh_schema(pg_url, "bench_tp_processes")
            rates = [whole_processes(db, 10) for db in (sqlite_db, pg_db)]
            print(
                f"  whole `reliefctl ship` processes, one after another: {rates[0]:.1f} / ", end=""
            )
            print(f"{rates[1]:.1f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


if __name__ == "__main__":
    main()
