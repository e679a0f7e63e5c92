"""Chinese first: every word a user reads, in both languages; help that reads well at 80 and
100 columns; the language chosen once, from argv and the environment.

Goldens: ``tests/golden/zh.txt`` (``ship --help`` at 80 columns, ``stock``, ``funds``,
``log`` and confirmations in Chinese) and ``tests/golden/errors.zh.txt`` (every refusal of
``tests/test_errors.py`` and Click's usage errors, in Chinese). Rewrite them with
``RELIEFCTL_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import typer

from reliefctl.cli.app import app
from reliefctl.cli.help import paragraphs, translate_help, wrap
from reliefctl.display import display_width
from reliefctl.i18n import translations
from reliefctl.vocab import ENGLISH, PLURALS

from .conftest import ROOT, CliRunner
from .ledgers import dump
from .test_errors import CASES, GOLDEN, KEYED_CASES, UPDATE, prepare_cases, prepare_keyed

#: Words that may stay in English inside Chinese text: names of programs, formats and
#: standards, language codes, units of storage. Option names, environment variables,
#: entry ids, paths, file names and `commands` are removed before the check.
ALLOWED = {
    "reliefctl",
    "sqlite",
    "postgresql",
    "psycopg",
    "excel",
    "wps",
    "libreoffice",
    "json",
    "csv",
    "xlsx",
    "xls",
    "utf",
    "bom",
    "gb",
    "en",
    "zh",
    "sha",
    "hex",
    "iana",
    "wal",
    "cron",
    "asia",
    "shanghai",
    "usr",
    "ctrl",
    "sigterm",
    "sighup",
    "sigint",
    "nan",
    "inf",
    "tz",
    "postgres",
    "ok",
    "txt",
    "ansi",
    "openpyxl",
    "zip",
    "xml",
    "unicode",
    "nfkc",
    "id",
    "ids",
    "kg",
    "pdf",
    "http",
    "https",
    "sql",
    "tsv",
    "bak",
    "ascii",
    "fifo",
    "yyyy",
    "mm",
    "dd",
    "fen",
    "python",
    "pythonioencoding",
    "lang",
    "table",
    "template",
    "iso",
    "mod",
    "hmac",
    # a command a message suggests, and the operator the test fixtures record as
    "pip",
    "install",
    "createdb",
    "tester",
    "schema",
    "meta",
    "relief",
    "tzdata",
}
COMMANDS_AND_KINDS = {
    "init",
    "upgrade",
    "buy",
    "ship",
    "grant",
    "void",
    "stock",
    "funds",
    "log",
    "report",
    "verify",
    "head",
    "copy",
    "export",
    "import",
    "township",
    "unit",
    "item",
    "fund",
    "add",
    "list",
    "topup",
    "purchases",
    "shipments",
    "grants",
    "batch",
    "config",
    "show",
    "set",
    "master",
    "purchase",
    "shipment",
    # values the user types: --by dimensions, --format and --kind values
    "group",
    "month",
    "yes",
    "no",
    "true",
    "false",
    "on",
    "off",
    "reduce",
    "publish",
    "key",
    "allocation",
    "setting",
    "csv",
    "places",
    "items",
    "all",
    # issue 12: its commands, kinds, and the codes a clerk may type (--source, --reason, --by)
    "location",
    "receive",
    "transfer",
    "writeoff",
    "count",
    "receipt",
    "receipts",
    "transfers",
    "writeoffs",
    "counts",
    # issue 15: import --kind locations (master data)
    "locations",
    "donation",
    "allotted",
    "return",
    "expired",
    "damaged",
    "lost",
    "stolen",
    "other",
    # issue 16: person find --as values, template --kind recipients, and the command
    "id",
    "staff",
    "phone",
    "recipients",
    "person",
    "find",
    # issue 13: item pack, kit add/list, assemble, disassemble, --by item --components values
    "pack",
    "kit",
    "kits",
    "assemble",
    "disassemble",
    "assembly",
    "disassembly",
    "assemblies",
    "component",
    "components",
}
_REMOVED = (
    r"\S+\.(xlsx|csv|sqlite|txt|xls|po|mo|json|html)\b",  # file names
    r"`[^`]*`",  # a command line quoted in the text
    r"'[^']*'",  # the user's own text, quoted
    r"“[^”]*”",  # a sheet's column heading or a table name, quoted
    r"https?://\S+|[\w+.-]+://\S*",  # URLs
    r"--?[A-Za-z][\w-]*(=\S*)?",  # options as typed
    r"\$?\b[A-Z][A-Z0-9_]*[A-Z0-9]\b",  # environment variables, metavars, SQL words
    r"\b[A-Z]-\d+\b",  # entry ids
    r"\S*[/\\]\S*",  # paths
    r"\S+\.(xlsx|csv|sqlite|txt|xls|po|mo|json|html)\b",  # file names
    r"\b[0-9a-f]{8,}\b",  # hashes
    r"\b[A-Za-z]+_[A-Za-z_]+\b",  # identifiers: search_path, unit_price
    r"[\w-]+=\S*",  # connection parameters: options=-csearch_path=...
)


def english_words(text: str) -> list[str]:
    """The English words left in ``text`` once ids, options, paths and names are removed."""
    for pattern in _REMOVED:
        text = re.sub(pattern, " ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w.lower() not in ALLOWED | COMMANDS_AND_KINDS]


def _walk(command: object, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, (*path, name))


COMMAND_PATHS = [path for path, _ in _walk(typer.main.get_command(app))]


# --- the catalog ---------------------------------------------------------------------------------


def test_the_catalog_is_current_and_complete() -> None:
    """The .pot, .po and .mo are what scripts/catalog.py writes now, and every message has
    Chinese (the compiled .mo is committed: a fresh install needs no Babel)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalog.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _placeholders(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, spec or "", conversion or "")
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    )


