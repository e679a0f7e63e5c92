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
                   newer schema, read-only, disk full, server unreachable; or the output could
                   not be printed (nothing was recorded)
5     RECORDED     the entry WAS recorded (its id is on stderr) but its confirmation could not
                   be printed (stdout closed or full, an encoding without Chinese), or the
                   command was interrupted after COMMIT: do not record it again
6     UNKNOWN      COMMIT's outcome cannot be known (the connection lost during COMMIT, an I/O
                   error while committing): it may have been recorded; check ``reliefctl log
                   --ref REF``; re-running with the same --ref is safe
70    INTERNAL     a bug: one line on stderr, the traceback in a crash file (or on screen with
                   ``--debug``)
129   HANGUP       SIGHUP (the terminal went away); nothing was written, no file replaced
130   INTERRUPTED  Ctrl-C (SIGINT); nothing was written, no file replaced
143   TERMINATED   SIGTERM (a cron timeout, a shutdown); nothing was written, no file replaced
====  ===========  ========================================================================

After COMMIT reliefctl never says that nothing was written: ``Options.committed`` learns of a
commit while the interrupting signals are still held back (``reliefctl.db.connect``), and every
failure after it is reported as 5.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

from reliefctl import errors
from reliefctl.cli.context import Options
from reliefctl.cli.words import words_in
from reliefctl.errors import Phrase, ReliefError
from reliefctl.i18n import Lang
from reliefctl.messages import Raw, render, render_key

PROG = "reliefctl"


class ExitCode(IntEnum):
    OK = 0
    REFUSED = 1
    USAGE = 2
    BUSY = 3
    STORAGE = 4
    RECORDED = 5
    UNKNOWN = 6
    INTERNAL = 70
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


