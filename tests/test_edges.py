"""The edges: files, paths, text and spreadsheets a hostile (or careless) user hands reliefctl.

Every case of ``CASES`` runs on a copy of the audited DOMAIN.md ledger, in a fresh work folder
prepared by its setup; each must exit non-zero with its message (pinned, line for line, in
``tests/golden/edges.txt``; ``RELIEFCTL_UPDATE_GOLDEN=1`` rewrites it), leave every ledger
table as it was, and leave the work folder exactly as it was (nothing created, replaced or
deleted, no temporary file).
"""

from __future__ import annotations

import io
import os
import shlex
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from reliefctl.display import safe

from .conftest import ROOT, CliRunner
from .ledgers import dump

GOLDEN = ROOT / "tests" / "golden" / "edges.txt"
UPDATE = os.environ.get("RELIEFCTL_UPDATE_GOLDEN") == "1"
SHIP_HEAD = ["date", "batch", "to", "item", "qty", "people", "group", "ref", "note"]
SHIP_ROW = ["2020-12-31", "3", "南彩镇", "面包", "1", "1", "", "X-1", ""]
SHIP = "ship --date 2020-12-31 --batch 3 --to 南彩镇"


def _book(rows: list[list[object]], title: str = "Shipments") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(
            [int(v) if isinstance(v, str) and v.isdigit() and len(v) < 3 else v for v in row]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _patched(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The workbook ``data`` with the XML of ``part`` changed (every other part as it was)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _xlsx(
    name: str, change: Callable[[str], str] | None = None, **more: object
) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        data = _book([SHIP_HEAD, SHIP_ROW, [*SHIP_ROW[:7], "X-2", ""]])
        if change is not None:
            data = _patched(data, SHEET, change)
        (work / name).write_bytes(data)

    return setup


def _file(name: str, content: bytes) -> Callable[[Path], None]:
    return lambda work: (work / name).write_bytes(content)


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda work: os.mkfifo(work / name)


def _link(name: str, target: str) -> Callable[[Path], None]:
    return lambda work: (work / name).symlink_to(target)


def _folder(name: str) -> Callable[[Path], None]:
    return lambda work: (work / name).mkdir()


def _chart_book(work: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = "Shipments"
    sheet.append(SHIP_HEAD)
    sheet.append(SHIP_ROW)
    chart = book.create_chartsheet("图表")
    bar = BarChart()
    bar.add_data(Reference(sheet, min_col=5, min_row=1, max_row=2), titles_from_data=True)
    chart.add_chart(bar)
    book.save(work / "chart.xlsx")


def _hidden_sheet(work: Path) -> None:
    book = Workbook()
    book.active.title = "Shipments"
    book.active.append(SHIP_HEAD)
    hidden = book.create_sheet("旧表")
    hidden.append(SHIP_HEAD)
    hidden.sheet_state = "hidden"
    book.save(work / "hidden.xlsx")


def _truncated(work: Path) -> None:
    data = _book([SHIP_HEAD, SHIP_ROW])
    (work / "cut.xlsx").write_bytes(data[: len(data) // 2])


def _missing_part(work: Path) -> None:
    data = _book([SHIP_HEAD, SHIP_ROW])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info, source.read(info.filename))
    (work / "nosheet.xlsx").write_bytes(out.getvalue())


def _zip_bomb(work: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("xl/workbook.xml", b"<" + b" " * 60_000_000 + b"/>")
    (work / "bomb.xlsx").write_bytes(out.getvalue())


def _merged(xml: str) -> str:
    return xml.replace(
        "</sheetData>", '</sheetData><mergeCells><mergeCell ref="C2:C3"/></mergeCells>'
    )


def _gb18030_after_bom(work: Path) -> None:
    text = ",".join(SHIP_HEAD) + "\n" + ",".join(SHIP_ROW) + "\n"
    (work / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("gb18030"))


def _csv(name: str, rows: list[list[str]]) -> Callable[[Path], None]:
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return lambda work: (work / name).write_text(text, encoding="utf-8")


def _workbook_named(name: str) -> Callable[[Path], None]:
    return lambda work: (work / name).write_bytes(_book([["old"]], "Old"))


@dataclass(frozen=True)
class Case:
    name: str
    line: str
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


CASES: tuple[Case, ...] = (
    # where the ledger is
    Case("db-empty", "--db '' stock"),
    Case("db-env-blank", "stock", env={"RELIEFCTL_DB": "  "}),
    Case("db-dev-null", "--db /dev/null stock"),
    Case("init-dev-null", "--db /dev/null init"),
    Case("db-fifo", "--db {work}/pipe stock", _fifo("pipe")),
    Case("init-fifo", "--db {work}/pipe init", _fifo("pipe")),
    Case("init-folder", "--db {work}/folder init", _folder("folder")),
    Case("init-dangling-link", "--db {work}/gone.sqlite init", _link("gone.sqlite", "nowhere")),
    Case("init-over-text", "--db {work}/notes.txt init", _file("notes.txt", "账本\n".encode())),
    Case("busy-timeout-text", "stock", env={"RELIEFCTL_BUSY_TIMEOUT": "abc"}),
    Case("busy-timeout-negative", "stock", env={"RELIEFCTL_BUSY_TIMEOUT": "-1"}),
    Case("busy-timeout-nan", "stock", env={"RELIEFCTL_BUSY_TIMEOUT": "NaN"}),
    Case("operator-newline", f"{SHIP} --item 面包=1", env={"RELIEFCTL_OPERATOR": "张三\n李四"}),
    Case("operator-escape", f"{SHIP} --item 面包=1", env={"RELIEFCTL_OPERATOR": "\x1b[31m张三"}),
    Case("operator-too-long", f"{SHIP} --item 面包=1", env={"RELIEFCTL_OPERATOR": "长" * 101}),
    # outputs that are not ours to replace
    Case("out-empty", "export --out ''"),
    Case("out-dir-empty", "export --out-dir ''"),
    Case("out-only-suffix", "export --out {work}/.xlsx"),
    Case("out-is-ledger", "export --out {work}/ledger.xlsx", lambda w: None),
    Case("out-not-workbook", "export --out {work}/notes.xlsx", _file("notes.xlsx", b"notes")),
    Case("out-is-link", "export --out {work}/link.xlsx", _link("link.xlsx", "elsewhere.xlsx")),
    Case("out-is-fifo", "export --out {work}/pipe.xlsx", _fifo("pipe.xlsx")),
    Case(
        "template-not-workbook",
        "template --kind shipments --out {work}/form.xlsx",
        _file("form.xlsx", b"PK not a workbook"),
    ),
    Case(
        "nightly-lock-link",
        "export --out-dir {work}",
        _link(".reliefctl-export.lock", "/etc/passwd"),
    ),
    # import paths
    Case("import-empty-path", "import '' --kind shipments"),
    Case("import-fifo", "import {work}/pipe.csv --kind shipments", _fifo("pipe.csv")),
    Case("import-device", "import {work}/dev.csv --kind shipments", _link("dev.csv", "/dev/zero")),
    Case("import-folder", "import {work}/rows.csv --kind shipments", _folder("rows.csv")),
    # names and texts
    Case("name-variation-selector", "township add 仁和\ufe0f镇"),
    Case("name-hangul-filler", "township add 仁和\u3164镇"),
    Case("name-combining-joiner", "township add 仁和\u034f镇"),
    Case("name-braille-blank", "township add \u2800"),
    Case("name-mongolian-fvs", "item add 口罩\u180b --unit 个"),
    Case("name-khmer-invisible", "item add 口罩\u17b4 --unit 个"),
    Case("name-only-marks", "township add \u0301\u0302"),
    Case("note-escape", f"{SHIP} --item 面包=1 --note 'ok\x1b[2Jcleared'"),
    Case("note-rtl", f"{SHIP} --item 面包=1 --note 'a\u202eb'"),
    Case("ref-line-break", f"{SHIP} --item 面包=1 --ref 'DN\n1'"),
    Case("supplier-tab", "buy --date 2021-01-06 --item 水饺 --qty 1 --total 1 --supplier 'a\tb'"),
    Case("reason-zero-width", "void S-000011 --reason '录入\u200b错误'"),
    Case("item-double-equals", f"{SHIP} --item 暖身贴==1"),
    # spreadsheets
    Case("xlsx-truncated", "import {work}/cut.xlsx --kind shipments", _truncated),
    Case(
        "xlsx-xml-cut-off",
        "import {work}/t.xlsx --kind shipments",
        _xlsx("t.xlsx", lambda x: x[: len(x) // 2]),
    ),
    Case("xlsx-missing-part", "import {work}/nosheet.xlsx --kind shipments", _missing_part),
    Case("xlsx-zip-bomb", "import {work}/bomb.xlsx --kind shipments", _zip_bomb),
    Case(
        "xlsx-number-holds-text",
        "import {work}/t.xlsx --kind shipments",
        _xlsx(
            "t.xlsx",
            lambda x: x.replace('<c r="E2" t="n"><v>1</v>', '<c r="E2" t="n"><v>one</v>', 1),
        ),
    ),
    Case(
        "xlsx-shared-string-missing",
        "import {work}/t.xlsx --kind shipments",
        _xlsx(
            "t.xlsx",
            lambda x: x.replace('<c r="E2" t="n"><v>1</v>', '<c r="E2" t="s"><v>999</v>', 1),
        ),
    ),
    Case("xlsx-chart-sheet", "import {work}/chart.xlsx --kind shipments --sheet 图表", _chart_book),
    Case(
        "xlsx-hidden-sheet",
        "import {work}/hidden.xlsx --kind shipments --sheet 旧表",
        _hidden_sheet,
    ),
    Case(
        "xlsx-hidden-row",
        "import {work}/t.xlsx --kind shipments",
        _xlsx("t.xlsx", lambda x: x.replace('<row r="3"', '<row r="3" hidden="1"', 1)),
    ),
    Case(
        "xlsx-formula-without-value",
        "import {work}/t.xlsx --kind shipments",
        _xlsx(
            "t.xlsx",
            lambda x: x.replace('<c r="E2" t="n"><v>1</v></c>', '<c r="E2"><f>1+0</f></c>', 1),
        ),
    ),
    Case(
        "xlsx-error-value",
        "import {work}/t.xlsx --kind shipments",
        _xlsx(
            "t.xlsx",
            lambda x: x.replace(
                '<c r="E2" t="n"><v>1</v></c>', '<c r="E2" t="e"><v>#N/A</v></c>', 1
            ),
        ),
    ),
    Case(
        "xlsx-boolean",
        "import {work}/t.xlsx --kind shipments",
        _xlsx(
            "t.xlsx",
            lambda x: x.replace('<c r="F2" t="n"><v>1</v></c>', '<c r="F2" t="b"><v>1</v></c>', 1),
        ),
    ),
    Case("xlsx-merged-rows", "import {work}/t.xlsx --kind shipments", _xlsx("t.xlsx", _merged)),
    Case(
        "csv-extra-cells",
        "import {work}/x.csv --kind shipments",
        _csv("x.csv", [SHIP_HEAD, [*SHIP_ROW, "extra"]]),
    ),
    Case(
        "csv-contradicting-place",
        "import {work}/x.csv --kind shipments",
        _csv(
            "x.csv",
            [
                ["date", "batch", "to", "township", "item", "qty"],
                ["2020-12-31", "3", "南彩镇", "高丽营镇", "面包", "1"],
            ],
        ),
    ),
    Case("csv-bom-then-gb18030", "import {work}/bom.csv --kind shipments", _gb18030_after_bom),
    # the 公示 page
    Case(
        "publish-not-our-page",
        "publish --out-dir {work}",
        _file("index.html", b"<html>the federation's own page</html>"),
    ),
    Case("publish-folder-missing", "publish --out-dir {work}/site"),
    Case("publish-index-is-folder", "publish --out-dir {work}", _folder("index.html")),
)


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder`` (recursively) with its bytes, a link's target or a kind."""
    seen: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            seen[name] = "link:" + os.readlink(path)
        elif path.is_dir():
            seen[name] = "dir"
        elif path.is_file():
            seen[name] = path.read_bytes()
        else:
            seen[name] = "special"
    return seen


def test_edges_are_refused_and_leave_ledger_and_folder_unchanged(
    audited_sqlite: CliRunner,
    sqlite_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(CASES) >= 40
    blocks = []
    before = dump(sqlite_url)
    for case in CASES:
        work = tmp_path / f"work-{case.name}"
        work.mkdir()
        if case.name == "out-is-ledger":
            (work / "ledger.xlsx").symlink_to(sqlite_url)
        if case.setup is not None:
            case.setup(work)
        folder = _snapshot(work)
        with monkeypatch.context() as patch:
            for key, value in case.env.items():
                patch.setenv(key, value)
            args = shlex.split(case.line.replace("{work}", shlex.quote(str(work))))
            result = audited_sqlite(*args)
        assert result.code != 0, (case.name, result.err)
        assert "Traceback" not in result.err, case.name
        assert result.err.startswith("reliefctl: error: ") or result.err.startswith(str(work)), (
            case.name,
            result.err,
        )
        if not case.line.startswith("import"):
            assert result.err.count("\n") == 1, (case.name, result.err)
        assert _snapshot(work) == folder, case.name
        assert dump(sqlite_url) == before, case.name
        shown = result.err.replace(str(work), "WORK").replace(sqlite_url, "LEDGER")
        shown = shown.replace(date.today().isoformat(), "TODAY")
        line = safe(case.line, line_breaks=False)
        env = " ".join(f"{k}='{safe(v, line_breaks=False)}'" for k, v in case.env.items())
        command = f"{env + ' ' if env else ''}reliefctl {line}"
        blocks.append(f"## {case.name}\n$ {command}\nexit {result.code}\n{shown}")
    text = "\n".join(blocks)
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "edges.txt differs (RELIEFCTL_UPDATE_GOLDEN=1)"
    )
