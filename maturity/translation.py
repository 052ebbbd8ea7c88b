"""Texts kept in English, German and Korean, read in the active language."""

from typing import Any

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

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, f"{self.name}_{active_language()}", "")
        return value or getattr(instance, f"{self.name}_{FALLBACK}")


def texts(instance: Any, name: str) -> dict[str, str]:
    """All three languages of one text, as the interchange format writes them."""
    return {code: getattr(instance, f"{name}_{code}") for code in LANGUAGE_CODES}


def text_fields(name: str) -> list[str]:
    return [f"{name}_{code}" for code in LANGUAGE_CODES]
