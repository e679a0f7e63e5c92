"""``verify``: every invariant of the ledger, checked on demand, returned as a list of problems.

Like beancount's validations, :func:`verify` never prints and never raises for a finding: it
returns :class:`Problem` records (empty when all holds), and the command decides what to show
and which exit code to use. What it checks:

* **chain** - every entry's hash is recomputed from its header and rows
  (``reliefctl.ledger.chain``), and its ``prev_hash`` must be the stored hash of the entry before
  it. The first entry whose content or link does not match is named as the first break; every
  other mismatch is reported too.
* **sequence** - ``seq`` runs 1, 2, 3 ... without gaps, and each kind's numbers (S-000001,
  S-000002 ...) too, so a deleted entry is named even when someone re-chained the rest.
* **integrity**, **foreign-key** - SQLite's ``PRAGMA integrity_check`` and
  ``foreign_key_check``; on PostgreSQL (which has no page-level check to run) the same foreign
  keys are checked with queries.
* **triggers** - the append-only triggers are exactly those ``init`` created (on PostgreSQL:
  all there, enabled, and their function still raises).
* **stock** - no item's stock on hand is negative at the end of any date.
* **funds** - no fund is overdrawn on any date: replayed here from the fact tables in date
  order (its own SQL, not ``reliefctl.ledger.books``), the remaining at the end of every date
  (undated allocations counting from the beginning) is never below zero.
* **valuation** - replaying the ledger in recording order gives every shipment line exactly the
  moving-average value stored on it; per item, value bought - value shipped is the value on
  hand, and zero on hand is worth zero.
* **voids** - each void reverses one real purchase, shipment or grant recorded before it, no
  entry is voided twice, and the reversal rows mirror the original's exactly.
* **settings** - each ledger-setting entry (``L``) sets at least one known setting, each to a
  value that setting's parser accepts (``reliefctl.ledger.settings``).
* **packs** - every item pack is sound master data, and every line that keeps a quantity as
  written in packs stores its base quantity: the text times the packs' sizes
  (``check_packs``).
* **head** - optional: entries a supervisor wrote down (``reliefctl head``) still carry the hash
  written down.

The walk over the ledger is streamed: entries are read in ``seq`` order a chunk at a time, and
each table's rows for that chunk are merged in, so memory stays flat on a ledger of millions of
rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reliefctl.db.connect import Ledger
from reliefctl.db.tables import DDL, TABLES
from reliefctl.errors import InputError, Phrase, ReliefError, StorageError, Term
from reliefctl.i18n import Lang
from reliefctl.ledger.books import ItemBook, MasterData, load_item_books
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, GENESIS_HASH, entry_hash
from reliefctl.ledger.parse import check_pack_name, parse_counted, text_key
from reliefctl.ledger.settings import LOCATION, SETTINGS
from reliefctl.ledger.valuation import value_out
from reliefctl.messages import render_key
from reliefctl.vocab import ENGLISH

#: Every table the append-only triggers guard.
LEDGER_TABLES: tuple[str, ...] = tuple(name for name, info in TABLES.items() if info["append_only"])

#: Foreign keys of the ledger tables as (table, column, parent table, parent column). Checked
#: with queries on PostgreSQL (SQLite has ``PRAGMA foreign_key_check``).
FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = tuple(
    (name, column, parent, parent_column)
    for name, info in TABLES.items()
    for column, parent, parent_column in info["foreign_keys"]
)

#: Entries read per chunk of the streamed walk.
CHUNK = 2000

_SHIPPED_SIGNED = ("qty", "value_fen", "people", "deliveries", "households")
_RECIPIENT_SIGNED = ("persons", "lists", "people", "amount_fen")
#: For each kind a void can reverse: its fact tables and the columns whose sign a void flips.
REVERSED: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "P": (("purchases", ("qty", "total_fen")),),
    "S": (("shipment_lines", _SHIPPED_SIGNED), ("recipient_lines", _RECIPIENT_SIGNED)),
    "G": (
        ("grants", ("amount_fen", "people", "grants", "households")),
        ("recipient_lines", _RECIPIENT_SIGNED),
    ),
    "B": (("allocations", ("amount_fen",)),),
    "R": (("receipts", ("qty", "value_fen")), ("shipment_lines", _SHIPPED_SIGNED)),
    "T": (("transfer_lines", ("qty",)),),
    "W": (("writeoff_lines", ("qty", "value_fen")),),
    "C": (("count_lines", ("qty", "value_fen")),),
    "A": (("assembly_lines", ("qty", "value_fen")),),
    "D": (("assembly_lines", ("qty", "value_fen")),),
}

#: Every stock movement per (item, location, date), written here once more on purpose (not
#: taken from ``reliefctl.ledger.books``): a NULL location is the home location (1).
_LOCATION_MOVES = (
    "SELECT item_id, COALESCE(location_id, 1) AS location_id, date, qty FROM purchases "
    "UNION ALL SELECT item_id, COALESCE(location_id, 1), date, -qty FROM shipment_lines "
    "UNION ALL SELECT item_id, location_id, date, qty FROM receipts WHERE source <> 'return' "
    "UNION ALL SELECT item_id, from_location_id, date, -qty FROM transfer_lines "
    "UNION ALL SELECT item_id, to_location_id, date, qty FROM transfer_lines "
    "UNION ALL SELECT item_id, location_id, date, -qty FROM writeoff_lines "
    "UNION ALL SELECT item_id, location_id, date, qty FROM count_lines "
    "UNION ALL SELECT item_id, location_id, date, qty FROM assembly_lines"
)

#: Per item, each side of the identity ``verify`` checks, as (figure, table, qty, value, where):
#: purchases + receipts + count gains = delivered + written off + count losses + on hand.
_IDENTITY_IN = (
    ("purchases", "purchases", "qty", "total_fen", ""),
    ("receipts", "receipts", "qty", "value_fen", "source <> 'return'"),
    ("count_gains", "count_lines", "qty", "value_fen", "counted_qty > book_qty"),
    ("assembled_in", "assembly_lines", "qty", "value_fen", "qty > 0"),
)
_IDENTITY_OUT = (
    ("delivered", "shipment_lines", "qty", "value_fen", ""),
    ("written_off", "writeoff_lines", "qty", "value_fen", ""),
    ("count_losses", "count_lines", "-qty", "-value_fen", "counted_qty < book_qty"),
    ("assembled_out", "assembly_lines", "-qty", "-value_fen", "qty < 0"),
)

#: The line tables that keep a quantity as written (``qty_text``), and the column holding its
#: base quantity (a count line's text is what was counted). A reversal keeps the text with
#: the sign of its base quantity flipped, so the check compares the magnitude.
_PACKED_LINES: tuple[tuple[str, str], ...] = (
    ("purchases", "qty"),
    ("shipment_lines", "qty"),
    ("receipts", "qty"),
    ("transfer_lines", "qty"),
    ("writeoff_lines", "qty"),
    ("count_lines", "counted_qty"),
    ("assembly_lines", "qty"),
)

#: The only tables whose rows an entry of each kind may carry.
ALLOWED_ROWS: dict[str, frozenset[str]] = {
    "M": frozenset(
        {
            "townships",
            "units",
            "items",
            "funds",
            "fund_budgets",
            "batches",
            "beneficiary_groups",
            "locations",
            "item_packs",
            "kit_components",
        }
    ),
    "P": frozenset({"purchases"}),
    "S": frozenset({"shipment_lines", "batches", "beneficiary_groups", "recipient_lines"}),
    "G": frozenset({"grants", "batches", "beneficiary_groups", "recipient_lines"}),
    "B": frozenset({"allocations"}),
    "V": frozenset(
        {
            "voids",
            "purchases",
            "shipment_lines",
            "grants",
            "allocations",
            "receipts",
            "transfer_lines",
            "writeoff_lines",
            "count_lines",
            "recipient_lines",
            "assembly_lines",
        }
    ),
    # The first setting entry of a ledger also creates its home location.
    "L": frozenset({"settings", "locations"}),
    "R": frozenset({"receipts", "shipment_lines"}),
    "T": frozenset({"transfer_lines"}),
    "W": frozenset({"writeoff_lines"}),
    "C": frozenset({"count_lines"}),
    "A": frozenset({"assembly_lines"}),
    "D": frozenset({"assembly_lines"}),
}


#: What reading a value of the wrong type raises (text in a quantity column, say: SQLite keeps
#: whatever a hand edit stores). Reported as a problem, never a crash.
DATA_ERRORS = (ValueError, TypeError, ArithmeticError)


def _wrong_type(exc: Exception) -> Phrase:
    return Phrase("verify.wrong_type", error=type(exc).__name__, detail=str(exc))


@dataclass(frozen=True)
class Problem:
    """One thing ``verify`` found wrong: where (an entry id, ``item NAME``, ``fund NAME`` or
    ``ledger``), which check, and what is wrong (a vocabulary code and its parameters, shown
    in the user's language by ``text``)."""

    where: str
    check: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: Lang = "en") -> str:
        return render_key(self.code, lang, **self.params)

    @property
    def message(self) -> str:
        return self.text("en")

    def where_text(self, lang: Lang = "en") -> str:
        """``where`` as shown: ``item 暖身贴`` and ``fund …`` in the user's words."""
        for prefix in ("item ", "fund "):
            if self.where.startswith(prefix):
                return render_key(f"verify.where.{prefix.strip()}", lang, name=self.where[5:])
        if self.where == "ledger":
            return render_key("verify.where.ledger", lang)
        return self.where

    def as_dict(self, lang: Lang = "en") -> dict[str, str]:
        return {"where": self.where, "check": self.check, "message": self.text(lang)}

    def check_text(self, lang: Lang = "en") -> str:
        """The check's name in ``lang`` (JSON keeps the code)."""
        key = f"verify.check.{self.check}"
        return render_key(key, lang) if key in ENGLISH else self.check

    def check_term(self) -> Term | str:
        """The check's name as a message parameter (a vocabulary word where it has one)."""
        key = f"verify.check.{self.check}"
        return Term(key) if key in ENGLISH else self.check

    def line(self, lang: Lang = "en") -> str:
        return f"{self.where_text(lang)}: {self.check_text(lang)}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.line("en")


