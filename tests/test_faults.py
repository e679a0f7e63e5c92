"""Storage faults and the error surface: whatever is wrong with the file, the folder or the disk,
reliefctl says so in one line, exits non-zero, never shows a traceback, and leaves the ledger as
it was; an unexpected error is one line plus the path of the saved traceback.

How the faults are produced (tests run as root in CI, where ``chmod`` stops nobody):

* an unwritable file or folder: ``chmod a-w`` when not root; as root ``chattr +i`` (immutable),
  else a read-only bind mount; skipped, with the reason, only when none of these works;
* a full disk: a 1 MiB tmpfs mounted for the test and filled up, when root may mount; and
  always a simulated one, SQLite's ``max_page_count`` capping the file at its current size;
* damaged files are written byte by byte from a real ledger.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from reliefctl.db import connect, schema
from reliefctl.db import sqlite as sqlite_backend
from reliefctl.db.url import resolve

from .conftest import CliRunner, _make_cli
from .ledgers import dump, run_ok, unwritable

# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def ledger(
    audited_sqlite: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """The audited DOMAIN.md operation in a SQLite file of its own; crash files beside it."""
    monkeypatch.setenv("XDG_STATE_HOME", str(Path(sqlite_url).parent / "state"))
    return audited_sqlite


#: Commands that would write, each valid on the audited ledger.
WRITES: list[tuple[str, ...]] = [
    ("ship", "--date", "2020-12-31", "--batch", "3", "--to", "南彩镇", "--item", "面包=1"),
    ("buy", "--date", "2021-01-06", "--item", "水饺", "--qty", "10", "--total", "125"),
    ("grant", "--date", "2021-01-06", "--to", "南彩镇", "--amount", "100"),
    ("void", "S-000011", "--reason", "录入错误"),
    ("township", "add", "李遂镇"),
]
#: Commands that only read.
READS: list[tuple[str, ...]] = [("stock",), ("funds",), ("log",), ("head",), ("verify",)]


def assert_one_clean_line(result: object, *, code: int) -> None:
    from .conftest import Result

    assert isinstance(result, Result)
    assert result.code == code, (result.code, result.err)
    assert result.err.startswith("reliefctl: error: "), result.err
    assert result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err


# --- unwritable file and folder ----------------------------------------------------------------


def test_read_only_ledger_file(ledger: CliRunner, sqlite_url: str) -> None:
    before = dump(sqlite_url)
    with unwritable(Path(sqlite_url)):
        for args in WRITES:
            result = ledger(*args)
            assert_one_clean_line(result, code=4)
            assert "read-only" in result.err, args
        for args in READS:  # reading a read-only ledger still works
            assert ledger(*args).code == 0, args
    assert dump(sqlite_url) == before
    assert ledger("verify").code == 0


def test_folder_without_write_permission(ledger: CliRunner, sqlite_url: str) -> None:
    before = dump(sqlite_url)
    folder = Path(sqlite_url).parent
    assert sorted(p.name for p in folder.iterdir()) == ["ledger.sqlite"]  # nobody has it open
    with unwritable(folder):
        for args in WRITES:
            result = ledger(*args)
            # Writing needs the WAL files beside the ledger; only writes are refused.
            assert_one_clean_line(result, code=4)
            assert "is read-only here" in result.err, args
            assert "nothing was written" in result.err, args
        # An auditor's copy in a read-only folder stays readable.
        elsewhere = folder.parent / f"{folder.name}-audit.xlsx"
        for args in (
            ("stock",),
            ("funds",),
            ("log",),
            ("report", "--format", "json"),
            ("head",),
            ("export", "--out", str(elsewhere)),
        ):
            assert ledger(*args).code == 0, args
        assert elsewhere.exists()
        assert ledger("verify").code == 0
        again = ledger("init")  # the ledger is there and readable: nothing to do
        assert again.code == 0 and "nothing changed" in again.out
    assert dump(sqlite_url) == before
    assert ledger("verify").code == 0


def test_init_in_a_folder_without_write_permission(bare_cli: CliRunner, sqlite_url: str) -> None:
    folder = Path(sqlite_url).parent
    with unwritable(folder):
        result = bare_cli("init")
        assert_one_clean_line(result, code=4)
        assert "cannot create the ledger" in result.err
    assert not Path(sqlite_url).exists()


# --- full disk ---------------------------------------------------------------------------------


@contextmanager
def small_disk(where: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted at ``where`` for the duration (root only)."""
    where.mkdir()
    mounted = os.geteuid() == 0 and run_ok(
        "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)
    )
    if not mounted:
        pytest.skip("a real full disk needs root and mount (tmpfs); the simulated one still runs")
    try:
        yield where
    finally:
        run_ok("umount", "-l", str(where))


