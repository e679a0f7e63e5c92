"""The one place where errors become messages and exit codes.

Exit codes (documented in the README; scripts and cron rely on them):

====  =========  ==========================================================================
code  name       meaning
====  =========  ==========================================================================
0     OK         done (or nothing to do: an identical ref, an existing ledger on ``init``)
1     REFUSED    a ledger rule refused the input (unknown name, out of stock, overdrawn
                 fund, ref conflict, illegal void); ``verify`` found a problem
2     USAGE      the command line or a value in it is malformed (bad number, date, name)
3     BUSY       the ledger is locked by another writer past the busy timeout, or another
                 nightly export holds its lock
4     STORAGE    the ledger cannot be used: missing, not a ledger, damaged, newer schema,
                 read-only, disk full, server unreachable
70    INTERNAL   a bug: one line on stderr, the traceback in a crash file (or on screen with
                 ``--debug``)
====  =========  ==========================================================================
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from reliefctl.ledger.errors import (
    InputError,
    IntegrityFailure,
    LedgerBusy,
    ReliefError,
    RuleViolation,
    StorageError,
)

PROG = "reliefctl"


class ExitCode(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    BUSY = 3
    STORAGE = 4
    INTERNAL = 70


def exit_code_for(exc: ReliefError) -> ExitCode:
    if isinstance(exc, InputError):
        return ExitCode.USAGE
    if isinstance(exc, RuleViolation | IntegrityFailure):
        return ExitCode.REFUSED
    if isinstance(exc, LedgerBusy):
        return ExitCode.BUSY
    if isinstance(exc, StorageError):
        return ExitCode.STORAGE
    return ExitCode.REFUSED


def one_line(text: str) -> str:
    """Collapse a message onto one line: cron mails and log greps read line by line."""
    return " ".join(str(text).split())


def print_error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {one_line(message)}\n")
    sys.stderr.flush()


def _crash_file(exc: BaseException) -> Path | None:
    """Write the traceback where a user can send it to us; return the path."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = "".join(traceback.format_exception(exc))
    for folder in (Path(base) / "reliefctl", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"reliefctl-crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def run(command: Any, argv: Sequence[str] | None, debug: bool) -> int:
    """Run the Click command behind the Typer app; map every outcome to an exit code."""
    from typer._click.exceptions import ClickException, UsageError
    from typer.exceptions import Abort

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = command.main(args=args, prog_name=PROG, standalone_mode=False)
    except UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = f" (see: {exc.ctx.command_path} --help)"
        print_error(exc.format_message() + hint)
        return ExitCode.USAGE
    except ClickException as exc:
        print_error(exc.format_message())
        return exc.exit_code
    except Abort:
        print_error("aborted")
        return 130
    except ReliefError as exc:
        print_error(exc.message)
        return exit_code_for(exc)
    except BrokenPipeError:
        # `reliefctl log | head`: the reader left; not an error worth a message.
        sys.stderr.close()
        return ExitCode.OK
    except KeyboardInterrupt:
        print_error("interrupted; nothing was written by the interrupted command")
        return 130
    except Exception as exc:
        if debug:
            traceback.print_exception(exc)
        else:
            where = _crash_file(exc)
            saved = f"; details saved to {where}" if where else ""
            print_error(
                f"unexpected error ({type(exc).__name__}: {one_line(str(exc))[:200]}){saved}; "
                "nothing was written — rerun with --debug to see the traceback"
            )
        return ExitCode.INTERNAL
    if isinstance(result, int) and not isinstance(result, bool):
        return result
    return ExitCode.OK


__all__ = ["ExitCode", "exit_code_for", "print_error", "run"]