@dataclass(frozen=True)
class Head:
    """The latest entry: what a supervisor writes down to prove later that nothing changed."""

    id: str
    seq: int
    hash: str
    recorded_at: str
    entries: int


def head(ledger: Ledger) -> Head | None:
    """The latest entry (highest ``seq``), or None on an empty ledger."""
    row = ledger.one("SELECT id, seq, hash, recorded_at FROM entries ORDER BY seq DESC LIMIT 1")
    if row is None:
        return None
    count = int(ledger.scalar("SELECT COUNT(*) FROM entries"))
    return Head(str(row[0]), int(row[1]), str(row[2]), str(row[3]), count)


def verify(ledger: Ledger, expected_heads: Sequence[tuple[str, str]] = ()) -> list[Problem]:
    """Every problem found in the ledger, check by check; empty when all holds.

    ``expected_heads`` are (entry id, hash or hash prefix) pairs written down earlier from
    ``reliefctl head``; each must still be in the ledger with that hash. A check that cannot run
    (the storage fails under it) is itself reported as a problem, and the others still run.
    """
    with ledger.snapshot():
        return _Verifier(ledger).run(expected_heads)


@dataclass
class _Walk:
    """Where the streamed walk is: the entry before, and what it has learnt so far."""

    previous_hash: str = GENESIS_HASH
    previous_id: str | None = None
    previous_seq: int = 0
    intact: bool = True
    #: Last number and id seen per kind.
    numbers: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: Voided entry id -> the void that reversed it.
    voided: dict[str, str] = field(default_factory=dict)
    #: Item books replayed in recording order.
    books: dict[int, ItemBook] = field(default_factory=dict)
    #: Per (item, location): quantity per date, replayed in recording order (for counts).
    places: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    #: Items recorded so far (ids), and kits with their recipes (component id -> qty).
    items: set[int] = field(default_factory=set)
    kits: dict[int, dict[int, int]] = field(default_factory=dict)


