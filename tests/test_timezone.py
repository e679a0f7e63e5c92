"""The ledger's own time zone, and ledger settings (issue 11, "The ledger's own time zone").

The machine runs in UTC (``TZ=UTC``) and the clock is fixed at 2021-01-11 01:30 UTC: 09:30 in
Beijing, 20:30 the evening before in New York. Whatever the machine's zone, "today", every
``recorded_at``, the nightly file's date and the export's times follow the ledger's ``tz``
setting, which is a chained entry of kind ``L`` (``config show`` / ``config set``).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from .conftest import ROOT, CliRunner, _make_cli
from .ledgers import dump, tamper

#: 2021-01-11 01:30 UTC = 09:30 Beijing (2021-01-11) = 20:30 New York (2021-01-10).
NOW = datetime(2021, 1, 11, 1, 30, tzinfo=UTC)
V1 = ROOT / "tests" / "fixtures" / "v1" / "ledger.sqlite"


def _machine_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    """The machine's configured zone (what ``date``, ``datetime.now()`` and tzlocal read)."""
    import tzlocal.unix

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    # tzlocal reads the zone once per process; a machine whose zone changes is new to it.
    monkeypatch.setattr(tzlocal.unix, "_cache_tz_name", None)


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine in UTC whose clock says 2021-01-11 01:30 UTC, for every command."""
    from reliefctl.ledger import clock

    _machine_zone(monkeypatch, "UTC")
    monkeypatch.setattr(clock, "system_epoch", lambda: NOW.timestamp())
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def new(bare_cli: CliRunner, sqlite_url: str, utc_clock: None) -> Iterator[tuple[CliRunner, str]]:
    """reliefctl on a path with no ledger yet, on the fixed UTC clock."""
    yield bare_cli, sqlite_url


def _setup(cli: CliRunner, zone: str) -> None:
    assert cli("init", "--tz", zone).code == 0
    assert cli("township", "add", "高丽营镇").code == 0
    assert cli("item", "add", "面包", "--unit", "袋").code == 0


def _buy(cli: CliRunner, day: str, *more: str) -> tuple[int, str, str]:
    result = cli("buy", "--date", day, "--item", "面包", "--qty", "10", "--total", "85", *more)
    return result.code, result.out, result.err


def _entries(url: str) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(url)
    try:
        rows = conn.execute("SELECT id, event_date, recorded_at FROM entries ORDER BY seq")
        return [(str(a), str(b), str(c)) for a, b, c in rows]
    finally:
        conn.close()


#: ``require_fund`` is off unless set: listed by ``config show``, nothing on record.
NO_FUND_RULE = ("require_fund", "no", None, None)


def _settings(cli: CliRunner) -> list[tuple[str, str, str | None, str | None]]:
    result = cli("config", "show", "--json")
    assert result.code == 0, result.err
    return [(s["name"], s["value"], s["entry"], s["recorded_at"]) for s in json.loads(result.out)]


# --- today and recorded_at ------------------------------------------------------------------


def test_a_beijing_morning_is_today_on_a_shanghai_ledger_of_a_utc_machine(
    new: tuple[CliRunner, str],
) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    code, out, err = _buy(cli, "2021-01-11")
    assert code == 0, err
    assert out.startswith("P-000001 recorded")
    entries = _entries(url)
    assert entries[0] == ("L-000001", "2021-01-11", "2021-01-11T09:30:00+08:00")
    assert all(recorded == "2021-01-11T09:30:00+08:00" for _, _, recorded in entries)
    assert all(day == "2021-01-11" for _, day, _ in entries)  # master data dated today too
    code, _out, err = _buy(cli, "2021-01-12")
    assert code == 2
    assert err == (
        "reliefctl: error: --date: '2021-01-12' is in the future (today is 2021-01-11); "
        "record things once they happen\n"
    )


def test_the_same_moment_is_still_yesterday_on_a_new_york_ledger(
    new: tuple[CliRunner, str],
) -> None:
    cli, url = new
    _setup(cli, "America/New_York")
    before = dump(url)
    code, _out, err = _buy(cli, "2021/1/11")
    assert code == 2
    # Quoted as typed, today as the ledger's zone has it; nothing written.
    assert "'2021/1/11' is in the future (today is 2021-01-10)" in err
    assert dump(url) == before
    code, _out, err = _buy(cli, "2021-01-10")
    assert code == 0, err
    assert _entries(url)[-1] == ("P-000001", "2021-01-10", "2021-01-10T20:30:00-05:00")


def test_the_import_reads_today_in_the_ledgers_zone(
    new: tuple[CliRunner, str], tmp_path: Path
) -> None:
    cli, url = new
    _setup(cli, "America/New_York")
    sheet = tmp_path / "buy.csv"
    sheet.write_text("date,item,qty,total\n2021-01-11,面包,10,85\n", encoding="utf-8")
    refused = cli("import", str(sheet), "--kind", "purchases")
    assert refused.code != 0
    assert "is in the future (today is 2021-01-10)" in refused.err
    assert cli("config", "set", "tz", "Asia/Shanghai").code == 0
    done = cli("import", str(sheet), "--kind", "purchases")
    assert done.code == 0, done.err
    assert _entries(url)[-1][1:] == ("2021-01-11", "2021-01-11T09:30:00+08:00")


# --- config show / config set ------------------------------------------------------------------


def test_config_show_and_set_record_every_change_with_who_and_when(
    new: tuple[CliRunner, str],
) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    assert _settings(cli) == [
        ("tz", "Asia/Shanghai", "L-000001", "2021-01-11T09:30:00+08:00"),
        NO_FUND_RULE,
        ("location", "仓库", "L-000001", "2021-01-11T09:30:00+08:00"),
        ("person_key", "", None, None),
    ]
    table = cli("config", "show")
    assert table.code == 0
    assert "Asia/Shanghai" in table.out and "L-000001" in table.out and "tester" in table.out

    changed = cli("config", "set", "tz", "America/New_York")
    assert changed.code == 0, changed.err
    assert changed.out == "L-000002 recorded: tz is now America/New_York (was Asia/Shanghai)\n"
    # The change itself was recorded at Beijing time; what follows is in New York's.
    assert _settings(cli) == [
        ("tz", "America/New_York", "L-000002", "2021-01-11T09:30:00+08:00"),
        NO_FUND_RULE,
        ("location", "仓库", "L-000001", "2021-01-11T09:30:00+08:00"),
        ("person_key", "", None, None),
    ]
    assert cli("township", "add", "南彩镇").code == 0
    assert _entries(url)[-1] == ("M-000003", "2021-01-10", "2021-01-10T20:30:00-05:00")

    before = dump(url)
    again = cli("config", "set", "tz", " America/New_York ")
    assert (again.code, again.err) == (0, "")
    assert again.out == "tz is already America/New_York (L-000002); nothing recorded\n"
    as_json = json.loads(cli("config", "set", "tz", "America/New_York", "--json").out)
    assert as_json == {
        "id": "L-000002",
        "kind": "setting",
        "name": "tz",
        "value": "America/New_York",
        "before": "America/New_York",
        "unchanged": True,
    }
    assert dump(url) == before

    back = json.loads(cli("config", "set", "tz", "Asia/Shanghai", "--json").out)
    assert back["id"] == "L-000003" and back["before"] == "America/New_York"
    assert not back["unchanged"]
    log = json.loads(cli("log", "--format", "json").out)
    settings = [(e["id"], e["kind"], e["summary"]) for e in log if e["id"].startswith("L-")]
    assert settings == [
        ("L-000001", "setting", "ledger setting: location = 仓库, tz = Asia/Shanghai"),
        ("L-000002", "setting", "ledger setting: tz = America/New_York"),
        ("L-000003", "setting", "ledger setting: tz = Asia/Shanghai"),
    ]
    assert cli("verify").code == 0


def test_config_refusals_write_nothing(new: tuple[CliRunner, str]) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    before = dump(url)
    cases = {
        ("config", "set", "zone", "Asia/Shanghai"): (
            2,
            "NAME: 'zone' is not a ledger setting; the settings are: tz",
        ),
        ("config", "set", "tz", "Mars/Olympus"): (
            2,
            "VALUE: 'Mars/Olympus' is not a time zone reliefctl knows",
        ),
        ("config", "set", "tz", "asia/shanghai"): (2, "did you mean Asia/Shanghai?"),
        ("config", "set", "tz", "+08:00"): (2, "is not a time zone"),
        ("config", "set", "tz", "localtime"): (2, "is not a time zone"),
        ("config", "set", "tz", "../../etc/passwd"): (2, "is not a time zone"),
        ("config", "set", "tz", ""): (2, "is not a time zone"),
        ("void", "L-000001", "--reason", "录错了"): (1, "L-000001 is a ledger setting"),
    }
    for args, (code, words) in cases.items():
        result = cli(*args)
        assert result.code == code, (args, result.err)
        assert words in result.err and result.err.count("\n") == 1, (args, result.err)
    assert dump(url) == before


def test_a_ledger_with_no_zone_on_record_reads_as_shanghai(
    new: tuple[CliRunner, str],
) -> None:
    from reliefctl.db.schema import init_ledger
    from reliefctl.db.url import resolve

    cli, url = new
    assert init_ledger(resolve(url))  # the tables alone (as data/schema.sql makes them)
    shown = json.loads(cli("config", "show", "--json").out)
    assert shown == [
        {
            "name": "tz",
            "value": "Asia/Shanghai",
            "on_record": False,
            "entry": None,
            "operator": None,
            "recorded_at": None,
        },
        {
            "name": "require_fund",
            "value": "no",
            "on_record": False,
            "entry": None,
            "operator": None,
            "recorded_at": None,
        },
        {
            "name": "location",
            "value": "仓库",
            "on_record": False,
            "entry": None,
            "operator": None,
            "recorded_at": None,
        },
        {
            "name": "person_key",
            "value": "",
            "on_record": False,
            "entry": None,
            "operator": None,
            "recorded_at": None,
        },
    ]
    assert "(none on record)" in cli("config", "show").out
    assert cli("township", "add", "高丽营镇").code == 0
    assert _entries(url) == [("M-000001", "2021-01-11", "2021-01-11T09:30:00+08:00")]
    first = cli("config", "set", "tz", "Asia/Shanghai")
    assert first.out == "L-000001 recorded: tz is now Asia/Shanghai\n"  # now on record


# --- the chain, verify and copy ----------------------------------------------------------------


def test_a_setting_is_in_the_hash_chain_and_verify_checks_it(
    new: tuple[CliRunner, str],
) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    assert cli("config", "set", "tz", "Asia/Urumqi").code == 0
    assert cli("verify").code == 0
    tamper(url, "UPDATE settings SET value = 'UTC' WHERE entry_id = 'L-000002'")
    result = cli("verify", "--format", "json")
    assert result.code == 1
    problems = json.loads(result.out)["problems"]
    assert {"where": "L-000002", "check": "chain"} in [
        {"where": p["where"], "check": p["check"]} for p in problems
    ]


def test_verify_names_a_setting_entry_that_sets_what_no_setting_is(
    new: tuple[CliRunner, str],
) -> None:
    """Entries a reliefctl could never write, correctly chained: verify's settings check."""
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import resolve
    from reliefctl.ledger import configure
    from reliefctl.ledger.session import Session

    cli, url = new
    _setup(cli, "Asia/Shanghai")
    ledger = open_ledger(resolve(url))
    try:
        with ledger.write():
            session = Session(ledger, operator="tester")
            configure._queue(session, {"colour": "blue"})
            configure._queue(session, {"tz": "Mars/Olympus"})
            configure._queue(session, {})
            session.flush()
    finally:
        ledger.close()
    result = cli("verify", "--format", "json")
    assert result.code == 1
    found = [(p["where"], p["check"], p["message"]) for p in json.loads(result.out)["problems"]]
    assert found == [
        ("L-000002", "settings", "sets 'colour', which is not a ledger setting"),
        (
            "L-000003",
            "settings",
            "sets a value the setting cannot hold: tz: 'Mars/Olympus' is not a time zone "
            "reliefctl knows: give an IANA name (Region/City), e.g. Asia/Shanghai",
        ),
        ("L-000004", "settings", "a setting entry sets nothing"),
    ]


