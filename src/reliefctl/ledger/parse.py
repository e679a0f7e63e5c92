"""Reading what a clerk types: amounts, unit prices, quantities, head counts, dates and names.

Every function here takes the raw option text and the user-facing option name (``field``, e.g.
``"--qty"``) and either returns a clean value or raises
:class:`reliefctl.ledger.errors.InputError` with a one-line reason that says what is accepted.
Nothing is ever rounded, guessed or read through ``float``.

Numbers (amounts, unit prices, quantities, head counts)
--------------------------------------------------------
* Full-width characters are read as their ASCII forms (Unicode NFKC): ``１２０００`` is
  ``12000``, ``１，２００．５０`` is ``1,200.50``, ``￥`` is ``¥``. Surrounding whitespace is
  ignored.
* Digits: ASCII ``0-9`` and full-width ``０-９`` only. Other digits (Arabic-Indic ``١٢``,
  Devanagari, Myanmar, superscripts, circled digits, Chinese numerals ``十二``...) are refused.
* Thousands separators: commas in groups of three only (``100,000.00``; ``1,00`` and
  ``1,0000`` are refused as ambiguous). No spaces, underscores or other separators.
* Decimal point: ``.``; digits are needed on both sides (``0.5``, not ``.5`` or ``5.``).
* ``万`` (or ``萬``) multiplies by 10,000 and ``亿`` (or ``億``) by 100,000,000:
  ``12万`` = 120000, ``1.5万`` = 15000. The rules on decimals apply to the result.
* Amounts and unit prices may carry a ``¥`` / ``￥`` prefix and a ``元`` suffix:
  ``¥1,200.50``, ``1.25万元`` (= 12500 yuan). Quantities and head counts may not.
* Refused: empty text, any sign (``-5``, ``+5``), ``NaN``, ``inf``, exponents (``1e5``), hex,
  more than one ``.``, anything before or after the number.

================  ===============================  ======================================
parser            decimals                         range
================  ===============================  ======================================
parse_amount      at most 2 (fen); returns fen     0 < amount <= MAX_FEN fen
parse_unit_price  at most 6; returns Decimal yuan  0 < price <= MAX_FEN / 100 yuan
parse_quantity    whole (``12.0`` is whole)        0 < quantity <= MAX_QUANTITY
parse_people      whole                            0 <= people <= MAX_PEOPLE
================  ===============================  ======================================

Dates
-----
``2020-12-28``, ``2020/12/28``, ``2020.12.28``, ``20201228`` and ``2020年12月28日``; month
and day may have one digit (``2021-1-5``, ``2021年1月5日``) except in the 8-digit form.
Full-width digits are fine. The date must exist in the calendar, must not be after today and
must not be before 2000-01-01.

Names and texts
---------------
Read with NFKC and stripped of surrounding whitespace; empty text is refused, as is any
control, invisible formatting (zero-width space, right-to-left override, BOM...), private-use,
unassigned or line/paragraph-separator character, including line breaks: every field is one
line. Names have runs of inner spaces collapsed to one and are at most ``MAX_NAME_LENGTH``
characters; other texts are kept as typed and are at most ``MAX_TEXT_LENGTH`` characters
(or the ``max_length`` the caller gives).

Items
-----
``ITEM=QTY`` as in ``暖身贴=12万``: split on the last ``=`` (full-width ``＝`` too); the name
is read as a name and the quantity as a quantity.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Final

from reliefctl.ledger.errors import InputError

__all__ = [
    "EARLIEST_DATE",
    "MAX_FEN",
    "MAX_NAME_LENGTH",
    "MAX_PEOPLE",
    "MAX_QUANTITY",
    "MAX_TEXT_LENGTH",
    "clean_name",
    "clean_text",
    "fen_to_decimal",
    "format_fen",
    "parse_amount",
    "parse_date",
    "parse_item_spec",
    "parse_people",
    "parse_quantity",
    "parse_unit_price",
    "round_half_up_fen",
]

MAX_FEN: Final[int] = 10**15
"""Largest amount in fen (10 trillion yuan): a bound against overflow and typing slips."""
MAX_QUANTITY: Final[int] = 10**12
MAX_PEOPLE: Final[int] = 10**9
MAX_NAME_LENGTH: Final[int] = 100
MAX_TEXT_LENGTH: Final[int] = 2000
"""Notes, purposes, suppliers, reasons; callers pass ``max_length=100`` for refs."""
EARLIEST_DATE: Final[date] = date(2000, 1, 1)

_MAX_YUAN: Final[int] = MAX_FEN // 100
_PRICE_PLACES: Final[int] = 6

# --- shared helpers ---------------------------------------------------------------------------

_ASCII_DIGITS: Final[str] = "0123456789"
_FULLWIDTH_DIGITS: Final[str] = "０１２３４５６７８９"
# Characters with a numeric value that the number grammar itself reads.
_MULTIPLIERS: Final[dict[str, int]] = {"万": 4, "萬": 4, "亿": 8, "億": 8}
# Whitespace stripped from both ends. Control characters that Python also calls whitespace
# (U+001C..U+001F, U+0085) are not stripped but refused, like any other control character.
_EDGE_SPACE: Final[str] = "\t\n\r\x0b\x0c"
_REFUSED_CATEGORIES: Final[dict[str, str]] = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
_QUOTE_LIMIT: Final[int] = 40


def _strip(text: str) -> str:
    """Strip ordinary whitespace (space separators, tab, line breaks) from both ends."""
    start, end = 0, len(text)
    while start < end and _is_edge_space(text[start]):
        start += 1
    while end > start and _is_edge_space(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge_space(ch: str) -> bool:
    return ch in _EDGE_SPACE or unicodedata.category(ch) == "Zs"


def _quote(text: str) -> str:
    """Show user text inside a message: short, one line, no invisible or control characters."""
    shown = text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"
    parts: list[str] = []
    for ch in shown:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES or (ch.isspace() and ch != " "):
            parts.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            parts.append(ch)
    return "'" + "".join(parts) + "'"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _foreign_digit(text: str) -> str | None:
    """The first character that is (or NFKC turns into) a digit other than 0-9 / ０-９."""
    for ch in text:
        if ch in _ASCII_DIGITS or ch in _FULLWIDTH_DIGITS or ch in _MULTIPLIERS:
            continue
        if ch.isnumeric() or unicodedata.decimal(ch, None) is not None:
            return ch
        if ch.isascii():
            continue
        normalised = _nfkc(ch)
        if any(n in _ASCII_DIGITS or n.isnumeric() for n in normalised):
            return ch
    return None


def _check_digits(original: str, normalised: str, field: str, example: str) -> None:
    bad = _foreign_digit(original) or _foreign_digit(normalised)
    if bad is not None:
        raise InputError(
            field,
            f"{_quote(original)} uses {_quote(bad)} (U+{ord(bad):04X}): only ASCII digits 0-9 "
            f"and full-width digits ０-９ are accepted, e.g. {example}",
        )


def _pow10(n: int) -> int:
    """10**n for n >= 0, typed as int (``int.__pow__`` with a variable exponent is not)."""
    return int(10**n)


def _group(n: int) -> str:
    return f"{n:,}"


# --- numbers ----------------------------------------------------------------------------------

_NUMBER_RE: Final[re.Pattern[str]] = re.compile(
    r"(?P<cur>¥)?(?P<int>[0-9][0-9,]*)(?:\.(?P<frac>[0-9]+))?(?P<mult>[万萬亿億])?(?P<yuan>元)?"
)
_GROUPED_RE: Final[re.Pattern[str]] = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_SIGN_RE: Final[re.Pattern[str]] = re.compile(r"¥?\s*[-+−]")
# Any number with more integer digits than this is beyond every bound below.
_MAX_INT_DIGITS: Final[int] = 20


class _Kind:
    """What one parser accepts, and how its messages name things."""

    def __init__(
        self,
        *,
        noun: str,
        places: int,
        bound: int,
        bound_text: str,
        allow_zero: bool,
        money: bool,
        example: str,
    ) -> None:
        self.noun = noun
        self.places = places
        self.bound = bound  # in whole units (yuan, items, people)
        self.bound_text = bound_text
        self.allow_zero = allow_zero
        self.money = money
        self.example = example


_AMOUNT: Final = _Kind(
    noun="amounts",
    places=2,
    bound=_MAX_YUAN,
    bound_text=f"{_group(_MAX_YUAN)}.00 yuan",
    allow_zero=False,
    money=True,
    example="120000, 12万 or ¥1,200.50",
)
_PRICE: Final = _Kind(
    noun="unit prices",
    places=_PRICE_PLACES,
    bound=_MAX_YUAN,
    bound_text=f"{_group(_MAX_YUAN)} yuan",
    allow_zero=False,
    money=True,
    example="12.5, ¥3.456 or 1,200.00",
)
_QUANTITY: Final = _Kind(
    noun="quantities",
    places=0,
    bound=MAX_QUANTITY,
    bound_text=_group(MAX_QUANTITY),
    allow_zero=False,
    money=False,
    example="1200, 1,200 or 12万",
)
_PEOPLE: Final = _Kind(
    noun="head counts",
    places=0,
    bound=MAX_PEOPLE,
    bound_text=_group(MAX_PEOPLE),
    allow_zero=True,
    money=False,
    example="350, 1,200 or 1.2万",
)


def _shift(int_digits: str, frac_digits: str, shift: int) -> tuple[str, str]:
    """Move the decimal point ``shift`` places right; no leading/trailing zeros in the result."""
    digits = int_digits + frac_digits
    point = len(int_digits) + shift
    if point > len(digits):
        digits += "0" * (point - len(digits))
    return digits[:point].lstrip("0"), digits[point:].rstrip("0")


def _parse_number(text: str, field: str, kind: _Kind) -> int:
    """Read ``text`` as described in the module docstring; return value * 10**kind.places."""
    original = _strip(text)
    q = _quote(original)
    if not original:
        raise InputError(field, f"is empty: give a number, e.g. {kind.example}")
    s = _strip(_nfkc(original))
    _check_digits(original, s, field, kind.example)
    if _SIGN_RE.match(s):
        rule = "must be 0 or more" if kind.allow_zero else "must be positive"
        raise InputError(field, f"{q} has a sign: {kind.noun} {rule}; write digits without + or -")
    if any(unicodedata.category(ch) == "Zs" for ch in s):
        raise InputError(
            field, f"{q} has a space inside the number: write e.g. 1200 or 1,200, no spaces"
        )
    m = _NUMBER_RE.fullmatch(s)
    if m is None:
        raise InputError(
            field, f"{q} is not a number reliefctl accepts: write digits, e.g. {kind.example}"
        )
    if not kind.money and (m["cur"] or m["yuan"]):
        raise InputError(
            field,
            f"{q} is money, but {kind.noun} are counts: write a whole number, e.g. {kind.example}",
        )
    int_part = m["int"]
    if "," in int_part and not _GROUPED_RE.fullmatch(int_part):
        raise InputError(
            field,
            f"{q} has commas in the wrong places (ambiguous): commas may only separate groups "
            "of three digits, e.g. 1,200,000.50; use '.' for decimals",
        )
    mult = m["mult"]
    int_digits, frac_digits = _shift(
        int_part.replace(",", ""), m["frac"] or "", _MULTIPLIERS[mult] if mult else 0
    )
    value_text = (int_digits or "0") + ("." + frac_digits if frac_digits else "")
    as_value = f" (= {_quote(value_text)[1:-1]})" if mult else ""
    whole = None if len(int_digits) > _MAX_INT_DIGITS else int(int_digits or "0")
    if whole is None or whole > kind.bound or (whole == kind.bound and frac_digits):
        raise InputError(
            field,
            f"{q}{as_value} is more than reliefctl accepts for {kind.noun}: at most "
            f"{kind.bound_text}; check for extra digits",
        )
    if len(frac_digits) > kind.places:
        if kind.places == 0:
            reason = f"{q}{as_value} is not a whole number: {kind.noun} are whole numbers"
        elif kind.places == 2:
            reason = (
                f"{q}{as_value} has fractions of a fen: {kind.noun} take at most two decimals "
                "(fen), e.g. 12.34; reliefctl does not round"
            )
        else:
            reason = (
                f"{q}{as_value} has more than {kind.places} decimals: {kind.noun} take at most "
                f"{kind.places} decimals; reliefctl does not round"
            )
        raise InputError(field, reason)
    scaled = whole * _pow10(kind.places) + int(frac_digits.ljust(kind.places, "0") or "0")
    if scaled == 0 and not kind.allow_zero:
        raise InputError(field, f"{q} is zero: {kind.noun} must be positive (more than 0)")
    return scaled


def parse_amount(text: str, field: str) -> int:
    """An amount in yuan (``¥1,200.50``, ``12万``...) as integer fen, 0 < fen <= MAX_FEN."""
    return _parse_number(text, field, _AMOUNT)


def parse_unit_price(text: str, field: str) -> Decimal:
    """A unit price in yuan with at most 6 decimals, exact, 0 < price <= MAX_FEN / 100.

    The Decimal carries only the decimals needed: ``"12.50"`` gives ``Decimal("12.5")`` and
    ``"1.2万"`` gives ``Decimal("12000")`` (never exponent notation).
    """
    scaled = _parse_number(text, field, _PRICE)
    whole, frac = divmod(scaled, _pow10(_PRICE_PLACES))
    frac_digits = f"{frac:0{_PRICE_PLACES}d}".rstrip("0")
    return Decimal(f"{whole}.{frac_digits}" if frac_digits else str(whole))


def parse_quantity(text: str, field: str) -> int:
    """A whole number of items, 0 < quantity <= MAX_QUANTITY (``1200``, ``1,200``, ``12万``)."""
    return _parse_number(text, field, _QUANTITY)


def parse_people(text: str, field: str) -> int:
    """A whole number of people, 0 <= people <= MAX_PEOPLE."""
    return _parse_number(text, field, _PEOPLE)


# --- money helpers ----------------------------------------------------------------------------


def format_fen(fen: int, *, thousands: bool = False) -> str:
    """Fen as yuan with two decimals: ``12000000`` -> ``"120000.00"`` (``"120,000.00"``)."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{sign}{whole}.{cents:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan with two places: ``105`` -> ``Decimal("1.05")``."""
    sign, digits, _ = Decimal(fen).as_tuple()
    return Decimal((sign, digits, -2))


