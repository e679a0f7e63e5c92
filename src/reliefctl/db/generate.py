"""Development time only: the SQLModel models -> ``tables.py`` and ``data/schema*.sql``.

Run after changing a model (from the repository root)::

    python -m reliefctl.db.generate

It writes ``src/reliefctl/db/tables.py`` (the constants every command reads instead of
importing SQLAlchemy: each table's columns, keys, foreign keys, the DDL and INSERT statements of
each dialect, the statements that upgrade an older ledger) and ``data/schema.sql`` /
``data/schema.postgres.sql`` (the same DDL, for people to read). ``tests/test_schema.py`` fails
when any of them is stale. This is the only module of reliefctl, besides ``models``, that
imports SQLAlchemy or SQLModel.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from pprint import pformat
from typing import Any

from sqlalchemy import Column, Index, Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.interfaces import Dialect as SADialect
from sqlalchemy.schema import CreateColumn, CreateIndex, CreateTable
from sqlmodel import SQLModel

from reliefctl.db import models

DIALECTS = ("sqlite", "postgresql")
APPLICATION_ID = 0x52454C46  # "RELF": PRAGMA application_id of a reliefctl SQLite file
APPEND_ONLY_MESSAGE = "is append-only: record a correction with reliefctl void"

HEADER = """\
-- reliefctl ledger schema, version {version} ({dialect}).
-- GENERATED from src/reliefctl/db/models.py by `python -m reliefctl.db.generate`;
-- do not edit by hand (tests/test_schema.py fails when this file and the models disagree).
-- Every table but meta is append-only: triggers refuse UPDATE and DELETE. A correction is a
-- void entry whose reversal rows carry the original's date with the signs flipped.
"""


def _sa_dialect(dialect: str) -> SADialect:
    if dialect == "sqlite":
        return sqlite.dialect(paramstyle="named")
    return postgresql.psycopg.dialect()  # type: ignore[no-untyped-call]


def _tidy(ddl: str) -> str:
    """SQLAlchemy's DDL with tabs and trailing blanks removed, so the file reads cleanly."""
    return "\n".join(line.replace("\t", "    ").rstrip() for line in ddl.strip().splitlines())


def _since(item: Table | Column[Any] | Index, default: int = 1) -> int:
    return int(item.info.get("since", default))


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _create_table(table: Table, dialect: str, name: str | None = None) -> str:
    create = _tidy(str(CreateTable(table).compile(dialect=_sa_dialect(dialect))))
    if name is not None:
        create = create.replace(f"CREATE TABLE {table.name} (", f"CREATE TABLE {name} (", 1)
    if dialect == "postgresql":
        # Text compares and sorts by code point, as on SQLite, whatever the database's locale,
        # so ORDER BY name and the reports give the same output on both backends.
        create = re.sub(r"VARCHAR\((\d+)\)", r'VARCHAR(\1) COLLATE "C"', create)
    return create


def _indexes(
    table: Table, dialect: str, version: int | None = None, *, up_to: int | None = None
) -> list[str]:
    """The table's indexes: all, those added in ``version``, or those of ``up_to`` or before."""
    return [
        _tidy(str(CreateIndex(index).compile(dialect=_sa_dialect(dialect))))
        for index in sorted(table.indexes, key=lambda ix: str(ix.name))
        if (version is None or _since(index, _since(table)) == version)
        and (up_to is None or _since(index, _since(table)) <= up_to)
    ]


def _columns_of(table: Table, version: int) -> list[Column[Any]]:
    """The table's columns as they were in schema ``version``."""
    return [column for column in table.columns if _since(column, _since(table)) <= version]


def _triggers(table: str, dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}\n"
            f"BEGIN\n    SELECT RAISE(ABORT, '{table} {APPEND_ONLY_MESSAGE}');\nEND"
            for action in ("UPDATE", "DELETE")
        ]
    return [
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}\n"
        "    FOR EACH ROW EXECUTE FUNCTION reliefctl_append_only()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}\n"
        "    FOR EACH STATEMENT EXECUTE FUNCTION reliefctl_append_only()",
    ]


def _trigger_function() -> str:
    return (
        "CREATE FUNCTION reliefctl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        f"    RAISE EXCEPTION '% {APPEND_ONLY_MESSAGE}', TG_TABLE_NAME\n"
        "        USING ERRCODE = 'restrict_violation';\n"
        "END\n$$"
    )


def _append_only(table: Table) -> bool:
    return table.name not in models.NOT_APPEND_ONLY


def _kind_rows(version: int | None = None, *, up_to: bool = False) -> list[str]:
    """The INSERT of the entry kinds: all, those added in ``version``, or (``up_to``) those
    added in or before it (when the table itself is new in ``version``)."""
    rows = [
        f"('{code}', '{name}')"
        for code, name, added in models.ENTRY_KINDS
        if version is None or added == version or (up_to and added <= version)
    ]
    if not rows:
        return []
    return ["INSERT INTO entry_kinds (code, name) VALUES " + ", ".join(rows)]


