"""The questionnaire document of SPEC.md section 4: reading, writing and validating it.

Pure Python (no Django): a document is plain JSON-like data; `validate` reports
every problem at once with its JSON path, so that nothing is written until a
file is right.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

STAGE_KEYS = ("crawl", "walk", "run")
ELEMENT_KEYS = ("action", "data", "insights", "methodology", "governance", "privacy")
LANGUAGES = ("en", "de", "ko")
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Messages the tests reuse.
NOT_AN_OBJECT = "must be an object"
NOT_A_LIST = "must be a list"
REQUIRED = "is required"
BAD_KEY = "must be a lowercase key of letters, digits, '-' or '_'"
BAD_VERSION = "must be a whole number of 1 or more"
BAD_THRESHOLD = "must be a number greater than 0 and at most 1"
BAD_WEIGHT = "must be a number greater than 0"
BAD_VALUE = "must be a number from 0 to 1, or null for not applicable"
DUPLICATE_KEY = "duplicate key {key!r}"
UNKNOWN_STAGE = "unknown stage {key!r} (expected one of: crawl, walk, run)"
UNKNOWN_ELEMENT = (
    "unknown element {key!r} (expected one of: action, data, insights, methodology, "
    "governance, privacy)"
)
MISSING_STAGE = "stage {key!r} is missing"
MISSING_ELEMENT = "element {key!r} is missing"
NO_QUESTION = "element {element!r} has no question at stage {stage!r}"
NO_OPTIONS = "a question needs at least one answer option"
MISSING_ENGLISH = "English text is missing"
MISSING_TRANSLATION = "{language} text is missing (English is shown instead)"

_LANGUAGE_NAMES = {"de": "German", "ko": "Korean"}


class DocumentError(ValueError):
    """A file that is not a questionnaire or answers document at all."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    is_error: bool = True

    def __str__(self) -> str:
        kind = "error" if self.is_error else "warning"
        return f"{kind}: {self.path}: {self.message}"