def test_every_vocabulary_entry_has_chinese_with_the_same_placeholders() -> None:
    zh = translations("zh")
    for key, english in ENGLISH.items():
        chinese = zh.pgettext(key, english)
        words = english_words(re.sub(r"\{[^}]*\}", " ", english))
        assert chinese != english or not words, (key, english)
        assert english_words(re.sub(r"\{[^}]*\}", " ", chinese)) == [], (key, chinese)
        assert _placeholders(chinese) == _placeholders(english), (key, chinese)
        assert "\n" not in chinese, key
    for key, (singular, plural, _by) in PLURALS.items():
        chinese = zh.npgettext(key, singular, plural, 2)
        assert chinese not in (singular, plural), key
        assert _placeholders(chinese) == _placeholders(plural), (key, chinese)


def test_every_help_text_has_chinese() -> None:
    root = typer.main.get_command(app)
    from reliefctl.cli.help import help_texts

    for text in help_texts(root):
        chinese = "\n\n".join(translate_help("zh", text))
        assert chinese != text, text
        assert english_words(chinese) == [], (text, english_words(chinese))


# --- choosing the language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "args", "chinese"),
    [
        ({"LANG": "zh_CN.UTF-8"}, [], True),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, [], True),
        ({"LANGUAGE": "zh_CN:en", "LANG": "C.UTF-8"}, [], True),
        ({"RELIEFCTL_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, [], True),
        ({"RELIEFCTL_LANG": "zh", "LANG": "zh_CN.UTF-8"}, ["--lang", "en"], False),
        ({"LANG": "C.UTF-8"}, [], False),
        ({"LANG": "en_US.UTF-8"}, ["--lang=zh_CN.UTF-8"], True),
        ({}, ["--lang", "zh"], True),
    ],
)
def test_the_language_reaches_help_and_messages(
    bare_cli: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    args: list[str],
    chinese: bool,
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "RELIEFCTL_LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    helped = bare_cli(*args, "ship", "--help")
    assert helped.code == 0
    assert helped.out.startswith("用法：" if chinese else "Usage: "), helped.out[:40]
    refused = bare_cli(*args, "ship", "--date", "2021-01-01")
    assert refused.code == 2
    assert ("缺少选项 --batch" in refused.err) == chinese, refused.err
    assert ("missing option --batch" in refused.err) == (not chinese), refused.err


def test_an_unknown_language_is_refused_in_english(
    bare_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELIEFCTL_LANG", "fr")
    result = bare_cli("stock")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("reliefctl: error: RELIEFCTL_LANG: "), result.err
    monkeypatch.delenv("RELIEFCTL_LANG")
    result = bare_cli("--lang", "klingon", "ship", "--help")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("reliefctl: error: --lang: "), result.err


# --- help at 80 and 100 columns ------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_help_never_cuts_a_word_and_fits_the_width(
    bare_cli: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    root = typer.main.get_command(app)
    commands = dict(_walk(root))
    for path in COMMAND_PATHS:
        result = bare_cli("--lang", lang, *path, "--help")
        assert result.code == 0, (path, result.err)
        for line in result.out.splitlines():
            # A line wider than the page holds one unbreakable unit (a long path) only.
            assert display_width(line) <= width or " " not in line.strip(), (path, line)
        page = _squash(result.out)
        command = commands[path]
        texts = [command.help] + [getattr(p, "help", None) for p in command.params]
        for text in texts:
            for paragraph in translate_help(lang, text):  # type: ignore[arg-type]
                assert _squash(paragraph) in page, (path, paragraph)
        assert "<bool>" not in result.out
        if lang == "zh":
            assert english_words(result.out) == [], (path, english_words(result.out))


def test_wrapping_breaks_between_words_and_chinese_characters_only() -> None:
    text = (
        "记录一次物资发放（按平均成本计价），批次和乡镇（街道）必须已知；--item 暖身贴=3万 可重复。"
    )
    lines = wrap(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert display_width(line) <= 20
        assert not line.startswith(("，", "。", "；", "）")), line
        assert not line.endswith("（"), line
    assert wrap("A new label opens a new batch, and says so.", 12) == [
        "A new label",
        "opens a new",
        "batch, and",
        "says so.",
    ]
    assert wrap("see /a/very/long/path/that/does/not/fit.xlsx now", 10) == [
        "see",
        "/a/very/long/path/that/does/not/fit.xlsx",
        "now",
    ]


def test_a_docstring_line_break_is_not_part_of_the_text() -> None:
    assert paragraphs("Copy the whole\n    ledger.\n\n    Ids are kept.") == [
        "Copy the whole ledger.",
        "Ids are kept.",
    ]
    assert paragraphs("记录一次\n物资发放。") == ["记录一次物资发放。"]


# --- refusals in Chinese -------------------------------------------------------------------------

CLICK_CASES: tuple[tuple[str, str], ...] = (
    ("missing-option", "ship --date 2021-01-01 --to 南彩镇 --item 面包=1"),
    ("missing-argument", "township add"),
    ("no-such-option", "ship --dat 2021-01-01"),
    ("needs-a-value", "ship --to"),
    ("takes-no-value", "buy --json=yes"),
    ("extra-arguments", "stock 暖身贴 面包"),
    ("no-such-command", "shp"),
    ("keep-zero", "export --out-dir . --keep 0"),
)


def test_refusals_in_chinese_match_the_golden_file(
    audited_sqlite: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(tmp_path / "keys" / "person.key"))
    prepare_cases(audited_sqlite, tmp_path)
    before = dump(sqlite_url)
    blocks = []
    for name, line in (*CASES, *CLICK_CASES, *KEYED_CASES):
        if name == KEYED_CASES[0][0]:
            prepare_keyed(audited_sqlite, tmp_path)
        args = shlex.split(line.replace("LEDGER", shlex.quote(sqlite_url)))
        result = audited_sqlite("--lang", "zh", *args)
        assert result.code != 0, (name, result.err)
        err = result.err
        prefix = "reliefctl: error: " if name == "lang-unknown" else "reliefctl: 错误："
        assert err.count("\n") == 1 and err.startswith(prefix), (name, err)
        shown = err.replace(sqlite_url, "LEDGER").replace(str(tmp_path), "TMP")
        shown = shown.replace(date.today().isoformat(), "TODAY")
        if name != "lang-unknown":  # the unknown language is said in English, on purpose
            assert english_words(err) == [], (name, err, english_words(err))
        blocks.append(f"## {name}\n$ reliefctl --lang zh {line}\nexit {result.code}\n{shown}")
    assert dump(sqlite_url) == before
    text = "\n".join(blocks)
    path = GOLDEN / "errors.zh.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "errors.zh.txt differs"


# --- views, confirmations and help in Chinese ----------------------------------------------------


def test_chinese_pages_match_the_golden_file(
    domain_sqlite: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    blocks = []
    for line in (
        "ship --help",
        "township --help",
        "stock",
        "funds",
        "log --since 2020-12-30 --until 2021-01-05",
        "township add 测试镇",
        "item add 测试物资 --unit 个",
        "buy --date 2021-01-10 --item 测试物资 --qty 100 --unit-price 0.125",
        "ship --date 2021-01-10 --batch 测试批 --to 测试镇 --item 测试物资=10 --people 5",
        "grant --date 2021-01-10 --to 测试镇 --amount 500 --people 1",
        "void S-000001 --reason 录错",
    ):
        result = domain_sqlite("--lang", "zh", *shlex.split(line))
        assert result.code == 0, (line, result.err)
        out = re.sub(r"20\d\d-\d\d-\d\dT[0-9:.+-]+", "RECORDED_AT", result.out)
        out = out.replace(date.today().isoformat(), "TODAY-DATE")
        assert english_words(out) == [], (line, english_words(out))
        blocks.append(f"## reliefctl --lang zh {line}\n{out}")
    text = "\n".join(blocks)
    path = GOLDEN / "zh.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "tests/golden/zh.txt differs"


def test_view_csv_headings_follow_only_an_explicit_lang(
    domain_sqlite: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for view, first in (("stock", "item"), ("funds", "fund"), ("log", "id")):
        implicit = domain_sqlite(view, "--format", "csv")
        headings = next(csv.reader(io.StringIO(implicit.out.lstrip("\ufeff"))))
        assert headings[0] == first, (view, headings)
        explicit = domain_sqlite("--lang", "zh", view, "--format", "csv")
        translated = next(csv.reader(io.StringIO(explicit.out.lstrip("\ufeff"))))
        assert len(translated) == len(headings)
        assert english_words(" ".join(translated)) == [], translated
        as_json = json.loads(domain_sqlite("--lang", "zh", view, "--format", "json").out)
        assert list(as_json[0]) == headings, view


def test_the_sample_operation_speaks_chinese_throughout(
    bare_cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LANG=zh_CN.UTF-8: every line of data/sample/operation.txt, then every view and report,
    says nothing in English but ids, units and numbers."""
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(tmp_path / "person.key"))
    folder = ROOT / "data" / "sample"
    sample = (folder / "operation.txt").read_text(encoding="utf-8")
    lines = [
        line.replace("{sample}", str(folder))
        for line in sample.splitlines()
        if line and not line.startswith("#")
    ]
    assert bare_cli("key", "init").code == 0
    for line in (*lines, "stock", "funds", "log", "report", "verify", "head", "item list"):
        result = bare_cli(*shlex.split(line))
        assert result.code == 0, (line, result.err)
        said = result.out + result.err
        said = re.sub(r"20\d\d-\d\d-\d\dT[0-9:.+-]+", " ", said)
        assert english_words(said) == [], (line, english_words(said))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_log_at_80_columns_cuts_nothing(
    domain_sqlite: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    table = domain_sqlite("--lang", lang, "log").out
    rows = [line for line in table.splitlines() if re.match(r"[A-Z]-\d{6}", line)]
    assert rows
    for line in table.splitlines():
        assert display_width(line) <= 80, line
    for line in rows:
        assert line.rstrip().endswith("tester"), line  # the operator, whole