def ddl_statements(dialect: str) -> list[str]:
    """Every statement that creates an empty ledger, in order, without trailing semicolons."""
    statements: list[str] = []
    tables = _tables()
    statements.extend(_create_table(table, dialect) for table in tables)
    for table in tables:
        statements.extend(_indexes(table, dialect))
    if dialect == "postgresql":
        statements.append(_trigger_function())
    for table in tables:
        if _append_only(table):
            statements.extend(_triggers(table.name, dialect))
    statements.extend(_kind_rows())
    statements.append(
        "INSERT INTO meta (key, value) VALUES ('application', 'reliefctl'), "
        f"('schema_version', '{models.SCHEMA_VERSION}')"
    )
    if dialect == "sqlite":
        statements.append(f"PRAGMA application_id = {APPLICATION_ID}")
        statements.append(f"PRAGMA user_version = {models.SCHEMA_VERSION}")
    return statements


def _add_column(table: Table, column: Column[Any], dialect: str) -> str:
    spec = _tidy(str(CreateColumn(column).compile(dialect=_sa_dialect(dialect))))
    if dialect == "postgresql":
        spec = re.sub(r"VARCHAR\((\d+)\)", r'VARCHAR(\1) COLLATE "C"', spec)
    for key in column.foreign_keys:
        spec += f" REFERENCES {key.column.table.name} ({key.column.name})"
    return f"ALTER TABLE {table.name} ADD COLUMN {spec}"


def _create_as_of(table: Table, dialect: str, version: int, name: str | None = None) -> str:
    """``CREATE TABLE`` for ``table`` with only the columns schema ``version`` had."""
    kept = _columns_of(table, version)
    create = _create_table(table, dialect, name)
    for column in table.columns:
        if column not in kept:
            # One column per line in SQLAlchemy's DDL: a later column's line is dropped.
            create = re.sub(rf"\n    {column.name} [^\n]*,(?=\n)", "", create)
    return create


def _rebuild(table: Table, dialect: str, version: int) -> list[str]:
    """Statements that recreate ``table`` as schema ``version`` defines it, every row verbatim.

    Columns and indexes added later are left out: the later versions' statements add them
    (so a ledger upgraded across several versions takes each step in turn).

    SQLite cannot alter a constraint, so the table is copied into a new one (foreign keys are
    off for the upgrade, and checked before it commits). On PostgreSQL the only rebuild so
    far, ``entries`` in version 2, is done in place (see ``_rebuild_in_place``).
    """
    if dialect == "postgresql":
        return _rebuild_in_place(table)
    temporary = f"{table.name}__new"
    kept = _columns_of(table, version)
    columns = ", ".join(column.name for column in kept)
    create = _create_as_of(table, dialect, version, temporary)
    statements = [
        create,
        f"INSERT INTO {temporary} ({columns}) SELECT {columns} FROM {table.name}",
        f"DROP TABLE {table.name}",
        f"ALTER TABLE {temporary} RENAME TO {table.name}",
        *_indexes(table, dialect, up_to=version),
    ]
    if _append_only(table):
        statements.extend(_triggers(table.name, dialect))
    return statements


def _rebuild_in_place(table: Table) -> list[str]:
    if table.name != "entries":
        raise NotImplementedError(f"no PostgreSQL rebuild written for {table.name}")
    return [
        "ALTER TABLE entries DROP CONSTRAINT ck_entries_kind",
        "ALTER TABLE entries ADD FOREIGN KEY (kind) REFERENCES entry_kinds (code)",
    ]


def upgrade_statements(version: int, dialect: str) -> list[str]:
    """What takes a ledger of schema ``version - 1`` to ``version``, in order."""
    statements: list[str] = []
    tables = _tables()
    for table in tables:
        if _since(table) == version:
            # As this version defined it: columns and indexes added later are added by the
            # later versions' statements (a table of version 5 gained a column in version 7).
            statements.append(_create_as_of(table, dialect, version))
            statements.extend(_indexes(table, dialect, up_to=version))
            if _append_only(table):
                statements.extend(_triggers(table.name, dialect))
        if table.name == "entry_kinds":
            statements.extend(_kind_rows(version, up_to=_since(table) == version))
    for table in tables:
        if _since(table) >= version:
            continue
        if table.info.get("rebuilt") == version:
            statements.extend(_rebuild(table, dialect, version))
            continue
        for column in table.columns:
            if _since(column, _since(table)) == version:
                statements.append(_add_column(table, column, dialect))
        statements.extend(_indexes(table, dialect, version))
    return statements


