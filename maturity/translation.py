"""Texts kept in English, German and Korean, read in the active language."""

from typing import Self, overload

from django.db.models import Model
from django.utils.translation import get_language

LANGUAGE_CODES = ("en", "de", "ko")
FALLBACK = "en"


def active_language() -> str:
    code = (get_language() or FALLBACK).split("-")[0]
    return code if code in LANGUAGE_CODES else FALLBACK


class Translated:
    """Reads `<name>_<language>` for the active language, falling back to English."""

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, instance: Model, owner: type | None = None) -> str: ...
    def __get__(self, instance: Model | None, owner: type | None = None) -> Self | str:
        if instance is None:
            return self
        # `<name>_<code>` are CharFields or TextFields of the model
        value: str = getattr(instance, f"{self.name}_{active_language()}", "")
        if value:
            return value
        fallback: str = getattr(instance, f"{self.name}_{FALLBACK}")
        return fallback


def texts(instance: Model, name: str) -> dict[str, str]:
    """All three languages of one text, as the interchange format writes them."""
    return {code: getattr(instance, f"{name}_{code}") for code in LANGUAGE_CODES}


def text_fields(name: str) -> list[str]:
    return [f"{name}_{code}" for code in LANGUAGE_CODES]


REVIEWED = ("de", "ko")  # translated from English: flagged when the English changes


def review_flags(
    before: dict[str, str], after: dict[str, str], names: tuple[str, ...]
) -> dict[str, bool | None]:
    """Per translated language: True when an English text of `names` changed and none of
    that language's did (it needs review), False when one of its texts was edited (it is
    reviewed), None when neither happened (the flag stays as it is).

    `before` and `after` map `<name>_<code>` to the text."""

    def changed(code: str) -> bool:
        return any(before.get(f"{n}_{code}") != after.get(f"{n}_{code}") for n in names)

    english = changed(FALLBACK)
    flags: dict[str, bool | None] = {}
    for code in REVIEWED:
        if changed(code):
            flags[code] = False
        else:
            flags[code] = True if english else None
    return flags
