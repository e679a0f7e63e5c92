"""Moving a ledger written by an older reliefctl up to the current schema version.

A ledger records its schema version (``PRAGMA user_version`` and ``meta.schema_version``).
Opening an older ledger applies, in one write transaction, the statements of every version
after it, then records the new version; a ledger newer than this reliefctl is refused
(``SchemaTooNew``), never touched. Migrations only ever add (tables, columns, indexes,
triggers): history is append-only, and so is the schema.

To change the schema: bump ``SCHEMA_VERSION`` in ``reliefctl.db.connect``, add the new
version's statements for both dialects here, update the models, and regenerate
``data/schema*.sql``.
"""

from __future__ import annotations

from reliefctl.db.connect import Ledger

#: version -> dialect -> statements that take a ledger from version-1 to version.
MIGRATIONS: dict[int, dict[str, list[str]]] = {}


def current_version(ledger: Ledger) -> int:
    value = ledger.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
    return int(value or 0)


def migrate(ledger: Ledger, target: int) -> list[int]:
    """Apply the migrations up to ``target``; return the versions applied (maybe none).

    The version is read again inside the write transaction, so two processes opening the same
    old ledger at once migrate it exactly once.
    """
    applied: list[int] = []
    with ledger.write():
        version = current_version(ledger)
        for step in range(version + 1, target + 1):
            for statement in MIGRATIONS.get(step, {}).get(ledger.dialect, []):
                ledger.execute(statement)
            applied.append(step)
        if applied:
            ledger.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(target),))
            if ledger.dialect == "sqlite":
                ledger.execute(f"PRAGMA user_version = {int(target)}")
    return applied
