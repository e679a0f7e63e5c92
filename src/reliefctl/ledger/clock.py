"""The ledger's clock: now and today in the ledger's own time zone.

A ledger has one IANA time zone, its ``tz`` setting (``reliefctl.ledger.settings``), so "today"
for the not-in-the-future rule, the offset of every ``recorded_at``, the nightly file's date and
the export's times are the same whoever opens the ledger, whatever the zone of the machine or
of the PostgreSQL server: a clerk at 07:30 in Beijing on a server kept in UTC is recording
today, not tomorrow.

Zones come from the standard library's ``zoneinfo`` (with the ``tzdata`` package where the
system has no zone database). ``system_epoch`` is the one place the system clock is read, so a
test can fix the time for every command by replacing it.

Decisions:

* A zone is written as a name of the IANA database (``Asia/Shanghai``, ``Asia/Urumqi``,
  ``UTC``); fixed offsets (``+08:00``), abbreviations that are not zone names (``CST``, which
  means three different zones) and the database's files ``localtime``, ``Factory`` and
  ``posixrules`` are refused. A name in the wrong case is refused with the
  right spelling suggested (``asia/shanghai`` -> ``Asia/Shanghai``).
* ``init`` (and ``upgrade`` of a ledger from before zones) defaults to the machine's configured
  zone name as ``tzlocal`` reads it (``/etc/timezone``, the ``/etc/localtime`` link, ``TZ``)
  when that is such a name, else ``Asia/Shanghai``; ``Etc/UTC`` is kept when that is what the
  machine says, and the confirmation states the zone chosen.
"""

from __future__ import annotations

import time
import warnings
import zoneinfo
from datetime import date, datetime
from functools import cache

from reliefctl.errors import Phrase, StoredZoneUnknown, UnknownTimeZone

#: The zone of a ledger that has none on record, and init's when the machine's cannot be read.
DEFAULT_ZONE = "Asia/Shanghai"

#: Files of the zone database that are not zones a ledger should name.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})


def system_epoch() -> float:
    """Seconds since the epoch: the one read of the system clock (tests replace this)."""
    return time.time()


@cache
def _available() -> frozenset[str]:
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


def is_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone name known here (see the module docstring)."""
    if name in _NOT_ZONES or name.startswith(("posix/", "right/", "/")) or ".." in name:
        return False
    if name in _available():
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_zone(text: str, field: str) -> str:
    """The IANA zone name ``text`` (trimmed), or ``UnknownTimeZone`` naming ``field``."""
    name = text.strip()
    if name and is_zone(name):
        return name
    folded = name.casefold()
    near = sorted(zone for zone in _available() if zone.casefold() == folded)
    suggestion = Phrase("tz.did_you_mean", name=near[0]) if near else ""
    raise UnknownTimeZone(field=field, value=text, example=DEFAULT_ZONE, suggestion=suggestion)


def machine_zone() -> str | None:
    """The machine's configured zone name (``tzlocal``), when it is an IANA name; else None."""
    try:
        import tzlocal

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            name = tzlocal.get_localzone_name()
    except Exception:  # any failure to read it means: not readable
        return None
    return name if isinstance(name, str) and is_zone(name) else None


def initial_zone() -> tuple[str, bool]:
    """The zone ``init`` chooses when none is given, and whether it is the machine's."""
    machine = machine_zone()
    return (machine, True) if machine is not None else (DEFAULT_ZONE, False)


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise StoredZoneUnknown(zone=name) from None


class Clock:
    """Now and today in one time zone (a ledger's: ``reliefctl.ledger.settings.ledger_clock``)."""

    def __init__(self, zone: str) -> None:
        self.zone_name = zone
        self.zone = _zone(zone)
        self._stamp, self._stamp_second = "", -1

    def now(self) -> datetime:
        """The current moment, aware, in this zone."""
        return datetime.fromtimestamp(system_epoch(), self.zone)

    def today(self) -> date:
        """Today's date in this zone."""
        return self.now().date()

    def timestamp(self) -> str:
        """The current moment as ``recorded_at`` stores it: ``2021-01-11T09:30:00+08:00``."""
        # Whole seconds: the text is computed once per second rather than once per entry (a
        # bulk import records hundreds of thousands of entries a minute).
        second = int(system_epoch())
        if second != self._stamp_second:
            moment = datetime.fromtimestamp(second, self.zone)
            self._stamp, self._stamp_second = moment.isoformat(timespec="seconds"), second
        return self._stamp

    def local(self, stored: str) -> datetime:
        """A stored ``recorded_at`` as the same moment in this zone (naive text: as it is)."""
        moment = datetime.fromisoformat(stored)
        return moment if moment.tzinfo is None else moment.astimezone(self.zone)


__all__ = [
    "DEFAULT_ZONE",
    "Clock",
    "check_zone",
    "initial_zone",
    "is_zone",
    "machine_zone",
    "system_epoch",
]
