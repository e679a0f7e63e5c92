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
* **funds** - no fund has spent more than its budget.
* **valuation** - replaying the ledger in recording order gives every shipment line exactly the
  moving-average value stored on it; per item, value bought - value shipped is the value on
  hand, and zero on hand is worth zero.
* **voids** - each void reverses one real purchase, shipment or grant recorded before it, no
  entry is voided twice, and the reversal rows mirror the original's exactly.
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
from reliefctl.ledger.chain import ENTRY_FIELDS, ENTRY_ROW_TABLES, GENESIS_HASH, entry_hash
from reliefctl.ledger.errors import StorageError
from reliefctl.ledger.parse import format_fen
from reliefctl.ledger.posting import Poster
from reliefctl.ledger.state import ItemBook, MasterData, load_fund_books, load_item_books

#: Every table the append-only triggers guard (``models.LEDGER_TABLES``, without importing the
#: models: verify stays light; ``tests/test_verify.py`` holds the two equal).
LEDGER_TABLES: tuple[str, ...] = ("entries", *ENTRY_ROW_TABLES)

#: Foreign keys of the ledger tables as (table, column, parent table), parent column ``id``.
#: Checked with queries on PostgreSQL; ``tests/test_verify.py`` holds it equal to the models.
FOREIGN_KEYS: tuple[tuple[str, str, str], ...] = (
    ("townships", "entry_id", "entries"),
    ("units", "township_id", "townships"),
    ("units", "entry_id", "entries"),
    ("items", "entry_id", "entries"),
    ("funds", "entry_id", "entries"),
    ("fund_budgets", "entry_id", "entries"),
    ("fund_budgets", "fund_id", "funds"),
    ("batches", "entry_id", "entries"),
    ("beneficiary_groups", "entry_id", "entries"),
    ("purchases", "entry_id", "entries"),
    ("purchases", "item_id", "items"),
    ("purchases", "fund_id", "funds"),
    ("shipment_lines", "entry_id", "entries"),
    ("shipment_lines", "batch_id", "batches"),
    ("shipment_lines", "township_id", "townships"),
    ("shipment_lines", "unit_id", "units"),
    ("shipment_lines", "group_id", "beneficiary_groups"),
    ("shipment_lines", "item_id", "items"),
    ("grants", "entry_id", "entries"),
    ("grants", "township_id", "townships"),
    ("grants", "unit_id", "units"),
    ("grants", "fund_id", "funds"),
    ("grants", "batch_id", "batches"),
    ("grants", "group_id", "beneficiary_groups"),
    ("voids", "entry_id", "entries"),
    ("voids", "voided_entry_id", "entries"),
)

#: Entries read per chunk of the streamed walk.
CHUNK = 2000

#: For each kind a void can reverse: the fact table and the columns whose sign it flips.
REVERSED: dict[str, tuple[str, tuple[str, ...]]] = {
    "P": ("purchases", ("qty", "total_fen")),
    "S": ("shipment_lines", ("qty", "value_fen", "people", "deliveries")),
    "G": ("grants", ("amount_fen", "people", "grants")),
}

#: The only tables whose rows an entry of each kind may carry.
ALLOWED_ROWS: dict[str, frozenset[str]] = {
    "M": frozenset(
        {"townships", "units", "items", "funds", "fund_budgets", "batches", "beneficiary_groups"}
    ),
    "P": frozenset({"purchases"}),
    "S": frozenset({"shipment_lines", "batches", "beneficiary_groups"}),
    "G": frozenset({"grants", "batches", "beneficiary_groups"}),
    "V": frozenset({"voids", "purchases", "shipment_lines", "grants"}),
}


#: What reading a value of the wrong type raises (text in a quantity column, say: SQLite keeps
#: whatever a hand edit stores). Reported as a problem, never a crash.
DATA_ERRORS = (ValueError, TypeError, ArithmeticError)


def _wrong_type(exc: Exception) -> str:
    return f"it holds a value of the wrong type ({type(exc).__name__}: {exc})"


