"""The spreadsheet vocabulary: sheet names and column headings, in English and Chinese.

One table serves the three ways reliefctl meets a spreadsheet, so they can never drift apart:
the nightly export writes these headings (``reliefctl export``), the templates offer them
(``reliefctl template``), and the import reads them back (``reliefctl import``). That is what
makes an export's Purchases, Shipments and Grants sheets importable as they are, in either
language.

The English heading of an importable column is its key (``unit_price``), the form scripts and
the issue's contract use; ``people`` is written ``people (人次)``, since it counts person-times
(the import drops a trailing unit in brackets, so both read the same). The import also
accepts the Chinese heading and a few aliases, after normalising both sides the same way
(:func:`normalise_heading`): NFKC, case and spaces, underscores and hyphens ignored, and a
trailing unit in brackets dropped, so ``Unit Price``, ``unit-price``, ``单价（元）`` and
``单价`` all name the same column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

Lang = Literal["en", "zh"]
ImportKind = Literal["purchases", "shipments", "grants"]
IMPORT_KINDS: Final[tuple[ImportKind, ...]] = ("purchases", "shipments", "grants")

#: Sheet names of the export (and the data sheet of a template). Excel allows 31 characters.
SHEET_NAMES: Final[dict[str, tuple[str, str]]] = {
    "summary": ("Summary", "汇总"),
    "purchases": ("Purchases", "采购"),
    "shipments": ("Shipments", "物资发放"),
    "grants": ("Grants", "慰问金"),
    "stock": ("Stock", "库存"),
    "funds": ("Funds", "资金"),
    "voids": ("Voids", "冲销"),
    "manifest": ("Manifest", "清单"),
    "lists": ("Lists", "选项"),
}

#: Column headings by key: (English, Chinese).
HEADINGS: Final[dict[str, tuple[str, str]]] = {
    # importable columns: the English heading is the key itself
    "date": ("date", "日期"),
    "item": ("item", "物资"),
    "qty": ("qty", "数量"),
    "unit_price": ("unit_price", "单价"),
    "total": ("total", "总价"),
    "supplier": ("supplier", "供应商"),
    "fund": ("fund", "资金"),
    "ref": ("ref", "单号"),
    "note": ("note", "备注"),
    "batch": ("batch", "批次"),
    "to": ("to", "接收方"),
    "people": ("people (人次)", "受益人次"),  # person-times; the import reads "people" too
    "group": ("group", "受益群体"),
    "amount": ("amount", "金额"),
    "purpose": ("purpose", "用途"),
    # written by the export; the import reads township/unit in place of `to`, ignores the rest
    "township": ("township", "乡镇（街道）"),
    "unit": ("unit", "接收单位"),
    "value": ("value", "物资价值"),
    "entry": ("entry", "记录编号"),
    # Stock
    "measure": ("unit", "计量单位"),
    "on_hand": ("on hand", "库存数量"),
    "stock_value": ("value at cost", "库存价值"),
    "bought_qty": ("bought", "采购数量"),
    "bought_value": ("bought value", "采购金额"),
    "shipped_qty": ("delivered", "发放数量"),
    "shipped_value": ("delivered value", "发放价值"),
    # Funds
    "budget": ("budget", "预算"),
    "spent": ("spent", "已支出"),
    "fund_purchases": ("purchases", "采购支出"),
    "fund_grants": ("grants", "慰问金支出"),
    "remaining": ("remaining", "余额"),
    # Voids
    "void": ("void", "冲销编号"),
    "voided": ("voided entry", "被冲销记录"),
    "kind": ("kind", "类型"),
    "place": ("place", "接收方"),
    "what": ("what", "内容"),
    "reason": ("reason", "原因"),
    "operator": ("by", "操作人"),
    "recorded_at": ("recorded at", "记录时间"),
    # Manifest
    "sheet": ("sheet", "工作表"),
    "rows": ("rows", "行数"),
    "sheet_note": ("note", "说明"),
    "control": ("control total", "控制总数"),
    "control_value": ("value", "数值"),
    "fact": ("fact", "项目"),
    "fact_value": ("value", "内容"),
}

#: Entry kinds as shown in the Voids sheet.
KIND_LABELS: Final[dict[str, tuple[str, str]]] = {
    "P": ("purchase", "采购"),
    "S": ("shipment", "物资发放"),
    "G": ("grant", "慰问金"),
}


def heading(key: str, lang: Lang) -> str:
    english, chinese = HEADINGS[key]
    return english if lang == "en" else chinese


def sheet_name(key: str, lang: Lang, part: int = 1) -> str:
    """``Shipments``, or ``Shipments (2)`` for the second part of a sheet split at Excel's limit."""
    english, chinese = SHEET_NAMES[key]
    base = english if lang == "en" else chinese
    return base if part == 1 else f"{base} ({part})"


