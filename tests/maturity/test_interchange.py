"""Validation of questionnaire documents: every problem at once, each with its JSON path."""

import copy
from typing import Any

import pytest

from maturity import interchange
from maturity.interchange import Problem, errors, validate
from tests.factories import make_document


def problems_of(document: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in errors(validate(document))]


def test_a_whole_document_has_no_problem() -> None:
    assert validate(make_document()) == []


def test_a_document_that_is_not_an_object_is_refused() -> None:
    assert problems_of([1, 2]) == [("$", interchange.NOT_AN_OBJECT)]


def test_every_problem_is_reported_at_once_with_its_location() -> None:
    document = make_document()
    document["threshold"] = 1.5
    action = document["elements"][0]
    action["questions"][1]["key"] = action["questions"][0]["key"]
    action["questions"][2]["stage"] = "sprint"
    action["questions"][0]["options"][1]["value"] = 1.2
    document["elements"][1]["questions"][0]["text"] = {"de": "nur Deutsch"}
    document["elements"][2]["questions"][0]["options"] = []
    document["elements"][3]["key"] = "marketing"

    found = problems_of(document)

    assert ("threshold", interchange.BAD_THRESHOLD) in found
    assert (
        "elements[0].questions[1].key",
        interchange.DUPLICATE_KEY.format(key="action-crawl-0"),
    ) in found
    assert (
        "elements[0].questions[2].stage",
        interchange.UNKNOWN_STAGE.format(key="sprint"),
    ) in found
    assert ("elements[0].questions[0].options[1].value", interchange.BAD_VALUE) in found
    assert ("elements[1].questions[0].text.en", interchange.MISSING_ENGLISH) in found
    assert ("elements[2].questions[0].options", interchange.NO_OPTIONS) in found
    assert ("elements[3].key", interchange.UNKNOWN_ELEMENT.format(key="marketing")) in found
    assert ("elements", interchange.MISSING_ELEMENT.format(key="methodology")) in found
    assert ("elements", interchange.NO_QUESTION.format(element="action", stage="run")) in found


def test_an_element_and_stage_without_questions_is_an_error() -> None:
    document = make_document()
    privacy = document["elements"][5]
    privacy["questions"] = [q for q in privacy["questions"] if q["stage"] != "walk"]

    assert problems_of(document) == [
        ("elements", interchange.NO_QUESTION.format(element="privacy", stage="walk"))
    ]


def test_a_missing_german_or_korean_text_is_only_a_warning() -> None:
    document = make_document()
    del document["elements"][0]["questions"][0]["help"]["de"]
    document["stages"][2]["title"]["ko"] = ""

    problems = validate(document)

    assert errors(problems) == []
    korean = interchange.MISSING_TRANSLATION.format(language="Korean")
    assert Problem("stages[2].title.ko", korean, is_error=False) in problems
    assert any(p.path == "elements[0].questions[0].help.de" and not p.is_error for p in problems)


@pytest.mark.parametrize("value", [-0.1, 1.01, "0.5", True])
def test_an_option_value_outside_0_to_1_is_refused(value: Any) -> None:
    document = make_document()
    document["elements"][0]["questions"][0]["options"][0]["value"] = value

    assert problems_of(document) == [
        ("elements[0].questions[0].options[0].value", interchange.BAD_VALUE)
    ]


def test_not_applicable_is_a_null_value() -> None:
    document = make_document()
    assert document["elements"][0]["questions"][0]["options"][-1]["value"] is None
    assert problems_of(document) == []


@pytest.mark.parametrize("weight", [0, -1, "heavy"])
def test_a_weight_must_be_positive(weight: Any) -> None:
    document = make_document()
    document["elements"][0]["questions"][0]["weight"] = weight
    document["elements"][1]["weight"] = weight

    assert problems_of(document) == [
        ("elements[0].questions[0].weight", interchange.BAD_WEIGHT),
        ("elements[1].weight", interchange.BAD_WEIGHT),
    ]


def test_duplicate_option_keys_within_a_question_are_refused() -> None:
    document = make_document()
    options = document["elements"][0]["questions"][0]["options"]
    options.append(copy.deepcopy(options[0]))

    assert problems_of(document) == [
        (
            f"elements[0].questions[0].options[{len(options) - 1}].key",
            interchange.DUPLICATE_KEY.format(key="none"),
        )
    ]


def test_a_problem_reads_with_its_kind_and_location() -> None:
    assert str(Problem("threshold", "must be x")) == "error: threshold: must be x"
