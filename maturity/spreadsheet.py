"""The questionnaire document as a workbook an admin can edit in a spreadsheet.

Sheets: questionnaire (field, value), stages, elements, questions (one row per
question with its texts in each language) and options (one row per option).
`read_workbook` returns the interchange document and, for every JSON path it
made, the sheet and row it came from, so that problems point at a cell's row.
"""

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook

from maturity.interchange import LANGUAGES, Problem

TEXTS = {
    "stages": ("title", "description"),
    "elements": ("title", "description"),
    "questions": ("text", "help", "recommendation"),
    "options": ("label", "description"),
}
# Question settings after its texts; lists are written as "nurture, retention".
QUESTION_SETTINGS = ["gate", "lifecycle", "requires", "effort_weeks"]
HEADERS = {
    "stages": ["key", *[f"{t}_{c}" for t in TEXTS["stages"] for c in LANGUAGES]],
    "elements": ["key", "weight", *[f"{t}_{c}" for t in TEXTS["elements"] for c in LANGUAGES]],
    "questions": [
        "element",
        "stage",
        "key",
        "weight",
        *[f"{t}_{c}" for t in TEXTS["questions"] for c in LANGUAGES],
        *QUESTION_SETTINGS,
    ],
    "options": [
        "question",
        "key",
        "value",
        *[f"{t}_{c}" for t in TEXTS["options"] for c in LANGUAGES],
    ],
}
_TRUE = {"true", "yes", "y", "x", "1", "wahr", "ja"}
_FALSE = {"false", "no", "n", "0", "falsch", "nein", ""}
UNKNOWN_QUESTION_ROW = "names question {key!r}, which the questions sheet does not have"
UNKNOWN_ELEMENT_ROW = "names element {key!r}, which the elements sheet does not have"
MISSING_SHEET = "the workbook has no sheet {sheet!r}"


