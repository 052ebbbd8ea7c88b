"""Demo assessments for `make run`: per demo organization, two submitted assessments and a
draft on the first version of the question bank, one carried over to the latest, and on
that one a goal the lifecycle tracker measures."""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, Assessment, Goal
from assessments.services import assessment_copy, assessment_submit, goal_form_options, goal_save
from lifecycle.metrics import LOWER_IS_BETTER, lifecycle_snapshot
from maturity.models import DEFAULT_SLUG, AnswerOption, Question, Questionnaire
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
# What a profile's key stands for, for a question whose options are keyed otherwise
# (or that offers no "not applicable", such as a gate).
VALUES: dict[str, float | None] = {
    "full": 1.0,
    "mostly": 0.75,
    "partial": 0.5,
    "planned": 0.0,
    "none": 0.0,
    "na": None,
}
# Notes as each organization's marketer writes them: in German at Nordlicht, in Korean at
# Hanbit (the others, in English).
NOTES = {
    "action-abandoned-cart-email": "Two emails: after 2 hours and after 24 hours.",
    "data-page-view-tracking": "Tag manager with consent mode.",
    "insights-rfm-analysis": "Quarterly export to a spreadsheet only.",
}
NOTES_BY_ORGANIZATION = {
    "nordlicht": {
        "action-abandoned-cart-email": "Zwei E-Mails: nach 2 Stunden und nach 24 Stunden.",
        "data-page-view-tracking": "Tag-Manager mit Consent Mode.",
        "insights-rfm-analysis": "Nur ein quartalsweiser Export in eine Tabelle.",
    },
    "hanbit": {
        "action-abandoned-cart-email": "이메일 두 통: 2시간 후와 24시간 후에 발송합니다.",
        "data-page-view-tracking": "동의 모드를 적용한 태그 매니저를 씁니다.",
        "insights-rfm-analysis": "분기마다 스프레드시트로 내보내기만 합니다.",
    },
}


def _choice(slug: str, question: Question) -> str:
    options = PROFILES[slug][question.stage.key]
    digest = hashlib.sha256(f"{slug}:{question.key}".encode()).digest()
    return options[digest[0] % len(options)]


def _option(question: Question, key: str) -> AnswerOption:
    """The option keyed `key`, else the one whose value comes nearest to what it stands for."""
    options = list(question.options.all())
    exact = next((option for option in options if option.key == key), None)
    if exact is not None:
        return exact
    valued = [option for option in options if option.value is not None]
    wanted = VALUES.get(key)
    if wanted is None or not valued:
        return min(valued or options, key=lambda option: option.value or 0.0)
    return min(valued, key=lambda option: (abs((option.value or 0.0) - wanted), option.order))


# Half a year earlier, each capability stood one step lower.
EARLIER = {"full": "mostly", "mostly": "partial", "partial": "planned", "planned": "none"}


def _answer_all(
    assessment: Assessment, slug: str, questions: list[Question], earlier: bool = False
) -> None:
    def key(question: Question) -> str:
        chosen = _choice(slug, question)
        return EARLIER.get(chosen, chosen) if earlier else chosen

    notes = NOTES_BY_ORGANIZATION.get(slug, NOTES)
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question=question,
            option=_option(question, key(question)),
            note=notes.get(question.key, ""),
        )
        for question in questions
    )


def _backdate(assessment: Assessment, days_ago: int) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(created_at=when, submitted_at=when)


def _questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        questionnaire.questions.select_related("stage", "element").prefetch_related("options")
    )


