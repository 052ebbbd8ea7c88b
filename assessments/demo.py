"""Demo assessments for `make run`: a submitted one and a draft per demo organization."""

import hashlib
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment
from assessments.services import assessment_start, assessment_submit
from maturity.models import Question, Questionnaire
from organizations.models import Organization

# Option keys by stage, strongest first: each organization leans on its own profile.
PROFILES = {
    "nordlicht": {
        "crawl": ["full", "full", "mostly", "full"],
        "walk": ["mostly", "full", "partial", "mostly"],
        "run": ["partial", "planned", "none", "na"],
    },
    "hanbit": {
        "crawl": ["full", "mostly", "mostly", "partial"],
        "walk": ["partial", "planned", "mostly", "none"],
        "run": ["none", "planned", "none", "na"],
    },
}
NOTES = {
    "action-abandoned-cart-email": "Two emails: after 2 hours and after 24 hours.",
    "data-page-view-tracking": "Tag manager with consent mode.",
    "insights-rfm-analysis": "Quarterly export to a spreadsheet only.",
}


def _choice(slug: str, question: Question) -> str:
    options = PROFILES[slug][question.stage.key]
    digest = hashlib.sha256(f"{slug}:{question.key}".encode()).digest()
    return options[digest[0] % len(options)]


# Half a year earlier, each capability stood one step lower.
EARLIER = {"full": "mostly", "mostly": "partial", "partial": "planned", "planned": "none"}


def _answer_all(
    assessment: Assessment, slug: str, questions: list[Question], earlier: bool = False
) -> None:
    def key(question: Question) -> str:
        chosen = _choice(slug, question)
        return EARLIER.get(chosen, chosen) if earlier else chosen

    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=question,
            option=next(o for o in question.options.all() if o.key == key(question)),
            note=NOTES.get(question.key, ""),
        )
        for question in questions
    )


def _submitted(
    organization: Organization, user: User, questions: list[Question], days_ago: int, earlier: bool
) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    _answer_all(assessment, organization.slug, questions, earlier=earlier)
    assessment_submit(assessment=assessment, user=user)
    when = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, submitted_at=when)
    return assessment


@transaction.atomic
def demo_assessments_load(*, organization: Organization, user: User) -> None:
    """Give an organization without assessments two submitted assessments, half a year
    apart, and a draft."""
    if organization.assessments.exists() or organization.slug not in PROFILES:
        return
    questionnaire = Questionnaire.objects.latest_published()
    if questionnaire is None:
        return
    questions = list(
        questionnaire.questions.select_related("stage", "element").prefetch_related("options")
    )
    _submitted(organization, user, questions, days_ago=210, earlier=True)
    _submitted(organization, user, questions, days_ago=42, earlier=False)

    draft = assessment_start(organization=organization, user=user)
    first_elements = {e.key for e in questionnaire.elements.order_by("order")[:2]}
    _answer_all(draft, organization.slug, [q for q in questions if q.element.key in first_elements])