class WorkbookError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _texts(item: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    return [(item.get(name) or {}).get(code, "") for name in names for code in LANGUAGES]


def write_workbook(document: dict[str, Any]) -> bytes:
    # openpyxl is imported where a workbook is made or read: the admin imports this module,
    # and every management command (import_orders among them) would pay for it otherwise.
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet, active
    sheet.title = "questionnaire"
    sheet.append(["field", "value"])
    for field in ("slug", "version", "threshold"):
        sheet.append([field, document.get(field)])
    for code in LANGUAGES:
        sheet.append([f"title_{code}", (document.get("title") or {}).get(code, "")])
    rows: dict[str, list[list[Any]]] = {name: [] for name in HEADERS}
    for stage in document["stages"]:
        rows["stages"].append([stage["key"], *_texts(stage, TEXTS["stages"])])
    for element in document["elements"]:
        rows["elements"].append(
            [element["key"], element.get("weight", 1.0), *_texts(element, TEXTS["elements"])]
        )
        for question in element["questions"]:
            rows["questions"].append(
                [
                    element["key"],
                    question["stage"],
                    question["key"],
                    question.get("weight", 1.0),
                    *_texts(question, TEXTS["questions"]),
                    bool(question.get("gate", False)),
                    ", ".join(question.get("lifecycle", [])),
                    ", ".join(question.get("requires", [])),
                    question.get("effort_weeks"),
                ]
            )
            for option in question["options"]:
                rows["options"].append(
                    [
                        question["key"],
                        option["key"],
                        option["value"],
                        *_texts(option, TEXTS["options"]),
                    ]
                )
    for name, header in HEADERS.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows[name]:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _records(book: "Workbook", name: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) for every non-empty row of a sheet."""
    sheet = book[name]
    lines = sheet.iter_rows(values_only=True)
    header = [str(h).strip().lower() if h is not None else "" for h in next(lines, [])]
    records = []
    for number, values in enumerate(lines, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        records.append((number, dict(zip(header, values, strict=False))))
    return records


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _number(value: object) -> object:
    """Numbers stay numbers; an empty cell is None; anything else is left for validation."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    return value


def _flag(value: object) -> object:
    """A gate cell: TRUE/FALSE, yes/no, x or empty; anything else is left for validation."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value


def _keys(value: object) -> list[str]:
    """A cell listing keys, separated by commas, semicolons or spaces."""
    return [part for part in re.split(r"[,;\s]+", _text(value)) if part]


def _whole(value: object) -> object:
    """A number of weeks: 3 or 3.0 is 3; an empty cell is None; anything else is left as is."""
    number = _number(value)
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def _language_texts(record: dict[str, Any], names: tuple[str, ...]) -> dict[str, dict[str, str]]:
    return {
        name: {code: _text(record.get(f"{name}_{code}")) for code in LANGUAGES} for name in names
    }


def read_workbook(data: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """The document in the workbook and where each JSON path came from ("questions, row 7")."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    missing = [name for name in ("questionnaire", *HEADERS) if name not in book.sheetnames]
    if missing:
        raise WorkbookError([Problem(name, MISSING_SHEET.format(sheet=name)) for name in missing])
    settings = {_text(r.get("field")): r.get("value") for _, r in _records(book, "questionnaire")}
    version = _number(settings.get("version"))
    document: dict[str, Any] = {
        "slug": _text(settings.get("slug")),
        "version": int(version) if isinstance(version, float) and version.is_integer() else version,
        "threshold": _number(settings.get("threshold")),
        "title": {code: _text(settings.get(f"title_{code}")) for code in LANGUAGES},
        "stages": [],
        "elements": [],
    }
    if document["threshold"] is None:
        del document["threshold"]
    where: dict[str, str] = {}
    for index, (row, record) in enumerate(_records(book, "stages")):
        document["stages"].append(
            {"key": _text(record.get("key")), **_language_texts(record, TEXTS["stages"])}
        )
        where[f"stages[{index}]"] = f"stages, row {row}"
    elements: dict[str, dict[str, Any]] = {}
    for index, (row, record) in enumerate(_records(book, "elements")):
        element: dict[str, Any] = {
            "key": _text(record.get("key")),
            "weight": _number(record.get("weight")) or 1.0,
            **_language_texts(record, TEXTS["elements"]),
            "questions": [],
        }
        document["elements"].append(element)
        elements.setdefault(element["key"], element)
        where[f"elements[{index}]"] = f"elements, row {row}"
    problems: list[Problem] = []
    questions: dict[str, tuple[str, dict[str, Any]]] = {}
    for row, record in _records(book, "questions"):
        parent = elements.get(_text(record.get("element")))
        if parent is None:
            problems.append(
                Problem(
                    f"questions, row {row}",
                    UNKNOWN_ELEMENT_ROW.format(key=_text(record.get("element"))),
                )
            )
            continue
        question: dict[str, Any] = {
            "key": _text(record.get("key")),
            "stage": _text(record.get("stage")),
            "weight": _number(record.get("weight")) or 1.0,
            "gate": _flag(record.get("gate")),
            "lifecycle": _keys(record.get("lifecycle")),
            "requires": _keys(record.get("requires")),
            "effort_weeks": _whole(record.get("effort_weeks")),
            **_language_texts(record, TEXTS["questions"]),
            "options": [],
        }
        element_index = document["elements"].index(parent)
        path = f"elements[{element_index}].questions[{len(parent['questions'])}]"
        where[path] = f"questions, row {row}"
        parent["questions"].append(question)
        questions.setdefault(question["key"], (path, question))
    for row, record in _records(book, "options"):
        path, owner = questions.get(_text(record.get("question")), ("", None))
        if owner is None:
            problems.append(
                Problem(
                    f"options, row {row}",
                    UNKNOWN_QUESTION_ROW.format(key=_text(record.get("question"))),
                )
            )
            continue
        where[f"{path}.options[{len(owner['options'])}]"] = f"options, row {row}"
        owner["options"].append(
            {
                "key": _text(record.get("key")),
                "value": _number(record.get("value")),
                **_language_texts(record, TEXTS["options"]),
            }
        )
    if problems:
        raise WorkbookError(problems)
    return document, where


def locate(problems: list[Problem], where: dict[str, str]) -> list[Problem]:
    """Problems with their JSON path replaced by the sheet and row it came from."""
    located = []
    for problem in problems:
        prefixes = [p for p in where if problem.path == p or problem.path.startswith(p + ".")]
        if prefixes:
            best = max(prefixes, key=len)
            rest = problem.path[len(best) :].lstrip(".")
            path = f"{where[best]}" + (f" ({rest})" if rest else "")
        else:
            path = problem.path
        located.append(Problem(path, problem.message, problem.is_error))
    return located
