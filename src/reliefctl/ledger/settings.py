"""Ledger settings: what they are, and their values as the ledger records them.

A setting belongs to the ledger, not to the machine that opens it, so a shared PostgreSQL
ledger has one time zone (and later one default location, one require-fund rule) whoever
opens it. Every change is an entry of kind ``L`` whose ``settings`` rows give the new values
(``reliefctl.ledger.configure`` records them); a setting's value is the one its latest entry
gave it, with who and when from that entry. Settings are never voided: a change is a new entry.

``SETTINGS`` is the registry: one :class:`Setting` per name, with the parser that checks a
value (and gives the text stored), the value ``init`` records when none is given, and the value
a ledger reads when none is on record. A new setting is one more entry here (and its vocabulary
line ``setting.<name>``); ``init``, ``upgrade`` (which records the initial value of every
setting the ledger lacks), ``config show``/``config set``, ``verify`` and ``copy`` need no other
change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from reliefctl.db.connect import Ledger
from reliefctl.errors import SettingNotYesNo, UnknownSetting
from reliefctl.ledger.clock import DEFAULT_ZONE, Clock, check_zone, initial_zone
from reliefctl.ledger.parse import clean_name


@dataclass(frozen=True)
class Setting:
    """One ledger setting (see the module docstring)."""

    name: str
    #: (text, field) -> the value as stored; raises an input error naming ``field``.
    parse: Callable[[str, str], str]
    #: The value ``init`` (and ``upgrade``) records when the user gives none.
    initial: Callable[[], str]
    #: The value of a ledger that has none on record.
    absent: str
    #: Whether ``init`` and ``upgrade`` record ``initial`` when the user gives no value (the
    #: time zone: yes, the machine's zone is worth writing down; a rule that is off unless
    #: asked for, such as ``require_fund``: no, its absence already means off).
    record_initially: bool = True


TZ: Final = Setting("tz", check_zone, lambda: initial_zone()[0], DEFAULT_ZONE)

#: Words a yes/no setting accepts, and the value stored for each.
YES_NO: Final[dict[str, str]] = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "on": "yes",
    "1": "yes",
    "是": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "off": "no",
    "0": "no",
    "否": "no",
}


def parse_yes_no(text: str, field: str) -> str:
    """``yes`` or ``no`` (also true/false, on/off, 1/0, 是/否); ``SettingNotYesNo`` otherwise."""
    found = YES_NO.get(text.strip().lower())
    if found is None:
        raise SettingNotYesNo(field=field, value=text)
    return found


#: Every purchase and grant must name a fund (``init --require-fund``, ``config set
#: require_fund yes``): for a ledger of one special fund, the rule the 专项资金 regulations
#: imply. Off unless asked for.
REQUIRE_FUND: Final = Setting(
    "require_fund", parse_yes_no, lambda: "no", "no", record_initially=False
)

#: The name of the location a ledger starts with (``init --warehouse`` names another): one
#: stored name whatever the language ``init`` ran in, so a ledger reads the same for everyone.
DEFAULT_WAREHOUSE: Final = "仓库"

#: The default location: where ``buy``, ``ship``, ``receive``, ``writeoff`` and ``count`` move
#: stock when no location is given (``RELIEFCTL_LOCATION`` overrides it on one machine). Its
#: value is a location's name; ``config set location`` refuses one the ledger does not know.
LOCATION: Final = Setting("location", clean_name, lambda: DEFAULT_WAREHOUSE, DEFAULT_WAREHOUSE)

_FINGERPRINT_RE: Final = re.compile(r"^[0-9a-f]{16}$")


def parse_fingerprint(text: str, field: str) -> str:
    """A fingerprint as the ``person_key`` setting stores it (16 lower-case hex digits)."""
    from reliefctl.errors import FingerprintMalformed

    value = text.strip().lower()
    if not _FINGERPRINT_RE.match(value):
        raise FingerprintMalformed(field=field, value=text)
    return value


#: The fingerprint of the person key this ledger's recipients are hashed with
#: (``reliefctl.ledger.persons``): recorded by the first entry that carries a list, so every
#: later list must be hashed with the same key. Empty (none on record) until then.
PERSON_KEY: Final = Setting("person_key", parse_fingerprint, lambda: "", "", record_initially=False)

#: Every ledger setting, by name, in the order ``config show`` lists them.
SETTINGS: Final[dict[str, Setting]] = {
    setting.name: setting for setting in (TZ, REQUIRE_FUND, LOCATION, PERSON_KEY)
}


def setting(name: str, field: str = "name") -> Setting:
    """The setting called ``name``, or ``UnknownSetting`` listing the known ones."""
    found = SETTINGS.get(name.strip())
    if found is None:
        raise UnknownSetting(field=field, value=name, known=list(SETTINGS))
    return found


@dataclass(frozen=True)
class SettingValue:
    """A setting's current value and the entry that set it (None: not on record)."""

    name: str
    value: str
    entry_id: str | None = None
    operator: str | None = None
    recorded_at: str | None = None

    @property
    def on_record(self) -> bool:
        return self.entry_id is not None


_LATEST = (
    "SELECT s.name, s.value, e.id, e.operator, e.recorded_at FROM settings s "
    "JOIN entries e ON e.id = s.entry_id"
)


def current(ledger: Ledger) -> dict[str, SettingValue]:
    """Every known setting's value (``SETTINGS`` order): its latest entry's, else ``absent``."""
    found: dict[str, SettingValue] = {}
    for name, value, entry_id, operator, recorded_at in ledger.query(f"{_LATEST} ORDER BY e.seq"):
        found[str(name)] = SettingValue(
            str(name), str(value), str(entry_id), str(operator), str(recorded_at)
        )
    return {name: found.get(name) or SettingValue(name, s.absent) for name, s in SETTINGS.items()}


def latest(ledger: Ledger, name: str) -> SettingValue | None:
    """The entry that last set ``name`` and the value it gave, or None when none has."""
    row = ledger.one(f"{_LATEST} WHERE s.name = ? ORDER BY e.seq DESC LIMIT 1", (name,))
    if row is None:
        return None
    return SettingValue(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]))


def value(ledger: Ledger, name: str) -> str:
    """The current value of the setting ``name``."""
    found = latest(ledger, name)
    return SETTINGS[name].absent if found is None else found.value


def ledger_zone(ledger: Ledger) -> str:
    """The ledger's time zone (its ``tz`` setting; ``Asia/Shanghai`` when none is on record)."""
    return value(ledger, TZ.name)


def requires_fund(ledger: Ledger) -> bool:
    """Whether every purchase and grant must name a fund (the ``require_fund`` setting)."""
    return value(ledger, REQUIRE_FUND.name) == "yes"


def ledger_clock(ledger: Ledger) -> Clock:
    """A clock in the ledger's time zone."""
    return Clock(ledger_zone(ledger))


__all__ = [
    "DEFAULT_WAREHOUSE",
    "LOCATION",
    "PERSON_KEY",
    "REQUIRE_FUND",
    "SETTINGS",
    "TZ",
    "Setting",
    "SettingValue",
    "current",
    "latest",
    "ledger_clock",
    "ledger_zone",
    "parse_yes_no",
    "requires_fund",
    "setting",
    "value",
]
