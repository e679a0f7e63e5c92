"""Reading what a clerk types: amounts, unit prices, quantities, head counts, dates and names.

Every function here takes the raw option text and the user-facing option name (``field``, e.g.
``"--qty"``) and either returns a clean value or raises
:mod:`reliefctl.errors` input error whose message (``reliefctl.vocab``) says what is accepted.
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
``2020-12-28``, ``2020/12/28``, ``2020.12.28``, ``20201228``, ``2020年12月28日`` and
``2020年12月28号``; month and day may have one digit (``2021-1-5``, ``2021年1月5日``) except in
the 8-digit form.
Full-width digits are fine. The date must exist in the calendar, must not be after today and
must not be before 2000-01-01.

Names and texts
---------------
Kept exactly as typed, stripped of surrounding whitespace (``批次录错：`` keeps its full-width
colon, ``村（社区）`` its brackets: the ledger matches the paper voucher). Empty text is refused,
as is any
character that cannot be seen or would act on a terminal: control characters (escape sequences
included), invisible formatting (zero-width space, bidirectional overrides, BOM ...), every
Default_Ignorable_Code_Point (variation selectors, Hangul fillers, the combining grapheme
joiner, Mongolian and Khmer invisible marks ...: ``reliefctl.ledger.ignorable``, generated from
the Unicode data), blank-looking letters and symbols (``BLANK_LOOKING``: U+2800 BRAILLE PATTERN
BLANK ...), private-use, unassigned, surrogate and line/paragraph-separator characters. A name
may not be only combining marks. Names and one-line texts (refs, suppliers, operators) hold no
line break; a note, purpose or reason may (a line break typed in a spreadsheet cell with
Alt+Enter): CR LF and a lone CR become LF, and tables show it as `` ↵ ``. Names are at most
``MAX_NAME_LENGTH`` characters; other texts are at most ``MAX_TEXT_LENGTH`` characters (or the
``max_length`` the caller gives): longer text is refused, never cut. The same checks are also
run on the NFKC form, so no key holds a refused character.

Names, refs, batch labels and group names are *matched* by their key (``text_key``): NFKC,
Default_Ignorable_Code_Points removed, runs of whitespace made one space, trimmed. ``ＤＮ－１－２``
and ``DN-1-2`` are one ref, ``高丽营　镇`` and ``高丽营 镇`` one name; two names with one key
display the same and are never both recorded (``reliefctl.ledger.master``). Before schema 3
texts were stored in NFKC form; their key is computed from the stored text when it is read.

Quantities with a unit or packs
-------------------------------
``parse_counted`` reads a quantity that may name a unit or a pack after each number
(``12万个``, ``3,000袋``, ``545箱``, ``2箱40个``): ``split_parts`` cuts it into numbers and names
(a name is a run of letters, with bracketed groups after its first letter: ``袋(5kg)``), and each
number is read as every number is, with up to six decimals (``1.5箱``). The names are checked
where the item is known (``Quantity.base``), by key: each is the item's own unit or one of its
packs (issue 13), named once, and the whole must be a whole number of the item's unit (``1.5箱``
of 240 is 360个; of 5 it is refused). Unit and pack names hold no digit outside brackets
(``check_unit_name``, ``check_pack_name``), so ``105kg袋`` reads one way only. A text that is
not such a sequence is read as a plain number, and refused as one if it is not.

Items
-----
``ITEM=QTY`` as in ``暖身贴=12万``: split on the last ``=`` (full-width ``＝`` too); the name
is read as a name and the quantity as ``parse_counted`` reads it (``暖身贴=12万个``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Final

from reliefctl import errors
from reliefctl.db.tables import ENTRY_KINDS
from reliefctl.errors import OneOf, Phrase, Term
from reliefctl.ledger.ignorable import DEFAULT_IGNORABLE
from reliefctl.money import MAX_FEN

__all__ = [
    "BLANK_LOOKING",
    "EARLIEST_DATE",
    "MAX_NAME_LENGTH",
    "MAX_PEOPLE",
    "MAX_QTY_TEXT",
    "MAX_QUANTITY",
    "MAX_REF_LENGTH",
    "MAX_TEXT_LENGTH",
    "Count",
    "Qty",
    "Quantity",
    "check_pack_name",
    "check_unit_name",
    "clean_name",
    "clean_note",
    "clean_text",
    "parse_amount",
    "parse_counted",
    "parse_date",
    "parse_entry_id",
    "parse_item_spec",
    "parse_people",
    "parse_quantity",
    "parse_unit_price",
    "split_parts",
    "split_unit",
    "text_key",
]

MAX_QUANTITY: Final[int] = 10**12
MAX_PEOPLE: Final[int] = 10**9
MAX_NAME_LENGTH: Final[int] = 100
MAX_TEXT_LENGTH: Final[int] = 2000
"""Notes, purposes, suppliers, reasons."""
MAX_REF_LENGTH: Final[int] = 100
"""Refs (document numbers): callers pass it as ``max_length``."""
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
_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


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


def _check_digits(original: str, normalised: str, field: str, example: Term) -> None:
    bad = _foreign_digit(original) or _foreign_digit(normalised)
    if bad is not None:
        raise errors.ForeignDigit(
            field=field, value=original, char=bad, codepoint=f"{ord(bad):04X}", example=example
        )


def _pow10(n: int) -> int:
    """10**n for n >= 0, typed as int (``int.__pow__`` with a variable exponent is not)."""
    return int(10**n)


# --- numbers ----------------------------------------------------------------------------------

_NUMBER_RE: Final[re.Pattern[str]] = re.compile(
    r"(?P<cur>¥)?(?P<int>[0-9][0-9,]*)(?:\.(?P<frac>[0-9]+))?(?P<mult>[万萬亿億])?(?P<yuan>元)?"
)
_GROUPED_RE: Final[re.Pattern[str]] = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_SIGN_RE: Final[re.Pattern[str]] = re.compile(r"¥?\s*[-+−]")
# Any number with more integer digits than this is beyond every bound below.
_MAX_INT_DIGITS: Final[int] = 20


@dataclass(frozen=True)
class _Kind:
    """What one parser accepts, and the vocabulary its messages use (``noun.<name>``...)."""

    name: str
    places: int
    #: The largest value, scaled by 10**places (fen for amounts, micro-yuan for unit prices).
    bound: int
    #: How the bound is written in messages (a Phrase: "100,000,000,000.00 yuan").
    bound_text: Phrase
    allow_zero: bool
    money: bool

    @property
    def noun(self) -> Term:
        return Term(f"noun.{self.name}")

    @property
    def example(self) -> Term:
        return Term(f"example.{self.name}")


_MAX_TEXT: Final = f"{_MAX_YUAN:,}.{MAX_FEN % 100:02d}"
_AMOUNT: Final = _Kind("amounts", 2, MAX_FEN, Phrase("bound.yuan", value=_MAX_TEXT), False, True)
_PRICE: Final = _Kind(
    "unit_prices",
    _PRICE_PLACES,
    MAX_FEN * 10**4,
    Phrase("bound.yuan", value=_MAX_TEXT),
    False,
    True,
)


_QUANTITY: Final = _Kind(
    "quantities", 0, MAX_QUANTITY, Phrase("bound.plain", value=f"{MAX_QUANTITY:,}"), False, False
)
_PEOPLE: Final = _Kind(
    "head_counts", 0, MAX_PEOPLE, Phrase("bound.plain", value=f"{MAX_PEOPLE:,}"), True, False
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
    if not original:
        raise errors.NumberEmpty(field=field, example=kind.example)
    s = _strip(_nfkc(original))
    _check_digits(original, s, field, kind.example)
    if _SIGN_RE.match(s):
        rule = Term("rule.zero_or_more" if kind.allow_zero else "rule.positive")
        raise errors.NumberSigned(field=field, value=original, noun=kind.noun, rule=rule)
    if any(unicodedata.category(ch) == "Zs" for ch in s):
        raise errors.NumberInnerSpace(field=field, value=original)
    m = _NUMBER_RE.fullmatch(s)
    if m is None:
        raise errors.NotANumber(field=field, value=original, example=kind.example)
    if not kind.money and (m["cur"] or m["yuan"]):
        raise errors.MoneyForCount(
            field=field, value=original, noun=kind.noun, example=kind.example
        )
    int_part = m["int"]
    if "," in int_part and not _GROUPED_RE.fullmatch(int_part):
        raise errors.BadGrouping(field=field, value=original)
    mult = m["mult"]
    int_digits, frac_digits = _shift(
        int_part.replace(",", ""), m["frac"] or "", _MULTIPLIERS[mult] if mult else 0
    )
    value_text = (int_digits or "0") + ("." + frac_digits if frac_digits else "")
    equals = Phrase("number.equals", value=value_text) if mult else ""
    shown = {"field": field, "value": original, "equals": equals, "noun": kind.noun}
    whole = None if len(int_digits) > _MAX_INT_DIGITS else int(int_digits or "0")
    if whole is None or whole * _pow10(kind.places) > kind.bound:
        raise errors.NumberTooLarge(**shown, bound=kind.bound_text)
    if len(frac_digits) > kind.places:
        if kind.places == 0:
            raise errors.NotWhole(**shown)
        if kind.places == 2:
            raise errors.FractionOfFen(**shown)
        raise errors.TooManyDecimals(**shown, places=kind.places)
    scaled = whole * _pow10(kind.places) + int(frac_digits.ljust(kind.places, "0") or "0")
    if scaled > kind.bound:
        raise errors.NumberTooLarge(**shown, bound=kind.bound_text)
    if scaled == 0 and not kind.allow_zero:
        raise errors.NumberZero(field=field, value=original, noun=kind.noun)
    return scaled


def parse_amount(text: str, field: str, *, allow_zero: bool = False) -> int:
    """An amount in yuan (``¥1,200.50``, ``12万``...) as integer fen, 0 < fen <= MAX_FEN
    (0 too with ``allow_zero``: goods received at no value, given explicitly)."""
    return _parse_number(text, field, replace(_AMOUNT, allow_zero=True) if allow_zero else _AMOUNT)


def parse_unit_price(text: str, field: str, *, allow_zero: bool = False) -> Decimal:
    """A unit price in yuan with at most 6 decimals, exact, 0 < price <= MAX_FEN / 100.

    The Decimal carries only the decimals needed: ``"12.50"`` gives ``Decimal("12.5")`` and
    ``"1.2万"`` gives ``Decimal("12000")`` (never exponent notation).
    """
    scaled = _parse_number(text, field, replace(_PRICE, allow_zero=True) if allow_zero else _PRICE)
    whole, frac = divmod(scaled, _pow10(_PRICE_PLACES))
    frac_digits = f"{frac:0{_PRICE_PLACES}d}".rstrip("0")
    return Decimal(f"{whole}.{frac_digits}" if frac_digits else str(whole))


def parse_quantity(text: str, field: str, *, allow_zero: bool = False) -> int:
    """A whole number of items, 0 < quantity <= MAX_QUANTITY (``1200``, ``1,200``, ``12万``);
    0 too with ``allow_zero`` (what a stocktake counted)."""
    kind = replace(_QUANTITY, allow_zero=True) if allow_zero else _QUANTITY
    return _parse_number(text, field, kind)


def parse_people(text: str, field: str) -> int:
    """A whole number of people, 0 <= people <= MAX_PEOPLE."""
    return _parse_number(text, field, _PEOPLE)


# --- dates ------------------------------------------------------------------------------------

_DATE_FORMS: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})[日号]"),
)
_DATE_FORMS_TERM: Final = Term("date.forms")


def parse_date(text: str, field: str, today: date | None = None) -> date:
    """A calendar date between EARLIEST_DATE and ``today`` (default: the system date)."""
    original = _strip(text)
    if not original:
        raise errors.DateEmpty(field=field, forms=_DATE_FORMS_TERM)
    s = _strip(_nfkc(original))
    _check_digits(original, s, field, Term("example.date"))
    for form in _DATE_FORMS:
        m = form.fullmatch(s)
        if m is not None:
            break
    else:
        raise errors.NotADate(field=field, value=original, forms=_DATE_FORMS_TERM)
    try:
        value = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        raise errors.NotACalendarDate(field=field, value=original) from None
    if value < EARLIEST_DATE:
        raise errors.DateTooEarly(field=field, value=original, earliest=EARLIEST_DATE.isoformat())
    limit = date.today() if today is None else today
    if value > limit:
        raise errors.DateInFuture(field=field, value=original, today=limit.isoformat())
    return value


# --- names and texts --------------------------------------------------------------------------


#: Characters that look blank but are letters or symbols, refused as any invisible one is.
BLANK_LOOKING: Final = frozenset({"\u2800", "\u3164", "\u115f", "\u1160", "\uffa0", "\u180e"})
_IGNORABLE_STARTS: Final = tuple(start for start, _end in DEFAULT_IGNORABLE)


def _ignorable(ch: str) -> bool:
    point = ord(ch)
    index = bisect.bisect_right(_IGNORABLE_STARTS, point) - 1
    return index >= 0 and point <= DEFAULT_IGNORABLE[index][1]


def _refuse_invisible(text: str, field: str, what: Term, multiline: bool = False) -> None:
    for position, ch in enumerate(text, start=1):
        if ch.isascii() and (ch.isprintable() or (multiline and ch == "\n")):
            continue
        category = unicodedata.category(ch)
        refused = category in _REFUSED_CATEGORIES
        if not refused and not _ignorable(ch) and ch not in BLANK_LOOKING:
            continue
        if not multiline and (ch in "\n\r\x0b\x0c\x85" or category in ("Zl", "Zp")):
            raise errors.TextLineBreak(
                field=field, value=text, codepoint=f"{ord(ch):04X}", position=position, what=what
            )
        label = unicodedata.name(ch, "")
        named = f"U+{ord(ch):04X} {label}" if label else f"U+{ord(ch):04X}"
        kind = f"char.{category}" if refused else "char.invisible"
        if ch in BLANK_LOOKING:
            kind = "char.blank_looking"
        raise errors.TextInvisible(
            field=field,
            value=text,
            character=Term(kind),
            named=named,
            position=position,
            what=what,
        )


def _clean(text: str, field: str, what: Term, multiline: bool = False) -> str:
    # Printable ASCII without a space at either end is already clean: NFKC leaves ASCII as it
    # is and no printable ASCII character is refused. The common case for refs and notes, read
    # once per entry of a bulk import.
    if text.isascii() and text.isprintable() and text[:1] not in ("", " ") and text[-1] != " ":
        return text
    original = _strip(text)
    if multiline:
        original = original.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_invisible(original, field, what, multiline)
    # The text is kept as typed; its NFKC form (what its key is made of) is checked too, so
    # no character that NFKC turns into a refused one gets in either.
    normalised = _strip(_nfkc(original))
    _refuse_invisible(normalised, field, what, multiline)
    if not normalised:
        raise errors.TextEmpty(field=field, what=what)
    return original


_NAME: Final = Term("what.name")
_TEXT: Final = Term("what.text")
_WHITESPACE_RUN: Final = re.compile(r"\s+")


def text_key(text: str) -> str:
    """The key a name, ref, batch label or group name is matched by (module docstring).

    NFKC, every Default_Ignorable_Code_Point removed, runs of whitespace made one space,
    trimmed: two texts with the same key display the same. ``text_key(text_key(t))`` equals
    ``text_key(t)``.
    """
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip(" ")
    normalised = _nfkc(text)
    if any(_ignorable(ch) for ch in normalised):
        normalised = "".join(ch for ch in normalised if not _ignorable(ch))
    return _WHITESPACE_RUN.sub(" ", normalised).strip()


def clean_name(text: str, field: str) -> str:
    """A one-line name as typed (stripped), at most MAX_NAME_LENGTH chars; see ``text_key``."""
    cleaned = _clean(text, field, _NAME)
    if all(unicodedata.category(ch).startswith("M") or ch.isspace() for ch in cleaned):
        raise errors.NameOnlyMarks(field=field, value=cleaned)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise errors.NameTooLong(
            field=field, value=cleaned, length=len(cleaned), limit=MAX_NAME_LENGTH
        )
    return cleaned


def clean_text(
    text: str, field: str, max_length: int = MAX_TEXT_LENGTH, *, multiline: bool = False
) -> str:
    """A free text (ref, supplier ...: one line; note, purpose, reason: ``multiline``), as
    typed, stripped, at most ``max_length`` characters."""
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")
    cleaned = _clean(text, field, _TEXT, multiline)
    if len(cleaned) > max_length:
        raise errors.TextTooLong(field=field, value=cleaned, length=len(cleaned), limit=max_length)
    return cleaned


# --- quantities with a unit or packs ---------------------------------------------------------

#: Places a count of packs may have (``1.5箱``); the base quantity must still be whole.
_COUNT_PLACES: Final[int] = 6
_COUNT: Final = _Kind(
    "quantities",
    _COUNT_PLACES,
    MAX_QUANTITY * 10**_COUNT_PLACES,
    Phrase("bound.plain", value=f"{MAX_QUANTITY:,}"),
    False,
    False,
)
#: Brackets a unit or pack name may hold digits inside (``袋(5kg)``): opener -> closer.
_BRACKETS: Final[dict[str, str]] = {"(": ")", "（": "）", "[": "]", "【": "】"}
#: The longest quantity text a line keeps (``models.QTY_TEXT_LEN``).
MAX_QTY_TEXT: Final[int] = 200

#: A count as written: an int when whole, else the exact Decimal (``1.5`` of ``1.5箱``).
Count = int | Decimal


@dataclass(frozen=True)
class Quantity:
    """A quantity written with a unit or packs after its numbers (``12万个``, ``545箱``,
    ``2箱40个``), resolved against its item by ``base``.

    ``count`` and ``unit`` are the first part as written (12万个: 120000 and 个), ``more`` the
    parts after it (2箱40个: ``((40, "个"),)``), ``text`` the whole text and ``field`` the
    field it came from, for the refusal. A count is an int when whole, else a Decimal: only
    the base quantity has to be whole (``1.5箱`` of 240 is 360个).
    """

    count: Count
    unit: str
    text: str
    field: str
    more: tuple[tuple[Count, str], ...] = ()
    allow_zero: bool = False

    @property
    def parts(self) -> tuple[tuple[Count, str], ...]:
        return ((self.count, self.unit), *self.more)

    def names_pack(self, unit: str) -> bool:
        """Whether some part is not in the item's own ``unit`` (then the line keeps the text)."""
        return any(text_key(name) != text_key(unit) for _count, name in self.parts)

    def base(self, unit: str, item: str, packs: Mapping[str, tuple[str, int]] | None = None) -> int:
        """The quantity in the item's own ``unit``, its packs (pack key -> (name, size)) read
        at their size; refused when a part names neither, a unit comes twice or the result is
        not a whole number of units."""
        total = Decimal(0)
        seen: set[str] = set()
        for count, name in self.parts:
            key = text_key(name)
            if key in seen:
                raise errors.QuantityUnitTwice(field=self.field, value=self.text, given=name)
            seen.add(key)
            if key == text_key(unit):
                if not isinstance(count, int):
                    raise errors.NotWhole(
                        field=self.field, value=self.text, equals="", noun=_QUANTITY.noun
                    )
                total += count
                continue
            found = (packs or {}).get(key)
            if found is None:
                if packs:
                    raise errors.QuantityUnknownPack(
                        field=self.field,
                        value=self.text,
                        given=name,
                        unit=unit,
                        item=item,
                        packs=OneOf(tuple(pack for pack, _size in packs.values())),
                    )
                raise errors.QuantityWrongUnit(
                    field=self.field, value=self.text, given=name, unit=unit, item=item
                )
            pack, size = found
            total += count * size
            if total != int(total):
                raise errors.PackNotWhole(
                    field=self.field,
                    value=self.text,
                    pack=pack,
                    size=size,
                    unit=unit,
                    base=format(total.normalize(), "f"),
                )
        whole = int(total)
        if whole > MAX_QUANTITY:
            raise errors.NumberTooLarge(
                field=self.field,
                value=self.text,
                equals=Phrase("number.equals", value=f"{whole:,}"),
                noun=_QUANTITY.noun,
                bound=_QUANTITY.bound_text,
            )
        if whole == 0 and not self.allow_zero:
            raise errors.NumberZero(field=self.field, value=self.text, noun=_QUANTITY.noun)
        return whole


