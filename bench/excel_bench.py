"""How fast are the Excel export and the spreadsheet import at scale? (issue 4, README Performance)

Usage::

    .venv/bin/python bench/excel_bench.py                      # 1,000,000 lines / rows
    .venv/bin/python bench/excel_bench.py --lines 100000 --rows 100000 --repeat 2
    .venv/bin/python bench/excel_bench.py --skip-import        # or --skip-export

Whole processes, side by side in the same run (interleaved, ``--repeat`` times, median), peak
memory of each process from GNU time (``/usr/bin/time -f %M``):

(a) **Export.** The synthetic ledger of ``bench/report_bench.py`` (``--lines`` shipment lines,
    built once and cached under ``bench/out/``). ``reliefctl --db LEDGER export --out FILE``
    against a bare loop: a script that runs the same three queries (purchases, shipment lines,
    grants, with their names joined in, in the same order) with ``sqlite3`` and appends each
    row as it comes (``ws.append(row)``) to an openpyxl write-only workbook. The export does
    everything the bare loop does plus the Summary report and charts, Stock, Funds, Voids, the
    Manifest's control totals, number formats, exact money, formula guards, column sizing,
    the row-limit check and the fsynced atomic rename. Target: within 1.3x, under 300 MB.

(b) **Import.** A deterministic CSV of ``--rows`` shipment rows (deliveries of 1 to 4 rows
    sharing a ref, dated in order over two years, 30 townships, 200 units, 50 items, 100
    batches) into a copy of a base ledger that has the master data and the stock.
    ``reliefctl --db COPY import FILE.csv --kind shipments`` against a bare script that reads
    the same CSV with the ``csv`` module and inserts it with the ``sqlite3`` module's
    ``executemany`` into another copy of the same base ledger: the same rows into the same
    tables (``entries`` and ``shipment_lines``, with their indexes, foreign keys and
    triggers, plus the batches and groups first used), in one transaction, with no checks, no
    valuation and no hash chain. The import parses every cell with the recording commands'
    rules, checks names, stock in date order and refs, values every line, chains every
    entry by SHA-256, and writes it all in one transaction. Target: within 4x. For reference
    the floor is also shown: the same CSV into one flat, unindexed table.

Each measured import starts from a fresh copy of the base ledger; the outputs are checked
(the export's Manifest control totals against the database, the import's row counts and
``reliefctl verify``).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report_bench import TIME, build  # noqa: E402 - after the path is set

BIN = Path(sys.executable).parent
RELIEFCTL = str(BIN / "reliefctl")
PYTHON = sys.executable
OUT = ROOT / "bench" / "out"
SEED = 20210105
TOWNSHIPS, UNITS, ITEMS, BATCHES, GROUPS, DAYS = 30, 200, 50, 100, 6, 730

#: The bare export: the same three queries as reliefctl's export, each row appended as it comes.
BARE_EXPORT = r"""
import sqlite3, sys
from openpyxl import Workbook
ledger, out = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
live = "e.id NOT IN (SELECT voided_entry_id FROM voids)"
queries = {
    "Purchases": "SELECT p.date, i.name, p.qty, p.unit_price, p.total_fen, p.supplier, f.name, "
    "e.ref, e.note, e.id FROM entries e JOIN purchases p ON p.entry_id = e.id "
    "JOIN items i ON i.id = p.item_id LEFT JOIN funds f ON f.id = p.fund_id "
    f"WHERE e.kind || '' = 'P' AND {live} ORDER BY e.seq",
    "Shipments": "SELECT b.label, s.date, t.name, u.name, i.name, s.qty, s.value_fen, "
    "CASE WHEN s.line_no = 1 THEN s.people END, g.name, e.ref, e.note, e.id "
    "FROM entries e JOIN shipment_lines s ON s.entry_id = e.id "
    "JOIN batches b ON b.id = s.batch_id JOIN townships t ON t.id = s.township_id "
    "LEFT JOIN units u ON u.id = s.unit_id JOIN items i ON i.id = s.item_id "
    "LEFT JOIN beneficiary_groups g ON g.id = s.group_id "
    f"WHERE e.kind || '' = 'S' AND {live} ORDER BY e.seq, s.line_no",
    "Grants": "SELECT x.date, t.name, u.name, x.amount_fen, f.name, x.people, g.name, b.label, "
    "x.purpose, e.ref, e.note, e.id FROM entries e JOIN grants x ON x.entry_id = e.id "
    "JOIN townships t ON t.id = x.township_id LEFT JOIN units u ON u.id = x.unit_id "
    "LEFT JOIN funds f ON f.id = x.fund_id LEFT JOIN batches b ON b.id = x.batch_id "
    "LEFT JOIN beneficiary_groups g ON g.id = x.group_id "
    f"WHERE e.kind || '' = 'G' AND {live} ORDER BY e.seq",
}
book = Workbook(write_only=True)
for title, sql in queries.items():
    sheet = book.create_sheet(title)
    cursor = conn.execute(sql)
    sheet.append([d[0] for d in cursor.description])
    while rows := cursor.fetchmany(5000):
        for row in rows:
            sheet.append(row)
