"""Every heading and label a report shows, in English and Chinese, and how the language is chosen.

One dictionary per language, shared by the console tables, the CSV writer and the Excel export,
so a heading reads the same wherever a figure appears. Only presentation lives here: JSON keys
are a contract for scripts and never change with the language.

The language is ``--lang`` when given, else ``RELIEFCTL_LANG``, else the locale (``LC_ALL``,
``LC_MESSAGES``, then ``LANG``: a value starting with ``zh`` means Chinese), else English.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal

from reliefctl.ledger.errors import InputError

Lang = Literal["en", "zh"]
LANGS: Final[tuple[Lang, ...]] = ("en", "zh")
ENV_LANG: Final = "RELIEFCTL_LANG"
_LOCALE_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")


def _normalise(value: str) -> Lang | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` -> ``zh``; ``en``, ``en_US``, ``C`` -> ``en``."""
    lowered = value.strip().lower()
    if lowered.startswith("zh"):
        return "zh"
    if lowered.startswith("en") or lowered in ("c", "posix", "c.utf-8", "c.utf8"):
        return "en"
    return None


def resolve_lang(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """The language to render in: the option, else ``RELIEFCTL_LANG``, else the locale, else en.

    A ``--lang`` or ``RELIEFCTL_LANG`` value that is neither English nor Chinese is refused
    (``InputError``) rather than ignored, so a typo in a cron job's environment is seen at once.
    """
    env = os.environ if environ is None else environ
    if option is not None:
        lang = _normalise(option)
        if lang is None:
            raise InputError(
                "--lang", f"{option!r} is not a language reliefctl speaks; use en or zh"
            )
        return lang
    configured = env.get(ENV_LANG, "").strip()
    if configured:
        lang = _normalise(configured)
        if lang is None:
            raise InputError(ENV_LANG, f"{configured!r} is not a language; set it to en or zh")
        return lang
    for variable in _LOCALE_VARIABLES:
        value = env.get(variable, "").strip()
        if value:
            # The first locale variable that is set decides, as in POSIX; only zh switches.
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


_EN: Final[dict[str, str]] = {
    # dimensions (table and CSV headings for the key column)
    "dim.batch": "batch",
    "dim.township": "township",
    "dim.group": "beneficiary group",
    "dim.fund": "fund",
    "dim.item": "item",
    "dim.month": "month",
    # the row whose key is None, per dimension
    "none.batch": "no batch",
    "none.township": "no township",
    "none.group": "no group",
    "none.fund": "no fund",
    "none.item": "cash grants",
    "none.month": "no month",
    # figures
    "col.goods_value": "goods 元",
    "col.grants": "grants 元",
    "col.spend": "spend 元",
    "col.purchases": "purchases 元",
    "col.people": "person-times 人次",
    "col.deliveries": "deliveries",
    "col.grant_count": "grants made",
    "col.qty": "quantity",
    "col.unit": "unit",
    # totals
    "total": "total",
    "totals.title": "Totals",
    "totals.figure": "figure",
    "totals.value": "value",
    "totals.purchases": "purchases (cash paid for goods), 元",
    "totals.opening_stock_value": "stock at start of period (at cost), 元",
    "totals.goods_value": "goods delivered (at cost), 元",
    "totals.grants": "cash grants, 元",
    "totals.spend": "spend (goods delivered + grants), 元",
    "totals.stock_value": "stock on hand at end of period (at cost), 元",
    "totals.people": "people reached, person-times (人次)",
    "totals.deliveries": "deliveries",
    "totals.grant_count": "grants made",
    # titles
    "report.title": "Relief report",
    "report.by": "by {dim}",
    "report.pivot": "{measure} by {rows} × {columns}",
    "measure.spend": "spend (元)",
    "measure.people": "person-times (人次)",
    "period.all": "all dates",
    "period.range": "{since} to {until}, both inclusive",
    "period.since": "from {since} (inclusive)",
    "period.until": "up to and including {until}",
    "units": (
        "money in 元 at cost; people reached in person-times (人次): "
        "a person reached twice counts twice"
    ),
    "empty": "nothing recorded in this period",
    # CSV
    "csv.dimension": "dimension",
    "csv.key": "key",
    "csv.measure": "measure",
}

_ZH: Final[dict[str, str]] = {
    "dim.batch": "批次",
    "dim.township": "乡镇（街道）",
    "dim.group": "受益群体",
    "dim.fund": "资金",
    "dim.item": "物资",
    "dim.month": "月份",
    "none.batch": "无批次",
    "none.township": "无乡镇",
    "none.group": "未分群体",
    "none.fund": "未列资金",
    "none.item": "现金慰问金",
    "none.month": "无月份",
    "col.goods_value": "物资价值（元）",
    "col.grants": "慰问金（元）",
    "col.spend": "支出合计（元）",
    "col.purchases": "采购（元）",
    "col.people": "受益人次",
    "col.deliveries": "配送次数",
    "col.grant_count": "慰问金笔数",
    "col.qty": "数量",
    "col.unit": "单位",
    "total": "合计",
    "totals.title": "合计",
    "totals.figure": "项目",
    "totals.value": "数值",
    "totals.purchases": "采购支出（元）",
    "totals.opening_stock_value": "期初库存（按成本，元）",
    "totals.goods_value": "已发放物资（按成本，元）",
    "totals.grants": "慰问金（元）",
    "totals.spend": "支出合计（物资＋慰问金，元）",
    "totals.stock_value": "期末库存（按成本，元）",
    "totals.people": "受益人次（人次）",
    "totals.deliveries": "配送次数",
    "totals.grant_count": "慰问金笔数",
    "report.title": "救助物资与资金统计",
    "report.by": "按{dim}",
    "report.pivot": "{measure}：{rows} × {columns}",
    "measure.spend": "支出合计（元）",
    "measure.people": "受益人次（人次）",
    "period.all": "全部日期",
    "period.range": "{since} 至 {until}（含首尾两日）",
    "period.since": "{since} 起（含当日）",
    "period.until": "截至 {until}（含当日）",
    "units": "金额单位：元（按成本）；受益人数单位：人次（同一人受益两次计两次）",
    "empty": "本期间无记录",
    "csv.dimension": "维度",
    "csv.key": "名称",
    "csv.measure": "指标",
}

LABELS: Final[dict[Lang, dict[str, str]]] = {"en": _EN, "zh": _ZH}


def label(lang: Lang, key: str, **fields: str) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``fields``."""
    text = LABELS[lang][key]
    return text.format(**fields) if fields else text


def period_text(lang: Lang, since: str | None, until: str | None) -> str:
    """ "2020-12-28 to 2021-01-05, both inclusive" (or the open-ended forms)."""
    if since and until:
        return label(lang, "period.range", since=since, until=until)
    if since:
        return label(lang, "period.since", since=since)
    if until:
        return label(lang, "period.until", until=until)
    return label(lang, "period.all")


def key_text(lang: Lang, dim: str, key: str | None) -> str:
    """A row's key as shown: the name itself, or "no batch" (无批次) and the like for None."""
    return label(lang, f"none.{dim}") if key is None else key


__all__ = [
    "ENV_LANG",
    "LABELS",
    "LANGS",
    "Lang",
    "key_text",
    "label",
    "period_text",
    "resolve_lang",
]
