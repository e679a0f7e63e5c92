"""``reliefctl export``: sheets and real cells, Summary = report JSON, formula safety, row-limit
split, atomic output, one consistent snapshot, the nightly folder (lock, --keep) and the
README's crontab line run as cron would run it."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from reliefctl.db.schema import open_ledger
from reliefctl.db.url import resolve
from reliefctl.io import nightly
from reliefctl.render.xlsx import MONEY_FORMAT, write_export, write_table
from reliefctl.reports.export import Column, Table, collect_export

from .conftest import ROOT, CliRunner, domain_operation, run_process

#: Issue 12's sheets come after the Voids, then issue 15's master data, before the Manifest.
MOVEMENT_SHEETS = ["Receipts", "Transfers", "Write-offs", "Counts", "Stock by location"]
MASTER_SHEETS = ["Places", "Items", "Locations", "Allocations", "Settings"]
EN_SHEETS = [
    "Summary",
    "Purchases",
    "Shipments",
    "Grants",
    "Stock",
    "Funds",
    "Voids",
    *MOVEMENT_SHEETS,
    *MASTER_SHEETS,
    "Manifest",
]
ZH_SHEETS = [
    "汇总",
    "采购",
    "物资发放",
    "慰问金",
    "库存",
    "资金",
    "冲销",
    *("接收", "调拨", "报损", "盘点", "各库点库存"),  # translations/stock.json
    *("乡镇（街道）及接收单位", "物资", "库点", "预算拨付", "台账设置"),  # translations/trip.json
    "清单",
]


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    """Rows up to the last non-blank one (openpyxl pads to the sheet's dimension)."""
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows


def _decimal(value: Any) -> Decimal:
    """A number cell as the exact decimal it was written as (shortest repr of the float)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _export(cli: CliRunner, path: Path, *args: str) -> None:
    result = cli("export", "--out", str(path), *args)
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""  # quiet on success


@pytest.fixture
def operation(domain_cli: CliRunner) -> CliRunner:
    cli = domain_cli
    # A void, so the Voids sheet and the exclusion of voided entries are exercised.
    assert cli("void", "S-000004", "--reason", "录入重复").code == 0
    return cli


def test_sheets_headings_and_real_cells(operation: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out)
    book = load_workbook(out)
    assert book.sheetnames == EN_SHEETS
    ships = book["Shipments"]
    rows = _rows(ships)
    assert rows[0] == (
        "batch",
        "date",
        "township",
        "unit",
        "item",
        "qty",
        "value",
        "people (人次)",
        "group",
        "ref",
        "note",
        "entry",
        "location",
        "seq",
        "voided by",
        "households (户次)",
        "qty_text",  # issue 13: the quantity as written in packs, appended last
    )
    # 21 lines recorded, all listed (an export is the whole ledger, issue 15): the voided one
    # (S-000004, one line) is marked with its void; no other line is.
    assert len(rows) - 1 == 21
    assert [(row[11], row[14]) for row in rows[1:] if row[14] is not None] == [
        ("S-000004", "V-000001")
    ]
    # Every line carries its entry's recording order: one seq per entry, rising with the id.
    seqs = {row[11]: row[13] for row in rows[1:]}
    assert all(isinstance(seq, int) for seq in seqs.values())
    assert sorted(seqs, key=lambda entry: seqs[entry]) == sorted(seqs)
    assert ships.freeze_panes == "A2"
    assert ships.auto_filter.ref == "A1:Q22"
    first = ships["A2":"L2"][0]
    assert first[1].value == datetime(2020, 12, 28) and first[1].is_date
    assert first[1].number_format == "yyyy-mm-dd"
    assert first[6].data_type == "n" and first[6].number_format == MONEY_FORMAT
    assert _decimal(first[6].value) == Decimal("5000.00")
    assert isinstance(first[5].value, int)
    # A delivery of four items: person-times on its first line only, so the column sums true.
    dn31 = [row for row in rows[1:] if row[9] == "DN-3-1"]
    assert [row[7] for row in dn31] == [30000, None, None, None]
    live = [row for row in rows[1:] if row[14] is None]
    assert sum(row[7] or 0 for row in live) == 9500 + 11500 + 62000
    # Chinese text gets room: a wide character counts 2.
    assert ships.column_dimensions["I"].width >= len("隔离职工群众") * 2
    voids = _rows(book["Voids"])
    assert voids[1][:4] == ("V-000001", "S-000004", "shipment", datetime(2020, 12, 28))
    assert voids[1][10] == "录入重复" and voids[1][11] == "tester"
    assert isinstance(voids[1][12], datetime)
    # The void's own seq comes after the entry it voids.
    assert voids[0][13] == "seq" and voids[1][13] > seqs["S-000004"]


def test_chinese_sheet_names_and_headings(operation: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    _export(operation, out, "--lang", "zh")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ZH_SHEETS
    heading = next(book["物资发放"].iter_rows(max_row=1, values_only=True))
    assert heading[:3] == ("批次", "日期", "乡镇（街道）")
    # seq, voided by, households, then (issue 13) the quantity as written in packs
    assert heading[-4:-1] == ("序号", "冲销记录", "受益户次")
    assert next(book["冲销"].iter_rows(min_row=2, max_row=2, values_only=True))[2] == "物资发放"


def _summary_tables(sheet: Any) -> dict[str, dict[str, tuple[Any, ...]]]:
    """The Summary's "by batch" and "by township" tables, keyed by their first column."""
    tables: dict[str, dict[str, tuple[Any, ...]]] = {}
    current: dict[str, tuple[Any, ...]] | None = None
    for row in _rows(sheet):
        if row[0] in ("batch", "township") and row[1] == "goods 元":
            current = tables.setdefault(str(row[0]), {})
        elif current is not None and row[0] is not None and row[1] is not None:
            current[str(row[0])] = row
        else:
            current = None
    return tables


def _summary_totals(sheet: Any) -> dict[str, Any]:
    rows = _rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == "Totals")
    return {str(row[0]): row[1] for row in rows[start + 2 :]}


