"""Sheet layouts: each spreadsheet kind's columns, declared once for export, template and import.

A :class:`SheetLayout` lists the columns of one kind (``purchases``, ``shipments``, ``grants``)
in the order the export writes them, and each :class:`SheetColumn` says everything the three
ways reliefctl meets a spreadsheet need to know about it:

* the export (``reliefctl.reports.export``, ``reliefctl.render.xlsx``) writes the columns
  marked ``exported``, with the cell kind (money, date, whole number ...);
* the template (``reliefctl template``) offers those marked ``template``, with the drop-down
  list (``listed``) and the hint (``hint``) of each;
* the import (``reliefctl.ledger.importer``) reads a column by its heading (the key, its
  English and Chinese headings from the vocabulary, or an alias), through ``parser``, the very
  function behind the recording command's option; a column without a parser (the export's own
  ``value`` and ``entry``) is accepted and ignored.

Headings are vocabulary (``heading.<key>``): English is the key itself, so scripts and the
README name columns the same way in both languages (``people`` is headed ``people (人次)``,
since it counts person-times; the import drops a trailing unit in brackets).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final, Literal

from reliefctl import errors
from reliefctl.i18n import Lang, term
from reliefctl.ledger import parse
from reliefctl.vocab import ENGLISH

ImportKind = Literal[
    "purchases",
    "shipments",
    "grants",
    "receipts",
    "transfers",
    "writeoffs",
    "counts",
    "places",
    "items",
    "funds",
    "locations",
    "allocations",
    "voids",
    "settings",
    "kits",
    "assemblies",
    "all",
    "recipients",
]
#: The kinds ``import --kind`` reads one sheet of (``all``: every sheet it knows, see
#: ``reliefctl.ledger.workbook``).
IMPORT_KINDS: Final[tuple[ImportKind, ...]] = (
    "purchases",
    "shipments",
    "grants",
    "receipts",
    "transfers",
    "writeoffs",
    "counts",
    "places",
    "items",
    "funds",
    "locations",
)
#: Master data: imported first, each row as its ``add`` command would add it (idempotent).
#: Kits (issue 13) come after the items they are made of; see ``reliefctl.ledger.workbook``.
MASTER_KINDS: Final[tuple[ImportKind, ...]] = ("places", "items", "kits", "funds", "locations")
#: The entry kinds, whose rows an export numbers with the entry's ``seq`` (recording order).
ENTRY_KINDS: Final[tuple[ImportKind, ...]] = (
    "purchases",
    "shipments",
    "grants",
    "receipts",
    "transfers",
    "writeoffs",
    "counts",
    "allocations",
    "assemblies",
)
#: Every sheet ``import --kind all`` reads, in the order it reads them (master data first).
WORKBOOK_KINDS: Final[tuple[ImportKind, ...]] = (
    *MASTER_KINDS,
    *ENTRY_KINDS,
    "voids",
    # The lists of recipients of an export's deliveries and grants, posted with them.
    "recipients",
    "settings",
)
#: The kinds whose rows sharing a ref (one after the other) are the lines of one entry.
MULTI_LINE: Final = frozenset({"shipments", "transfers", "writeoffs", "counts"})

#: How a value is written in a sheet: text, a date, a timestamp (ISO 8601 with offset), money
#: (integer fen), a whole number, a unit price (exact decimal text), or an entry kind (a word).
CellKind = Literal["text", "date", "datetime", "money", "int", "price", "entry_kind"]

#: How the import reads a cell: (text, field) -> value, raising an input error.
Parser = Callable[[str, str], Any]


def _ref(text: str, field: str) -> str:
    return parse.clean_text(text, field, parse.MAX_REF_LENGTH)


def _date(text: str, field: str) -> date:
    return parse.parse_date(text, field)


def _counted(text: str, field: str) -> int:
    """A stocktake's book quantity: a whole number, 0 allowed (nothing left)."""
    return parse.parse_quantity(text, field, allow_zero=True)


def _counted_packs(text: str, field: str) -> parse.Qty:
    """What a stocktake counted: as ``--item`` reads it (``12箱``), 0 allowed."""
    return parse.parse_counted(text, field, allow_zero=True)


