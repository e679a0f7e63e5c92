"""Every word reliefctl shows: labels, headings, sheet names, entry kinds, and every message.

One table, keyed by a stable id, holding the English text (the gettext message id); the
Chinese is in the catalog (``locale/zh_CN/LC_MESSAGES/reliefctl.po``), translated within the
key as its context, so one English word ("value") can be two Chinese ones (物资价值, 数值).
``T(key, english)`` registers an entry; ``TP(key, singular, plural)`` one with a plural form.
``scripts/catalog`` extracts both with Babel (keywords ``T:1c,2`` and ``TP:1c,2,3``).

* Messages of errors are keyed by the error's ``code`` (``reliefctl.errors``); their
  ``{placeholders}`` are the error's parameters, formatted by ``reliefctl.messages``
  (``{value!q}`` quotes the user's text safely, ``{amount:money}`` is 1,234.56).
* Terms used inside messages, headings and labels have keys by kind: ``noun.``, ``heading.``,
  ``sheet.``, ``kind.``, ``label.``...

Nothing here formats or decides; it only holds words. It sits at the bottom of reliefctl.
"""

from __future__ import annotations

from typing import Final

#: key -> English text (or (singular, plural)).
ENGLISH: Final[dict[str, str]] = {}
PLURALS: Final[dict[str, tuple[str, str, str]]] = {}


def T(key: str, english: str) -> str:
    """Register a vocabulary entry; return its key."""
    if key in ENGLISH and ENGLISH[key] != english:
        raise ValueError(f"vocabulary key {key!r} defined twice")
    ENGLISH[key] = english
    return key


def TP(key: str, singular: str, plural: str, by: str = "count") -> str:
    """Register an entry with a plural form, chosen by the parameter ``by``; return its key."""
    PLURALS[key] = (singular, plural, by)
    return key


# --- numbers --------------------------------------------------------------------------------------

T("number.empty", "is empty: give a number, e.g. {example}")
T(
    "number.foreign_digit",
    "{value!q} uses {char!q} (U+{codepoint}): only ASCII digits 0-9 and full-width "
    "digits ０-９ are accepted, e.g. {example}",
)
T("number.signed", "{value!q} has a sign: {noun} {rule}; write digits without + or -")
T(
    "number.inner_space",
    "{value!q} has a space inside the number: write e.g. 1200 or 1,200, no spaces",
)
T(
    "number.not_a_number",
    "{value!q} is not a number reliefctl accepts: write digits, e.g. {example}",
)
T(
    "number.money_for_count",
    "{value!q} is money, but {noun} are counts: write a whole number, e.g. {example}",
)
T(
    "number.bad_grouping",
    "{value!q} has commas in the wrong places (ambiguous): commas may only separate "
    "groups of three digits, e.g. 1,200,000.50; use '.' for decimals",
)
T(
    "number.too_large",
    "{value!q}{equals} is more than reliefctl accepts for {noun}: at most {bound}; "
    "check for extra digits",
)
T("number.not_whole", "{value!q}{equals} is not a whole number: {noun} are whole numbers")
T(
    "number.fraction_of_fen",
    "{value!q}{equals} has fractions of a fen: {noun} take at most two decimals (fen), "
    "e.g. 12.34; reliefctl does not round",
)
T(
    "number.too_many_decimals",
    "{value!q}{equals} has more than {places} decimals: {noun} take at most {places} "
    "decimals; reliefctl does not round",
)
T("number.zero", "{value!q} is zero: {noun} must be positive (more than 0)")
T("number.equals", " (= {value})")

T("noun.amounts", "amounts")
T("noun.unit_prices", "unit prices")
T("noun.quantities", "quantities")
T("noun.head_counts", "head counts")
T("rule.positive", "must be positive")
T("rule.zero_or_more", "must be 0 or more")
T("example.amounts", "120000, 12万 or ¥1,200.50")
T("example.unit_prices", "12.5, ¥3.456 or 1,200.00")
T("example.quantities", "1200, 1,200 or 12万")
T("example.head_counts", "350, 1,200 or 1.2万")
T("example.date", "2020-12-28")
T("bound.yuan", "{value} yuan")
T("bound.plain", "{value}")

# --- dates ----------------------------------------------------------------------------------------

T(
    "date.forms",
    "write YYYY-MM-DD, e.g. 2020-12-28 (also 2020/12/28, 2020.12.28, 20201228 or 2020年12月28日)",
)
T("date.empty", "is empty: give a date; {forms}")
T("date.not_a_date", "{value!q} is not a date reliefctl reads: {forms}")
T("date.not_calendar", "{value!q} is not a calendar date: check the month and the day")
T("date.too_early", "{value!q} is before {earliest}; check the year")
T(
    "date.future",
    "{value!q} is in the future (today is {today}); record things once they happen",
)
T("period.reversed", "{since} is after {until_field} {until}{consequence}")
T("period.empty_consequence", "; the period would be empty")

# --- names and texts ------------------------------------------------------------------------------

T(
    "text.line_break",
    "{value!q} has a line break (U+{codepoint}) at character {position}: the {what} "
    "must be one line",
)
T(
    "text.invisible",
    "{value!q} contains {character} ({named}) at character {position}: retype the "
    "{what} without it",
)
T("text.empty", "is empty: give the {what} (blank text is not accepted)")
T(
    "text.name_too_long",
    "{value!q} is {length} characters long: names are at most {limit} characters",
)
T(
    "text.too_long",
    "{value!q} is {length} characters long: at most {limit} characters are accepted here",
)
T("what.name", "name")
T("what.text", "text")
T("char.invisible", "an invisible character")
T("char.blank_looking", "a blank-looking character")
T(
    "text.only_marks",
    "{value!q} is only combining marks, which show nothing on their own: type the name itself",
)
T(
    "item_spec.double_equals",
    "{value!q} has '==': write one '=' between the item and the quantity; {help}",
)
T("char.Cc", "a control character")
T("char.Cf", "an invisible formatting character")
T("char.Cs", "a lone surrogate")
T("char.Co", "a private-use character")
T("char.Cn", "an unassigned character")
T("char.Zl", "a line separator")
T("char.Zp", "a paragraph separator")

T("item_spec.help", "give ITEM=QTY, e.g. 暖身贴=120000")
T("item_spec.empty", "is empty: {help}")
T("item_spec.no_equals", "{help}")
T("item_spec.no_name", "{value!q} has no item name before '=': {help}")
T("item_spec.no_quantity", "has no quantity after '=': {help}")

# --- languages ------------------------------------------------------------------------------------

T("lang.unknown", "{value!r} is not a language reliefctl speaks; use en or zh")

# --- ledger settings and the time zone ------------------------------------------------------------

T(
    "tz.unknown",
    "{value!q} is not a time zone reliefctl knows: give an IANA name (Region/City), "
    "e.g. {example}{suggestion}",
)
T("tz.did_you_mean", "; did you mean {name}?")
T(
    "tz.stored_unknown",
    "the ledger's time zone {zone!r} is not in this machine's zone data; update the tzdata "
    "package (pip install -U tzdata), or set another zone with: reliefctl config set tz NAME",
)
T("key.missing", "no person key at {path}; create one with: reliefctl key init (then back it up)")
T("key.malformed", "{path} is not a person key (64 hex digits); restore it from its backup")
T(
    "key.exists",
    "a person key already exists at {path}: it is never overwritten (a new key would make "
    "every person hashed with it unrecognisable); nothing changed",
)
T("key.unwritable", "cannot write the person key at {path}: {reason}")
T(
    "key.mismatch",
    "this ledger's persons are hashed with the key {recorded}, but the person key here is "
    "{found}: use that ledger's key file (RELIEFCTL_PERSON_KEY); nothing was written",
)
T("key.fingerprint_malformed", "{value!q} is not a key fingerprint (16 hex digits)")
T(
    "key.created",
    "created the person key {fingerprint} at {path} (mode 0600); back it up now, apart from "
    "the ledger: without it no list can be added to this ledger's persons",
)
T("key.shown", "person key {fingerprint} at {path}")
T("key.ledger", "this ledger's persons are hashed with {fingerprint}")
T("key.ledger_none", "this ledger has no person key on record yet")
T("person.id_length", "{value!q} has {length} characters: a 身份证号 has 18")
T(
    "person.id_characters",
    "{value!q} is not a 身份证号: 17 digits and a last digit or X",
)
T("person.id_date", "{value!q} holds no valid date of birth (characters 7-14): check the number")
T(
    "person.id_check",
    "{value!q} has a wrong check digit (the last character): a typo? check the number",
)
T("person.phone_malformed", "{value!q} is not a phone number: 7 to 15 digits, e.g. 13800138000")
T(
    "person.staff_needs_employer",
    "a staff number needs its employer in the {employer} column (1001 at two employers is two "
    "people)",
)
T(
    "recipients.no_identifier",
    "gives no identifier: give a 身份证号, a staff number (with its employer) or a phone",
)
T("recipients.twice", "{name} is listed twice (row {first} and this row): list each person once")
T("recipients.amount_missing", "is empty: give every row an amount, or none (use --each)")
T("recipients.empty", "{source} lists nobody: give at least one person")
TP(
    "recipients.rejected",
    "{source}: {rows:,} row has problems ({count:,} in all, listed above); nothing was written",
    "{source}: {rows:,} rows have problems ({count:,} in all, listed above); nothing was written",
    by="rows",
)
TP(
    "recipients.malformed",
    "{source}: {rows:,} row has problems ({count:,} in all, listed above); nothing was written",
    "{source}: {rows:,} rows have problems ({count:,} in all, listed above); nothing was written",
    by="rows",
)
T("recipients.option_needs_list", "needs --recipients FILE: it applies to a list of persons")
T(
    "recipients.each_and_amounts",
    "{source} gives each person an amount: give --each or an amount column, not both",
)
T(
    "recipients.amount_not_sum",
    "{amount:money} yuan is not what the list adds up to ({total:money} yuan for {count:,} "
    "persons): leave --amount out, or correct it",
)
T(
    "recipients.amount_missing_grant",
    "is missing: give --amount, or --each AMOUNT with --recipients",
)
T(
    "recipients.purpose_required",
    "is missing: a grant to a list of persons names its purpose (e.g. --purpose 慰问金), so "
    "nobody receives the same grant twice",
)
T(
    "recipients.people_below",
    "{people:,} is fewer than the {count:,} persons on the list: leave --people out to count them",
)
T(
    "recipients.repeat",
    "{name} already received {purpose!q} in {period} ({entry}){also}: one grant per person "
    "per purpose; if this one is right, give --allow-repeat REASON; nothing was written",
)
T("recipients.repeat_more", ", as did {more:,} more persons on the list")
T("period.batch", "batch {batch}")
T("period.month", "{month}")
T(
    "person.unrecognised",
    "what was read is neither a 身份证号 nor a phone number: give --as staff --employer NAME "
    "for a staff number",
)
T("person.empty", "nothing was read: type the identifier, or pipe it on standard input")
T("person.hash_malformed", "{value!q} is not a person's keyed hash (64 hex digits)")
T(
    "recipients.other_key",
    "was hashed with the person key {found}, not {expected}: persons hashed with another key "
    "cannot be recognised",
)
T("person.as_unknown", "{value!q} is not an identifier type: id, staff or phone")
T("person.prompt", "身份证号, phone or staff number (not shown)")
T("person.none", "no delivery or grant on record reached {identifier}")
T("person.entry", "{entry} {date} {kind} → {place}{batch}{purpose}{amount}: {name}{voided}")
T("person.kind_S", "delivery")
T("person.kind_G", "grant")
T("person.in_batch", ", batch {batch}")
T("person.for", ", {purpose!q}")
T("person.amount", ", {amount:money} 元")
T("person.voided", " [voided by {by}]")
T("setting.unknown", "{value!q} is not a ledger setting; the settings are: {known}")
T("setting.not_on_record", "(none on record)")
T("setting.set", "{entry} recorded: {name} is now {value} (was {before})")
T("setting.set_first", "{entry} recorded: {name} is now {value}")
T("setting.unchanged", "{name} is already {value} ({entry}); nothing recorded")
T("setting.heading.name", "setting")
T("setting.heading.value", "value")
T("setting.heading.entry", "entry")
T("setting.heading.by", "by")
T("setting.heading.at", "recorded at")
T(
    "init.zone",
    "time zone: {zone} ({source}); change it with: reliefctl config set tz NAME",
)
T("init.zone_given", "as given with --tz")
T("init.zone_machine", "this machine's zone")
T("init.zone_fallback", "the default: this machine's zone could not be read")
T("init.exists_zone", "its time zone is {zone}; to change it: reliefctl config set tz {given}")
T(
    "upgrade.zone",
    "recorded {entry}: time zone {zone} ({source}); change it with: reliefctl config set tz NAME",
)
T(
    "upgrade.tz_ignored",
    "--tz is not used: the ledger is current; to change its zone: reliefctl config set tz {zone}",
)

