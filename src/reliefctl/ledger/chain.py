"""The hash chain: what an entry's hash covers and how it is computed.

An entry's hash is SHA-256 over the canonical JSON of its header (every column of ``entries``
except ``hash``, so including ``prev_hash``, the previous entry's hash) and of every row any
ledger table holds for it (keyed by ``entry_id``), in each table's column and key order. It is
computed by the writer inside the write transaction that inserts the entry, after the write
lock is taken, so two writers can never both extend the same head (no fork).

This module is deliberately free of database access: posting and ``verify`` feed it the same
plain dicts, one from the values about to be inserted, the other from the rows read back.

How the chain grows with the schema (decided once, for every later version): a column added
to an existing table after it was created (a "late" column, ``reliefctl.db.models.late``) is
hashed only where it holds a value. Rows recorded before the column existed hold NULL there,
so their canonical form, and every hash of an upgraded ledger, stays exactly what it was; a
new fact recorded later is covered as soon as it is set. A new table is hashed like any other
(an old entry has no rows in it). The columns of version 1 are hashed NULLs included, as they
always were.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

from reliefctl.db.tables import TABLES

GENESIS_HASH = "0" * 64

_ENTRIES: Final = TABLES["entries"]
#: Columns of ``entries`` covered by the hash, in order (everything but ``hash`` itself).
ENTRY_FIELDS: Final[tuple[str, ...]] = tuple(c for c in _ENTRIES["columns"] if c != "hash")

#: Tables whose rows belong to an entry through ``entry_id``, with their columns in order and
#: the columns that order several rows of one entry; derived from the models' generated
#: constants (``reliefctl.db.tables``), in foreign-key order (parents first).
ENTRY_ROW_TABLES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    name: (info["columns"], info["row_order"])
    for name, info in TABLES.items()
    if info["entry_rows"]
}

#: The order in which a writer inserts an entry's rows (parents before children, for FKs).
INSERT_ORDER: Final[tuple[str, ...]] = tuple(ENTRY_ROW_TABLES)

#: Per table (and ``entries``): (columns always hashed, columns hashed only when set).
_HASHED: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    name: (
        tuple(c for c in info["columns"] if c not in info["late"] and c != "hash"),
        tuple(c for c in info["columns"] if c in info["late"]),
    )
    for name, info in TABLES.items()
}


def _hashed(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    always, late = _HASHED[name]
    out = {column: row[column] for column in always}
    for column in late:
        value = row.get(column)
        if value is not None:
            out[column] = value
    return out


def canonical_bytes(
    header: Mapping[str, Any], rows: Mapping[str, Sequence[Mapping[str, Any]]]
) -> bytes:
    """The exact bytes an entry's hash covers."""
    payload = {
        "entry": _hashed("entries", header),
        "rows": {
            table: [_hashed(table, row) for row in rows[table]]
            for table in sorted(rows)
            if rows[table]
        },
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def entry_hash(header: Mapping[str, Any], rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> str:
    """SHA-256 (hex) of an entry's canonical content, which includes ``prev_hash``."""
    return hashlib.sha256(canonical_bytes(header, rows)).hexdigest()