def fill(folder: Path) -> Path:
    """Take every byte left on ``folder``'s file system."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 1):
            with suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


@pytest.mark.parametrize("wal_open", [False, True], ids=["closed", "wal-open"])
def test_full_disk(
    audited_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    wal_open: bool,
) -> None:
    """The disk fills up while no one has the ledger open (SQLite cannot even create its WAL
    index), or while another reader holds it open (a WAL write fails)."""
    with small_disk(tmp_path / "small") as disk:
        path = disk / "ledger.sqlite"
        shutil.copyfile(audited_template, path)
        cli = _make_cli(monkeypatch, capsys, str(path))
        before = dump(str(path))
        reader = sqlite3.connect(path) if wal_open else None
        if reader is not None:
            reader.execute("SELECT COUNT(*) FROM entries").fetchone()
        filler = fill(disk)
        try:
            for args in WRITES:
                result = cli(*args)
                assert_one_clean_line(result, code=4)
                assert "the disk is full; nothing was saved" in result.err, args
        finally:
            if reader is not None:
                reader.close()
        filler.unlink()
        assert dump(str(path)) == before
        assert cli("verify").code == 0
        assert cli(*WRITES[0]).code == 0  # room again: the same command now works
        assert cli("verify").code == 0


def test_simulated_full_disk(
    ledger: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wherever mounting is impossible: SQLite refuses to grow the file past its current size,
    which it reports exactly as a full disk ('database or disk is full')."""
    opened = sqlite_backend.connect_file

    def capped(path: Path, location: object, mode: str = "rw") -> sqlite3.Connection:
        raw = opened(path, location, mode)  # type: ignore[arg-type]
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
        raw.execute(f"PRAGMA max_page_count = {pages}")
        return raw

    before = dump(sqlite_url)
    with monkeypatch.context() as patch:
        patch.setattr(sqlite_backend, "connect_file", capped)
        # A note long enough to need pages the file does not have.
        note = "凭据" * 1000
        for args in WRITES[:3]:
            result = ledger(*args, "--note", note)
            assert_one_clean_line(result, code=4)
            assert "the disk is full; nothing was saved" in result.err, args
    assert dump(sqlite_url) == before
    assert ledger("verify").code == 0


# --- files that are not (usable) ledgers -------------------------------------------------------


def _text(path: Path) -> None:
    path.write_text("name,qty\n暖身贴,1\n", encoding="utf-8")


def _other_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800000000')")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:3000])


def _overwritten_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    third = len(data) // 3
    data[third : 2 * third] = b"\xa5" * third
    path.write_bytes(bytes(data))


def _newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


