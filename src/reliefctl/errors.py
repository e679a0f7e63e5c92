"""Every failure a user can see: one class each, carrying a stable code and its parameters.

The bottom of reliefctl: every layer raises these and none of them formats a message. A class
says *what* went wrong (its ``code``, stable across releases and languages) and *with what*
(its parameters, keyed by domain field names such as ``unit_price`` or ``since``, never by how
one caller spells them). The words are chosen by the layer that knows the user:
``reliefctl.messages`` renders an error from the English template in ``reliefctl.vocab`` (or
its Chinese translation in the catalog), naming a field as the command-line option the user
typed (``--unit-price``) or as the column the sheet heads (``单价``).

``reliefctl.cli.errors`` maps each class, by its category (the base classes below), to an
exit code; a class that belongs to no category is a bug its test catches.

Parameter conventions: ``field`` is a domain field name (``qty``; ``env:RELIEFCTL_LANG`` for an
environment variable); ``value`` is the user's text as given; money is in integer fen; dates
are ISO strings; a :class:`Term` is a vocabulary word rendered in the user's language; a
nested error (``error``) is rendered in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Term:
    """A word from the vocabulary (``reliefctl.vocab``), shown in the user's language."""

    key: str


class Phrase:
    """A vocabulary entry with its own parameters, rendered in place (a fragment of a message)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.params!r})"


@dataclass(frozen=True)
class OneOf:
    """Names offered as alternatives ("高丽营镇 or 高丽镇"), joined in the user's language."""

    names: tuple[str, ...]


class ReliefError(Exception):
    """Base of every error reliefctl reports to a user (never shown with a traceback)."""

    code: ClassVar[str] = ""

    def __init__(self, **params: Any) -> None:
        super().__init__(self.code)
        self.params: dict[str, Any] = params

    @property
    def field(self) -> str | None:
        field = self.params.get("field")
        return None if field is None else str(field)

    def __str__(self) -> str:
        # For logs and debugging only; users read ``reliefctl.messages.render``.
        shown = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code}({shown})"


# --- categories (each maps to one exit code) -----------------------------------------------------


class InputError(ReliefError):
    """A value the user gave is malformed: a number, date, name, option or file (exit 2)."""


class RuleViolation(ReliefError):
    """The input is well-formed but a ledger rule refuses it (exit 1)."""


class IntegrityFailure(ReliefError):
    """``verify`` (or a copy's check) found the ledger inconsistent or tampered with (exit 1)."""


class LedgerBusy(ReliefError):
    """Another writer held the ledger past the busy timeout, or a lock is taken (exit 3)."""


class StorageError(ReliefError):
    """The ledger's storage cannot be used as needed (exit 4)."""


class OutputError(ReliefError):
    """An output file (export, template, page) could not be written; nothing replaced (exit 4)."""


class CommitUncertain(ReliefError):
    """The outcome of COMMIT cannot be known (connection lost, I/O error while committing)."""


# --- numbers -------------------------------------------------------------------------------------


class NumberEmpty(InputError):
    code = "number.empty"


class ForeignDigit(InputError):
    """A digit other than 0-9 or ０-９ (Arabic-Indic, Myanmar, circled, superscript...)."""

    code = "number.foreign_digit"


class NumberSigned(InputError):
    code = "number.signed"


class NumberInnerSpace(InputError):
    code = "number.inner_space"


class NotANumber(InputError):
    code = "number.not_a_number"


class MoneyForCount(InputError):
    """``¥5`` or ``5元`` where a count (quantity, head count) is expected."""

    code = "number.money_for_count"


class BadGrouping(InputError):
    """Commas that do not separate groups of three digits (``1,00``): ambiguous."""

    code = "number.bad_grouping"


class NumberTooLarge(InputError):
    code = "number.too_large"


class NotWhole(InputError):
    code = "number.not_whole"


class FractionOfFen(InputError):
    code = "number.fraction_of_fen"


class TooManyDecimals(InputError):
    code = "number.too_many_decimals"


class NumberZero(InputError):
    code = "number.zero"


# --- dates ---------------------------------------------------------------------------------------


class DateEmpty(InputError):
    code = "date.empty"


class NotADate(InputError):
    code = "date.not_a_date"