@pytest.mark.parametrize(
    "period", [(), ("--since", "2020-12-29"), ("--since", "2020-12-29", "--until", "2020-12-31")]
)
def test_summary_equals_report_json_to_the_fen(
    operation: CliRunner, tmp_path: Path, period: tuple[str, ...]
) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out, *period)
    report = json.loads(operation("report", "--format", "json", *period).out)
    sheet = load_workbook(out)["Summary"]
    tables = _summary_tables(sheet)
    for dim in ("batch", "township"):
        shown = tables[dim]
        keys = [
            row[dim] or ("no batch" if dim == "batch" else "no township")
            for row in report[f"by_{dim}"]
        ]
        assert [key for key in shown if key != "total"] == keys
        for key, row in zip(keys, report[f"by_{dim}"], strict=True):
            cells = shown[key]
            assert _decimal(cells[1]) == Decimal(row["goods_value"])
            assert _decimal(cells[2]) == Decimal(row["grants"])
            assert _decimal(cells[3]) == Decimal(row["spend"])
            assert cells[4:7] == (row["people"], row["deliveries"], row["grant_count"])
        total = shown["total"]
        assert _decimal(total[3]) == Decimal(report["totals"]["spend"])
        assert total[4] == report["totals"]["people"]
    labels = {
        "purchases (cash paid for goods), 元": "purchases",
        "goods delivered (at cost), 元": "goods_value",
        "cash grants, 元": "grants",
        "spend (goods delivered + grants), 元": "spend",
        "stock on hand at end of period (at cost), 元": "stock_value",
        "stock at start of period (at cost), 元": "opening_stock_value",
    }
    totals = _summary_totals(sheet)
    for text, key in labels.items():
        assert _decimal(totals[text]) == Decimal(report["totals"][key]), key
    assert totals["people reached, person-times (人次)"] == report["totals"]["people"]


def test_summary_has_native_bar_charts(operation: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out)
    with zipfile.ZipFile(out) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = [archive.read(name).decode() for name in charts]
    assert all("<barChart>" in text and '<barDir val="bar"/>' in text for text in xml)
    assert any("'Summary'!$D$" in text for text in xml)  # spend column
    assert any("'Summary'!$E$" in text for text in xml)  # person-times column
    assert all("<cat><strRef><f>'Summary'!$A$" in text for text in xml)  # township names


