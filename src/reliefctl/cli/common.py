"""What every command shares: option parsing helpers and output helpers.

Kept light on purpose: importing this (as ``--help`` does) pulls in neither SQLAlchemy,
SQLModel nor openpyxl. The ledger and the root options come from ``reliefctl.cli.context``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, TypeVar

import typer

from reliefctl.errors import OneOf, Phrase, UnknownFormat
from reliefctl.i18n import Lang
from reliefctl.ledger import parse
from reliefctl.money import format_fen

T = TypeVar("T")


def optional_text(
    value: str | None, field: str, max_length: int = parse.MAX_TEXT_LENGTH
) -> str | None:
    if value is None:
        return None
    return parse.clean_text(value, field, max_length)


def optional_note(value: str | None, field: str = "note") -> str | None:
    """A note, purpose or reason when given: free text that may keep line breaks."""
    return None if value is None else parse.clean_note(value, field)


def optional_name(value: str | None, field: str) -> str | None:
    return None if value is None else parse.clean_name(value, field)


def parse_day(value: str, field: str) -> date:
    """A date as typed, checked but for the not-in-the-future rule: "today" is the ledger's
    (its time zone), so that rule is checked once the ledger is open (``record(dated=...)``)."""
    return parse.parse_date(value, field, today=date.max)


def emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def packed(key: str, qty_text: str | None, **params: Any) -> Phrase:
    """The vocabulary entry ``key`` (``done.goods``: ``暖身贴 ×2,400 个``), or when the quantity
    was written in packs its ``_packed`` twin showing it as written too (``暖身贴 ×10箱 (2,400
    个)``, issue 13)."""
    if qty_text is None:
        return Phrase(key, **params)
    return Phrase(f"{key}_packed", text=qty_text, **params)


def goods(line: Any) -> Phrase:
    """A recorded line (``ShippedLine``, ``MovedLine``) as ``done.goods`` says it."""
    return packed("done.goods", line.qty_text, item=line.item, qty=line.qty, unit=line.unit)


def tell(ctx: typer.Context, key: str, **params: Any) -> None:
    """Print the vocabulary entry ``key`` (``reliefctl.vocab``) in this command's language,
    its fields named as the options the user typed: every confirmation goes through here."""
    say(words(ctx, key, **params))


def words(ctx: typer.Context, key: str, **params: Any) -> str:
    """The vocabulary entry ``key`` rendered in this command's language (one line)."""
    from reliefctl.cli.context import lang_of
    from reliefctl.cli.words import words_in
    from reliefctl.messages import render_key

    lang = lang_of(ctx)
    return render_key(key, lang, words_in(lang), **params)


def warn(ctx: typer.Context, key: str, **params: Any) -> None:
    """One warning line on stderr, in this command's language."""
    from reliefctl.cli.context import lang_of

    print_warning(words(ctx, key, **params), lang_of(ctx))


def print_warning(text: str, lang: Lang = "en") -> None:
    """One warning line on stderr (cron mails it; the command goes on)."""
    from reliefctl.messages import render_key

    prefix = render_key("cli.warning_prefix", lang)
    sys.stderr.write(f"reliefctl: {prefix}{' '.join(text.split())}\n")
    sys.stderr.flush()


def money(fen: int) -> str:
    """Money for JSON and CSV: exactly two decimals, no separators ("120000.00")."""
    return format_fen(fen)


def money_display(fen: int) -> str:
    """Money for people: thousands separators ("120,000.00")."""
    return format_fen(fen, thousands=True)


#: Help text shared by every option that takes a date.
DATE_HELP = "Date: 2020-12-28, 2020/12/28 or 2020年12月28日; not in the future."
#: Help text shared by every option that takes an amount of money.
AMOUNT_HELP = "Yuan, at most two decimals: 100000, 10万, ¥100,000.00, １００００."


FormatOption = Annotated[str, typer.Option("--format", help="table or json.")]


def check_format(fmt: str, allowed: Sequence[str] = ("table", "json")) -> str:
    """The --format value, or a usage error naming the allowed ones."""
    if fmt not in allowed:
        raise UnknownFormat(field="format", value=fmt, allowed=OneOf(tuple(allowed)))
    return fmt


def emit_records(
    fmt: str,
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headings: Sequence[str] | None = None,
) -> None:
    """Plain records as JSON (a list of objects) or CSV (for Excel), same keys and values; the
    CSV's heading row is ``headings`` when given (a translation of ``columns``)."""
    if fmt == "json":
        emit_json(list(records))
        return
    from reliefctl.render.records_csv import write_records

    write_records(records, columns, headings)
