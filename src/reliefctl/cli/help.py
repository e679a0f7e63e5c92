"""Help in the user's language, laid out for 80 and 100 columns.

Typer renders help with rich panels whose titles are translated once at import, cuts long
cells with "…", and shows ``<bool>`` for flags. reliefctl draws its own help instead, from the
Click tree Typer built:

* **Words.** Every help text (a command's docstring, an option's ``help``) is a message of the
  catalog in the context ``help``; its id is the English text with each paragraph joined onto
  one line (:func:`paragraphs`), so a docstring's line breaks are not part of it.
  ``scripts/catalog.py`` extracts them by walking the same tree (:func:`help_texts`). The
  frame's words ("Usage", "Options", "[required]", the metavars) are vocabulary entries
  (``help.*``, ``metavar.*`` in ``reliefctl.vocab``).
* **Metavars** say what a value is (``DATE``, ``AMOUNT``, ``ITEM=QTY``; 日期, 金额, 物资=数量),
  chosen by option name in :data:`METAVARS`; flags show none.
* **Layout.** Text wraps at the terminal's width (at most 100 columns, at least 60), by
  display width (a Chinese character counts two), between words and between Chinese
  characters but never before a closing mark (，。）) or after an opening one (（「), and
  nothing is ever cut (:func:`wrap`).

:func:`localise` sets this ``format_help`` on every command of the tree, once per language
(``reliefctl.cli.app.click_command`` caches the result).
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import types
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, Final

from reliefctl.display import display_width
from reliefctl.i18n import Lang, term
from reliefctl.messages import render_key

HELP_CONTEXT: Final = "help"
MAX_WIDTH: Final = 100
MIN_WIDTH: Final = 60
#: Click's own help of ``-h, --help``: in the catalog like every other help text.
HELP_OPTION_TEXT: Final = "Show this message and exit."

#: What an option's value is, by option name: a ``metavar.*`` vocabulary key. An option not
#: here (and not a flag) is a defect, caught by tests/test_help.py.
METAVARS: Final[dict[str, str]] = {
    "--db": "metavar.ledger",
    "--to": "metavar.place",
    "--date": "metavar.date",
    "--since": "metavar.date",
    "--until": "metavar.date",
    "--qty": "metavar.qty",
    "--unit-price": "metavar.amount",
    "--total": "metavar.amount",
    "--amount": "metavar.amount",
    "--budget": "metavar.amount",
    "--supplier": "metavar.name",
    "--fund": "metavar.fund",
    "--ref": "metavar.ref",
    "--note": "metavar.text",
    "--reason": "metavar.text",
    "--purpose": "metavar.text",
    "--batch": "metavar.batch",
    "--people": "metavar.count",
    "--households": "metavar.count",
    "--recipients": "metavar.file",
    "--each": "metavar.amount",
    "--allow-repeat": "metavar.text",
    "--as": "metavar.id_type",
    "--employer": "metavar.name",
    "--group": "metavar.group",
    "--township": "metavar.township",
    "--unit": "metavar.unit",
    "--size": "metavar.count",
    "--format": "metavar.format",
    "--lang": "metavar.lang",
    "--out": "metavar.file",
    "--out-dir": "metavar.folder",
    "--keep": "metavar.count",
    "--kind": "metavar.kind",
    "--by": "metavar.dimension",
    "--head": "metavar.head",
    "--tz": "metavar.zone",
    "--sheet": "metavar.sheet",
    "--at": "metavar.location",
    "--component": "metavar.item_qty",
    "--from": "metavar.location",
    "--warehouse": "metavar.name",
    "--source": "metavar.source",
    "--giver": "metavar.name",
    "--value": "metavar.amount",
    "--unit-value": "metavar.amount",
    "--of": "metavar.entry",
    "--operator": "metavar.name",
}
#: ``--item`` is one item on ``buy`` and ITEM=QTY (repeatable) on ``ship``.
ITEM_METAVARS: Final[dict[str, str]] = {
    "ship": "metavar.item_qty",
    "transfer": "metavar.item_qty",
    "writeoff": "metavar.item_qty",
    "count": "metavar.item_qty",
}
#: Options whose value differs by command: ``--to`` is a location on ``transfer``, and
#: ``--reason`` a reason code on ``writeoff``.
COMMAND_METAVARS: Final[dict[tuple[str, str], str]] = {
    ("transfer", "--to"): "metavar.location",
    ("writeoff", "--reason"): "metavar.reason",
}

#: No line break before these (closing marks) or after those (opening marks).
NO_BREAK_BEFORE: Final = set("，。、；：？！）」』】》〉”’,.;:?!)]}%…")
NO_BREAK_AFTER: Final = set("（「『【《〈“‘([{")


def terminal_width() -> int:
    """The width help is laid out for: ``COLUMNS`` or the terminal's, within 60..100."""
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