# --- where the ledger is --------------------------------------------------------------------------

T(
    "db.sqlite_url_without_path",
    "sqlite:/// needs a file path, e.g. sqlite:///relief.sqlite",
)
T("db.empty", "is empty: give the ledger's file path or URL (or leave the option out)")
T(
    "db.unsupported_url",
    "unsupported database URL {url!r}: use a file path, sqlite:///PATH or "
    "postgresql+psycopg://USER@HOST/DBNAME",
)
T(
    "db.bad_busy_timeout",
    "{value!r} is not a number of seconds between 0 and 3600 (how long a writer waits "
    "for another; unset it for the default of 30)",
)

# --- storage: SQLite ------------------------------------------------------------------------------

T("storage.missing", "no ledger at {where}; create it with: {init}")
T("storage.empty_file", "{where} is an empty file, not a ledger; create one with: {init}")
T(
    "storage.not_a_ledger",
    "{where} is not a reliefctl ledger (it is some other SQLite database); it was left as it "
    "is — pass the right file with --db",
)
T(
    "storage.not_a_file",
    "{where} is {what}, not a ledger file; it was left as it is — give the ledger's file with "
    "--db (reliefctl init creates a new one where no file is)",
)
T(
    "storage.dangling_link",
    "{where} is a symbolic link to a file that does not exist; reliefctl does not create a "
    "ledger through it — give the real path with --db",
)
T("file_kind.char_device", "a character device")
T("file_kind.block_device", "a block device")
T("file_kind.fifo", "a named pipe (FIFO)")
T("file_kind.socket", "a socket")
T("file_kind.other", "not a regular file")
T("storage.is_folder", "{where} is a directory, not a reliefctl ledger file")
T(
    "storage.damaged",
    "{where} is damaged or not a reliefctl ledger ({detail}); it was left as it is",
)
T("storage.no_version", "{where} has no reliefctl schema version; it was left as it is")
T(
    "storage.too_new",
    "{where} was written by a newer reliefctl (schema {version}, this one knows up to {known}); "
    "upgrade reliefctl — the ledger was not touched",
)
T(
    "storage.too_old",
    "{where} has schema version {version}, older than this reliefctl's {known}; its owner must "
    "run reliefctl upgrade first (nothing was written)",
)
T(
    "storage.busy",
    "the ledger {where} is busy (another reliefctl or program is writing); try again in a moment",
)
T(
    "storage.read_only",
    "the ledger {where} is read-only here (the file or its folder cannot be written): nothing "
    "was written; reading it still works ({detail})",
)
T("storage.disk_full", "cannot write the ledger {where}: the disk is full; nothing was saved")
T(
    "storage.cannot_open",
    "cannot open the ledger {where}: the file or its folder is not accessible (check permissions)",
)
T("storage.append_only", "refused by the ledger: {detail}")
T("storage.constraint", "the ledger refused a write that breaks its constraints: {detail}")
T("storage.failure", "storage error on {where}: {detail}")
T("storage.cannot_create_folder", "cannot create the folder for {where}: {detail}")
T("storage.cannot_create", "cannot create the ledger {where}: {detail}")
T(
    "storage.commit_unknown",
    "the write to {where} may have been recorded: COMMIT did not confirm ({detail}); check "
    "with: reliefctl log{ref_hint} — re-running with the same --ref is safe",
)
T("storage.commit_ref_hint", " --ref {ref}")

# --- storage: PostgreSQL --------------------------------------------------------------------------

T("pg.no_driver", "PostgreSQL needs the psycopg driver: pip install 'reliefctl[postgres]'")
T(
    "pg.wrong_password",
    "PostgreSQL at {server} refused the login of user {user!r}: wrong password (check the "
    "password in --db / RELIEFCTL_DB, PGPASSWORD or ~/.pgpass)",
)
T(
    "pg.no_password",
    "PostgreSQL at {server} wants a password for user {user!r} and none was given (put it in "
    "~/.pgpass or PGPASSWORD, or in the URL)",
)
T("pg.no_role", "PostgreSQL at {server} has no user {user!r}; ask its administrator")
T(
    "pg.no_database",
    "the PostgreSQL database {database!r} does not exist on {server}; create it "
    "(createdb -O {user} {database}), then: {init}",
)
T(
    "pg.unreachable",
    "cannot reach the PostgreSQL server at {server}: connection refused (is it running and "
    "accepting TCP connections from here?)",
)
T("pg.unknown_host", "cannot reach the PostgreSQL server at {server}: unknown host name")
T("pg.timeout", "cannot reach the PostgreSQL server at {server}: no answer within the timeout")
T("pg.connect_failed", "cannot connect to the PostgreSQL ledger {where}: {detail}")
T(
    "pg.busy",
    "the ledger {where} is busy (another reliefctl is writing); try again in a moment",
)
T("pg.no_ledger", "no reliefctl ledger in {where}; create it with: {init}")
T("pg.no_privilege", "the PostgreSQL user {user!r} lacks a privilege on {where}: {detail}")
T("pg.read_only", "the PostgreSQL server of {where} is read-only here: {detail}")
T("pg.disk_full", "cannot write the ledger {where}: the server's disk is full")
T(
    "pg.no_schema",
    "{where}: the search_path names no existing schema to hold the ledger ({detail})",
)
T(
    "pg.connection_lost",
    "lost the connection to the PostgreSQL ledger {where} ({detail}); an unfinished write was "
    "not confirmed — check with: reliefctl log",
)
T(
    "pg.foreign_meta",
    "{where} holds a table 'meta' that is not a reliefctl ledger's; it was left as it is — use "
    "another database or schema",
)
T(
    "pg.meta_not_ours",
    "{where} is not a reliefctl ledger (its 'meta' table belongs to something else); it was "
    "left as it is — use another database or schema",
)
T(
    "pg.tables_clash",
    "{where} already holds tables named like a ledger's ({names}) but is not a reliefctl "
    "ledger; it was left as it is — use an empty database or schema",
)
T(
    "pg.not_utf8",
    "the PostgreSQL database of {where} uses encoding {encoding}; a ledger needs UTF8 "
    "(createdb -E UTF8 -T template0 ...)",
)
T(
    "pg.no_schema_for_init",
    "{where}: the search_path names no existing schema to create the ledger in (create the "
    "schema first, or fix options=-csearch_path=...)",
)

# --- copy -----------------------------------------------------------------------------------------

T("copy.onto_itself", "that is the ledger being copied; name another database")
T(
    "copy.wrong_version",
    "{where} has schema version {version}; this reliefctl copies version {known} only",
)
T(
    "copy.target_initialised",
    "{where} was made by reliefctl init (it holds its settings entry {entry}); a copy keeps "
    "the source's entries, settings included, so it goes where no ledger is yet: a new file, or "
    "an empty PostgreSQL schema (copy creates the ledger there) — nothing was changed",
)
T(
    "copy.target_not_empty",
    "{where} already holds a ledger ({entries:,} entries); copy only into a new or empty ledger "
    "— nothing was changed",
)
T(
    "copy.sequence_gap",
    "{where}: entry {entry} has seq {seq}, expected {expected} (an entry is missing); run "
    "reliefctl verify on it — nothing was copied",
)
T(
    "copy.chain_broken",
    "{where}: the hash chain is broken at {entry} (its prev_hash is not the hash of the entry "
    "before it); run reliefctl verify on it — nothing was copied",
)
T(
    "copy.does_not_verify",
    "the copy in {where} does not verify ({count} problems, first: {first}); run reliefctl "
    "verify on the source ledger",
)

# --- names the ledger does not know ---------------------------------------------------------------

T("word.or", " or ")
T("suggest.did_you_mean", " (did you mean {names}?)")
T(
    "unknown.place",
    "unknown place {name!r}{suggestion}; add it with: reliefctl township add {name}  "
    "(or: reliefctl unit add {name} --township TOWNSHIP)",
)
T(
    "unknown.item",
    "unknown item {name!r}{suggestion}; add it with: reliefctl item add {name} --unit 个",
)
T(
    "unknown.fund",
    "unknown fund {name!r}{suggestion}; add it with: reliefctl fund add {name} --budget AMOUNT",
)
T(
    "unknown.township",
    "unknown township {name!r}{suggestion}; add it with: reliefctl township add {name}",
)
T("unknown.entry", "no entry {entry} in this ledger; list entries with: reliefctl log")

# --- posting rules --------------------------------------------------------------------------------

