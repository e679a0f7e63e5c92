"""Hostile input: every row is refused with one line on stderr and a non-zero exit, and the
ledger is exactly as before (every table compared); text that merely looks dangerous (SQL,
spreadsheet formulas) is stored literally; arbitrary text in any numeric or date option never
crashes the tool."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import CliRunner, Result, _make_cli
from .ledgers import audited_operation, dump, unwritable

# The audited DOMAIN.md operation (tests/ledgers.py): 面包 and 水饺 are in stock, S-000012,
# G-000001 and P-000006 are voided by V-000001..V-000003, the fund has budget left.
SHIP = ("ship", "--date", "2020-12-31", "--batch", "3", "--to", "南彩镇")
BUY = ("buy", "--date", "2021-01-06", "--item", "水饺")
GRANT = ("grant", "--date", "2021-01-06", "--to", "南彩镇")
LONG = "长" * 40_000
THIRTY_DIGITS = "123456789012345678901234567890"
MYANMAR = "၁၂၃"  # 123 in Myanmar digits
ARABIC_INDIC = "١٢٣"  # 123 in Arabic-Indic digits


def row(name: str, args: tuple[str, ...], code: int, message: str) -> object:
    return pytest.param(args, code, message, id=name)


HOSTILE = [
    # quantities
    row("qty-zero", (*BUY, "--qty", "0", "--total", "1"), 2, "is zero"),
    row("qty-negative", (*BUY, "--qty=-5", "--total", "1"), 2, "has a sign"),
    row("qty-fraction", (*BUY, "--qty", "1.5", "--total", "1"), 2, "not a whole number"),
    row("qty-30-digits", (*BUY, "--qty", THIRTY_DIGITS, "--total", "1"), 2, "more than"),
    row("qty-myanmar", (*BUY, "--qty", MYANMAR, "--total", "1"), 2, "only ASCII digits"),
    row("qty-exponent", (*BUY, "--qty", "1e3", "--total", "1"), 2, "not a number"),
    row("item-qty-zero", (*SHIP, "--item", "面包=0"), 2, "is zero"),
    row("item-qty-negative", (*SHIP, "--item", "面包=-3"), 2, "has a sign"),
    row("item-qty-fraction", (*SHIP, "--item", "面包=2.5"), 2, "not a whole number"),
    row("item-qty-30-digits", (*SHIP, "--item", f"面包={THIRTY_DIGITS}"), 2, "more than"),
    row("item-qty-arabic-indic", (*SHIP, "--item", f"面包={ARABIC_INDIC}"), 2, "only ASCII"),
    row("people-negative", (*SHIP, "--item", "面包=1", "--people=-1"), 2, "has a sign"),
    row("people-fraction", (*SHIP, "--item", "面包=1", "--people", "1.5"), 2, "whole"),
    row("people-nan", (*GRANT, "--amount", "1", "--people", "NaN"), 2, "not a number"),
    # amounts
    row("amount-nan", (*GRANT, "--amount", "NaN"), 2, "not a number"),
    row("amount-inf", (*GRANT, "--amount", "inf"), 2, "not a number"),
    row("amount-infinity", (*GRANT, "--amount", "-Infinity"), 2, "sign"),
    row("amount-1e309", (*GRANT, "--amount", "1e309"), 2, "not a number"),
    row("amount-fen-fraction", (*GRANT, "--amount", "12.345"), 2, "fractions of a fen"),
    row("amount-zero", (*GRANT, "--amount", "0.00"), 2, "is zero"),
    row("amount-beyond-bound", (*GRANT, "--amount", "10000000000000.01"), 2, "more than"),
    row("amount-30-digits", (*GRANT, "--amount", THIRTY_DIGITS), 2, "more than"),
    row("amount-myanmar", (*GRANT, "--amount", MYANMAR), 2, "only ASCII digits"),
    row("amount-arabic-indic", (*GRANT, "--amount", f"{ARABIC_INDIC}万"), 2, "only ASCII"),
    row("total-nan", (*BUY, "--qty", "1", "--total", "nan"), 2, "not a number"),
    row("total-1e309", (*BUY, "--qty", "1", "--total", "1e309"), 2, "not a number"),
    row("unit-price-7-decimals", (*BUY, "--qty", "1", "--unit-price", "0.1234567"), 2, "6 dec"),
    row("unit-price-beyond", (*BUY, "--qty", "1", "--unit-price", THIRTY_DIGITS), 2, "more"),
    row("budget-inf", ("fund", "add", "新基金", "--budget", "inf"), 2, "not a number"),
    row("budget-beyond", ("fund", "add", "新基金", "--budget", "10000000000000.01"), 2, "more"),
    row("topup-12.345", ("fund", "topup", "防疫专项资金", "--amount", "12.345"), 2, "fen"),
    row(
        "topup-beyond", ("fund", "topup", "防疫专项资金", "--amount", "9999999999999"), 2, "exceed"
    ),
    # dates
    row(
        "date-feb-30",
        ("grant", "--date", "2021-02-30", "--to", "南彩镇", "--amount", "1"),
        2,
        "not a calendar date",
    ),
    row(
        "date-year-1",
        ("grant", "--date", "0001-01-01", "--to", "南彩镇", "--amount", "1"),
        2,
        "before 2000-01-01",
    ),
    row(
        "date-far-future",
        (*SHIP[:1], "--date", "9999-12-31", *SHIP[3:], "--item", "面包=1"),
        2,
        "in the future",
    ),
    row(
        "date-arabic-indic",
        ("buy", "--date", "٢٠٢٠-١٢-٢٨", *BUY[3:], "--qty", "1", "--total", "1"),
        2,
        "only ASCII digits",
    ),
    row("date-empty", ("buy", "--date", "", *BUY[3:], "--qty", "1", "--total", "1"), 2, "is empty"),
    row(
        "date-month-13",
        ("buy", "--date", "2020-13-01", *BUY[3:], "--qty", "1", "--total", "1"),
        2,
        "not a calendar date",
    ),
    row("since-after-until", ("log", "--since", "2021-01-02", "--until", "2021-01-01"), 2, "after"),
    # names
    row("name-empty", ("township", "add", ""), 2, "is empty"),
    row("name-whitespace", ("township", "add", "   "), 2, "is empty"),
    row("name-ideographic-space", ("township", "add", "\u3000\t"), 2, "is empty"),
    row("name-control", ("township", "add", "仁和\x07镇"), 2, "control character"),
    row("name-escape", ("item", "add", "\x1b[31m暖身贴", "--unit", "个"), 2, "control"),
    row("name-zero-width", ("township", "add", "仁和\u200b镇"), 2, "invisible"),
    row("name-rtl-override", ("township", "add", "\u202e镇和仁"), 2, "RIGHT-TO-LEFT OVERRIDE"),
    row("name-line-break", ("fund", "add", "基金\n二", "--budget", "1"), 2, "line break"),
    row("name-too-long", ("township", "add", "镇" * 101), 2, "at most 100"),
    row(
        "to-zero-width",
        ("grant", "--date", "2021-01-06", "--to", "南彩\u200d镇", "--amount", "1"),
        2,
        "invisible",
    ),
    row(
        "batch-whitespace",
        (*SHIP[:3], "--batch", " ", *SHIP[5:], "--item", "面包=1"),
        2,
        "is empty",
    ),
    row("group-rtl", (*SHIP, "--item", "面包=1", "--group", "\u202e群众"), 2, "invisible"),
    row("unit-control", ("item", "add", "口罩", "--unit", "个\x08"), 2, "control"),
    # long texts
    row("note-40000", (*SHIP, "--item", "面包=1", "--note", LONG), 2, "at most 2000"),
    row("buy-note-40000", (*BUY, "--qty", "1", "--total", "1", "--note", LONG), 2, "2000"),
    row("purpose-40000", (*GRANT, "--amount", "1", "--purpose", LONG), 2, "at most 2000"),
    row("reason-40000", ("void", "S-000011", "--reason", LONG), 2, "at most 2000"),
    row("ref-101", (*SHIP, "--item", "面包=1", "--ref", "R" * 101), 2, "at most 100"),
    row("note-control", (*SHIP, "--item", "面包=1", "--note", "ok\x00"), 2, "control"),
    # voids
    row("void-a-void", ("void", "V-000001", "--reason", "x"), 1, "a void cannot be voided"),
    row("void-twice", ("void", "S-000012", "--reason", "x"), 1, "already voided by V-000001"),
    row("void-unknown", ("void", "S-999999", "--reason", "x"), 1, "no entry S-999999"),
    row("void-master-data", ("void", "M-000001", "--reason", "x"), 1, "master-data"),
    row("void-malformed-id", ("void", "XYZ", "--reason", "x"), 2, "not an entry id"),
    row("void-empty-reason", ("void", "S-000011", "--reason", " "), 2, "is empty"),
    # item specs
    row("item-without-qty", (*SHIP, "--item", "暖身贴"), 2, "give ITEM=QTY"),
    row("item-without-name", (*SHIP, "--item", "=5"), 2, "no item name"),
    row("item-empty-qty", (*SHIP, "--item", "面包="), 2, "no quantity"),
    row("item-twice", (*SHIP, "--item", "面包=1", "--item", "面包=2"), 2, "appears twice"),
    row(
        "item-twice-normalised",
        (*SHIP, "--item", "面包=1", "--item", " 面包 =2"),
        2,
        "appears twice",
    ),
    # rules (well-formed, refused)
    row("out-of-stock", (*SHIP, "--item", "面包=99999"), 1, "not enough 面包"),
    row("unknown-place", (*SHIP[:5], "--to", "火星", "--item", "面包=1"), 1, "unknown place"),
    row("unknown-item", (*SHIP, "--item", "口罩=1"), 1, "unknown item"),
    row("overdrawn", (*GRANT, "--amount", "1000万", "--fund", "防疫专项资金"), 1, "overdraw"),
    row(
        "price-and-total",
        (*BUY, "--qty", "1", "--total", "1", "--unit-price", "1"),
        2,
        "exactly one",
    ),
]


def assert_refused(result: Result, code: int, message: str) -> None:
    assert result.code == code, (result.code, result.err)
    assert result.err.startswith("reliefctl: error: ")
    assert result.err.count("\n") == 1, result.err
    assert message in result.err, result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert len(result.err) < 600, "a message quotes hostile text, it does not echo it whole"


@pytest.mark.parametrize(("args", "code", "message"), HOSTILE)
def test_hostile_input_is_refused_and_changes_nothing(
    audited_sqlite: CliRunner, sqlite_url: str, args: tuple[str, ...], code: int, message: str
) -> None:
    before = dump(sqlite_url)
    assert_refused(audited_sqlite(*args), code, message)
    assert dump(sqlite_url) == before


def test_refusals_inside_the_transaction_change_nothing_on_each_backend(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rows refused by the posting rules (inside the write transaction) on both backends."""
    cli = _make_cli(monkeypatch, capsys, db_url)
    assert cli("init").code == 0
    audited_operation(cli)
    before = dump(db_url)
    for param in HOSTILE:
        args, code, message = param.values  # type: ignore[attr-defined]
        if code == 1 or "appears twice" in message:
            assert_refused(cli(*args), code, message)
    assert dump(db_url) == before