#: A quantity as a request carries it: a plain number of the item's units, or a Quantity.
Qty = int | Quantity


def _unit_char(ch: str) -> bool:
    return (
        unicodedata.category(ch)[0] in "LM"
        and ch not in _MULTIPLIERS
        and not ch.isnumeric()
        and ch not in "元¥￥"
    )


def _unit_end(text: str, start: int) -> int:
    """Where the unit word starting at ``start`` ends: letters, and bracketed groups after a
    letter (``袋(5kg)``), which may hold anything but a line break."""
    end = start
    while end < len(text):
        ch = text[end]
        if _unit_char(ch):
            end += 1
            continue
        closer = _BRACKETS.get(ch)
        if closer is None or end == start:
            break
        close = text.find(closer, end + 1)
        if close < 0:
            break
        end = close + 1
    return end


def split_parts(text: str) -> list[tuple[str, str]] | None:
    """``"2箱40个"`` -> ``[("2", "箱"), ("40", "个")]``: each number and the unit or pack name
    after it; None when the text is not such a sequence (a plain number, ``1e3``, ``100元``),
    to be read as a plain number and refused as one if it is not.

    A name is a run of letters (not 万/亿, not 元), with bracketed groups after its first
    letter (``袋(5kg)``); a number is what stands before it, ending in a digit or 万/亿;
    spaces between the parts are allowed. Names hold no digit outside brackets
    (``check_unit_name``), so ``105kg袋`` reads one way only.
    """
    stripped = _strip(text)
    parts: list[tuple[str, str]] = []
    position = 0
    while position < len(stripped):
        start = position
        while start < len(stripped) and not _unit_char(stripped[start]):
            start += 1
        end = _unit_end(stripped, start)
        number = _strip(stripped[position:start])
        if start == end or not number:
            return None
        if not (number[-1].isnumeric() or _nfkc(number[-1]).isdigit()):
            return None
        parts.append((number, stripped[start:end]))
        position = end
    return parts or None


