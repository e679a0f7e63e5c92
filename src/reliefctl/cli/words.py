"""How the command line names a field: the option (or argument) the user typed.

Errors carry domain field names (``unit_price``); on the command line they are shown as the
option that gave the value (``--unit-price``), an argument as its metavar (``NAME``), an
environment variable by its name, and a quantity of one item of a shipment as the ``--item``
it came from (``--item 暖身贴``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from reliefctl.display import quote

#: Fields that are positional arguments, by their metavar.
ARGUMENTS: Final[dict[str, str]] = {
    "name": "NAME",
    "entry_id": "ENTRY_ID",
    "file": "FILE",
    "setting_value": "VALUE",
}


def option_word(field: str, params: Mapping[str, Any] | None = None) -> str:
    """``unit_price`` -> ``--unit-price``; ``env:RELIEFCTL_LANG`` -> ``RELIEFCTL_LANG``."""
    if field.startswith("env:"):
        return field[4:]
    if field in ARGUMENTS:
        return ARGUMENTS[field]
    if field == "line_qty":
        return f"--item {(params or {}).get('item', '')}".rstrip()
    if field == "item_spec":
        return f"--item {quote(str((params or {}).get('spec', '')))[1:-1]}".rstrip()
    return "--" + field.replace("_", "-")


__all__ = ["ARGUMENTS", "option_word"]
