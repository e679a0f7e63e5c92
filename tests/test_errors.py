"""Errors are data: every class has a code, a message template and an exit code; every refusal
below is pinned, line and exit code, by a golden file.

``tests/golden/errors.txt`` holds one case per block: the command line, its exit code and its
exact stderr, run on a copy of the audited DOMAIN.md ledger (``tests/ledgers.py``). After a
deliberate change of a message, rewrite it with
``RELIEFCTL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_errors.py`` and review the diff.
"""

from __future__ import annotations

import os
import shlex
import string
from datetime import date
from pathlib import Path

import pytest

from reliefctl import errors
from reliefctl.cli.errors import EXIT_CODES, ExitCode, exit_code_for
from reliefctl.display import safe
from reliefctl.vocab import ENGLISH, PLURALS

from .conftest import ROOT, CliRunner
from .ledgers import dump

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("RELIEFCTL_UPDATE_GOLDEN") == "1"

SHIP = "ship --date 2020-12-31 --batch 3 --to 南彩镇"
BUY = "buy --date 2021-01-06 --item 水饺"
GRANT = "grant --date 2021-01-06 --to 南彩镇"
BUY_PACKED = "buy --date 2021-01-06 --item 暖身贴"

#: Every refusal pinned by the golden file: (name, command line after `reliefctl`).
CASES: tuple[tuple[str, str], ...] = (
    # numbers
    ("qty-zero", f"{BUY} --qty 0 --total 1"),
    ("qty-sign", f"{BUY} --qty=-5 --total 1"),
    ("qty-fraction", f"{BUY} --qty 1.5 --total 1"),
    ("qty-too-large", f"{BUY} --qty 123456789012345678901234567890 --total 1"),
    ("qty-myanmar", f"{BUY} --qty ၁၂၃ --total 1"),
    ("qty-exponent", f"{BUY} --qty 1e3 --total 1"),
    ("qty-money", f"{BUY} --qty ¥5 --total 1"),
    ("qty-commas", f"{BUY} --qty 1,00 --total 1"),
    ("qty-space", f"{BUY} --qty '1 000' --total 1"),
    ("qty-empty", f"{BUY} --qty '' --total 1"),
    ("amount-fen", f"{GRANT} --amount 12.345"),
    ("amount-nan", f"{GRANT} --amount NaN"),
    ("amount-too-large", f"{GRANT} --amount 10000000000000.01"),
    ("amount-wan-too-large", f"{GRANT} --amount 2000000000万"),
    ("price-decimals", f"{BUY} --qty 1 --unit-price 0.1234567"),
    ("price-or-total", f"{BUY} --qty 1"),
    ("price-and-total", f"{BUY} --qty 1 --unit-price 1 --total 1"),
    ("rounds-to-zero", f"{BUY} --qty 1 --unit-price 0.001"),
    ("people-sign", f"{SHIP} --item 面包=1 --people=-1"),
    ("item-qty-zero", f"{SHIP} --item 面包=0"),
    ("item-no-equals", f"{SHIP} --item 面包"),
    ("item-no-name", f"{SHIP} --item =5"),
    ("item-no-qty", f"{SHIP} --item 面包="),
    ("item-twice", f"{SHIP} --item 面包=1 --item 面包=2"),
    # dates
    ("date-calendar", "grant --date 2021-02-30 --to 南彩镇 --amount 1"),
    ("date-early", "grant --date 1999-12-31 --to 南彩镇 --amount 1"),
    ("date-future", "grant --date 9999-12-31 --to 南彩镇 --amount 1"),
    ("date-form", "grant --date 28/12/2020 --to 南彩镇 --amount 1"),
    ("date-empty", "grant --date '' --to 南彩镇 --amount 1"),
    ("period-reversed", "log --since 2021-01-02 --until 2021-01-01"),
    ("report-period-reversed", "report --since 2021-01-02 --until 2021-01-01"),
    # names and texts
    ("name-empty", "township add ''"),
    ("name-control", "township add 仁和\x07镇"),
    ("name-zero-width", "township add 仁和\u200b镇"),
    ("name-rtl", "township add \u202e镇和仁"),
    ("name-line-break", "fund add '基金\n二' --budget 1"),
    ("name-too-long", "township add " + "镇" * 101),
    ("note-too-long", f"{SHIP} --item 面包=1 --note " + "长" * 2001),
    ("ref-too-long", f"{SHIP} --item 面包=1 --ref " + "R" * 101),
    # ledger rules
    ("unknown-place", "grant --date 2021-01-06 --to 高丽营 --amount 1"),
    ("unknown-item", f"{SHIP} --item 暖身帖=1"),
    ("unknown-fund", f"{GRANT} --amount 1 --fund 防疫基金"),
    ("unknown-township", "unit add 新社区 --township 胜利"),
    ("out-of-stock", f"{SHIP} --item 面包=999999"),
    ("out-of-stock-later", "ship --date 2020-12-30 --batch 3 --to 南彩镇 --item 水饺=54000"),
    ("overdrawn", f"{GRANT} --amount 190万 --fund 防疫专项资金"),
    ("ref-conflict", "ship --date 2020-12-28 --batch 1 --to 高丽营镇 --item 暖身贴=1 --ref DN-1-2"),
    ("place-taken", "unit add 高丽营镇 --township 胜利街道"),
    ("unit-elsewhere", "unit add 幸福东区 --township 高丽营镇"),
    ("item-unit-differs", "item add 暖身贴 --unit 箱"),
    ("fund-budget-differs", "fund add 防疫专项资金 --budget 1"),
    ("name-near-duplicate", "township add 高丽营"),
    ("name-near-duplicate-unit", "unit add 胜利 --township 胜利街道"),
    ("name-same-key", "township add ⾼丽营镇 --force"),
    ("name-same-key-item", "item add ⽔饺 --unit 袋"),
    (
        "ref-conflict-full-width",
        "ship --date 2020-12-28 --batch 1 --to 高丽营镇 --item 暖身贴=1 --ref ＤＮ－１－２",
    ),
    ("qty-wrong-unit", f"{BUY} --qty 12箱 --total 1"),
    ("item-qty-wrong-unit", f"{SHIP} --item 面包=5箱"),
    ("budget-too-large", "fund topup 防疫专项资金 --amount 9999999999999"),
    # packs (issue 13): prepare_cases gives 暖身贴 the pack 箱 of 240 个
    ("pack-size-differs", "item pack 暖身贴 箱 --size 200"),
    ("pack-is-unit", "item pack 暖身贴 个 --size 2"),
    ("pack-name-digit", "item pack 暖身贴 5kg袋 --size 2"),
    ("pack-name-unreadable", "item pack 暖身贴 万 --size 2"),
    ("pack-size-zero", "item pack 暖身贴 盒 --size 0"),
    ("pack-unknown-item", "item pack 暖身 盒 --size 10"),
    ("unit-digit", "item add 面粉 --unit 5kg袋"),
    ("qty-pack-not-whole", f"{BUY_PACKED} --qty 0.001箱 --total 1"),
    ("qty-base-not-whole", f"{BUY_PACKED} --qty 2箱1.5个 --total 1"),
    ("qty-unknown-pack", f"{BUY_PACKED} --qty 12盒 --total 1"),
    ("qty-unit-twice", f"{BUY_PACKED} --qty 2箱3箱 --total 1"),
    ("qty-pack-too-large", f"{BUY_PACKED} --qty 10000000000箱 --total 1"),
    ("ship-packs-out-of-stock", f"{SHIP} --item 暖身贴=1箱"),
    # dated budgets, cash spent, show and log filters (issue 14)
    ("reduce-overdraws", "fund reduce 防疫专项资金 --amount 190万 --date 2021-01-06"),
    ("reduce-sign", "fund topup 防疫专项资金 --amount=-5000"),
    ("allocation-date-future", "fund topup 防疫专项资金 --amount 1 --date 2999-01-01"),
    ("require-fund-yes-no", "config set require_fund maybe"),
    ("report-unknown-fund", "report --fund 防疫基金"),
    ("pivot-fund-item", "report --by fund --by item --pivot"),
    ("show-unknown", "show S-999999"),
    ("show-bad-id", "show 12x"),
    ("log-unknown-kind", "log --kind nonsense"),
    ("log-unknown-batch", "log --batch 九"),
    ("log-unknown-group", "log --group 没有这个"),
    ("log-unknown-place", "log --to 南彩"),
    # voids
    ("void-unknown", "void S-999999 --reason x"),
    ("void-bad-id", "void X-1 --reason x"),
    ("void-of-void", "void V-000001 --reason x"),
    ("void-of-master", "void M-000001 --reason x"),
    ("void-of-setting", "void L-000001 --reason x"),
    ("void-twice", "void S-000012 --reason x"),
    ("void-unstock", "void P-000002 --reason x"),
    ("void-empty-reason", "void S-000001 --reason ' '"),
    # ledger settings and the time zone
    ("setting-unknown", "config set zone Asia/Shanghai"),
    ("tz-unknown", "config set tz Mars/Olympus"),
    ("tz-case", "config set tz asia/shanghai"),
    ("tz-offset-at-init", "init --tz +08:00"),
    # the person key (issue 16)
    ("key-missing", "key show"),
    ("key-fingerprint-malformed", "config set person_key 12345"),
    ("tz-unknown-at-upgrade", "upgrade --tz Beijing"),
    # reports, views, audit
    ("report-unknown-dim", "report --by street"),
    ("report-pivot-one", "report --by batch --pivot"),
    ("report-pivot-item", "report --by item --by batch --pivot"),
    ("report-format", "report --format xml"),
    ("view-format", "stock --format xml"),
    ("lang-unknown", "report --lang fr"),
    ("verify-bad-head", "verify --head S-000001:xyz"),
    # files and the command line
    ("export-both", "export --out a.xlsx --out-dir ."),
    ("export-keep", "export --out a.xlsx --keep 3"),
    ("export-suffix", "export --out report.csv"),
    ("export-no-folder", "export --out no/such/folder/a.xlsx"),
    ("import-missing", "import no-such.csv --kind shipments"),
    ("import-kind", "import x.csv --kind deliveries"),
    ("import-xls", "import old.xls --kind shipments"),
    # import --kind all (issue 15): --sheet is refused; an export of a period is not replayed;
    # into a ledger that holds the entries already, the Manifest's control totals differ.
    ("import-all-sheet", "import whole.xlsx --kind all --sheet Shipments"),
    ("import-all-period", "import period.xlsx --kind all --dry-run"),
    ("import-all-controls", "import whole.xlsx --kind all --dry-run"),
    ("db-url", "--db mysql://u:secret@h/db stock"),
    ("copy-onto-itself", "copy --to LEDGER"),
    ("copy-onto-init", "copy --to made-by-init.sqlite"),
    # kits (issue 13)
    ("kit-component-twice", "kit add 年货包 --unit 份 --component 水饺=1 --component 水饺=2"),
    ("kit-name-is-item", "kit add 水饺 --unit 份 --component 面包=1"),
    ("kit-of-itself", "kit add 年货包 --unit 份 --component 年货包=1"),
    ("kit-unknown-component", "kit add 年货包 --unit 份 --component 火腿=1"),
    ("kit-component-zero", "kit add 年货包 --unit 份 --component 水饺=0"),
    ("assemble-not-a-kit", "assemble 水饺=1 --date 2021-01-06"),
    ("assemble-unknown-kit", "assemble 年货包=1 --date 2021-01-06"),
    ("disassemble-not-a-kit", "disassemble 面包=1 --date 2021-01-06"),
    ("assemble-no-qty", "assemble 年货包 --date 2021-01-06"),
    # in kits.sqlite (prepare_cases: 桶面 counted in 桶, none on hand; the kit 礼包 = 桶面 ×2):
    # a quantity in the wrong unit names the option or argument it came from; too little stock
    # is said in the words of an assembly (or a disassembly), never "cannot ship"
    ("kit-component-wrong-unit", "--db kits.sqlite kit add 礼包二 --unit 份 --component 桶面=2箱"),
    ("assemble-wrong-unit", "--db kits.sqlite assemble 礼包=3箱 --date 2021-01-06"),
    ("assemble-out-of-stock", "--db kits.sqlite assemble 礼包=3 --date 2021-01-06"),
    ("disassemble-out-of-stock", "--db kits.sqlite disassemble 礼包=3 --date 2021-01-06"),
)