def round_half_up_fen(yuan: Decimal) -> int:
    """Decimal yuan to integer fen, rounding halves away from zero (1.005 -> 101, -1.005 -> -101).

    Exact for any finite Decimal (integer arithmetic, no context precision involved).
    """
    if not yuan.is_finite():
        raise ValueError(f"cannot round {yuan} to fen")
    sign, digits, exponent = yuan.as_tuple()
    assert isinstance(exponent, int)  # finite, checked above
    coefficient = int("".join(map(str, digits)) or "0")
    shift = exponent + 2
    if shift >= 0:
        fen = coefficient * _pow10(shift)
    else:
        unit = _pow10(-shift)
        fen, rest = divmod(coefficient, unit)
        if 2 * rest >= unit:
            fen += 1
    return -fen if sign else fen


# --- dates ------------------------------------------------------------------------------------

_DATE_FORMS: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日"),
)
_DATE_HELP: Final[str] = (
    "write YYYY-MM-DD, e.g. 2020-12-28 (also 2020/12/28, 2020.12.28, 20201228 or 2020年12月28日)"
)


def parse_date(text: str, field: str, today: date | None = None) -> date:
    """A calendar date between EARLIEST_DATE and ``today`` (default: the system date)."""
    original = _strip(text)
    if not original:
        raise InputError(field, f"is empty: give a date; {_DATE_HELP}")
    s = _strip(_nfkc(original))
    _check_digits(original, s, field, "2020-12-28")
    q = _quote(original)
    for form in _DATE_FORMS:
        m = form.fullmatch(s)
        if m is not None:
            break
    else:
        raise InputError(field, f"{q} is not a date reliefctl reads: {_DATE_HELP}")
    try:
        value = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise InputError(
            field, f"{q} is not a calendar date: check the month and the day"
        ) from None
    if value < EARLIEST_DATE:
        raise InputError(field, f"{q} is before {EARLIEST_DATE.isoformat()}; check the year")
    limit = date.today() if today is None else today
    if value > limit:
        raise InputError(
            field,
            f"{q} is in the future (today is {limit.isoformat()}); record things once they happen",
        )
    return value


