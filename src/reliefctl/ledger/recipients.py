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
grant's amount is then exactly the sum of its recipient lines (``grant_amount``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reliefctl import errors
from reliefctl.errors import ReliefError
from reliefctl.ledger import persons
from reliefctl.ledger.importer import HeaderProblems, Problem, RowReader, SourceRow, read_layout
from reliefctl.ledger.parse import text_key
from reliefctl.ledger.persons import IdType, Recipient, RecipientList


def _rejection(
    source: str, problems: Sequence[Problem], headings: dict[str, str]
) -> errors.ReliefError:
    rows = len({(p.sheet, p.row) for p in problems})
    cls = (
        errors.RecipientsMalformed
        if all(p.malformed for p in problems)
        else errors.RecipientsRejected
    )
    error = cls(list(problems), source=source, rows=rows, count=len(problems))
    error.params["headings"] = headings
    return error


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
    ``RecipientsMalformed``) with every problem, or the list (see the module docstring)."""
    try:
        layout = read_layout("recipients", header, header_sheet)
    except HeaderProblems as exc:
        raise _rejection(source, exc.problems, {}) from None
    if each_fen is not None and "amount" in layout.index:
        raise errors.EachAndListAmounts(field="each", source=source)
    reader = RowReader(layout, "recipients", None)
    found = issues or {}
    seen: dict[str, int] = {}
    recipients: list[Recipient] = []
    with_amount: int | None = None
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
        identified = _identifier(reader, v)
        amount = v["amount"]
        if "amount" in layout.index:
            if with_amount is None and amount is not None:
                with_amount = number
            if amount is None and not reader.failed("amount"):
                reader.problem("amount", errors.RecipientAmountMissing(field="amount"))
        if identified is None or v["name"] is None:
            continue
        kind, typed = identified
        hashed = persons.person_hash(secret, typed)
        masked = persons.mask_name(v["name"])
        if hashed in seen:
            reader.problem(None, errors.RecipientTwice(name=masked, first=seen[hashed]), False)
            continue
        seen[hashed] = number
        household = v["household"]
        household_hash = (
            None
            if household is None
            else persons.person_hash(secret, f"household:{text_key(household)}")
        )
        recipients.append(
            Recipient(
                number,
                kind,
                hashed,
                masked,
                household_hash,
                each_fen if each_fen is not None else amount,
            )
        )
    if reader.problems:
        raise _rejection(source, reader.problems, dict(layout.names))
    if not recipients:
        raise errors.RecipientsEmpty(field="recipients", source=source)
    return RecipientList(source, persons.fingerprint(secret), tuple(recipients))


def grant_amount(given_fen: int | None, listing: RecipientList | None) -> int:
    """A grant's amount: ``--amount``, or the sum of its list's amounts; both must agree."""
    if listing is None or not listing.amounts:
        if given_fen is None:
            raise errors.GrantAmountMissing(field="amount")
        return given_fen
    total = listing.total_fen()
    if given_fen is not None and given_fen != total:
        raise errors.GrantAmountNotSum(
            field="amount", amount=given_fen, total=total, count=len(listing.recipients)
        )
    return total


def people_of(given: int | None, listing: RecipientList | None) -> int:
    """An entry's person-times: ``--people``, else the persons on its list (never fewer)."""
    if listing is None:
        return given or 0
    count = len(listing.recipients)
    if given is None:
        return count
    if given < count:
        raise errors.PeopleBelowList(field="people", people=given, count=count)
    return given


__all__ = ["grant_amount", "people_of", "read_list"]
