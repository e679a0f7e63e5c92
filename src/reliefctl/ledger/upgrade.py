"""``reliefctl upgrade``: an older ledger brought up to this reliefctl's schema, by its owner.

Every other command refuses a ledger of an older schema ("run reliefctl upgrade", exit 4), so
a cron report, an auditor's read-only copy or a clerk's least-privilege role on PostgreSQL
never writes the schema. The upgrade runs, in one write transaction, the statements generated
from the models for each version after the ledger's (``reliefctl.db.tables.UPGRADES``), then
records the new version. Upgrades only add: tables, columns (nullable, hashed only where they
hold a value, see ``reliefctl.ledger.chain``), indexes and reference rows; a table whose
constraint must change is rebuilt with every row copied verbatim (SQLite cannot alter a
constraint). No stored row or hash changes, and ``verify`` afterwards proves it.

An operation of the domain, not of the storage floor: it records entries on the way. A ledger
from before ledger settings (schema 3) gets one ``L`` entry giving every setting its initial
value (``reliefctl.ledger.configure.record_initial``): the time zone given with ``--tz``, else
the one ``init`` would choose (the machine's zone name, else Asia/Shanghai). A setting added by
a later version is recorded the same way by the upgrade to that version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reliefctl.db.connect import Ledger
from reliefctl.db.schema import open_ledger
from reliefctl.db.tables import SCHEMA_VERSION, UPGRADES
from reliefctl.db.url import LedgerLocation
from reliefctl.errors import ConstraintBroken
from reliefctl.ledger.configure import record_initial


@dataclass
class UpgradeResult:
    """What an upgrade did (nothing when the ledger was already current)."""

    where: str
    before: int
    after: int
    created: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    #: The entry recording the settings the ledger lacked, and their values.
    settings_entry: str | None = None
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def stored_version(ledger: Ledger) -> int:
    return int(ledger.scalar("SELECT value FROM meta WHERE key = 'schema_version'") or 0)


def _describe(result: UpgradeResult, statements: list[str]) -> None:
    for statement in statements:
        if match := re.match(r"CREATE TABLE (\w+?)(__new)? \(", statement):
            (result.rebuilt if match[2] else result.created).append(match[1])
        elif match := re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement):
            result.columns.append(f"{match[1]}.{match[2]}")
        elif match := re.match(r"CREATE INDEX (\w+)", statement):
            result.indexes.append(match[1])
        elif match := re.match(
            r"ALTER TABLE (\w+) (ADD|DROP) CONSTRAINT|ALTER TABLE (\w+) ADD", statement
        ):
            table = match[1] or match[3]
            if table not in result.rebuilt:
                result.rebuilt.append(table)


def upgrade(
    location: LedgerLocation, given: dict[str, str] | None = None, *, operator: str | None = None
) -> UpgradeResult:
    """Bring the ledger at ``location`` to ``SCHEMA_VERSION`` (see the module docstring).

    ``given`` are checked setting values (``{"tz": "Asia/Shanghai"}``) for the settings the
    ledger has not on record; the others take their initial value.
    """
    ledger = open_ledger(location, allow_older=True)
    try:
        before = stored_version(ledger)
        result = UpgradeResult(location.display, before, before)
        if before >= SCHEMA_VERSION:
            return result
        sqlite = ledger.dialect == "sqlite"
        if sqlite:
            # A rebuilt table is dropped and replaced while its children still refer to it:
            # foreign keys are off for the upgrade (outside the transaction, where SQLite
            # allows switching them) and checked, all of them, before it commits.
            ledger.execute("PRAGMA foreign_keys = OFF")
        try:
            with ledger.write():
                before = stored_version(ledger)  # again, under the lock: two at once, once
                result.before = before
                for version in range(before + 1, SCHEMA_VERSION + 1):
                    statements = UPGRADES[version][ledger.dialect]
                    for statement in statements:
                        ledger.execute(statement)
                    _describe(result, statements)
                recorded = record_initial(ledger, given, operator=operator)
                if recorded is not None:
                    result.settings_entry, result.settings = recorded
                ledger.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
                )
                if sqlite:
                    ledger.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    broken = ledger.query("PRAGMA foreign_key_check")
                    if broken:
                        raise ConstraintBroken(detail=f"foreign key check: {broken[0]}")
        finally:
            if sqlite:
                ledger.execute("PRAGMA foreign_keys = ON")
        result.after = SCHEMA_VERSION
        return result
    finally:
        ledger.close()


__all__ = ["UpgradeResult", "stored_version", "upgrade"]