# --- names and texts --------------------------------------------------------------------------


def _refuse_invisible(text: str, field: str, what: str) -> None:
    for position, ch in enumerate(text, start=1):
        category = unicodedata.category(ch)
        if category not in _REFUSED_CATEGORIES:
            continue
        if ch in "\n\r\x0b\x0c\x85" or category in ("Zl", "Zp"):
            raise InputError(
                field,
                f"{_quote(text)} has a line break (U+{ord(ch):04X}) at character {position}: "
                f"the {what} must be one line",
            )
        label = unicodedata.name(ch, "")
        named = f"U+{ord(ch):04X} {label}" if label else f"U+{ord(ch):04X}"
        raise InputError(
            field,
            f"{_quote(text)} contains {_REFUSED_CATEGORIES[category]} ({named}) at character "
            f"{position}: retype the {what} without it",
        )


def _clean(text: str, field: str, what: str) -> str:
    # Printable ASCII without a space at either end is already clean: NFKC leaves ASCII as it
    # is and no printable ASCII character is refused. The common case for refs and notes, read
    # once per entry of a bulk import.
    if text.isascii() and text.isprintable() and text[:1] not in ("", " ") and text[-1] != " ":
        return text
    original = _strip(text)
    _refuse_invisible(original, field, what)
    cleaned = _strip(_nfkc(original))
    _refuse_invisible(cleaned, field, what)
    if not cleaned:
        raise InputError(field, f"is empty: give the {what} (blank text is not accepted)")
    return cleaned