@dataclass(frozen=True)
class Problem:
    """One thing ``verify`` found wrong: where (an entry id, ``item NAME``, ``fund NAME`` or
    ``ledger``), which check, and what is wrong."""

    where: str
    check: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "check": self.check, "message": self.message}

    def __str__(self) -> str:
        return f"{self.where}: {self.check}: {self.message}"


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

    def add(self, where: str, check: str, message: str) -> None:
        self.problems.append(Problem(where, check, message))

    def run(self, expected_heads: Sequence[tuple[str, str]]) -> list[Problem]:
        steps: list[tuple[str, Callable[[], None]]] = []
        if self.ledger.dialect == "sqlite":
            steps.append(("integrity", self.check_integrity))
        steps += [
            ("triggers", self.check_triggers),
            ("chain", self.walk),
            ("foreign-key", self.check_foreign_keys),
            ("stock", self.check_stock_and_value),
            ("funds", self.check_funds),
        ]
        if expected_heads:
            steps.append(("head", lambda: self.check_heads(expected_heads)))
        for name, step in steps:
            try:
                step()
            except StorageError as exc:
                self.add("ledger", name, f"the check could not be completed: {exc.message}")
            except DATA_ERRORS as exc:
                self.add("ledger", name, f"the check could not be completed: {_wrong_type(exc)}")
        return self.problems

    # --- storage ---------------------------------------------------------------------------

    def check_integrity(self) -> None:
        rows = self.ledger.query("PRAGMA integrity_check")
        messages = [str(row[0]) for row in rows]
        if messages != ["ok"]:
            for message in messages:
                self.add("ledger", "integrity", f"SQLite integrity_check: {message}")

    def check_foreign_keys(self) -> None:
        if self.ledger.dialect == "sqlite":
            for table, rowid, parent, _fkid in self.ledger.query("PRAGMA foreign_key_check"):
                owner = self._owner(str(table), rowid)
                self.add(
                    owner,
                    "foreign-key",
                    f"a row of {table} refers to a row of {parent} that does not exist",
                )
            return
        for table, column, parent in FOREIGN_KEYS:
            for entry_id, value in self.ledger.query(
                f"SELECT t.entry_id, t.{column} FROM {table} t LEFT JOIN {parent} p "
                f"ON p.id = t.{column} WHERE t.{column} IS NOT NULL AND p.id IS NULL"
            ):
                self.add(
                    str(entry_id),
                    "foreign-key",
                    f"{table}.{column} = {value!r} refers to no row of {parent}",
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
            from reliefctl.db.schema import ddl_statements

            def norm(sql: object) -> str:
                return " ".join(str(sql or "").lower().split())

            expected = {
                statement.split()[2]: norm(statement)
                for statement in ddl_statements("sqlite")
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
                        f"the append-only trigger {name} is missing or altered: "
                        f"{action.upper()} on {table} is no longer refused",
                    )
            return
        body = str(
            self.ledger.scalar(
                "SELECT prosrc FROM pg_proc WHERE oid = to_regproc('reliefctl_append_only')"
            )
            or ""
        )
        if "raise exception" not in body.lower():
            self.add(
                "ledger",
                "triggers",
                "the function reliefctl_append_only behind the append-only triggers is missing "
                "or no longer raises",
            )
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
                        "ledger",
                        "triggers",
                        f"the append-only trigger {name} on {table} is missing or disabled",
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
                    self.add(str(header["id"]), "entries", _wrong_type(exc))
        self.replayed = walk.books
        for _item_id, (problem, count) in sorted(self.mismatches.items()):
            more = count - 1
            tail = f" (and {more} later line{'s' if more != 1 else ''} of it)" if more else ""
            self.problems.append(Problem(problem.where, problem.check, problem.message + tail))

    def _check_entry(
        self, walk: _Walk, header: dict[str, Any], rows: dict[str, list[dict[str, Any]]]
    ) -> None:
        """Everything but the chain link: numbering, shape, valuation, voids."""
        self._check_sequence(walk, header)
        kind = str(header["kind"])
        extra = sorted(set(rows) - ALLOWED_ROWS.get(kind, frozenset()))
        if extra:
            self.add(
                str(header["id"]),
                "entries",
                f"a {kind} entry carries rows of {', '.join(extra)}, which it cannot",
            )
        self._replay(header, rows, walk.books)
        if kind == "V":
            self._check_void(header, rows, walk.voided)

    def _check_link(
        self, walk: _Walk, header: dict[str, Any], stored: str, rows: dict[str, list[Any]]
    ) -> None:
        entry_id = str(header["id"])
        link_ok = header["prev_hash"] == walk.previous_hash
        try:
            content_ok = entry_hash(header, rows) == stored
        except TypeError:  # a value posting never writes (a blob): changed behind our back
            content_ok = False
        lead = "first break in the chain: " if walk.intact else ""
        if not content_ok:
            self.add(
                entry_id,
                "chain",
                f"{lead}its content no longer matches its hash: a field or row of this entry "
                "was changed, added or removed after it was recorded",
            )
            lead = ""
        if not link_ok:
            before = walk.previous_id or "the start of the ledger"
            self.add(
                entry_id,
                "chain",
                f"{lead}its link (prev_hash) does not match the hash of the entry before it "
                f"({before}): an entry was removed, inserted or rewritten",
            )
        walk.intact = walk.intact and link_ok and content_ok
        walk.previous_hash, walk.previous_id = stored, entry_id

    def _check_sequence(self, walk: _Walk, header: dict[str, Any]) -> None:
        """seq runs 1, 2, 3 ...; each kind's numbers too; the id is the kind and number."""
        entry_id, seq = str(header["id"]), int(header["seq"])
        gone = seq - walk.previous_seq - 1
        if gone > 0:
            what = f"seq {seq - 1}" if gone == 1 else f"seq {walk.previous_seq + 1} to {seq - 1}"
            plural = "entry" if gone == 1 else "entries"
            self.add(entry_id, "sequence", f"{gone} {plural} missing before it ({what})")
        walk.previous_seq = seq
        kind, number = str(header["kind"]), int(header["kind_no"])
        if entry_id != f"{kind}-{number:06d}":
            self.add(entry_id, "sequence", f"its id does not match its kind and number {number}")
        last, last_id = walk.numbers.get(kind, (0, ""))
        if number > last + 1:
            missing = f"{kind}-{last + 1:06d}"
            if number > last + 2:
                missing += f" to {kind}-{number - 1:06d}"
            after = f"after {last_id}" if last_id else "at the start"
            self.add(entry_id, "sequence", f"entry {missing} is missing ({after})")
        if number <= last:
            self.add(entry_id, "sequence", f"its number repeats or runs backwards after {last_id}")
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
                expected = Poster._value_out(book, qty)
                if expected != value:
                    first, count = self.mismatches.get(item_id, (None, 0))
                    self.mismatches[item_id] = (
                        first
                        or Problem(
                            str(header["id"]),
                            "valuation",
                            f"line {row['line_no']} ({book.name} ×{qty:,}) is valued "
                            f"{format_fen(value)} 元, but the moving-average cost when it was "
                            f"recorded was {format_fen(expected)} 元",
                        ),
                        count + 1,
                    )
            book.qty_on_hand -= qty
            book.value_on_hand -= value

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
            self.add(void_id, "voids", f"a void must link to one entry; it links to {len(links)}")
            return
        target = str(links[0]["voided_entry_id"])
        found = self.ledger.one("SELECT kind, seq FROM entries WHERE id = ?", (target,))
        if found is None:
            self.add(void_id, "voids", f"it voids {target}, which is not in the ledger")
            return
        kind, seq = str(found[0]), int(found[1])
        if target in voided:
            self.add(void_id, "voids", f"{target} was already voided by {voided[target]}")
        else:
            voided[target] = void_id
        if kind not in REVERSED:
            what = "a void" if kind == "V" else "a master-data entry"
            self.add(void_id, "voids", f"it voids {target}, which is {what} and cannot be voided")
            return
        if seq >= int(header["seq"]):
            self.add(void_id, "voids", f"it voids {target}, which was recorded after it")
        table, signed = REVERSED[kind]
        columns = ENTRY_ROW_TABLES[table][0]
        ordering = ", ".join(ENTRY_ROW_TABLES[table][1])
        original = [
            dict(zip(columns, values, strict=True))
            for values in self.ledger.query(
                f"SELECT {', '.join(columns)} FROM {table} WHERE entry_id = ? ORDER BY {ordering}",
                (target,),
            )
        ]
        mirror = [
            {
                column: void_id
                if column == "entry_id"
                else (-row[column] if column in signed else row[column])
                for column in columns
            }
            for row in original
        ]
        others = sorted(set(rows) - {"voids", table})
        if rows.get(table, []) != mirror or others:
            self.add(
                void_id,
                "voids",
                f"its reversal rows do not mirror {target} exactly "
                f"(expected {len(mirror)} row(s) of {table} with the signs flipped"
                + (f", and no rows of {', '.join(others)})" if others else ")"),
            )

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
                        f"stock on hand at the end of {day} is {running:,} {book.unit} "
                        "(below zero)",
                    )
                    break
            if book.qty_on_hand == 0 and book.value_on_hand != 0:
                self.add(
                    where,
                    "valuation",
                    f"nothing is on hand but a value of {format_fen(book.value_on_hand)} 元 "
                    "remains (value bought - value shipped must be 0)",
                )
            elif book.value_on_hand < 0:
                self.add(
                    where,
                    "valuation",
                    f"the value on hand is negative ({format_fen(book.value_on_hand)} 元)",
                )
            if self.replayed is None:
                continue
            walked = self.replayed.get(item_id) or ItemBook(item_id, book.name, book.unit)
            if (walked.qty_on_hand, walked.value_on_hand) != (book.qty_on_hand, book.value_on_hand):
                self.add(
                    where,
                    "valuation",
                    f"its rows add up to {book.qty_on_hand:,} {book.unit} worth "
                    f"{format_fen(book.value_on_hand)} 元, but replaying its entries gives "
                    f"{walked.qty_on_hand:,} worth {format_fen(walked.value_on_hand)} 元 "
                    "(rows that belong to no entry, or values that are not numbers)",
                )

    def check_funds(self) -> None:
        for book in load_fund_books(self.ledger, self.master, None).values():
            if book.spent > book.budget:
                self.add(
                    f"fund {book.name}",
                    "funds",
                    f"spent {format_fen(book.spent, thousands=True)} 元 of a budget of "
                    f"{format_fen(book.budget, thousands=True)} 元: overdrawn by "
                    f"{format_fen(book.spent - book.budget, thousands=True)} 元",
                )

    def check_heads(self, expected: Sequence[tuple[str, str]]) -> None:
        for entry_id, prefix in expected:
            stored = self.ledger.scalar("SELECT hash FROM entries WHERE id = ?", (entry_id,))
            if stored is None:
                self.add(entry_id, "head", "this entry, written down earlier, is no longer there")
            elif not str(stored).startswith(prefix.lower()):
                self.add(
                    entry_id,
                    "head",
                    f"its hash is now {stored}, not the {prefix} written down: the ledger up to "
                    "this entry was rewritten",
                )