book.save(out)
"""

#: The bare import: csv + sqlite3 executemany of the same rows into the same ledger tables.
BARE_IMPORT = r"""
import csv, hashlib, sqlite3, sys
def scattered(n):
    # A 64-hex value spread like the real hashes, so the unique index on entries.hash sees the
    # same random inserts as the import's (one digest of the number: no canonical JSON, no chain).
    return hashlib.sha256(str(n).encode()).hexdigest()
ledger, path = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(ledger, isolation_level=None)
conn.execute("PRAGMA foreign_keys = ON")
conn.execute("PRAGMA synchronous = FULL")
conn.execute("BEGIN IMMEDIATE")
places = {n: (i, None) for i, n in conn.execute("SELECT id, name FROM townships")}
places.update({n: (t, i) for i, n, t in conn.execute("SELECT id, name, township_id FROM units")})
items = dict(conn.execute("SELECT name, id FROM items"))
batches = dict(conn.execute("SELECT label, id FROM batches"))
groups = dict(conn.execute("SELECT name, id FROM beneficiary_groups"))
seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM entries").fetchone()[0]
number = conn.execute(
    "SELECT COALESCE(MAX(kind_no), 0) FROM entries WHERE kind = 'S'").fetchone()[0]
entries, lines, opened_batches, opened_groups = [], [], [], []
current, line_no = None, 0
with open(path, encoding="utf-8-sig", newline="") as handle:
    reader = csv.reader(handle)
    next(reader)
    for day, batch, to, item, qty, people, group, ref, note in reader:
        if ref != current or not ref:
            current, line_no = ref, 0
            seq += 1
            number += 1
            entry = f"S-{number:06d}"
            entries.append((seq, entry, "S", number, day, "2021-01-05T18:00:00+08:00", "bench",
                            ref or None, note or None, "", scattered(seq)))
            if batch not in batches:
                batches[batch] = len(batches) + 1
                opened_batches.append((batches[batch], batch, entry))
            if group and group not in groups:
                groups[group] = len(groups) + 1
                opened_groups.append((groups[group], group, entry))
        line_no += 1
        township, unit = places[to]
        lines.append((entry, line_no, day, batches[batch], township, unit,
                      groups[group] if group else None, items[item], int(qty), 0,
                      int(people or 0) if line_no == 1 else 0, 1 if line_no == 1 else 0))
conn.executemany("INSERT INTO entries (seq, id, kind, kind_no, event_date, recorded_at, operator, "
                 "ref, note, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)", entries)
conn.executemany("INSERT INTO batches (id, label, entry_id) VALUES (?,?,?)", opened_batches)
conn.executemany("INSERT INTO beneficiary_groups (id, name, entry_id) VALUES (?,?,?)",
                 opened_groups)
conn.executemany("INSERT INTO shipment_lines (entry_id, line_no, date, batch_id, township_id, "
                 "unit_id, group_id, item_id, qty, value_fen, people, deliveries) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", lines)
conn.execute("COMMIT")
print(len(entries), len(lines))
"""

#: The floor: the same CSV into one flat table, no index, no names resolved.
FLAT_IMPORT = r"""
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("CREATE TABLE rows (date, batch, to_, item, qty, people, grp, ref, note)")
conn.execute("BEGIN")
with open(path, encoding="utf-8-sig", newline="") as handle:
    reader = csv.reader(handle)
    next(reader)
    conn.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?)", reader)
conn.execute("COMMIT")
"""


# --- the import's inputs ----------------------------------------------------------------------


def township(n: int) -> str:
    return f"镇{n:02d}"


def unit(n: int) -> str:
    return f"单位{n:03d}"


def item(n: int) -> str:
    return f"物资{n:02d}"


def base_ledger(path: Path) -> Path:
    """A ledger with the master data and ample stock of every item (built through reliefctl)."""
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for stale in OUT.glob(building.name + "*"):
        stale.unlink()
    subprocess.run([RELIEFCTL, "--db", str(building), "init"], check=True, capture_output=True)
    script = f"""