T("purchase.price_or_total", "give exactly one of {price_field} or {total_field}")
T("purchase.rounds_to_zero", "{qty} × {price} rounds to 0.00; check the price")
T("purchase.total_too_large", "the total exceeds the largest amount ({limit:plain})")
T("shipment.no_lines", "a shipment needs at least one {field} ITEM=QTY")
T("shipment.item_twice", "{name} appears twice in one shipment; give its total once")
T(
    "stock.out",
    "not enough {name}{at}: {on_hand:,} {unit} on hand on {day}{later}; cannot ship {qty:,} {hint}",
)
T("stock.hint_buy", "(record the purchase first: reliefctl buy ...)")
T(
    "stock.hint_transfer",
    "({source} holds {held:,} on {day}: move it first with reliefctl transfer --date {day} "
    "--from {source} --to {location} --item {name}=...)",
)
T("stock.later", "; later shipments already recorded leave only {lowest:,} on {when}")
T(
    "fund.overdrawn",
    "fund {fund!r} has {remaining:money} 元 remaining on {day}{later}; this {what} of "
    "{amount:money} 元 would overdraw it (add budget with: reliefctl fund topup {fund} "
    "--amount ... --date ...)",
)
T("fund.later", "; entries already recorded leave only {lowest:money} 元 on {when}")
T("fund.beginning", "the ledger's beginning")
T(
    "ledger.total_too_large",
    "this entry would take the ledger's {what}, counted gross (every amount, corrections "
    "included), to {total}, past the {limit} any total can hold exactly; nothing was written "
    "— start a new ledger for further entries",
)
T("gross.yuan", "{value:money} 元")
T("gross.money", "money")
T("gross.quantities", "quantities")
T("gross.people", "person-times")
T("what.purchase", "purchase")
T("what.grant", "grant")
T("what.reduction", "budget reduction")
T(
    "ref.conflict",
    "ref {ref!r} is already recorded as {entry} with different {differences}; use another "
    "{ref_field}, or void {entry} first (reliefctl void {entry} --reason ...)",
)
T("entry.bad_id", "{value!r} is not an entry id; ids look like S-000123")

# --- fields an entry's content is compared by (a ref's conflict names them) -------------------

T("field.date", "date")
T("field.item", "item")
T("field.qty", "qty")
T("field.total", "total")
T("field.unit_price", "unit_price")
T("field.supplier", "supplier")
T("field.fund", "fund")
T("field.note", "note")
T("field.batch", "batch")
T("field.place", "place")
T("field.group", "group")
T("field.lines", "lines")
T("field.people", "people")
T("field.amount", "amount")
T("field.purpose", "purpose")

# --- voids ----------------------------------------------------------------------------------------

T("void.not_committed", "{entry} is not committed yet; void it in a later command")
T("void.of_void", "{entry} is a void; a void cannot be voided (record the entry again)")
T(
    "void.of_master",
    "{entry} is a master-data entry (township, unit, item, fund or budget); only purchases, "
    "shipments, grants and allocations can be voided",
)
T(
    "void.of_setting",
    "{entry} is a ledger setting; a setting is never voided: record its new value with "
    "reliefctl config set NAME VALUE",
)
T("void.already", "{entry} is already voided by {by}")
T("void.by_this_import", "this import")
T(
    "void.unstock",
    "cannot void {entry}: its {qty:,} {unit} of {item} were already shipped (stock on {when} "
    "would be {short:,}); void those shipments first",
)
T(
    "void.overdraw",
    "cannot void {entry}: fund {fund!r} has already spent its {amount:money} 元 (its remaining "
    "on {when} would be {short:money} 元); void those purchases or grants first",
)
T(
    "void.cost_used",
    "cannot void {entry}: shipment {shipment} of {item} was valued with its cost after it was "
    "recorded; void {shipment} (and any later ones) first",
)

# --- master data ----------------------------------------------------------------------------------

T("master.place_taken", "{name!r} is already a {what}; places need distinct names")
T("what.township", "township")
T("what.unit", "unit")
T("master.unit_elsewhere", "unit {name!r} already exists, in township {other!r}")
T("master.item_unit_differs", "item {name!r} already exists, counted in {unit!r}")
T(
    "master.fund_budget_differs",
    "fund {name!r} already exists with budget {budget:money} 元; to add money use: reliefctl "
    "fund topup {name} --amount ...",
)
T(
    "master.same_key",
    "{name!r} is written differently but reads the same as the {what} {existing!r} already "
    "recorded: use {existing!r}",
)
T(
    "master.near_duplicate",
    "{name!r} looks like the {what} {existing!r} already recorded ({name!r} and {existing!r} "
    "differ only by {suffix!r}); use {existing!r}, or add it anyway with --force",
)
T("what.item", "item")
T("what.fund", "fund")
T("master.near_one", "{name!r} differs by one character from the {what} {existing!r}")
T(
    "quantity.wrong_unit",
    "{value!q} is counted in {given!r}, but {item!r} is counted in {unit!r}: write the "
    "quantity in {unit!r} (e.g. 100{unit}) or as a plain number",
)
T(
    "quantity.unknown_pack",
    "{value!q} names {given!r}, but {item!r} is counted in {unit!r} with the packs {packs}: "
    "write the quantity in those (e.g. 2箱40个) or as a plain number of {unit!r}",
)
T(
    "quantity.unit_twice",
    "{value!q} names {given!r} twice: name each unit or pack once (e.g. 2箱40个)",
)
T(
    "quantity.pack_not_whole",
    "{value!q} is {base} {unit} (one {pack!r} holds {size:,}): a quantity must be a whole "
    "number of {unit!r}",
)
T(
    "pack.name_digit",
    "{value!q} holds the digit {char!q}: unit and pack names hold no digits, so that 105kg袋 "
    "reads one way only; write it in brackets (袋(5kg)) or count the item in kg",
)
T(
    "pack.name_unreadable",
    "{value!q} cannot be written after a number: a pack name is letters (箱, 袋(5kg)), not "
    "万, 亿 or 元 and without spaces or signs",
)
T(
    "import.qty_text_differs",
    "{text!q} is {base:,} {unit}, but {qty_field} says {qty:,}: correct one of them",
)
T(
    "pack.is_unit",
    "{name!r} is the unit {item!r} is counted in: a pack holds several of it; give the pack "
    "another name (箱, 包)",
)
T(
    "pack.size_differs",
    "{item!r} already has the pack {name!r}, holding {size:,} {unit}: a pack's size never "
    "changes; define a pack of another size under a new name (e.g. {name}(大))",
)
T("what.pack", "pack")
T("fund.budget_too_large", "the budget would exceed {limit:plain}")

# --- verify ---------------------------------------------------------------------------------------

T("verify.where.item", "item {name}")
T("verify.where.fund", "fund {name}")
T("verify.where.ledger", "ledger")
T("verify.wrong_type", "it holds a value of the wrong type ({error}: {detail})")
T("verify.wrong_type_entry", "{reason}")
T("verify.incomplete", "the check could not be completed: {reason}")
T("verify.integrity", "SQLite integrity_check: {detail}")
T("verify.fk_row", "a row of {table} refers to a row of {parent} that does not exist")
T("verify.fk_value", "{table}.{column} = {value!r} refers to no row of {parent}")
T(
    "verify.trigger_altered",
    "the append-only trigger {name} is missing or altered: {action} on {table} is no longer "
    "refused",
)
T(
    "verify.trigger_function",
    "the function reliefctl_append_only behind the append-only triggers is missing or no longer "
    "raises",
)
T("verify.trigger_disabled", "the append-only trigger {name} on {table} is missing or disabled")
T("verify.first_break", "first break in the chain: ")
T("verify.start", "the start of the ledger")
T(
    "verify.content",
    "{lead}its content no longer matches its hash: a field or row of this entry was changed, "
    "added or removed after it was recorded",
)
T(
    "verify.link",
    "{lead}its link (prev_hash) does not match the hash of the entry before it ({before}): an "
    "entry was removed, inserted or rewritten",
)
TP(
    "verify.seq_gap",
    "{count} entry missing before it (seq {last})",
    "{count} entries missing before it (seq {first} to {last})",
)
T("verify.id_mismatch", "its id does not match its kind and number {number}")
T("verify.range", "{first} to {last}")
T("verify.after", "after {entry}")
T("verify.at_start", "at the start")
T("verify.number_missing", "entry {missing} is missing ({after})")
T("verify.number_backwards", "its number repeats or runs backwards after {after}")
T("verify.extra_rows", "a {kind} entry carries rows of {tables}, which it cannot")
T(
    "verify.line_value",
    "line {line} ({item} ×{qty:,}) is valued {value:plain} 元, but the moving-average cost when "
    "it was recorded was {expected:plain} 元{more}",
)
TP("verify.more_lines", " (and {count} later line of it)", " (and {count} later lines of it)")
T("verify.void_links", "a void must link to one entry; it links to {count}")
T("verify.void_missing", "it voids {target}, which is not in the ledger")
T("verify.void_twice", "{target} was already voided by {by}")
T("verify.a_void", "a void")
T("verify.a_master_entry", "a master-data entry")
T("verify.a_setting", "a ledger setting")
T("verify.setting_empty", "a setting entry sets nothing")
T("verify.setting_unknown", "sets {name!r}, which is not a ledger setting")
T("verify.setting_value", "sets a value the setting cannot hold: {error}")
T("verify.void_kind", "it voids {target}, which is {what} and cannot be voided")
T("verify.void_later", "it voids {target}, which was recorded after it")
T("verify.no_rows_of", ", and no rows of {tables}")
T(
    "verify.void_mirror",
    "its reversal rows do not mirror {target} exactly (expected {count} row(s) of {table} with "
    "the signs flipped{also})",
)
T("verify.stock_negative", "stock on hand at the end of {day} is {qty:,} {unit} (below zero)")
T(
    "verify.value_left",
    "nothing is on hand but a value of {value:plain} 元 remains (value bought - value shipped "
    "must be 0)",
)
T("verify.value_negative", "the value on hand is negative ({value:plain} 元)")
T(
    "verify.replay_differs",
    "its rows add up to {qty:,} {unit} worth {value:plain} 元, but replaying its entries gives "
    "{walked_qty:,} worth {walked_value:plain} 元 (rows that belong to no entry, or values that "
    "are not numbers)",
)
T(
    "verify.fund_overdrawn_on",
    "overdrawn by {over:money} 元 at the end of {day} (budget as at that date minus purchases "
    "and grants dated up to it)",
)
T("verify.head_gone", "this entry, written down earlier, is no longer there")
T(
    "verify.head_changed",
    "its hash is now {stored}, not the {prefix} written down: the ledger up to this entry was "
    "rewritten",
)

