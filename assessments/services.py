"""The assessments seam: turn a questionnaire version and chosen options into a scored result."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.models import SHARE_SALT, Answer, Assessment, Goal, ShareLink
from assessments.roadmap import GoalProgress, RoiReading, goal_progress
from lifecycle.dashboard import RATE_SPECS
from lifecycle.metrics import (
    GOAL_RATES,
    LOWER_IS_BETTER,
    SEGMENT_PREFIX,
    Snapshot,
    goal_unit,
    goal_value,
    lifecycle_snapshot,
)
from lifecycle.models import LifecycleStage
from maturity.models import AnswerOption, Element, Question, Questionnaire, Stage
from maturity.services import (
    QuestionnaireNotFound,
    questionnaire_content,
    questionnaire_with_content,
)
from organizations.models import Organization

# Messages the tests reuse.
NOT_AN_ANSWERS_DOCUMENT = (
    'An answers document is an object: {"questionnaire": "slug@version", "answers": {...}}.'
)
BAD_QUESTIONNAIRE_ID = (
    "“questionnaire” must read slug@version, e.g. ecommerce-maturity@1; got {value!r}."
)
UNKNOWN_QUESTIONNAIRE = "Unknown questionnaire {label}."
UNKNOWN_QUESTION = "Unknown question {key!r} in questionnaire {label}."
UNKNOWN_OPTION = "Unknown option {option!r} for question {key!r} (known: {known})."

_LABEL = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9_-]*)@(?P<version>[0-9]+)$")


class AnswersInvalid(ValueError):
    pass


def scoring_model(questionnaire: Questionnaire) -> scoring.Model:
    """The engine's view of a version whose content is prefetched."""
    return scoring.Model(
        stages=tuple(stage.key for stage in questionnaire.stages.all()),
        elements={element.key: element.weight for element in questionnaire.elements.all()},
        questions=tuple(
            scoring.Question(
                key=question.key,
                element=question.element.key,
                stage=question.stage.key,
                weight=question.weight,
                gate=question.gate,
            )
            for question in questionnaire.questions.all()
        ),
        threshold=questionnaire.threshold,
    )


def answers_document_score(*, document: Any) -> dict[str, Any]:
    """Score an answers document (SPEC.md section 4) and return the result document."""
    if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
        raise AnswersInvalid(NOT_AN_ANSWERS_DOCUMENT)
    label = document.get("questionnaire")
    match = _LABEL.match(label) if isinstance(label, str) else None
    if match is None:
        raise AnswersInvalid(BAD_QUESTIONNAIRE_ID.format(value=label))
    found = Questionnaire.objects.filter(slug=match["slug"], version=int(match["version"])).first()
    if found is None:
        raise QuestionnaireNotFound(UNKNOWN_QUESTIONNAIRE.format(label=label))
    questionnaire = questionnaire_with_content(found.pk)

    options = {
        question.key: {option.key: option.value for option in question.options.all()}
        for question in questionnaire.questions.all()
    }
    values: dict[str, float | None] = {}
    for key, chosen in document["answers"].items():
        if key not in options:
            raise AnswersInvalid(UNKNOWN_QUESTION.format(key=key, label=label))
        if chosen not in options[key]:
            raise AnswersInvalid(
                UNKNOWN_OPTION.format(option=chosen, key=key, known=", ".join(options[key]))
            )
        values[key] = options[key][chosen]
    result = scoring.score(scoring_model(questionnaire), values)
    return {"questionnaire": questionnaire.label, **result.as_dict()}


# ----------------------------------------------------------------------------------------
# Assessments: start, answer, submit, copy, targets, goals.

ALREADY_SUBMITTED = _("This assessment has been submitted and can no longer be changed.")
NOT_SUBMITTED = _("Only a submitted result can be shared.")
INCOMPLETE = _("Answer every question before submitting (“Not applicable” counts as an answer).")
NO_PUBLISHED_QUESTIONNAIRE = _("No questionnaire has been published yet; ask an administrator.")
BAD_PHASES = _("Phase ends must be whole months that increase, e.g. 3, 9, 18.")
UNKNOWN_TARGET = _("Pick a stage for every element.")