def _value(text: str, field: str) -> int:
    """Goods received at a stated value: 0 allowed, given explicitly."""
    return parse.parse_amount(text, field, allow_zero=True)


def _unit_value(text: str, field: str) -> Any:
    return parse.parse_unit_price(text, field, allow_zero=True)


def _seq(text: str, field: str) -> int:
    return parse.parse_people(text, field)


def _budget(text: str, field: str) -> int:
    return parse.parse_amount(text, field, allow_zero=True)


def _allocated(text: str, field: str) -> int:
    """An allocation's amount: negative for a reduction (``fund reduce``)."""
    stripped = text.strip()
    if stripped.startswith(("-", "－", "−")):
        return -parse.parse_amount(stripped[1:], field)
    return parse.parse_amount(stripped, field)


def _moved(text: str, field: str) -> Any:
    """An Assemblies sheet's quantity, signed as the line moves stock (kits taken apart are
    negative): the sign is dropped, since the entry's ``kind`` says which way it went."""
    stripped = text.strip()
    if stripped.startswith(("-", "－", "−")):
        stripped = stripped[1:]
    return parse.parse_counted(stripped, field)


#: Assembly kinds: entry kind -> the words accepted for it (besides the code and its word in
#: the vocabulary, in either language, as the export writes it).
ASSEMBLY_KINDS: Final[dict[str, tuple[str, ...]]] = {"A": ("组装",), "D": ("拆分",)}


def _assembly_kind(text: str, field: str) -> str:
    """``A`` (assembly) or ``D`` (disassembly), from the code or one of its words."""
    from reliefctl.errors import UnknownAssemblyKind

    key = parse.text_key(text)
    for code, more in ASSEMBLY_KINDS.items():
        word = ENGLISH[f"kind.{code}"]
        if key in (
            parse.text_key(w) for w in (code, word, term("zh", f"kind.{code}", word), *more)
        ):
            return code
    raise UnknownAssemblyKind(field=field, value=text)


#: An Assemblies line's role: the kit, or one of its components (the words accepted for each).
ROLES: Final[dict[str, tuple[str, ...]]] = {"kit": ("礼包",), "component": ("组成物资",)}


def _role(text: str, field: str) -> str:
    from reliefctl.errors import UnknownAssemblyRole

    key = parse.text_key(text)
    for code, words in ROLES.items():
        if key == code or key in (parse.text_key(word) for word in words):
            return code
    raise UnknownAssemblyRole(field=field, value=text)


def _source(text: str, field: str) -> str:
    from reliefctl.ledger.movements import source_code

    return source_code(text, field)


def _reason(text: str, field: str) -> str:
    from reliefctl.ledger.movements import reason_code

    return reason_code(text, field)


def _person_name(text: str, field: str) -> str:
    """A recipient's name, read as ``clean_name`` reads names; a refusal shows it masked."""
    from reliefctl.ledger.persons import mask_name

    try:
        return parse.clean_name(text, field)
    except errors.InputError as exc:
        if "value" in exc.params:
            exc.params["value"] = mask_name(text)
        raise


def _identifier_text(kind: str) -> Callable[[str, str], str]:
    """A cell holding an identifier (or a household key), read as one-line text; a refusal
    (a line break, an invisible character, too long) shows it masked, never in the clear."""

    def read(text: str, field: str) -> str:
        from reliefctl.ledger.persons import mask_identifier

        try:
            return parse.clean_text(text, field)
        except errors.InputError as exc:
            if "value" in exc.params:
                exc.params["value"] = mask_identifier(kind, text)  # type: ignore[arg-type]
            raise

    return read


def _id_type(text: str, field: str) -> str:
    from reliefctl.ledger.persons import ID_TYPES

    value = text.strip().lower()
    if value not in ID_TYPES:
        raise errors.IdentifierTypeUnknown(field=field, value=text)
    return value


def _hex_hash(text: str, field: str) -> str:
    value = text.strip().lower()
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise errors.PersonHashMalformed(field=field, value=text)
    return value