# --- sheets, headings, entry kinds ----------------------------------------------------------------

T("sheet.summary", "Summary")
T("sheet.purchases", "Purchases")
T("sheet.shipments", "Shipments")
T("sheet.grants", "Grants")
T("sheet.stock", "Stock")
T("sheet.funds", "Funds")
T("sheet.voids", "Voids")
T("sheet.manifest", "Manifest")
T("sheet.lists", "Lists")

T("heading.date", "date")
T("heading.item", "item")
T("heading.qty", "qty")
T("heading.unit_price", "unit_price")
T("heading.total", "total")
T("heading.supplier", "supplier")
T("heading.fund", "fund")
T("heading.ref", "ref")
T("heading.note", "note")
T("heading.batch", "batch")
T("heading.to", "to")
T("heading.people", "people (人次)")
T("heading.group", "group")
T("heading.amount", "amount")
T("heading.purpose", "purpose")
T("heading.township", "township")
T("heading.unit", "unit")
T("heading.value", "value")
T("heading.entry", "entry")
T("heading.measure", "unit")
T("heading.on_hand", "on hand")
T("heading.stock_value", "value at cost")
T("heading.bought_qty", "bought")
T("heading.bought_value", "bought value")
T("heading.shipped_qty", "delivered")
T("heading.shipped_value", "delivered value")
T("heading.qty_text", "qty_text")
T("heading.pack", "pack")
T("heading.size", "size")
T("heading.in_packs", "in packs")
T("heading.budget", "budget")
T("heading.spent", "spent")
T("heading.fund_purchases", "purchases")
T("heading.fund_grants", "grants")
T("heading.remaining", "remaining")
T("heading.void", "void")
T("heading.voided", "voided entry")
T("heading.kind", "kind")
T("heading.place", "place")
T("heading.what", "what")
T("heading.reason", "reason")
T("heading.operator", "by")
T("heading.recorded_at", "recorded at")
T("heading.sheet", "sheet")
T("heading.rows", "rows")
T("heading.sheet_note", "note")
T("heading.control", "control total")
T("heading.control_value", "value")
T("heading.fact", "fact")
T("heading.fact_value", "value")

T("kind.P", "purchase")
T("kind.S", "shipment")
T("kind.G", "grant")

# --- report labels --------------------------------------------------------------------------------

T("label.dim.batch", "batch")
T("label.dim.township", "township")
T("label.dim.group", "beneficiary group")
T("label.dim.fund", "fund")
T("label.dim.item", "item")
T("label.dim.month", "month")
T("label.none.batch", "no batch")
T("label.none.township", "no township")
T("label.none.group", "no group")
T("label.none.fund", "no fund")
T("label.none.item", "cash grants")
T("label.none.month", "no month")
T("label.col.goods_value", "goods 元")
T("label.col.grants", "grants 元")
T("label.col.spend", "spend 元")
T("label.col.purchases", "purchases 元")
T("label.col.people", "person-times 人次")
T("label.col.household_times", "household-times 户次")
T("label.col.unique_persons", "unique persons 人")
T("label.col.listed_entries", "entries with a list")
T("label.col.listed_people", "person-times listed")
T("label.col.deliveries", "deliveries")
T("label.col.grant_count", "grants made")
T("label.col.qty", "quantity")
T("label.col.unit", "unit")
T("label.col.qty_packs", "in packs")
T("label.total", "total")
T("label.totals.title", "Totals")
T("label.totals.figure", "figure")
T("label.totals.value", "value")
T("label.totals.purchases", "purchases (cash paid for goods), 元")
T("label.totals.opening_stock_value", "stock at start of period (at cost), 元")
T("label.totals.goods_value", "goods delivered (at cost), 元")
T("label.totals.grants", "cash grants, 元")
T("label.totals.spend", "spend (goods delivered + grants), 元")
T("label.totals.stock_value", "stock on hand at end of period (at cost), 元")
T("label.totals.people", "people reached, person-times (人次)")
T("label.totals.household_times", "households reached, household-times (户次)")
T("label.totals.unique_persons", "unique persons (人), from lists of recipients")
T("label.totals.listed_entries", "deliveries and grants with a list")
T("label.totals.listed_people", "person-times on those entries")
T(
    "label.persons_known",
    "{unique:,} known, from lists on {lists:,} of {entries:,} deliveries and grants",
)
T("label.totals.deliveries", "deliveries")
T("label.totals.grant_count", "grants made")
T("label.report.title", "Relief report")
T("label.report.by", "by {dim}")
T("label.report.pivot", "{measure} by {rows} × {columns}")
T("label.measure.spend", "spend (元)")
T("label.measure.people", "person-times (人次)")
T("label.period.all", "all dates")
T("label.period.range", "{since} to {until}, both inclusive")
T("label.period.since", "from {since} (inclusive)")
T("label.period.until", "up to and including {until}")
T(
    "label.units",
    "money in 元 at cost; people reached in person-times (人次): a person reached twice "
    "counts twice",
)
T("label.empty", "nothing recorded in this period")
T("label.csv.dimension", "dimension")
T("label.csv.key", "key")
T("label.csv.measure", "measure")

# --- the export's Manifest, and templates ---------------------------------------------------------

T("manifest.title", "reliefctl export")
T("manifest.generated_at", "generated at")
T("manifest.time_zone", "time zone of the times in this file")
T("manifest.version", "reliefctl version")
T("manifest.ledger", "ledger")
T("manifest.since", "period from (inclusive)")
T("manifest.until", "period up to (inclusive)")
T("manifest.open", "(open)")
T("manifest.latest_id", "latest entry")
T("manifest.latest_hash", "latest entry hash")
T("manifest.entries", "entries in the ledger")
T("manifest.sheets", "sheets")
T("manifest.controls", "control totals (summed by the database)")
T("manifest.continued", "continued on {title}")
T("manifest.continues", "part {part} of {table}")
T("manifest.row_limit", "a sheet holds at most {limit:,} rows including its heading")
T("manifest.rows", "rows")
T("manifest.deliveries", "deliveries")

T("hint.date", "2020-12-28, 2020/12/28 or 2020年12月28日")
T("hint.qty", "in the item's unit (120000, 12万) or in its packs (545箱, 2箱40个)")
T("hint.unit_price", "yuan per unit, up to 6 decimals; give unit_price or total")
T("hint.total", "yuan, at most 2 decimals: 29375.00")
T("hint.amount", "yuan, at most 2 decimals: 100000, 10万")
T("hint.name", "the person's name: only 张*明 is stored")
T("hint.id_number", "18 characters, checked; give a 身份证号, a staff number or a phone")
T("hint.staff_no", "with the employer: 1001 at two employers is two people")
T("hint.phone", "11 digits: 13800138000")
T("hint.household", "optional: the same text for persons of one household")
T("hint.people", "person-times (人次); for a delivery of several rows, on its first row")
T("hint.ref", "document number; rows sharing a ref are one delivery")
T("hint.to", "a township or unit from the list")
T("hint.item", "an item from the list")
T("hint.fund", "a fund from the list")
T("hint.batch", "batch label; a new label opens a new batch")
T("hint.group", "who it reached; a new name opens a new group")

T("list.unknown.places", "Unknown place: add it first (reliefctl township add / unit add)")
T("list.unknown.items", "Unknown item: add it first (reliefctl item add)")
T("list.unknown.funds", "Unknown fund: add it first (reliefctl fund add)")
T("list.unknown.batches", "Not a known batch: a new batch will be opened")
T("list.unknown.groups", "Not a known group: a new group will be opened")
T("list.title.places", "places")
T("list.title.items", "items")
T("list.title.funds", "funds")
T("list.title.batches", "batches")
T("list.title.groups", "groups")

# --- import ---------------------------------------------------------------------------------------

T(
    "import.unknown_heading",
    "is not a column of a {kind} import; the columns are: {accepted} (or their Chinese "
    "headings, see reliefctl template)",
)
T("import.duplicate_heading", "names the same column as {other!r}; keep one")
T("import.missing_column", "the column {column!r} is missing")
T("import.missing_place_column", "the column 'to' (or 'township' and 'unit') is missing")
T("import.missing_price_column", "give a 'unit_price' or a 'total' column")
T("import.required_empty", "is empty; this column is required")
T("import.place_empty", "is empty; give the township or unit it went to")
T("import.township_empty", "is empty; give the township (and unit) it went to")
T("import.unit_not_in_township", "{unit!r} is not in township {township!r}")
T("import.price_or_total_missing", "give the unit_price or the total")
T(
    "import.total_mismatch",
    "{total:plain} does not match unit_price × qty = {price} × {qty} = {product}, which is "
    "{rounded:plain} to the fen; give one of them, or make them agree",
)
T(
    "import.delivery_rows_apart",
    "{ref!r} is also on row {row}, with other rows between: the rows of one delivery must be "
    "one after the other",
)
T(
    "import.delivery_differs",
    "{mine} differs from {theirs} on row {row}, the first row of delivery {ref!r}: the rows of "
    "one delivery share date, batch, place, group and note",
)
T("import.blank", "blank")
T(
    "import.people_differs",
    "{people:,} differs from {first:,} on row {row}: a delivery's person-times are given once, "
    "on its first row (leave the others blank)",
)
T("import.item_again", "{item} is already on another row of delivery {ref!r}")
T("import.unnamed_value", "has a value but no heading; give the column a heading or clear it")
TP(
    "import.rejected",
    "{source}: {rows:,} row has problems ({count:,} in all, listed above); nothing was imported "
    "— fix the file and run reliefctl import again with --kind {kind}",
    "{source}: {rows:,} rows have problems ({count:,} in all, listed above); nothing was "
    "imported — fix the file and run reliefctl import again with --kind {kind}",
    by="rows",
)
TP(
    "import.malformed",
    "{source}: {rows:,} row has problems ({count:,} in all, listed above); nothing was imported "
    "— fix the file and run reliefctl import again with --kind {kind}",
    "{source}: {rows:,} rows have problems ({count:,} in all, listed above); nothing was "
    "imported — fix the file and run reliefctl import again with --kind {kind}",
    by="rows",
)
T("import.where", "row {row}")
T("import.where_sheet", "sheet {sheet!r}, row {row}")

# --- files ----------------------------------------------------------------------------------------

