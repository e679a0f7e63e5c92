"""The ledger's DDL, generated from the SQLModel models, and ``init``.

``data/schema.sql`` (SQLite) and ``data/schema.postgres.sql`` are this module's output, kept in
the repository so a reader (or an auditor) can see the ledger's structure without running
anything. Regenerate them after changing a model with::

    python -m reliefctl.db.schema

``tests/test_schema.py`` fails when the files and the models disagree, and when a ledger created
by ``reliefctl init`` differs from one created by running the file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.interfaces import Dialect as SADialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from reliefctl.db.connect import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Ledger,
    connect_sqlite_file,
    init_hint,
    open_ledger,
    translate_sqlite_error,
)
from reliefctl.db.url import Dialect, LedgerLocation
from reliefctl.ledger import models
from reliefctl.ledger.errors import LedgerMissing, NotALedger, StorageError

HEADER = """\
-- reliefctl ledger schema, version {version} ({dialect}).
-- GENERATED from src/reliefctl/ledger/models.py by `python -m reliefctl.db.schema`;
-- do not edit by hand (tests/test_schema.py fails when this file and the models disagree).
-- Every table but meta is append-only: triggers refuse UPDATE and DELETE. A correction is a
-- void entry whose reversal rows carry the original's date with the signs flipped.
"""

APPEND_ONLY_MESSAGE = "is append-only: record a correction with reliefctl void"


def _sa_dialect(dialect: Dialect) -> SADialect:
    if dialect == "sqlite":
        return sqlite.dialect()
    return postgresql.psycopg.dialect()  # type: ignore[no-untyped-call]


def _triggers(dialect: Dialect) -> list[str]:
    statements: list[str] = []
    if dialect == "sqlite":
        for table in models.LEDGER_TABLES:
            for action in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}\n"
                    f"BEGIN\n    SELECT RAISE(ABORT, '{table} {APPEND_ONLY_MESSAGE}');\nEND"
                )
        return statements
    statements.append(
        "CREATE FUNCTION reliefctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"    RAISE EXCEPTION '% {APPEND_ONLY_MESSAGE}', TG_TABLE_NAME\n"
        "        USING ERRCODE = 'restrict_violation';\n"
        "END\n$$"
    )
    for table in models.LEDGER_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}\n"
            "    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()"
        )
        statements.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}\n"
            "    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()"
        )
    return statements


def _tidy(ddl: str) -> str:
    """SQLAlchemy's DDL with tabs and trailing blanks removed, so the file reads cleanly."""
    return "\n".join(line.replace("\t", "    ").rstrip() for line in ddl.strip().splitlines())


def ddl_statements(dialect: Dialect) -> list[str]:
    """Every statement that creates an empty ledger, in order, without trailing semicolons."""
    sa_dialect = _sa_dialect(dialect)
    statements: list[str] = []
    tables = SQLModel.metadata.sorted_tables
    for table in tables:
        create = _tidy(str(CreateTable(table).compile(dialect=sa_dialect)))
        if dialect == "postgresql":
            # Text compares and sorts by code point, as on SQLite, whatever the database's locale,
            # so ORDER BY name and the reports give the same output on both backends.
            create = re.sub(r"VARCHAR\((\d+)\)", r'VARCHAR(\1) COLLATE "C"', create)
        statements.append(create)
    for table in tables:
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            statements.append(_tidy(str(CreateIndex(index).compile(dialect=sa_dialect))))
    statements.extend(_triggers(dialect))
    statements.append(
        "INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), "
        f"('schema_version', '{SCHEMA_VERSION}')"
    )
    if dialect == "sqlite":
        statements.append(f"PRAGMA application_id = {APPLICATION_ID}")
        statements.append(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return statements


def schema_sql(dialect: Dialect) -> str:
    """The text of ``data/schema.sql`` (or ``schema.postgres.sql``)."""
    body = ";\n\n".join(ddl_statements(dialect)) + ";\n"
    return HEADER.format(version=SCHEMA_VERSION, dialect=dialect) + "\n" + body


def schema_file(dialect: Dialect, root: Path) -> Path:
    name = "schema.sql" if dialect == "sqlite" else "schema.postgres.sql"
    return root / "data" / name


def init_ledger(location: LedgerLocation) -> bool:
    """Create the ledger; return False (and change nothing) if it already exists.

    A SQLite ledger is built in a temporary file beside the target and renamed into place, so
    an interrupted ``init`` never leaves a half-made ledger where the tool would find it. An
    existing file that is not a ledger is refused, never overwritten.
    """
    if location.dialect == "postgresql":
        from reliefctl.db import postgres

        return postgres.init_ledger(location, ddl_statements("postgresql"))
    path = location.path
    if path.exists():
        try:
            open_ledger(location).close()
        except LedgerMissing as exc:  # an empty file: ours to fill only if it really is empty
            if path.stat().st_size != 0:
                raise NotALedger(str(exc)) from exc
        else:
            return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"cannot create the folder for {location.display}: {exc.strerror}"
        ) from exc
    tmp = path.with_name(f".{path.name}.init-{os.getpid()}")
    try:
        _build_sqlite(tmp, location)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot create the ledger {location.display}: {exc.strerror}") from exc
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    ledger = open_ledger(location)
    try:
        # WAL is a property of the file; set it once the file has its final name.
        ledger.execute("PRAGMA journal_mode = WAL")
    finally:
        ledger.close()
    return True


def _build_sqlite(tmp: Path, location: LedgerLocation) -> None:
    try:
        tmp.touch(exist_ok=False)
    except OSError as exc:
        raise StorageError(f"cannot create the ledger {location.display}: {exc.strerror}") from exc
    raw = connect_sqlite_file(tmp, location)
    ledger = Ledger(raw, location)
    try:
        ledger.execute("PRAGMA journal_mode = DELETE")
        with ledger.write():
            for statement in ddl_statements("sqlite"):
                ledger.execute(statement)
        raw.execute("PRAGMA wal_checkpoint")
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, location) from exc
    finally:
        ledger.close()


def main() -> None:
    """Regenerate data/schema*.sql from the models (run from the repository root)."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for dialect in ("sqlite", "postgresql"):
        target = schema_file(dialect, root)
        target.write_text(schema_sql(dialect), encoding="utf-8")
        print(f"wrote {target}")


__all__ = ["ddl_statements", "init_hint", "init_ledger", "schema_sql"]

if __name__ == "__main__":
    main()
