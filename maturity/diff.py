"""What a questionnaire version changes against another, from their interchange documents.

Pure Python: two documents in (SPEC.md section 4), a list of changes out.
"""

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "de", "ko")

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
REWEIGHTED = "reweighted"
REVALUED = "revalued"
TEXT = "text"
SETTING = "setting"
# a question's gate, lifecycle stages, requirements or effort
REDEFINED = "redefined"
KINDS = (ADDED, REMOVED, MOVED, REWEIGHTED, REVALUED, REDEFINED, TEXT, SETTING)
# Optional question fields (SPEC.md section 4) with the value an older document means.
QUESTION_DEFAULTS: dict[str, Any] = {
    "gate": False,
    "lifecycle": [],
    "requires": [],
    "effort_weeks": None,
}


@dataclass(frozen=True)
class Change:
    kind: str
    key: str  # question key, or "threshold", "stage:walk", "element:data"
    field: str = ""  # e.g. "text.de", "options.partial", "element", "stage", "weight"
    old: Any = None
    new: Any = None


def _questions(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        question["key"]: {**question, "element": element["key"]}
        for element in document.get("elements", [])
        for question in element.get("questions", [])
    }


def _texts(
    kind_key: str, name: str, old: dict[str, str] | None, new: dict[str, str] | None
) -> list[Change]:
    old, new = old or {}, new or {}
    return [
        Change(TEXT, kind_key, f"{name}.{code}", old.get(code, ""), new.get(code, ""))
        for code in LANGUAGES
        if (old.get(code) or "") != (new.get(code) or "")
    ]


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from `old` to `new`: settings, stages, elements, then questions by key."""
    changes: list[Change] = []
    if old.get("threshold") != new.get("threshold"):
        changes.append(
            Change(SETTING, "threshold", "threshold", old.get("threshold"), new.get("threshold"))
        )
    changes += _texts("questionnaire", "title", old.get("title"), new.get("title"))
    old_stages = {s["key"]: s for s in old.get("stages", [])}
    for stage in new.get("stages", []):
        before = old_stages.get(stage["key"], {})
        for name in ("title", "description"):
            changes += _texts(f"stage:{stage['key']}", name, before.get(name), stage.get(name))
    old_elements = {e["key"]: e for e in old.get("elements", [])}
    for element in new.get("elements", []):
        before = old_elements.get(element["key"], {})
        if before and before.get("weight", 1.0) != element.get("weight", 1.0):
            changes.append(
                Change(
                    REWEIGHTED,
                    f"element:{element['key']}",
                    "weight",
                    before.get("weight"),
                    element.get("weight"),
                )
            )
        for name in ("title", "description"):
            changes += _texts(
                f"element:{element['key']}", name, before.get(name), element.get(name)
            )

    before_questions, after_questions = _questions(old), _questions(new)
    for key, question in after_questions.items():
        previous = before_questions.get(key)
        if previous is None:
            changes.append(Change(ADDED, key, new=question["element"] + "/" + question["stage"]))
            continue
        for field in ("element", "stage"):
            if previous[field] != question[field]:
                changes.append(Change(MOVED, key, field, previous[field], question[field]))
        if previous.get("weight", 1.0) != question.get("weight", 1.0):
            changes.append(
                Change(REWEIGHTED, key, "weight", previous.get("weight"), question.get("weight"))
            )
        for field, default in QUESTION_DEFAULTS.items():
            before_value, after_value = previous.get(field, default), question.get(field, default)
            if before_value != after_value:
                changes.append(Change(REDEFINED, key, field, before_value, after_value))
        old_options = {o["key"]: o for o in previous.get("options", [])}
        new_options = {o["key"]: o for o in question.get("options", [])}
        for option_key in [*old_options, *[k for k in new_options if k not in old_options]]:
            before_option, after_option = old_options.get(option_key), new_options.get(option_key)
            before_value = before_option["value"] if before_option else "—"
            after_value = after_option["value"] if after_option else "—"
            if before_value != after_value:
                changes.append(
                    Change(REVALUED, key, f"options.{option_key}", before_value, after_value)
                )
            if before_option and after_option:
                for name in ("label", "description"):
                    changes += _texts(
                        key,
                        f"options.{option_key}.{name}",
                        before_option.get(name),
                        after_option.get(name),
                    )
        for name in ("text", "help", "recommendation"):
            changes += _texts(key, name, previous.get(name), question.get(name))
    for key, question in before_questions.items():
        if key not in after_questions:
            changes.append(Change(REMOVED, key, old=question["element"] + "/" + question["stage"]))
    return changes
