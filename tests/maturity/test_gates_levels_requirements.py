"""What validate_questionnaire and the import refuse in the fields of SPEC.md section 4's
revision: gates, level descriptions, requirements, lifecycle stages and effort."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from maturity import interchange
from maturity.interchange import Problem, errors, validate
from maturity.models import Questionnaire
from maturity.services import QuestionnaireInvalid, questionnaire_import
from tests.factories import make_document

# privacy-crawl-0 is elements[5].questions[0]; action-crawl-0 .. action-run-0 are
# elements[0].questions[0..2], data-walk-0 is elements[1].questions[1]
PRIVACY = "elements[5].questions[0]"


def question(document: dict[str, Any], path: str) -> dict[str, Any]:
    element, index = path.removeprefix("elements[").split("].questions[")
    found: dict[str, Any] = document["elements"][int(element)]["questions"][int(index[:-1])]
    return found


def problems_of(document: Any) -> list[tuple[str, str]]:
    return [(problem.path, problem.message) for problem in errors(validate(document))]


def refused_on_import(document: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(QuestionnaireInvalid) as refused:
        questionnaire_import(document=document)
    assert not Questionnaire.objects.exists()
    return [(problem.path, problem.message) for problem in refused.value.problems]


def test_a_gate_offering_not_applicable_is_refused_at_that_option(db: None) -> None:
    document = make_document()
    question(document, PRIVACY)["gate"] = True

    expected = (f"{PRIVACY}.options[3]", interchange.GATE_NOT_APPLICABLE)
    assert problems_of(document) == [expected]
    assert refused_on_import(document) == [expected]


def test_a_gate_without_not_applicable_is_accepted_and_kept(db: None) -> None:
    document = make_document()
    gate = question(document, PRIVACY)
    gate["gate"] = True
    gate["options"] = [option for option in gate["options"] if option["value"] is not None]

    questionnaire = questionnaire_import(document=document)

    assert list(questionnaire.questions.filter(gate=True).values_list("key", flat=True)) == [
        "privacy-crawl-0"
    ]


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_a_gate_that_is_not_true_or_false_is_refused(value: Any) -> None:
    document = make_document()
    question(document, PRIVACY)["gate"] = value

    assert problems_of(document) == [(f"{PRIVACY}.gate", interchange.BAD_GATE)]


def test_requiring_a_question_that_does_not_exist_is_refused(db: None) -> None:
    document = make_document()
    question(document, "elements[0].questions[1]")["requires"] = [
        "action-crawl-0",
        "data-cart-tracking",
    ]

    expected = (
        "elements[0].questions[1].requires[1]",
        interchange.UNKNOWN_REQUIREMENT.format(key="data-cart-tracking"),
    )
    assert problems_of(document) == [expected]
    assert refused_on_import(document) == [expected]


def test_requirements_that_come_back_round_are_refused_naming_the_cycle(db: None) -> None:
    document = make_document()
    question(document, "elements[0].questions[0]")["requires"] = ["data-walk-0"]
    question(document, "elements[1].questions[1]")["requires"] = ["action-run-0"]
    question(document, "elements[0].questions[2]")["requires"] = ["action-crawl-0"]

    expected = (
        "elements[0].questions[0].requires",
        interchange.REQUIRES_CYCLE.format(
            cycle="action-crawl-0 → data-walk-0 → action-run-0 → action-crawl-0"
        ),
    )
    assert problems_of(document) == [expected]
    assert refused_on_import(document) == [expected]


def test_a_question_requiring_itself_is_refused() -> None:
    document = make_document()
    question(document, "elements[2].questions[1]")["requires"] = ["insights-walk-0"]

    assert problems_of(document) == [
        ("elements[2].questions[1].requires[0]", interchange.REQUIRES_ITSELF)
    ]


def test_a_chain_of_requirements_without_a_cycle_is_accepted() -> None:
    document = make_document()
    question(document, "elements[0].questions[2]")["requires"] = ["action-walk-0", "data-walk-0"]
    question(document, "elements[0].questions[1]")["requires"] = ["data-walk-0"]
    question(document, "elements[1].questions[1]")["requires"] = ["data-crawl-0"]

    assert validate(document) == []


@pytest.mark.parametrize("requires", ["action-crawl-0", [3]])
def test_requirements_that_are_not_a_list_of_keys_are_refused(requires: Any) -> None:
    document = make_document()
    question(document, "elements[0].questions[1]")["requires"] = requires

    assert [message for _, message in problems_of(document)] in (
        [interchange.NOT_A_LIST],
        [interchange.BAD_REQUIREMENT],
    )


def test_a_level_without_a_description_in_any_language_is_refused(db: None) -> None:
    document = make_document()
    partial = question(document, "elements[3].questions[2]")["options"][1]
    partial["description"] = {"en": "", "de": " ", "ko": ""}
    del question(document, "elements[4].questions[0]")["options"][2]["description"]

    expected = [
        ("elements[3].questions[2].options[1].description", interchange.UNDESCRIBED_LEVEL),
        ("elements[4].questions[0].options[2].description", interchange.UNDESCRIBED_LEVEL),
    ]
    assert problems_of(document) == expected
    assert refused_on_import(document) == expected


def test_a_level_described_only_in_german_lacks_its_english_text() -> None:
    document = make_document()
    question(document, PRIVACY)["options"][0]["description"] = {"de": "Nichts läuft."}

    assert problems_of(document) == [
        (f"{PRIVACY}.options[0].description.en", interchange.MISSING_ENGLISH)
    ]


def test_a_level_description_missing_in_german_or_korean_is_only_a_warning() -> None:
    document = make_document()
    question(document, PRIVACY)["options"][1]["description"] = {"en": "One of two runs."}

    problems = validate(document)

    assert errors(problems) == []
    assert problems == [
        Problem(
            f"{PRIVACY}.options[1].description.de",
            interchange.MISSING_TRANSLATION.format(language="German"),
            is_error=False,
        ),
        Problem(
            f"{PRIVACY}.options[1].description.ko",
            interchange.MISSING_TRANSLATION.format(language="Korean"),
            is_error=False,
        ),
    ]


def test_not_applicable_may_go_without_a_description() -> None:
    document = make_document()
    del question(document, PRIVACY)["options"][3]["description"]

    assert validate(document) == []


def test_an_unknown_lifecycle_stage_is_refused(db: None) -> None:
    document = make_document()
    question(document, "elements[1].questions[2]")["lifecycle"] = ["retention", "loyalty"]

    expected = (
        "elements[1].questions[2].lifecycle[1]",
        interchange.UNKNOWN_LIFECYCLE.format(key="loyalty"),
    )
    assert problems_of(document) == [expected]
    assert refused_on_import(document) == [expected]


@pytest.mark.parametrize("effort", [0, -2, 2.5, "3", True])
def test_an_effort_that_is_not_a_whole_number_of_weeks_is_refused(effort: Any) -> None:
    document = make_document()
    question(document, "elements[0].questions[0]")["effort_weeks"] = effort

    assert problems_of(document) == [
        ("elements[0].questions[0].effort_weeks", interchange.BAD_EFFORT)
    ]


def older_document() -> dict[str, Any]:
    """A document written before gates, lifecycle stages, requirements, effort and level
    descriptions existed."""
    document = make_document()
    for element in document["elements"]:
        for item in element["questions"]:
            for name in ("gate", "lifecycle", "requires", "effort_weeks"):
                del item[name]
            for option in item["options"]:
                del option["description"]
    return document


def test_an_older_document_still_validates_and_imports_with_the_defaults(db: None) -> None:
    assert validate(older_document()) == []

    questionnaire = questionnaire_import(document=older_document())

    first = questionnaire.questions.get(key="action-crawl-0")
    assert (first.gate, first.lifecycle, first.requires, first.effort_weeks) == (
        False,
        [],
        [],
        None,
    )
    assert first.options.get(key="full").description_en == ""


def test_validate_questionnaire_prints_each_refusal_and_fails(tmp_path: Path) -> None:
    document = make_document()
    question(document, PRIVACY)["gate"] = True
    question(document, "elements[1].questions[2]")["lifecycle"] = ["loyalty"]
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError, match=r"^2 error\(s\), 0 warning\(s\)\.$"):
        call_command("validate_questionnaire", str(path), stdout=out)

    assert f"error: {PRIVACY}.options[3]: {interchange.GATE_NOT_APPLICABLE}" in out.getvalue()
    assert interchange.UNKNOWN_LIFECYCLE.format(key="loyalty") in out.getvalue()
