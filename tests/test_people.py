"""People reached (issue 16): household-times beside person-times."""

from __future__ import annotations

import json

import pytest

from .conftest import CliRunner, domain_setup


@pytest.fixture
def stocked(cli: CliRunner) -> CliRunner:
    domain_setup(cli)
    bought = cli(
        "buy",
        "--date",
        "2020-12-27",
        "--item",
        "水饺",
        "--qty",
        "1000",
        "--total",
        "12500",
        "--fund",
        "防疫专项资金",
    )
    assert bought.code == 0, bought.err
    return cli


def ship(cli: CliRunner, *extra: str) -> str:
    result = cli(
        "ship",
        "--date",
        "2020-12-31",
        "--batch",
        "3",
        "--to",
        "南法信镇",
        "--item",
        "水饺=100",
        *extra,
    )
    assert result.code == 0, result.err
    return result.out


def grant(cli: CliRunner, *extra: str) -> str:
    result = cli(
        "grant",
        "--date",
        "2021-01-05",
        "--to",
        "区卫健委",
        "--amount",
        "1000",
        "--fund",
        "防疫专项资金",
        *extra,
    )
    assert result.code == 0, result.err
    return result.out


def report(cli: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = cli("report", "--format", "json", *args)
    assert result.code == 0, result.err
    data: dict = json.loads(result.out)  # type: ignore[type-arg]
    return data


def test_households_are_summed_wherever_people_are(stocked: CliRunner) -> None:
    out = ship(stocked, "--people", "300", "--households", "120", "--group", "隔离群众")
    assert out.endswith(", 300 人次, 120 户次; new batch '3' opened; new group '隔离群众' opened\n")
    ship(stocked, "--people", "50")  # no households given: adds nothing
    assert grant(stocked, "--people", "20", "--households", "8").endswith(", 20 人次, 8 户次\n")
    data = report(stocked, "--by", "batch", "--by", "township", "--by", "group", "--by", "month")
    assert data["totals"]["household_times"] == 128
    assert data["totals"]["people"] == 370
    for dim in ("batch", "township", "group", "month"):
        rows = data[f"by_{dim}"]
        assert sum(r["household_times"] for r in rows) == 128, dim
    towns = {r["township"]: r["household_times"] for r in data["by_township"]}
    assert towns == {"区卫健委": 8, "南法信镇": 120}
    items = report(stocked, "--by", "item")["by_item"]
    assert all(r["household_times"] is None for r in items)  # like people: not per item
    assert report(stocked, "--fund", "防疫专项资金")["totals"]["household_times"] is None
    csv = stocked("report", "--format", "csv").out.splitlines()
    assert csv[0].endswith(
        ",household-times 户次,unique persons 人,entries with a list,person-times listed"
    )
    assert csv[-1].endswith(",128,,0,0")  # no list of recipients: no unique persons
    table = stocked("report").out
    assert "household-times 户次" in table and "households reached" in table


def test_the_table_shows_households_only_when_given(stocked: CliRunner) -> None:
    ship(stocked, "--people", "300")
    assert "户次" not in stocked("report").out
    assert report(stocked)["totals"]["household_times"] == 0


def test_a_delivery_without_people_says_so(stocked: CliRunner) -> None:
    assert ship(stocked).endswith(", 0 人次: --people not given; new batch '3' opened\n")
    assert ship(stocked, "--people", "0").endswith(", 0 人次\n")
    assert grant(stocked).endswith(", 0 人次: --people not given\n")
    zh = stocked(
        "--lang",
        "zh",
        "ship",
        "--date",
        "2020-12-31",
        "--batch",
        "3",
        "--to",
        "南法信镇",
        "--item",
        "水饺=1",
    )
    assert zh.code == 0 and "--people" in zh.out


def test_void_reverses_households_and_verify_checks_them(stocked: CliRunner) -> None:
    ship(stocked, "--people", "300", "--households", "120")
    grant(stocked, "--households", "8")
    assert stocked("void", "S-000001", "--reason", "wrong town").code == 0
    assert stocked("void", "G-000001", "--reason", "wrong amount").code == 0
    assert report(stocked)["totals"]["household_times"] == 0
    assert stocked("verify").code == 0


def test_households_are_part_of_a_refs_content(stocked: CliRunner) -> None:
    ship(stocked, "--people", "3", "--households", "1", "--ref", "D-1")
    assert "already records" in ship(stocked, "--people", "3", "--households", "1", "--ref", "D-1")
    again = stocked(
        "ship",
        "--date",
        "2020-12-31",
        "--batch",
        "3",
        "--to",
        "南法信镇",
        "--item",
        "水饺=100",
        "--people",
        "3",
        "--households",
        "2",
        "--ref",
        "D-1",
    )
    assert again.code != 0
    assert (
        stocked(
            "ship",
            "--json",
            "--date",
            "2020-12-31",
            "--batch",
            "3",
            "--to",
            "南法信镇",
            "--item",
            "水饺=1",
            "--households",
            "4",
        ).code
        == 0
    )


def test_bad_households_are_refused_naming_the_option(stocked: CliRunner) -> None:
    result = stocked(
        "ship",
        "--date",
        "2020-12-31",
        "--batch",
        "3",
        "--to",
        "南法信镇",
        "--item",
        "水饺=1",
        "--households",
        "-3",
    )
    assert result.code == 2 and result.err.startswith("reliefctl: error: --households:")


# --- the person key -------------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "keys" / "person.key"
    monkeypatch.setenv("RELIEFCTL_PERSON_KEY", str(path))
    return path


def test_key_init_creates_a_private_key_and_never_overwrites_it(cli: CliRunner, key_file) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    from reliefctl.ledger.persons import fingerprint

    made = cli("key", "init", "--json")
    assert made.code == 0, made.err
    info = json.loads(made.out)
    assert info["path"] == str(key_file)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    secret = bytes.fromhex(key_file.read_text().strip())
    assert len(secret) == 32 and info["fingerprint"] == fingerprint(secret)
    before = key_file.read_bytes()
    again = cli("key", "init")
    assert again.code == 1 and "already exists" in again.err and "never overwritten" in again.err
    assert key_file.read_bytes() == before
    shown = cli("key", "show")
    assert shown.code == 0 and info["fingerprint"] in shown.out
    assert secret.hex() not in shown.out + made.out


def test_the_default_key_place_is_in_the_config_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from reliefctl.io.personkey import key_path

    assert key_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "reliefctl" / "person.key"
    assert key_path({"RELIEFCTL_PERSON_KEY": "/k/p.key", "XDG_CONFIG_HOME": "/x"}).name == "p.key"


def test_a_missing_or_malformed_key_is_refused(cli: CliRunner, key_file) -> None:  # type: ignore[no-untyped-def]
    missing = cli("key", "show")
    assert missing.code == 4 and "reliefctl key init" in missing.err
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not a key\n")
    bad = cli("key", "show")
    assert bad.code == 4 and "is not a person key" in bad.err and "not a key" not in bad.err


def test_the_ledger_records_the_fingerprint_on_first_use_and_refuses_another_key(
    cli: CliRunner, db_url: str
) -> None:
    from reliefctl.db.schema import open_ledger
    from reliefctl.db.url import resolve
    from reliefctl.errors import PersonKeyMismatch
    from reliefctl.ledger import settings
    from reliefctl.ledger.persons import fingerprint, use_key
    from reliefctl.ledger.posting import post

    one, other = b"\x01" * 32, b"\x02" * 32
    ledger = open_ledger(resolve(db_url))
    try:
        assert post(ledger, lambda p: use_key(p, one)) == fingerprint(one)
        assert settings.value(ledger, "person_key") == fingerprint(one)
        count = ledger.scalar("SELECT COUNT(*) FROM entries")
        assert post(ledger, lambda p: use_key(p, one)) == fingerprint(one)
        assert ledger.scalar("SELECT COUNT(*) FROM entries") == count  # recorded once
        with pytest.raises(PersonKeyMismatch) as refused:
            post(ledger, lambda p: use_key(p, other))
        assert refused.value.params == {"recorded": fingerprint(one), "found": fingerprint(other)}
    finally:
        ledger.close()
    assert cli("verify").code == 0
