"""Lists of named recipients (issue 16): read, checked and hashed before the write lock.

``ship … --recipients FILE`` and ``grant … --recipients FILE [--each AMOUNT]`` read a CSV or
xlsx list, one person per row: a ``name`` and an identifier, a ``id_number`` (身份证号,
checked: 18 characters, a date of birth, the ISO 7064 MOD 11-2 check digit), a ``staff_no``
with its ``employer``, or a ``phone``; optionally a ``household`` key and, for a grant, the
person's ``amount``. A row giving several identifiers is hashed by the first of 身份证号, staff
number, phone (a person is recognised within one identifier type only, see the README).

The rules are the import's (``reliefctl.ledger.importer``): every row is checked, every
problem is listed with its row and column, and any problem refuses the whole list, so nothing
is written. An identifier is never kept or shown: each person becomes a ``Recipient`` (the
keyed hash, a masked name, the masked identifier only inside a refusal).

*Amounts* (a grant): ``--each AMOUNT`` gives every person that amount; or every row gives its
own (an ``amount`` column); or none does and the grant's ``--amount`` is not split. The
grant's amount is then exactly the sum of its recipient lines
(``reliefctl.ledger.claims.grant_amount``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reliefctl import errors
from reliefctl.errors import ReliefError
from reliefctl.ledger import persons
from reliefctl.ledger.importer import (
    HeaderProblems,
    Problem,
    RowReader,
    SourceRow,
    read_layout,
    rejection,
)
from reliefctl.ledger.parse import text_key
from reliefctl.ledger.persons import IdType, Recipient, RecipientList


def _rejection(
    source: str, problems: Sequence[Problem], headings: dict[str, str]
) -> errors.ReliefError:
    return rejection(
        source,
        problems,
        "recipients",
        headings,
        malformed=errors.RecipientsMalformed,
        rejected=errors.RecipientsRejected,
    )


def _identifier(reader: RowReader, v: dict[str, Any]) -> tuple[IdType, str] | None:
    """The row's identifier type and what is hashed (``id:…``; None: a problem was reported)."""
    try:
        if v["id_number"] is not None:
            number = persons.normalise_id_number(v["id_number"], "id_number")
            return "id", persons.typed_identifier("id", number)
        if v["staff_no"] is not None:
            if v["employer"] is None:
                if not reader.failed("employer"):
                    employer = reader.layout.heading("employer")
                    reader.problem(
                        "staff_no", errors.StaffNeedsEmployer(field="staff_no", employer=employer)
                    )
                return None
            number = persons.normalise_staff_number(v["staff_no"], "staff_no")
            return "staff", persons.typed_identifier("staff", number, v["employer"])
        if v["phone"] is not None:
            phone = persons.normalise_phone(v["phone"], "phone")
            return "phone", persons.typed_identifier("phone", phone)
    except errors.InputError as exc:
        reader.problem(exc.field, exc)
        return None
    if not reader.failed("id_number", "staff_no", "phone"):
        reader.problem(None, errors.RecipientWithoutIdentifier())
    return None


def _hashed(
    reader: RowReader, v: dict[str, Any], expected: str | None
) -> tuple[IdType, str] | None:
    """A row that gives what the ledger stores (an export's): its type and keyed hash, checked
    against the key (``expected``: its fingerprint)."""
    for key in ("id_type", "fingerprint"):
        if v[key] is None and not reader.failed(key):
            reader.problem(key, errors.RequiredEmpty(field=key))
    if v["id_type"] is None or v["fingerprint"] is None:
        return None
    if expected is not None and v["fingerprint"] != expected:
        error = errors.RecipientsFromAnotherKey(
            field="fingerprint", found=v["fingerprint"], expected=expected
        )
        reader.problem("fingerprint", error, False)
        return None
    kind: IdType = v["id_type"]
    return kind, str(v["person"])


@dataclass
class _Gathered:
    """The persons of one list (or of one exported entry's lines) being read."""

    fingerprint: str | None = None
    recipients: list[Recipient] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    #: Rows that give an amount, and rows that do not: all or none of a list's rows do.
    with_amount: int = 0
    without_amount: list[tuple[str | None, int]] = field(default_factory=list)