#: Refusals of lists of recipients (issue 16), run once the person key exists
#: (``prepare_keyed``): the files are in the cases' folder.
KEYED_CASES: tuple[tuple[str, str], ...] = (
    ("grant-each-without-list", f"{GRANT} --amount 500 --each 500"),
    ("grant-allow-repeat-without-list", f"{GRANT} --amount 500 --allow-repeat 补发"),
    ("grant-without-amount", GRANT),
    ("grant-list-without-purpose", f"{GRANT} --recipients 名单.csv --each 500"),
    (
        "grant-amount-not-the-sum",
        f"{GRANT} --recipients 名单.csv --each 500 --amount 1000 --purpose 慰问金",
    ),
    ("grant-each-and-amounts", f"{GRANT} --recipients 金额名单.csv --each 500 --purpose 慰问金"),
    (
        "grant-people-below-list",
        f"{GRANT} --recipients 名单.csv --each 500 --people 2 --purpose 慰问金",
    ),
    ("recipients-missing", f"{GRANT} --recipients no-such.csv --each 500 --purpose 慰问金"),
    ("recipients-empty", f"{GRANT} --recipients 空名单.csv --each 500 --purpose 慰问金"),
)


def prepare_keyed(cli: CliRunner, folder: Path) -> None:
    """The person key and the lists ``KEYED_CASES`` refer to, in ``folder``."""
    from .recipients_data import name, valid_id, workers, write_list

    assert cli("key", "init").code == 0
    workers(folder / "名单.csv", range(3))
    write_list(folder / "金额名单.csv", [{"姓名": name(1), "身份证号": valid_id(1), "金额": "800"}])
    (folder / "空名单.csv").write_text("姓名,身份证号\n", encoding="utf-8")


