"""Audit commands: ``verify`` (every invariant of the ledger) and ``head`` (the latest entry)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from reliefctl.cli.common import FormatOption, check_format, emit_json, say, tell
from reliefctl.cli.context import lang_of, ledger

_HASH_PREFIX = re.compile(r"[0-9a-f]{16,64}")


def _expected_head(text: str) -> tuple[str, str]:
    """``S-000123:9f2c…`` (or ``=``, or a space) -> (entry id, lower-case hash prefix)."""
    from reliefctl.errors import BadHead
    from reliefctl.ledger.parse import parse_entry_id

    parts = re.split(r"[:= ]+", text.strip(), maxsplit=1)
    digest = parts[1].strip().lower() if len(parts) == 2 else ""
    if not _HASH_PREFIX.fullmatch(digest):
        raise BadHead(field="head", value=text)
    return parse_entry_id(parts[0], "head"), digest


def verify(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    heads: Annotated[
        list[str] | None,
        typer.Option(
            "--head",
            help="ENTRY_ID:HASH written down earlier from `reliefctl head`: that entry must "
            "still carry that hash (at least 16 hex digits). Repeat for several.",
        ),
    ] = None,
) -> None:
    """Check the whole ledger: hash chain, storage, stock, funds, valuation, voids.

    Silent with exit 0 when everything holds; otherwise prints every problem, one per line
    (entry or item, check, what is wrong), and exits 1.
    """
    from reliefctl.errors import VerifyFailed
    from reliefctl.ledger.checks import verify as run_checks

    fmt = check_format(fmt)
    expected = [_expected_head(text) for text in heads or ()]
    with ledger(ctx) as opened:
        problems = run_checks(opened, expected)
        where = opened.location.display
    if fmt == "json":
        emit_json({"ok": not problems, "problems": [p.as_dict() for p in problems]})
    else:
        for problem in problems:
            say(problem.line(lang_of(ctx)))
    if problems:
        first = next((p for p in problems if p.check == "chain"), problems[0])
        raise VerifyFailed(
            count=len(problems),
            where=where,
            first=first.where_text(lang_of(ctx)),
            check=first.check_term(),
        )


def head(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Print the latest entry's id, seq and hash: write them down (or keep the nightly
    Manifest sheet) to prove later, with `verify --head ID:HASH`, that nothing before it
    changed."""
    from reliefctl.ledger.chain import GENESIS_HASH
    from reliefctl.ledger.checks import head as latest

    fmt = check_format(fmt)
    with ledger(ctx) as opened:
        found = latest(opened)
    if fmt == "json":
        emit_json(
            {
                "id": found.id if found else None,
                "seq": found.seq if found else 0,
                "hash": found.hash if found else GENESIS_HASH,
                "recorded_at": found.recorded_at if found else None,
                "entries": found.entries if found else 0,
            }
        )
    elif found is None:
        tell(ctx, "done.head_empty", hash=GENESIS_HASH)
    else:
        tell(
            ctx,
            "done.head",
            entry=found.id,
            seq=found.seq,
            hash=found.hash,
            recorded_at=found.recorded_at,
        )


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(head)
