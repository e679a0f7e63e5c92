"""Tests for reliefctl.ledger.parse: every accepted form, every refusal, and properties."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reliefctl.cli.words import option_word
from reliefctl.errors import InputError
from reliefctl.ledger.parse import (
    EARLIEST_DATE,
    MAX_NAME_LENGTH,
    MAX_PEOPLE,
    MAX_QUANTITY,
    MAX_TEXT_LENGTH,
    clean_name,
    clean_text,
    parse_amount,
    parse_date,
    parse_item_spec,
    parse_people,
    parse_quantity,
    parse_unit_price,
)
from reliefctl.messages import render, render_body
from reliefctl.money import MAX_FEN, fen_to_decimal, format_fen, round_half_up_fen

TODAY = date(2024, 6, 1)
FAST = settings(max_examples=150, deadline=None, database=None)


@dataclass(frozen=True)
class Refusal:
    """An input error as the command line shows it: its field and what is wrong."""

    error: InputError
    field: str | None
    reason: str
    line: str


def refusal(error: InputError) -> Refusal:
    return Refusal(error, error.field, render_body(error), render(error, "en", option_word))


def refused(parse: Callable[[str, str], object], text: str, field: str = "x") -> Refusal:
    with pytest.raises(InputError) as info:
        parse(text, field)
    seen = refusal(info.value)
    assert seen.field == field
    assert seen.line == f"{option_word(field)}: {seen.reason}"
    assert "\n" not in seen.line
    return seen


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1", 100),
        ("0.01", 1),
        ("12.5", 1250),
        ("12.50", 1250),
        ("12.340", 1234),
        ("120000", 12_000_000),
        ("100,000.00", 10_000_000),
        ("1,234,567.89", 123_456_789),
        ("¥1,200.50", 120_050),
        ("￥1200", 120_000),
        ("1200元", 120_000),
        ("¥1200元", 120_000),
        ("12万", 12_000_000),
        ("1.5万", 1_500_000),
        ("1.25万元", 1_250_000),
        ("1.234567万", 1_234_567),
        ("1,000万", 1_000_000_000),
        ("1亿", 10_000_000_000),
        ("0.5亿", 5_000_000_000),
        ("3萬", 3_000_000),
        ("１２０００", 1_200_000),
        ("１，２００．５０", 120_050),
        ("￥１２万元", 12_000_000),
        ("  12.5\t", 1250),
        ("\u300012\u3000", 1200),
        ("007", 700),
        # The bound keeps every total exact (see reliefctl.money): 9,999,999,999,999.99 元.
        ("9999999999999.99", MAX_FEN),
        ("9,999,999,999,999.99", MAX_FEN),
        ("99999.9999999999亿", MAX_FEN),
    ],
)
def test_amount_accepted(text: str, fen: int) -> None:
    assert parse_amount(text, "--amount") == fen


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-5", "must be positive"),
        ("+5", "must be positive"),
        ("¥-5", "must be positive"),
        ("－5", "must be positive"),
        ("−5", "must be positive"),
        ("NaN", "not a number reliefctl accepts"),
        ("nan", "not a number reliefctl accepts"),
        ("inf", "not a number reliefctl accepts"),
        ("Infinity", "not a number reliefctl accepts"),
        ("1e5", "not a number reliefctl accepts"),
        ("1E309", "not a number reliefctl accepts"),
        ("0x10", "not a number reliefctl accepts"),
        ("1_000", "not a number reliefctl accepts"),
        ("1.2.3", "not a number reliefctl accepts"),
        ("12abc", "not a number reliefctl accepts"),
        ("abc12", "not a number reliefctl accepts"),
        ("12元元", "not a number reliefctl accepts"),
        ("1万亿", "not a number reliefctl accepts"),
        (".5", "not a number reliefctl accepts"),
        ("5.", "not a number reliefctl accepts"),
        ("\u200b12", "not a number reliefctl accepts"),
        ("12 000", "space"),
        ("¥ 12", "space"),
        ("1,00", "commas"),
        ("1,0000", "commas"),
        ("12,5", "commas"),
        ("0,100", "commas"),
        ("1,000,", "commas"),
        ("12.345", "at most two decimals (fen)"),
        ("0.001", "at most two decimals (fen)"),
        ("1.2345678万", "at most two decimals (fen)"),
        ("0", "positive"),
        ("0.00", "positive"),
        ("0万", "positive"),
        ("10000000000000", "9,999,999,999,999.99"),
        ("10000000000000.01", "9,999,999,999,999.99"),
        ("1" + "0" * 29, "9,999,999,999,999.99"),
        ("100000亿", "9,999,999,999,999.99"),
        ("10000000000000.001万", "9,999,999,999,999.99"),
        ("9" * 5000, "9,999,999,999,999.99"),
        ("၁၂", "only ASCII digits 0-9 and full-width digits"),
        ("١٢", "only ASCII digits 0-9 and full-width digits"),
        ("१२", "only ASCII digits 0-9 and full-width digits"),
        ("1²", "only ASCII digits 0-9 and full-width digits"),
        ("①", "only ASCII digits 0-9 and full-width digits"),
        ("𝟏𝟐", "only ASCII digits 0-9 and full-width digits"),
        ("十二万", "only ASCII digits 0-9 and full-width digits"),
    ],
)
def test_amount_refused(text: str, idea: str) -> None:
    assert idea in refused(parse_amount, text, "amount").reason


def test_amount_refusal_never_rounds_and_shows_result_of_wan() -> None:
    reason = refused(parse_amount, "1.2345678万").reason
    assert "12345.678" in reason
    assert "not round" in reason


def test_refusal_quotes_input_safely() -> None:
    reason = refused(parse_amount, "12\u202e34" + "9" * 100).reason
    assert "\u202e" not in reason
    assert "\\u202e" in reason
    assert len(reason) < 250


# --- unit prices ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("12.5", "12.5"),
        ("12.50", "12.5"),
        ("3.123456", "3.123456"),
        ("3.1234560", "3.123456"),
        ("0.000001", "0.000001"),
        ("¥1,200.00", "1200"),
        ("1.2万元", "12000"),
        ("1.23456789万", "12345.6789"),
        ("１２．５", "12.5"),
        ("9999999999999.99", "9999999999999.99"),
    ],
)
def test_unit_price_accepted(text: str, price: str) -> None:
    value = parse_unit_price(text, "--price")
    assert isinstance(value, Decimal)
    assert value == Decimal(price)
    assert str(value) == price  # exact and never in exponent notation


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("0", "positive"),
        ("0.0000000", "positive"),
        ("-1.5", "must be positive"),
        ("3.1234567", "at most 6 decimals"),
        ("0.0000001", "at most 6 decimals"),
        ("1e-3", "not a number reliefctl accepts"),
        ("NaN", "not a number reliefctl accepts"),
        ("9999999999999.990001", "9,999,999,999,999.99 yuan"),
        ("10000000000000", "9,999,999,999,999.99 yuan"),
        ("1" + "0" * 29, "9,999,999,999,999.99 yuan"),
        ("1,23", "commas"),
        ("١", "only ASCII digits"),
    ],
)
def test_unit_price_refused(text: str, idea: str) -> None:
    assert idea in refused(parse_unit_price, text, "price").reason


# --- quantities and people --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qty"),
    [
        ("1", 1),
        ("12", 12),
        ("12.0", 12),
        ("12.000", 12),
        ("1,200", 1200),
        ("12万", 120_000),
        ("1.5万", 15_000),
        ("1.2345万", 12_345),
        ("1亿", 100_000_000),
        ("１２", 12),
        (" 12 ", 12),
        ("1000000000000", MAX_QUANTITY),
    ],
)
def test_quantity_accepted(text: str, qty: int) -> None:
    assert parse_quantity(text, "--qty") == qty


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("0", "positive"),
        ("0.0", "positive"),
        ("-5", "must be positive"),
        ("+5", "must be positive"),
        ("12.5", "whole"),
        ("1.23456万", "whole"),
        ("¥12", "money"),
        ("12元", "money"),
        ("12万元", "money"),
        ("1e5", "not a number reliefctl accepts"),
        ("1_000", "not a number reliefctl accepts"),
        ("inf", "not a number reliefctl accepts"),
        ("1,00", "commas"),
        ("1000000000001", "1,000,000,000,000"),
        ("1" + "0" * 29, "1,000,000,000,000"),
        ("၁၂", "only ASCII digits"),
    ],
)
def test_quantity_refused(text: str, idea: str) -> None:
    assert idea in refused(parse_quantity, text, "qty").reason


@pytest.mark.parametrize(
    ("text", "people"),
    [("0", 0), ("0.0", 0), ("350", 350), ("1,200", 1200), ("1.2万", 12_000), ("10亿", MAX_PEOPLE)],
)
def test_people_accepted(text: str, people: int) -> None:
    assert parse_people(text, "--people") == people


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("-1", "0 or more"),
        ("+1", "0 or more"),
        ("12.5", "whole"),
        ("¥3", "money"),
        ("1000000001", "1,000,000,000"),
        ("NaN", "not a number reliefctl accepts"),
        ("١٢", "only ASCII digits"),
    ],
)
def test_people_refused(text: str, idea: str) -> None:
    assert idea in refused(parse_people, text, "people").reason


# --- dates ------------------------------------------------------------------------------------


def parse_date_today(text: str, field: str) -> date:
    return parse_date(text, field, today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-12-28", date(2020, 12, 28)),
        ("2020/12/28", date(2020, 12, 28)),
        ("2020.12.28", date(2020, 12, 28)),
        ("20201228", date(2020, 12, 28)),
        ("2020年12月28日", date(2020, 12, 28)),
        ("2021-1-5", date(2021, 1, 5)),
        ("2021/1/5", date(2021, 1, 5)),
        ("2021年1月5日", date(2021, 1, 5)),
        ("２０２０－１２－２８", date(2020, 12, 28)),
        ("２０２０年１２月２８日", date(2020, 12, 28)),
        ("  2020-12-28\n", date(2020, 12, 28)),
        ("2000-01-01", EARLIEST_DATE),
        ("2024-06-01", TODAY),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_date_accepted(text: str, expected: date) -> None:
    assert parse_date_today(text, "--date") == expected


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("2021-02-30", "not a calendar date"),
        ("2023-02-29", "not a calendar date"),
        ("2020-13-01", "not a calendar date"),
        ("2020-00-10", "not a calendar date"),
        ("0000-01-01", "not a calendar date"),
        ("2024-06-02", "is in the future"),
        ("2999-01-01", "is in the future"),
        ("1999-12-31", "is before 2000-01-01; check the year"),
        ("1900年1月1日", "is before 2000-01-01; check the year"),
        ("2020-12/28", "2020年12月28日"),
        ("20-12-28", "YYYY-MM-DD"),
        ("2020-12-28 10:00", "YYYY-MM-DD"),
        ("2020122", "YYYY-MM-DD"),
        ("2020年12月28", "YYYY-MM-DD"),
        ("28/12/2020", "YYYY-MM-DD"),
        ("yesterday", "YYYY-MM-DD"),
        ("٢٠٢٠-١٢-٢٨", "only ASCII digits"),
    ],
)
def test_date_refused(text: str, idea: str) -> None:
    assert idea in refused(parse_date_today, text, "date").reason


def test_date_defaults_to_system_today() -> None:
    assert parse_date(date.today().isoformat(), "--date") == date.today()
    assert "future" in refused(parse_date, "9999-12-31").reason


# --- names and texts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("红星乡", "红星乡"),
        ("  红星乡\t", "红星乡"),
        # Kept as typed (issue 11): inner spacing and full-width forms stay; the key matches.
        ("红星  乡", "红星  乡"),
        ("红星\u3000\u3000乡", "红星\u3000\u3000乡"),
        ("ＡＢＣ工会", "ＡＢＣ工会"),
        ("村（社区）", "村（社区）"),
        ("x" * MAX_NAME_LENGTH, "x" * MAX_NAME_LENGTH),
        ("a=b", "a=b"),
    ],
)
def test_name_accepted(text: str, expected: str) -> None:
    assert clean_name(text, "--name") == expected


@pytest.mark.parametrize(
    ("text", "idea"),
    [
        ("", "empty"),
        ("  \u3000 ", "empty"),
        ("红星\u200b乡", "U+200B"),
        ("红星\u200d乡", "U+200D"),
        ("abc\u202e", "U+202E"),
        ("\ufeff红星", "U+FEFF"),
        ("a\x00b", "control"),
        ("a\tb", "control"),
        ("a\x1c", "control"),
        ("a\nb", "one line"),
        ("a\rb", "one line"),
        ("a\u2028b", "one line"),
        ("a\u2029b", "one line"),
        ("a\ue000", "private-use"),
        ("a\U000e0080", "unassigned"),
        ("a\ud800", "surrogate"),
        ("x" * (MAX_NAME_LENGTH + 1), str(MAX_NAME_LENGTH)),
    ],
)
def test_name_refused(text: str, idea: str) -> None:
    reason = refused(clean_name, text, "name").reason
    assert idea in reason
    assert all(unicodedata.category(ch)[0] != "C" for ch in reason)


def test_text_keeps_inner_spacing_and_has_its_own_limit() -> None:
    assert clean_text("  warm  patches ", "--note") == "warm  patches"
    assert clean_text("ｎｏｔｅ", "--note") == "ｎｏｔｅ"
    assert clean_text("批次录错：", "--note") == "批次录错："
    assert clean_text("x" * MAX_TEXT_LENGTH, "--note") == "x" * MAX_TEXT_LENGTH
    assert str(MAX_TEXT_LENGTH) in refused(clean_text, "x" * (MAX_TEXT_LENGTH + 1)).reason
    assert clean_text("r" * 100, "--ref", max_length=100) == "r" * 100
    with pytest.raises(InputError) as info:
        clean_text("r" * 101, "ref", max_length=100)
    assert "at most 100" in refusal(info.value).reason


@pytest.mark.parametrize(
    ("text", "idea"),
    [("", "empty"), (" ", "empty"), ("a\nb", "one line"), ("a\u200bb", "U+200B")],
)
def test_text_refused(text: str, idea: str) -> None:
    assert idea in refused(clean_text, text, "note").reason


# --- item specs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("暖身贴=120000", ("暖身贴", 120_000)),
        ("暖身贴=12万", ("暖身贴", 120_000)),
        ("暖身贴＝１２", ("暖身贴", 12)),
        (" 棉 被 = 1,200 ", ("棉 被", 1200)),
        ("a=b=3", ("a=b", 3)),
    ],
)
def test_item_spec_accepted(text: str, expected: tuple[str, int]) -> None:
    assert parse_item_spec(text) == expected


def test_item_spec_refused() -> None:
    with pytest.raises(InputError) as info:
        parse_item_spec("暖身贴")
    assert refusal(info.value).line == "--item 暖身贴: give ITEM=QTY, e.g. 暖身贴=120000"
    assert "empty" in refused(parse_item_spec, "", "item").reason
    assert "no item name" in refused(parse_item_spec, "=5", "item").reason
    assert "ITEM=QTY" in refused(parse_item_spec, " =5", "item").reason
    assert "U+200B" in refused(parse_item_spec, "暖\u200b=5", "item").reason
    with pytest.raises(InputError) as info:
        parse_item_spec("暖身贴=")
    assert refusal(info.value).line.startswith("--item 暖身贴: has no quantity")
    for qty, idea in [("1.5", "whole"), ("0", "positive"), ("-3", "positive"), ("x", "number")]:
        with pytest.raises(InputError) as info:
            parse_item_spec(f"暖身贴={qty}")
        seen = refusal(info.value)
        assert seen.line.startswith("--item 暖身贴: ")
        assert idea in seen.reason


# --- money helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "plain", "grouped"),
    [
        (0, "0.00", "0.00"),
        (5, "0.05", "0.05"),
        (105, "1.05", "1.05"),
        (-105, "-1.05", "-1.05"),
        (-5, "-0.05", "-0.05"),
        (12_000_000, "120000.00", "120,000.00"),
        (-123_456_789, "-1234567.89", "-1,234,567.89"),
        (MAX_FEN, "9999999999999.99", "9,999,999,999,999.99"),
    ],
)
def test_format_fen(fen: int, plain: str, grouped: str) -> None:
    assert format_fen(fen) == plain
    assert format_fen(fen, thousands=True) == grouped
    assert fen_to_decimal(fen) == Decimal(plain)
    assert str(fen_to_decimal(fen)) == plain


def test_fen_to_decimal_is_exact_beyond_context_precision() -> None:
    fen = 10**40 + 7
    assert fen_to_decimal(fen).as_tuple().exponent == -2
    assert str(fen_to_decimal(fen)) == f"{fen // 100}.07"


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("1.005", 101),
        ("-1.005", -101),
        ("0.004", 0),
        ("0.005", 1),
        ("-0.005", -1),
        ("2.675", 268),
        ("1.00499999", 100),
        ("12", 1200),
        ("1E+3", 100_000),
        ("-0", 0),
        ("123456789012345678901234567890.125", 12345678901234567890123456789013),
    ],
)
def test_round_half_up_fen_examples(yuan: str, fen: int) -> None:
    assert round_half_up_fen(Decimal(yuan)) == fen


def test_round_half_up_fen_refuses_non_finite() -> None:
    for value in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ValueError):
            round_half_up_fen(Decimal(value))


# --- properties -------------------------------------------------------------------------------


@FAST
@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_amount_round_trips_through_format_fen(fen: int) -> None:
    assert parse_amount(format_fen(fen), "--amount") == fen
    assert parse_amount(format_fen(fen, thousands=True), "--amount") == fen
    assert parse_amount("¥" + format_fen(fen, thousands=True) + "元", "--amount") == fen


@FAST
@given(st.integers(min_value=1, max_value=MAX_QUANTITY))
def test_quantity_round_trips(n: int) -> None:
    assert parse_quantity(str(n), "--qty") == n
    assert parse_quantity(f"{n:,}", "--qty") == n
    if n <= MAX_PEOPLE:
        assert parse_people(str(n), "--people") == n


@FAST
@given(st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=-12, max_value=4))
def test_round_half_up_fen_matches_decimal_quantize(coefficient: int, exponent: int) -> None:
    yuan = Decimal(f"{coefficient}E{exponent}")
    with localcontext() as ctx:
        ctx.prec = 100
        expected = int((yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert round_half_up_fen(yuan) == expected


# Text that looks like numbers and dates, mixed with anything at all.
_NUMBERISH = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９.,，．¥￥元万亿-+eE_ 年月日/=＝")),
    max_size=25,
)
_ANY_TEXT = st.one_of(st.text(max_size=40), _NUMBERISH, st.text(st.characters(), max_size=3))


def _check_number(parse: Callable[[str, str], object], text: str) -> object | None:
    try:
        return parse(text, "x")
    except InputError as error:
        seen = refusal(error)
        assert seen.field in ("x", "line_qty", "item_spec")  # the qty of "--item NAME=QTY"
        assert seen.reason
        return None


@FAST
@given(_ANY_TEXT)
def test_parsers_only_return_valid_values_or_raise_input_error(text: str) -> None:
    fen = _check_number(parse_amount, text)
    assert fen is None or (type(fen) is int and 0 < fen <= MAX_FEN)
    price = _check_number(parse_unit_price, text)
    assert price is None or (
        isinstance(price, Decimal)
        and 0 < price <= MAX_FEN // 100
        and price == price.quantize(Decimal("0.000001"))
    )
    qty = _check_number(parse_quantity, text)
    assert qty is None or (type(qty) is int and 0 < qty <= MAX_QUANTITY)
    people = _check_number(parse_people, text)
    assert people is None or (type(people) is int and 0 <= people <= MAX_PEOPLE)
    day = _check_number(parse_date_today, text)
    assert day is None or (type(day) is date and EARLIEST_DATE <= day <= TODAY)
    for clean, limit in ((clean_name, MAX_NAME_LENGTH), (clean_text, MAX_TEXT_LENGTH)):
        cleaned = _check_number(clean, text)
        assert cleaned is None or (
            isinstance(cleaned, str)
            and 0 < len(cleaned) <= limit
            and cleaned == cleaned.strip()
            and all(unicodedata.category(ch)[0] != "C" for ch in cleaned)
        )
    spec = _check_number(parse_item_spec, text)
    assert spec is None or (
        isinstance(spec, tuple)
        and spec[0] == clean_name(spec[0], "--x")
        # a quantity written with a unit ("1个") is checked against the item when posted
        and (spec[1] if isinstance(spec[1], int) else spec[1].count) > 0
    )