class AssessmentLocked(PermissionError):
    pass


class AssessmentIncomplete(ValueError):
    pass


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    # element key -> (answered, total)
    elements: dict[str, tuple[int, int]]

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    def element_percent(self, key: str) -> int:
        answered, total = self.elements.get(key, (0, 0))
        return round(100 * answered / total) if total else 0


@dataclass(frozen=True)
class AssessmentData:
    """An assessment with its questionnaire content and answers, loaded once for a page."""

    assessment: Assessment
    questionnaire: Questionnaire
    answers: dict[int, Answer]  # question id -> answer

    @property
    def questions(self) -> list[Question]:
        return list(self.questionnaire.questions.all())

    @property
    def stages(self) -> list[Stage]:
        return list(self.questionnaire.stages.all())

    @property
    def elements(self) -> list[Element]:
        return list(self.questionnaire.elements.all())

    def values(self) -> dict[str, float | None]:
        """Question key -> chosen value (None: not applicable), answered questions only."""
        values: dict[str, float | None] = {}
        for question in self.questions:
            answer = self.answers.get(question.pk)
            if answer is not None and answer.option is not None:
                values[question.key] = answer.option.value
        return values

    def progress(self) -> Progress:
        counts: dict[str, list[int]] = {element.key: [0, 0] for element in self.elements}
        for question in self.questions:
            answer = self.answers.get(question.pk)
            counts[question.element.key][1] += 1
            if answer is not None and answer.option_id is not None:
                counts[question.element.key][0] += 1
        return Progress(
            answered=sum(c[0] for c in counts.values()),
            total=sum(c[1] for c in counts.values()),
            elements={key: (c[0], c[1]) for key, c in counts.items()},
        )

    def score(self) -> scoring.Result:
        return scoring.score(scoring_model(self.questionnaire), self.values())

    def result(self) -> dict[str, Any]:
        """The frozen result of a submitted assessment, else the live one of a draft."""
        if self.assessment.result is not None:
            frozen: dict[str, Any] = self.assessment.result
            return frozen
        return result_document(self.questionnaire, self.score())


def result_document(questionnaire: Questionnaire, result: scoring.Result) -> dict[str, Any]:
    """A result as an assessment keeps it: SPEC.md section 4's document, with the threshold
    and the failed gates (question keys) it was scored with beside it."""
    return {
        "questionnaire": questionnaire.label,
        "threshold": questionnaire.threshold,
        "failed_gates": list(result.failed_gates),
        **result.as_dict(),
    }


def assessment_data(*, assessment: Assessment) -> AssessmentData:
    """Answers in one query, whatever their number; a published version's content from the
    cache (a draft version's in five queries)."""
    return AssessmentData(
        assessment=assessment,
        questionnaire=questionnaire_content(assessment.questionnaire),
        answers={
            answer.question_id: answer
            for answer in assessment.answers.select_related("option").order_by()
        },
    )


def assessment_start(
    *, organization: Organization, user: User, resume_draft: bool = False
) -> Assessment:
    """A new draft on the latest published version; with `resume_draft`, the organization's
    most recently changed draft instead, if it has one (a second draft only when asked for)."""
    if resume_draft:
        open_draft = organization.assessments.drafts().order_by("-updated_at").first()
        if open_draft is not None:
            return open_draft
    questionnaire = Questionnaire.objects.latest_published()
    if questionnaire is None:
        raise QuestionnaireNotFound(NO_PUBLISHED_QUESTIONNAIRE)
    return Assessment.objects.create(
        organization=organization, questionnaire=questionnaire, started_by=user
    )


_UNCHANGED: Any = object()


