"""Text as a terminal or a message shows it: display widths, and nothing that moves the cursor.

Anything reliefctl prints that came from the ledger or from the user (names in tables, notes
in ``log``, values quoted in errors) goes through :func:`safe` or :func:`quote`: a stored byte
can never move the cursor, change colours or reorder the line. Control, format (bidirectional
overrides, zero-width characters), private-use, surrogate and unassigned characters are shown
as ``\\uXXXX``; a line break kept in a note is shown as `` ↵ ``.
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Categories never printed as they are.
UNPRINTABLE: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
QUOTE_LIMIT: Final = 40
LINE_BREAK_SHOWN: Final = " ↵ "


def escape(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def safe(text: str, *, line_breaks: bool = True, spaces: bool = False) -> str:
    """``text`` with every character that could act on a terminal shown as an escape.

    With ``line_breaks`` a newline (kept in a note or reason) is shown as `` ↵ ``; otherwise
    it is escaped like any control character. With ``spaces`` every space other than U+0020
    (an ideographic or no-break space) is escaped too, so a message can say exactly what was
    typed.
    """
    if text.isascii() and text.isprintable():
        return text
    parts: list[str] = []
    for ch in text:
        if ch == "\n" and line_breaks:
            parts.append(LINE_BREAK_SHOWN)
        elif unicodedata.category(ch) in UNPRINTABLE or (spaces and ch.isspace() and ch != " "):
            parts.append(escape(ch))
        else:
            parts.append(ch)
    return "".join(parts)


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """User text inside a message: quoted, at most ``limit`` characters, one safe line."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return "'" + safe(shown, line_breaks=False, spaces=True) + "'"


def display_width(text: str) -> int:
    """Columns ``text`` takes on screen: East Asian wide and full-width characters count 2."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


__all__ = ["display_width", "escape", "quote", "safe"]
