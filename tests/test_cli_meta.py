"""The command surface: help everywhere, light start-up, where the ledger lives."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import typer

from reliefctl.cli.app import app

from .conftest import CliRunner, run_process


def _walk(command: typer.main.TyperGroup | object, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def test_every_command_and_option_has_help() -> None:
    root = typer.main.get_command(app)
    missing = []
    for path, command in _walk(root):
        if not (getattr(command, "help", None) or "").strip():
            missing.append(" ".join(path) or "reliefctl")
        for param in getattr(command, "params", []):
            if isinstance(param, typer.core.TyperOption) and not (param.help or "").strip():
                missing.append(f"{' '.join(path)} {param.opts[0]}")
            if isinstance(param, typer.core.TyperArgument) and not (param.help or "").strip():
                missing.append(f"{' '.join(path)} {param.name}")
    assert missing == [], f"commands or options without help: {missing}"


def test_help_of_every_command_works(cli: CliRunner) -> None:
    root = typer.main.get_command(app)
    for path, _command in _walk(root):
        result = cli(*path, "--help")
        assert result.code == 0, (path, result.err)
        assert "Usage" in result.out


HEAVY = ("sqlalchemy", "sqlmodel", "openpyxl")


def _modules_after(args: list[str], tmp_path: Path) -> set[str]:
    script = (
        "import sys, json\n"
        "from reliefctl.cli.app import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    env_db = str(tmp_path / "ledger.sqlite")
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"RELIEFCTL_DB": env_db, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_imports_no_heavy_library(tmp_path: Path) -> None:
    """`--help` of every command, all in one process, loads none of the heavy libraries."""
    root = typer.main.get_command(app)
    paths = [list(path) for path, _ in _walk(root)]
    assert len(paths) > 15
    script = (
        "import sys, json\n"
        "from reliefctl.cli.app import main\n"
        f"for path in {paths!r}:\n"
        "    try:\n"
        "        main([*path, '--help'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), (path, exc.code)\n"
        "sys.stdout.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={
            "RELIEFCTL_DB": str(tmp_path / "x.sqlite"),
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_recording_commands_do_not_import_openpyxl(tmp_path: Path) -> None:
    assert (
        run_process("init", env={"RELIEFCTL_DB": str(tmp_path / "ledger.sqlite")}).returncode == 0
    )
    loaded = _modules_after(["township", "add", "高丽营镇"], tmp_path)
    assert "reliefctl.ledger.posting" in loaded  # the command really ran
    assert not {m for m in loaded if m.split(".")[0] == "openpyxl"}


def test_missing_ledger_is_not_created(bare_cli: CliRunner, sqlite_url: str) -> None:
    result = bare_cli("stock")
    assert result.code == 4
    assert result.err == (
        f"reliefctl: error: no ledger at {sqlite_url}; create it with: "
        f"reliefctl --db {sqlite_url} init\n"
    )
    assert not Path(sqlite_url).exists()


def test_init_says_where_and_is_idempotent(bare_cli: CliRunner, sqlite_url: str) -> None:
    created = bare_cli("init").out.splitlines()
    assert created[0] == f"created a new ledger at {sqlite_url}"
    assert created[1].startswith("time zone: ") and len(created) == 3
    assert created[2] == "stock is held at 仓库 (add more with: reliefctl location add NAME)"
    assert bare_cli("township", "add", "仁和镇").code == 0
    before = Path(sqlite_url).read_bytes()
    again = bare_cli("init")
    assert again.code == 0 and "already exists" in again.out and "nothing changed" in again.out
    assert Path(sqlite_url).read_bytes() == before


def test_foreign_files_are_refused_and_left_alone(bare_cli: CliRunner, sqlite_url: str) -> None:
    path = Path(sqlite_url)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    for args in (("stock",), ("init",), ("township", "add", "仁和镇")):
        result = bare_cli(*args)
        assert result.code == 4, args
        assert "not a reliefctl ledger" in result.err
        assert result.err.count("\n") == 1
    assert path.read_bytes() == before
    path.write_text("name,qty\n暖身贴,1\n", encoding="utf-8")
    result = bare_cli("stock")
    assert result.code == 4 and "not a reliefctl ledger" in result.err


def test_db_option_beats_environment(bare_cli: CliRunner, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.sqlite"
    assert bare_cli("--db", str(chosen), "init").code == 0
    assert chosen.exists()
    assert bare_cli("--db", f"sqlite:///{chosen}", "township", "add", "仁和镇").code == 0
    listed = bare_cli("--db", str(chosen), "township", "list", "--format", "json")
    assert json.loads(listed.out) == [{"township": "仁和镇"}]


def test_default_location_follows_xdg(tmp_path: Path) -> None:
    env = {"RELIEFCTL_DB": "", "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    done = run_process("init", env=env)
    assert done.returncode == 0, done.stderr
    expected = tmp_path / "data" / "reliefctl" / "ledger.sqlite"
    assert done.stdout.splitlines()[0] == f"created a new ledger at {expected}"
    assert expected.exists()


def test_unsupported_url_is_a_usage_error(bare_cli: CliRunner) -> None:
    result = bare_cli("--db", "mysql://u:secret@h/db", "stock")
    assert result.code == 2
    assert "unsupported database URL" in result.err and "secret" not in result.err


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    done = run_process("--version")
    assert done.returncode == 0 and done.stdout.startswith("reliefctl ")


def test_usage_errors_are_one_line(cli: CliRunner) -> None:
    for args in (("ship",), ("ship", "--bogus"), ("nonsense",), ("buy", "--date")):
        result = cli(*args)
        assert result.code == 2, args
        assert result.err.startswith("reliefctl: error: ")
        assert result.err.count("\n") == 1, result.err