def _first_version_set(
    organization: Organization, user: User, questionnaire: Questionnaire
) -> None:
    """Two submitted assessments half a year apart, and a draft, on `questionnaire`."""
    questions = _questions(questionnaire)
    for days_ago, earlier in ((210, True), (42, False)):
        assessment = Assessment.objects.create(
            organization=organization, questionnaire=questionnaire, started_by=user
        )
        _answer_all(assessment, organization.slug, questions, earlier=earlier)
        assessment_submit(assessment=assessment, user=user)
        _backdate(assessment, days_ago)
    draft = Assessment.objects.create(
        organization=organization, questionnaire=questionnaire, started_by=user
    )
    first_elements = {e.key for e in questionnaire.elements.order_by("order")[:2]}
    _answer_all(draft, organization.slug, [q for q in questions if q.element.key in first_elements])


def _carried_over(organization: Organization, user: User, latest: Questionnaire) -> None:
    """ "New assessment from this one" on the latest submitted one of an older version,
    its new questions (and answers the new version no longer offers) answered, submitted."""
    source = (
        organization.assessments.submitted()
        .filter(questionnaire__slug=latest.slug, questionnaire__version__lt=latest.version)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if source is None:
        return
    copy = assessment_copy(assessment=source, user=user).draft
    answered = set(copy.answers.filter(option__isnull=False).values_list("question_id", flat=True))
    missing = [question for question in _questions(latest) if question.pk not in answered]
    Answer.objects.filter(assessment=copy, question__in=missing).delete()
    _answer_all(copy, organization.slug, missing)
    assessment_submit(assessment=copy, user=user)
    _backdate(copy, 7)


@transaction.atomic
def demo_assessments_load(*, organization: Organization, user: User) -> None:
    """Give a demo organization its assessments on the first published version, and one
    carried over to the latest; whatever it has already is left as it is."""
    if organization.slug not in PROFILES:
        return
    published = Questionnaire.objects.published().filter(slug=DEFAULT_SLUG)
    first = published.order_by("version").first()
    latest = published.order_by("-version").first()
    if first is None or latest is None:
        return
    if not organization.assessments.filter(questionnaire=first).exists():
        _first_version_set(organization, user, first)
    if latest.pk != first.pk and not organization.assessments.filter(questionnaire=latest).exists():
        _carried_over(organization, user, latest)


@transaction.atomic
def demo_goal_load(*, organization: Organization, user: User) -> Goal | None:
    """A goal the lifecycle tracker measures, on the latest result's first roadmap item
    that serves a lifecycle stage: its stage's rate from the figure of the day the result
    was submitted to a fifth better (lower, for acquisition cost) in half a year. Left as
    it is once the result has a goal; None when there is nothing to measure yet."""
    if organization.slug not in PROFILES:
        return None
    assessment = (
        organization.assessments.submitted()
        .select_related("questionnaire")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if assessment is None or assessment.goals.exists():
        return None
    snapshot = lifecycle_snapshot(organization=organization)
    answers = {
        answer.question_id: answer.option for answer in assessment.answers.select_related("option")
    }
    for question in _questions(assessment.questionnaire):
        option = answers.get(question.pk)
        if option is not None and option.value is not None and option.value >= 1:
            continue  # in place already: not on the roadmap
        initial = goal_form_options(question=question, snapshot=snapshot)["initial"]
        if "baseline" not in initial:
            continue  # serves no stage whose rate the tracker measures yet
        baseline = Decimal(initial["baseline"]).quantize(Decimal("0.01"))
        better = (
            Decimal("0.8") if initial["lifecycle_metric"] in LOWER_IS_BETTER else Decimal("1.2")
        )
        start = timezone.localtime(assessment.submitted_at or timezone.now()).date()
        goal = goal_save(
            goal=Goal(assessment=assessment, question=question, created_by=user),
            values={
                "action": initial["action"] or question.text,
                "lifecycle_metric": initial["lifecycle_metric"],
                "unit": initial.get("unit", ""),
                "baseline": baseline,
                "target": (baseline * better).quantize(Decimal("0.01")),
                "due": start + timedelta(days=182),
            },
        )
        Goal.objects.filter(pk=goal.pk).update(created_at=assessment.submitted_at)
        return goal
    return None
