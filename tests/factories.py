"""Small builders for test data."""

import copy
from typing import Any

from django.contrib.auth.models import User

from assessments.models import Answer, Assessment
from maturity.models import Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Membership, Organization

PASSWORD = "correct horse battery staple"
STAGES = ("crawl", "walk", "run")
ELEMENTS = ("action", "data", "insights", "methodology", "governance", "privacy")
OPTIONS = [
    {
        "key": "none",
        "value": 0.0,
        "label": {"en": "Not in place", "de": "Nicht vorhanden", "ko": "없음"},
        "description": {
            "en": "Nothing of it runs.",
            "de": "Nichts davon läuft.",
            "ko": "없습니다.",
        },
    },
    {
        "key": "partial",
        "value": 0.5,
        "label": {"en": "Partly", "de": "Teilweise", "ko": "일부"},
        "description": {
            "en": "One of the two parts runs.",
            "de": "Einer der zwei Teile läuft.",
            "ko": "두 부분 중 하나가 운영됩니다.",
        },
    },
    {
        "key": "full",
        "value": 1.0,
        "label": {"en": "Fully in place", "de": "Vollständig", "ko": "완전"},
        "description": {
            "en": "Both parts run and are reviewed.",
            "de": "Beide Teile laufen und werden geprüft.",
            "ko": "두 부분 모두 운영되고 점검됩니다.",
        },
    },
    {
        "key": "na",
        "value": None,
        "label": {"en": "Not applicable", "de": "Nicht zutreffend", "ko": "해당 없음"},
        "description": {
            "en": "The shop sells nothing it could apply to.",
            "de": "Der Shop verkauft nichts, worauf es zutrifft.",
            "ko": "해당되는 상품을 판매하지 않습니다.",
        },
    },
]


def make_user(
    username: str, organization: Organization | None = None, role: str = "marketer"
) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    if organization is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


def text(en: str) -> dict[str, str]:
    return {"en": en, "de": f"{en} (de)", "ko": f"{en} (ko)"}


def make_document(
    per_cell: int = 1,
    version: int = 1,
    slug: str = "ecommerce-maturity",
    gates: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A valid questionnaire document: every element has `per_cell` questions per stage;
    the questions keyed in `gates` are gates (without "not applicable")."""
    document: dict[str, Any] = {
        "slug": slug,
        "version": version,
        "threshold": 0.7,
        "title": text("Test questionnaire"),
        "stages": [
            {"key": stage, "title": text(stage.title()), "description": text(f"About {stage}")}
            for stage in STAGES
        ],
        "elements": [
            {
                "key": element,
                "weight": 1.0,
                "title": text(element.title()),
                "description": text(f"About {element}"),
                "questions": [
                    {
                        "key": f"{element}-{stage}-{n}",
                        "stage": stage,
                        "weight": 1.0,
                        "gate": False,
                        "lifecycle": [],
                        "requires": [],
                        "effort_weeks": None,
                        "text": text(f"{element} {stage} {n}?"),
                        "help": text("Help"),
                        "recommendation": text("Do it"),
                        "options": copy.deepcopy(OPTIONS),
                    }
                    for stage in STAGES
                    for n in range(per_cell)
                ],
            }
            for element in ELEMENTS
        ],
    }
    for element in document["elements"]:
        for question in element["questions"]:
            if question["key"] in gates:
                question["gate"] = True
                question["options"] = [o for o in question["options"] if o["value"] is not None]
    return document


def make_goal(
    assessment: Any, key: str = "action-crawl-0", action: str = "Send a cart email"
) -> Any:
    """A goal on the roadmap item of question `key` of a submitted assessment."""
    from datetime import date

    from assessments.models import Goal

    return Goal.objects.create(
        assessment=assessment,
        question=assessment.questionnaire.questions.get(key=key),
        action=action,
        metric="recovered carts",
        baseline=2,
        target=6,
        unit="%",
        due=date(2027, 6, 30),
    )


def publish(per_cell: int = 1, version: int = 1, gates: tuple[str, ...] = ()) -> Questionnaire:
    document = make_document(per_cell=per_cell, version=version, gates=gates)
    questionnaire = questionnaire_import(document=document)
    return questionnaire_publish(questionnaire=questionnaire)


def answer_all(assessment: Assessment, choose: str = "full") -> None:
    """Answer every question with the option `choose` (a key), straight in the database."""
    questions = assessment.questionnaire.questions.prefetch_related("options")
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=question,
            option=next(o for o in question.options.all() if o.key == choose),
        )
        for question in questions
    )
