"""The ledger's tables, as SQLModel models: the one source of truth for the schema.

Imported only at development time: ``python -m reliefctl.db.generate`` turns these models into
``reliefctl/db/tables.py`` (every table's columns, keys and foreign keys, the DDL and the INSERT
statements of each dialect, and the statements that upgrade an older ledger) and into
``data/schema.sql`` and ``data/schema.postgres.sql``. A clerk's command reads those generated
constants and never imports SQLAlchemy or SQLModel; ``tests/test_schema.py`` fails when they
are stale.

Growing the schema (the rule the hash chain depends on, see ``reliefctl.ledger.chain``):

* A table or column records the schema version that added it (``since``, in ``info``); the
  tables of version 1 have none. A new table is created by ``reliefctl upgrade``; a column
  added to an existing table is appended (``ALTER TABLE ... ADD COLUMN``), nullable, and
  declared after the table's older columns, so a fresh ledger and an upgraded one have the
  same columns in the same order.
* A column added to an existing table is hashed only where it holds a value: every row
  recorded before it existed has NULL there and keeps its hash.

Design decisions that every later feature leans on:

* **Every change is an entry.** ``entries`` holds one row per recorded event: master data (kind
  ``M``), purchase (``P``), shipment (``S``), grant (``G``), void (``V``) and ledger setting
  (``L``: the time zone and later rules, see ``reliefctl.ledger.settings``), allocation
  to a fund (``B``, schema 4; see ``reliefctl.ledger.allocations``) and, since schema 5, the
  stock movements: receipt (``R``), transfer (``T``), write-off (``W``) and count (``C``);
  since schema 7, assembly (``A``) and disassembly (``D``) of kits.
  Its ``id`` is
  short and typeable (``S-000123``); ``seq`` is the global order, and ``prev_hash``/``hash``
  chain each entry to the one before it (see ``reliefctl.ledger.chain``).
* **Append-only.** No row is ever updated or deleted; database triggers refuse it. A void is a
  new entry whose *reversal rows* mirror the original's fact rows with the signs flipped and the
  original's event date, so every sum over any period and any dimension nets the voided entry
  to exactly zero without a join.
* **Facts are denormalised for reports.** A shipment line carries its delivery's date, batch,
  township, unit and group, so a report is one scan over one covering index. A delivery's
  person-times (``people``) and its count (``deliveries``, +1 or -1 for a reversal) sit on its
  first line only (0 on the others), the same convention the Excel Shipments sheet uses, so a
  column sum gives the true person-times.
* **Money is integer fen** (BIGINT); quantities are integers; dates are ISO ``YYYY-MM-DD`` text,
  which sorts correctly and compares the same on SQLite and PostgreSQL.
* **Names are kept as typed** and matched by key: see ``KEYED``.
* **Valuation is stored at posting**: ``shipment_lines.value_fen`` is the moving-average cost at
  the moment the line was posted (``reliefctl.ledger.valuation``), never recomputed.
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import BigInteger, CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# A short alias keeps the column declarations readable; every money and quantity column is 64-bit.
BIG = BigInteger

DATE_LEN = 10  # 'YYYY-MM-DD'
ID_LEN = 20  # 'S-000123'
QTY_TEXT_LEN = 200  # a quantity as written: '2箱40个'
KEY_LEN = 400  # a key (NFKC) may be longer than its text: 100 characters may expand

#: The schema version these models describe; ``reliefctl upgrade`` moves older ledgers here.
SCHEMA_VERSION: Final = 7

#: Every kind of entry, by the letter of its ids (``S-000123``), with the version that added it.
#: Reference rows of ``entry_kinds``: a new kind is one more row, never a schema rebuild.
ENTRY_KINDS: Final[tuple[tuple[str, str, int], ...]] = (
    ("M", "master data", 1),
    ("P", "purchase", 1),
    ("S", "shipment", 1),
    ("G", "grant", 1),
    ("V", "void", 1),
    ("L", "ledger setting", 3),
    ("B", "allocation", 4),
    ("R", "receipt", 5),
    ("T", "transfer", 5),
    ("W", "write-off", 5),
    ("C", "count", 5),
    ("A", "assembly", 7),
    ("D", "disassembly", 7),
)


def since(version: int) -> dict[str, Any]:
    """``info`` of a table or column added in schema ``version`` (see the module docstring)."""
    return {"info": {"since": version}}


def late(version: int, **kwargs: Any) -> dict[str, Any]:
    """``sa_column_kwargs`` of a nullable column added to an existing table in ``version``."""
    return {"info": {"since": version}, "nullable": True, **kwargs}


class Meta(SQLModel, table=True):
    """Key/value facts about the ledger itself: application id and schema version."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


