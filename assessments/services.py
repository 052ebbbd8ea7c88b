"""The assessments seam: turn a questionnaire version and chosen options into a scored result."""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.models import Answer, Assessment
from maturity.models import AnswerOption, Element, Question, Questionnaire, Stage
from maturity.services import QuestionnaireNotFound, questionnaire_with_content
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
        return {
            question.key: self.answers[question.pk].option.value
            for question in self.questions
            if question.pk in self.answers and self.answers[question.pk].option is not None
        }

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
            return self.assessment.result
        return {
            "questionnaire": self.questionnaire.label,
            "threshold": self.questionnaire.threshold,
            **self.score().as_dict(),
        }


def assessment_data(*, assessment: Assessment) -> AssessmentData:
    """Content in five queries and answers in one, whatever their number."""
    return AssessmentData(
        assessment=assessment,
        questionnaire=questionnaire_with_content(assessment.questionnaire_id),
        answers={
            answer.question_id: answer
            for answer in assessment.answers.select_related("option").order_by()
        },
    )


def assessment_start(*, organization: Organization, user: User) -> Assessment:
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
    # The assessment's row lock (on SQLite the database lock taken by BEGIN IMMEDIATE) makes
    # every write to its answers, the seq check and a first insert included, wait for the
    # one before it to commit.
    status, questionnaire_id = (
        Assessment.objects.select_for_update()
        .values_list("status", "questionnaire_id")
        .get(pk=assessment.pk)
    )
    if status != Assessment.Status.DRAFT:
        raise AssessmentLocked(ALREADY_SUBMITTED)
    if question.questionnaire_id != questionnaire_id:
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
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return AnswerSaved(answer=answer, applied=True)


def questionnaire_totals(*, questionnaire: Questionnaire) -> dict[int, tuple[str, int]]:
    """Element id -> (element key, number of questions), in page order.

    Cached for a published version, which never changes; the key names the version and the
    moment it was published, so a database rebuilt with the same ids never reads stale totals.
    """
    published = questionnaire.published_at
    key = f"assessments:totals:{questionnaire.pk}:{published.timestamp() if published else ''}"
    if questionnaire.is_published:
        totals = cache.get(key)
        if totals is not None:
            return totals
    totals = {
        pk: (element_key, count)
        for pk, element_key, count in Element.objects.filter(questionnaire=questionnaire)
        .annotate(count=Count("questions"))
        .order_by("order")
        .values_list("pk", "key", "count")
    }
    if questionnaire.is_published:
        cache.set(key, totals, timeout=None)
    return totals


def assessment_progress(*, assessment: Assessment) -> Progress:
    """Answered questions per element in one query (none once the totals are cached)."""
    totals = questionnaire_totals(questionnaire=assessment.questionnaire)
    answered = dict(
        Answer.objects.filter(assessment=assessment, option__isnull=False)
        .values("question__element_id")
        .annotate(count=Count("pk"))
        .values_list("question__element_id", "count")
        .order_by()
    )
    elements = {
        element_key: (answered.get(pk, 0), total) for pk, (element_key, total) in totals.items()
    }
    return Progress(
        answered=sum(count for count, _total in elements.values()),
        total=sum(total for _count, total in elements.values()),
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
    locked.result = {
        "questionnaire": data.questionnaire.label,
        "threshold": data.questionnaire.threshold,
        **result.as_dict(),
    }
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    locked.save(update_fields=["result", "status", "submitted_at", "submitted_by", "updated_at"])
    return locked


@transaction.atomic
def assessment_copy(*, assessment: Assessment, user: User) -> tuple[Assessment, list[str]]:
    """A new draft on the current published version with the answers matched by key.

    Returns the draft and the keys of the questions it has that the original had not.
    """
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
    for question in questions:
        previous = old.get(question.key)
        if previous is None:
            new_keys.append(question.key)
            continue
        chosen = question.option_by_key(previous.option.key if previous.option else None)
        new_answers.append(
            Answer(assessment=copy, question=question, option=chosen, note=previous.note)
        )
    Answer.objects.bulk_create(new_answers)
    return copy, new_keys


def assessment_plan_update(
    *, assessment: Assessment, targets: dict[str, str], phase_ends: list[int]
) -> Assessment:
    """Store the targets per element and the phase lengths of the roadmap."""
    if len(phase_ends) != 3 or any(
        not isinstance(end, int) or end <= start
        for start, end in zip([0, *phase_ends[:-1]], phase_ends, strict=True)
    ):
        raise ValueError(BAD_PHASES)
    assessment.targets = targets
    assessment.phase_ends = phase_ends
    assessment.save(update_fields=["targets", "phase_ends", "updated_at"])
    return assessment
