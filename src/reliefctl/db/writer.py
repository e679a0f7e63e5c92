"""INSERT statements for the ledger's tables, built by SQLAlchemy Core from the SQLModel models.

Writes go through SQLAlchemy Core's ``insert()`` of each model's table, compiled once per table
for the ledger's dialect (named parameters), and executed with the driver's ``executemany`` on
the connection that holds the write transaction. That keeps the one-transaction guarantee
(the stock, fund and chain checks and the inserts see the same locked state) without building
an ORM object per row: a 1,000,000-line import is one ``executemany`` per table.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel

from reliefctl.ledger import models  # noqa: F401 - registers the tables on SQLModel.metadata


@cache
def insert_sql(table: str, dialect: str) -> str:
    """``INSERT INTO table (...) VALUES (...)`` with named parameters for ``dialect``."""
    statement = insert(SQLModel.metadata.tables[table])
    if dialect == "sqlite":
        compiled = statement.compile(dialect=sqlite.dialect(paramstyle="named"))
    else:
        compiled = statement.compile(dialect=postgresql.psycopg.dialect())  # type: ignore[no-untyped-call]
    return str(compiled)
