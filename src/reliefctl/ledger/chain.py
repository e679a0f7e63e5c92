"""The hash chain: what an entry's hash covers and how it is computed.

An entry's hash is SHA-256 over the canonical JSON of its header (every column of ``entries``
except ``hash``, so including ``prev_hash``, the previous entry's hash) and of every row any
ledger table holds for it (keyed by ``entry_id``), in each table's column and key order. It is
computed by the writer inside the write transaction that inserts the entry, after the write
lock is taken, so two writers can never both extend the same head (no fork).

This module is deliberately free of database access: posting and ``verify`` feed it the same
plain dicts, one from the values about to be inserted, the other from the rows read back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

GENESIS_HASH = "0" * 64

#: Columns of ``entries`` covered by the hash, in order (everything but ``hash`` itself).
ENTRY_FIELDS: tuple[str, ...] = (
    "seq",
    "id",
    "kind",
    "kind_no",
    "event_date",
    "recorded_at",
    "operator",
    "ref",
    "note",
    "prev_hash",
)

#: Tables whose rows belong to an entry through ``entry_id``, with their columns in order and
#: the columns that order several rows of one entry. Kept here, not derived from the models at
#: run time, so ``verify`` stays light; ``tests/test_schema.py`` holds it equal to the models.
ENTRY_ROW_TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "townships": (("id", "name", "entry_id"), ("id",)),
    "units": (("id", "name", "township_id", "entry_id"), ("id",)),
    "items": (("id", "name", "unit", "entry_id"), ("id",)),
    "funds": (("id", "name", "entry_id"), ("id",)),
    "fund_budgets": (("entry_id", "fund_id", "amount_fen"), ("entry_id",)),
    "batches": (("id", "label", "entry_id"), ("id",)),
    "beneficiary_groups": (("id", "name", "entry_id"), ("id",)),
    "purchases": (
        (
            "entry_id",
            "date",
            "item_id",
            "qty",
            "total_fen",
            "unit_price",
            "supplier",
            "fund_id",
        ),
        ("entry_id",),
    ),
    "shipment_lines": (
        (
            "entry_id",
            "line_no",
            "date",
            "batch_id",
            "township_id",
            "unit_id",
            "group_id",
            "item_id",
            "qty",
            "value_fen",
            "people",
            "deliveries",
        ),
        ("line_no",),
    ),
    "grants": (
        (
            "entry_id",
            "date",
            "township_id",
            "unit_id",
            "fund_id",
            "batch_id",
            "group_id",
            "amount_fen",
            "people",
            "grants",
            "purpose",
        ),
        ("entry_id",),
    ),
    "voids": (("entry_id", "voided_entry_id", "reason"), ("entry_id",)),
}

#: The order in which a writer inserts an entry's rows (parents before children, for FKs).
INSERT_ORDER: tuple[str, ...] = (
    "townships",
    "units",
    "items",
    "funds",
    "fund_budgets",
    "batches",
    "beneficiary_groups",
    "purchases",
    "shipment_lines",
    "grants",
    "voids",
)


def canonical_bytes(
    header: Mapping[str, Any], rows: Mapping[str, Sequence[Mapping[str, Any]]]
) -> bytes:
    """The exact bytes an entry's hash covers."""
    payload = {
        "entry": {field: header[field] for field in ENTRY_FIELDS},
        "rows": {
            table: [
                {column: row[column] for column in ENTRY_ROW_TABLES[table][0]}
                for row in rows[table]
            ]
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