class EntryKind(SQLModel, table=True):
    """The kinds of entry (``ENTRY_KINDS``): reference rows written by ``init`` and ``upgrade``."""

    __tablename__ = "entry_kinds"
    __table_args__ = since(2)

    code: str = Field(primary_key=True, max_length=1)
    name: str = Field(max_length=40)


class Entry(SQLModel, table=True):
    """One recorded event, in the order it was recorded, chained by hash.

    ``kind`` refers to ``entry_kinds`` (version 1 had a CHECK listing the five kinds, which
    SQLite cannot alter; version 2 rebuilt the table once, every row copied verbatim).
    """

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("kind", "kind_no", name="uq_entries_kind_no"),
        Index("ix_entries_kind_ref", "kind", "ref"),
        Index("ix_entries_event_date", "event_date"),
        Index("ix_entries_kind_ref_key", "kind", "ref_key", "ref", **since(3)),
        {"info": {"rebuilt": 2}},
    )

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    id: str = Field(max_length=ID_LEN, unique=True)
    kind: str = Field(max_length=1, foreign_key="entry_kinds.code")
    kind_no: int
    event_date: str = Field(max_length=DATE_LEN)
    recorded_at: str = Field(max_length=40)
    operator: str = Field(max_length=100)
    ref: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=2000)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
    #: ``ref``'s key (``reliefctl.ledger.parse.text_key``): refs are matched by it. NULL on
    #: entries recorded before version 3, whose key is computed from ``ref`` when read.
    ref_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class Township(SQLModel, table=True):
    """A town or subdistrict (镇/街道), or a district body treated as one (区卫健委)."""

    __tablename__ = "townships"
    __table_args__ = (Index("uq_townships_name_key", "name_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    name_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class Unit(SQLModel, table=True):
    """A recipient inside a township: a health centre, community, village duty point."""

    __tablename__ = "units"
    __table_args__ = (Index("uq_units_name_key", "name_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    township_id: int = Field(foreign_key="townships.id")
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    name_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class Item(SQLModel, table=True):
    """A kind of goods and the unit it is counted in (暖身贴, 个)."""

    __tablename__ = "items"
    __table_args__ = (Index("uq_items_name_key", "name_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    unit: str = Field(max_length=100)
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    name_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class ItemPack(SQLModel, table=True):
    """A named pack of an item holding ``size`` of its unit (暖身贴: 箱 = 240 个), schema 7.

    Master data (an ``M`` entry), never changed: a pack's size is fixed from its definition,
    so a quantity written in packs (``545箱``) means the same number of base units forever;
    a pack of another size is a new name (``item pack``, ``reliefctl.ledger.packs``). The
    name holds no digit and is unique per item by key, and never the item's own unit.

    A line keeps the quantity as written (``qty_text``, ``545箱`` or ``2箱40个``) beside its
    base quantity (``qty``): the text and the item's packs give the base quantity again,
    which ``verify`` checks. One text column rather than a pack id and a count, because a
    quantity may mix a pack and base units (``2箱40个``) and a count may be fractional
    (``1.5箱`` of 240 is 360个).
    """

    __tablename__ = "item_packs"
    __table_args__ = (
        Index("uq_item_packs_item_name_key", "item_id", "name_key", unique=True),
        since(7),
    )

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    item_id: int = Field(foreign_key="items.id")
    name: str = Field(max_length=100)
    size: int = Field(sa_type=BIG)
    entry_id: str = Field(foreign_key="entries.id", max_length=ID_LEN)
    name_key: str = Field(max_length=KEY_LEN)


class Fund(SQLModel, table=True):
    """A special fund that purchases and grants are charged to."""

    __tablename__ = "funds"
    __table_args__ = (Index("uq_funds_name_key", "name_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    name_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class FundBudget(SQLModel, table=True):
    """An allocation to a fund; a fund's budget is the sum of its allocations."""

    __tablename__ = "fund_budgets"
    __table_args__ = (CheckConstraint("amount_fen > 0", name="ck_fund_budgets_positive"),)

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    fund_id: int = Field(foreign_key="funds.id", index=True)
    amount_fen: int = Field(sa_type=BIG)


class Allocation(SQLModel, table=True):
    """An allocation to (or, negative, a reduction of) a fund's budget: an entry of kind ``B``.

    ``date`` is the allocation document's date; NULL means undated, counting from the ledger's
    beginning (as every budget in ``fund_budgets`` does: those rows, from before this table,
    are read as undated allocations and never rewritten). A fund's budget as at a date is the
    sum of its undated allocations and those dated on or before it. A void's reversal row
    mirrors the allocation with the amount's sign flipped and the same date.
    """

    __tablename__ = "allocations"
    __table_args__ = (
        CheckConstraint("amount_fen <> 0", name="ck_allocations_amount"),
        Index("ix_allocations_fund", "fund_id", "date", "amount_fen"),
        since(4),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    fund_id: int = Field(foreign_key="funds.id")
    date: str | None = Field(default=None, max_length=DATE_LEN)
    amount_fen: int = Field(sa_type=BIG)


class Batch(SQLModel, table=True):
    """A numbered delivery batch (1, 第一批); opened by the first entry that uses its label."""

    __tablename__ = "batches"
    __table_args__ = (Index("uq_batches_label_key", "label_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    label: str = Field(max_length=100, unique=True)
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    label_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class BeneficiaryGroup(SQLModel, table=True):
    """Who a delivery or grant reached (一线医护人员); opened by first use like a batch."""

    __tablename__ = "beneficiary_groups"
    __table_args__ = (Index("uq_beneficiary_groups_name_key", "name_key", unique=True, **since(3)),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    entry_id: str = Field(foreign_key="entries.id", max_length=20)
    name_key: str | None = Field(default=None, max_length=KEY_LEN, sa_column_kwargs=late(3))


class Location(SQLModel, table=True):
    """Where stock is held: the district warehouse, a union service station (第3工会服务站).

    The *home location* is location 1, created with the ledger (``init --warehouse``) or by the
    upgrade to version 5. A purchase or shipment line whose ``location_id`` is NULL is at the
    home location: every entry recorded before locations existed belongs to it without a row
    or hash changing, and posting stores NULL for the home location so that an entry hashes
    the same whichever release recorded it. The home location is fixed; the *default*
    location (the ``location`` ledger setting) is only what a command uses when none is given.
    """

    __tablename__ = "locations"
    __table_args__ = (
        Index("uq_locations_name_key", "name_key", unique=True),
        since(5),
    )

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(max_length=100, unique=True)
    township_id: int | None = Field(default=None, foreign_key="townships.id")
    entry_id: str = Field(foreign_key="entries.id", max_length=ID_LEN)
    name_key: str = Field(max_length=KEY_LEN)


class Purchase(SQLModel, table=True):
    """Goods bought: a purchase entry's fact row, or its reversal (negative) under a void."""

    __tablename__ = "purchases"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_purchases_qty"),
        Index("ix_purchases_item_date", "item_id", "date", "qty", "total_fen"),
        Index("ix_purchases_fund", "fund_id", "total_fen"),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    date: str = Field(max_length=DATE_LEN)
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    total_fen: int = Field(sa_type=BIG)
    # The unit price exactly as given (it may have more decimals than a fen), or NULL when the
    # clerk gave the total; kept as text so it is never rounded by a float.
    unit_price: str | None = Field(default=None, max_length=40)
    supplier: str | None = Field(default=None, max_length=2000)
    fund_id: int | None = Field(default=None, foreign_key="funds.id")
    #: Where the goods came in (``locations``); NULL means the home location (see ``Location``).
    location_id: int | None = Field(
        default=None, foreign_key="locations.id", sa_column_kwargs=late(5)
    )
    #: The quantity as the clerk wrote it when it names a pack (``545箱``, ``2箱40个``; see
    #: ``ItemPack``); NULL when it was written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class ShipmentLine(SQLModel, table=True):
    """One item of one delivery, with its delivery's dimensions copied on (see module doc)."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_shipment_lines_qty"),
        # In group-by order and covering: a report by batch and township is one index scan.
        Index(
            "ix_shipment_lines_report",
            "batch_id",
            "township_id",
            "date",
            "value_fen",
            "people",
            "deliveries",
        ),
        Index("ix_shipment_lines_item_date", "item_id", "date", "qty", "value_fen"),
        # Partial: only the lines that hold household-times, so the report reads them without
        # widening the covering index above (which every ledger already has).
        Index(
            "ix_shipment_lines_households",
            "batch_id",
            "township_id",
            "date",
            "households",
            sqlite_where=text("households IS NOT NULL"),
            postgresql_where=text("households IS NOT NULL"),
            **since(6),
        ),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    batch_id: int = Field(foreign_key="batches.id")
    township_id: int = Field(foreign_key="townships.id")
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    group_id: int | None = Field(default=None, foreign_key="beneficiary_groups.id")
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    value_fen: int = Field(sa_type=BIG)
    people: int = Field(sa_type=BIG)
    deliveries: int
    #: Where the goods left from (a return: came back to); NULL means the home location.
    location_id: int | None = Field(
        default=None, foreign_key="locations.id", sa_column_kwargs=late(5)
    )
    #: Household-times (户次) the delivery reached, on its first line like ``people``; NULL
    #: when not given (every line of an entry recorded before version 6, and the other lines).
    households: int | None = Field(default=None, sa_type=BIG, sa_column_kwargs=late(6))
    #: The quantity as the clerk wrote it when it names a pack (``545箱``, ``2箱40个``; see
    #: ``ItemPack``); NULL when it was written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class Grant(SQLModel, table=True):
    """Cash granted to a township or unit, or its reversal under a void."""

    __tablename__ = "grants"
    __table_args__ = (
        CheckConstraint("amount_fen <> 0", name="ck_grants_amount"),
        Index("ix_grants_fund", "fund_id", "amount_fen"),
        Index("ix_grants_date", "date"),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    date: str = Field(max_length=DATE_LEN)
    township_id: int = Field(foreign_key="townships.id")
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    fund_id: int | None = Field(default=None, foreign_key="funds.id")
    batch_id: int | None = Field(default=None, foreign_key="batches.id")
    group_id: int | None = Field(default=None, foreign_key="beneficiary_groups.id")
    amount_fen: int = Field(sa_type=BIG)
    people: int = Field(sa_type=BIG)
    grants: int  # +1, or -1 on a reversal, so COUNT-like sums net out too
    purpose: str | None = Field(default=None, max_length=2000)
    #: Household-times (户次) the grant reached; NULL when not given (and before version 6).
    households: int | None = Field(default=None, sa_type=BIG, sa_column_kwargs=late(6))
    #: Why a grant to a person who already received one with this purpose in this batch (or
    #: month) is right (``--allow-repeat``); NULL otherwise.
    repeat_reason: str | None = Field(default=None, max_length=2000, sa_column_kwargs=late(7))


class RecipientLine(SQLModel, table=True):
    """One named person a delivery (``S``) or grant (``G``) reached (issue 16), or its reversal.

    Never the identifier or the name: ``person_hash`` is HMAC-SHA256, under the person key
    outside the ledger, of the identifier's type and normalised value (``id:…``, ``staff:…``,
    ``phone:…``; see ``reliefctl.ledger.persons``), and ``masked_name`` keeps a name's first and
    last character (张*明). ``persons`` is +1, or -1 on a void's reversal, so the distinct
    persons of any slice are the hashes whose ``persons`` sum above 0. Like a delivery's
    ``people``, the entry's ``lists`` (+1/-1) and ``people`` sit on its first line only, so a
    sum gives how many entries carry a list and the person-times they account for (coverage).
    The entry's date, batch, place and group are copied on, as on shipment lines.

    *One grant per person per purpose*: a grant's lines carry ``purpose_key`` (the purpose's
    key) and ``period_key`` (``b:<batch id>``, or ``m:YYYY-MM`` without a batch), and
    ``claim_no`` counts the person's earlier lines with that purpose and period. The partial
    unique index over the positive lines makes a second claim in one period impossible even
    for writers that raced past the check (``--allow-repeat`` lines take the next number).
    """

    __tablename__ = "recipient_lines"
    __table_args__ = (
        CheckConstraint("persons IN (1, -1)", name="ck_recipient_lines_persons"),
        Index("ix_recipient_lines_person", "person_hash", "date"),
        Index("ix_recipient_lines_report", "batch_id", "township_id", "date", "person_hash"),
        Index(
            "uq_recipient_lines_claim",
            "purpose_key",
            "period_key",
            "person_hash",
            "claim_no",
            unique=True,
            sqlite_where=text("persons > 0 AND claim_no IS NOT NULL"),
            postgresql_where=text("persons > 0 AND claim_no IS NOT NULL"),
        ),
        since(7),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    batch_id: int | None = Field(default=None, foreign_key="batches.id")
    township_id: int = Field(foreign_key="townships.id")
    unit_id: int | None = Field(default=None, foreign_key="units.id")
    group_id: int | None = Field(default=None, foreign_key="beneficiary_groups.id")
    #: ``id``, ``staff`` or ``phone``: persons are counted within one type.
    id_type: str = Field(max_length=10)
    person_hash: str = Field(max_length=64)
    masked_name: str = Field(max_length=400)
    #: The household's keyed hash (``household:`` and its key as listed), or NULL.
    household_hash: str | None = Field(default=None, max_length=64)
    #: Cash to this person (a grant whose list or ``--each`` gives amounts), else NULL.
    amount_fen: int | None = Field(default=None, sa_type=BIG)
    persons: int
    lists: int
    people: int = Field(sa_type=BIG)
    purpose_key: str | None = Field(default=None, max_length=KEY_LEN)
    period_key: str | None = Field(default=None, max_length=20)
    claim_no: int | None = Field(default=None)


class Receipt(SQLModel, table=True):
    """Goods that came in without being bought (``R-``): donated (``donation``), allotted by a
    higher body (``allotted``), or returned from a delivery (``return``), or its reversal.

    A donation or allotment enters stock here at its stated value. A return's stock movement
    is its negative shipment lines (the shipment's line reversed in part, at the value it left
    with, so the township's goods value falls); its row here only records it, with the
    shipment in ``of_entry_id``, and is not counted again as stock.
    """

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_receipts_qty"),
        Index("ix_receipts_item_date", "item_id", "date"),
        since(5),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    date: str = Field(max_length=DATE_LEN)
    location_id: int = Field(foreign_key="locations.id")
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    value_fen: int = Field(sa_type=BIG)
    #: ``donation``, ``allotted`` or ``return``.
    source: str = Field(max_length=20)
    giver: str | None = Field(default=None, max_length=2000)
    #: The value of one unit as given (text, never a float), or NULL when the total was given.
    unit_value: str | None = Field(default=None, max_length=40)
    #: A return: the shipment the goods came back from.
    of_entry_id: str | None = Field(default=None, foreign_key="entries.id", max_length=ID_LEN)
    #: The quantity as the clerk wrote it when it names a pack (``545箱``, ``2箱40个``; see
    #: ``ItemPack``); NULL when it was written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class TransferLine(SQLModel, table=True):
    """One item moved between locations (``T-``): quantity moves, value does not."""

    __tablename__ = "transfer_lines"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_transfer_lines_qty"),
        Index("ix_transfer_lines_item_date", "item_id", "date"),
        since(5),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    from_location_id: int = Field(foreign_key="locations.id")
    to_location_id: int = Field(foreign_key="locations.id")
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    #: The quantity as the clerk wrote it when it names a pack (``545箱``, ``2箱40个``; see
    #: ``ItemPack``); NULL when it was written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class WriteoffLine(SQLModel, table=True):
    """Goods lost (``W-``): expired, damaged, lost, stolen or other; valued at average cost."""

    __tablename__ = "writeoff_lines"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_writeoff_lines_qty"),
        Index("ix_writeoff_lines_item_date", "item_id", "date"),
        since(5),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    location_id: int = Field(foreign_key="locations.id")
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    value_fen: int = Field(sa_type=BIG)
    #: ``expired``, ``damaged``, ``lost``, ``stolen`` or ``other``.
    reason: str = Field(max_length=20)
    #: The quantity as the clerk wrote it when it names a pack (``545箱``, ``2箱40个``; see
    #: ``ItemPack``); NULL when it was written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class CountLine(SQLModel, table=True):
    """One item of a stocktake (``C-``): what was counted, the book quantity then, and the
    difference posted (``qty`` = counted - book, signed; its value at average cost).

    A void's reversal negates ``qty`` and ``value_fen`` and keeps the two quantities, so
    ``counted_qty > book_qty`` still tells a gain's line (and its reversal) from a loss's.
    """

    __tablename__ = "count_lines"
    __table_args__ = (
        Index("ix_count_lines_item_location", "item_id", "location_id", "date"),
        since(5),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    location_id: int = Field(foreign_key="locations.id")
    item_id: int = Field(foreign_key="items.id")
    book_qty: int = Field(sa_type=BIG)
    counted_qty: int = Field(sa_type=BIG)
    qty: int = Field(sa_type=BIG)
    value_fen: int = Field(sa_type=BIG)
    #: The counted quantity as written when it names a pack (``12箱``; ``counted_qty`` is its
    #: base quantity); NULL when written in base units (and before version 7).
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN, sa_column_kwargs=late(7))


class KitComponent(SQLModel, table=True):
    """One component of a kit (食品礼包 = 桶面 ×2 …): rows of the ``M`` entry that added the kit.

    A kit is an item (a row of ``items``, recorded by the same entry) whose recipe is these
    rows: ``qty`` of the component item per one unit of the kit. The recipe is fixed (a
    changed recipe is a new kit, ``reliefctl.ledger.kits``); components are items that are not
    kits themselves.
    """

    __tablename__ = "kit_components"
    __table_args__ = (
        CheckConstraint("qty > 0", name="ck_kit_components_qty"),
        UniqueConstraint("kit_id", "component_id", name="uq_kit_components"),
        since(7),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kit_id: int = Field(foreign_key="items.id")
    component_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)


class AssemblyLine(SQLModel, table=True):
    """One line of an assembly (``A-``) or disassembly (``D-``): an item into or out of stock.

    ``qty`` and ``value_fen`` are signed as the line changes what is on hand at the location:
    an assembly's kit line is positive and its component lines negative, a disassembly the
    other way round; a void's reversal negates both. ``role`` is ``kit`` or ``component``.
    The lines of one entry sum to 0 fen (the value identity ``verify`` checks).
    """

    __tablename__ = "assembly_lines"
    __table_args__ = (
        CheckConstraint("qty <> 0", name="ck_assembly_lines_qty"),
        Index("ix_assembly_lines_item_date", "item_id", "date"),
        since(7),
    )

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    line_no: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    date: str = Field(max_length=DATE_LEN)
    location_id: int = Field(foreign_key="locations.id")
    item_id: int = Field(foreign_key="items.id")
    qty: int = Field(sa_type=BIG)
    value_fen: int = Field(sa_type=BIG)
    #: ``kit`` or ``component``.
    role: str = Field(max_length=20)
    #: The kits' quantity as written when it named a pack (issue 13: ``30箱``), else NULL.
    qty_text: str | None = Field(default=None, max_length=QTY_TEXT_LEN)


class Void(SQLModel, table=True):
    """A void entry's link to the entry it reverses; UNIQUE means nothing is voided twice."""

    __tablename__ = "voids"

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=20)
    voided_entry_id: str = Field(foreign_key="entries.id", max_length=20, unique=True)
    reason: str = Field(max_length=2000)


#: Tables whose text is matched by key: table -> (text column, key column). The text is kept
#: as typed; the key (``reliefctl.ledger.parse.text_key``) is set on every row since version
#: 3 and unique; older rows hold NULL and their key is computed from the text when read.
KEYED: Final[dict[str, tuple[str, str]]] = {
    "entries": ("ref", "ref_key"),
    "townships": ("name", "name_key"),
    "units": ("name", "name_key"),
    "items": ("name", "name_key"),
    "funds": ("name", "name_key"),
    "batches": ("label", "label_key"),
    "beneficiary_groups": ("name", "name_key"),
    "locations": ("name", "name_key"),
    "item_packs": ("name", "name_key"),
}


class LedgerSetting(SQLModel, table=True):
    """A ledger setting's value as an ``L`` entry set it (``reliefctl config set tz ...``).

    A setting is never changed in place: a change is a new entry, and a setting's value is the
    one its latest entry gave it (``reliefctl.ledger.settings``). Values are text, read by the
    setting's own parser; an entry may set several settings (``init`` sets all of them at once).
    """

    __tablename__ = "settings"
    __table_args__ = since(3)

    entry_id: str = Field(primary_key=True, foreign_key="entries.id", max_length=ID_LEN)
    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)


#: Tables that are not part of the ledger's history: ``meta`` describes the file (its schema
#: version moves forward on upgrade), so it has no append-only triggers.
NOT_APPEND_ONLY: Final = frozenset({"meta"})