@dataclass(frozen=True)
class AnswerSaved:
    """The stored answer after `answer_save`, and whether this write changed it."""

    answer: Answer
    # False: a newer write (a higher seq) was stored first, so this one changed nothing.
    applied: bool


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    option: AnswerOption | None = _UNCHANGED,
    note: str = _UNCHANGED,
    seq: int | None = None,
) -> AnswerSaved:
    """Record one choice and/or note; one answer per question however often it is sent.

    With `seq` (autosave), the write applies only if `seq` is above the one stored with the
    answer, so a retry or a slow request that arrives after a newer write changes nothing.
    Without it (the page's own form) the write always applies.
    """
    # Stamping the assessment's last change locks its row (on SQLite BEGIN IMMEDIATE took the
    # database lock already), so every write to its answers, the seq check and a first insert
    # included, waits for the one before it to commit. A submitted assessment is left alone.
    drafts = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT)
    if not drafts.update(updated_at=timezone.now()):
        raise AssessmentLocked(ALREADY_SUBMITTED)
    if question.questionnaire_id != assessment.questionnaire_id:
        raise ValueError("question of another questionnaire version")
    if option not in (None, _UNCHANGED) and option.question_id != question.pk:
        raise ValueError("option of another question")
    answer = Answer.objects.filter(assessment_id=assessment.pk, question_id=question.pk).first()
    if answer is None:
        answer = Answer(assessment_id=assessment.pk, question_id=question.pk)
    elif seq is not None and answer.seq is not None and seq <= answer.seq:
        return AnswerSaved(answer=answer, applied=False)
    if option is not _UNCHANGED:
        answer.option = option
    if note is not _UNCHANGED:
        answer.note = note.strip()
    if seq is not None:
        answer.seq = seq
    answer.save()
    return AnswerSaved(answer=answer, applied=True)


def _version_key(questionnaire: Questionnaire, what: str) -> str | None:
    """A cache key for something derived from a published version, which never changes.

    It names the moment of publishing too, so that a database rebuilt with the same ids
    never reads what was cached for another one. None for a draft: never cached.
    """
    if not questionnaire.is_published or questionnaire.published_at is None:
        return None
    return f"assessments:{questionnaire.pk}:{questionnaire.published_at.timestamp()}:{what}"


@dataclass(frozen=True)
class Outline:
    """Which element each question of a version is in, and how many questions each has."""

    totals: dict[str, int]  # element key -> number of questions, in page order
    elements: dict[int, str]  # question id -> its element's key


def questionnaire_outline(*, questionnaire: Questionnaire) -> Outline:
    """The outline of a version: two queries, none once cached for a published version."""
    key = _version_key(questionnaire, "outline")
    outline = cache.get(key) if key else None
    if outline is None:
        element_keys = dict(
            Element.objects.filter(questionnaire=questionnaire)
            .order_by("order")
            .values_list("pk", "key")
        )
        outline = Outline(totals=dict.fromkeys(element_keys.values(), 0), elements={})
        for question, element in Question.objects.filter(questionnaire=questionnaire).values_list(
            "pk", "element_id"
        ):
            outline.elements[question] = element_keys[element]
            outline.totals[element_keys[element]] += 1
        if key:
            cache.set(key, outline, timeout=None)
    return outline


def question_with_options(*, questionnaire: Questionnaire, pk: int) -> Question | None:
    """One question of the version with its options, or None if it has no such question."""
    key = _version_key(questionnaire, f"question:{pk}")
    question = cache.get(key) if key else None
    if question is None:
        question = questionnaire.questions.filter(pk=pk).prefetch_related("options").first()
        if key and question is not None:
            cache.set(key, question, timeout=None)
    return question