def test_copy_carries_the_settings_and_their_history(
    new: tuple[CliRunner, str], tmp_path: Path
) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    assert cli("config", "set", "tz", "America/New_York").code == 0
    target = tmp_path / "copy.sqlite"
    copied = cli("copy", "--to", str(target))
    assert copied.code == 0, copied.err
    on_copy = cli("--db", str(target), "config", "show", "--json")
    assert json.loads(on_copy.out) == json.loads(cli("config", "show", "--json").out)
    assert dump(str(target), ("settings",)) == dump(url, ("settings",))
    assert cli("--db", str(target), "verify").code == 0


# --- init and upgrade ----------------------------------------------------------------------------


def test_init_states_the_zone_given_or_the_machines(
    new: tuple[CliRunner, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli, url = new
    given = cli("init", "--tz", "Asia/Shanghai")
    assert given.out.splitlines() == [
        f"created a new ledger at {url}",
        "time zone: Asia/Shanghai (as given with --tz); change it with: reliefctl config set tz "
        "NAME",
        "stock is held at 仓库 (add more with: reliefctl location add NAME)",
    ]
    again = cli("init", "--tz", "Asia/Urumqi")
    assert again.out.splitlines() == [
        f"a ledger already exists at {url}; nothing changed",
        "its time zone is Asia/Shanghai; to change it: reliefctl config set tz Asia/Urumqi",
    ]
    assert _settings(cli)[0][1] == "Asia/Shanghai"

    _machine_zone(monkeypatch, "America/New_York")
    other = tmp_path / "machine.sqlite"
    made = cli("--db", str(other), "init")
    assert made.out.splitlines()[1].startswith("time zone: America/New_York (this machine's zone)")
    assert _settings(_make_cli_for(cli, other))[0][1] == "America/New_York"


def _make_cli_for(cli: CliRunner, path: Path) -> CliRunner:
    return lambda *args: cli("--db", str(path), *args)


def test_init_falls_back_to_shanghai_when_the_machines_zone_cannot_be_read(
    new: tuple[CliRunner, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tzlocal

    def unreadable() -> str:
        raise LookupError("no zone configured")

    monkeypatch.setattr(tzlocal, "get_localzone_name", unreadable)
    cli, _url = new
    made = cli("init")
    assert made.code == 0
    assert made.out.splitlines()[1] == (
        "time zone: Asia/Shanghai (the default: this machine's zone could not be read); change "
        "it with: reliefctl config set tz NAME"
    )


def test_a_bad_zone_at_init_creates_nothing(new: tuple[CliRunner, str]) -> None:
    cli, url = new
    result = cli("init", "--tz", "Beijing")
    assert result.code == 2
    assert result.err.startswith("reliefctl: error: --tz: 'Beijing' is not a time zone")
    assert not Path(url).exists()


def test_upgrade_of_a_ledger_from_before_zones_records_its_zone(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    utc_clock: None,
) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(V1, old)
    cli = _make_cli(monkeypatch, capsys, str(old))
    before = old.read_bytes()
    bad = cli("upgrade", "--tz", "Asia/Beijing")
    assert bad.code == 2 and "'Asia/Beijing' is not a time zone" in bad.err
    assert old.read_bytes() == before
    _machine_zone(monkeypatch, "America/New_York")
    done = cli("upgrade")  # no --tz: as init chooses, and it says which
    assert done.code == 0, done.err
    assert (
        "recorded L-000001: time zone America/New_York (this machine's zone); change it with: "
        "reliefctl config set tz NAME"
    ) in done.out.splitlines()
    assert done.out.splitlines()[-1] == "verify passed: every stored row and hash is as it was"
    assert _settings(cli) == [
        ("tz", "America/New_York", "L-000001", "2021-01-10T20:30:00-05:00"),
        NO_FUND_RULE,
        ("location", "仓库", "L-000001", "2021-01-10T20:30:00-05:00"),
        ("person_key", "", None, None),
    ]
    current = cli("upgrade", "--tz", "Asia/Shanghai")
    assert current.code == 0
    assert "nothing changed" in current.out and "config set tz Asia/Shanghai" in current.out
    assert cli("verify").code == 0


# --- the nightly file and the export --------------------------------------------------------------


def test_the_nightly_file_is_named_by_the_ledgers_date(
    new: tuple[CliRunner, str], tmp_path: Path
) -> None:
    cli, _url = new
    _setup(cli, "Asia/Shanghai")
    folder = tmp_path / "nightly"
    folder.mkdir()
    assert cli("export", "--out-dir", str(folder)).code == 0
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "reliefctl-2021-01-11.xlsx"
    ]
    # On New York's date the file of the 11th is after today: --keep leaves it alone.
    assert cli("config", "set", "tz", "America/New_York").code == 0
    kept = cli("export", "--out-dir", str(folder), "--keep", "1")
    assert kept.code == 0, kept.err
    assert "left alone 1 file dated after today (2021-01-10)" in kept.err
    assert "reliefctl-2021-01-11.xlsx" in kept.err
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "reliefctl-2021-01-10.xlsx",
        "reliefctl-2021-01-11.xlsx",
    ]


def test_the_export_states_its_zone_and_shows_every_time_in_it(
    new: tuple[CliRunner, str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    cli, _url = new
    _setup(cli, "Asia/Shanghai")
    assert _buy(cli, "2021-01-11")[0] == 0
    assert cli("void", "P-000001", "--reason", "录错了").code == 0  # at 09:30 +08:00
    assert cli("config", "set", "tz", "UTC").code == 0
    out = tmp_path / "x.xlsx"
    assert cli("export", "--out", str(out), "--lang", "en").code == 0
    book = load_workbook(out, read_only=True)
    manifest = book["Manifest"].iter_rows(max_row=12, values_only=True)
    facts = {row[0]: row[1] for row in manifest if len(row) > 1}
    assert facts["generated at"] == datetime(2021, 1, 11, 1, 30)
    assert facts["time zone of the times in this file"] == "UTC (UTC+00:00)"
    voids = list(book["Voids"].iter_rows(values_only=True))
    assert voids[1][0] == "V-000001"
    recorded_at = voids[0].index("recorded at")  # before issue 15's appended seq
    assert voids[1][recorded_at] == datetime(2021, 1, 11, 1, 30)  # 09:30 Beijing is 01:30 UTC


def test_a_zone_this_machine_does_not_know_is_a_storage_error(
    new: tuple[CliRunner, str],
) -> None:
    cli, url = new
    _setup(cli, "Asia/Shanghai")
    tamper(url, "UPDATE settings SET value = 'Mars/Olympus'")
    result = cli("township", "add", "南彩镇")
    assert result.code == 4
    assert result.err == (
        "reliefctl: error: the ledger's time zone 'Mars/Olympus' is not in this machine's zone "
        "data; update the tzdata package (pip install -U tzdata), or set another zone with: "
        "reliefctl config set tz NAME\n"
    )
    assert cli("config", "set", "tz", "Asia/Shanghai").code == 0  # the way out still works