T("file.empty_path", "is empty: give a file or folder name")
T(
    "file.output_no_name",
    "{path!r} has no name before {suffix}: give a file name, e.g. relief{suffix}",
)
T(
    "file.output_is_ledger",
    "{path} is the ledger itself; an export or template never replaces it — give another file name",
)
T(
    "file.output_not_a_file",
    "{path} exists and is not a regular file (a link, a device, a pipe); it was left as it is "
    "— give another file name",
)
T(
    "file.output_not_workbook",
    "{path} exists and is not an Excel workbook; it was left as it is — give another file name",
)
T("file.output_read_only", "cannot replace {path}: it is read-only here; it was left as it is")
T(
    "file.input_not_a_file",
    "{path} is not a regular file (a folder, a device, a pipe or a socket); give the "
    "spreadsheet itself",
)
T(
    "file.lock_is_link",
    "the lock file {path} is a symbolic link or not a regular file; reliefctl does not follow "
    "it — remove it and run the export again",
)
T("file.output_is_folder", "{path} is a folder; give a file name, e.g. {example}")
T("file.output_suffix", "{path} must end in {suffix} (Excel goes by the file name)")
T("file.parent_is_file", "{path} is a file, not a folder")
T("file.folder_missing", "the folder {path} does not exist (create it first)")
T("file.not_a_folder", "{path} is not a folder")
T("file.cannot_write_folder", "cannot write in the folder {path}: {reason}")
T("file.cannot_write", "cannot write {path}: {reason}; nothing was replaced")
T("file.cannot_create_lock", "cannot create the lock file {path}: {reason}")
T(
    "file.export_busy",
    "another reliefctl export is writing into {folder} (it holds {lock}); this run wrote "
    "nothing — let that one finish",
)
T("file.missing", "{path} does not exist")
T("file.is_folder", "{path} is a folder, not a spreadsheet")
T("file.csv_no_sheets", "a CSV file has no sheets; leave out --sheet")
T("file.xls", "{path} is an old-format Excel file (.xls); save it as .xlsx or CSV first")
T("file.not_spreadsheet", "{path}: reliefctl imports .xlsx and .csv files")
T(
    "file.bad_encoding",
    "{path} is neither UTF-8 nor GB18030 text; save it from Excel as 'CSV UTF-8' or as .xlsx",
)
T("file.csv_heading", "{path}: cannot read the heading row as CSV: {detail}")
T("file.csv_row", "{path}, row {row}: not valid CSV: {detail}")
T("file.empty", "{path} is empty: the first row must hold the headings")
T("file.no_such_sheet", "no sheet {sheet!r}; the workbook has: {sheets}")
T(
    "file.which_sheet",
    "the workbook has several sheets ({sheets}) and none is named {english!r} or {chinese!r}; "
    "choose one with --sheet NAME",
)
T("file.not_workbook", "{path} is not an .xlsx workbook Excel wrote ({error}: {detail})")
T("file.no_heading_row", "{path}: sheet {sheet!r} has no heading row")
T(
    "file.workbook_too_large",
    "{path} claims {size:,} bytes of content once unpacked (or a part packed beyond any "
    "sheet's ratio): not a workbook reliefctl reads",
)
T(
    "file.part_missing",
    "{path} is damaged: its sheet {sheet!r} ({part}) is missing from the file; save it again "
    "from Excel",
)
T(
    "file.xml_damaged",
    "{path} is damaged: the XML of sheet {sheet!r} is cut off or broken ({detail}); save it "
    "again from Excel",
)
T(
    "file.shared_string_missing",
    "{path} is damaged: cell {cell} of sheet {sheet!r} points to a text the file does not "
    "hold; save it again from Excel",
)
T(
    "file.number_cell_text",
    "{path} is damaged: cell {cell} of sheet {sheet!r} is a number cell holding {value!r}; "
    "save it again from Excel",
)
T(
    "file.cell_unreadable",
    "{path}: sheet {sheet!r}, row {row} cannot be read ({detail}); save it again from Excel",
)
T("file.chart_sheet", "{sheet!r} is a chart sheet, not a sheet of rows")
T(
    "file.hidden_sheet",
    "{sheet!r} is a hidden sheet; what is imported must be what a person sees: unhide it first",
)
T("file.no_data_sheet", "the workbook has no visible sheet of rows")
T(
    "file.bom_not_utf8",
    "{path} starts with a UTF-8 byte-order mark but its text is not UTF-8 (it looks like "
    "GB18030 saved by another tool): save it again as 'CSV UTF-8' or as .xlsx",
)
T(
    "cell.hidden_row",
    "is a hidden row: what is imported must be what a person sees; unhide it or delete it",
)
T(
    "cell.merged",
    "is merged across rows ({range}): the rows below it would read as blank; unmerge it",
)
T(
    "cell.formula_without_value",
    "holds a formula without a saved result, so its value is unknown: open the file in Excel "
    "and save it (or paste the values)",
)
T("cell.error_value", "holds the Excel error {value}; correct the cell")
T("cell.boolean", "holds TRUE/FALSE ({value}), which no column takes")
T(
    "cell.too_many",
    "has {count} cells but the heading row names {width} columns: remove the extra cells or give "
    "them a heading",
)
T(
    "import.contradictory_place",
    "{to!r} contradicts {given} given on the same row: give either 'to' or 'township' and 'unit'",
)
T("import.given_township", "the township {name!r}")
T("import.given_unit", "the unit {name!r}")
T(
    "file.continued_headings",
    "{path}: sheet {sheet!r} has other headings than {first!r}; a continued sheet must repeat "
    "the same heading row",
)

# --- reports and views ----------------------------------------------------------------------------

T("report.unknown_dimension", "{value!r} is not a dimension; use one of {dimensions}")
T(
    "report.pivot_needs_two",
    "needs exactly two --by dimensions: rows, then columns (e.g. --by township --by batch)",
)
T(
    "report.pivot_cannot_cross",
    "cannot cross {value!r}: its figures do not split per cell; pivot by {dimensions}",
)
T("format.unknown", "{value!r}: use {allowed}")

# --- the log --------------------------------------------------------------------------------------

T("log.void", "void of {target}: {reason}")
T("log.purchase", "bought {item} ×{qty:,} {unit}{supplier}{fund}")
T("log.purchase_packed", "bought {item} ×{text} ({qty:,} {unit}){supplier}{fund}")
T("log.from", " from {supplier}")
T("log.fund", " (fund {fund})")
T("log.goods", "{item} ×{qty:,} {unit}")
T("log.goods_packed", "{item} ×{text} ({qty:,} {unit})")
T("log.shipment", "batch {batch} → {place}: {goods}")
T("log.grant", "grant → {place}{fund}{purpose}")
T("log.grant_fund", " from {fund}")
T("log.purpose", ": {purpose}")
T("log.purpose_named", ": {purpose}, to {count:,} named persons")
T("log.new_township", "new township {name}{budget}")
T("log.new_unit", "new unit {name}{budget}")
T("log.new_item", "new item {name}{budget}")
T("log.new_pack", "new pack {name} of {item} ({size:,} {unit})")
T("log.new_fund", "new fund {name}{budget}")
T("log.with_budget", " with budget")
T("log.topup", "budget added to fund {fund}")
T("log.settings", "ledger setting: {changes}")
T("log.setting", "{name} = {value}")

# --- verify, command line -------------------------------------------------------------------------

T(
    "verify.bad_head",
    "{value!r} is not ENTRY_ID:HASH; give the id and at least the first 16 hex digits of the "
    "hash that `reliefctl head` printed, e.g. S-000123:9f2c4e1a0b7d3c55",
)
TP(
    "verify.failed",
    "verify found {count} problem in {where} (first: {first}, {check}); the ledger was not changed",
    "verify found {count} problems in {where} (first: {first}, {check}); the ledger was not "
    "changed",
)
T("cli.unknown_kind", "use one of {kinds}")
T("cli.out_or_out_dir", "give exactly one of --out FILE or --out-dir DIR")
T("cli.keep_needs_out_dir", "--keep goes with --out-dir")
T("cli.keep_at_least_one", "{value!q}: keep at least 1 file (the one just written)")

# --- views: stock, funds, log ---------------------------------------------------------------------

T("view.stock.title", "Stock on hand (at cost, 元)")
T("view.funds.title", "Funds (元)")
T("view.item", "item")
T("view.unit", "unit")
T("view.packs", "packs")
T("view.pack_one", "{name} = {size:,} {unit}")
T("view.township", "township")
T("view.on_hand", "on hand")
T("view.value", "value 元")
T("view.bought", "bought")
T("view.delivered", "delivered")
T("view.total", "total")
T("view.fund", "fund")
T("view.budget", "budget")
T("view.purchases", "purchases")
T("view.grants", "grants")
T("view.spent", "spent")
T("view.remaining", "remaining")
T("view.id", "id")
T("view.date", "date")
T("view.what", "what")
T("view.ref", "ref")
T("view.by", "by")
T("view.voided_by", "  [voided by {entry}]")

# --- the views' CSV columns (English = the JSON keys; translated with an explicit --lang) ---

T("column.item", "item")
T("column.unit", "unit")
T("column.qty", "qty")
T("column.value", "value")
T("column.bought_qty", "bought_qty")
T("column.bought_value", "bought_value")
T("column.shipped_qty", "shipped_qty")
T("column.shipped_value", "shipped_value")
T("column.fund", "fund")
T("column.budget", "budget")
T("column.spent", "spent")
T("column.remaining", "remaining")
T("column.purchases", "purchases")
T("column.grants", "grants")
T("column.id", "id")
T("column.kind", "kind")
T("column.date", "date")
T("column.recorded_at", "recorded_at")
T("column.operator", "operator")
T("column.summary", "summary")
T("column.amount", "amount")
T("column.people", "people")
T("column.ref", "ref")
T("column.note", "note")
T("column.voided_by", "voided_by")

# --- outcomes: what happened to the ledger or the file -------------------------------------------

T(
    "outcome.recorded_not_shown",
    "{entries} recorded; only printing the confirmation failed ({reason}) — do not record it "
    "again (see it with: reliefctl log)",
)
T(
    "outcome.recorded_interrupted",
    "interrupted after {entries} was recorded; only the confirmation may be missing — do not "
    "record it again (see it with: reliefctl log)",
)
T("outcome.interrupted", "interrupted ({signal}); nothing was written")
T(
    "outcome.interrupted_file",
    "interrupted ({signal}); nothing was written and {path} was not replaced",
)
T("outcome.output_failed", "could not print the output ({reason}); nothing was written")
T(
    "outcome.encoding",
    "this terminal's encoding {encoding} cannot show Chinese text; use a UTF-8 locale "
    "(LANG=zh_CN.UTF-8) or PYTHONIOENCODING=utf-8",
)

# --- confirmations: what a command did ------------------------------------------------------------

