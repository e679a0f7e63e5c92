"""The one place where errors become messages and exit codes.

Exit codes (documented in the README; scripts and cron rely on them):

====  ===========  ========================================================================
code  name         meaning
====  ===========  ========================================================================
0     OK           done (or nothing to do: an identical ref, an existing ledger on ``init``)
1     REFUSED      a ledger rule refused the input (unknown name, out of stock, overdrawn
                   fund, ref conflict, illegal void); ``verify`` found a problem
2     USAGE        the command line or a value in it is malformed (bad number, date, name)
3     BUSY         the ledger is locked by another writer past the busy timeout, or another
                   nightly export holds its lock
4     STORAGE      the ledger or a file cannot be used: missing, not a ledger, damaged, older or
                   newer schema, read-only, disk full, server unreachable
70    INTERNAL     a bug: one line on stderr, the traceback in a crash file (or on screen with
                   ``--debug``)
130   INTERRUPTED  interrupted (Ctrl-C)
====  ===========  ========================================================================
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

from reliefctl import errors
from reliefctl.cli.words import option_word
from reliefctl.errors import ReliefError
from reliefctl.i18n import Lang
from reliefctl.messages import render

PROG = "reliefctl"


class ExitCode(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    BUSY = 3
    STORAGE = 4
    INTERNAL = 70
    INTERRUPTED = 130


#: Each category of error (``reliefctl.errors.categories``) and its exit code.
EXIT_CODES: dict[type[ReliefError], ExitCode] = {
    errors.InputError: ExitCode.USAGE,
    errors.RuleViolation: ExitCode.REFUSED,
    errors.IntegrityFailure: ExitCode.REFUSED,
    errors.LedgerBusy: ExitCode.BUSY,
    errors.StorageError: ExitCode.STORAGE,
    errors.OutputError: ExitCode.STORAGE,
    errors.CommitUncertain: ExitCode.STORAGE,
}


def exit_code_for(exc: ReliefError) -> ExitCode:
    """The exit code of an error, by its category; an error of no category is a bug."""
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    raise LookupError(f"{type(exc).__name__} belongs to no category with an exit code")


def one_line(text: str) -> str:
    """Collapse a message onto one line: cron mails and log greps read line by line."""
    return " ".join(str(text).split())


def print_error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {one_line(message)}\n")
    sys.stderr.flush()


def error_text(exc: ReliefError, lang: Lang = "en") -> str:
    """An error as the command line says it: fields named as the options the user typed."""
    return render(exc, lang, option_word)


def problem_lines(exc: ReliefError, source: str, lang: Lang = "en") -> list[str]:
    """The lines an import prints for every problem of a rejected file, before its summary."""
    headings = exc.params.get("headings") or {}
    return [f"{source}: {problem.text(lang, headings)}" for problem in getattr(exc, "problems", [])]


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
        return ExitCode.INTERRUPTED
    except ReliefError as exc:
        print_error(error_text(exc))
        return exit_code_for(exc)
    except BrokenPipeError:
        # `reliefctl log | head`: the reader left; not an error worth a message.
        sys.stderr.close()
        return ExitCode.OK
    except KeyboardInterrupt:
        print_error("interrupted; nothing was written by the interrupted command")
        return ExitCode.INTERRUPTED
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


__all__ = [
    "EXIT_CODES",
    "ExitCode",
    "error_text",
    "exit_code_for",
    "print_error",
    "problem_lines",
    "run",
]