# --- text that looks dangerous is stored literally ---------------------------------------------

INJECTION = "'; DROP TABLE shipments;--"
FORMULA = '=HYPERLINK("http://x","y")'


def test_sql_and_formulas_are_stored_literally(audited_sqlite: CliRunner, sqlite_url: str) -> None:
    before = dump(sqlite_url)
    assert audited_sqlite("township", "add", INJECTION).code == 0
    ship = audited_sqlite(
        *SHIP[:5], "--to", INJECTION, "--item", "面包=1", "--note", FORMULA, "--ref", INJECTION
    )
    assert ship.code == 0, ship.err
    grant = audited_sqlite(*GRANT, "--amount", "1", "--purpose", FORMULA, "--note", INJECTION)
    assert grant.code == 0, grant.err
    after = dump(sqlite_url)
    assert set(after) == set(before)  # every table still there
    assert len(after["shipment_lines"]) == len(before["shipment_lines"]) + 1
    conn = sqlite3.connect(sqlite_url)
    try:
        names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master")]
        assert "shipments" not in names and "shipment_lines" in names
        assert conn.execute(
            "SELECT name FROM townships WHERE entry_id = 'M-000018'"
        ).fetchone() == (INJECTION,)
        assert conn.execute("SELECT note, ref FROM entries WHERE id = 'S-000013'").fetchone() == (
            FORMULA,
            INJECTION,
        )
        assert conn.execute(
            "SELECT purpose FROM grants WHERE entry_id = 'G-000002'"
        ).fetchone() == (FORMULA,)
    finally:
        conn.close()
    log = {e["id"]: e for e in json.loads(audited_sqlite("log", "--format", "json").out)}
    assert log["S-000013"]["note"] == FORMULA and log["S-000013"]["ref"] == INJECTION
    assert log["G-000002"]["note"] == INJECTION
    assert audited_sqlite("verify").code == 0


