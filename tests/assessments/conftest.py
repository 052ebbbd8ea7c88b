import pytest
from django.contrib.auth.models import User

from assessments.models import Answer, Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Questionnaire
from maturity.services import questionnaire_import, questionnaire_publish
from organizations.models import Organization
from tests.factories import make_document


def publish(per_cell: int = 1, version: int = 1) -> Questionnaire:
    questionnaire = questionnaire_import(document=make_document(per_cell=per_cell, version=version))
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


@pytest.fixture
def questionnaire(db: None) -> Questionnaire:
    return publish()


@pytest.fixture
def draft(questionnaire: Questionnaire, acme: Organization, alice: User) -> Assessment:
    return assessment_start(organization=acme, user=alice)


@pytest.fixture
def submitted(questionnaire: Questionnaire, acme: Organization, alice: User) -> Assessment:
    assessment = assessment_start(organization=acme, user=alice)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=alice)
