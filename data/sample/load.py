"""Load data/sample/operation.txt into the ledger named by RELIEFCTL_DB, in one process.

Each non-comment line is one reliefctl command line; the first failure stops the load with
that command's exit code.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from reliefctl.cli.app import main


def load(path: Path) -> int:
    count = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
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