def _row_order(table: Table) -> tuple[str, ...]:
    """The columns that order several rows of one entry (the key without ``entry_id``)."""
    key = [column.name for column in table.primary_key.columns]
    rest = tuple(name for name in key if name != "entry_id")
    return rest or tuple(key)


def table_info(table: Table) -> dict[str, Any]:
    created = _since(table)
    return {
        "columns": tuple(column.name for column in table.columns),
        "late": tuple(column.name for column in table.columns if _since(column, created) > created),
        "key": tuple(column.name for column in table.primary_key.columns),
        "row_order": _row_order(table),
        "foreign_keys": tuple(
            (column.name, key.column.table.name, key.column.name)
            for column in table.columns
            for key in sorted(column.foreign_keys, key=lambda k: str(k.target_fullname))
        ),
        "since": created,
        "append_only": _append_only(table),
        "entry_rows": "entry_id" in table.columns and table.name != "entries",
    }


def _insert(table: Table, dialect: str) -> str:
    return str(insert(table).compile(dialect=_sa_dialect(dialect)))


def tables_module() -> str:
    """The text of ``src/reliefctl/db/tables.py``."""
    tables = _tables()
    info = {table.name: table_info(table) for table in tables}
    ddl = {dialect: ddl_statements(dialect) for dialect in DIALECTS}
    inserts = {dialect: {t.name: _insert(t, dialect) for t in tables} for dialect in DIALECTS}
    upgrades = {
        version: {dialect: upgrade_statements(version, dialect) for dialect in DIALECTS}
        for version in range(2, models.SCHEMA_VERSION + 1)
    }
    kinds = tuple((code, name) for code, name, _added in models.ENTRY_KINDS)

    def constant(name: str, kind: str, value: Any, doc: str) -> str:
        text = pformat(value, width=99, sort_dicts=False)
        return f"#: {doc}\n{name}: Final[{kind}] = {text}\n"

    parts = [
        '"""The ledger\'s tables as plain constants: GENERATED, do not edit.\n\n'
        "Written by ``python -m reliefctl.db.generate`` from ``reliefctl/db/models.py`` (the one\n"
        "definition of the schema); ``tests/test_schema.py`` fails when this file is stale.\n"
        "Commands read these constants and never import SQLAlchemy or SQLModel.\n"
        '"""\n',
        "# ruff: noqa\nfrom typing import Final, TypedDict\n",
        "class TableInfo(TypedDict):\n"
        '    """What commands need to know of one table (see ``TABLES``)."""\n\n'
        "    columns: tuple[str, ...]\n"
        "    late: tuple[str, ...]\n"
        "    key: tuple[str, ...]\n"
        "    row_order: tuple[str, ...]\n"
        "    foreign_keys: tuple[tuple[str, str, str], ...]\n"
        "    since: int\n"
        "    append_only: bool\n"
        "    entry_rows: bool\n",
        constant(
            "SCHEMA_VERSION", "int", models.SCHEMA_VERSION, "The schema version of these tables."
        ),
        constant(
            "APPLICATION_ID", "int", APPLICATION_ID, "PRAGMA application_id of a SQLite ledger."
        ),
        constant(
            "ENTRY_KINDS",
            "tuple[tuple[str, str], ...]",
            kinds,
            "Every kind of entry: (letter, name).",
        ),
        constant(
            "TABLES",
            "dict[str, TableInfo]",
            info,
            "Every table in foreign-key order: columns, late columns (hashed only when set), "
            "key, row order, foreign keys (column, parent, parent column), version, append-only, "
            "whether its rows belong to an entry.",
        ),
        constant(
            "KEYED",
            "dict[str, tuple[str, str]]",
            models.KEYED,
            "Tables whose text is matched by key: table -> (text column, key column).",
        ),
        constant(
            "DDL", "dict[str, list[str]]", ddl, "Every statement that creates an empty ledger."
        ),
        constant(
            "INSERT",
            "dict[str, dict[str, str]]",
            inserts,
            "The INSERT of each table (named parameters), per dialect.",
        ),
        constant(
            "UPGRADES",
            "dict[int, dict[str, list[str]]]",
            upgrades,
            "Per version: the statements that take a ledger from the version before to it.",
        ),
    ]
    return "\n\n".join(parts)


def schema_sql(dialect: str) -> str:
    """The text of ``data/schema.sql`` (or ``schema.postgres.sql``)."""
    body = ";\n\n".join(ddl_statements(dialect)) + ";\n"
    return HEADER.format(version=models.SCHEMA_VERSION, dialect=dialect) + "\n" + body


def outputs(root: Path) -> dict[Path, str]:
    """Every generated file (path under ``root``) and its text."""
    return {
        root / "src" / "reliefctl" / "db" / "tables.py": tables_module(),
        root / "data" / "schema.sql": schema_sql("sqlite"),
        root / "data" / "schema.postgres.sql": schema_sql("postgresql"),
    }


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for path, text in outputs(root).items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