def test_sheet_columns_sum_to_the_manifest_control_totals(
    operation: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out)
    book = load_workbook(out)
    manifest = _rows(book["Manifest"])
    controls = {
        (row[0], row[1]): row[2]
        for row in manifest[manifest.index(("sheet", "control total", "value")) + 1 :]
    }
    # The control totals are those of the report: entries that a void reverses are listed on
    # the sheet (marked in "voided by", so the export is the whole ledger) but not counted, so
    # a clerk summing a column leaves out the rows with "voided by" filled.
    every = _rows(book["Shipments"])[1:]
    ships = [r for r in every if r[14] is None]
    assert len(every) == 21 and len(ships) == 20
    assert controls[("Shipments", "rows")] == len(ships)
    assert _decimal(controls[("Shipments", "value")]) == sum(_decimal(r[6]) for r in ships)
    assert controls[("Shipments", "people (人次)")] == sum(r[7] or 0 for r in ships)
    assert controls[("Shipments", "deliveries")] == len({r[11] for r in ships})
    buys = [r for r in _rows(book["Purchases"])[1:] if r[12] is None]
    assert _decimal(controls[("Purchases", "total")]) == sum(_decimal(r[4]) for r in buys)
    facts = {row[0]: row[1] for row in manifest[: manifest.index(("sheets", None, None))]}
    latest = json.loads(operation("log", "--format", "json").out)[-1]
    assert facts["latest entry"] == latest["id"] == "V-000001"
    assert re.fullmatch(r"[0-9a-f]{64}", facts["latest entry hash"])
    assert facts["reliefctl version"] == "0.1.0"
    sheet_rows = _manifest_sheets(manifest)
    assert list(sheet_rows) == EN_SHEETS[1:]
    # The Manifest's list counts the rows a sheet holds, the voided one included.
    assert sheet_rows["Shipments"][0] == 21 and sheet_rows["Voids"][0] == 1


def _manifest_sheets(manifest: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """The Manifest's list of sheets: title -> (rows, note)."""
    start = manifest.index(("sheet", "rows", "note")) + 1
    end = manifest.index((None, None, None), start)
    return {str(row[0]): row[1:] for row in manifest[start:end]}


# --- formula injection --------------------------------------------------------------------------

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", '=HYPERLINK("http://x","y")', "＝1+1"]


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
        }


def test_text_that_looks_like_a_formula_stays_text(cli: CliRunner, tmp_path: Path) -> None:
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("item", "add", "暖身贴", "--unit", "个").code == 0
    for n, text in enumerate(DANGEROUS):
        result = cli(
            "buy",
            "--date",
            "2020-12-27",
            "--item",
            "暖身贴",
            "--qty",
            "100",
            "--total",
            "10",
            "--supplier",
            text,
            "--note",
            text,
            "--ref",
            f"{text}#{n}",
        )
        assert result.code == 0, result.err
    out = tmp_path / "relief.xlsx"
    _export(cli, out)
    book = load_workbook(out)
    rows = list(book["Purchases"].iter_rows(min_row=2, max_row=1 + len(DANGEROUS)))
    for text, row in zip(DANGEROUS, rows, strict=True):
        supplier, ref, note = row[5], row[7], row[8]
        stored = text  # kept as typed (issue 11): ＝1+1 stays ＝1+1, and is guarded too
        n = DANGEROUS.index(text)
        for cell, expected in ((supplier, stored), (note, stored), (ref, f"{stored}#{n}")):
            assert cell.data_type == "s"
            assert cell.value == expected  # unchanged: no apostrophe added to the text
            assert cell.quotePrefix  # Excel's "typed with a leading '" flag
    for name, xml in _sheet_xml(out).items():
        assert "<f>" not in xml and "<f " not in xml, name