def assessment_progress(*, assessment: Assessment) -> Progress:
    """Answered questions per element in one query (with the version's outline cached)."""
    outline = questionnaire_outline(questionnaire=assessment.questionnaire)
    # The ids of the answered questions (at most one row per question) are cheaper to read
    # than to count per element in SQL, which needs a join and a GROUP BY.
    answered = Counter(
        outline.elements[question]
        for question in Answer.objects.filter(
            assessment_id=assessment.pk, option__isnull=False
        ).values_list("question_id", flat=True)
    )
    elements = {key: (answered[key], total) for key, total in outline.totals.items()}
    return Progress(
        answered=sum(count for count, _total in elements.values()),
        total=sum(outline.totals.values()),
        elements=elements,
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    """Score and freeze a complete draft; submitting twice changes nothing."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        return locked
    data = assessment_data(assessment=locked)
    result = data.score()
    if not result.complete:
        raise AssessmentIncomplete(INCOMPLETE)
    locked.result = result_document(data.questionnaire, result)
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    locked.save(update_fields=["result", "status", "submitted_at", "submitted_by", "updated_at"])
    return locked


@transaction.atomic
@dataclass(frozen=True)
class Copied:
    """What `assessment_copy` made: the draft, the keys of the questions new in its version,
    and the keys whose old answer names a level the new version does not offer (such as
    "not applicable" on what became a legal duty): those start unanswered, notes kept."""

    draft: Assessment
    new_keys: list[str]
    not_carried: list[str]


def assessment_copy(*, assessment: Assessment, user: User) -> Copied:
    """A new draft on the current published version with the answers matched by key."""
    target = Questionnaire.objects.latest_published(assessment.questionnaire.slug)
    if target is None:
        raise QuestionnaireNotFound(NO_PUBLISHED_QUESTIONNAIRE)
    copy = Assessment.objects.create(
        organization=assessment.organization,
        questionnaire=target,
        started_by=user,
        copied_from=assessment,
        targets=assessment.targets,
        phase_ends=assessment.phase_ends,
    )
    old = {
        answer.question.key: answer
        for answer in assessment.answers.select_related("question", "option")
    }
    questions = Question.objects.filter(questionnaire=target).prefetch_related("options")
    new_answers = []
    new_keys = []
    not_carried = []
    for question in questions:
        previous = old.get(question.key)
        if previous is None:
            new_keys.append(question.key)
            continue
        chosen = question.option_by_key(previous.option.key if previous.option else None)
        if previous.option is not None and chosen is None:
            not_carried.append(question.key)
        new_answers.append(
            Answer(assessment=copy, question=question, option=chosen, note=previous.note)
        )
    Answer.objects.bulk_create(new_answers)
    return Copied(draft=copy, new_keys=new_keys, not_carried=not_carried)


def assessment_plan_update(
    *, assessment: Assessment, targets: dict[str, str], phase_ends: list[int]
) -> Assessment:
    """Store the targets per element and the phase ends of the roadmap ([]: the phases last
    as long as their effort)."""
    if phase_ends and (
        len(phase_ends) != 3
        or any(
            not isinstance(end, int) or end <= start
            for start, end in zip([0, *phase_ends[:-1]], phase_ends, strict=True)
        )
    ):
        raise ValueError(BAD_PHASES)
    assessment.targets = targets
    assessment.phase_ends = phase_ends
    assessment.save(update_fields=["targets", "phase_ends", "updated_at"])
    return assessment


# -- hand-overs: the answers document, share links ---------------------------------------


def assessment_answers_document(*, assessment: Assessment) -> dict[str, Any]:
    """The SPEC.md section 4 answers document, with the notes and the stored result."""
    data = assessment_data(assessment=assessment)
    answers: dict[str, str] = {}
    notes: dict[str, str] = {}
    for question in data.questions:
        answer = data.answers.get(question.pk)
        if answer is None:
            continue
        if answer.option is not None:
            answers[question.key] = answer.option.key
        if answer.note:
            notes[question.key] = answer.note
    return {
        "questionnaire": data.questionnaire.label,
        "answers": answers,
        "notes": notes,
        "result": assessment.result,
    }


def share_link_create(*, assessment: Assessment, user: User, days: int) -> ShareLink:
    """A read-only link to a submitted result, valid for `days` days."""
    if assessment.is_draft:
        raise AssessmentLocked(NOT_SUBMITTED)
    return ShareLink.objects.create(
        assessment=assessment, created_by=user, expires_at=timezone.now() + timedelta(days=days)
    )


def share_link_revoke(*, link: ShareLink) -> ShareLink:
    """Close a link for good; revoking twice keeps the first time."""
    ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    link.refresh_from_db(fields=["revoked_at"])
    return link


def share_link_from_token(token: str) -> ShareLink | None:
    """The live link a token names; None for a bad signature, an expired or revoked link."""
    try:
        pk = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature:
        return None
    if type(pk) is not int:  # not a bool either
        return None
    return (
        ShareLink.objects.live()
        .select_related("assessment__organization", "assessment__questionnaire")
        .filter(pk=pk)
        .first()
    )


def share_link_gone(token: str) -> str | None:
    """Why a token that opens nothing once named a link: "revoked" or "expired"; None for a
    token that never named one (a bad signature, or a link deleted with its assessment)."""
    try:
        pk = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature:
        return None
    if type(pk) is not int:
        return None
    link = ShareLink.objects.filter(pk=pk).only("revoked_at", "expires_at").first()
    if link is None:
        return None
    if link.revoked_at is not None:
        return "revoked"
    return "expired" if link.expires_at <= timezone.now() else None


# -- goals -------------------------------------------------------------------------------


@transaction.atomic
def goal_save(*, goal: Goal, values: dict[str, Any]) -> Goal:
    """Create or update a goal of a submitted assessment from checked form values."""
    for name, value in values.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    return goal


def goal_delete(*, assessment: Assessment, goal_pk: int) -> bool:
    """Delete a goal of this assessment (never of another one); False when there is none."""
    deleted, _kinds = Goal.objects.filter(pk=goal_pk, assessment=assessment).delete()
    return deleted > 0


@dataclass(frozen=True)
class GoalReading:
    """A goal with its ROI reading and, when the tracker measures its metric, its progress."""

    goal: Goal
    roi: RoiReading
    title: str  # the metric's name
    progress: GoalProgress | None  # None: a metric named in words, which nothing measures
    measured_on: date | None  # the month (or import date) of the measured value


def goal_metric_titles(snapshot: Snapshot) -> dict[str, str]:
    """Key -> name of every metric a goal can pick, in the order the form offers them."""
    titles = {spec.key: str(spec.title) for spec in RATE_SPECS if spec.key in GOAL_RATES}
    for segment in snapshot.segments:
        titles[f"{SEGMENT_PREFIX}{segment.key}"] = str(
            _("Customers in the segment “%(segment)s”") % {"segment": segment.name}
        )
    return titles


def goal_form_options(*, question: Question, snapshot: Snapshot) -> dict[str, Any]:
    """The goal form's metric choices with their latest values, and what a new goal on this
    question starts with: the rate of the first lifecycle stage it serves, its value today."""
    latest = {
        key: (f"{value:g}", goal_unit(key))
        for key, raw in snapshot.metrics.items()
        if (value := goal_value(key, raw)) is not None
    }
    rates = dict(
        LifecycleStage.objects.filter(key__in=question.lifecycle).values_list("key", "rate")
    )
    metric = next((rates[key] for key in question.lifecycle if rates.get(key) in GOAL_RATES), "")
    initial: dict[str, Any] = {"action": question.recommendation, "lifecycle_metric": metric}
    if metric:
        initial["unit"] = goal_unit(metric)
        if metric in latest:
            initial["baseline"] = latest[metric][0]
    return {
        "metrics": list(goal_metric_titles(snapshot).items()),
        "latest": latest,
        "initial": initial,
    }


def goal_readings(
    goals: list[Goal], *, snapshot: Snapshot, today: date | None = None
) -> list[GoalReading]:
    """Each goal's measured value (the latest figure) against the straight line from its
    baseline on the day it was set to its target on its due date."""
    today = today or timezone.localdate()
    titles = goal_metric_titles(snapshot)
    readings = []
    for goal in goals:
        key = goal.lifecycle_metric
        progress = None
        if key:
            progress = goal_progress(
                baseline=float(goal.baseline),
                target=float(goal.target),
                start=timezone.localdate(goal.created_at) if goal.created_at else today,
                due=goal.due,
                today=today,
                measured=goal_value(key, snapshot.metrics.get(key)),
                lower_is_better=key in LOWER_IS_BETTER,
            )
        readings.append(
            GoalReading(
                goal=goal,
                roi=goal.roi(),
                title=titles.get(key, goal.metric) if key else goal.metric,
                progress=progress,
                measured_on=snapshot.dates.get(key) if key else None,
            )
        )
    return readings


def goals_measured(*, assessment: Assessment, today: date | None = None) -> list[GoalReading]:
    """The goals of an assessment, measured by its organization's latest lifecycle figures."""
    snapshot = lifecycle_snapshot(organization=assessment.organization)
    return goal_readings(list(assessment.goals.all()), snapshot=snapshot, today=today)