class NotACalendarDate(InputError):
    code = "date.not_calendar"


class DateTooEarly(InputError):
    code = "date.too_early"


class DateInFuture(InputError):
    code = "date.future"


class PeriodReversed(InputError):
    """``--since`` after ``--until``: the period would be empty."""

    code = "period.reversed"


# --- names and texts -----------------------------------------------------------------------------


class TextLineBreak(InputError):
    code = "text.line_break"


class TextInvisible(InputError):
    """A control, format, private-use, unassigned or other invisible character."""

    code = "text.invisible"


class TextEmpty(InputError):
    code = "text.empty"


class NameOnlyMarks(InputError):
    code = "text.only_marks"


class ItemSpecDoubleEquals(InputError):
    code = "item_spec.double_equals"


class NameTooLong(InputError):
    code = "text.name_too_long"


class TextTooLong(InputError):
    code = "text.too_long"


class ItemSpecEmpty(InputError):
    code = "item_spec.empty"


class ItemSpecNoEquals(InputError):
    """An item spec without ``=``: reported on the field ``item_spec`` with the text as ``spec``."""

    code = "item_spec.no_equals"


class ItemSpecNoName(InputError):
    code = "item_spec.no_name"


class ItemSpecNoQuantity(InputError):
    code = "item_spec.no_quantity"


class UnknownLanguage(InputError):
    code = "lang.unknown"


# --- ledger settings and the time zone ---------------------------------------------------------


class UnknownTimeZone(InputError):
    """A time zone that is not an IANA name (``Asia/Shanghai``) this machine's zone data knows."""

    code = "tz.unknown"


class UnknownSetting(InputError):
    """``config set NAME``: a name that is not a ledger setting (``known`` lists them)."""

    code = "setting.unknown"


class SettingNotYesNo(InputError):
    """A yes/no setting (``require_fund``) given something else."""

    code = "setting.yes_no"


class FundRequired(RuleViolation):
    """A purchase or grant without a fund on a ledger whose ``require_fund`` setting is yes."""

    code = "fund.required"


class StoredZoneUnknown(StorageError):
    """The ledger's ``tz`` setting names a zone this machine's zone data does not have."""

    code = "tz.stored_unknown"


# --- the person key (issue 16) ----------------------------------------------------------------


class PersonKeyMissing(StorageError):
    """No person key where reliefctl looks for it (``reliefctl key init`` creates one)."""

    code = "key.missing"


class PersonKeyMalformed(StorageError):
    """The person key file is unreadable or not 64 hex digits."""

    code = "key.malformed"


class PersonKeyExists(RuleViolation):
    """``key init`` where a key file exists: it is never overwritten."""

    code = "key.exists"


class PersonKeyUnwritable(OutputError):
    """``key init`` could not write the key file."""

    code = "key.unwritable"


class PersonKeyMismatch(RuleViolation):
    """The person key's fingerprint is not the one the ledger recorded."""

    code = "key.mismatch"


# --- persons and their lists (issue 16) ----------------------------------------------------------
# Every identifier a message shows is masked (``reliefctl.ledger.persons.mask_identifier``).


class IdNumberLength(InputError):
    """A 身份证号 without 18 characters."""

    code = "person.id_length"


class IdNumberCharacters(InputError):
    """A 身份证号 that is not 17 digits and a digit or X."""

    code = "person.id_characters"


class IdNumberDate(InputError):
    """A 身份证号 whose digits 7-14 are no date of birth."""

    code = "person.id_date"


class IdNumberCheck(InputError):
    """A 身份证号 whose check character (ISO 7064 MOD 11-2) is wrong: a typo."""

    code = "person.id_check"


class PhoneMalformed(InputError):
    """A phone number that is not 7 to 15 digits."""

    code = "person.phone_malformed"


class StaffNeedsEmployer(InputError):
    """A staff number without its employer (1001 at two employers is two people)."""

    code = "person.staff_needs_employer"


class RecipientWithoutIdentifier(InputError):
    """A row of a list with a name but no 身份证号, staff number or phone."""

    code = "recipients.no_identifier"


class RecipientTwice(RuleViolation):
    """The same person twice on one list."""

    code = "recipients.twice"