def test_tab_and_cr_at_the_start_are_guarded_too() -> None:
    """The ledger refuses control characters, so feed the writer directly."""
    texts = ["\tcmd", "\r=1", "\n@x", "=A1", "plain", "-12"]
    table = Table("purchases", (Column("note", "text"),), [(t,) for t in texts])
    book = Workbook(write_only=True)
    write_table(book, table, "en", 100)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    back = load_workbook(buffer)
    cells = [row[0] for row in back.worksheets[0].iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts
    assert [c.data_type for c in cells] == ["s"] * len(texts)
    assert [bool(c.quotePrefix) for c in cells] == [True, True, True, True, False, True]


# --- Excel's row limit --------------------------------------------------------------------------


def test_a_sheet_past_the_row_limit_continues_and_the_manifest_says_so(
    operation: CliRunner, tmp_path: Path
) -> None:
    ledger = open_ledger(resolve(None))
    buffer = io.BytesIO()
    try:
        with ledger.snapshot():
            data = collect_export(ledger)
            written = write_export(data, buffer, lang="en", row_limit=7)
    finally:
        ledger.close()
    buffer.seek(0)
    book = load_workbook(buffer)
    names = book.sheetnames
    assert names[2:6] == ["Shipments", "Shipments (2)", "Shipments (3)", "Shipments (4)"]
    parts = [_rows(book[name]) for name in names[2:6]]
    # 21 lines (the voided one included): heading + 6, …, heading + 3
    assert [len(rows) for rows in parts] == [7, 7, 7, 4]
    assert all(rows[0][0] == "batch" for rows in parts)  # every part repeats the heading
    assert sum(len(rows) - 1 for rows in parts) == 21 == written.rows("shipments")
    assert sum(row[14] is not None for rows in parts for row in rows[1:]) == 1
    manifest = _manifest_sheets(_rows(book["Manifest"]))
    assert manifest["Shipments"][0] == 6
    assert "continued on Shipments (2)" in manifest["Shipments"][1]
    assert "part 4 of Shipments" in manifest["Shipments (4)"][1]
    assert manifest["Shipments (4)"][0] == 3
    assert manifest["Purchases"] == (5, None)


# --- atomic output ------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_failure_mid_write_leaves_the_previous_file_and_no_temporary_file(
    operation: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out)
    before = out.read_bytes()
    from openpyxl.worksheet import _writer

    temp_before = set(_writer.ALL_TEMP_FILES)

    from reliefctl.reports import export as export_module

    original = export_module.shipment_rows

    def failing(*args: Any, **kwargs: Any) -> Any:
        for n, row in enumerate(original(*args, **kwargs)):
            if n == 5:
                raise OSError(28, "No space left on device")
            yield row

    monkeypatch.setattr(export_module, "shipment_rows", failing)
    result = operation("export", "--out", str(out))
    assert result.code == 4
    assert result.err.count("\n") == 1
    assert "No space left on device" in result.err and "nothing was replaced" in result.err
    assert out.read_bytes() == before
    assert _leftovers(tmp_path) == []
    # openpyxl's own per-sheet temporary files are gone too.
    assert all(not os.path.exists(p) for p in set(_writer.ALL_TEMP_FILES) - temp_before)


def test_output_paths_that_cannot_work_are_clear_errors(
    operation: CliRunner, tmp_path: Path
) -> None:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    cases = [
        (tmp_path, "is a folder"),
        (tmp_path / "missing" / "relief.xlsx", "does not exist"),
        (a_file / "relief.xlsx", "is not a folder"),
        (a_file / "sub" / "relief.xlsx", "is a file, not a folder"),
        (tmp_path / "relief.csv", "must end in .xlsx"),
    ]
    for path, message in cases:
        result = operation("export", "--out", str(path))
        assert result.code == 2, (path, result.err)
        assert message in result.err and result.err.count("\n") == 1