def clean_name(text: str, field: str) -> str:
    """A one-line name, NFKC, stripped, inner spaces collapsed, at most MAX_NAME_LENGTH chars."""
    cleaned = re.sub(r"\s+", " ", _clean(text, field, "name"))
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InputError(
            field,
            f"{_quote(cleaned)} is {len(cleaned)} characters long: names are at most "
            f"{MAX_NAME_LENGTH} characters",
        )
    return cleaned


def clean_text(text: str, field: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """A one-line free text (note, purpose, ref...), NFKC, stripped, at most max_length chars."""
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")
    cleaned = _clean(text, field, "text")
    if len(cleaned) > max_length:
        raise InputError(
            field,
            f"{_quote(cleaned)} is {len(cleaned)} characters long: at most {max_length} "
            "characters are accepted here",
        )
    return cleaned


# --- items ------------------------------------------------------------------------------------

_ITEM_HELP: Final[str] = "give ITEM=QTY, e.g. 暖身贴=120000"


def parse_item_spec(text: str, field: str = "--item") -> tuple[str, int]:
    """``ITEM=QTY`` (``暖身贴=12万``) as ``(name, quantity)``; splits on the last ``=``."""
    spec = _strip(_nfkc(text))
    if not spec:
        raise InputError(field, f"is empty: {_ITEM_HELP}")
    name_text, equals, qty_text = spec.rpartition("=")
    if not equals:
        raise InputError(f"{field} {_quote(spec)[1:-1]}", _ITEM_HELP)
    if not _strip(name_text):
        raise InputError(field, f"{_quote(spec)} has no item name before '=': {_ITEM_HELP}")
    name = clean_name(name_text, field)
    item_field = f"{field} {name}"
    if not _strip(qty_text):
        raise InputError(item_field, f"has no quantity after '=': {_ITEM_HELP}")
    return name, parse_quantity(qty_text, item_field)