def _fingerprint(text: str, field: str) -> str:
    from reliefctl.ledger.settings import parse_fingerprint

    return parse_fingerprint(text, field)


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet kind (see the module docstring)."""

    key: str
    cell: CellKind = "text"
    #: The recording command's parser for the matching option; None: accepted and ignored.
    parser: Parser | None = None
    #: The import needs this column, and a value in it on every row.
    required: bool = False
    #: Other headings the import accepts (NFKC, case, spaces, ``_``/``-`` ignored).
    aliases: tuple[str, ...] = ()
    exported: bool = True
    template: bool = True
    #: A template's drop-down list: (which list, whether other values are refused).
    listed: tuple[str, bool] | None = None

    @property
    def hint(self) -> str | None:
        """The template's hint for the column (vocabulary ``hint.<key>``), if there is one."""
        key = f"hint.{self.key}"
        return key if key in ENGLISH else None

    def but(self, **changes: Any) -> SheetColumn:
        """This column with some of its facts changed (one kind's variant of a shared one)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one sheet kind, in export order."""

    kind: ImportKind
    columns: tuple[SheetColumn, ...]
    #: Columns a template shows first (a clerk fills in the date first); the rest follow in
    #: export order.
    template_first: tuple[str, ...] = ()

    def exported(self) -> tuple[SheetColumn, ...]:
        return tuple(column for column in self.columns if column.exported)

    def template(self) -> tuple[SheetColumn, ...]:
        shown = [column for column in self.columns if column.template]
        first = [column for key in self.template_first for column in shown if column.key == key]
        return tuple(first + [column for column in shown if column not in first])


# Columns shared by several kinds; a kind's variant is ``COLUMN.but(...)``.
DATE = SheetColumn("date", "date", _date, required=True)
ITEM = SheetColumn(
    "item",
    parser=parse.clean_name,
    required=True,
    aliases=("物品", "物资名称"),
    listed=("items", True),
)
QTY = SheetColumn("qty", "int", parse.parse_counted, required=True, aliases=("quantity",))
FUND = SheetColumn("fund", parser=parse.clean_name, aliases=("资金来源",), listed=("funds", True))
REF = SheetColumn("ref", parser=_ref, aliases=("单据号", "凭证号"))
NOTE = SheetColumn("note", parser=parse.clean_note, aliases=("notes",))
BATCH = SheetColumn("batch", parser=parse.clean_name, listed=("batches", False))
GROUP = SheetColumn("group", parser=parse.clean_name, aliases=("群体",), listed=("groups", False))
PEOPLE = SheetColumn("people", "int", parse.parse_people, aliases=("人次", "person-times"))
#: Household-times (户次, issue 16), like ``people`` on a delivery's first row; blank: not given.
#: Appended after ``voided by`` so every older column keeps its place.
HOUSEHOLDS = SheetColumn(
    "households", "int", parse.parse_people, aliases=("户次", "household-times")
)
#: ``to`` is how a template and a clerk's sheet name the place; ``township`` and ``unit`` are
#: how the export writes it (the import reads either; a unit must lie in that township).
TO = SheetColumn("to", parser=parse.clean_name, exported=False, listed=("places", True))
TOWNSHIP = SheetColumn(
    "township", parser=parse.clean_name, aliases=("乡镇", "街道", "镇街"), template=False
)
UNIT = SheetColumn("unit", parser=parse.clean_name, template=False)
#: The export's record of the entry; accepted and ignored (the ledger numbers its entries).
ENTRY = SheetColumn("entry", parser=parse.parse_entry_id, template=False)
#: The export's record of when the entry was recorded (its ``seq``) and, if it was voided, by
#: which void: appended to every entry sheet (issue 15), so a reliefctl export can be replayed
#: in its recording order, voided entries and voids included. Blank in a clerk's sheet.
SEQ = SheetColumn("seq", "int", _seq, template=False)
VOIDED_BY = SheetColumn("voided_by", parser=parse.parse_entry_id, template=False)
#: Where the goods are (issue 12); blank: the default location, as on the command line. Last on
#: the purchase and shipment sheets, so their other columns keep their places.
LOCATION = SheetColumn(
    "location", parser=parse.clean_name, aliases=("库点", "at"), listed=("locations", True)
)
#: The quantity as the clerk wrote it when it named a pack (``545箱``; issue 13), beside the
#: base quantity in ``qty``; blank otherwise. Appended last on every sheet of lines, so every
#: older column keeps its place. The import reads it as ``qty`` is read and records it (the
#: ledger then keeps it too); it must come to the ``qty`` beside it. A template leaves it out:
#: a clerk writes packs straight into ``qty``.
QTY_TEXT = SheetColumn("qty_text", parser=parse.parse_counted, template=False)