def split_unit(text: str) -> tuple[str, str | None]:
    """``"12万个"`` -> ``("12万", "个")``: the number and the unit word after it (or None,
    also when the text has several parts: ``split_parts``)."""
    parts = split_parts(text)
    if parts is None or len(parts) != 1:
        return _strip(text), None
    return parts[0]


def _count(number: str, text: str, field: str, allow_zero: bool) -> Count:
    kind = replace(_COUNT, allow_zero=True) if allow_zero else _COUNT
    try:
        scaled = _parse_number(number, field, kind)
    except errors.InputError as exc:
        if "value" in exc.params:
            exc.params["value"] = text
        raise
    whole, frac = divmod(scaled, _pow10(_COUNT_PLACES))
    if frac == 0:
        return whole
    return Decimal(scaled).scaleb(-_COUNT_PLACES).normalize()


def parse_counted(text: str, field: str, *, allow_zero: bool = False) -> Qty:
    """A quantity that may carry a unit or packs (``12万个``, ``545箱``, ``2箱40个``): an int
    without one, else a Quantity (resolved against the item by ``Quantity.base``)."""
    parts = split_parts(text)
    if parts is None:
        return parse_quantity(text, field, allow_zero=allow_zero)
    shown = _strip(text)
    if len(shown) > MAX_QTY_TEXT:
        raise errors.TextTooLong(field=field, value=shown, length=len(shown), limit=MAX_QTY_TEXT)
    counted = [(_count(number, shown, field, allow_zero), name) for number, name in parts]
    (count, unit), *more = counted
    return Quantity(count, unit, shown, field, tuple(more), allow_zero)


