"""Recording ledger settings: ``config set``, and the first values ``init`` and ``upgrade`` write.

Each change is one chained entry of kind ``L`` (``L-000001``) dated today in the ledger's zone,
whose ``settings`` rows carry the new values (``reliefctl.ledger.settings`` says what the
settings are and reads them back). Setting a value the ledger already has records nothing
(``SettingChange.unchanged``), as recording the same ref twice does. A setting entry is never
voided (``reliefctl.ledger.voids``): a change is recorded as the next value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reliefctl.db.connect import Ledger
from reliefctl.errors import StoredZoneUnknown
from reliefctl.ledger import parse, settings
from reliefctl.ledger.books import HOME_LOCATION
from reliefctl.ledger.clock import Clock
from reliefctl.ledger.session import Session, row

#: The domain field a setting's value is checked as on ``config set`` (its VALUE argument).
VALUE_FIELD = "setting_value"


@dataclass(frozen=True)
class SettingChange:
    """What ``set_setting`` did: the entry recorded (or, unchanged, the one that set it)."""

    name: str
    value: str
    entry_id: str | None
    before: settings.SettingValue | None
    unchanged: bool = False


def set_setting(session: Session, name: str, text: str) -> SettingChange:
    """Queue an ``L`` entry giving the setting ``name`` the value ``text`` (checked by the
    setting's parser); nothing when it already has that value on record."""
    chosen = settings.setting(name)
    new = chosen.parse(text, VALUE_FIELD)
    before = settings.latest(session.ledger, chosen.name)
    if before is not None and before.value == new:
        return SettingChange(chosen.name, new, before.entry_id, before, unchanged=True)
    if chosen is settings.TZ:
        try:
            session.clock.today()
        except StoredZoneUnknown:
            # The zone on record is not in this machine's zone data: the way out is to set
            # another, so this entry is timed in the zone it records.
            session.clock = Clock(new)
    if chosen is settings.LOCATION:
        # The value is a location's name, as recorded (so ``config show`` reads as typed).
        new = session.master.location_names[session.master.location(new, VALUE_FIELD)]
        if before is not None and before.value == new:
            return SettingChange(chosen.name, new, before.entry_id, before, unchanged=True)
    entry_id = _queue(session, {chosen.name: new})
    return SettingChange(chosen.name, new, entry_id, before)


def record_initial(
    ledger: Ledger, given: Mapping[str, str] | None = None, *, operator: str | None = None
) -> tuple[str, dict[str, str]] | None:
    """Inside the caller's write transaction (``init``, ``upgrade``): one ``L`` entry giving
    every setting the ledger has not on record its value (``given``, already checked, else the
    setting's ``initial``). Returns the entry id and the values, or None when none was missing.

    The entry's ``recorded_at`` is in the zone it records, when it records one. When it
    records the default location of a ledger that has no location yet (a new ledger, or one
    upgraded from before locations), the same entry creates that location: the home location
    (``reliefctl.db.models.Location``), so master data keeps its numbers.
    """
    chosen = dict(given or {})
    on_record = {name for name, found in settings.current(ledger).items() if found.on_record}
    values = {
        name: chosen.get(name) or setting.initial()
        for name, setting in settings.SETTINGS.items()
        if name not in on_record and (setting.record_initially or name in chosen)
    }
    if not values:
        return None
    clock = Clock(values[settings.TZ.name]) if settings.TZ.name in values else None
    session = Session(ledger, operator=operator, clock=clock)
    home = None
    if settings.LOCATION.name in values and not session.master.location_names:
        home = values[settings.LOCATION.name]
    entry_id = _queue(session, values, home)
    session.flush()
    return entry_id, values


def _queue(session: Session, values: Mapping[str, str], home: str | None = None) -> str:
    header = session.new_entry("L", session.today())
    entry_id = str(header["id"])
    rows = {
        "settings": [
            row("settings", entry_id=entry_id, name=name, value=value)
            for name, value in sorted(values.items())
        ]
    }
    if home is not None:
        rows["locations"] = [
            row(
                "locations",
                id=HOME_LOCATION,
                name=home,
                entry_id=entry_id,
                name_key=parse.text_key(home),
            )
        ]
    session.queue(header, rows)
    return entry_id


__all__ = ["VALUE_FIELD", "SettingChange", "record_initial", "set_setting"]