class RecipientAmountMissing(InputError):
    """Some rows of a list give an amount and this one does not."""

    code = "recipients.amount_missing"


class RecipientsEmpty(InputError):
    """A list with no person on it."""

    code = "recipients.empty"


class RecipientsRejected(RuleViolation):
    """A list with at least one bad row; nothing was written. ``problems`` lists them all."""

    code = "recipients.rejected"

    def __init__(self, problems: list[Any] | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.problems: list[Any] = list(problems or [])


class RecipientsMalformed(InputError):
    """Like ``RecipientsRejected`` when every problem is a malformed value (exit 2)."""

    code = "recipients.malformed"

    def __init__(self, problems: list[Any] | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.problems: list[Any] = list(problems or [])


class RecipientsOptionNeedsList(InputError):
    """``--each`` or ``--allow-repeat`` without ``--recipients``."""

    code = "recipients.option_needs_list"


class EachAndListAmounts(InputError):
    """``--each`` given for a list that has its own amounts."""

    code = "recipients.each_and_amounts"


class GrantAmountNotSum(RuleViolation):
    """``--amount`` that is not the sum of the list's amounts (or ``--each`` × persons)."""

    code = "recipients.amount_not_sum"


class GrantAmountMissing(InputError):
    """A grant with neither ``--amount`` nor amounts from its list (``--each``)."""

    code = "recipients.amount_missing_grant"


class PurposeRequired(InputError):
    """A grant with a list of recipients must name its purpose (one grant per purpose)."""

    code = "recipients.purpose_required"


class PeopleBelowList(InputError):
    """``--people`` fewer than the persons listed."""

    code = "recipients.people_below"


class RepeatGrant(RuleViolation):
    """A person who already received a grant with this purpose in this batch (or month)."""

    code = "recipients.repeat"


class IdentifierUnrecognised(InputError):
    """``person find`` read something that is no 身份证号 or phone (give ``--as``)."""

    code = "person.unrecognised"


class IdentifierTypeUnknown(InputError):
    """``person find --as`` with something other than id, staff or phone."""

    code = "person.as_unknown"


class PersonHashMalformed(InputError):
    """A Recipients sheet's hash that is not 64 hex digits."""

    code = "person.hash_malformed"


class RecipientsFromAnotherKey(RuleViolation):
    """A list of hashed recipients (an export's) made with another person key."""

    code = "recipients.other_key"


class IdentifierEmpty(InputError):
    """``person find`` read nothing."""

    code = "person.empty"


class FingerprintMalformed(InputError):
    """A ``person_key`` setting value that is not 16 hex digits."""

    code = "key.fingerprint_malformed"


# --- where the ledger is ------------------------------------------------------------------------


class SqliteUrlWithoutPath(InputError):
    code = "db.sqlite_url_without_path"


class EmptyLocation(InputError):
    code = "db.empty"


class UnsupportedUrl(InputError):
    code = "db.unsupported_url"


class BadBusyTimeout(InputError):
    code = "db.bad_busy_timeout"


# --- storage: SQLite -----------------------------------------------------------------------------


class LedgerMissing(StorageError):
    """No ledger at the given location."""

    code = "storage.missing"


class EmptyFileNotLedger(StorageError):
    code = "storage.empty_file"


class NotALedger(StorageError):
    """A file or database that is not a reliefctl ledger."""

    code = "storage.not_a_ledger"


class LedgerIsFolder(NotALedger):
    code = "storage.is_folder"


class LedgerNotAFile(NotALedger):
    """A device, a pipe or a socket where a ledger file should be: never read, never replaced."""

    code = "storage.not_a_file"


class DanglingLink(StorageError):
    code = "storage.dangling_link"


class LedgerDamaged(NotALedger):
    code = "storage.damaged"


class NoSchemaVersion(NotALedger):
    code = "storage.no_version"


class SchemaTooNew(StorageError):
    """A ledger written by a newer reliefctl; refusing rather than guessing."""

    code = "storage.too_new"


class SchemaTooOld(StorageError):
    """A ledger of an older schema: its owner must run ``reliefctl upgrade`` first."""

    code = "storage.too_old"


class SqliteBusy(LedgerBusy):
    code = "storage.busy"


class LedgerReadOnly(StorageError):
    code = "storage.read_only"


class DiskFull(StorageError):
    code = "storage.disk_full"


class CannotOpen(StorageError):
    code = "storage.cannot_open"


class AppendOnlyRefused(StorageError):
    code = "storage.append_only"


class ConstraintBroken(StorageError):
    code = "storage.constraint"


class StorageFailure(StorageError):
    """Any other driver error, with the driver's words."""

    code = "storage.failure"


class CannotCreateFolder(StorageError):
    code = "storage.cannot_create_folder"


class CannotCreateLedger(StorageError):
    code = "storage.cannot_create"


# --- storage: PostgreSQL -------------------------------------------------------------------------


class PgNoDriver(StorageError):
    code = "pg.no_driver"


class PgWrongPassword(StorageError):
    code = "pg.wrong_password"


class PgNoPassword(StorageError):
    code = "pg.no_password"


class PgNoRole(StorageError):
    code = "pg.no_role"


class PgNoDatabase(StorageError):
    code = "pg.no_database"


class PgUnreachable(StorageError):
    code = "pg.unreachable"


class PgUnknownHost(StorageError):
    code = "pg.unknown_host"


class PgTimeout(StorageError):
    code = "pg.timeout"


class PgConnectFailed(StorageError):
    code = "pg.connect_failed"


class PgBusy(LedgerBusy):
    code = "pg.busy"


class PgNoLedger(StorageError):
    code = "pg.no_ledger"


class PgNoPrivilege(StorageError):
    code = "pg.no_privilege"


class PgReadOnly(StorageError):
    code = "pg.read_only"


class PgDiskFull(StorageError):
    code = "pg.disk_full"


class PgNoSchema(StorageError):
    code = "pg.no_schema"


class PgConnectionLost(StorageError):
    code = "pg.connection_lost"


class PgForeignMeta(NotALedger):
    code = "pg.foreign_meta"


class PgMetaNotOurs(NotALedger):
    code = "pg.meta_not_ours"


class PgTablesClash(NotALedger):
    code = "pg.tables_clash"


class PgNotUtf8(StorageError):
    code = "pg.not_utf8"


class PgNoSchemaForInit(StorageError):
    code = "pg.no_schema_for_init"


class CommitOutcomeUnknown(CommitUncertain):
    code = "storage.commit_unknown"


# --- copy -----------------------------------------------------------------------------------------


class CopyOntoItself(InputError):
    code = "copy.onto_itself"


class CopyWrongVersion(StorageError):
    code = "copy.wrong_version"


class TargetInitialised(RuleViolation):
    """The ``--to`` ledger was made by ``reliefctl init``: it holds its own settings entry."""

    code = "copy.target_initialised"


class TargetNotEmpty(RuleViolation):
    """The ``--to`` ledger already holds entries: a copy never merges into or overwrites one."""

    code = "copy.target_not_empty"


class CopySequenceGap(IntegrityFailure):
    code = "copy.sequence_gap"


class CopyChainBroken(IntegrityFailure):
    code = "copy.chain_broken"


class CopyDoesNotVerify(IntegrityFailure):
    code = "copy.does_not_verify"


# --- names the ledger does not know ---------------------------------------------------------------


class UnknownName(RuleViolation):
    """A township, unit, item, fund or entry that the ledger does not know."""


class UnknownPlace(UnknownName):
    code = "unknown.place"


class UnknownItem(UnknownName):
    code = "unknown.item"


class UnknownFund(UnknownName):
    code = "unknown.fund"


class UnknownTownship(UnknownName):
    code = "unknown.township"


class UnknownEntry(UnknownName):
    code = "unknown.entry"


class UnknownBatch(UnknownName):
    code = "unknown.batch"


class UnknownGroup(UnknownName):
    code = "unknown.group"


class UnknownEntryKind(InputError):
    code = "log.unknown_kind"


# --- posting rules -------------------------------------------------------------------------------


class NeedPriceOrTotal(InputError):
    """Neither or both of a unit price and a total."""

    code = "purchase.price_or_total"


class TotalRoundsToZero(InputError):
    code = "purchase.rounds_to_zero"


class TotalTooLarge(InputError):
    code = "purchase.total_too_large"


class ShipmentWithoutLines(InputError):
    code = "shipment.no_lines"


class ItemTwice(InputError):
    code = "shipment.item_twice"


class OutOfStock(RuleViolation):
    """A shipment (or a void of a purchase) would take an item's stock below zero."""

    code = "stock.out"


class FundOverdrawn(RuleViolation):
    """A purchase, grant or budget reduction would leave a fund's remaining below zero on its
    date or a later one (``day``; ``later`` names the later date when that is where)."""

    code = "fund.overdrawn"


class LedgerTotalTooLarge(RuleViolation):
    """An entry that would take a gross total of the ledger past the bound of exact totals."""

    code = "ledger.total_too_large"


class RefConflict(RuleViolation):
    """A ref (delivery note number) already recorded with different content."""

    code = "ref.conflict"


class BadEntryId(InputError):
    code = "entry.bad_id"


# --- voids ---------------------------------------------------------------------------------------


class VoidRefused(RuleViolation):
    """A void that the ledger cannot accept."""


class VoidNotCommitted(VoidRefused):
    code = "void.not_committed"


class VoidOfVoid(VoidRefused):
    code = "void.of_void"


class VoidOfMaster(VoidRefused):
    code = "void.of_master"


class VoidOfSetting(VoidRefused):
    """A ledger setting is changed by a new setting entry, never voided."""

    code = "void.of_setting"


class AlreadyVoided(VoidRefused):
    code = "void.already"


class VoidWouldUnstock(VoidRefused):
    code = "void.unstock"


class VoidCostUsed(VoidRefused):
    code = "void.cost_used"


class VoidWouldOverdraw(VoidRefused):
    """Voiding an allocation would leave its fund's remaining below zero on some date."""

    code = "void.overdraw"


# --- master data ---------------------------------------------------------------------------------


class DuplicateName(RuleViolation):
    """Master data that already exists under that name (with different details)."""


class PlaceNameTaken(DuplicateName):
    code = "master.place_taken"


class UnitElsewhere(DuplicateName):
    code = "master.unit_elsewhere"


class ItemUnitDiffers(DuplicateName):
    code = "master.item_unit_differs"


class FundBudgetDiffers(DuplicateName):
    code = "master.fund_budget_differs"


class NameKeyTaken(DuplicateName):
    """A new name with the key of an existing one (they display the same): always refused."""

    code = "master.same_key"


class NearDuplicateName(DuplicateName):
    """A new name that is an existing one plus or minus a suffix (镇, 街道 ...); ``--force``."""

    code = "master.near_duplicate"


class QuantityWrongUnit(RuleViolation):
    """A quantity written with a unit that is not its item's (``12箱`` of an item in 个)."""

    code = "quantity.wrong_unit"


class QuantityUnknownPack(RuleViolation):
    """A quantity naming neither its item's unit nor one of its packs (``12盒``, packs 箱)."""

    code = "quantity.unknown_pack"


class QuantityUnitTwice(InputError):
    """A quantity naming one unit or pack twice (``2箱3箱``)."""

    code = "quantity.unit_twice"


class PackNotWhole(RuleViolation):
    """A quantity in packs that is not a whole number of base units (1.5箱 of 5 个)."""

    code = "quantity.pack_not_whole"


class UnitNameDigit(InputError):
    """A unit or pack name holding a digit outside brackets (``5kg袋``): ambiguous after a
    number."""

    code = "pack.name_digit"


class PackNameUnreadable(InputError):
    """A pack name that cannot be written after a number (``kg/袋``, ``万``)."""

    code = "pack.name_unreadable"


class PackNameIsUnit(DuplicateName):
    """A pack named as its item's own unit (``item pack 暖身贴 个``)."""

    code = "pack.is_unit"


class PackSizeDiffers(DuplicateName):
    """A pack already defined with another size: a size never changes, a new one is a new
    name."""

    code = "pack.size_differs"


class BudgetTooLarge(InputError):
    code = "fund.budget_too_large"


# --- import --------------------------------------------------------------------------------------


class UnknownHeading(InputError):
    code = "import.unknown_heading"


class DuplicateHeading(InputError):
    code = "import.duplicate_heading"


class MissingColumn(InputError):
    code = "import.missing_column"


class MissingPlaceColumn(InputError):
    code = "import.missing_place_column"


class MissingPriceColumn(InputError):
    code = "import.missing_price_column"


class RequiredEmpty(InputError):
    code = "import.required_empty"


class PlaceEmpty(InputError):
    code = "import.place_empty"


class TownshipEmpty(InputError):
    code = "import.township_empty"


class UnitNotInTownship(RuleViolation):
    code = "import.unit_not_in_township"


class PriceOrTotalMissing(InputError):
    code = "import.price_or_total_missing"


class TotalMismatch(InputError):
    code = "import.total_mismatch"


class QtyTextDiffers(InputError):
    """A row's quantity as written (``qty_text``) that does not come to its ``qty``."""

    code = "import.qty_text_differs"


class DeliveryRowsApart(InputError):
    code = "import.delivery_rows_apart"


class DeliveryDiffers(InputError):
    code = "import.delivery_differs"


class PeopleDiffers(InputError):
    code = "import.people_differs"


class ItemAgainInDelivery(InputError):
    code = "import.item_again"


class UnnamedValue(InputError):
    code = "import.unnamed_value"


class ImportRejected(RuleViolation):
    """An import with at least one bad row; nothing was written. ``problems`` lists them all."""

    code = "import.rejected"

    def __init__(self, problems: list[Any] | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.problems: list[Any] = list(problems or [])


class ImportMalformed(InputError):
    """Like ``ImportRejected`` when every problem is a malformed value (exit 2, like a typo)."""

    code = "import.malformed"

    def __init__(self, problems: list[Any] | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.problems: list[Any] = list(problems or [])


# --- files ---------------------------------------------------------------------------------------


class OutputIsFolder(InputError):
    code = "file.output_is_folder"


class OutputWrongSuffix(InputError):
    code = "file.output_suffix"


class ParentIsFile(InputError):
    code = "file.parent_is_file"


class FolderMissing(InputError):
    code = "file.folder_missing"


class NotAFolder(InputError):
    code = "file.not_a_folder"


class EmptyPath(InputError):
    code = "file.empty_path"


class OutputNoName(InputError):
    code = "file.output_no_name"


class OutputIsLedger(OutputError):
    code = "file.output_is_ledger"


class OutputNotAFile(OutputError):
    code = "file.output_not_a_file"


class OutputNotAWorkbook(OutputError):
    code = "file.output_not_workbook"


class OutputNotOurPage(OutputError):
    """The 公示 page's target exists and is not a page ``reliefctl publish`` wrote."""

    code = "file.output_not_our_page"


class OutputReadOnly(OutputError):
    code = "file.output_read_only"


class InputNotAFile(InputError):
    code = "file.input_not_a_file"


class LockIsLink(OutputError):
    code = "file.lock_is_link"


class CannotWriteFolder(OutputError):
    code = "file.cannot_write_folder"


class CannotWriteFile(OutputError):
    code = "file.cannot_write"


class CannotCreateLock(OutputError):
    code = "file.cannot_create_lock"


class ExportBusy(LedgerBusy):
    """Another export is writing into the same folder (it holds the folder's lock)."""

    code = "file.export_busy"


class InputMissing(InputError):
    code = "file.missing"


class InputIsFolder(InputError):
    code = "file.is_folder"


class CsvHasNoSheets(InputError):
    code = "file.csv_no_sheets"


class OldExcelFile(InputError):
    code = "file.xls"


class NotASpreadsheet(InputError):
    code = "file.not_spreadsheet"


class BadEncoding(InputError):
    code = "file.bad_encoding"


class CsvHeadingUnreadable(InputError):
    code = "file.csv_heading"


class CsvRowUnreadable(InputError):
    code = "file.csv_row"


class EmptyTable(InputError):
    code = "file.empty"


class NoSuchSheet(InputError):
    code = "file.no_such_sheet"


class WhichSheet(InputError):
    code = "file.which_sheet"


class NotAWorkbook(InputError):
    code = "file.not_workbook"


class NoHeadingRow(InputError):
    code = "file.no_heading_row"


class WorkbookTooLarge(InputError):
    code = "file.workbook_too_large"


class WorkbookPartMissing(InputError):
    code = "file.part_missing"


class WorkbookXmlDamaged(InputError):
    code = "file.xml_damaged"


class SharedStringMissing(InputError):
    code = "file.shared_string_missing"


class NumberCellText(InputError):
    code = "file.number_cell_text"


class CellUnreadable(InputError):
    code = "file.cell_unreadable"


class ChartSheet(InputError):
    code = "file.chart_sheet"


class HiddenSheet(InputError):
    code = "file.hidden_sheet"


class NoDataSheet(InputError):
    code = "file.no_data_sheet"


class BomNotUtf8(InputError):
    code = "file.bom_not_utf8"


class HiddenRow(InputError):
    code = "cell.hidden_row"


class MergedAcrossRows(InputError):
    code = "cell.merged"


class FormulaWithoutValue(InputError):
    code = "cell.formula_without_value"


class ExcelErrorValue(InputError):
    code = "cell.error_value"


class BooleanCell(InputError):
    code = "cell.boolean"


class TooManyCells(InputError):
    code = "cell.too_many"


class ContradictoryPlace(InputError):
    code = "import.contradictory_place"


class ContinuedSheetHeadings(InputError):
    code = "file.continued_headings"


# --- reports and views ----------------------------------------------------------------------------


class UnknownDimension(InputError):
    code = "report.unknown_dimension"


class PivotNeedsTwo(InputError):
    code = "report.pivot_needs_two"


class PivotCannotCross(InputError):
    code = "report.pivot_cannot_cross"


class UnknownFormat(InputError):
    code = "format.unknown"


# --- verify --------------------------------------------------------------------------------------


class BadHead(InputError):
    code = "verify.bad_head"


class VerifyFailed(IntegrityFailure):
    code = "verify.failed"


# --- command line -----------------------------------------------------------------------------


class UnknownImportKind(InputError):
    code = "cli.unknown_kind"


class OutOrOutDir(InputError):
    code = "cli.out_or_out_dir"


class KeepAtLeastOne(InputError):
    code = "cli.keep_at_least_one"


class KeepNeedsOutDir(InputError):
    code = "cli.keep_needs_out_dir"


def categories() -> tuple[type[ReliefError], ...]:
    """The base classes that decide an exit code (``reliefctl.cli.errors`` maps each)."""
    return (
        InputError,
        RuleViolation,
        IntegrityFailure,
        LedgerBusy,
        StorageError,
        OutputError,
        CommitUncertain,
    )


def all_errors() -> list[type[ReliefError]]:
    """Every concrete error class (those with a code), for the exit-code and message tests."""
    found: list[type[ReliefError]] = []
    pending: list[type[ReliefError]] = [ReliefError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.code and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda cls: cls.code)


# --- locations and stock movements ---------------------------------------------------------------


class UnknownLocation(UnknownName):
    """A location the ledger does not know (``--at``, ``--from``, ``--to``, the setting)."""

    code = "unknown.location"


class LocationEnvUnknown(InputError):
    """``RELIEFCTL_LOCATION`` names a location the ledger does not know."""

    code = "location.env_unknown"


class LocationTownshipDiffers(DuplicateName):
    """``location add`` of an existing location with another township."""

    code = "location.township_differs"


class CountClosed(RuleViolation):
    """A movement dated before a count of that item at that location (the count closed it)."""

    code = "stock.count_closed"


class MovementWithoutLines(InputError):
    """A transfer, write-off or count without any ``--item ITEM=QTY``."""

    code = "movement.no_lines"


class MovementItemTwice(InputError):
    """The same item twice in one transfer, write-off or count."""

    code = "movement.item_twice"


class TransferToItself(InputError):
    """A transfer whose source and destination are the same location."""

    code = "transfer.same_location"


class UnknownReason(InputError):
    """A write-off reason that is none of the codes (or their Chinese words)."""

    code = "writeoff.reason"


class UnknownSource(InputError):
    """A receipt source that is none of the codes (or their Chinese words)."""

    code = "receive.source"


class ReceiveNeedsValue(InputError):
    """A donation or allotment needs exactly one of ``--value`` or ``--unit-value``."""

    code = "receive.value"


class ReturnNeedsShipment(InputError):
    """``--source return`` needs ``--of S-…``, and takes no value."""

    code = "receive.return_of"


class OfOnlyForReturn(InputError):
    """``--of`` given for a receipt that is not a return."""

    code = "receive.of_not_return"


class ReturnNotShipped(RuleViolation):
    """A return of more than the shipment delivered of the item (less what came back)."""

    code = "receive.return_too_much"


class ReturnOfWhat(RuleViolation):
    """``--of`` names an entry that is not a valid shipment, or one without the item."""

    code = "receive.return_target"


class VoidReturned(VoidRefused):
    """Voiding a shipment some of whose goods came back (void the returns first)."""

    code = "void.returned"


class VoidUnstockAt(VoidRefused):
    """A void that would take a location's stock below zero on some date."""

    code = "void.unstock_at"


class CountStale(RuleViolation):
    """A stocktake sheet whose book quantities have changed since the form was written."""

    code = "count.stale"


# --- import --kind all (issue 15) ----------------------------------------------------------------


class VoidedEntryMissing(RuleViolation):
    """A void on the Voids sheet reverses an entry the workbook does not hold."""

    code = "import.voided_missing"


class SettingDiffers(RuleViolation):
    """A setting on the Settings sheet differs from the (no longer empty) target ledger's."""

    code = "import.setting_differs"


class ControlDiffers(RuleViolation):
    """After replaying an export, a control total differs from its Manifest's (one line, not a
    row's problem: the whole file is refused)."""

    code = "import.control_differs"


class ControlCountDiffers(RuleViolation):
    """The Manifest lists another number of control totals than this reliefctl computes."""

    code = "import.control_count_differs"


class PartialExport(RuleViolation):
    """``import --kind all`` of an export limited with --since/--until: it cannot be replayed
    (its voids and deliveries name entries and stock from outside the period)."""

    code = "import.partial_export"


class SheetWithAll(InputError):
    """``import --kind all --sheet NAME``: all reads every sheet it knows."""

    code = "import.sheet_with_all"


class NoKnownSheet(InputError):
    code = "import.no_known_sheet"


class SeqMissing(InputError):
    code = "import.seq_missing"


# --- kits (issue 13) -----------------------------------------------------------------------------


class KitWithoutComponents(InputError):
    """``kit add`` without any ``--component``."""

    code = "kit.no_components"


class KitComponentTwice(InputError):
    """The same component twice in one kit's recipe."""

    code = "kit.component_twice"


class KitNested(RuleViolation):
    """A component that is itself a kit: kits do not nest (assemble from the items)."""

    code = "kit.nested"


class KitNameIsItem(DuplicateName):
    """``kit add`` with the name of an item that is not a kit."""

    code = "kit.name_is_item"


class KitRecipeDiffers(DuplicateName):
    """``kit add`` of an existing kit with another unit or recipe: a changed recipe is a new
    kit (under a new name)."""

    code = "kit.recipe_differs"


class KitOfItself(RuleViolation):
    """A kit named among its own components."""

    code = "kit.of_itself"


class NotAKit(RuleViolation):
    """``assemble``/``disassemble`` of an item that is not a kit."""

    code = "kit.not_a_kit"


class UnknownAssemblyKind(InputError):
    """An Assemblies sheet's ``kind`` that is neither assembly nor disassembly."""

    code = "import.assembly_kind"


class UnknownAssemblyRole(InputError):
    """An Assemblies sheet's ``role`` that is neither kit nor component."""

    code = "import.assembly_role"


class AssemblyWithoutKit(InputError):
    """The rows of one assembly (or disassembly) on an Assemblies sheet without a ``kit`` row."""

    code = "import.assembly_without_kit"


class AssemblyKitTwice(InputError):
    """Two ``kit`` rows in the rows of one assembly: one kit per entry."""

    code = "import.assembly_kit_twice"


class KitMeasureDiffers(InputError):
    """The rows of one kit on a Kits sheet with different measures (a kit has one unit)."""

    code = "import.kit_measure_differs"


class ComponentsShort(OutOfStock):
    """An assembly would take a component's stock below zero."""

    code = "stock.out_assembly"


class KitsShort(OutOfStock):
    """A disassembly would take the kit's stock below zero."""

    code = "stock.out_disassembly"


class ComponentsNeedItem(InputError):
    """``report --components`` without ``--by item`` (or with ``--pivot``)."""

    code = "report.components_need_item"