#: A word (no spaces) narrower than this stays whole even when it holds Chinese ("(人次)",
#: "2020年12月28日;"); a wider one is a Chinese sentence and may break between characters.
WHOLE_WORD_WIDTH: Final = 16


def _split_wide(word: str) -> list[str]:
    """A long word holding Chinese, as units: each wide character alone, each run of narrow
    ones together, closing marks glued to what precedes, opening marks to what follows."""
    units: list[str] = []
    glue_next = False
    for char in word:
        joins = bool(units) and (
            glue_next
            or char in NO_BREAK_BEFORE
            or (not _wide(char) and not _wide(units[-1][-1]) and char not in NO_BREAK_AFTER)
        )
        if joins:
            units[-1] += char
        else:
            units.append(char)
        glue_next = char in NO_BREAK_AFTER
    return units


def _units(text: str) -> list[str]:
    """``text`` as unbreakable units and single spaces between them."""
    units: list[str] = []
    for index, word in enumerate(re.split(r"\s+", text.strip())):
        if index:
            units.append(" ")
        wide = any(_wide(char) for char in word)
        units += _split_wide(word) if wide and display_width(word) > WHOLE_WORD_WIDTH else [word]
    return units


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns of display width, never cutting a word;
    a single unit wider than ``width`` (a long path) gets a line of its own, whole."""
    lines: list[str] = []
    line = ""
    for unit in _units(text):
        if unit == " ":
            if line:
                line += " "
            continue
        if line and display_width(line + unit) > width:
            lines.append(line.rstrip(" "))
            line = unit
        else:
            line += unit
    if line.strip():
        lines.append(line.rstrip(" "))
    return lines


def paragraphs(text: str | None) -> list[str]:
    """A docstring or help text as paragraphs, each one line: a line break inside a paragraph
    is a space between words and nothing between Chinese characters."""
    if not text:
        return []
    cleaned = inspect.cleandoc(text).split("\f", 1)[0]
    result = []
    for block in re.split(r"\n\s*\n", cleaned):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        joined = lines[0]
        for line in lines[1:]:
            both_wide = _wide(joined[-1]) and _wide(line[0])
            joined += ("" if both_wide else " ") + line
        result.append(joined)
    return result


def help_id(text: str | None) -> str:
    """The catalog id of a help text: its paragraphs, separated by a blank line."""
    return "\n\n".join(paragraphs(text))


def translate_help(lang: Lang, text: str | None) -> list[str]:
    """A help text's paragraphs in ``lang``."""
    msgid = help_id(text)
    if not msgid:
        return []
    return term(lang, HELP_CONTEXT, msgid).split("\n\n")


def first_sentence(paragraph: str) -> str:
    """What the command list shows of a command: its first sentence."""
    match = re.match(r"(.+?(?:[。！？]|[.!?](?=\s|$)))", paragraph)
    return match.group(1) if match else paragraph


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, (*path, name))


def help_texts(command: Any) -> list[str]:
    """Every help text of the tree, as catalog ids (for ``scripts/catalog.py``)."""
    found: list[str] = [HELP_OPTION_TEXT]
    for _, sub in _walk(command):
        texts = [sub.help] + [getattr(param, "help", None) for param in sub.params]
        found += [help_id(text) for text in texts if help_id(text)]
    return list(dict.fromkeys(found))


