"""How fast is ``reliefctl report`` against the physical limit? (issue 3, README "Performance")

Usage::

    .venv/bin/python bench/report_bench.py                 # 1,000,000 shipment lines
    .venv/bin/python bench/report_bench.py --lines 100000 --repeat 3

1. Builds (once; cached under ``bench/out/``) a deterministic synthetic ledger with ``--lines``
   shipment lines, plus purchases and grants in proportion: 30 townships, 200 units, 50 items,
   3 funds, 6 beneficiary groups, 100 batches over two years, and ~0.5% of shipments and grants
   voided. The ledger is created by ``reliefctl init`` and filled directly with sqlite3
   ``executemany`` (far faster than posting entry by entry), but every entry is what posting
   would have written: real hash chain (``reliefctl.ledger.chain.entry_hash``), moving-average
   valuation with the last unit taking what remains, stock never negative in date order, voids
   as reversal rows with the original date, batches and groups opened by their first entry.
   Beside it, the same shipment lines go into one flat table (batch, township, value, people)
   in a separate file, without an index.
2. Times, as whole processes, interleaved ``--repeat`` times after one warm-up each (median):
   (a) ``reliefctl --db LEDGER report --format json``;
   (b) the raw baseline: ``SELECT batch, township, SUM(value), SUM(people) FROM flat
       GROUP BY batch, township`` through the ``sqlite3`` shell;
   (c) ``reliefctl --version``: interpreter and CLI start-up alone, for reference.
   Peak memory (max RSS) is read per process with ``os.wait4``.
3. With ``--small-lines`` (default 100,000) it also measures the report's peak memory on a
   smaller ledger, to show memory does not grow with the ledger's size.
4. Checks the report against the flat table (goods value and person-times to the fen) and the
   reconciliation goods delivered + stock on hand = purchases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, GENESIS_HASH, entry_hash
from reliefctl.ledger.chain import INSERT_ORDER as CHAIN_INSERT_ORDER

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
RELIEFCTL = BIN / "reliefctl"
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"
TIME = "/usr/bin/time"  # GNU time, for each process's own peak memory (apt-get install time)

#: Other report shapes timed once the main comparison is done (for the README).
EXTRAS: tuple[tuple[str, ...], ...] = (
    ("--since", "2021-01-01"),
    ("--since", "2020-07-01", "--until", "2020-09-30"),
    ("--pivot",),
    ("--by", "item"),
    ("--by", "fund"),
    ("--by", "group"),
    ("--by", "month"),
)
RAW_QUERY = "SELECT batch, township, SUM(value), SUM(people) FROM flat GROUP BY batch, township;"

TOWNSHIPS = 30
UNITS = 200
ITEMS = 50
FUNDS = 3
GROUPS = 6
BATCHES = 100
DAYS = 730
START = 737425  # date(2020, 1, 1).toordinal()
SEED = 20201228
CHUNK_ENTRIES = 20_000
ENTRY_COLUMNS = (*ENTRY_FIELDS, "hash")


def iso(ordinal: int) -> str:
    from datetime import date

    return date.fromordinal(ordinal).isoformat()


@dataclass
class Book:
    qty: int = 0
    value: int = 0

    def value_out(self, qty: int) -> int:
        """Exactly ``Poster._value_out``: moving average, half up; the last unit takes the rest."""
        if qty >= self.qty:
            return self.value
        return (2 * self.value * qty + self.qty) // (2 * self.qty)


@dataclass
class Synth:
    """Generates the entries of the synthetic ledger in date order, chained by hash."""

    lines_target: int
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    seq: int = 0
    head: str = GENESIS_HASH
    kind_no: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    flat: list[tuple[int, int, int, int]] = field(default_factory=list)
    lines_written: int = 0
    entries: int = 0

    def entry(
        self,
        kind: str,
        day: str,
        rows: dict[str, list[dict[str, Any]]],
        ref: str | None = None,
        note: str | None = None,
    ) -> str:
        self.seq += 1
        number = self.kind_no.get(kind, 0) + 1
        self.kind_no[kind] = number
        entry_id = f"{kind}-{number:06d}"
        header: dict[str, Any] = {
            "seq": self.seq,
            "id": entry_id,
            "kind": kind,
            "kind_no": number,
            "event_date": day,
            "recorded_at": f"{day}T18:00:00+08:00",
            "operator": "bench",
            "ref": ref,
            "note": note,
            "prev_hash": self.head,
        }
        for table_rows in rows.values():
            for row in table_rows:
                if "entry_id" in row and row["entry_id"] is None:
                    row["entry_id"] = entry_id
        header["hash"] = self.head = entry_hash(header, rows)
        self.rows.setdefault("entries", []).append(tuple(header[c] for c in ENTRY_COLUMNS))
        for table, table_rows in rows.items():
            columns = ENTRY_ROW_TABLES[table][0]
            self.rows.setdefault(table, []).extend(
                tuple(row[c] for c in columns) for row in table_rows
            )
        self.entries += 1
        return entry_id

    def take(self) -> dict[str, list[tuple[Any, ...]]]:
        taken, self.rows = self.rows, {}
        return taken

    def generate(self) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
        rng = self.rng
        first = iso(START)
        # Master data, one entry each, as `township add`, `unit add`, `item add`, `fund add`.
        for t in range(1, TOWNSHIPS + 1):
            row = {"id": t, "name": f"镇{t:02d}", "entry_id": None}
            self.entry("M", first, {"townships": [row]})
        unit_town: dict[int, int] = {}
        for u in range(1, UNITS + 1):
            unit_town[u] = rng.randint(1, TOWNSHIPS)
            row = {"id": u, "name": f"单位{u:03d}", "township_id": unit_town[u], "entry_id": None}
            self.entry("M", first, {"units": [row]})
        for i in range(1, ITEMS + 1):
            row = {"id": i, "name": f"物资{i:02d}", "unit": "件", "entry_id": None}
            self.entry("M", first, {"items": [row]})
        for f in range(1, FUNDS + 1):
            fund = {"id": f, "name": f"资金{f}", "entry_id": None}
            budget = {"entry_id": None, "fund_id": f, "amount_fen": 10**15}
            self.entry("M", first, {"funds": [fund], "fund_budgets": [budget]})

        books = {i: Book() for i in range(1, ITEMS + 1)}
        price = {i: rng.randint(10, 5000) for i in range(1, ITEMS + 1)}  # fen per unit
        opened_batches: set[int] = set()
        opened_groups: set[int] = set()
        recent_ships: list[tuple[str, list[dict[str, Any]]]] = []
        recent_grants: list[tuple[str, dict[str, Any]]] = []
        voided: set[str] = set()
        # 2.5 lines per shipment on average, plus ~0.5% reversal lines; aim a little high and
        # stop at the target, so the last days may be quiet.
        ships_per_day = self.lines_target / 2.4 / DAYS

        def opener(
            table: str, ident: int, opened: set[int], rows: dict[str, list[dict[str, Any]]]
        ) -> None:
            if ident not in opened:
                opened.add(ident)
                column = "label" if table == "batches" else "name"
                name = str(ident) if table == "batches" else f"群体{ident}"
                rows.setdefault(table, []).append({"id": ident, column: name, "entry_id": None})

        owed = 0.0
        for d in range(DAYS):
            day = iso(START + d)
            batch = 1 + d * BATCHES // DAYS
            owed += ships_per_day
            while owed >= 1 and self.lines_written < self.lines_target:
                owed -= 1
                unit_id: int | None = None
                if rng.random() < 0.7:
                    unit_id = rng.randint(1, UNITS)
                    town = unit_town[unit_id]
                else:
                    town = rng.randint(1, TOWNSHIPS)
                items = rng.sample(range(1, ITEMS + 1), rng.randint(1, 4))
                qtys = [rng.randint(10, 2000) for _ in items]
                for item, qty in zip(items, qtys, strict=True):
                    book = books[item]
                    if book.qty < qty:
                        bought = rng.randint(50, 150) * 1000
                        total = bought * price[item]
                        fund = rng.randint(1, FUNDS) if rng.random() < 0.8 else None
                        purchase = {
                            "entry_id": None,
                            "date": day,
                            "item_id": item,
                            "qty": bought,
                            "total_fen": total,
                            "unit_price": f"{price[item] // 100}.{price[item] % 100:02d}",
                            "supplier": f"供应商{item % 7}",
                            "fund_id": fund,
                        }
                        self.entry("P", day, {"purchases": [purchase]})
                        book.qty += bought
                        book.value += total
                this_batch = batch if rng.random() < 0.9 or batch == 1 else batch - 1
                group = rng.randint(1, GROUPS) if rng.random() < 0.9 else None
                rows: dict[str, list[dict[str, Any]]] = {}
                opener("batches", this_batch, opened_batches, rows)
                if group is not None:
                    opener("beneficiary_groups", group, opened_groups, rows)
                people = rng.randint(0, 500)
                lines = []
                for line_no, (item, qty) in enumerate(zip(items, qtys, strict=True), start=1):
                    value = books[item].value_out(qty)
                    books[item].qty -= qty
                    books[item].value -= value
                    lines.append(
                        {
                            "entry_id": None,
                            "line_no": line_no,
                            "date": day,
                            "batch_id": this_batch,
                            "township_id": town,
                            "unit_id": unit_id,
                            "group_id": group,
                            "item_id": item,
                            "qty": qty,
                            "value_fen": value,
                            "people": people if line_no == 1 else 0,
                            "deliveries": 1 if line_no == 1 else 0,
                        }
                    )
                rows["shipment_lines"] = lines
                ref = f"DN-{self.seq + 1}" if rng.random() < 0.5 else None
                entry_id = self.entry("S", day, rows, ref=ref)
                self._flat(lines)
                recent_ships.append((entry_id, lines))
                if len(recent_ships) > 500:
                    recent_ships.pop(0)

                if rng.random() < 0.05:
                    g_rows: dict[str, list[dict[str, Any]]] = {}
                    g_batch = this_batch if rng.random() < 0.6 else None
                    if g_batch is not None:
                        opener("batches", g_batch, opened_batches, g_rows)
                    if group is not None:
                        opener("beneficiary_groups", group, opened_groups, g_rows)
                    grant = {
                        "entry_id": None,
                        "date": day,
                        "township_id": town,
                        "unit_id": unit_id,
                        "fund_id": rng.randint(1, FUNDS) if rng.random() < 0.9 else None,
                        "batch_id": g_batch,
                        "group_id": group,
                        "amount_fen": rng.randint(1000, 50000) * 100,
                        "people": rng.randint(0, 300),
                        "grants": 1,
                        "purpose": "慰问",
                    }
                    g_rows["grants"] = [grant]
                    recent_grants.append((self.entry("G", day, g_rows), grant))
                    if len(recent_grants) > 100:
                        recent_grants.pop(0)

                if rng.random() < 0.005 and len(recent_ships) > 1:
                    target, original = recent_ships.pop(rng.randrange(len(recent_ships) - 1))
                    if target not in voided:
                        self._void_shipment(day, target, original, books)
                        voided.add(target)
                if rng.random() < 0.0003 and recent_grants:
                    target, grant = recent_grants.pop(rng.randrange(len(recent_grants)))
                    if target not in voided:
                        reversal = dict(grant, entry_id=None)
                        for signed in ("amount_fen", "people", "grants"):
                            reversal[signed] = -reversal[signed]
                        link = {"entry_id": None, "voided_entry_id": target, "reason": "录入错误"}
                        self.entry("V", day, {"grants": [reversal], "voids": [link]})
                        voided.add(target)

                if self.entries >= CHUNK_ENTRIES:
                    self.entries = 0
                    yield self.take()
        yield self.take()

    def _void_shipment(
        self, day: str, target: str, original: list[dict[str, Any]], books: dict[int, Book]
    ) -> None:
        reversal = []
        for line in original:
            row = dict(line, entry_id=None)
            for signed in ("qty", "value_fen", "people", "deliveries"):
                row[signed] = -row[signed]
            reversal.append(row)
            books[row["item_id"]].qty -= row["qty"]
            books[row["item_id"]].value -= row["value_fen"]
        link = {"entry_id": None, "voided_entry_id": target, "reason": "录入错误"}
        self.entry("V", day, {"shipment_lines": reversal, "voids": [link]})
        self._flat(reversal)

    def _flat(self, lines: list[dict[str, Any]]) -> None:
        for line in lines:
            self.flat.append(
                (line["batch_id"], line["township_id"], line["value_fen"], line["people"])
            )
        self.lines_written += len(lines)


INSERT_ORDER = ("entries", *CHAIN_INSERT_ORDER)


def _columns(table: str) -> tuple[str, ...]:
    return ENTRY_COLUMNS if table == "entries" else ENTRY_ROW_TABLES[table][0]


def build(lines: int) -> tuple[Path, Path]:
    """The cached ledger and flat table for ``lines`` shipment lines (built if missing)."""
    OUT.mkdir(parents=True, exist_ok=True)
    ledger = OUT / f"ledger-{lines}.sqlite"
    flat = OUT / f"flat-{lines}.sqlite"
    if ledger.exists() and flat.exists():
        return ledger, flat
    for stale in OUT.glob(f"*-{lines}.sqlite*"):
        stale.unlink()
    started = time.perf_counter()
    tmp = OUT / f"building-{lines}.sqlite"
    for stale in OUT.glob(f"building-{lines}.sqlite*"):
        stale.unlink()
    subprocess.run([str(RELIEFCTL), "--db", str(tmp), "init"], check=True, capture_output=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -500000")
    flat_tmp = OUT / f"building-flat-{lines}.sqlite"
    flat_conn = sqlite3.connect(flat_tmp, isolation_level=None)
    flat_conn.execute(
        "CREATE TABLE flat (batch INTEGER, township INTEGER, value INTEGER, people INTEGER)"
    )
    synth = Synth(lines)
    conn.execute("BEGIN")
    flat_conn.execute("BEGIN")
    for chunk in synth.generate():
        for table in INSERT_ORDER:
            rows = chunk.get(table)
            if rows:
                columns = _columns(table)
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    rows,
                )
        flat_conn.executemany("INSERT INTO flat VALUES (?, ?, ?, ?)", synth.flat)
        synth.flat.clear()
        print(f"  … {synth.lines_written:,} shipment lines", file=sys.stderr, end="\r")
    print(file=sys.stderr)
    conn.execute("COMMIT")
    flat_conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    flat_conn.close()
    tmp.rename(ledger)
    flat_tmp.rename(flat)
    print(
        f"built {ledger.name} ({synth.lines_written:,} shipment lines, {synth.seq:,} entries) "
        f"and {flat.name} in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return ledger, flat


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    out: bytes


def run(argv: list[str], stdin: bytes | None = None) -> Run:
    """Run a whole process: wall time, its output, and its own peak RSS.

    The peak RSS comes from ``/usr/bin/time -f %M`` (GNU time reaps the child with ``wait4``):
    asking the kernel from this script would also count the bench's own memory, which a forked
    child carries until it execs.
    """
    started = time.perf_counter()
    proc = subprocess.run(
        [TIME, "-f", "%M", *argv],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "COLUMNS": "120"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{argv[0]} exited with {proc.returncode}: {proc.stderr[-500:]!r}")
    rss = int(proc.stderr.decode().strip().splitlines()[-1])
    return Run(seconds, rss, proc.stdout)


def report_cmd(ledger: Path) -> list[str]:
    return [str(RELIEFCTL), "--db", str(ledger), "report", "--format", "json"]


def raw_cmd(flat: Path) -> tuple[list[str], bytes]:
    return [SQLITE3, str(flat)], RAW_QUERY.encode()


def check(ledger: Path, flat: Path, report: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report)
    totals = data["totals"]
    conn = sqlite3.connect(f"file:{flat}?mode=ro", uri=True)
    value, people = conn.execute("SELECT SUM(value), SUM(people) FROM flat").fetchone()
    conn.close()
    ledger_conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    grant_people = ledger_conn.execute("SELECT SUM(people) FROM grants").fetchone()[0]
    ledger_conn.close()

    def fen(text: str) -> int:
        whole, _, cents = text.partition(".")
        return int(whole) * 100 + (int(cents) if not whole.startswith("-") else -int(cents))

    assert fen(totals["goods_value"]) == value, (totals["goods_value"], value)
    assert totals["people"] == people + grant_people
    assert fen(totals["goods_value"]) + fen(totals["stock_value"]) == fen(totals["purchases"])
    batch_sum = sum(fen(r["spend"]) for r in data["by_batch"])
    town_sum = sum(fen(r["spend"]) for r in data["by_township"])
    assert batch_sum == town_sum == fen(totals["spend"])
    return totals


def describe(ledger: Path) -> str:
    conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    counts = {
        table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("shipment_lines", "purchases", "grants", "voids", "entries")
    }
    conn.close()
    size = ledger.stat().st_size / 2**20
    return ", ".join(f"{n:,} {table}" for table, n in counts.items()) + f"; {size:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--small-lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not Path(SQLITE3).exists():
        raise SystemExit("the sqlite3 shell is needed: apt-get install -y sqlite3")
    if not Path(TIME).exists():
        raise SystemExit("GNU time is needed for peak memory: apt-get install -y time")

    ledger, flat = build(args.lines)
    small = build(args.small_lines)[0] if args.small_lines else None
    raw_argv, raw_stdin = raw_cmd(flat)
    version_argv = [str(RELIEFCTL), "--version"]

    # One warm-up of each (page cache, .pyc), then interleaved measured runs.
    first = run(report_cmd(ledger))
    totals = check(ledger, flat, first.out)
    run(raw_argv, raw_stdin)
    reports, raws, starts = [], [], []
    for _ in range(args.repeat):
        reports.append(run(report_cmd(ledger)))
        raws.append(run(raw_argv, raw_stdin))
        starts.append(run(version_argv))
    small_runs = [run(report_cmd(small)) for _ in range(3)] if small else []
    extras = {
        " ".join(options): statistics.median(
            run(report_cmd(ledger) + list(options)).seconds for _ in range(3)
        )
        for options in EXTRAS
    }

    def median(runs: list[Run]) -> float:
        return statistics.median(r.seconds for r in runs)

    report_s, raw_s, start_s = median(reports), median(raws), median(starts)
    print(f"ledger: {ledger}: {describe(ledger)}")
    print(
        f"totals: spend {totals['spend']} 元, {totals['people']:,} person-times, "
        f"{totals['deliveries']:,} deliveries, {totals['grant_count']:,} grants"
    )
    print(f"runs: {args.repeat}, interleaved, median wall time of whole processes")
    print(f"  raw sqlite3 GROUP BY batch, township on the flat table: {raw_s:.3f} s")
    print(f"  reliefctl report --format json:                         {report_s:.3f} s")
    print(f"  ratio report / raw:                                     {report_s / raw_s:.2f}x")
    print(f"  reliefctl --version (start-up only):                    {start_s:.3f} s")
    print("peak memory (max RSS):")
    print(f"  report, {args.lines:,} lines: {max(r.max_rss_kb for r in reports) / 1024:.1f} MB")
    if small_runs:
        print(
            f"  report, {args.small_lines:,} lines: "
            f"{max(r.max_rss_kb for r in small_runs) / 1024:.1f} MB "
            f"(median {median(small_runs):.3f} s)"
        )
    print(f"  raw sqlite3, {args.lines:,} lines: {max(r.max_rss_kb for r in raws) / 1024:.1f} MB")
    print("other slices (report --format json …, median of 3):")
    for options, seconds in extras.items():
        print(f"  {options:<40} {seconds:.3f} s")


if __name__ == "__main__":
    main()