T("word.list_sep", ", ")
T("word.field_sep", ": ")
T("word.clause_sep", "; ")
T(
    "done.duplicate_ref",
    "{entry} already records ref {ref!r} with the same content; nothing new was recorded",
)
T("done.opened_batch", "new batch {batch!r} opened")
T("done.opened_group", "new group {group!r} opened")
T(
    "done.bought",
    "{entry} recorded: bought {item} ×{qty:,} for {amount:money} 元{rounding}{fund}, "
    "into {location}",
)
T("done.bought_rounding", " ({unit_price} × {qty:,} = {exact}, rounded to the fen)")
T("done.charged_to", ", charged to {fund}")
T("done.goods", "{item} ×{qty:,} {unit}")
T("done.goods_packed", "{item} ×{text} ({qty:,} {unit})")
T(
    "done.bought_packed",
    "{entry} recorded: bought {item} ×{text} ({qty:,} {unit}) for {amount:money} 元{rounding}"
    "{fund}, into {location}",
)
T(
    "done.shipped",
    "{entry} recorded: batch {batch} → {to}: {goods} from {location}, valued {amount:money} 元, "
    "{people:,} 人次{opened}",
)
T("done.granted", "{entry} recorded: {amount:money} 元 → {to}{fund}, {people:,} 人次{opened}")
T("done.granted_from", " from {fund}")
T("done.people_not_given", ": --people not given")
T("done.households", ", {households:,} 户次")
T("done.recipients", ", {count:,} named persons (list {source})")
T("field.households", "households")
T(
    "done.voided",
    "{entry} recorded: {target} voided ({amount:money} 元 reversed); reason: {reason}",
)
T("done.master_exists", "{what} already exists; nothing changed")
T("done.master_added", "{entry} recorded: new {what}")
T("done.what_township", "township {name}")
T("done.what_unit", "unit {name} in {township}")
T("done.what_item", "item {name} ({unit})")
T("done.what_pack", "pack {name} of {item}, holding {size:,} {unit}")
T("done.what_fund", "fund {name} with budget {budget:money} 元")
T("done.topup", "{entry} recorded: {amount:money} 元 added to fund {fund} ({when})")
T("done.version", "reliefctl {version}")
T("done.init_created", "created a new ledger at {where}")
T("done.init_exists", "a ledger already exists at {where}; nothing changed")
T("done.upgrade_current", "{where} already has schema version {version}; nothing changed")
T("done.upgraded", "upgraded {where} from schema {before} to {after}: {changes}")
T("done.upgrade_tables", "new tables {names}")
T("done.upgrade_rebuilt", "rebuilt {names} (every row copied verbatim)")
T("done.upgrade_columns", "new columns {names}")
T("done.upgrade_verified", "verify passed: every stored row and hash is as it was")
T("done.head_empty", "no entries yet (genesis hash {hash})")
T("done.head", "{entry} seq {seq} hash {hash} recorded {recorded_at}")
T("done.copy_progress", "copying {table}: {done:,} / {total:,} rows ({percent}%)")
T("done.copy_verifying", "verifying the copy (every hash recomputed) ...")
T(
    "done.copied",
    "copied {entries:,} entries ({rows:,} rows) from {source} to {target}{created}",
)
T("done.copied_new", " (a new ledger)")
T("done.copy_verified", "verify passed on {target}{head}")
T("done.copy_head", "; head {entry} {hash}")
T("done.exported", "wrote {target} in {seconds} s (rows: {sheets})")
T("done.export_sheet", "{sheet} {rows:,}")
T("done.pruned", "removed {path} (--keep {keep})")
T(
    "done.template_recipients",
    "wrote {target}: a list of recipients; fill it in, then give it to: reliefctl grant … "
    "--recipients {target} (or ship … --recipients {target})",
)
T(
    "done.template",
    "wrote {target}: a {kind} template; fill it in, then: reliefctl import {target} --kind {kind}",
)
TP("done.import_purchases", "{count:,} purchase", "{count:,} purchases")
TP("done.import_shipments", "{count:,} shipment", "{count:,} shipments")
TP("done.import_grants", "{count:,} grant", "{count:,} grants")
TP("done.import_rows", "{count:,} row", "{count:,} rows")
T("done.imported", "{file}: {entries} recorded from {rows}{span}")
T("done.imported_dry", "{file}: {entries} would be recorded from {rows}{span}")
T("done.import_span_one", " ({first})")
T("done.import_span", " ({first} … {last})")
T("done.import_duplicates", "{rows} already recorded (same ref, same content) skipped")
T(
    "done.import_duplicates_dry",
    "{rows} already recorded (same ref, same content) would be skipped",
)
TP(
    "done.import_without_ref",
    "{count:,} row without a ref (importing it again would record it again)",
    "{count:,} rows without a ref (importing them again would record them again)",
)
T("done.import_new_batches", "new batches {names}")
T("done.import_new_groups", "new groups {names}")
T("done.import_dry_run", "dry run: nothing was written")
T("done.progress_checking", "checking rows")
T("done.import_more", "{names} … and {count:,} more")
T("cli.error_prefix", "error: ")
T("cli.warning_prefix", "warning: ")
T(
    "cli.crash",
    "unexpected error ({error}){saved}; nothing was written — rerun with --debug to see the "
    "traceback",
)
T("cli.crash_saved", "; details saved to {path}")
T("cli.see_help", "(see: {command} --help)")

# --- verify's checks, as a line names them -------------------------------------------------------

T("verify.check.integrity", "integrity")
T("verify.check.triggers", "triggers")
T("verify.check.chain", "chain")
T("verify.check.foreign-key", "foreign-key")
T("verify.check.stock", "stock")
T("verify.check.funds", "funds")
T("verify.check.head", "head")
T("verify.check.entries", "entries")
T("verify.check.sequence", "sequence")
T("verify.check.valuation", "valuation")
T("verify.check.voids", "voids")
T("verify.check.packs", "packs")
T("verify.pack_size", "the pack {pack!r} holds {size:,}: a pack holds at least 1")
T("verify.pack_name", "the pack {pack!r} has a name no quantity can use: {error}")
T("verify.pack_is_unit", "the pack {pack!r} is named as the item's unit {unit!r}")
T("verify.pack_key", "item_packs row {id}: the key stored for {pack!r} is not its key")
T("verify.pack_text", "a line of {table} keeps {text!q}, which does not read: {error}")
T(
    "verify.pack_line",
    "a line of {table} keeps {text!q}, which is {base:,} {unit}, but stores {qty:,}",
)
T("verify.check.recipients", "recipients")
T(
    "verify.recipients_shape",
    "its {count:,} recipient lines are not one person each, with the list on the first line",
)
T(
    "verify.recipients_sum",
    "the grant's amount {amount:money} is not the sum of its recipients' amounts {total:money}",
)

# --- the nightly folder ---------------------------------------------------------------------------

TP(
    "nightly.future_files",
    "left alone {count} file dated after today ({today}), which --keep does not count: {names}",
    "left alone {count} files dated after today ({today}), which --keep does not count: {names}",
)

# --- help pages: the frame around the help texts (the texts are in the catalog, context "help")

T("help.usage", "Usage: ")
T("help.options_metavar", "[OPTIONS]")
T("help.command_metavar", "COMMAND [ARGS]...")
T("help.arguments", "Arguments:")
T("help.options", "Options:")
T("help.commands", "Commands:")
T("help.required", "[required]")
T("help.repeatable", "[repeatable]")
T("help.default", "[default: {value}]")
T("metavar.ledger", "LEDGER")
T("metavar.place", "PLACE")
T("metavar.date", "DATE")
T("metavar.qty", "QTY")
T("metavar.amount", "AMOUNT")
T("metavar.name", "NAME")
T("metavar.fund", "FUND")
T("metavar.ref", "REF")
T("metavar.text", "TEXT")
T("metavar.batch", "BATCH")
T("metavar.count", "N")
T("metavar.group", "GROUP")
T("metavar.township", "TOWNSHIP")
T("metavar.unit", "UNIT")
T("metavar.format", "FORMAT")
T("metavar.lang", "LANG")
T("metavar.file", "FILE")
T("metavar.folder", "DIR")
T("metavar.kind", "KIND")
T("metavar.dimension", "DIMENSION")
T("metavar.head", "ENTRY_ID:HASH")
T("metavar.zone", "ZONE")
T("metavar.sheet", "SHEET")
T("metavar.item", "ITEM")
T("metavar.item_qty", "ITEM=QTY")
T("metavar.arg.name", "NAME")
T("metavar.arg.item", "ITEM")
T("metavar.arg.entry_id", "ENTRY_ID")
T("metavar.arg.file", "FILE")
T("metavar.arg.value", "VALUE")
T("metavar.arg.identifier", "IDENTIFIER")

# --- Click's own words: usage errors, rebuilt from their attributes (reliefctl.cli.errors) ----

T("click.no_such_option", "no such option: {option}{suggestion}")
T("click.did_you_mean", " (did you mean {options}?)")
T("click.needs_value", "{option} needs a value{metavar}")
T("click.needs_value_metavar", ": {metavar}")
T("click.takes_no_value", "{option} does not take a value")
T("click.missing_option", "missing option {option}{metavar}")
T("click.missing_argument", "missing {argument}")
T("click.extra_arguments", "unexpected extra argument(s): {arguments}")
T("click.no_such_command", "no such command {name!q}{suggestion}")
T("click.did_you_mean_command", " (did you mean {names}?)")
T("click.missing_command", "missing command: give one of {names}")
T("click.invalid_value", "invalid value for {option}: {value!q}")

# --- money: dated budgets, cash spent, one entry whole, log filters (issue 14) ------------------

T("done.allocated", "{entry} recorded: allocation of {amount:money} 元 to fund {fund} ({when})")
T("done.reduced", "{entry} recorded: budget of fund {fund} reduced by {amount:money} 元 ({when})")
T("done.undated", "undated: counts from the beginning")
T("done.dated", "dated {date}")
T("unknown.batch", "no batch {name!r}{suggestion}; batches are opened by the first delivery")
T("unknown.group", "no beneficiary group {name!r}{suggestion}")
T("log.unknown_kind", "{value!q} is not a kind of entry; give one of {kinds}")
T("log.allocation", "allocation to fund {fund} ({when})")
T("log.reduction", "budget of fund {fund} reduced ({when})")
T("log.undated", "undated")