class Interrupted(BaseException):
    """A signal that stops the command (SIGINT, SIGTERM, SIGHUP), raised where it arrives.

    A BaseException, like KeyboardInterrupt: no ``except Exception`` swallows it, and every
    ``finally`` (a write's ROLLBACK, an output's temporary files) runs.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, frame: Any) -> None:
    raise Interrupted(signum)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def signals_stop_the_command() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP stop the command with ``Interrupted`` for the block (main
    thread only), the handlers before it restored afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_interrupted)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


#: Each category of error (``reliefctl.errors.categories``) and its exit code.
EXIT_CODES: dict[type[ReliefError], ExitCode] = {
    errors.InputError: ExitCode.USAGE,
    errors.RuleViolation: ExitCode.REFUSED,
    errors.IntegrityFailure: ExitCode.REFUSED,
    errors.LedgerBusy: ExitCode.BUSY,
    errors.StorageError: ExitCode.STORAGE,
    errors.OutputError: ExitCode.STORAGE,
    errors.CommitUncertain: ExitCode.UNKNOWN,
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


def print_error(message: str, lang: Lang = "en") -> None:
    prefix = render_key("cli.error_prefix", lang)
    sys.stderr.write(f"{PROG}: {prefix}{one_line(message)}\n")
    sys.stderr.flush()


def _option_metavar(lang: Lang, exc: Any, option: str) -> str:
    """The metavar of ``option`` on the failing command, in ``lang`` ('' when unknown)."""
    from reliefctl.cli.help import METAVARS, metavar

    command = getattr(exc, "cmd", None)
    if command is None:
        return render_key(METAVARS[option], lang) if option in METAVARS else ""
    for param in command.params:
        if option in getattr(param, "opts", ()):
            with suppress(KeyError):
                return metavar(lang, command.name or "", param)
    return ""


def usage_text(exc: Any, lang: Lang) -> str:
    """A Click usage error in the user's words, rebuilt from its attributes (Click's own
    messages are English f-strings): the option as typed, what was expected."""
    import difflib
    import re

    from typer._click import exceptions as click

    def word(key: str, **params: Any) -> str:
        return render_key(key, lang, words_in(lang), **params)

    if isinstance(exc, click.NoSuchOption):
        names = sorted(exc.possibilities or ())
        if not names and exc.ctx is not None:
            known = [o for p in exc.ctx.command.get_params(exc.ctx) for o in p.opts]
            names = difflib.get_close_matches(exc.option_name, known, n=3)
        suggestion = word("click.did_you_mean", options=names) if names else ""
        return word("click.no_such_option", option=Raw(exc.option_name), suggestion=Raw(suggestion))
    if isinstance(exc, click.BadOptionUsage):
        option = exc.option_name
        if "does not take a value" in exc.message:
            return word("click.takes_no_value", option=Raw(option))
        shown = _option_metavar(lang, exc, option)
        hint = word("click.needs_value_metavar", metavar=Raw(shown)) if shown else ""
        return word("click.needs_value", option=Raw(option), metavar=Raw(hint))
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        if param is not None and param.param_type_name == "argument":
            from reliefctl.cli.help import metavar

            return word("click.missing_argument", argument=Raw(metavar(lang, "", param)))
        option = param.opts[0] if param is not None else "?"
        shown = _option_metavar(lang, exc, option)
        return word(
            "click.missing_option", option=Raw(option), metavar=Raw(" " + shown if shown else "")
        )
    if isinstance(exc, click.BadParameter):
        hint = exc.param.opts[0] if exc.param is not None and exc.param.opts else "?"
        return word("click.invalid_value", option=Raw(hint), value=exc.message)
    message = exc.message or ""
    found = re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message)
    if found:
        return word("click.extra_arguments", arguments=found.group(1))
    found = re.match(r"No such command '(.*?)'\.", message)
    if found and exc.ctx is not None:
        known = exc.ctx.command.list_commands(exc.ctx)
        close = difflib.get_close_matches(found.group(1), known, n=3)
        suggestion = word("click.did_you_mean_command", names=close) if close else ""
        return word("click.no_such_command", name=found.group(1), suggestion=Raw(suggestion))
    if message.startswith("Missing command") and exc.ctx is not None:
        return word("click.missing_command", names=exc.ctx.command.list_commands(exc.ctx))
    return message


def error_text(exc: ReliefError, lang: Lang = "en") -> str:
    """An error as the command line says it: fields named as the options the user typed."""
    return render(exc, lang, words_in(lang))


def problem_lines(exc: ReliefError, source: str, lang: Lang = "en") -> list[str]:
    """The lines an import prints for every problem of a rejected file, before its summary."""
    headings = exc.params.get("headings") or {}
    return [f"{source}: {problem.text(lang, headings)}" for problem in getattr(exc, "problems", [])]


def _crash_file(exc: BaseException) -> Path | None:
    """Write the traceback where a user can send it to us; return the path."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    from reliefctl.ledger.persons import scrub

    # Masked: a crash while reading a list of recipients must not mail an identifier.
    text = scrub("".join(traceback.format_exception(exc)))
    for folder in (Path(base) / "reliefctl", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"reliefctl-crash-{stamp}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def _say(key: str, lang: Lang = "en", **params: Any) -> None:
    print_error(render_key(key, lang, words_in(lang), **params), lang)


def _silence_stdout() -> None:
    """After the reader of stdout left: nothing more goes there (nor at exit)."""
    with suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _output_failure(exc: BaseException) -> str:
    if isinstance(exc, UnicodeEncodeError):
        encoding = getattr(sys.stdout, "encoding", None) or "?"
        return render_key("outcome.encoding", "en", encoding=encoding)
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__


def _committed(outcome: Options, exc: BaseException, lang: Lang) -> int:
    """A failure after COMMIT: say what was recorded, and that only printing failed."""
    what = ", ".join(outcome.committed)
    if isinstance(exc, Interrupted | KeyboardInterrupt):
        _say("outcome.recorded_interrupted", lang, entries=what)
    else:
        _say("outcome.recorded_not_shown", lang, entries=what, reason=_output_failure(exc))
    return ExitCode.RECORDED


def _interrupted(outcome: Options, signum: int, lang: Lang) -> int:
    names: dict[int, str] = {int(signal.SIGTERM): "SIGTERM", int(signal.SIGHUP): "SIGHUP"}
    name = names.get(int(signum), "Ctrl-C")
    if outcome.output is not None:
        _say("outcome.interrupted_file", lang, signal=name, path=outcome.output)
    else:
        _say("outcome.interrupted", lang, signal=name)
    return 128 + int(signum)


def refuse_language(exc: errors.UnknownLanguage) -> int:
    """A ``--lang`` or ``RELIEFCTL_LANG`` naming no language: said in English (the language
    is what is unknown), before any command is built."""
    print_error(error_text(exc, "en"))
    return ExitCode.USAGE


def run(
    command: Any,
    argv: Sequence[str] | None,
    debug: bool,
    *,
    lang: Lang = "en",
    lang_explicit: bool = False,
) -> int:
    """Run the Click command behind the Typer app; map every outcome to an exit code."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort

    args = list(sys.argv[1:] if argv is None else argv)
    outcome = Options(debug=debug, lang=lang, lang_explicit=lang_explicit)
    try:
        try:
            result = command.main(args=args, prog_name=PROG, standalone_mode=False, obj=outcome)
        except SystemExit as exc:
            # Outside standalone mode Click exits by itself only when stdout's reader left
            # (EPIPE, exit 1): the same outcome as a broken pipe met here.
            if exc.code in (0, None):
                raise
            raise BrokenPipeError("stdout's reader left") from None
        sys.stdout.flush()
    except NoArgsIsHelpError as exc:
        # `reliefctl township`: its help, as -h would print it, then exit 2 (Click's rule).
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return ExitCode.USAGE
    except UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = " " + render_key("cli.see_help", lang, command=exc.ctx.command_path)
        print_error(usage_text(exc, lang) + hint, lang)
        return ExitCode.USAGE
    except ClickException as exc:
        print_error(exc.format_message(), lang)
        return exc.exit_code
    except (Abort, KeyboardInterrupt):
        if outcome.committed:
            return _committed(outcome, KeyboardInterrupt(), lang)
        return _interrupted(outcome, signal.SIGINT, lang)
    except Interrupted as exc:
        if outcome.committed:
            return _committed(outcome, exc, lang)
        return _interrupted(outcome, exc.signum, lang)
    except errors.CommitUncertain as exc:
        refs = outcome.refs
        exc.params["ref_hint"] = (
            Phrase("storage.commit_ref_hint", ref=refs[0]) if len(refs) == 1 else ""
        )
        print_error(error_text(exc, lang), lang)
        return ExitCode.UNKNOWN
    except ReliefError as exc:
        # A refusal after a COMMIT (a copy or an upgrade that does not verify) says what it
        # found; none of these messages claims that nothing was written.
        print_error(error_text(exc, lang), lang)
        return exit_code_for(exc)
    except (BrokenPipeError, UnicodeEncodeError, OSError) as exc:
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
        if outcome.committed:
            return _committed(outcome, exc, lang)
        if isinstance(exc, BrokenPipeError):
            # `reliefctl log | head`: the reader left; not an error worth a message.
            return ExitCode.OK
        _say("outcome.output_failed", lang, reason=_output_failure(exc))
        return ExitCode.STORAGE
    except Exception as exc:
        if outcome.committed:
            return _committed(outcome, exc, lang)
        if debug:
            traceback.print_exception(exc)
        else:
            where = _crash_file(exc)
            saved = Phrase("cli.crash_saved", path=str(where)) if where else None
            from reliefctl.ledger.persons import scrub

            error = f"{type(exc).__name__}: {scrub(one_line(str(exc)))[:200]}"
            print_error(render_key("cli.crash", lang, error=error, saved=saved), lang)
        return ExitCode.INTERNAL
    if isinstance(result, int) and not isinstance(result, bool):
        return result
    return ExitCode.OK


__all__ = [
    "EXIT_CODES",
    "ExitCode",
    "Interrupted",
    "error_text",
    "exit_code_for",
    "print_error",
    "problem_lines",
    "run",
    "signals_stop_the_command",
]
