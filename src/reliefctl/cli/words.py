"""How the command line names a field: the option (or argument) the user typed.

Errors carry domain field names (``unit_price``); on the command line they are shown as the
option that gave the value (``--unit-price``), an argument as its metavar (``NAME``), an
environment variable by its name, and a quantity of one item of a shipment as the ``--item``
it came from (``--item 暖身贴``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from reliefctl.display import quote
from reliefctl.i18n import Lang

#: Fields that are positional arguments, by their metavar (a ``metavar.arg.*`` vocabulary
#: entry: ``NAME`` in English, 名称 in Chinese, as the help page shows it).
ARGUMENTS: Final[dict[str, str]] = {
    "name": "metavar.arg.name",
    "entry_id": "metavar.arg.entry_id",
    "file": "metavar.arg.file",
    "setting_value": "metavar.arg.value",
    "pack": "metavar.arg.name",
    "pack_item": "metavar.arg.item",
    # What ``person find`` read from its prompt or standard input (never an option).
    "identifier": "metavar.arg.identifier",
    "kit": "metavar.arg.kit",
}


def option_word(field: str, params: Mapping[str, Any] | None = None, lang: Lang = "en") -> str:
    """``unit_price`` -> ``--unit-price``; ``env:RELIEFCTL_LANG`` -> ``RELIEFCTL_LANG``; an
    argument by its metavar in ``lang``."""
    if field.startswith("env:"):
        return field[4:]
    if field in ARGUMENTS:
        from reliefctl.messages import render_key

        return render_key(ARGUMENTS[field], lang)
    # ``spec_option``: the option an ITEM=QTY came from when it is not --item (--component).
    option = str((params or {}).get("spec_option", "--item"))
    if field == "line_qty":
        return f"{option} {(params or {}).get('item', '')}".rstrip()
    if field == "item_spec":
        return f"{option} {quote(str((params or {}).get('spec', '')))[1:-1]}".rstrip()
    return "--" + field.replace("_", "-")


def words_in(lang: Lang) -> Callable[[str, Mapping[str, Any]], str]:
    """:func:`option_word` speaking ``lang`` (the messages' ``FieldWords``)."""
    return lambda field, params: option_word(field, params, lang)


__all__ = ["ARGUMENTS", "option_word", "words_in"]