# ``reliefctl show``: one entry whole
T("show.entry", "entry")
T("show.kind.master", "master data")
T("show.kind.purchase", "purchase")
T("show.kind.shipment", "shipment")
T("show.kind.grant", "grant")
T("show.kind.void", "void")
T("show.kind.allocation", "allocation")
T("show.kind.setting", "ledger setting")
T("show.table.settings", "setting")
T("show.date", "date")
T("show.recorded_at", "recorded at")
T("show.operator", "operator")
T("show.ref", "ref")
T("show.note", "note")
T("show.hash", "hash")
T("show.prev_hash", "previous hash")
T("show.previous", "previous entry")
T("show.start", "(the start of the chain)")
T("show.voids", "voids")
T("show.voided_by", "voided by")
T("show.voided_by_reason", "{entry}: {reason}")
T("show.table.purchases", "purchase")
T("show.table.shipment_lines", "line")
T("show.table.grants", "grant")
T("show.table.voids", "void")
T("show.table.allocations", "allocation")
T("show.table.fund_budgets", "budget")
T("show.table.funds", "new fund")
T("show.table.items", "new item")
T("show.table.townships", "new township")
T("show.table.units", "new unit")
T("show.table.batches", "new batch")
T("show.table.beneficiary_groups", "new group")
T("show.line_no", "no.")
T("show.item", "item")
T("show.qty", "qty")
T("show.total", "total")
T("show.unit_price", "unit price")
T("show.supplier", "supplier")
T("show.fund", "fund")
T("show.batch", "batch")
T("show.township", "township")
T("show.unit", "unit")
T("show.group", "group")
T("show.value", "value")
T("show.people", "person-times")
T("show.deliveries", "deliveries")
T("show.amount", "amount")
T("show.grants", "grants")
T("show.purpose", "purpose")
T("show.voided_entry_id", "voids")
T("show.reason", "reason")
T("show.name", "name")
T("show.label", "label")
T("show.id", "id")

# report: cash spent, --fund, fund cross-tabs
T("label.col.cash_spent", "cash spent 元")
T("label.totals.cash_spent", "cash spent (purchases + grants), 元")
T("label.measure.cash_spent", "cash spent (元)")
T("label.measure.grants", "grants (元)")
T("label.measure.grant_count", "grants made")
T("label.report.funds", "restricted to funds: {funds}; goods figures are blank (see README)")

# the require_fund ledger setting
T("setting.yes_no", "{value!q} is not yes or no (also accepted: true/false, on/off, 1/0, 是/否)")
T(
    "fund.required",
    "this ledger requires every purchase and grant to name a fund (setting require_fund); "
    "this {what} names none: {funds}",
)
T("fund.required_one_of", "give --fund {funds}")
T("fund.required_none", "add a fund first: reliefctl fund add NAME --budget AMOUNT")
T("init.require_fund", "every purchase and grant must name a fund (require_fund: yes)")
T("manifest.qty_of", "{qty}: {item} ({unit})")

# --- locations and stock movements (receipts, transfers, write-offs, counts) ----------------------

T(
    "unknown.location",
    "unknown location {name!r}{suggestion}; add it with: reliefctl location add {name}",
)
T("location.env_unknown", "{value!q} is not a location of this ledger; the locations are: {known}")
T("location.township_differs", "location {name!r} already exists, serving {township}")
T("location.no_township", "no township")
T("what.location", "location")
T("done.what_location", "location {name}{township}")
T("done.location_serves", " (serving {township})")
T("stock.at", " at {location}")
T(
    "stock.count_closed",
    "{item} at {location}: count {count} of {count_date} closed the days before it, so a "
    "movement dated {day} is refused (void {count} with a reason to reopen them)",
)
T("movement.no_lines", "give at least one {field} ITEM=QTY")
T("movement.item_twice", "{name} appears twice; give its total once")
T("transfer.same_location", "{location!r} is also where the goods come from: give another location")
T(
    "writeoff.reason",
    "{value!q} is not a write-off reason; the reasons are: {known} "
    "(or 过期, 损坏, 丢失, 被盗, 其他)",
)
T("receive.source", "{value!q} is not a source; the sources are: {known} (or 捐赠, 下拨, 退回)")
T(
    "receive.value",
    "give exactly one of {price_field} or {total_field} (0 is allowed when given explicitly)",
)
T(
    "receive.return_of",
    "a return names the delivery it comes back from (--of S-...) and takes no value: it comes "
    "back at the value it left with",
)
T("receive.of_not_return", "only a return (--source return) names the delivery it comes from")
T(
    "receive.return_too_much",
    "{entry} delivered {shipped:,} of {item}, of which {left:,} have not come back; cannot "
    "return {qty:,}",
)
T(
    "receive.return_target",
    "{entry} is not a standing delivery of {item}: a return names the shipment (S-...) the "
    "goods came back from",
)
T("void.returned", "cannot void {entry}: some of its goods came back ({receipt}); void that first")
T(
    "void.unstock_at",
    "cannot void {entry}: {item} at {location} would fall to {short:,} {unit} on {when}; void "
    "the later movements first",
)
T(
    "count.stale",
    "the stocktake form shows {expected:,} of {item} on the books at {location} on {day}, but "
    "the ledger now holds {book:,}: something was recorded since the form was written; write "
    "a new form with: reliefctl template --kind counts --at {location}",
)
T("source.donation", "donation")
T("source.allotted", "allotted")
T("source.return", "return")
T("reason.expired", "expired")
T("reason.damaged", "damaged")
T("reason.lost", "lost")
T("reason.stolen", "stolen")
T("reason.other", "other")
T(
    "done.received",
    "{entry} recorded: received {item} ×{qty:,} {unit} at {location} ({source}{giver}), "
    "valued {amount:money} 元",
)
T("done.received_from", ", from {giver}")
T(
    "done.received_packed",
    "{entry} recorded: received {item} ×{text} ({qty:,} {unit}) at {location} ({source}"
    "{giver}), valued {amount:money} 元",
)
T(
    "done.returned_packed",
    "{entry} recorded: {item} ×{text} ({qty:,} {unit}) came back from {shipment} to "
    "{location}, at the {amount:money} 元 it left with",
)
T(
    "done.count_line_packed",
    "{item} counted {text} ({counted:,} {unit}), on the books {book:,}: {difference}",
)
T(
    "done.returned",
    "{entry} recorded: {item} ×{qty:,} {unit} came back from {shipment} to {location}, at the "
    "{amount:money} 元 it left with",
)
T("done.transferred", "{entry} recorded: {goods} moved from {source} to {destination}")
T(
    "done.written_off",
    "{entry} recorded: written off at {location} ({reason}): {goods}, a loss of {amount:money} 元",
)
T("done.counted", "{entry} recorded: count at {location}: {lines}")
T("done.count_line", "{item} counted {counted:,} {unit}, on the books {book:,}: {difference}")
T("done.count_gain", "gain {qty:,} ({amount:money} 元)")
T("done.count_loss", "loss {qty:,} ({amount:money} 元)")
T("done.count_even", "no difference")
T("init.warehouse", "stock is held at {location} (add more with: reliefctl location add NAME)")
T("upgrade.warehouse", "{entry}: every earlier entry's stock is at {location}")
T("view.location", "location")
T("view.default", "default")
T("view.is_default", "yes")
T("heading.location", "location")
T("column.location", "location")
T("metavar.location", "LOCATION")
T("metavar.source", "SOURCE")
T("metavar.entry", "ENTRY_ID")
T("metavar.reason", "REASON")
T("metavar.id_type", "TYPE")
T("kind.R", "receipt")
T("kind.T", "transfer")
T("kind.W", "write-off")
T("kind.C", "count")
T(
    "verify.stock_negative_at",
    "stock at {location} at the end of {day} is {qty:,} {unit} (below zero)",
)
T(
    "verify.count_book",
    "count line {line} says {book:,} were on the books, but the location held {held:,} then "
    "(counted {counted:,}, difference posted {qty:,})",
)
T("verify.setting_location", "names the location {location!r}, which the ledger does not hold")
T(
    "verify.identity",
    "{what}: purchases + receipts + count gains come to {came:,}, but delivered + written off "
    "+ count losses come to {went:,} with {on_hand:,} on hand",
)
T("verify.identity_qty", "quantities")
T("verify.identity_value", "value in fen")
T("log.new_location", "new location {name}{budget}")
T("log.receipt", "received {goods} at {location}{source}{giver}{of}")
T("log.source", " ({source})")
T("log.giver", " from {giver}")
T("log.of", ", back from {entry}")
T("log.transfer", "{goods}: {source} → {destination}")
T("log.writeoff", "written off at {location} ({reason}): {goods}")
T("log.count", "count at {location}: {lines}")
T("log.count_line", "{item} {counted:,} {unit} (books {book:,})")
T("log.count_line_packed", "{item} {text} ({counted:,} {unit}; books {book:,})")
T("label.dim.location", "location")
T("label.none.location", "cash grants")
T("label.totals.receipts_value", "goods received in kind (stated value), 元")
T("label.totals.written_off", "goods written off (at cost), 元")
T("label.totals.count_gains", "stocktake gains (at cost), 元")
T("label.totals.count_losses", "stocktake losses (at cost), 元")
T("heading.source", "source")
T("heading.giver", "giver")
T("heading.unit_value", "unit_value")
T("heading.of", "of")
T("heading.from", "from")
T("heading.book", "book")
T("heading.counted", "counted")
T("heading.difference", "difference")
T("hint.location", "a location from the list; blank: the default location")
T("hint.source", "donation, allotted or return (捐赠, 下拨, 退回)")
T("hint.value", "yuan in all, 0 allowed; give value or unit_value (a return: neither)")
T("hint.of", "a return: the delivery it comes back from, S-000123")
T("hint.counted", "what was counted; 0 when none is left")
T("hint.pack", "a pack of the item (箱), with its size; blank: the item alone")
T("hint.size", "how many of the item's unit one pack holds: 240")
T("hint.book", "the book quantity when this form was written: leave it as it is")
T("hint.reason", "expired, damaged, lost, stolen or other (过期, 损坏, 丢失, 被盗, 其他)")
T("list.title.locations", "locations")
T("list.unknown.locations", "Unknown location: add it first (reliefctl location add)")
T("sheet.receipts", "Receipts")
T("sheet.transfers", "Transfers")
T("sheet.writeoffs", "Write-offs")
T("sheet.counts", "Counts")
T("sheet.location_stock", "Stock by location")
TP("done.import_receipts", "{count:,} receipt", "{count:,} receipts")
TP("done.import_transfers", "{count:,} transfer", "{count:,} transfers")
TP("done.import_writeoffs", "{count:,} write-off", "{count:,} write-offs")
TP("done.import_counts", "{count:,} count", "{count:,} counts")
T("show.kind.receipt", "receipt")
T("show.kind.transfer", "transfer")
T("show.kind.writeoff", "write-off")
T("show.kind.count", "count")
T("show.table.locations", "new location")
T("show.table.receipts", "receipt")
T("show.table.transfer_lines", "line")
T("show.table.writeoff_lines", "line")
T("show.table.count_lines", "line")
T("show.table.item_packs", "new pack")
T("show.qty_text", "as written")
T("show.size", "size")
T("show.location", "location")
T("show.from", "from")
T("show.to", "to")
T("show.source", "source")
T("show.giver", "giver")
T("show.unit_value", "unit value")
T("show.of_entry_id", "back from")
T("show.book_qty", "on the books")
T("show.counted_qty", "counted")
T("show.name_key", "key")
T("column.received_qty", "received_qty")
T("column.received_value", "received_value")
T("column.written_off_qty", "written_off_qty")
T("column.written_off_value", "written_off_value")
T("column.count_gain_qty", "count_gain_qty")
T("column.count_gain_value", "count_gain_value")
T("column.count_loss_qty", "count_loss_qty")
T("column.count_loss_value", "count_loss_value")
T("column.qty_packs", "qty_packs")