def _read(
    header: Sequence[str | None],
    rows: Iterable[SourceRow],
    *,
    source: str,
    secret: bytes | None,
    each_fen: int | None,
    header_sheet: str | None,
    issues: Mapping[tuple[str | None, int], list[tuple[int | None, ReliefError]]] | None,
    by_entry: bool,
) -> dict[str | None, _Gathered]:
    try:
        layout = read_layout("recipients", header, header_sheet)
    except HeaderProblems as exc:
        raise _rejection(source, exc.problems, {}) from None
    reader = RowReader(layout, "recipients", None)
    found = issues or {}
    expected = None if secret is None else persons.fingerprint(secret)
    lists: dict[str | None, _Gathered] = {}
    width = len(header)
    for sheet, number, values in rows:
        flagged = found.get((sheet, number))
        if all(value is None for value in values) and not flagged:
            continue
        unreadable = frozenset(p for p, _e in flagged or () if p is not None)
        v = reader.read(sheet, number, values, unreadable)
        for position, error in flagged or ():
            reader.problems.append(Problem(number, reader.column_name(position), error, sheet))
        reader.unnamed_values(values, width)
        entry = v["entry"] if by_entry else None
        gathered = lists.setdefault(entry, _Gathered())
        if v["person"] is not None:
            identified = _hashed(reader, v, expected or gathered.fingerprint)
            if identified is not None:
                gathered.fingerprint = v["fingerprint"]
        elif secret is None:
            if not reader.failed("id_number", "staff_no", "phone", "person"):
                reader.problem("person", errors.RequiredEmpty(field="person"))
            identified = None
        else:
            identified = _identifier(reader, v)
            if identified is not None:
                kind, typed = identified
                identified = kind, persons.person_hash(secret, typed)
        amount = v["amount"]
        if amount is not None:
            if each_fen is not None:
                raise errors.EachAndListAmounts(field="each", source=source)
            gathered.with_amount += 1
        elif not reader.failed("amount"):
            gathered.without_amount.append((sheet, number))
        if identified is None or v["name"] is None:
            continue
        kind, hashed = identified
        masked = persons.mask_name(v["name"])
        if hashed in gathered.seen:
            first = gathered.seen[hashed]
            reader.problem(None, errors.RecipientTwice(name=masked, first=first), False)
            continue
        gathered.seen[hashed] = number
        household_hash = v["household_hash"]
        if v["household"] is not None and secret is not None:
            household_hash = persons.person_hash(secret, f"household:{text_key(v['household'])}")
        gathered.recipients.append(
            Recipient(
                number,
                kind,
                hashed,
                masked,
                household_hash,
                each_fen if each_fen is not None else amount,
            )
        )
    for gathered in lists.values():
        if gathered.with_amount:
            heading = reader.layout.heading("amount")
            missing = errors.RecipientAmountMissing(field="amount")
            reader.problems.extend(
                Problem(number, heading, missing, sheet)
                for sheet, number in gathered.without_amount
            )
    if reader.problems:
        reader.problems.sort(key=lambda p: p.row)
        raise _rejection(source, reader.problems, dict(layout.names))
    if expected is not None:
        for gathered in lists.values():
            gathered.fingerprint = expected
    return lists


def read_list(
    header: Sequence[str | None],
    rows: Iterable[SourceRow],
    *,
    source: str,
    secret: bytes,
    each_fen: int | None = None,
    header_sheet: str | None = None,
    issues: Mapping[tuple[str | None, int], list[tuple[int | None, ReliefError]]] | None = None,
) -> RecipientList:
    """Every row of a list checked and hashed under ``secret``; ``RecipientsRejected`` (or
    ``RecipientsMalformed``) with every problem, or the list (see the module docstring). A row
    may also give what the ledger stores (an export's Recipients sheet, made with this key)."""
    lists = _read(
        header,
        rows,
        source=source,
        secret=secret,
        each_fen=each_fen,
        header_sheet=header_sheet,
        issues=issues,
        by_entry=False,
    )
    gathered = lists.get(None)
    if gathered is None or not gathered.recipients:
        raise errors.RecipientsEmpty(field="recipients", source=source)
    return RecipientList(source, persons.fingerprint(secret), tuple(gathered.recipients))


def read_exported(
    header: Sequence[str | None],
    rows: Iterable[SourceRow],
    *,
    source: str,
    secret: bytes | None = None,
    header_sheet: str | None = None,
    issues: Mapping[tuple[str | None, int], list[tuple[int | None, ReliefError]]] | None = None,
) -> dict[str, RecipientList]:
    """An export's Recipients sheet (``import --kind all``): each exported entry's list, by
    the entry's id in the export. Rows give keyed hashes, all made with one key (that of
    ``secret`` when given); a row with an identifier needs ``secret``."""
    lists = _read(
        header,
        rows,
        source=source,
        secret=secret,
        each_fen=None,
        header_sheet=header_sheet,
        issues=issues,
        by_entry=True,
    )
    return {
        str(entry): RecipientList(source, str(gathered.fingerprint), tuple(gathered.recipients))
        for entry, gathered in lists.items()
        if entry is not None and gathered.recipients
    }


__all__ = ["read_exported", "read_list"]