def read_document(path: Path | str) -> Any:
    """Parse a JSON or YAML file (by extension; JSON otherwise)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    try:
        return parse_document(text, yaml_text=path.suffix.lower() in {".yaml", ".yml"})
    except DocumentError as exc:
        raise DocumentError(f"{path}: {exc}") from exc


def parse_document(text: str, *, yaml_text: bool = False) -> Any:
    try:
        return yaml.safe_load(text) if yaml_text else json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except yaml.YAMLError as exc:
        raise DocumentError(f"not valid YAML ({exc})") from exc


def dump_document(document: Any, fmt: str) -> str:
    """The document as JSON or YAML text, keys in the order they were built."""
    if fmt == "yaml":
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, is_error=False))

    def items(self, container: dict[str, Any], name: str, path: str) -> Iterator[tuple[str, Any]]:
        """(path, item) for each object in the list `container[name]`."""
        values = container.get(name)
        if values is None:
            self.error(f"{path}{name}", REQUIRED)
            return
        if not isinstance(values, list):
            self.error(f"{path}{name}", NOT_A_LIST)
            return
        for index, item in enumerate(values):
            item_path = f"{path}{name}[{index}]"
            if isinstance(item, dict):
                yield item_path, item
            else:
                self.error(item_path, NOT_AN_OBJECT)

    def key(self, item: dict[str, Any], path: str, seen: set[str]) -> str | None:
        key = item.get("key")
        if key is None:
            self.error(f"{path}.key", REQUIRED)
            return None
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            self.error(f"{path}.key", BAD_KEY)
            return None
        if key in seen:
            self.error(f"{path}.key", DUPLICATE_KEY.format(key=key))
        seen.add(key)
        return key

    def text(self, item: dict[str, Any], name: str, path: str) -> None:
        value = item.get(name)
        where = f"{path}.{name}" if path else name
        if value is None:
            self.error(where, REQUIRED)
            return
        if not isinstance(value, dict):
            self.error(where, NOT_AN_OBJECT)
            return
        if not _filled(value.get("en")):
            self.error(f"{where}.en", MISSING_ENGLISH)
        for language in LANGUAGES[1:]:
            if not _filled(value.get(language)):
                self.warn(
                    f"{where}.{language}",
                    MISSING_TRANSLATION.format(language=_LANGUAGE_NAMES[language]),
                )

    def weight(self, item: dict[str, Any], path: str) -> None:
        weight = item.get("weight", 1.0)
        if not _is_number(weight) or not weight > 0:
            self.error(f"{path}.weight", BAD_WEIGHT)


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def validate(document: Any) -> list[Problem]:
    """Every problem of a questionnaire document, errors and warnings, in document order."""
    check = _Checker()
    if not isinstance(document, dict):
        check.error("$", NOT_AN_OBJECT)
        return check.problems

    slug = document.get("slug")
    if slug is None:
        check.error("slug", REQUIRED)
    elif not isinstance(slug, str) or not KEY_PATTERN.match(slug):
        check.error("slug", BAD_KEY)
    version = document.get("version")
    if version is not None and (
        not isinstance(version, int) or isinstance(version, bool) or version < 1
    ):
        check.error("version", BAD_VERSION)
    threshold = document.get("threshold", 0.7)
    if not _is_number(threshold) or not 0 < threshold <= 1:
        check.error("threshold", BAD_THRESHOLD)
    check.text(document, "title", "")

    stage_keys: set[str] = set()
    for path, stage in check.items(document, "stages", ""):
        key = check.key(stage, path, stage_keys)
        if key is not None and key not in STAGE_KEYS:
            check.error(f"{path}.key", UNKNOWN_STAGE.format(key=key))
        check.text(stage, "title", path)
        check.text(stage, "description", path)
    if "stages" in document:
        for key in STAGE_KEYS:
            if key not in stage_keys:
                check.error("stages", MISSING_STAGE.format(key=key))

    element_keys: set[str] = set()
    question_keys: set[str] = set()
    covered: set[tuple[str, str]] = set()
    for path, element in check.items(document, "elements", ""):
        element_key = check.key(element, path, element_keys)
        if element_key is not None and element_key not in ELEMENT_KEYS:
            check.error(f"{path}.key", UNKNOWN_ELEMENT.format(key=element_key))
        check.weight(element, path)
        check.text(element, "title", path)
        if "description" in element:
            check.text(element, "description", path)
        for question_path, question in check.items(element, "questions", f"{path}."):
            check.key(question, question_path, question_keys)
            stage = question.get("stage")
            if stage is None:
                check.error(f"{question_path}.stage", REQUIRED)
            elif stage not in STAGE_KEYS:
                check.error(f"{question_path}.stage", UNKNOWN_STAGE.format(key=stage))
            elif element_key is not None:
                covered.add((element_key, stage))
            check.weight(question, question_path)
            for name in ("text", "help", "recommendation"):
                check.text(question, name, question_path)
            _check_options(check, question, question_path)
    if "elements" in document:
        for key in ELEMENT_KEYS:
            if key not in element_keys:
                check.error("elements", MISSING_ELEMENT.format(key=key))
        for key in ELEMENT_KEYS:
            if key not in element_keys:
                continue
            for stage in STAGE_KEYS:
                if (key, stage) not in covered:
                    check.error("elements", NO_QUESTION.format(element=key, stage=stage))
    return check.problems


def _check_options(check: _Checker, question: dict[str, Any], path: str) -> None:
    options = question.get("options")
    if options is None or options == []:
        check.error(f"{path}.options", NO_OPTIONS)
        return
    option_keys: set[str] = set()
    for option_path, option in check.items(question, "options", f"{path}."):
        check.key(option, option_path, option_keys)
        if "value" not in option:
            check.error(f"{option_path}.value", REQUIRED)
        else:
            value = option["value"]
            if value is not None and (not _is_number(value) or not 0 <= value <= 1):
                check.error(f"{option_path}.value", BAD_VALUE)
        check.text(option, "label", option_path)


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]
