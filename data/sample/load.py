"""Load data/sample/operation.txt into the ledger named by RELIEFCTL_DB, in one process.

Each non-comment line is one reliefctl command line; the first failure stops the load with
that command's exit code. ``{sample}`` in a line is this folder (the lists of recipients).
The lists are hashed with the person key (``RELIEFCTL_PERSON_KEY``, see ``reliefctl key``):
created first when there is none.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from reliefctl.cli.app import main


def sample_lines(path: Path) -> list[tuple[int, str]]:
    """The command lines of ``path`` with their line numbers, ``{sample}`` filled in."""
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            lines.append((number, line.replace("{sample}", str(path.parent))))
    return lines


def load(path: Path) -> int:
    from reliefctl.io.personkey import key_path

    if not key_path().exists():
        try:
            main(["key", "init"])
        except SystemExit as exc:
            if exc.code not in (0, None):
                return int(exc.code) if isinstance(exc.code, int) else 1
    count = 0
    for number, line in sample_lines(path):
        try:
            main(shlex.split(line))
        except SystemExit as exc:
            if exc.code not in (0, None):
                print(f"{path}:{number}: failed: {line}", file=sys.stderr)
                return int(exc.code) if isinstance(exc.code, int) else 1
        count += 1
    print(f"loaded {count} commands from {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(load(Path(__file__).with_name("operation.txt")))