LAYOUTS: Final[dict[ImportKind, SheetLayout]] = {
    "purchases": SheetLayout(
        "purchases",
        (
            DATE.but(aliases=("日期",)),
            ITEM,
            QTY.but(aliases=("quantity", "数量")),
            SheetColumn("unit_price", "price", parse.parse_unit_price, aliases=("price", "单价")),
            SheetColumn("total", "money", parse.parse_amount, aliases=("总价", "总金额", "金额")),
            SheetColumn("supplier", parser=parse.clean_text, aliases=("供货单位",)),
            FUND,
            REF,
            NOTE,
            ENTRY,
            LOCATION,
            SEQ,
            VOIDED_BY,
            QTY_TEXT,
        ),
    ),
    "shipments": SheetLayout(
        "shipments",
        (
            BATCH.but(required=True),
            DATE,
            TO.but(aliases=("发往", "去向")),
            TOWNSHIP,
            UNIT,
            ITEM,
            QTY,
            # The export's value of each line at cost; ignored (the ledger values goods itself).
            SheetColumn("value", "money", template=False),
            PEOPLE,
            GROUP,
            REF.but(aliases=("单据号", "配送单号")),
            NOTE,
            ENTRY,
            LOCATION.but(aliases=("库点", "from", "发出库点")),
            SEQ,
            VOIDED_BY,
            HOUSEHOLDS,
            QTY_TEXT,
        ),
        template_first=("date",),
    ),
    "grants": SheetLayout(
        "grants",
        (
            DATE,
            TO.but(aliases=("发放对象",)),
            TOWNSHIP,
            UNIT,
            SheetColumn(
                "amount", "money", parse.parse_amount, required=True, aliases=("慰问金金额",)
            ),
            FUND,
            PEOPLE,
            GROUP,
            BATCH,
            SheetColumn("purpose", parser=parse.clean_note),
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            HOUSEHOLDS,
            # Why a repeat grant to a listed person is right (issue 16): kept on the entry.
            SheetColumn("allow_repeat", parser=parse.clean_note, template=False),
        ),
    ),
    "receipts": SheetLayout(
        "receipts",
        (
            DATE,
            ITEM,
            QTY,
            SheetColumn("source", parser=_source, required=True, aliases=("来源",)),
            SheetColumn("giver", parser=parse.clean_text, aliases=("捐赠方", "捐赠单位")),
            SheetColumn("value", "money", _value, aliases=("价值",)),
            SheetColumn("unit_value", "price", _unit_value, aliases=("单位价值",)),
            SheetColumn("of", parser=parse.parse_entry_id, aliases=("退自",)),
            LOCATION,
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            QTY_TEXT,
        ),
    ),
    "transfers": SheetLayout(
        "transfers",
        (
            DATE,
            SheetColumn(
                "from",
                parser=parse.clean_name,
                required=True,
                aliases=("调出",),
                listed=("locations", True),
            ),
            SheetColumn(
                "to",
                parser=parse.clean_name,
                required=True,
                aliases=("调入",),
                listed=("locations", True),
            ),
            ITEM,
            QTY,
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            QTY_TEXT,
        ),
    ),
    "writeoffs": SheetLayout(
        "writeoffs",
        (
            DATE,
            LOCATION,
            ITEM,
            QTY,
            SheetColumn("reason", parser=_reason, required=True, aliases=("报损原因",)),
            # The export's value of each line at cost; ignored (the ledger values goods itself).
            SheetColumn("value", "money", template=False),
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            QTY_TEXT,
        ),
    ),
    "counts": SheetLayout(
        "counts",
        (
            DATE,
            LOCATION,
            ITEM,
            # The book quantity when the stocktake form was written: a changed one refuses the
            # sheet (a stale count); blank: not checked.
            SheetColumn("book", "int", _counted, aliases=("账面数量",)),
            SheetColumn("counted", "int", _counted_packs, required=True, aliases=("实盘数量",)),
            # The export's posted difference and its value; ignored (the ledger posts them).
            SheetColumn("difference", "int", template=False),
            SheetColumn("value", "money", template=False),
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            # The counted quantity as written when it named a pack.
            QTY_TEXT.but(parser=_counted_packs),
        ),
    ),
    # Master data (issue 15): one row per township (``unit`` blank) or unit (in its township).
    "places": SheetLayout(
        "places",
        (
            SheetColumn(
                "township", parser=parse.clean_name, required=True, aliases=("乡镇", "街道")
            ),
            SheetColumn("unit", parser=parse.clean_name, aliases=("接收单位",)),
        ),
    ),
    "items": SheetLayout(
        "items",
        (
            SheetColumn("item", parser=parse.clean_name, required=True, aliases=("物资名称",)),
            SheetColumn(
                "measure", parser=parse.clean_name, required=True, aliases=("unit", "计量单位")
            ),
            # Issue 13: a row naming a pack (箱) and its size (240) defines that pack of the
            # item, as ``item pack`` does; the export writes one such row per pack, after the
            # item's own row.
            SheetColumn("pack", parser=parse.clean_name, aliases=("包装",)),
            SheetColumn("size", "int", parse.parse_quantity, aliases=("每包装数量",)),
        ),
    ),
    # The Funds sheet of an export (balances) is also the fund list: its budget is the first,
    # undated allocation when the workbook has no Allocations sheet; the other columns are the
    # export's figures, ignored.
    "funds": SheetLayout(
        "funds",
        (
            SheetColumn("fund", parser=parse.clean_name, required=True, aliases=("专项资金",)),
            SheetColumn("budget", "money", _budget, aliases=("预算",)),
            SheetColumn("fund_purchases", "money", template=False),
            SheetColumn("fund_grants", "money", template=False),
            SheetColumn("spent", "money", template=False),
            SheetColumn("remaining", "money", template=False),
        ),
    ),
    "locations": SheetLayout(
        "locations",
        (
            SheetColumn("location", parser=parse.clean_name, required=True, aliases=("库点",)),
            SheetColumn("township", parser=parse.clean_name, listed=("places", True)),
        ),
    ),
    "allocations": SheetLayout(
        "allocations",
        (
            SheetColumn("date", "date", _date),
            SheetColumn("fund", parser=parse.clean_name, required=True, listed=("funds", True)),
            SheetColumn("amount", "money", _allocated, required=True),
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
        ),
    ),
    # The Voids sheet: what each void reversed (for a reader), and what a replay needs: the
    # void's entry, the entry it voided, the reason and the void's seq.
    "voids": SheetLayout(
        "voids",
        (
            SheetColumn("void", parser=parse.parse_entry_id, required=True),
            SheetColumn("voided", parser=parse.parse_entry_id, required=True),
            SheetColumn("kind", "entry_kind"),
            SheetColumn("date", "date"),
            SheetColumn("batch"),
            SheetColumn("place"),
            SheetColumn("what"),
            SheetColumn("amount", "money"),
            SheetColumn("people", "int"),
            SheetColumn("ref"),
            SheetColumn("reason", parser=parse.clean_note, required=True),
            SheetColumn("operator"),
            SheetColumn("recorded_at", "datetime"),
            SEQ,
        ),
    ),
    # Kits (issue 13): one row per component of each kit's recipe, in recipe order; the rows
    # of one kit are one after the other and agree on its measure.
    "kits": SheetLayout(
        "kits",
        (
            SheetColumn("kit", parser=parse.clean_name, required=True),
            SheetColumn("measure", parser=parse.clean_name, required=True, aliases=("unit",)),
            SheetColumn("component", parser=parse.clean_name, required=True),
            SheetColumn("per_kit", "int", parse.parse_counted, required=True),
            ENTRY,
        ),
    ),
    # Every assembly and disassembly line, signed as it moves stock (each entry's values sum
    # to 0). A replay posts each entry from its ``kit`` row (kind, date, location, kit, qty,
    # ref, note); the component rows and the values are what the recipe and the average costs
    # give, accepted and ignored as the export's ``value`` columns are elsewhere.
    "assemblies": SheetLayout(
        "assemblies",
        (
            DATE,
            SheetColumn("kind", "entry_kind", _assembly_kind, required=True),
            SheetColumn("location", parser=parse.clean_name, required=True, aliases=("库点",)),
            SheetColumn("item", parser=parse.clean_name, required=True),
            SheetColumn("role", parser=_role, required=True),
            SheetColumn("qty", "int", _moved, required=True),
            SheetColumn("value", "money"),
            REF,
            NOTE,
            ENTRY,
            SEQ,
            VOIDED_BY,
            # The kits' quantity as written in packs (on the kit row), as on every line sheet.
            QTY_TEXT,
        ),
    ),
    # The ledger settings as they stand (``config show``); see ``reliefctl.ledger.workbook``.
    "settings": SheetLayout(
        "settings",
        (
            SheetColumn("setting", parser=parse.clean_name, required=True),
            SheetColumn("setting_value", parser=parse.clean_text, required=True),
        ),
    ),
    # A list of named recipients (issue 16): ``ship``/``grant --recipients FILE``, and the
    # export's Recipients sheet. A clerk's list gives a name and an identifier; the export
    # gives, instead, what the ledger stores: the masked name, the keyed hash (``person``) and
    # its ``id_type``, the household's hash and the key's ``fingerprint``, with the ``entry``
    # each line belongs to. Either is read by ``reliefctl.ledger.recipients``, which checks,
    # hashes and masks the identifiers (a refusal must never show one in the clear).
    "recipients": SheetLayout(
        "recipients",
        (
            SheetColumn("name", parser=_person_name, required=True, aliases=("姓名", "名字")),
            SheetColumn(
                "id_number",
                parser=_identifier_text("id"),
                aliases=("身份证号", "身份证", "身份证号码", "证件号码", "公民身份号码"),
                exported=False,
            ),
            SheetColumn(
                "staff_no",
                parser=_identifier_text("staff"),
                aliases=("工号", "职工号", "staffnumber"),
                exported=False,
            ),
            SheetColumn(
                "employer",
                parser=parse.clean_name,
                aliases=("工作单位", "单位", "所在单位"),
                exported=False,
            ),
            SheetColumn(
                "phone",
                parser=_identifier_text("phone"),
                aliases=("手机号", "手机", "电话", "联系电话"),
                exported=False,
            ),
            SheetColumn(
                "household",
                parser=_identifier_text("staff"),
                aliases=("户", "户号", "家庭"),
                exported=False,
            ),
            SheetColumn("amount", "money", parse.parse_amount, aliases=("金额",)),
            SheetColumn("entry", parser=parse.parse_entry_id, template=False),
            SheetColumn("id_type", parser=_id_type, template=False),
            SheetColumn("person", parser=_hex_hash, template=False),
            SheetColumn("household_hash", parser=_hex_hash, template=False),
            SheetColumn("fingerprint", parser=_fingerprint, template=False),
        ),
    ),
}


