"""Audit commands: ``verify`` (every invariant of the ledger) and ``head`` (the latest entry)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from reliefctl.cli.common import FormatOption, check_format, emit_json, opened, say

_HASH_PREFIX = re.compile(r"[0-9a-f]{16,64}")


def _expected_head(text: str) -> tuple[str, str]:
    """``S-000123:9f2c…`` (or ``=``, or a space) -> (entry id, lower-case hash prefix)."""
    from reliefctl.cli.record import normalise_entry_id
    from reliefctl.ledger.errors import InputError

    parts = re.split(r"[:= ]+", text.strip(), maxsplit=1)
    digest = parts[1].strip().lower() if len(parts) == 2 else ""
    if not _HASH_PREFIX.fullmatch(digest):
        raise InputError(
            "--head",
            f"{text!r} is not ENTRY_ID:HASH; give the id and at least the first 16 hex digits "
            "of the hash that `reliefctl head` printed, e.g. S-000123:9f2c4e1a0b7d3c55",
        )
    try:
        return normalise_entry_id(parts[0]), digest
    except InputError as exc:
        raise InputError("--head", exc.reason) from None


def verify(
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
    from reliefctl.ledger.checks import verify as run_checks
    from reliefctl.ledger.errors import IntegrityFailure

    fmt = check_format(fmt)
    expected = [_expected_head(text) for text in heads or ()]
    with opened() as ledger:
        problems = run_checks(ledger, expected)
        where = ledger.location.display
    if fmt == "json":
        emit_json({"ok": not problems, "problems": [p.as_dict() for p in problems]})
    else:
        for problem in problems:
            say(str(problem))
    if problems:
        first = next((p for p in problems if p.check == "chain"), problems[0])
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise IntegrityFailure(
            f"verify found {count} in {where} (first: {first.where}, {first.check}); "
            "the ledger was not changed"
        )


def head(fmt: FormatOption = "table") -> None:
    """Print the latest entry's id, seq and hash: write them down (or keep the nightly
    Manifest sheet) to prove later, with `verify --head ID:HASH`, that nothing before it
    changed."""
    from reliefctl.ledger.chain import GENESIS_HASH
    from reliefctl.ledger.checks import head as latest

    fmt = check_format(fmt)
    with opened() as ledger:
        found = latest(ledger)
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
        say(f"no entries yet (genesis hash {GENESIS_HASH})")
    else:
        say(f"{found.id} seq {found.seq} hash {found.hash} recorded {found.recorded_at}")


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(head)
