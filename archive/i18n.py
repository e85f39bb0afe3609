"""The one hook through which archive/ words its messages: English unless the app installs a catalog.

archive/ stays pure (no textual, no files read here): tui/i18n.py chooses the language and
installs its translations with `install`; until then `_` and `ngettext` return the English.
"""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Use these translations for every message from now on (tui/i18n.py calls it)."""
    global _translations
    _translations = translations


def _(message: str) -> str:
    """The message in the chosen language (English source strings)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for n, in the chosen language."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for the catalog without translating it yet (class attributes, tables)."""
    return message