def test_the_longest_accepted_note_is_kept_whole(audited_sqlite: CliRunner) -> None:
    note = "备" * 2000
    assert audited_sqlite(*SHIP, "--item", "面包=1", "--note", note).code == 0
    log = json.loads(audited_sqlite("log", "--format", "json").out)
    assert log[-1]["note"] == note
    assert audited_sqlite("verify").code == 0


# --- arbitrary text never crashes the tool -----------------------------------------------------

Target = Callable[[str], tuple[str, ...]]

#: Every numeric and date option of the recording commands, fund add/topup, report and log.
TARGETS: dict[str, Target] = {
    "buy --qty": lambda x: (*BUY, f"--qty={x}", "--total", "1"),
    "buy --total": lambda x: (*BUY, "--qty", "1", f"--total={x}"),
    "buy --unit-price": lambda x: (*BUY, "--qty", "1", f"--unit-price={x}"),
    "buy --date": lambda x: ("buy", f"--date={x}", *BUY[3:], "--qty", "1", "--total", "1"),
    "ship --date": lambda x: ("ship", f"--date={x}", *SHIP[3:], "--item", "面包=1"),
    "ship --item qty": lambda x: (*SHIP, f"--item=面包={x}"),
    "ship --people": lambda x: (*SHIP, "--item", "面包=1", f"--people={x}"),
    "grant --amount": lambda x: (*GRANT, f"--amount={x}"),
    "grant --date": lambda x: ("grant", f"--date={x}", *GRANT[3:], "--amount", "1"),
    "grant --people": lambda x: (*GRANT, "--amount", "1", f"--people={x}"),
    "fund add --budget": lambda x: ("fund", "add", "测试基金", f"--budget={x}"),
    "fund topup --amount": lambda x: ("fund", "topup", "防疫专项资金", f"--amount={x}"),
    "report --since": lambda x: ("report", f"--since={x}"),
    "report --until": lambda x: ("report", f"--until={x}"),
    "log --since": lambda x: ("log", f"--since={x}"),
    "log --until": lambda x: ("log", f"--until={x}"),
}

