"""The user's language: how it is chosen, and the translations that speak it.

reliefctl speaks English (the source text of every message) and Chinese (``zh_CN``, from the
gettext catalog ``locale/zh_CN/LC_MESSAGES/reliefctl.mo``, managed with Babel: see
``scripts/catalog``). Everything a user reads goes through :func:`text` (or :func:`term`, for
the vocabulary in ``reliefctl.vocab``, whose entries carry a context so one English word can
have two Chinese ones). JSON keys, codes, exit codes and entry ids never change with it.

The language is, in order: ``--lang`` on the root command (or on ``report``, ``export``,
``template``), else ``RELIEFCTL_LANG``, else the locale (``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES``, ``LANG``: the first one set decides, Chinese when it names ``zh``), else
English. ``zh``, ``zh_CN``, ``zh-CN``, ``zh_CN.UTF-8``, ``zh-Hans`` mean Chinese; ``en``,
``en_US``, ``C``, ``C.UTF-8``, ``POSIX`` mean English; any other ``--lang`` or
``RELIEFCTL_LANG`` is refused, so a typo in a cron job's environment is seen at once.

This module sits at the bottom, just above ``reliefctl.errors`` (the only module it imports).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final, Literal

from reliefctl.errors import UnknownLanguage

Lang = Literal["en", "zh"]
LANGS: Final[tuple[Lang, ...]] = ("en", "zh")
ENV_LANG: Final = "RELIEFCTL_LANG"
#: The locale variables, in the order POSIX gives them precedence (LANGUAGE is GNU's list).
LOCALE_VARIABLES: Final = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
DOMAIN: Final = "reliefctl"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
#: The catalog each language reads (English is the source text: no catalog).
CATALOG_LOCALES: Final[dict[Lang, str]] = {"zh": "zh_CN"}


def normalise_lang(value: str) -> Lang | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` -> ``zh``; ``en``, ``en_US``, ``C`` -> ``en``."""
    lowered = value.strip().lower()
    if lowered.startswith("zh"):
        return "zh"
    if lowered.startswith("en") or lowered in ("c", "posix") or lowered.startswith("c."):
        return "en"
    return None


def lang_from_locale(environ: Mapping[str, str]) -> Lang | None:
    """The language the locale names, or None when no locale variable is set.

    ``LANGUAGE`` is a colon-separated list of preferences; its first entry decides. The first
    variable that is set decides, as in POSIX; only a Chinese locale switches to Chinese.
    """
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            first = value.split(":", 1)[0]
            return "zh" if first.lower().startswith("zh") else "en"
    return None


@cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalog for ``lang`` (English: the identity). Loaded once per process."""
    locale = CATALOG_LOCALES.get(lang)
    if locale is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale], fallback=True)


def text(lang: Lang, message: str) -> str:
    """``message`` (English source text) in ``lang``."""
    return translations(lang).gettext(message)


def term(lang: Lang, context: str, message: str) -> str:
    """A vocabulary entry: ``message`` in ``lang``, translated within ``context``."""
    return translations(lang).pgettext(context, message)


def plural(lang: Lang, context: str, singular: str, many: str, count: int) -> str:
    """A vocabulary entry with a plural form, chosen by ``count``."""
    return translations(lang).npgettext(context, singular, many, count)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (help texts, tables)."""
    return message


def resolve_lang(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """The language to speak: ``option``, else ``RELIEFCTL_LANG``, else the locale, else en.

    A ``--lang`` or ``RELIEFCTL_LANG`` value that names neither language is refused
    (``UnknownLanguage``), never ignored.
    """
    env = os.environ if environ is None else environ
    if option is not None:
        lang = normalise_lang(option)
        if lang is None:
            raise UnknownLanguage(field="lang", value=option)
        return lang
    configured = env.get(ENV_LANG, "").strip()
    if configured:
        lang = normalise_lang(configured)
        if lang is None:
            raise UnknownLanguage(field="env:" + ENV_LANG, value=configured)
        return lang
    return lang_from_locale(env) or "en"


__all__ = [
    "DOMAIN",
    "ENV_LANG",
    "LANGS",
    "LOCALE_DIR",
    "LOCALE_VARIABLES",
    "N_",
    "Lang",
    "lang_from_locale",
    "normalise_lang",
    "plural",
    "resolve_lang",
    "term",
    "text",
    "translations",
]
