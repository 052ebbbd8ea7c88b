"""The questionnaire document of SPEC.md section 4: reading, writing and validating it.

Pure Python (no Django): a document is plain JSON-like data; `validate` reports
every problem at once with its JSON path, so that nothing is written until a
file is right.
"""

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

STAGE_KEYS = ("crawl", "walk", "run")
ELEMENT_KEYS = ("action", "data", "insights", "methodology", "governance", "privacy")
LANGUAGES = ("en", "de", "ko")
# The lifecycle stages of SPEC.md section 3, which a question may serve.
LIFECYCLE_KEYS = ("reach", "acquisition", "nurture", "retention", "advocacy")
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
BAD_GATE = "must be true or false"
GATE_NOT_APPLICABLE = (
    "a gate question cannot offer “not applicable”: a must-have (a legal duty) always applies"
)
UNKNOWN_LIFECYCLE = (
    "unknown lifecycle stage {key!r} (expected one of: reach, acquisition, nurture, retention, "
    "advocacy)"
)
BAD_REQUIREMENT = "must be the key of a question"
UNKNOWN_REQUIREMENT = "requires {key!r}, which is not a question of this questionnaire"
REQUIRES_ITSELF = "a question cannot require itself"
REQUIRES_CYCLE = "the requirements form a cycle: {cycle}"
BAD_EFFORT = "must be a whole number of weeks, 1 or more, or null"
UNDESCRIBED_LEVEL = (
    "this level has no description in any language: say what a respondent can check "
    "for this question"
)

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
    requirements: list[tuple[str, dict[str, Any]]] = []
    # A document that describes any answer level must describe them all; an older one
    # (SPEC.md section 4) describes none and still reads.
    describes_levels = _describes_levels(document)
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
            _check_new_fields(check, question, question_path)
            _check_options(check, question, question_path, describes_levels)
            requirements.append((question_path, question))
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
    _check_requirements(check, requirements, question_keys)
    return check.problems


def _describes_levels(document: dict[str, Any]) -> bool:
    """Whether any option of the document has a description in any language."""
    elements = document.get("elements")
    for element in elements if isinstance(elements, list) else []:
        questions = element.get("questions") if isinstance(element, dict) else None
        for question in questions if isinstance(questions, list) else []:
            options = question.get("options") if isinstance(question, dict) else None
            for option in options if isinstance(options, list) else []:
                description = option.get("description") if isinstance(option, dict) else None
                if isinstance(description, dict) and any(
                    _filled(description.get(code)) for code in LANGUAGES
                ):
                    return True
    return False


def lifecycle_problems(value: Any) -> list[tuple[str, str]]:
    """(suffix of the path, message) for each problem of a question's `lifecycle`."""
    if not isinstance(value, list):
        return [("", NOT_A_LIST)]
    return [
        (f"[{index}]", UNKNOWN_LIFECYCLE.format(key=key))
        for index, key in enumerate(value)
        if key not in LIFECYCLE_KEYS
    ]


def requires_problems(value: Any, own_key: Any) -> list[tuple[str, str]]:
    """(suffix of the path, message) for each problem of `requires` on its own."""
    if not isinstance(value, list):
        return [("", NOT_A_LIST)]
    problems = []
    for index, key in enumerate(value):
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            problems.append((f"[{index}]", BAD_REQUIREMENT))
        elif key == own_key:
            problems.append((f"[{index}]", REQUIRES_ITSELF))
    return problems


def requirement_cycle(requires: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle of question keys through `requires` (first key repeated last), or None.

    Keys that are not in `requires` are leaves; they are reported elsewhere.
    """
    done: set[str] = set()
    for start in requires:
        if start in done:
            continue
        # depth-first, iterative: the path on the stack is the chain followed so far
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(requires.get(start, ())))]
        path.append(start)
        on_path.add(start)
        while stack:
            key, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                stack.pop()
                path.pop()
                on_path.discard(key)
                done.add(key)
            elif step in on_path:
                return [*path[path.index(step) :], step]
            elif step not in done and step in requires:
                stack.append((step, iter(requires[step])))
                path.append(step)
                on_path.add(step)
    return None


def _check_new_fields(check: _Checker, question: dict[str, Any], path: str) -> None:
    """gate, lifecycle, requires and effort_weeks: optional, with SPEC.md section 4's defaults."""
    if not isinstance(question.get("gate", False), bool):
        check.error(f"{path}.gate", BAD_GATE)
    for suffix, message in lifecycle_problems(question.get("lifecycle", [])):
        check.error(f"{path}.lifecycle{suffix}", message)
    for suffix, message in requires_problems(question.get("requires", []), question.get("key")):
        check.error(f"{path}.requires{suffix}", message)
    effort = question.get("effort_weeks")
    if effort is not None and (
        not isinstance(effort, int) or isinstance(effort, bool) or effort < 1
    ):
        check.error(f"{path}.effort_weeks", BAD_EFFORT)


def _check_requirements(
    check: _Checker, questions: list[tuple[str, dict[str, Any]]], keys: set[str]
) -> None:
    """Every key a question requires exists, and no chain of requirements comes back."""
    graph: dict[str, list[str]] = {}
    paths: dict[str, str] = {}
    for path, question in questions:
        requires = question.get("requires", [])
        key = question.get("key")
        if not isinstance(requires, list) or not isinstance(key, str):
            continue
        named = [r for r in requires if isinstance(r, str)]
        for index, required in enumerate(requires):
            if isinstance(required, str) and KEY_PATTERN.match(required) and required not in keys:
                check.error(f"{path}.requires[{index}]", UNKNOWN_REQUIREMENT.format(key=required))
        graph.setdefault(key, []).extend(r for r in named if r in keys and r != key)
        paths.setdefault(key, path)
    cycle = requirement_cycle(graph)
    if cycle is not None:
        check.error(f"{paths[cycle[0]]}.requires", REQUIRES_CYCLE.format(cycle=" → ".join(cycle)))


def _check_options(
    check: _Checker, question: dict[str, Any], path: str, describes_levels: bool
) -> None:
    options = question.get("options")
    if options is None or options == []:
        check.error(f"{path}.options", NO_OPTIONS)
        return
    option_keys: set[str] = set()
    gate = question.get("gate") is True
    for option_path, option in check.items(question, "options", f"{path}."):
        check.key(option, option_path, option_keys)
        if "value" not in option:
            check.error(f"{option_path}.value", REQUIRED)
        else:
            value = option["value"]
            if value is not None and (not _is_number(value) or not 0 <= value <= 1):
                check.error(f"{option_path}.value", BAD_VALUE)
            if value is None and gate:
                check.error(option_path, GATE_NOT_APPLICABLE)
        check.text(option, "label", option_path)
        _check_description(check, option, option_path, describes_levels)


def _check_description(
    check: _Checker, option: dict[str, Any], path: str, describes_levels: bool
) -> None:
    """A level says what it means in observable terms; "not applicable" may go without."""
    description = option.get("description")
    if description is not None and not isinstance(description, dict):
        check.error(f"{path}.description", NOT_AN_OBJECT)
        return
    if description and any(_filled(description.get(code)) for code in LANGUAGES):
        check.text(option, "description", path)
    elif describes_levels and option.get("value") is not None:
        check.error(f"{path}.description", UNDESCRIBED_LEVEL)


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]
