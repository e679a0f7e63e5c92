"""The README documents every command and every option (sqlite-utils' ``test_docs.py`` is the
model): a command or option added without a word in the README fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
import typer.core

from reliefctl.cli.app import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _walk(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], object]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, (*path, name))


COMMANDS = [(path, command) for path, command in _walk(typer.main.get_command(app)) if path]


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_the_readme_documents_every_command_and_option(
    path: tuple[str, ...], command: object
) -> None:
    words = " ".join(path)
    assert re.search(rf"reliefctl (--db \S+ )?{re.escape(words)}\b", README), (
        f"the README never shows `reliefctl {words}`"
    )
    for param in getattr(command, "params", []):
        if not isinstance(param, typer.core.TyperOption):
            continue
        for option in param.opts:
            if option.startswith("--") and option != "--help":
                assert option in README, f"the README never mentions {option} of `{words}`"


def test_the_readme_documents_the_root_options() -> None:
    root = typer.main.get_command(app)
    for param in root.params:
        for option in getattr(param, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in README, option
