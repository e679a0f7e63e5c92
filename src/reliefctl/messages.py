"""Messages from codes and parameters: an error (or any vocabulary entry) in the user's words.

``render(error, lang, fields)`` takes the English template of the error's code from
``reliefctl.vocab``, translates it into ``lang`` through the catalog, and fills in the
parameters:

* ``{field}`` (and any parameter ending in ``_field``) is a domain field name, shown as the
  caller says: the command layer passes its option names (``--unit-price``), the import its
  column headings as the sheet writes them (``单价``). Without a caller's words a field is
  shown by its domain name.
* ``{value!q}`` quotes the user's text (at most 40 characters, control and invisible
  characters escaped); ``{x!r}`` is Python's quoting, made safe the same way; every other text
  parameter is made safe too (``reliefctl.display``), so nothing quoted in a message can act
  on a terminal.
* ``{amount:money}`` is ``1,234.56``; ``{amount:plain}`` is ``1234.56``; ``{n:,}`` groups digits.
* A ``Term`` is the vocabulary word in ``lang``, a ``Phrase`` a fragment rendered in place, a
  nested error its own message, a list its items joined by commas.

The result is always one line: line breaks in a template or a parameter are folded.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reliefctl.display import quote, safe
from reliefctl.errors import OneOf, Phrase, ReliefError, Term
from reliefctl.i18n import Lang, plural, term
from reliefctl.money import format_fen
from reliefctl.vocab import ENGLISH, PLURALS

#: How a caller names a field: (field name, the error's parameters) -> the user's word.
FieldWords = Callable[[str, Mapping[str, Any]], str]


def field_word(field: str, params: Mapping[str, Any] | None = None) -> str:
    """A field named by its domain name (``unit_price``), or an environment variable's name
    (``env:NAME`` -> ``NAME``): the words of a caller that has no words of its own."""
    return field[4:] if field.startswith("env:") else field


def template(lang: Lang, key: str) -> str:
    """The template of ``key`` in ``lang`` (the English one when the catalog lacks it)."""
    return term(lang, key, ENGLISH[key])


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang, fields: FieldWords, params: Mapping[str, Any]) -> None:
        self.lang = lang
        self.fields = fields
        self.params = params

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int):
            return args[key]
        value = kwargs[key]
        if (key == "field" or key.endswith("_field")) and isinstance(value, str):
            return _Word(self.fields(value, self.params))
        return value

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "q":
            return _Word(quote(str(value)))
        if conversion == "r":
            return _Word(safe(repr(value), line_breaks=False))
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, _Word):
            return str(value)
        if format_spec == "money":
            return format_fen(int(value), thousands=True)
        if format_spec == "plain":
            return format_fen(int(value))
        return self.shown(value, format_spec)

    def shown(self, value: Any, format_spec: str = "") -> str:
        if value is None:
            return ""
        if isinstance(value, Term):
            return render_key(value.key, self.lang, self.fields)
        if isinstance(value, Phrase):
            return render_key(value.key, self.lang, self.fields, **value.params)
        if isinstance(value, ReliefError):
            return render(value, self.lang, self.fields)
        if isinstance(value, OneOf):
            names = [safe(name) for name in value.names]
            if len(names) <= 2:
                return template(self.lang, "word.or").join(names)
            head = template(self.lang, "word.list_sep").join(names[:-1])
            return head + template(self.lang, "word.or") + names[-1]
        if isinstance(value, str):
            return safe(value, line_breaks=False)
        if isinstance(value, list | tuple):
            return template(self.lang, "word.list_sep").join(self.shown(item) for item in value)
        return format(value, format_spec)


class _Word(str):
    """Text already shown as it must be (a field word, a quoted value): not made safe again."""


#: A parameter already rendered by ``render_key`` (a list of clauses joined in the user's
#: language): shown as it is, not made safe a second time.
Raw = _Word


def render_key(key: str, lang: Lang = "en", fields: FieldWords | None = None, **params: Any) -> str:
    """The vocabulary entry ``key`` in ``lang`` with ``params`` filled in, on one line."""
    words = fields or field_word
    if key in PLURALS:
        singular, many, by = PLURALS[key]
        text = plural(lang, key, singular, many, int(params.get(by, 0)))
    else:
        text = template(lang, key)
    filled = _Formatter(lang, words, params).vformat(text, (), params)
    return " ".join(filled.split()) if "\n" in filled else filled


def render_body(error: ReliefError, lang: Lang = "en", fields: FieldWords | None = None) -> str:
    """What is wrong, without the field it is wrong in (the import shows the column apart)."""
    return render_key(error.code, lang, fields, **error.params)


def render(error: ReliefError, lang: Lang = "en", fields: FieldWords | None = None) -> str:
    """The one-line message of ``error`` in ``lang``, naming fields with ``fields``.

    An error about a field (an input error) reads ``FIELD: what is wrong``.
    """
    body = render_body(error, lang, fields)
    field = error.field
    if field is None:
        return body
    words = fields or field_word
    return f"{words(field, error.params)}{template(lang, 'word.field_sep')}{body}"


__all__ = ["FieldWords", "Raw", "field_word", "render", "render_body", "render_key", "template"]
