"""The message catalogs, managed with Babel: extract, update, compile (development time).

    .venv/bin/python scripts/catalog.py            # extract + update + compile
    .venv/bin/python scripts/catalog.py --check    # fail if anything is stale or untranslated

* **extract**: every message in ``src/reliefctl`` marked for translation, with Babel's Python
  extractor and our keywords: ``T(key, english)`` and ``TP(key, singular, plural)`` (the
  vocabulary, ``reliefctl.vocab``; the key is the message's context), ``N_(text)`` (help texts
  and other marked strings), into ``src/reliefctl/locale/reliefctl.pot``;
* **update**: ``locale/zh_CN/LC_MESSAGES/reliefctl.po`` takes new messages (untranslated) and
  drops messages no longer in the source; translations of unchanged messages are kept;
* **compile**: the ``.po`` into the ``.mo`` that ``gettext`` reads at run time. The ``.mo`` is
  committed, so a fresh install needs no Babel; ``tests/test_catalog.py`` fails when it, the
  ``.po`` or the ``.pot`` is stale, or when a message has no Chinese.

Locations (``#: file:line``) are left out of the files, so moving code does not churn them.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "reliefctl"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "reliefctl.pot"
LANGUAGES = ("zh_CN",)
#: Fixed header facts, so the files change only when a message does.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
HEADER = "# reliefctl's messages. English is the source text; see scripts/catalog.py.\n#"
KEYWORDS = {"T": ((1, "c"), 2), "TP": ((1, "c"), 2, 3), "N_": None}
#: Generated code and development-time modules hold no user-visible text.
SKIP = ("db/tables.py", "db/generate.py", "db/models.py")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "reliefctl.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def _catalog(language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        header_comment=HEADER,
        project="reliefctl",
        version="",
        copyright_holder="reliefctl",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator="reliefctl",
        language_team="reliefctl",
        charset="utf-8",
        fuzzy=False,
    )


def extract() -> Catalog:
    catalog = _catalog(None)
    for filename, _lineno, message, _comments, context in extract_from_dir(
        PACKAGE,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    ):
        if filename.replace("\\", "/") in SKIP:
            continue
        catalog.add(message, context=context)
    # Help texts live in the Typer declarations; the Click tree Typer builds from them is
    # walked for them (context "help"), as reliefctl.cli.help translates them.
    from typer.main import get_command

    from reliefctl.cli.app import app
    from reliefctl.cli.help import HELP_CONTEXT, help_texts

    for text in help_texts(get_command(app)):
        catalog.add(text, context=HELP_CONTEXT)
    return catalog


def todo_json(language: str) -> str:
    """The messages of ``language`` still without a translation, as JSON for a translator:
    ``[{"context", "id", "plural", "zh": ""}]``."""
    import json

    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    todo = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(strings):
            ident, many = (message.id, None) if isinstance(message.id, str) else message.id
            todo.append({"context": message.context, "id": ident, "plural": many, "zh": ""})
    return json.dumps(todo, ensure_ascii=False, indent=1)


def apply_json(language: str, path: Path) -> int:
    """Fill translations from a translator's JSON (as :func:`todo_json` wrote it, ``zh``
    filled in; or ``{key: text}`` for vocabulary keys); return how many were filled."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        # {"vocab.key": text} or {"help:<English help text>": text}
        data = [
            {"context": "help", "id": key[5:], "zh": text}
            if key.startswith("help:")
            else {"context": key, "zh": text}
            for key, text in data.items()
        ]
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    by_context: dict[str | None, list] = {}
    for message in catalog:
        if message.id:
            by_context.setdefault(message.context, []).append(message)
    filled = 0
    for row in data:
        if not row.get("zh"):
            continue
        for message in by_context.get(row.get("context"), []):
            ident = message.id if isinstance(message.id, str) else message.id[0]
            if "id" in row and row["id"] != ident:
                continue
            message.string = (row["zh"],) if isinstance(message.id, tuple) else row["zh"]
            filled += 1
    po_path(language).write_bytes(_text(catalog))
    return filled


def _text(catalog: Catalog, *, omit_header: bool = False) -> bytes:
    """The ``.po`` text of ``catalog``, without Babel's version line (it is not ours)."""
    out = io.BytesIO()
    write_po(
        out,
        catalog,
        width=100,
        no_location=True,
        omit_header=omit_header,
        sort_output=True,
        ignore_obsolete=True,
    )
    lines = out.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b'"Generated-By:'))


def updated(template: Catalog, language: str) -> Catalog:
    path = po_path(language)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = _catalog(language)
    # No fuzzy matching: a changed English message must be translated again, not guessed.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.header_comment = HEADER
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.last_translator = catalog.language_team = "reliefctl"
    return catalog


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            ident = message.id if isinstance(message.id, str) else message.id[0]
            missing.append(f"{message.context or ''}: {ident}")
    return missing


def outputs() -> dict[Path, bytes]:
    """Every catalog file and the bytes it should hold now."""
    template = extract()
    files = {POT: _text(template, omit_header=True)}
    for language in LANGUAGES:
        text = _text(updated(template, language))
        files[po_path(language)] = text
        # Compiled from the text as written, so the .mo is exactly what the .po says.
        files[mo_path(language)] = compiled(read_po(io.BytesIO(text), locale=language))
    return files


def main(argv: list[str]) -> int:
    if argv[:1] == ["--todo"]:
        print(todo_json(argv[1] if len(argv) > 1 else LANGUAGES[0]))
        return 0
    if argv[:1] == ["--apply"]:
        count = apply_json(LANGUAGES[0], Path(argv[1]))
        print(f"filled {count} translations from {argv[1]}; now run scripts/catalog.py")
        return 0
    files = outputs()
    if "--check" in argv:
        stale = [
            str(path)
            for path, data in files.items()
            if not path.exists() or path.read_bytes() != data
        ]
        for language in LANGUAGES:
            with po_path(language).open("rb") as handle:
                todo = untranslated(read_po(handle, locale=language))
            for line in todo[:20]:
                print(f"{language}: untranslated: {line}", file=sys.stderr)
            if todo:
                stale.append(f"{po_path(language)} ({len(todo)} untranslated)")
        for path in stale:
            print(f"stale: {path} (run: .venv/bin/python scripts/catalog.py)", file=sys.stderr)
        return 1 if stale else 0
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")
    for language in LANGUAGES:
        with po_path(language).open("rb") as handle:
            todo = untranslated(read_po(handle, locale=language))
        if todo:
            print(f"{language}: {len(todo)} messages still need a translation", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