DAMAGED: dict[str, tuple[Callable[[Path], None], str]] = {
    "text-file": (_text, "not a reliefctl ledger"),
    "other-sqlite": (_other_sqlite, "not a reliefctl ledger (it is some other SQLite database)"),
    "truncated": (_truncated, "damaged or not a reliefctl ledger"),
    "truncated-header": (_truncated_header, "damaged or not a reliefctl ledger"),
    "overwritten-middle": (_overwritten_middle, "damaged or not a reliefctl ledger"),
    "newer-schema": (_newer_schema, "written by a newer reliefctl (schema 99"),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_damaged_or_foreign_files_are_refused_untouched(
    ledger: CliRunner, sqlite_url: str, damage: str
) -> None:
    make, message = DAMAGED[damage]
    path = Path(sqlite_url)
    make(path)
    before = path.read_bytes()
    for args in [*WRITES, *READS, ("init",)]:
        result = ledger(*args)
        assert_one_clean_line(result, code=4)
        assert message in result.err, (args, result.err)
        assert result.out == ""
        assert path.read_bytes() == before, args


def test_damage_the_commands_do_not_touch_is_found_by_verify(
    ledger: CliRunner, sqlite_url: str
) -> None:
    """Bytes overwritten in one index page: SQLite reads around them, verify does not."""
    conn = sqlite3.connect(sqlite_url)
    root, page_size = conn.execute(
        "SELECT rootpage, (SELECT page_size FROM pragma_page_size) FROM sqlite_master "
        "WHERE name = 'ix_grants_fund'"
    ).fetchone()
    conn.close()
    data = bytearray(Path(sqlite_url).read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xff" * page_size
    Path(sqlite_url).write_bytes(bytes(data))
    assert ledger("stock").code == 0
    result = ledger("verify", "--format", "json")
    assert result.code in (1, 4), result.err
    assert "Traceback" not in result.err and result.err.count("\n") == 1
    if result.code == 1:
        checks = {p["check"] for p in json.loads(result.out)["problems"]}
        assert "integrity" in checks


# --- storage settings ------------------------------------------------------------------------


def test_the_tool_opens_sqlite_in_wal_mode_with_synchronous_full(
    ledger: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, ...]] = []
    opened = schema.open_ledger

    def spy(location: object, **options: bool) -> connect.Ledger:
        handle = opened(location, **options)  # type: ignore[arg-type]
        seen.append(
            tuple(
                handle.scalar(f"PRAGMA {name}")
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            )
        )
        return handle

    monkeypatch.setattr(schema, "open_ledger", spy)
    monkeypatch.delenv("RELIEFCTL_BUSY_TIMEOUT", raising=False)
    assert ledger(*WRITES[0]).code == 0
    assert ledger("stock").code == 0
    # WAL: readers never block the writer; FULL (2): fsync at every commit, so a confirmed
    # entry survives power loss; foreign keys on; writers wait up to 30 s for each other.
    assert seen == [("wal", 2, 1, 30000)] * 2


def test_a_fresh_ledger_is_in_wal_mode(bare_cli: CliRunner, sqlite_url: str) -> None:
    assert bare_cli("init").code == 0
    handle = schema.open_ledger(resolve(sqlite_url))
    try:
        assert handle.scalar("PRAGMA journal_mode") == "wal"
        assert handle.scalar("PRAGMA synchronous") == 2
    finally:
        handle.close()


# --- the error surface -----------------------------------------------------------------------


def test_typer_pretty_tracebacks_are_off() -> None:
    from reliefctl.cli.app import app

    assert app.pretty_exceptions_enable is False
    assert app.pretty_exceptions_show_locals is False


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom: an unexpected bug")


def test_an_unexpected_error_is_one_line_and_a_crash_file(
    ledger: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(sqlite_url)
    monkeypatch.setattr("reliefctl.ledger.posting.Poster.ship", _boom)
    result = ledger(*WRITES[0])
    assert_one_clean_line(result, code=70)
    assert "unexpected error (RuntimeError: boom: an unexpected bug)" in result.err
    assert "nothing was written" in result.err and "--debug" in result.err
    saved = Path(result.err.split("details saved to ")[1].split(";")[0])
    assert saved.is_file()
    assert saved.parent == Path(sqlite_url).parent / "state" / "reliefctl"
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("Traceback") and "RuntimeError: boom" in text
    assert dump(sqlite_url) == before


def test_a_crash_never_shows_or_saves_an_identifier(
    ledger: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: cron mails crash lines and files; an identifier in an exception is masked."""

    def leaky(*args: object, **kwargs: object) -> None:
        raise ValueError("bad row 11010519491231002X phone 13800138000")

    monkeypatch.setattr("reliefctl.ledger.posting.Poster.ship", leaky)
    result = ledger(*WRITES[0])
    assert result.code == 70
    assert "11010519491231002X" not in result.err and "13800138000" not in result.err
    assert "138****8000" in result.err
    saved = Path(result.err.split("details saved to ")[1].split(";")[0])
    text = saved.read_text(encoding="utf-8")
    assert "13800138000" not in text and "138****8000" in text


def test_debug_shows_the_traceback(ledger: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reliefctl.reports.ledger_views.stock", _boom)
    result = ledger("--debug", "stock")
    assert result.code == 70
    assert result.err.startswith("Traceback") and "RuntimeError: boom" in result.err
    monkeypatch.setenv("RELIEFCTL_DEBUG", "1")
    assert ledger("stock").err.startswith("Traceback")


def test_an_unexpected_error_in_a_real_process(ledger: CliRunner, sqlite_url: str) -> None:
    """No rich traceback box, no local variables: one line on stderr, exit 70."""
    code = textwrap.dedent(
        """
        import sys
        import reliefctl.reports.ledger_views as views
        def boom(*args, **kwargs):
            secret = "do-not-show-me"
            raise KeyError(secret)
        views.stock = boom
        from reliefctl.cli.app import main
        main(sys.argv[1:])
        """
    )
    state = Path(sqlite_url).parent / "state"
    env = {**os.environ, "RELIEFCTL_DB": sqlite_url, "XDG_STATE_HOME": str(state)}
    done = subprocess.run(
        [sys.executable, "-c", code, "stock"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 70
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("reliefctl: error: unexpected")
    assert "Traceback" not in done.stderr and "╭" not in done.stderr
    assert len(list((state / "reliefctl").glob("reliefctl-crash-*.txt"))) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("ship",),
        ("ship", "--item"),
        ("ship", "--bogus"),
        ("verify", "--format", "xml"),
        ("verify", "--bogus"),
        ("head", "extra"),
        ("void",),
        ("nonsense",),
        ("buy", "--date"),
        ("--db",),
    ],
)
def test_usage_errors_are_one_line(ledger: CliRunner, args: tuple[str, ...]) -> None:
    result = ledger(*args)
    assert_one_clean_line(result, code=2)
    assert result.out == ""