def check_unit_name(name: str, field: str) -> str:
    """A unit or pack name (``个``, ``箱``, ``袋(5kg)``), refused when it holds a digit outside
    brackets (``5kg袋``: is ``105kg袋`` 10 or 105 of it?). Returns the name."""
    depth: list[str] = []
    for ch in name:
        if ch in _BRACKETS:
            depth.append(_BRACKETS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth and ch not in _MULTIPLIERS and (ch.isnumeric() or _nfkc(ch).isdigit()):
            raise errors.UnitNameDigit(field=field, value=name, char=ch)
    return name


def check_pack_name(name: str, field: str) -> str:
    """A pack name: ``check_unit_name``, and it must read back after a number as one name
    (``2箱`` is 2 of 箱; ``kg/袋`` or ``万`` could not be written after a number)."""
    check_unit_name(name, field)
    if split_parts("1" + name) != [("1", name)]:
        raise errors.PackNameUnreadable(field=field, value=name)
    return name


# # --- items ------------------------------------------------------------------------------------

_ITEM_HELP: Final = Term("item_spec.help")


def clean_note(text: str, field: str) -> str:
    """A note, purpose or reason: free text that may keep line breaks."""
    return clean_text(text, field, MAX_TEXT_LENGTH, multiline=True)


def _split_spec(spec: str) -> tuple[str, str, str]:
    """``spec`` split at its last ``=`` (or a character NFKC reads as ``=``, such as ``＝``)."""
    for index in range(len(spec) - 1, -1, -1):
        if spec[index] == "=" or _nfkc(spec[index]) == "=":
            return spec[:index], "=", spec[index + 1 :]
    return "", "", spec


def parse_item_spec(text: str, field: str = "item", *, allow_zero: bool = False) -> tuple[str, Qty]:
    """``ITEM=QTY`` (``暖身贴=12万``) as ``(name, quantity)``; splits on the last ``=``.

    The name is kept as typed; the quantity is an int, or a ``Quantity`` when it names a unit
    (``暖身贴=12万个``). A bad quantity is reported on the field ``line_qty`` with the item's
    name as ``item`` (the command line shows it as ``--item 暖身贴``). ``暖身贴==1`` is refused
    as a doubled ``=`` rather than read as the item ``暖身贴=``.
    """
    spec = _strip(text)
    if not spec:
        raise errors.ItemSpecEmpty(field=field, help=_ITEM_HELP)
    if "==" in _nfkc(spec):
        raise errors.ItemSpecDoubleEquals(field=field, value=spec, help=_ITEM_HELP)
    name_text, equals, qty_text = _split_spec(spec)
    if not equals:
        raise errors.ItemSpecNoEquals(field="item_spec", spec=spec, help=_ITEM_HELP)
    if not _strip(name_text):
        raise errors.ItemSpecNoName(field=field, value=spec, help=_ITEM_HELP)
    name = clean_name(name_text, field)
    if not _strip(qty_text):
        raise errors.ItemSpecNoQuantity(field="line_qty", item=name, help=_ITEM_HELP)
    try:
        return name, parse_counted(qty_text, "line_qty", allow_zero=allow_zero)
    except errors.InputError as exc:
        exc.params["item"] = name
        raise


# --- entry ids --------------------------------------------------------------------------------

_ENTRY_ID: Final = re.compile(
    "([" + "".join(code for code, _name in ENTRY_KINDS) + r"])\s*-?\s*0*([0-9]{1,12})"
)


def parse_entry_id(text: str, field: str = "entry_id") -> str:
    """``s-123``, ``S123`` or ``Ｓ－０００１２３`` -> ``S-000123`` (a known kind's letter)."""
    cleaned = _nfkc(text).strip().upper()
    match = _ENTRY_ID.fullmatch(cleaned)
    if not match:
        raise errors.BadEntryId(field=field, value=text)
    return f"{match[1]}-{int(match[2]):06d}"