@dataclass(frozen=True)
class ImportColumn:
    """A column the import reads: its key, whether it must be present, other accepted names."""

    key: str
    required: bool = False
    aliases: tuple[str, ...] = ()


#: What each kind of import reads, in template order. ``township``/``unit`` may stand in for
#: ``to`` (that is how the export writes a place); ``value`` and ``entry`` are the export's
#: own columns, accepted and ignored (the ledger values goods itself and numbers its entries).
IMPORT_COLUMNS: Final[dict[ImportKind, tuple[ImportColumn, ...]]] = {
    "purchases": (
        ImportColumn("date", True, ("日期",)),
        ImportColumn("item", True, ("物品", "物资名称")),
        ImportColumn("qty", True, ("quantity", "数量")),
        ImportColumn("unit_price", False, ("price", "单价")),
        ImportColumn("total", False, ("总价", "总金额", "金额")),
        ImportColumn("supplier", False, ("供货单位",)),
        ImportColumn("fund", False, ("资金来源",)),
        ImportColumn("ref", False, ("单据号", "凭证号")),
        ImportColumn("note", False, ("notes",)),
        ImportColumn("entry"),
    ),
    "shipments": (
        ImportColumn("date", True),
        ImportColumn("batch", True),
        ImportColumn("to", False, ("发往", "去向")),
        ImportColumn("item", True, ("物品", "物资名称")),
        ImportColumn("qty", True, ("quantity",)),
        ImportColumn("people", False, ("人次", "person-times")),
        ImportColumn("group", False, ("群体",)),
        ImportColumn("ref", False, ("单据号", "配送单号")),
        ImportColumn("note", False, ("notes",)),
        ImportColumn("township", False, ("乡镇", "街道", "镇街")),
        ImportColumn("unit"),
        ImportColumn("value"),
        ImportColumn("entry"),
    ),
    "grants": (
        ImportColumn("date", True),
        ImportColumn("to", False, ("发放对象",)),
        ImportColumn("amount", True, ("慰问金金额",)),
        ImportColumn("fund", False, ("资金来源",)),
        ImportColumn("people", False, ("人次", "person-times")),
        ImportColumn("group", False, ("群体",)),
        ImportColumn("batch", False),
        ImportColumn("purpose", False),
        ImportColumn("ref", False, ("单据号", "凭证号")),
        ImportColumn("note", False, ("notes",)),
        ImportColumn("township", False, ("乡镇", "街道", "镇街")),
        ImportColumn("unit"),
        ImportColumn("entry"),
    ),
}

#: Columns a template offers (the export's informational columns are left out).
TEMPLATE_COLUMNS: Final[dict[ImportKind, tuple[str, ...]]] = {
    "purchases": (
        "date",
        "item",
        "qty",
        "unit_price",
        "total",
        "supplier",
        "fund",
        "ref",
        "note",
    ),
    "shipments": ("date", "batch", "to", "item", "qty", "people", "group", "ref", "note"),
    "grants": (
        "date",
        "to",
        "amount",
        "fund",
        "people",
        "group",
        "batch",
        "purpose",
        "ref",
        "note",
    ),
}

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
    for column in IMPORT_COLUMNS[kind]:
        english, chinese = HEADINGS[column.key]
        for name in (column.key, english, chinese, *column.aliases):
            index.setdefault(normalise_heading(name), column.key)
    return index


__all__ = [
    "HEADINGS",
    "IMPORT_COLUMNS",
    "IMPORT_KINDS",
    "KIND_LABELS",
    "SHEET_NAMES",
    "TEMPLATE_COLUMNS",
    "ImportColumn",
    "ImportKind",
    "Lang",
    "heading",
    "heading_index",
    "normalise_heading",
    "sheet_name",
]