def heading(key: str, lang: Lang) -> str:
    """The heading of column ``key`` in ``lang`` (English: the key, see the module docstring)."""
    context = f"heading.{key}"
    return term(lang, context, ENGLISH[context])


_UNIT_SUFFIX: Final = re.compile(r"\s*\([^()]*\)\s*$")
_IGNORED: Final = re.compile(r"[\s_\-]+")


def normalise_heading(text: str) -> str:
    """A heading as the import compares it: ``Unit Price (元)`` -> ``unitprice``."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    without_unit = _UNIT_SUFFIX.sub("", folded) or folded
    return _IGNORED.sub("", without_unit)


def heading_index(kind: ImportKind) -> dict[str, str]:
    """Every accepted heading of ``kind`` (normalised) -> column key."""
    index: dict[str, str] = {}
    for column in LAYOUTS[kind].columns:
        for lang in ("en", "zh"):
            index.setdefault(normalise_heading(heading(column.key, lang)), column.key)
        for name in (column.key, *column.aliases):
            index.setdefault(normalise_heading(name), column.key)
    return index


__all__ = [
    "ENTRY_KINDS",
    "IMPORT_KINDS",
    "LAYOUTS",
    "MASTER_KINDS",
    "MULTI_LINE",
    "ROLES",
    "WORKBOOK_KINDS",
    "CellKind",
    "ImportKind",
    "Parser",
    "SheetColumn",
    "SheetLayout",
    "heading",
    "heading_index",
    "normalise_heading",
]