def _run(cli: CliRunner, line: str, ledger: str) -> tuple[int, str]:
    args = shlex.split(line.replace("LEDGER", shlex.quote(ledger)))
    result = cli(*args)
    return result.code, result.err


def _block(name: str, line: str, code: int, err: str) -> str:
    shown = safe(line, line_breaks=False)
    if len(shown) > 160:
        shown = shown[:150] + f"… ({len(line)} characters)"
    return f"## {name}\n$ reliefctl {shown}\nexit {code}\n{err}"


def test_every_error_class_has_a_code_a_message_and_an_exit_code() -> None:
    classes = errors.all_errors()
    assert len(classes) > 100
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)), "two classes share a code"
    for cls in classes:
        assert cls.code in ENGLISH or cls.code in PLURALS, cls.code
        exit_code_for(cls())  # raises for a class of no category
    assert set(EXIT_CODES) == set(errors.categories())


def test_the_exit_code_map_raises_on_an_error_of_no_category() -> None:
    class Stray(errors.ReliefError):
        code = "stray"

    with pytest.raises(LookupError):
        exit_code_for(Stray())
    assert {code.name for code in ExitCode} >= {"OK", "REFUSED", "USAGE", "BUSY", "STORAGE"}


def test_every_placeholder_of_a_template_is_a_plain_field() -> None:
    """Templates are filled by name only (no positional or attribute lookups)."""
    for key, text in [*ENGLISH.items(), *((k, " ".join(v[:2])) for k, v in PLURALS.items())]:
        for _literal, name, _spec, _conversion in string.Formatter().parse(text):
            if name is not None:
                assert name.isidentifier(), (key, name)