class HelpWriter:
    """Help for one command in one language, as lines."""

    def __init__(self, lang: Lang, width: int) -> None:
        self.lang = lang
        self.width = width
        self.lines: list[str] = []

    def word(self, key: str, **params: Any) -> str:
        return render_key(key, self.lang, **params)

    def block(self, text: str, indent: int = 0) -> None:
        for line in wrap(text, self.width - indent):
            self.lines.append(" " * indent + line)

    def table(self, rows: list[tuple[str, str]], indent: int = 2) -> None:
        """Two columns: names left, descriptions wrapped beside them (or below when a name is
        too wide to leave room)."""
        if not rows:
            return
        left = min(max(display_width(name) for name, _ in rows), self.width // 3) + indent + 2
        for name, text in rows:
            body = wrap(text, self.width - left) if text else []
            head = " " * indent + name
            if display_width(head) + 2 > left:
                self.lines.append(head)
                self.lines += [" " * left + line for line in body]
                continue
            first = body[0] if body else ""
            pad = " " * (left - display_width(head))
            self.lines.append((head + pad + first).rstrip())
            self.lines += [" " * left + line for line in body[1:]]

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def metavar(lang: Lang, command_name: str, param: Any) -> str:
    """What ``param``'s value is, in ``lang`` (empty for a flag)."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.param_type_name == "argument":
        return render_key(f"metavar.arg.{param.name}", lang)
    name = param.opts[0]
    item = name == "--item"
    key = ITEM_METAVARS.get(command_name, "metavar.item") if item else METAVARS[name]
    key = COMMAND_METAVARS.get((command_name, name), key)
    return render_key(key, lang)


def _option_row(lang: Lang, command_name: str, param: Any) -> tuple[str, str]:
    names = ", ".join(sorted(param.opts, key=len) + list(param.secondary_opts))
    if param.param_type_name == "argument":
        names = metavar(lang, command_name, param)
    else:
        value = metavar(lang, command_name, param)
        if value:
            names += " " + value
    text = " ".join(translate_help(lang, getattr(param, "help", None)))
    notes = []
    if param.required:
        notes.append(render_key("help.required", lang))
    if getattr(param, "multiple", False):
        notes.append(render_key("help.repeatable", lang))
    default = param.default
    show = getattr(param, "show_default", None)
    if (
        param.param_type_name == "option"
        and not param.required
        and show is not False
        and default not in (None, False, "", ())
        and not getattr(param, "is_flag", False)
    ):
        notes.append(render_key("help.default", lang, value=str(default)))
    if notes:
        text = (text + "  " if text else "") + " ".join(notes)
    return names, text


def render_help(command: Any, ctx: Any, lang: Lang, width: int | None = None) -> str:
    """The help page of ``command`` (in the context ``ctx``) in ``lang``."""
    out = HelpWriter(lang, width or terminal_width())
    path = ctx.command_path
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    usage = [path, out.word("help.options_metavar")]
    usage += [metavar(lang, command.name or "", p) for p in arguments]
    if getattr(command, "commands", None):
        usage.append(out.word("help.command_metavar"))
    out.block(out.word("help.usage") + " ".join(usage))
    out.blank()
    for paragraph in translate_help(lang, command.help):
        out.block(paragraph, indent=2)
        out.blank()
    if arguments:
        out.lines.append(out.word("help.arguments"))
        out.table([_option_row(lang, command.name or "", p) for p in arguments])
        out.blank()
    options = [p for p in command.get_params(ctx) if p.param_type_name == "option"]
    if options:
        out.lines.append(out.word("help.options"))
        out.table([_option_row(lang, command.name or "", p) for p in options])
        out.blank()
    subcommands = getattr(command, "commands", None)
    if subcommands:
        out.lines.append(out.word("help.commands"))
        rows = []
        for name in command.list_commands(ctx):
            sub = subcommands[name]
            if getattr(sub, "hidden", False):
                continue
            shown = translate_help(lang, sub.help)
            rows.append((name, first_sentence(shown[0]) if shown else ""))
        out.table(rows)
        out.blank()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
    return "\n".join(out.lines) + "\n"


def _format_help(lang: Lang) -> Callable[[Any, Any, Any], None]:
    def format_help(self: Any, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx, lang))

    return format_help


def localise(command: Any, lang: Lang) -> Any:
    """``command`` (and every sub-command) drawing its help with :func:`render_help` in
    ``lang``; the help option's own text translated too."""
    for _, sub in _walk(command):
        sub.format_help = types.MethodType(_format_help(lang), sub)
        sub.context_settings.setdefault("help_option_names", ["-h", "--help"])
    return command


__all__ = [
    "HELP_CONTEXT",
    "METAVARS",
    "help_id",
    "help_texts",
    "localise",
    "paragraphs",
    "render_help",
    "terminal_width",
    "translate_help",
    "wrap",
]