# the workbook in print (render/xlsx.py): header and footer of every page
T("print.page", "page {page} of {pages}")
T("print.generated", "generated {when}")

# the 公示 page (reliefctl publish; reports/publish.py, render/html.py)
T("publish.title", "Relief supplies and funds: public disclosure")
T("publish.period", "Period: {period}")
T("publish.generated", "Generated {when}")
T("publish.value", "value")
T("publish.amount", "amount, 元")
T("publish.funds", "Funds, as at the end of the period (元)")
T("publish.no_funds", "No fund is recorded.")
T("publish.allocations", "Allocations to the funds (negative: a reduction)")
T("publish.undated", "undated")
T("publish.chart", "{measure} by {dim}")
T("publish.corrections", "Corrections")
T(
    "publish.corrections_intro",
    "Entries are never edited or deleted: a mistake is corrected by a void that reverses the "
    "entry, with its reason. The figures above already leave voided entries out.",
)
T("publish.no_corrections", "No entry of this period was corrected.")
T("publish.received", "Goods received in kind")
T(
    "publish.received_intro",
    "Goods donated or allotted in the period, at their stated value, with their source. The "
    "givers' names are not published.",
)
T("publish.received_value", "value, 元")
T("publish.no_received", "No goods were received in kind in this period.")
T("publish.check", "How to check this page")
T(
    "publish.check_text",
    "This page was made from the ledger up to its entry {entry}, whose hash is:",
)
T(
    "publish.check_command",
    "Whoever keeps the ledger can show that nothing up to that entry has changed since, with:",
)
T("publish.check_empty", "The ledger holds no entries yet.")
T(
    "publish.private",
    "Published: figures, dates, document numbers of allocations, and the reasons of "
    "corrections. Never published: operators' names, notes, suppliers, donors' names, purposes, "
    "recipient units or groups.",
)
T(
    "file.output_not_our_page",
    "{path} exists and was not written by reliefctl publish; it was left as it is — publish "
    "into another folder",
)

# --- the complete export and import --kind all (issue 15) ---------------------------------------

T("heading.seq", "seq")
T("heading.households", "households (户次)")
T("heading.voided_by", "voided by")
T("heading.name", "name")
T("heading.id_number", "id_number")
T("heading.staff_no", "staff_no")
T("heading.employer", "employer")
T("heading.phone", "phone")
T("heading.household", "household")
T("heading.id_type", "id_type")
T("heading.person", "person")
T("heading.household_hash", "household_hash")
T("heading.fingerprint", "fingerprint")
T("heading.allow_repeat", "allow_repeat")
T("heading.setting", "setting")
T("heading.setting_value", "setting value")
T("sheet.places", "Places")
T("sheet.items", "Items")
T("sheet.locations", "Locations")
T("sheet.allocations", "Allocations")
T("sheet.settings", "Settings")
T("sheet.recipients", "Recipients")
TP("done.import_places", "{count:,} place", "{count:,} places")
TP("done.import_items", "{count:,} item", "{count:,} items")
TP("done.import_funds", "{count:,} fund", "{count:,} funds")
TP("done.import_locations", "{count:,} location", "{count:,} locations")
TP("done.import_allocations", "{count:,} allocation", "{count:,} allocations")
TP("done.import_voids", "{count:,} void", "{count:,} voids")
TP("done.import_settings", "{count:,} setting", "{count:,} settings")
TP("done.import_all", "{count:,} entry", "{count:,} entries")
T(
    "import.order_recorded",
    "replayed in the export's recording order; the Manifest's control totals match",
)
T("import.order_dated", "no recording order in the file: posted in event-date order")
T(
    "import.voided_missing",
    "voids {entry}, which this workbook does not hold: export the whole ledger (no --since) "
    "and import that",
)
T(
    "import.setting_differs",
    "the file's {name} is {value!q}, this ledger's is {ours!q}: init the ledger with the same "
    "settings (reliefctl config set {name} {value}) or import into a new ledger",
)
T(
    "import.control_differs",
    "{path}: after the import, the control total “{control}” of sheet “{sheet}” is {ours}, the "
    "Manifest says {theirs}: nothing was written; the file was changed after the export, or the "
    "ledger was not empty",
)
T(
    "import.control_count_differs",
    "{path}: the Manifest lists {theirs} control totals, this reliefctl computes {ours}: nothing "
    "was written; the Manifest was changed, or the file comes from another reliefctl version",
)
T(
    "import.partial_export",
    "{path} is an export of {since} … {until} only: nothing was written; a round trip needs a "
    "whole-ledger export (reliefctl export --out FILE, without --since or --until)",
)
T(
    "import.sheet_with_all",
    "does not go with --kind all, which reads every sheet it knows; to import one sheet, give "
    "its kind (--kind shipments --sheet NAME)",
)
T("import.no_known_sheet", "{path} has no sheet import --kind all knows: expected {sheets}")
T("import.seq_missing", "is blank, but other rows of this workbook have a seq: fill it in")


# --- kits (issue 13) ----------------------------------------------------------------------------

T("kit.no_components", "a kit needs its components: give --component ITEM=QTY, e.g. {example}")
T("kit.component_twice", "{name} appears twice in the recipe; give its quantity per kit once")
T(
    "kit.nested",
    "{name} is itself a kit: a kit's components are items, not kits (list the items of "
    "{name} instead)",
)
T(
    "kit.name_is_item",
    "{name!r} is already an item that is not a kit; give the kit another name",
)
T(
    "kit.recipe_differs",
    "kit {name!r} already exists as {recipe} ({unit}); a kit's recipe is never changed: a "
    "changed recipe is a new kit, add it under a new name",
)
T("kit.of_itself", "kit {name!r} cannot be one of its own components")
T(
    "kit.not_a_kit",
    "{name!r} is not a kit; list the kits with: reliefctl kit list",
)
T("done.what_kit", "kit {name} ({unit}) = {recipe}")
T("done.recipe_part", "{item} ×{qty:,}")
T(
    "done.assembled",
    "{entry} recorded: assembled {kit} ×{qty:,} {unit} at {location} from {goods}, "
    "valued {amount:money} 元",
)
T(
    "done.disassembled",
    "{entry} recorded: took apart {kit} ×{qty:,} {unit} at {location} into {goods}, "
    "valued {amount:money} 元",
)
T(
    "done.assembled_packed",
    "{entry} recorded: assembled {kit} ×{text} ({qty:,} {unit}) at {location} from {goods}, "
    "valued {amount:money} 元",
)
T(
    "done.disassembled_packed",
    "{entry} recorded: took apart {kit} ×{text} ({qty:,} {unit}) at {location} into {goods}, "
    "valued {amount:money} 元",
)
T("view.kit", "kit")
T("view.component", "component")
T("view.qty_per_kit", "qty per kit")
T("kind.A", "assembly")
T("kind.D", "disassembly")
T("verify.check.kits", "kits")
T("verify.kit_not_new", "kit component line {line}: the kit is not an item this entry adds")
T("verify.kit_nested", "kit component line {line}: the component is itself a kit")
T("verify.kit_unknown_component", "kit component line {line}: the component is no known item")
T(
    "verify.kit_component_qty",
    "kit component line {line}: the quantity is not above 0, or the component is there twice",
)
T(
    "verify.assembly_shape",
    "its lines are not one kit line and its recipe's components times the kits, on one date "
    "and location",
)
T(
    "verify.assembly_value",
    "its lines do not sum to 0 fen (they are {difference:money} 元 off): the value out of the "
    "components must equal the value into the kits",
)
T("metavar.arg.kit", "KIT=QTY")
T("log.assembly", "assembled at {location}: {kit} from {goods}")
T("log.disassembly", "taken apart at {location}: {kit} into {goods}")
T(
    "report.components_need_item",
    "shows deliveries in component terms: give it with --by item, township or batch (and no "
    "--pivot)",
)
T("label.report.components", "delivered in component terms (kits × recipe)")
T("label.col.delivered", "delivered")
T("label.col.via_kits", "in kits")
T("label.col.component_qty", "in all")
T("label.col.no_component_history", "kits without component history")
T("label.dim.item_components", "item in component terms")
T("label.components.kit", "kit")
T("sheet.kits", "Kits")
T("sheet.assemblies", "Assemblies")
T("heading.kit", "kit")
T("heading.component", "component")
T("heading.per_kit", "per_kit")
T("heading.role", "role")
T("show.kind.assembly", "assembly")
T("show.kind.disassembly", "disassembly")
T("show.table.assembly_lines", "line")
T("show.table.kit_components", "kit component")
T("show.kit", "kit")
T("show.component", "component")
T("show.role", "role")
T(
    "import.assembly_kind",
    "{value!r} is neither an assembly nor a disassembly (assembly, disassembly, 组装, 拆分)",
)
T("import.assembly_role", "{value!r} is neither kit nor component (kit, component, 礼包, 组成物资)")
T(
    "import.assembly_without_kit",
    "these rows of one assembly have no row with the role kit: give the kit, its quantity and "
    "location on one row",
)
T(
    "import.assembly_kit_twice",
    "is kit again, after row {row} of the same assembly: one kit per assembly (give the other "
    "its own entry or ref)",
)
T(
    "import.kit_measure_differs",
    "{mine!r} differs from {theirs!r} on row {row}, the first row of this kit: a kit has one unit",
)
T("label.report.components_by", "delivered in component terms (kits × recipe), by {dim}")
T("label.dim.township_components", "item in component terms by township")
T("label.dim.batch_components", "item in component terms by batch")
T("label.col.component_item", "item (component terms)")
T("label.col.component_unit", "unit (component terms)")
T(
    "stock.out_assembly",
    "not enough {name}{at} to assemble: {on_hand:,} {unit} on hand on {day}{later}; the kits "
    "need {qty:,} {hint}",
)
T(
    "stock.out_disassembly",
    "not enough {name}{at}: {on_hand:,} {unit} on hand on {day}{later}; cannot take {qty:,} "
    "apart {hint}",
)