def prepare_cases(cli: CliRunner, folder: Path) -> None:
    """The files the cases refer to, in ``folder`` (the current folder of the cases)."""
    (folder / "x.csv").write_text("date\n", encoding="utf-8")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    made = cli("--db", "made-by-init.sqlite", "init", "--tz", "Asia/Shanghai")
    assert made.code == 0, made.err
    packed = cli("item", "pack", "暖身贴", "箱", "--size", "240")
    assert packed.code == 0, packed.err
    for args in (
        ("init",),
        ("item", "add", "桶面", "--unit", "桶"),
        ("kit", "add", "礼包", "--unit", "份", "--component", "桶面=2"),
    ):
        done = cli("--db", "kits.sqlite", *args)
        assert done.code == 0, done.err
    for name, *period in (("whole.xlsx",), ("period.xlsx", "--since", "2021-01-01")):
        exported = cli("export", "--out", name, *period)
        assert exported.code == 0, exported.err


def test_refusals_match_the_golden_file(
    audited_sqlite: CliRunner, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(tmp_path / "keys" / "person.key"))
    prepare_cases(audited_sqlite, tmp_path)
    before = dump(sqlite_url)
    blocks = []
    for name, line in (*CASES, *KEYED_CASES):
        if name == KEYED_CASES[0][0]:
            prepare_keyed(audited_sqlite, tmp_path)
        code, err = _run(audited_sqlite, line, sqlite_url)
        assert code != 0, (name, err)
        assert err.count("\n") == 1 and err.startswith("reliefctl: error: "), (name, err)
        shown = err.replace(sqlite_url, "LEDGER").replace(str(tmp_path), "TMP")
        shown = shown.replace(date.today().isoformat(), "TODAY")
        blocks.append(_block(name, line, code, shown))
    assert dump(sqlite_url) == before
    text = "\n".join(blocks)
    path = GOLDEN / "errors.txt"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, "tests/golden/errors.txt differs (RELIEFCTL_UPDATE_GOLDEN=1 rewrites)"
