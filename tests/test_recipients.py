"""Named recipients (issue 16): lists read all or nothing, 身份证号 checked, persons stored as
keyed hashes with masked names, one grant per person per purpose, person find, unique persons.

Every test runs on SQLite and PostgreSQL (the ``cli`` fixture), unless it is about parsing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reliefctl.ledger import persons
from reliefctl.ledger.persons import (
    id_check_char,
    mask_identifier,
    mask_name,
    normalise_id_number,
    scrub,
)

from .conftest import CliRunner
from .ledgers import dump, tamper
from .recipients_data import name, valid_id, workers, write_list

GRANT = ("grant", "--date", "2021-01-20", "--to", "高丽营镇", "--fund", "困难职工帮扶资金")


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys" / "person.key"
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(path))
    persons_key = path
    return persons_key


@pytest.fixture
def union(cli: CliRunner, key: Path) -> CliRunner:
    """A ledger with two townships, a fund, an item in stock and a person key."""
    for args in (
        ("key", "init"),
        ("township", "add", "高丽营镇"),
        ("township", "add", "南法信镇"),
        ("fund", "add", "困难职工帮扶资金", "--budget", "100万"),
        ("item", "add", "米面粮油", "--unit", "份"),
        (
            "buy",
            "--date",
            "2021-01-05",
            "--item",
            "米面粮油",
            "--qty",
            "500",
            "--total",
            "5万",
            "--fund",
            "困难职工帮扶资金",
        ),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    return cli


# --- identifiers ------------------------------------------------------------------------------


def test_id_check_digit_is_iso_7064_mod_11_2() -> None:
    # The published example of GB 11643: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    assert normalise_id_number("11010519491231002x") == "11010519491231002X"
    assert normalise_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    for n in range(200):
        assert normalise_id_number(valid_id(n)) == valid_id(n)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("11010519491231002", "person.id_length"),
        ("110105194912310021X", "person.id_length"),
        ("1101051949123100A2", "person.id_characters"),
        ("110105194913310029", "person.id_date"),
        ("110105194902300024", "person.id_date"),
        ("110105189912310024", "person.id_date"),
        ("110105194912310021", "person.id_check"),
    ],
)
def test_malformed_id_numbers_are_refused_masked(typed: str, code: str) -> None:
    from reliefctl.errors import InputError

    with pytest.raises(InputError) as caught:
        normalise_id_number(typed)
    assert caught.value.code == code
    shown = str(caught.value.params["value"])
    assert typed not in shown and typed[7:15] not in shown


def test_masks_keep_so_little_that_a_person_cannot_be_named() -> None:
    assert mask_name("张三明") == "张*明"
    assert mask_name("李四") == "李*"
    assert mask_name("欧阳春华") == "欧**华"
    assert mask_name("王") == "*"
    assert mask_identifier("id", "11010519491231002X") == "110*************2X"
    assert mask_identifier("phone", "13800138000") == "138****8000"
    assert mask_identifier("staff", "1001") == "**01"
    text = "ValueError: 11010519491231002X and 13800138000 in row 3"
    assert scrub(text) == "ValueError: 110*************2X and 138****8000 in row 3"


def test_the_hash_covers_the_type_and_the_employer() -> None:
    secret = bytes(32)
    staff_a = persons.person_hash(secret, persons.typed_identifier("staff", "1001", "顺义供电公司"))
    staff_b = persons.person_hash(secret, persons.typed_identifier("staff", "1001", "顺义环卫中心"))
    phone = persons.person_hash(secret, persons.typed_identifier("phone", "1001"))
    assert len({staff_a, staff_b, phone}) == 3
    other_key = persons.person_hash(b"\x01" * 32, persons.typed_identifier("phone", "1001"))
    assert other_key != phone


# --- lists -------------------------------------------------------------------------------------


def test_grant_each_to_a_list_is_one_entry_of_exactly_the_sum(
    union: CliRunner, tmp_path: Path, db_url: str
) -> None:
    listed = workers(tmp_path / "名单.csv", range(80))
    result = union(
        *GRANT,
        "--recipients",
        str(listed),
        "--each",
        "500",
        "--purpose",
        "慰问金",
        "--batch",
        "春节",
        "--json",
    )
    assert result.code == 0, result.err
    out = json.loads(result.out)
    assert out["amount"] == "40000.00" and out["people"] == 80 and out["recipients"] == 80
    assert out["purpose"] == "慰问金" and out["allow_repeat"] is None
    tables = dump(db_url, ("recipient_lines", "grants"))
    lines = tables["recipient_lines"]
    assert len(lines) == 80
    text = repr(tables)
    for n in range(80):
        assert valid_id(n) not in text and name(n) not in text
    assert union("verify").code == 0
    again = union(
        *GRANT,
        "--recipients",
        str(listed),
        "--each",
        "500",
        "--amount",
        "39999",
        "--purpose",
        "慰问金",
        "--batch",
        "二月",
    )
    assert again.code == 1
    assert again.err == (
        "reliefctl: error: --amount: 39,999.00 yuan is not what the list adds up to "
        "(40,000.00 yuan for 80 persons): leave --amount out, or correct it\n"
    )


def test_list_amounts_must_be_on_every_row_and_sum(union: CliRunner, tmp_path: Path) -> None:
    rows = [
        {"姓名": name(n), "身份证号": valid_id(n), "金额": a}
        for n, a in enumerate(["500", "800.5"])
    ]
    listed = write_list(tmp_path / "l.csv", rows)
    result = union(*GRANT, "--recipients", str(listed), "--purpose", "生活补贴", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["amount"] == "1300.50"
    rows.append({"姓名": name(5), "身份证号": valid_id(5), "金额": ""})
    partial = write_list(tmp_path / "p.csv", rows)
    refused = union(*GRANT, "--recipients", str(partial), "--purpose", "困难补助")
    assert refused.code == 2
    assert "row 4, 金额: is empty: give every row an amount, or none" in refused.err
    both = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "x")
    assert both.code == 2 and "give --each or an amount column, not both" in both.err


def test_a_bad_list_is_refused_whole_with_every_row_and_no_identifier_shown(
    union: CliRunner, tmp_path: Path, db_url: str
) -> None:
    bad_check = valid_id(3)[:-1] + ("0" if valid_id(3)[-1] != "0" else "1")
    rows = [
        {"姓名": name(0), "身份证号": valid_id(0), "手机号": ""},
        {"姓名": name(1), "身份证号": bad_check, "手机号": ""},
        {"姓名": "", "身份证号": valid_id(2), "手机号": ""},
        {"姓名": name(3), "身份证号": "", "手机号": ""},
        {"姓名": name(4), "身份证号": valid_id(0), "手机号": ""},
        {"姓名": name(5), "身份证号": "", "手机号": "138-0013-8000"},
    ]
    listed = write_list(tmp_path / "名单.csv", rows)
    before = dump(db_url)
    result = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金")
    assert result.code == 1, result.err
    masked = mask_identifier("id", bad_check)
    assert result.err.splitlines() == [
        f"{listed}: row 3, 身份证号: '{masked}' has a wrong check digit (the last character): "
        "a typo? check the number",
        f"{listed}: row 4, 姓名: is empty; this column is required",
        f"{listed}: row 5: gives no identifier: give a 身份证号, a staff number (with its "
        "employer) or a phone",
        f"{listed}: row 6: {mask_name(name(4))} is listed twice (row 2 and this row): list each "
        "person once",
        f"reliefctl: error: {listed}: 4 rows have problems (4 in all, listed above); nothing "
        "was written",
    ]
    for n in range(6):
        assert valid_id(n) not in result.err and name(n) not in result.err
    assert bad_check not in result.err
    assert dump(db_url) == before


def test_staff_numbers_need_their_employer_and_two_employers_are_two_people(
    union: CliRunner, tmp_path: Path
) -> None:
    rows = [
        {"姓名": "张建国", "工号": "1001", "工作单位": "顺义供电公司"},
        {"姓名": "王秀英", "工号": "1001", "工作单位": "顺义环卫中心"},
    ]
    listed = write_list(tmp_path / "staff.csv", rows)
    result = union(
        *GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金", "--json"
    )
    assert result.code == 0, result.err and json.loads(result.out)["recipients"] == 2
    report = json.loads(union("report", "--format", "json").out)
    assert report["totals"]["unique_persons"] == 2
    rows[1]["工作单位"] = ""
    missing = union(
        *GRANT,
        "--recipients",
        str(write_list(tmp_path / "m.csv", rows)),
        "--each",
        "500",
        "--purpose",
        "生活补贴",
    )
    assert missing.code == 2
    assert "row 3, 工号: a staff number needs its employer in the 工作单位 column" in missing.err


def test_people_defaults_to_the_list_and_cannot_be_fewer(union: CliRunner, tmp_path: Path) -> None:
    listed = workers(tmp_path / "l.csv", range(3))
    ship = (
        "ship",
        "--date",
        "2021-01-21",
        "--batch",
        "春节",
        "--to",
        "南法信镇",
        "--item",
        "米面粮油=3",
        "--recipients",
        str(listed),
    )
    done = union(*ship)
    assert done.code == 0, done.err
    assert ", 3 人次, 3 named persons (list " in done.out and "--people not given" not in done.out
    more = union(*ship[:-2], "--people", "10", "--recipients", str(listed), "--json")
    assert more.code == 0 and json.loads(more.out)["people"] == 10
    fewer = union(*ship[:-2], "--people", "2", "--recipients", str(listed))
    assert fewer.code == 2
    assert fewer.err == (
        "reliefctl: error: --people: 2 is fewer than the 3 persons on the list: leave --people "
        "out to count them\n"
    )


def test_options_that_need_a_list_and_a_purpose(union: CliRunner, tmp_path: Path) -> None:
    each = union(*GRANT, "--amount", "500", "--each", "500")
    assert each.code == 2 and each.err.startswith("reliefctl: error: --each: needs --recipients")
    repeat = union(*GRANT, "--amount", "500", "--allow-repeat", "补发")
    assert repeat.code == 2 and repeat.err.startswith("reliefctl: error: --allow-repeat:")
    nothing = union(*GRANT)
    assert nothing.code == 2 and nothing.err.startswith("reliefctl: error: --amount: is missing")
    listed = workers(tmp_path / "l.csv", range(2))
    purpose = union(*GRANT, "--recipients", str(listed), "--each", "500")
    assert purpose.code == 2
    assert purpose.err.startswith("reliefctl: error: --purpose: is missing: a grant to a list")


# --- the person key ----------------------------------------------------------------------------


def test_a_list_hashed_with_another_key_is_refused(
    union: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    listed = workers(tmp_path / "l.csv", range(2))
    assert (
        union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金").code == 0
    )
    other = tmp_path / "other.key"
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(other))
    assert union("key", "init").code == 0
    before = dump(db_url)
    refused = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "生活补贴")
    assert refused.code == 1
    assert "this ledger's persons are hashed with the key" in refused.err
    assert refused.err.rstrip().endswith("nothing was written")
    assert dump(db_url) == before


def test_without_a_key_a_list_is_refused_before_anything(
    union: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(tmp_path / "none.key"))
    listed = workers(tmp_path / "l.csv", range(2))
    result = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金")
    assert result.code == 4 and "reliefctl key init" in result.err


# --- one grant per person per purpose ------------------------------------------------------------


def test_a_second_grant_with_the_same_purpose_is_refused_unless_allowed(
    union: CliRunner, tmp_path: Path, db_url: str
) -> None:
    first = workers(tmp_path / "first.csv", range(10))
    overlapping = workers(tmp_path / "second.csv", range(7, 12))
    args = ("--each", "500", "--purpose", "慰问金", "--batch", "春节")
    assert union(*GRANT, "--recipients", str(first), *args).code == 0
    before = dump(db_url)
    refused = union(*GRANT, "--recipients", str(overlapping), *args)
    assert refused.code == 1
    assert refused.err == (
        f"reliefctl: error: --recipients: {mask_name(name(7))} already received '慰问金' in "
        "batch 春节 (G-000001), as did 2 more persons on the list: one grant per person per "
        "purpose; if this one is right, give --allow-repeat REASON; nothing was written\n"
    )
    assert dump(db_url) == before
    # Another purpose in the same round, or the same purpose in another batch, is allowed.
    other = union(
        *GRANT,
        "--recipients",
        str(overlapping),
        "--each",
        "1000",
        "--purpose",
        "生活补贴",
        "--batch",
        "春节",
    )
    assert other.code == 0, other.err
    later = union(
        *GRANT,
        "--recipients",
        str(overlapping),
        "--each",
        "500",
        "--purpose",
        " 慰问金",
        "--batch",
        "端午",
    )
    assert later.code == 0, later.err
    allowed = union(
        *GRANT,
        "--recipients",
        str(overlapping),
        *args,
        "--allow-repeat",
        "第一次发放时漏发三人，补发",
        "--json",
    )
    assert allowed.code == 0, allowed.err
    assert json.loads(allowed.out)["allow_repeat"] == "第一次发放时漏发三人，补发"
    stored = dump(db_url, ("grants",))["grants"]
    assert [row for row in stored if "漏发" in repr(row)], stored
    assert union("verify").code == 0


def test_without_a_batch_the_rule_is_per_calendar_month(union: CliRunner, tmp_path: Path) -> None:
    listed = workers(tmp_path / "l.csv", range(3))
    base = (
        "grant",
        "--to",
        "高丽营镇",
        "--fund",
        "困难职工帮扶资金",
        "--recipients",
        str(listed),
        "--each",
        "200",
        "--purpose",
        "慰问金",
    )
    assert union(*base, "--date", "2021-01-05").code == 0
    same_month = union(*base, "--date", "2021-01-28")
    assert same_month.code == 1 and "in 2021-01 (G-000001)" in same_month.err
    assert union(*base, "--date", "2021-02-01").code == 0


def test_a_void_gives_back_the_claim_and_leaves_the_counts(
    union: CliRunner, tmp_path: Path
) -> None:
    listed = workers(tmp_path / "l.csv", range(4))
    args = ("--recipients", str(listed), "--each", "500", "--purpose", "慰问金", "--batch", "春节")
    assert union(*GRANT, *args).code == 0
    report = json.loads(union("report", "--format", "json").out)
    assert report["totals"]["unique_persons"] == 4
    assert union("void", "G-000001", "--reason", "名单有误").code == 0
    report = json.loads(union("report", "--format", "json").out)
    assert report["totals"]["unique_persons"] is None
    assert report["totals"]["listed_entries"] == 0 and report["totals"]["listed_people"] == 0
    again = union(*GRANT, *args)
    assert again.code == 0, again.err
    report = json.loads(union("report", "--format", "json").out)
    assert report["totals"]["unique_persons"] == 4
    assert union("verify").code == 0


def test_the_same_ref_with_the_same_list_is_a_no_op(union: CliRunner, tmp_path: Path) -> None:
    listed = workers(tmp_path / "l.csv", range(4))
    args = ("--recipients", str(listed), "--each", "500", "--purpose", "慰问金", "--ref", "WW-1")
    assert union(*GRANT, *args).code == 0
    again = union(*GRANT, *args, "--json")
    assert again.code == 0 and json.loads(again.out)["duplicate"] is True
    changed = workers(tmp_path / "c.csv", range(5))
    refused = union(*GRANT, "--recipients", str(changed), *args[2:])
    assert refused.code == 1 and "WW-1" in refused.err


# --- person find ---------------------------------------------------------------------------------


def test_person_find_reads_stdin_and_lists_what_reached_them(
    union: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    listed = workers(tmp_path / "l.csv", range(3))
    granted = (*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金")
    assert union(*granted, "--batch", "春节").code == 0
    assert union("void", "G-000001", "--reason", "重录").code == 0
    assert union(*granted, "--batch", "春节").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(valid_id(1) + "\n"))
    found = union("person", "find")
    assert found.code == 0, found.err
    who = mask_name(name(1))
    assert found.out.splitlines() == [
        f"G-000001 2021-01-20 grant → 高丽营镇, batch 春节, '慰问金', 500.00 元: {who} "
        "[voided by V-000001]",
        f"G-000002 2021-01-20 grant → 高丽营镇, batch 春节, '慰问金', 500.00 元: {who}",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO(valid_id(50)))
    none = union("person", "find", "--format", "json")
    assert none.code == 0 and json.loads(none.out) == []
    monkeypatch.setattr("sys.stdin", io.StringIO(valid_id(50)))
    said = union("person", "find")
    assert (
        said.out
        == f"no delivery or grant on record reached {mask_identifier('id', valid_id(50))}\n"
    )
    typo = valid_id(1)[:-1] + ("1" if valid_id(1)[-1] != "1" else "2")
    monkeypatch.setattr("sys.stdin", io.StringIO(typo))
    wrong = union("person", "find")
    assert wrong.code == 2 and typo not in wrong.err and "wrong check digit" in wrong.err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    empty = union("person", "find")
    assert empty.code == 2 and "nothing was read" in empty.err


# --- reports -------------------------------------------------------------------------------------


def test_unique_persons_once_per_row_and_once_in_the_total(
    union: CliRunner, tmp_path: Path
) -> None:
    east = workers(tmp_path / "east.csv", range(0, 6))
    west = workers(tmp_path / "west.csv", range(4, 10))
    assert (
        union(*GRANT, "--recipients", str(east), "--each", "500", "--purpose", "慰问金").code == 0
    )
    assert (
        union(
            "grant",
            "--date",
            "2021-01-20",
            "--to",
            "南法信镇",
            "--fund",
            "困难职工帮扶资金",
            "--recipients",
            str(west),
            "--each",
            "500",
            "--purpose",
            "慰问金",
            "--batch",
            "春节",
        ).code
        == 0
    )
    assert (
        union(
            "ship",
            "--date",
            "2021-01-21",
            "--batch",
            "春节",
            "--to",
            "南法信镇",
            "--item",
            "米面粮油=20",
            "--people",
            "20",
        ).code
        == 0
    )
    report = json.loads(union("report", "--format", "json", "--by", "township").out)
    totals = report["totals"]
    assert totals["unique_persons"] == 10
    assert totals["listed_entries"] == 2 and totals["listed_people"] == 12
    rows = {row["township"]: row for row in report["by_township"]}
    assert rows["高丽营镇"]["unique_persons"] == 6 and rows["南法信镇"]["unique_persons"] == 6
    assert rows["南法信镇"]["listed_entries"] == 1 and rows["南法信镇"]["people"] == 26
    table = union("report", "--by", "township").out
    assert "10 known, from lists on 2 of 3 deliveries and grants" in table
    item = json.loads(union("report", "--format", "json", "--by", "item").out)
    assert all(row["unique_persons"] is None for row in item["by_item"])


def test_without_lists_unique_persons_is_null_and_the_table_unchanged(union: CliRunner) -> None:
    report = json.loads(union("report", "--format", "json").out)
    assert report["totals"]["unique_persons"] is None
    assert "unique persons" not in union("report").out


def test_an_edited_recipient_line_is_caught_by_verify(
    union: CliRunner, tmp_path: Path, db_url: str
) -> None:
    listed = workers(tmp_path / "l.csv", range(3))
    granted = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金")
    assert granted.code == 0
    assert union("verify").code == 0
    tamper(db_url, "UPDATE recipient_lines SET amount_fen = 10000 WHERE line_no = 2")
    result = union("verify")
    assert result.code == 1
    assert "the grant's amount 1,500.00 is not the sum of its recipients' amounts" in result.out
    assert "hash" in result.out  # the chain sees the edit too


# --- the export, the import, templates and the 公示 page ----------------------------------------


def test_the_export_round_trips_every_person_with_the_same_key(
    union: CliRunner, tmp_path: Path, key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    from .conftest import _make_cli  # noqa: F401  (the fixture's runner is reused below)

    listed = workers(tmp_path / "l.csv", range(6))
    args = ("--recipients", str(listed), "--purpose", "慰问金", "--batch", "春节")
    assert union(*GRANT, *args, "--each", "500").code == 0
    assert union("void", "G-000001", "--reason", "重录").code == 0
    assert union(*GRANT, *args, "--each", "500", "--allow-repeat", "补录").code == 0
    assert (
        union(
            "ship",
            "--date",
            "2021-01-21",
            "--batch",
            "春节",
            "--to",
            "南法信镇",
            "--item",
            "米面粮油=6",
            "--recipients",
            str(listed),
        ).code
        == 0
    )
    out = tmp_path / "whole.xlsx"
    assert union("export", "--out", str(out)).code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    sheet = book["Recipients"]
    rows = list(sheet.values)
    assert rows[0][:4] == ("name", "amount", "entry", "id_type")
    assert len(rows) == 1 + 6 * 3  # the voided grant's list too (the import replays it)
    text = repr(rows)
    for n in range(6):
        assert valid_id(n) not in text and name(n) not in text
    before = json.loads(union("report", "--format", "json").out)["totals"]

    target = tmp_path / "copy.sqlite"
    replayed = union("--db", str(target), "init")
    assert replayed.code == 0, replayed.err
    imported = union("--db", str(target), "import", str(out), "--kind", "all")
    assert imported.code == 0, imported.err
    after = json.loads(union("--db", str(target), "report", "--format", "json").out)["totals"]
    assert after == before and after["unique_persons"] == 6
    assert union("--db", str(target), "verify").code == 0
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(valid_id(2)))
    found = union("--db", str(target), "person", "find", "--format", "json")
    assert [row["entry"] for row in json.loads(found.out)] == ["G-000001", "G-000002", "S-000001"]

    # Into a ledger with another key, the hashed persons are refused, nothing written.
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(tmp_path / "other.key"))
    assert union("key", "init").code == 0
    other = tmp_path / "other.sqlite"
    assert union("--db", str(other), "init").code == 0
    refused = union("--db", str(other), "import", str(out), "--kind", "all")
    assert refused.code == 1
    assert "was hashed with the person key" in refused.err
    assert json.loads(union("--db", str(other), "log", "--format", "json").out)[-1]["kind"] in (
        "setting",
        "master",
    )


def test_an_xlsx_list_from_the_template_is_read_like_a_csv(
    union: CliRunner, tmp_path: Path
) -> None:
    import openpyxl

    form = tmp_path / "名单.xlsx"
    made = union("template", "--kind", "recipients", "--out", str(form), "--lang", "zh")
    assert made.code == 0, made.err
    assert "--recipients" in made.out
    book = openpyxl.load_workbook(form)
    sheet = book.active
    assert sheet.title == "受益人名单"
    headings = [cell.value for cell in sheet[1]]
    assert headings[:6] == ["姓名", "身份证号", "工号", "工作单位", "手机号", "户号"]
    sheet.append([name(1), valid_id(1), None, None, None, "户1"])
    sheet.append([name(2), None, "A-17", "顺义环卫中心", None, "户1"])
    sheet.append([name(3), None, None, None, "+86 138 0013 8000", None])
    book.save(form)
    result = union(
        *GRANT, "--recipients", str(form), "--each", "300", "--purpose", "慰问金", "--json"
    )
    assert result.code == 0, result.err
    assert (
        json.loads(result.out)["recipients"] == 3 and json.loads(result.out)["amount"] == "900.00"
    )


def test_the_public_page_shows_counts_never_names(union: CliRunner, tmp_path: Path) -> None:
    listed = workers(tmp_path / "l.csv", range(5))
    assert (
        union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金").code == 0
    )
    folder = tmp_path / "public"
    folder.mkdir()
    assert union("publish", "--out-dir", str(folder)).code == 0
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "unique persons" in page
    for n in range(5):
        assert name(n) not in page and mask_name(name(n)) not in page and valid_id(n) not in page


def test_a_refused_cell_never_shows_a_name_or_an_identifier_in_the_clear(
    union: CliRunner, tmp_path: Path
) -> None:
    hidden = valid_id(7)[:9] + "\u200b" + valid_id(7)[9:]
    rows = [
        {"姓名": "张\u200b三明", "身份证号": valid_id(1), "手机号": ""},
        {"姓名": name(2), "身份证号": hidden, "手机号": ""},
        {"姓名": name(3), "身份证号": "", "手机号": "1380013\u200b8000"},
    ]
    listed = write_list(tmp_path / "l.csv", rows)
    result = union(*GRANT, "--recipients", str(listed), "--each", "500", "--purpose", "慰问金")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 4 and all("invisible" in line for line in lines[:3]), lines
    assert "张\u200b三明" not in result.err and "三明" not in result.err
    assert valid_id(7)[3:9] not in result.err and "13800138000" not in result.err