from datetime import date
from decimal import Decimal
from reliefctl.db.connect import open_ledger
from reliefctl.db.url import resolve
from reliefctl.ledger.posting import PurchaseRequest, post
import random
rng = random.Random({SEED})
ledger = open_ledger(resolve({str(building)!r}))
def setup(poster):
    for t in range(1, {TOWNSHIPS} + 1):
        poster.add_township("镇%02d" % t)
    for u in range(1, {UNITS} + 1):
        poster.add_unit("单位%03d" % u, "镇%02d" % rng.randint(1, {TOWNSHIPS}))
    for i in range(1, {ITEMS} + 1):
        poster.add_item("物资%02d" % i, "件")
    poster.add_fund("防疫专项资金", 10**15)
    for i in range(1, {ITEMS} + 1):
        price = Decimal(rng.randint(10, 5000)) / 100
        poster.buy(PurchaseRequest(date(2019, 12, 31), "物资%02d" % i, 10**9, unit_price=price,
                                   fund="防疫专项资金"))
post(ledger, setup)
ledger.close()
"""
    subprocess.run(
        [PYTHON, "-c", script], check=True, env={**os.environ, "RELIEFCTL_OPERATOR": "bench"}
    )
    building.rename(path)
    return path


def write_csv(path: Path, rows: int) -> Path:
    """``rows`` shipment rows in date order; deliveries of 1-4 rows share a ref."""
    if path.exists():
        return path
    rng = random.Random(SEED)
    start = date(2020, 1, 1)
    groups = [
        "一线医护人员",
        "隔离职工群众",
        "社区执勤人员",
        "困难职工",
        "环卫工人",
        "供热供电职工",
    ]
    building = path.with_suffix(".building")
    with building.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["date", "batch", "to", "item", "qty", "people", "group", "ref", "note"])
        written, delivery = 0, 0
        while written < rows:
            day = start + timedelta(days=written * DAYS // rows)
            batch = str(1 + written * BATCHES // rows)
            place = (
                unit(rng.randint(1, UNITS))
                if rng.random() < 0.7
                else township(rng.randint(1, TOWNSHIPS))
            )
            group = rng.choice(groups) if rng.random() < 0.9 else ""
            delivery += 1
            ref = f"DN-{delivery:07d}"
            count = min(rng.randint(1, 4), rows - written)
            for line_no, goods in enumerate(rng.sample(range(1, ITEMS + 1), count), start=1):
                people = str(rng.randint(0, 500)) if line_no == 1 else ""
                qty = str(rng.randint(1, 2000))
                out.writerow(
                    [day.isoformat(), batch, place, item(goods), qty, people, group, ref, ""]
                )
            written += count
    building.rename(path)
    return path


# --- measuring --------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu: float
    max_rss_kb: int
    out: bytes


def run(argv: list[str]) -> Run:
    """A whole process: wall time, CPU time (user + system) and peak RSS, from GNU time.

    CPU time is reported beside wall time because the machine is shared: other work inflates
    wall time unevenly between two processes, CPU time much less.
    """
    started = time.perf_counter()
    proc = subprocess.run(
        [TIME, "-f", "%U %S %M", *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={**os.environ, "RELIEFCTL_OPERATOR": "bench"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} exited with {proc.returncode}: {proc.stderr[-800:]!r}")
    user, system, rss = proc.stderr.decode().strip().splitlines()[-1].split()
    return Run(seconds, float(user) + float(system), int(rss), proc.stdout)


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_cpu(runs: list[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def peak_mb(runs: list[Run]) -> float:
    return max(r.max_rss_kb for r in runs) / 1024


def bench_export(lines: int, repeat: int) -> dict[str, float]:
    ledger, _flat = build(lines)
    ours_out, bare_out = OUT / f"export-{lines}.xlsx", OUT / f"bare-export-{lines}.xlsx"
    ours_argv = [RELIEFCTL, "--db", str(ledger), "export", "--out", str(ours_out)]
    bare_argv = [PYTHON, "-c", BARE_EXPORT, str(ledger), str(bare_out)]
    ours, bare = [], []
    for _ in range(repeat):
        ours.append(run(ours_argv))
        bare.append(run(bare_argv))
    result = {
        "export_s": median(ours),
        "bare_s": median(bare),
        "export_cpu": median_cpu(ours),
        "bare_cpu": median_cpu(bare),
        "export_mb": peak_mb(ours),
        "bare_mb": peak_mb(bare),
        "ratio": median(ours) / median(bare),
        "export_file_mb": ours_out.stat().st_size / 2**20,
        "bare_file_mb": bare_out.stat().st_size / 2**20,
    }
    print(
        f"export, {lines:,} lines: reliefctl {result['export_s']:.1f} s, "
        f"{result['export_mb']:.0f} MB peak; bare openpyxl loop {result['bare_s']:.1f} s, "
        f"{result['bare_mb']:.0f} MB; ratio {result['ratio']:.2f}x "
        f"(CPU {result['export_cpu']:.1f} s / {result['bare_cpu']:.1f} s = "
        f"{result['export_cpu'] / result['bare_cpu']:.2f}x; files "
        f"{result['export_file_mb']:.0f} MB / {result['bare_file_mb']:.0f} MB)",
        flush=True,
    )
    check_export(ours_out, ledger)
    return result


def check_export(path: Path, ledger: Path) -> None:
    """The Manifest's control totals against the database's own sums."""
    import sqlite3

    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = [(*r, None, None, None)[:3] for r in book["Manifest"].iter_rows(values_only=True)]
    start = rows.index(("sheet", "rows", "note")) + 1
    end = rows.index((None, None, None), start)
    sheets = {r[0]: r[1] for r in rows[start:end]}
    controls = {(r[0], r[1]): r[2] for r in rows[end:]}
    book.close()
    conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    live = conn.execute(
        "SELECT COUNT(*) FROM shipment_lines WHERE entry_id IN (SELECT id FROM entries "
        "WHERE kind = 'S') AND entry_id NOT IN (SELECT voided_entry_id FROM voids)"
    ).fetchone()[0]
    conn.close()
    assert controls[("Shipments", "rows")] == live, (controls, live)
    written = sum(n for title, n in sheets.items() if str(title).startswith("Shipments"))
    assert written == live, (sheets, live)


def bench_import(rows: int, repeat: int) -> dict[str, float]:
    base = base_ledger(OUT / "import-base.sqlite")
    source = write_csv(OUT / f"shipments-{rows}.csv", rows)
    work = OUT / "import-work"
    work.mkdir(exist_ok=True)
    ours, bare, flat = [], [], []
    checked = False
    for n in range(repeat):
        for stale in work.iterdir():
            stale.unlink()
        ours_db, bare_db, flat_db = (
            work / f"ours-{n}.sqlite",
            work / f"bare-{n}.sqlite",
            work / f"flat-{n}.sqlite",
        )
        shutil.copy(base, ours_db)
        shutil.copy(base, bare_db)
        ours.append(
            run([RELIEFCTL, "--db", str(ours_db), "import", str(source), "--kind", "shipments"])
        )
        bare.append(run([PYTHON, "-c", BARE_IMPORT, str(bare_db), str(source)]))
        flat.append(run([PYTHON, "-c", FLAT_IMPORT, str(flat_db), str(source)]))
        if not checked:
            check_import(ours_db, bare_db, ours[-1], rows)
            checked = True
    result = {
        "import_s": median(ours),
        "bare_s": median(bare),
        "flat_s": median(flat),
        "import_cpu": median_cpu(ours),
        "bare_cpu": median_cpu(bare),
        "import_mb": peak_mb(ours),
        "bare_mb": peak_mb(bare),
        "ratio": median(ours) / median(bare),
    }
    print(
        f"import, {rows:,} shipment rows from CSV: reliefctl {result['import_s']:.1f} s, "
        f"{result['import_mb']:.0f} MB peak; bare csv + sqlite3 executemany into the ledger's "
        f"tables {result['bare_s']:.1f} s, {result['bare_mb']:.0f} MB; ratio "
        f"{result['ratio']:.2f}x (CPU {result['import_cpu']:.1f} s / {result['bare_cpu']:.1f} s "
        f"= {result['import_cpu'] / result['bare_cpu']:.2f}x; into one flat table: "
        f"{result['flat_s']:.1f} s)",
        flush=True,
    )
    return result


def check_import(ours: Path, bare: Path, done: Run, rows: int) -> None:
    import sqlite3

    counts = []
    for db in (ours, bare):
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        counts.append(
            conn.execute("SELECT COUNT(*), COUNT(DISTINCT entry_id) FROM shipment_lines").fetchone()
        )
        conn.close()
    assert counts[0] == counts[1] and counts[0][0] == rows, counts
    verify = subprocess.run(
        [RELIEFCTL, "--db", str(ours), "verify"], capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stderr[-2000:]
    print(
        f"  import checked: {counts[0][0]:,} lines in {counts[0][1]:,} shipments; verify passes; "
        f"{done.out.decode().strip()}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="shipment lines to export")
    parser.add_argument("--rows", type=int, default=1_000_000, help="CSV rows to import")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()
    if not Path(TIME).exists():
        raise SystemExit("GNU time is needed for peak memory: apt-get install -y time")
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if not args.skip_export:
        bench_export(args.lines, args.repeat)
    if not args.skip_import:
        bench_import(args.rows, args.repeat)
    print(f"(bench took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
