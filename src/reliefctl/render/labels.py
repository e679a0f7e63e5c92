"""Report labels and sheet names, from the vocabulary (``reliefctl.vocab``), in a language.

The console tables, the CSV writer and the Excel export take every heading and label from
here, so a heading reads the same wherever a figure appears. Only presentation: JSON keys are a
contract for scripts and never change with the language.
"""

from __future__ import annotations

from typing import Any

from reliefctl.i18n import Lang
from reliefctl.messages import render_key


def label(lang: Lang, key: str, **fields: Any) -> str:
    """The report label ``key`` (``label.<key>`` in the vocabulary) in ``lang``."""
    return render_key(f"label.{key}", lang, **fields)


def sheet_name(key: str, lang: Lang, part: int = 1) -> str:
    """``Shipments``, or ``Shipments (2)`` for the second part of a sheet split at Excel's limit."""
    base = render_key(f"sheet.{key}", lang)
    return base if part == 1 else f"{base} ({part})"


def kind_label(kind: str, lang: Lang) -> str:
    """An entry kind as a word (``P`` -> purchase, 采购)."""
    return render_key(f"kind.{kind}", lang)


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


__all__ = ["key_text", "kind_label", "label", "period_text", "sheet_name"]