#: Characters a number or date parser might trip over, mixed into arbitrary text.
TRICKY = (
    "0123456789０１２３４５６７８９၁၂١٢۳४零一二十百千万萬亿億"
    ".,，。-−+eEeinfINFnaNa¥￥元$ /年月日_'\"\\\t\u3000\u200b\u202e\x00\x1b\ufeff%?*"
)
arbitrary = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=TRICKY, max_size=25),
    st.from_regex(
        r"[-+]?[0-9０-９]{1,25}([.,][0-9]{0,8})?[万亿元]?(e[-+]?[0-9]{1,4})?", fullmatch=True
    ),
    st.from_regex(r"[0-9]{1,5}[-/.年][0-9]{1,3}[-/.月][0-9]{1,3}日?", fullmatch=True),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(sorted(TARGETS)), text=arbitrary)
def test_arbitrary_text_never_crashes(audited_sqlite: CliRunner, target: str, text: str) -> None:
    result = audited_sqlite(*TARGETS[target](text))
    assert result.code != 70, result.err
    assert "Traceback" not in result.err and "Traceback" not in result.out
    assert result.err.count("\n") <= 1, result.err
    if result.code != 0:
        assert result.err.startswith("reliefctl: error: "), result.err


# --- export paths ------------------------------------------------------------------------------

EXPORT_PATHS = [
    pytest.param("{tmp}", 2, "is a folder", id="a-folder"),
    pytest.param("{tmp}/missing/relief.xlsx", 2, "does not exist", id="missing-folder"),
    pytest.param("{tmp}/plain.txt/relief.xlsx", 2, "is not a folder", id="under-a-file"),
    pytest.param("{tmp}/relief.csv", 2, "must end in .xlsx", id="not-xlsx"),
    pytest.param("{tmp}/locked/relief.xlsx", 4, "cannot write in the folder", id="unwritable"),
]


@pytest.mark.parametrize(("out", "code", "message"), EXPORT_PATHS)
def test_export_paths_that_cannot_work(
    audited_sqlite: CliRunner, sqlite_url: str, tmp_path: Path, out: str, code: int, message: str
) -> None:
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    before = dump(sqlite_url)
    with unwritable(locked):
        assert_refused(audited_sqlite("export", "--out", out.format(tmp=tmp_path)), code, message)
        assert list(locked.iterdir()) == []
    assert dump(sqlite_url) == before