class _Verifier:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.problems: list[Problem] = []
        self._master: MasterData | None = None
        #: Item books replayed in recording order by the walk (None if the walk failed).
        self.replayed: dict[int, ItemBook] | None = None
        #: Per item: the first shipment line whose stored value differs, and how many do.
        self.mismatches: dict[int, tuple[Problem, int]] = {}

    @property
    def master(self) -> MasterData:
        if self._master is None:
            self._master = MasterData(self.ledger)
        return self._master

    def add(self, where: str, check: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(where, check, code, params))

    def run(self, expected_heads: Sequence[tuple[str, str]]) -> list[Problem]:
        steps: list[tuple[str, Callable[[], None]]] = []
        if self.ledger.dialect == "sqlite":
            steps.append(("integrity", self.check_integrity))
        steps += [
            ("triggers", self.check_triggers),
            ("chain", self.walk),
            ("foreign-key", self.check_foreign_keys),
            ("stock", self.check_stock_and_value),
            ("stock", self.check_locations),
            ("valuation", self.check_identity),
            ("funds", self.check_funds),
            ("packs", self.check_packs),
        ]
        if expected_heads:
            steps.append(("head", lambda: self.check_heads(expected_heads)))
        for name, step in steps:
            try:
                step()
            except StorageError as exc:
                self.add("ledger", name, "verify.incomplete", reason=exc)
            except DATA_ERRORS as exc:
                self.add("ledger", name, "verify.incomplete", reason=_wrong_type(exc))
        return self.problems

    # --- storage ---------------------------------------------------------------------------

    def check_integrity(self) -> None:
        rows = self.ledger.query("PRAGMA integrity_check")
        messages = [str(row[0]) for row in rows]
        if messages != ["ok"]:
            for message in messages:
                self.add("ledger", "integrity", "verify.integrity", detail=message)

    def check_foreign_keys(self) -> None:
        if self.ledger.dialect == "sqlite":
            for table, rowid, parent, _fkid in self.ledger.query("PRAGMA foreign_key_check"):
                owner = self._owner(str(table), rowid)
                self.add(owner, "foreign-key", "verify.fk_row", table=table, parent=parent)
            return
        for table, column, parent, parent_column in FOREIGN_KEYS:
            owner = "entry_id" if "entry_id" in TABLES[table]["columns"] else "id"
            for entry_id, value in self.ledger.query(
                f"SELECT t.{owner}, t.{column} FROM {table} t LEFT JOIN {parent} p "
                f"ON p.{parent_column} = t.{column} "
                f"WHERE t.{column} IS NOT NULL AND p.{parent_column} IS NULL"
            ):
                self.add(
                    str(entry_id),
                    "foreign-key",
                    "verify.fk_value",
                    table=table,
                    column=column,
                    value=value,
                    parent=parent,
                )

    def _owner(self, table: str, rowid: Any) -> str:
        if rowid is None or table not in ENTRY_ROW_TABLES:
            return "ledger"
        found = self.ledger.scalar(f"SELECT entry_id FROM {table} WHERE rowid = ?", (rowid,))
        return "ledger" if found is None else str(found)

    def check_triggers(self) -> None:
        if self.ledger.dialect == "sqlite":
            # Exactly the statements ``init`` ran (a trigger rewritten to do nothing is caught),
            # compared without regard to case and spacing.
            def norm(sql: object) -> str:
                return " ".join(str(sql or "").lower().split())

            expected = {
                statement.split()[2]: norm(statement)
                for statement in DDL["sqlite"]
                if statement.startswith("CREATE TRIGGER")
            }
            found = {
                str(name): norm(sql)
                for name, sql in self.ledger.query(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                )
            }
            for name, sql in expected.items():
                if found.get(name) != sql:
                    table, action = name.rsplit("_no_", 1)
                    self.add(
                        "ledger",
                        "triggers",
                        "verify.trigger_altered",
                        name=name,
                        action=action.upper(),
                        table=table,
                    )
            return
        body = str(
            self.ledger.scalar(
                "SELECT prosrc FROM pg_proc WHERE oid = to_regproc('reliefctl_append_only')"
            )
            or ""
        )
        if "raise exception" not in body.lower():
            self.add("ledger", "triggers", "verify.trigger_function")
        for table in LEDGER_TABLES:
            enabled = {
                str(name): str(state)
                for name, state in self.ledger.query(
                    "SELECT tgname, tgenabled FROM pg_trigger "
                    "WHERE tgrelid = to_regclass(?) AND NOT tgisinternal",
                    (table,),
                )
            }
            for name in (f"{table}_append_only", f"{table}_no_truncate"):
                if enabled.get(name, "D") == "D":
                    self.add(
                        "ledger", "triggers", "verify.trigger_disabled", name=name, table=table
                    )

    # --- the streamed walk: chain, sequence, valuation replay, voids ---------------------------

    def _chunks(
        self,
    ) -> Iterator[list[tuple[dict[str, Any], str, dict[str, list[dict[str, Any]]]]]]:
        """Entries in seq order, a chunk at a time, each with its stored hash and its rows."""
        header_sql = f"SELECT {', '.join(ENTRY_FIELDS)}, hash FROM entries"
        last: int | None = None
        while True:
            if last is None:
                rows = self.ledger.query(f"{header_sql} ORDER BY seq LIMIT ?", (CHUNK,))
            else:
                rows = self.ledger.query(
                    f"{header_sql} WHERE seq > ? ORDER BY seq LIMIT ?", (last, CHUNK)
                )
            if not rows:
                return
            first_seq, last = int(rows[0][0]), int(rows[-1][0])
            by_seq: dict[int, dict[str, list[dict[str, Any]]]] = {}
            for table, (columns, order) in ENTRY_ROW_TABLES.items():
                selected = ", ".join(f"t.{column}" for column in columns)
                ordering = ", ".join(f"t.{column}" for column in order)
                for values in self.ledger.query(
                    f"SELECT e.seq, {selected} FROM {table} t JOIN entries e "
                    f"ON e.id = t.entry_id WHERE e.seq >= ? AND e.seq <= ? "
                    f"ORDER BY e.seq, {ordering}",
                    (first_seq, last),
                ):
                    row = dict(zip(columns, values[1:], strict=True))
                    by_seq.setdefault(int(values[0]), {}).setdefault(table, []).append(row)
            yield [
                (
                    dict(zip(ENTRY_FIELDS, values[:-1], strict=True)),
                    str(values[-1]),
                    by_seq.get(int(values[0]), {}),
                )
                for values in rows
            ]

    def walk(self) -> None:
        walk = _Walk()
        for chunk in self._chunks():
            for header, stored, rows in chunk:
                self._check_link(walk, header, stored, rows)
                try:
                    self._check_entry(walk, header, rows)
                except DATA_ERRORS as exc:
                    self.add(
                        str(header["id"]),
                        "entries",
                        "verify.wrong_type_entry",
                        reason=_wrong_type(exc),
                    )
        self.replayed = walk.books
        for _item_id, (problem, count) in sorted(self.mismatches.items()):
            more = count - 1
            tail = Phrase("verify.more_lines", count=more) if more else ""
            self.problems.append(
                Problem(
                    problem.where, problem.check, problem.code, {**problem.params, "more": tail}
                )
            )

    def _check_entry(
        self, walk: _Walk, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
    ) -> None:
        """Everything but the chain link: numbering, shape, valuation, voids."""
        self._check_sequence(walk, header)
        kind = str(header["kind"])
        walk.items.update(int(item["id"]) for item in rows.get("items", ()))
        extra = sorted(set(rows) - ALLOWED_ROWS.get(kind, frozenset()))
        if extra:
            self.add(str(header["id"]), "entries", "verify.extra_rows", kind=kind, tables=extra)
        self._replay(header, rows, walk.books)
        self._replay_places(header, rows, walk.places)
        if kind == "V":
            self._check_void(header, rows, walk.voided)
        elif kind == "L":
            self._check_settings(header, rows)
        elif kind in ("S", "G") and rows.get("recipient_lines"):
            self._check_recipients(header, rows)
        elif kind == "M" and rows.get("kit_components"):
            self._check_kit(header, rows, walk)
        elif kind in ("A", "D"):
            self._check_assembly(header, rows, walk)

    def _check_recipients(
        self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
    ) -> None:
        """A list's lines (issue 16): each a person once (+1), the list and its person-times on
        the first line, every person in one entry once, and a grant's amount exactly the sum of
        its lines' amounts when they give amounts."""
        entry_id = str(header["id"])
        lines = rows["recipient_lines"]
        shape = all(
            int(line["persons"]) == 1 and int(line["lists"]) == (1 if index == 0 else 0)
            for index, line in enumerate(lines)
        ) and all(int(line["people"]) == 0 for line in lines[1:])
        if not shape or len({line["person_hash"] for line in lines}) != len(lines):
            self.add(entry_id, "recipients", "verify.recipients_shape", count=len(lines))
        if header["kind"] != "G":
            return
        amounts = [line["amount_fen"] for line in lines]
        (grant,) = rows.get("grants", [{"amount_fen": None}])[:1] or [{"amount_fen": None}]
        if any(amount is not None for amount in amounts):
            total = sum(int(amount or 0) for amount in amounts)
            if None in amounts or grant["amount_fen"] != total:
                self.add(
                    entry_id,
                    "recipients",
                    "verify.recipients_sum",
                    amount=grant["amount_fen"],
                    total=total,
                )

    def _check_link(
        self, walk: _Walk, header: dict[str, Any], stored: str, rows: dict[str, list[Any]]
    ) -> None:
        entry_id = str(header["id"])
        link_ok = header["prev_hash"] == walk.previous_hash
        try:
            content_ok = entry_hash(header, rows) == stored
        except TypeError:  # a value posting never writes (a blob): changed behind our back
            content_ok = False
        lead: Term | str = Term("verify.first_break") if walk.intact else ""
        if not content_ok:
            self.add(entry_id, "chain", "verify.content", lead=lead)
            lead = ""
        if not link_ok:
            before = walk.previous_id or Term("verify.start")
            self.add(entry_id, "chain", "verify.link", lead=lead, before=before)
        walk.intact = walk.intact and link_ok and content_ok
        walk.previous_hash, walk.previous_id = stored, entry_id

    def _check_sequence(self, walk: _Walk, header: dict[str, Any]) -> None:
        """seq runs 1, 2, 3 ...; each kind's numbers too; the id is the kind and number."""
        entry_id, seq = str(header["id"]), int(header["seq"])
        gone = seq - walk.previous_seq - 1
        if gone > 0:
            self.add(
                entry_id,
                "sequence",
                "verify.seq_gap",
                count=gone,
                first=walk.previous_seq + 1,
                last=seq - 1,
            )
        walk.previous_seq = seq
        kind, number = str(header["kind"]), int(header["kind_no"])
        if entry_id != f"{kind}-{number:06d}":
            self.add(entry_id, "sequence", "verify.id_mismatch", number=number)
        last, last_id = walk.numbers.get(kind, (0, ""))
        if number > last + 1:
            missing: str | Phrase = f"{kind}-{last + 1:06d}"
            if number > last + 2:
                missing = Phrase("verify.range", first=missing, last=f"{kind}-{number - 1:06d}")
            after = Phrase("verify.after", entry=last_id) if last_id else Term("verify.at_start")
            self.add(entry_id, "sequence", "verify.number_missing", missing=missing, after=after)
        if number <= last:
            self.add(entry_id, "sequence", "verify.number_backwards", after=last_id)
        else:
            walk.numbers[kind] = (number, entry_id)

    def _replay(
        self,
        header: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]],
        books: dict[int, ItemBook],
    ) -> None:
        """Apply an entry to the item books as posting did, checking each shipment line's value."""
        for row in rows.get("purchases", ()):
            book = self._book(books, int(row["item_id"]))
            book.qty_on_hand += int(row["qty"])
            book.value_on_hand += int(row["total_fen"])
        for row in rows.get("shipment_lines", ()):
            item_id = int(row["item_id"])
            book = self._book(books, item_id)
            qty, value = int(row["qty"]), int(row["value_fen"])
            if header["kind"] == "S" and qty > 0:
                # Exactly what posting stored: the same function on the same book.
                expected = value_out(book, qty)
                if expected != value:
                    first, count = self.mismatches.get(item_id, (None, 0))
                    self.mismatches[item_id] = (
                        first
                        or Problem(
                            str(header["id"]),
                            "valuation",
                            "verify.line_value",
                            {
                                "line": row["line_no"],
                                "item": book.name,
                                "qty": qty,
                                "value": value,
                                "expected": expected,
                                "more": "",
                            },
                        ),
                        count + 1,
                    )
            book.qty_on_hand -= qty
            book.value_on_hand -= value
        for row in rows.get("receipts", ()):
            if row["source"] != "return":  # a return moves stock by its shipment lines
                book = self._book(books, int(row["item_id"]))
                book.qty_on_hand += int(row["qty"])
                book.value_on_hand += int(row["value_fen"])
        for row in rows.get("writeoff_lines", ()):
            book = self._book(books, int(row["item_id"]))
            qty, value = int(row["qty"]), int(row["value_fen"])
            if header["kind"] == "W":
                self._check_value(header, row, book, value, value_out(book, qty))
            book.qty_on_hand -= qty
            book.value_on_hand -= value
        for row in rows.get("count_lines", ()):
            book = self._book(books, int(row["item_id"]))
            qty, value = int(row["qty"]), int(row["value_fen"])
            if header["kind"] == "C":
                if qty > 0 and book.qty_on_hand > 0:
                    # A gain enters at the average cost (independently of posting's code).
                    expected = (2 * book.value_on_hand * qty + book.qty_on_hand) // (
                        2 * book.qty_on_hand
                    )
                elif qty > 0:
                    expected = 0
                else:
                    expected = -value_out(book, -qty) if qty else 0
                self._check_value(header, row, book, value, expected)
            book.qty_on_hand += qty
            book.value_on_hand += value
        self._replay_assembly(header, rows, books)

    def _replay_assembly(
        self,
        header: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]],
        books: dict[int, ItemBook],
    ) -> None:
        """An assembly's or disassembly's lines applied to the books. What an entry takes out
        (an assembly's components, a disassembly's kits) must leave at the average cost of
        the moment, computed here as posting does."""
        lines = rows.get("assembly_lines", ())
        kind = header["kind"]
        for line in lines:
            qty, value = int(line["qty"]), int(line["value_fen"])
            book = self._book(books, int(line["item_id"]))
            if kind in ("A", "D") and qty < 0:
                self._check_value(header, line, book, value, -value_out(book, -qty))
        for line in lines:
            book = self._book(books, int(line["item_id"]))
            book.qty_on_hand += int(line["qty"])
            book.value_on_hand += int(line["value_fen"])

    def _check_kit(
        self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]], walk: _Walk
    ) -> None:
        """A kit's master data: the kit is an item of the same entry, every component an item
        recorded before it that is not a kit, each once, each above 0."""
        entry_id = str(header["id"])
        made = {int(item["id"]) for item in rows.get("items", ())}
        seen: set[tuple[int, int]] = set()
        for line in rows.get("kit_components", ()):
            kit_id, component_id = int(line["kit_id"]), int(line["component_id"])
            problem = ""
            if kit_id not in made:
                problem = "verify.kit_not_new"
            elif component_id in walk.kits or component_id in made:
                problem = "verify.kit_nested"
            elif component_id not in walk.items:
                problem = "verify.kit_unknown_component"
            elif int(line["qty"]) <= 0 or (kit_id, component_id) in seen:
                problem = "verify.kit_component_qty"
            seen.add((kit_id, component_id))
            if problem:
                self.add(entry_id, "kits", problem, line=line["line_no"])
            walk.kits.setdefault(kit_id, {})[component_id] = int(line["qty"])

    def _check_assembly(
        self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]], walk: _Walk
    ) -> None:
        """One kit line and one line per component of its recipe, quantities the recipe times
        the kits, on one date and location, signed as the kind says, and the value identity:
        the lines sum to 0 fen (value out of components = value into kits)."""
        entry_id = str(header["id"])
        lines = rows.get("assembly_lines", [])
        kits = [line for line in lines if line["role"] == "kit"]
        parts = [line for line in lines if line["role"] != "kit"]
        sign = 1 if header["kind"] == "A" else -1
        shape_ok = len(kits) == 1 and all(line["role"] == "component" for line in parts)
        if shape_ok:
            kit = kits[0]
            recipe = walk.kits.get(int(kit["item_id"]))
            count = int(kit["qty"]) * sign
            shape_ok = (
                recipe is not None
                and count > 0
                and {int(line["item_id"]): -sign * int(line["qty"]) for line in parts}
                == {item: per * count for item, per in recipe.items()}
                and len(parts) == len(recipe)
                and len({(line["date"], line["location_id"]) for line in lines}) == 1
            )
        if not shape_ok:
            self.add(entry_id, "kits", "verify.assembly_shape")
            return
        total = sum(int(line["value_fen"]) for line in lines)
        if total != 0:
            self.add(entry_id, "kits", "verify.assembly_value", difference=total)

    def _check_value(
        self, header: dict[str, Any], row: dict[str, Any], book: ItemBook, value: int, expected: int
    ) -> None:
        """A write-off's or count's line value against the average cost when it was recorded."""
        if expected == value:
            return
        item_id = int(row["item_id"])
        first, count = self.mismatches.get(item_id, (None, 0))
        self.mismatches[item_id] = (
            first
            or Problem(
                str(header["id"]),
                "valuation",
                "verify.line_value",
                {
                    "line": row["line_no"],
                    "item": book.name,
                    "qty": row["qty"],
                    "value": value,
                    "expected": expected,
                    "more": "",
                },
            ),
            count + 1,
        )

    def _replay_places(
        self,
        header: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]],
        places: dict[tuple[int, int], dict[str, int]],
    ) -> None:
        """Per location, in recording order; a count's book quantity must be what the location
        held at that moment (everything dated on or before the count's date)."""

        def add(item: Any, location: Any, day: Any, qty: int) -> None:
            key = (int(item), 1 if location is None else int(location))
            dates = places.setdefault(key, {})
            dates[str(day)] = dates.get(str(day), 0) + qty

        for row in rows.get("purchases", ()):
            add(row["item_id"], row.get("location_id"), row["date"], int(row["qty"]))
        for row in rows.get("shipment_lines", ()):
            add(row["item_id"], row.get("location_id"), row["date"], -int(row["qty"]))
        for row in rows.get("receipts", ()):
            if row["source"] != "return":
                add(row["item_id"], row["location_id"], row["date"], int(row["qty"]))
        for row in rows.get("transfer_lines", ()):
            add(row["item_id"], row["from_location_id"], row["date"], -int(row["qty"]))
            add(row["item_id"], row["to_location_id"], row["date"], int(row["qty"]))
        for row in rows.get("writeoff_lines", ()):
            add(row["item_id"], row["location_id"], row["date"], -int(row["qty"]))
        for row in rows.get("assembly_lines", ()):
            add(row["item_id"], row["location_id"], row["date"], int(row["qty"]))
        for row in rows.get("count_lines", ()):
            key = (int(row["item_id"]), int(row["location_id"]))
            if header["kind"] == "C":
                held = sum(q for d, q in places.get(key, {}).items() if d <= str(row["date"]))
                if held != int(row["book_qty"]) or int(row["qty"]) != int(row["counted_qty"]) - int(
                    row["book_qty"]
                ):
                    self.add(
                        str(header["id"]),
                        "stock",
                        "verify.count_book",
                        line=row["line_no"],
                        book=row["book_qty"],
                        held=held,
                        counted=row["counted_qty"],
                        qty=row["qty"],
                    )
            add(row["item_id"], row["location_id"], row["date"], int(row["qty"]))

    def _book(self, books: dict[int, ItemBook], item_id: int) -> ItemBook:
        if item_id not in books:
            names = {iid: name for name, (iid, _unit) in self.master.items.items()}
            books[item_id] = ItemBook(item_id, names.get(item_id, f"item #{item_id}"), "")
        return books[item_id]

    def _check_void(
        self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]], voided: dict[str, str]
    ) -> None:
        void_id = str(header["id"])
        links = rows.get("voids", [])
        if len(links) != 1:
            self.add(void_id, "voids", "verify.void_links", count=len(links))
            return
        target = str(links[0]["voided_entry_id"])
        found = self.ledger.one("SELECT kind, seq FROM entries WHERE id = ?", (target,))
        if found is None:
            self.add(void_id, "voids", "verify.void_missing", target=target)
            return
        kind, seq = str(found[0]), int(found[1])
        if target in voided:
            self.add(void_id, "voids", "verify.void_twice", target=target, by=voided[target])
        else:
            voided[target] = void_id
        if kind not in REVERSED:
            what = Term(
                {"V": "verify.a_void", "L": "verify.a_setting"}.get(kind, "verify.a_master_entry")
            )
            self.add(void_id, "voids", "verify.void_kind", target=target, what=what)
            return
        if seq >= int(header["seq"]):
            self.add(void_id, "voids", "verify.void_later", target=target)
        tables = REVERSED[kind]
        others = sorted(set(rows) - {"voids"} - {table for table, _signed in tables})
        for table, signed in tables:
            columns = ENTRY_ROW_TABLES[table][0]
            ordering = ", ".join(ENTRY_ROW_TABLES[table][1])
            original = [
                dict(zip(columns, values, strict=True))
                for values in self.ledger.query(
                    f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? "
                    f"ORDER BY {ordering}",
                    (target,),
                )
            ]
            if not original and len(tables) > 1:
                if rows.get(table):
                    others.append(table)
                continue
            mirror = [
                {
                    column: void_id
                    if column == "entry_id"
                    else (
                        -row[column]
                        if column in signed and row[column] is not None
                        else row[column]
                    )
                    for column in columns
                }
                for row in original
            ]
            if rows.get(table, []) != mirror or others:
                also = Phrase("verify.no_rows_of", tables=sorted(others)) if others else ""
                self.add(
                    void_id,
                    "voids",
                    "verify.void_mirror",
                    target=target,
                    count=len(mirror),
                    table=table,
                    also=also,
                )
                return

    def _check_settings(
        self, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
    ) -> None:
        """A setting entry sets at least one known setting, each to a value it can hold."""
        entry_id = str(header["id"])
        found = rows.get("settings", [])
        if not found:
            self.add(entry_id, "settings", "verify.setting_empty")
        for setting_row in found:
            name, value = str(setting_row["name"]), str(setting_row["value"])
            known = SETTINGS.get(name)
            if known is None:
                self.add(entry_id, "settings", "verify.setting_unknown", name=name)
                continue
            try:
                known.parse(value, name)
            except InputError as exc:
                self.add(entry_id, "settings", "verify.setting_value", error=exc)
                continue
            if name == LOCATION.name and text_key(value) not in self.master.locations:
                self.add(entry_id, "settings", "verify.setting_location", location=value)

    # --- totals ----------------------------------------------------------------------------

    def check_stock_and_value(self) -> None:
        known = [iid for iid, _unit in self.master.items.values()]
        books = load_item_books(self.ledger, self.master, known)
        for item_id, book in sorted(books.items()):
            where = f"item {book.name}"
            running = 0
            for day in book.dates:
                running += book.deltas[day]
                if running < 0:
                    self.add(
                        where,
                        "stock",
                        "verify.stock_negative",
                        day=day,
                        qty=running,
                        unit=book.unit,
                    )
                    break
            if book.qty_on_hand == 0 and book.value_on_hand != 0:
                self.add(where, "valuation", "verify.value_left", value=book.value_on_hand)
            elif book.value_on_hand < 0:
                self.add(where, "valuation", "verify.value_negative", value=book.value_on_hand)
            if self.replayed is None:
                continue
            walked = self.replayed.get(item_id) or ItemBook(item_id, book.name, book.unit)
            if (walked.qty_on_hand, walked.value_on_hand) != (book.qty_on_hand, book.value_on_hand):
                self.add(
                    where,
                    "valuation",
                    "verify.replay_differs",
                    qty=book.qty_on_hand,
                    unit=book.unit,
                    value=book.value_on_hand,
                    walked_qty=walked.qty_on_hand,
                    walked_value=walked.value_on_hand,
                )

    def check_locations(self) -> None:
        """No item's stock at any location is negative at the end of any date."""
        names = self.master.location_names
        running: dict[tuple[int, int], int] = {}
        flagged: set[tuple[int, int]] = set()
        for item_id, location_id, day, qty in self.ledger.query(
            f"SELECT item_id, location_id, date, SUM(qty) FROM ({_LOCATION_MOVES}) AS moves "
            "GROUP BY item_id, location_id, date ORDER BY item_id, location_id, date"
        ):
            key = (int(item_id), int(location_id))
            running[key] = running.get(key, 0) + int(qty)
            if running[key] < 0 and key not in flagged:
                flagged.add(key)
                self.add(
                    f"item {self.master.item_names.get(key[0], key[0])}",
                    "stock",
                    "verify.stock_negative_at",
                    location=names.get(key[1], f"#{key[1]}"),
                    day=day,
                    qty=running[key],
                    unit=self.master.item_unit_of(key[0]),
                )

    def check_packs(self) -> None:
        """Every pack is sound master data (a size of at least 1, a name that holds no digit,
        reads back after a number, is stored with its key and is not its item's unit), and
        every line that keeps a quantity as written in packs (``qty_text``) stores as its base
        quantity exactly what that text is in the item's packs: ``545箱`` of a 箱 of 240 is
        130,800. The text is read with the parser the commands use (it defines what a text
        means); the sizes are the ones stored, which no entry can change."""
        master = self.master
        for item_id, packs in sorted(master.packs.items()):
            item = master.item_names.get(item_id, f"#{item_id}")
            unit = master.item_unit_of(item_id)
            for _key, (_pack_id, name, size) in sorted(packs.items()):
                where = f"item {item}"
                if size < 1:
                    self.add(where, "packs", "verify.pack_size", pack=name, size=size)
                try:
                    check_pack_name(name, "pack")
                except InputError as exc:
                    self.add(where, "packs", "verify.pack_name", pack=name, error=exc)
                if text_key(name) == text_key(unit):
                    self.add(where, "packs", "verify.pack_is_unit", pack=name, unit=unit)
        keys = self.ledger.query("SELECT id, name, name_key FROM item_packs ORDER BY id")
        for pack_id, name, key in keys:
            if key != text_key(str(name)):
                self.add("ledger", "packs", "verify.pack_key", pack=name, id=pack_id)
        for table, column in _PACKED_LINES:
            for entry_id, item_id, qty, text in self.ledger.query(
                f"SELECT entry_id, item_id, {column}, qty_text FROM {table} "
                "WHERE qty_text IS NOT NULL ORDER BY entry_id"
            ):
                self._check_packed_line(str(entry_id), table, int(item_id), int(qty), str(text))

    def _check_packed_line(
        self, entry_id: str, table: str, item_id: int, qty: int, text: str
    ) -> None:
        master = self.master
        unit = master.item_unit_of(item_id)
        try:
            written = parse_counted(text, "qty", allow_zero=True)
            base = (
                written
                if isinstance(written, int)
                else written.base(
                    unit, master.item_names.get(item_id, ""), master.pack_sizes(item_id)
                )
            )
        except ReliefError as exc:
            self.add(entry_id, "packs", "verify.pack_text", table=table, text=text, error=exc)
            return
        if base != abs(qty):
            self.add(
                entry_id,
                "packs",
                "verify.pack_line",
                table=table,
                text=text,
                base=base,
                unit=unit,
                qty=abs(qty),
            )

    def check_identity(self) -> None:
        """Per item, to the fen: purchases + receipts + count gains = delivered + written off +
        count losses + on hand, the figures summed from the fact tables here and on hand taken
        from the walk's replay in recording order."""
        if self.replayed is None:
            return
        sides: dict[int, dict[str, tuple[int, int]]] = {}
        for figure, table, qty, value, where in (*_IDENTITY_IN, *_IDENTITY_OUT):
            condition = f" WHERE {where}" if where else ""
            for item_id, total_qty, total_value in self.ledger.query(
                f"SELECT item_id, SUM({qty}), SUM({value}) FROM {table}{condition} GROUP BY item_id"
            ):
                sides.setdefault(int(item_id), {})[figure] = (
                    int(total_qty or 0),
                    int(total_value or 0),
                )
        for item_id in sorted(set(sides) | set(self.replayed)):
            figures = sides.get(item_id, {})
            walked = self.replayed.get(item_id)
            on_hand = (0, 0) if walked is None else (walked.qty_on_hand, walked.value_on_hand)
            for index in (0, 1):
                came = sum(figures.get(f, (0, 0))[index] for f, *_ in _IDENTITY_IN)
                went = sum(figures.get(f, (0, 0))[index] for f, *_ in _IDENTITY_OUT)
                if came != went + on_hand[index]:
                    self.add(
                        f"item {self.master.item_names.get(item_id, item_id)}",
                        "valuation",
                        "verify.identity",
                        what=Term("verify.identity_value" if index else "verify.identity_qty"),
                        came=came,
                        went=went,
                        on_hand=on_hand[index],
                    )

    def check_funds(self) -> None:
        """Per fund, in date order: allocations (undated first) minus purchases and grants
        never below zero. Independent of ``books``: its own queries and its own running sum."""
        names = dict(self.master.fund_names)
        changes: dict[int, dict[str, int]] = {}
        for sql in (
            "SELECT fund_id, '', SUM(amount_fen) FROM fund_budgets GROUP BY fund_id",
            "SELECT fund_id, COALESCE(date, ''), SUM(amount_fen) FROM allocations "
            "GROUP BY fund_id, COALESCE(date, '')",
            "SELECT fund_id, date, -SUM(total_fen) FROM purchases WHERE fund_id IS NOT NULL "
            "GROUP BY fund_id, date",
            "SELECT fund_id, date, -SUM(amount_fen) FROM grants WHERE fund_id IS NOT NULL "
            "GROUP BY fund_id, date",
        ):
            for fund_id, day, amount in self.ledger.query(sql):
                per_day = changes.setdefault(int(fund_id), {})
                per_day[str(day)] = per_day.get(str(day), 0) + int(amount or 0)
        for fund_id, per_day in sorted(changes.items()):
            running = 0
            for day in sorted(per_day):
                running += per_day[day]
                if running < 0:
                    self.add(
                        f"fund {names.get(fund_id, f'#{fund_id}')}",
                        "funds",
                        "verify.fund_overdrawn_on",
                        day=day or Term("fund.beginning"),
                        over=-running,
                    )
                    break

    def check_heads(self, expected: Sequence[tuple[str, str]]) -> None:
        for entry_id, prefix in expected:
            stored = self.ledger.scalar("SELECT hash FROM entries WHERE id = ?", (entry_id,))
            if stored is None:
                self.add(entry_id, "head", "verify.head_gone")
            elif not str(stored).startswith(prefix.lower()):
                self.add(entry_id, "head", "verify.head_changed", stored=stored, prefix=prefix)
