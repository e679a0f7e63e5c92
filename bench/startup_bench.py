"""What a clerk's command costs from start to finish, against the floor of "a Typer command that
records a row".

    .venv/bin/python bench/startup_bench.py [--repeat 15]

Whole processes, interleaved (each round runs every command once, in turn), median of
``--repeat`` rounds, wall time. The commands, on a small ledger (the DOMAIN.md operation):

* ``reliefctl ship`` (a delivery: parse, open, lock, check stock, value, chain, insert, commit),
* ``reliefctl township add`` (master data),
* ``reliefctl report`` (the default report, rendered as a table),

and the floor: a minimal Typer app (``typer`` imported, one command with two options) that
opens a SQLite file, begins a transaction, inserts one row and commits. The goal (issue 10):
``ship`` within 1.5× the floor. Printed as a table; ratios are what matter on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RELIEFCTL = [PYTHON, "-m", "reliefctl"]

FLOOR = textwrap.dedent(
    """
    import sqlite3
    import typer

    app = typer.Typer(add_completion=False)

    @app.command()
    def record(db: str = typer.Option(...), value: str = typer.Option(...)) -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", (value,))
        conn.execute("COMMIT")
        conn.close()
        print("recorded")

    app()
    """
)


def _load_sample(db: Path) -> None:
    env = {**os.environ, "RELIEFCTL_DB": str(db), "RELIEFCTL_OPERATOR": "bench"}
    subprocess.run(
        [PYTHON, str(ROOT / "data" / "sample" / "load.py")],
        env=env,
        check=True,
        capture_output=True,
    )
    # The sample delivers everything it bought: stock up so that every round can ship.
    buy = ["buy", "--date", "2021-01-06", "--item", "面包", "--qty", "1万", "--total", "8.5万"]
    subprocess.run([*RELIEFCTL, *buy], env=env, check=True, capture_output=True)


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reliefctl-startup-"))
    try:
        db = work / "ledger.sqlite"
        _load_sample(db)
        floor_db = work / "floor.sqlite"
        import sqlite3

        conn = sqlite3.connect(floor_db)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        conn.close()
        floor_script = work / "floor.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        env = {**os.environ, "RELIEFCTL_DB": str(db), "RELIEFCTL_OPERATOR": "bench"}
        runs: dict[str, list[float]] = {"floor": [], "ship": [], "township add": [], "report": []}
        for round_no in range(args.repeat):
            runs["floor"].append(
                _time([PYTHON, str(floor_script), "--db", str(floor_db), "--value", "x"], env)
            )
            runs["ship"].append(
                _time(
                    [
                        *RELIEFCTL,
                        "ship",
                        "--date",
                        "2021-01-06",
                        "--batch",
                        "9",
                        "--to",
                        "南彩镇",
                        "--item",
                        "面包=1",
                        "--people",
                        "1",
                    ],
                    env,
                )
            )
            runs["township add"].append(
                _time([*RELIEFCTL, "township", "add", f"镇{round_no}"], env)
            )
            runs["report"].append(_time([*RELIEFCTL, "report"], env))
        floor = statistics.median(runs["floor"])
        version = sys.version.split()[0]
        print(f"whole processes, median of {args.repeat}, interleaved (Python {version})")
        print(f"{'command':<16} {'median s':>9} {'× floor':>8}")
        for name, times in runs.items():
            median = statistics.median(times)
            print(f"{name:<16} {median:>9.3f} {median / floor:>8.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