def test_an_unwritable_folder_is_a_clear_error(operation: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr to make a folder unwritable for root")
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {made.stderr.decode().strip()}")
    try:
        result = operation("export", "--out", str(folder / "relief.xlsx"))
        assert result.code == 4
        assert "cannot write in the folder" in result.err and result.err.count("\n") == 1
        assert list(folder.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=False)


# --- one consistent snapshot while clerks record ------------------------------------------------


def test_the_export_reads_one_snapshot_and_a_ship_meanwhile_succeeds(
    sqlite_cli: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    domain_operation(sqlite_cli)
    assert (
        sqlite_cli(
            "buy", "--date", "2020-12-28", "--item", "暖身贴", "--qty", "10", "--total", "1"
        ).code
        == 0
    )
    ledger = open_ledger(resolve(sqlite_url))
    buffer = io.BytesIO()
    try:
        with ledger.snapshot():
            data = collect_export(ledger)
            shipments = next(t for t in data.tables if t.key == "shipments")
            rows = iter(shipments.rows)
            head = [next(rows) for _ in range(3)]
            # A clerk records a shipment while the export is half-way through its rows.
            done = run_process(
                "--db",
                sqlite_url,
                "ship",
                "--date",
                "2020-12-29",
                "--batch",
                "2",
                "--to",
                "南彩镇",
                "--item",
                "暖身贴=1",
                env={"RELIEFCTL_BUSY_TIMEOUT": "5"},
            )
            assert done.returncode == 0, done.stderr
            shipments.rows = [*head, *rows]
            write_export(data, buffer, lang="en")
    finally:
        ledger.close()
    buffer.seek(0)
    book = load_workbook(buffer)
    entries = {row[11] for row in _rows(book["Shipments"])[1:]}
    assert "S-000012" in entries and "S-000013" not in entries
    manifest = {row[0]: row[1] for row in _rows(book["Manifest"])}
    assert manifest["latest entry"] == "P-000006"
    assert sqlite_cli("log", "--format", "json").out.count('"S-000013"') == 1


# --- the nightly folder -------------------------------------------------------------------------


def test_out_dir_names_the_file_by_date_and_keep_prunes_only_ours(
    operation: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    ours_old = [
        "reliefctl-2020-01-01.xlsx",
        "reliefctl-2020-01-02.xlsx",
        "reliefctl-2020-01-03.xlsx",
    ]
    others = [
        "notes.txt",
        "reliefctl-2020-13-01.xlsx",  # not a date
        "reliefctl-2020-01-01.xlsx.bak",
        "Reliefctl-2019-01-01.xlsx",
        "reliefctl-2019-01-01.XLSX",
        "budget.xlsx",
    ]
    for name in ours_old + others:
        (folder / name).write_text(name)
    (folder / "reliefctl-2018-01-01.xlsx").mkdir()  # a folder of that name is not ours either
    result = operation("export", "--out-dir", str(folder), "--keep", "2")
    assert result.code == 0 and result.out == "" and result.err == ""
    today = nightly.nightly_name(date.today())
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(
        [
            today,
            "reliefctl-2020-01-03.xlsx",
            ".reliefctl-export.lock",
            "reliefctl-2018-01-01.xlsx",
            *others,
        ]
    )
    assert load_workbook(folder / today, read_only=True).sheetnames == EN_SHEETS
    verbose = operation("export", "--out-dir", str(folder), "--keep", "1", "-v")
    assert verbose.code == 0
    assert f"wrote {folder / today}" in verbose.out
    assert "removed" in verbose.out and "reliefctl-2020-01-03.xlsx" in verbose.out
    assert not (folder / "reliefctl-2020-01-03.xlsx").exists()


def test_keep_needs_out_dir_and_one_target(operation: CliRunner, tmp_path: Path) -> None:
    assert operation("export", "--out", str(tmp_path / "a.xlsx"), "--keep", "3").code == 2
    assert operation("export").code == 2
    both = operation("export", "--out", str(tmp_path / "a.xlsx"), "--out-dir", str(tmp_path))
    assert both.code == 2
    assert operation("export", "--out-dir", str(tmp_path / "nope")).code == 2
    assert operation("export", "--out-dir", str(tmp_path), "--keep", "0").code == 2


@pytest.mark.slow
def test_a_second_export_into_a_locked_folder_exits_busy(
    sqlite_cli: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    domain_operation(sqlite_cli)
    folder = tmp_path / "exports"
    folder.mkdir()
    with open(folder / nightly.LOCK_NAME, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first, still running, export
        second = run_process("--db", sqlite_url, "export", "--out-dir", str(folder))
        assert second.returncode == 3
        assert "another reliefctl export is writing into" in second.stderr
        assert second.stderr.count("\n") == 1 and second.stdout == ""
        assert not any(p.suffix == ".xlsx" for p in folder.iterdir())
    # Once the first run ends (the lock goes with its process), the next run works.
    again = run_process("--db", sqlite_url, "export", "--out-dir", str(folder))
    assert again.returncode == 0, again.stderr


@pytest.mark.slow
def test_two_overlapping_exports_never_both_write(
    sqlite_cli: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    domain_operation(sqlite_cli)
    folder = tmp_path / "exports"
    folder.mkdir()
    env = {**os.environ, "RELIEFCTL_DB": sqlite_url, "RELIEFCTL_OPERATOR": "tester"}
    command = [sys.executable, "-m", "reliefctl", "export", "--out-dir", str(folder)]
    procs = [
        subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(4)
    ]
    codes = [p.wait(timeout=120) for p in procs]
    errors = [p.stderr.read() for p in procs if p.stderr is not None]
    assert set(codes) <= {0, 3} and 0 in codes
    for code, err in zip(codes, errors, strict=True):
        assert (code == 3) == ("another reliefctl export" in err)
    assert _leftovers(folder) == []


# --- the README's crontab line ------------------------------------------------------------------


def _readme_cron() -> tuple[dict[str, str], str]:
    """The crontab block of the README: its VAR=value lines and the command of its job line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```crontab\n(.*?)```", text, re.S)
    assert block, "README.md has no ```crontab block"
    env: dict[str, str] = {}
    command = ""
    for line in block.group(1).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        variable = re.fullmatch(r"([A-Z_]+)=(.*)", line)
        if variable:
            env[variable[1]] = variable[2]
        else:
            command = line.split(None, 5)[5]
    assert command
    return env, command


@pytest.mark.slow
def test_the_readme_crontab_line_runs_as_cron_runs_it(
    sqlite_cli: CliRunner, tmp_path: Path, sqlite_url: str
) -> None:
    domain_operation(sqlite_cli)
    env, command = _readme_cron()
    assert set(env) >= {"RELIEFCTL_DB", "PATH"}
    assert "reliefctl export --out-dir" in command and "--keep" in command
    exports = tmp_path / "exports"
    exports.mkdir()
    bin_dir = str(Path(sys.executable).parent)
    # The README's example paths, pointed at this test's ledger, folder and installation.
    replace = {
        env["RELIEFCTL_DB"]: sqlite_url,
        re.search(r"--out-dir (\S+)", command)[1]: str(exports),  # type: ignore[index]
        env["PATH"].split(":")[0]: bin_dir,
    }
    cron_env = {"HOME": str(tmp_path), "LOGNAME": "root", "SHELL": "/bin/sh"}
    for name, value in env.items():
        for old, new in replace.items():
            value = value.replace(old, new)
        cron_env[name] = value
    for old, new in replace.items():
        command = command.replace(old, new)
    done = subprocess.run(
        ["/bin/bash", "-c", command], env=cron_env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""  # cron mails only when something is wrong
    assert (exports / nightly.nightly_name(date.today())).exists()
    # And a failure is mailed: one line on stderr, non-zero exit.
    cron_env["RELIEFCTL_DB"] = str(tmp_path / "missing.sqlite")
    failed = subprocess.run(
        ["/bin/bash", "-c", command], env=cron_env, capture_output=True, text=True, timeout=120
    )
    assert failed.returncode == 4 and failed.stderr.count("\n") == 1


def test_a_period_filters_every_sheet_by_event_date(operation: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "relief.xlsx"
    _export(operation, out, "--since", "2020/12/29", "--until", "2020年12月30日")
    book = load_workbook(out)
    ships = _rows(book["Shipments"])[1:]
    assert {row[1] for row in ships} == {datetime(2020, 12, 29)} and len(ships) == 5
    buys = _rows(book["Purchases"])[1:]
    assert {row[0] for row in buys} == {datetime(2020, 12, 30)} and len(buys) == 4
    assert _rows(book["Grants"])[1:] == []
    assert _rows(book["Voids"])[1:] == []  # the voided shipment is dated 2020-12-28
    facts = {row[0]: row[1] for row in _rows(book["Manifest"])}
    assert facts["period from (inclusive)"] == datetime(2020, 12, 29)
    assert facts["period up to (inclusive)"] == datetime(2020, 12, 30)
    # Stock at the end of the period: the food bought on the 30th is all still there.
    stock = {row[0]: row[2] for row in _rows(book["Stock"])[1:]}
    assert stock["水饺"] == 54660
    refused = operation(
        "export", "--out", str(out), "--since", "2021-01-01", "--until", "2020-12-01"
    )
    assert refused.code == 2 and "is after --until" in refused.err


def test_the_core_imports_no_cli_or_spreadsheet_library() -> None:
    script = (
        "import sys\n"
        "import reliefctl.ledger.importer, reliefctl.reports.export, reliefctl.cli.excel\n"
        "heavy = {'openpyxl', 'rich', 'sqlalchemy', 'sqlmodel'}\n"
        "core = {m.split('.')[0] for m in sys.modules} & heavy\n"
        "print(sorted(core))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
