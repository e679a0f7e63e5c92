"""Every failure a user can see, one class each.

The core raises these; it never prints and never exits. ``reliefctl.cli.errors`` is the one
place that maps a class to an exit code and a one-line message. Messages say where, what is
wrong and what to do next, because they are read by a clerk at 2 a.m. or in a cron mail.
"""

from __future__ import annotations


class ReliefError(Exception):
    """Base of every error reliefctl reports to a user (never shown with a traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- input that cannot be understood (exit 2, like a usage error) -------------------------


class InputError(ReliefError):
    """A value typed by the user is malformed: a number, date, name or option."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


# --- refused by a ledger rule (exit 1) -------------------------------------------------------


class RuleViolation(ReliefError):
    """The input is well-formed but a ledger rule refuses it."""


class UnknownName(RuleViolation):
    """A township, unit, item, fund or entry that the ledger does not know."""


class DuplicateName(RuleViolation):
    """Master data that already exists under that name (with different details)."""


class OutOfStock(RuleViolation):
    """A shipment (or a void of a purchase) would take an item's stock below zero."""


class FundOverdrawn(RuleViolation):
    """A purchase or grant would take a fund past its budget."""


class RefConflict(RuleViolation):
    """A ref (delivery note number) already recorded with different content."""


class VoidRefused(RuleViolation):
    """A void that the ledger cannot accept (a void, already voided, goods already used)."""


# --- the ledger cannot be used right now (exit 3) --------------------------------------------


class LedgerBusy(ReliefError):
    """Another writer held the ledger longer than the busy timeout, or a lock is taken."""


# --- storage and integrity (exit 4) ------------------------------------------------------------


class StorageError(ReliefError):
    """The ledger's storage cannot be read or written as needed."""


class LedgerMissing(StorageError):
    """No ledger at the given location."""


class NotALedger(StorageError):
    """A file or database that is not a reliefctl ledger (or is damaged beyond reading)."""


class SchemaTooNew(StorageError):
    """A ledger written by a newer reliefctl; refusing rather than guessing."""


class IntegrityFailure(StorageError):
    """``verify`` found the ledger inconsistent or tampered with."""
