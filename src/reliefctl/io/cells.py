"""A spreadsheet cell as the text a clerk would have typed.

The readers (``reliefctl.io.tables``) hand the import text, never typed cell values, so the
import reads every cell with exactly the recording commands' parsers: numbers as they are
shown (``9390.79``, never ``9390.790000000001``: the shortest text that reads back as the same
number), dates as ISO dates, and whitespace-only text as blank (``None``).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal
from typing import Final

#: What counts as blank in a cell (ASCII whitespace, the ideographic and no-break spaces).
BLANK: Final = " \t\r\n\x0b\x0c\u3000\xa0"


def cell_text(value: object) -> str | None:
    """A cell's value as the text a clerk would have typed; None for a blank cell."""
    if value is None:
        return None
    if value.__class__ is str:
        text: str = value
        # Most cells start with a visible character; only the others need a strip.
        return text if text and (text[0] not in BLANK or text.strip(BLANK)) else None
    if isinstance(value, str):
        return value if value.strip(BLANK) else None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


__all__ = ["BLANK", "cell_text"]
