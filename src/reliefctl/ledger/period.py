"""The period of a report, export, view or log: ``--since`` and ``--until``, parsed once.

Both ends are inclusive calendar dates ("from … up to and including …"), in the forms the
recording commands accept; an entry counts by its event date, not by when it was recorded.
``--until`` may be in the future (a year-end report asked for in December). A period whose
start is after its end is refused; either end may be open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reliefctl.errors import PeriodReversed, Phrase
from reliefctl.ledger.parse import parse_date


@dataclass(frozen=True)
class Period:
    """An inclusive range of event dates (ISO ``YYYY-MM-DD``); ``None`` is open-ended."""

    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise PeriodReversed(
                field="since",
                since=self.since,
                until=self.until,
                until_field="until",
                consequence=Phrase("period.empty_consequence"),
            )

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> Period:
        """From the text of ``--since`` and ``--until`` (either may be None)."""
        return cls(_day(since, "since"), _day(until, "until"))

    def conditions(self, column: str = "date") -> tuple[list[str], list[Any]]:
        """SQL conditions selecting ``column`` in the period, and their parameters."""
        conditions, params = [], []
        if self.since:
            conditions.append(f"{column} >= ?")
            params.append(self.since)
        if self.until:
            conditions.append(f"{column} <= ?")
            params.append(self.until)
        return conditions, params

    def where(self, column: str = "date") -> tuple[str, list[Any]]:
        """``WHERE …`` (or "") selecting ``column`` in the period, and its parameters."""
        conditions, params = self.conditions(column)
        return ("WHERE " + " AND ".join(conditions) if conditions else ""), params

    def also(self, column: str = "date") -> tuple[str, list[Any]]:
        """`` AND …`` (or "") for a query that already has a WHERE, and its parameters."""
        conditions, params = self.conditions(column)
        return "".join(f" AND {c}" for c in conditions), params


def _day(text: str | None, field: str) -> str | None:
    if text is None:
        return None
    return parse_date(text, field, today=date.max).isoformat()


__all__ = ["Period"]
