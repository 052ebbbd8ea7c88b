"""Team assessments, the seam: invite respondents, save their answers within their part,
consolidate (the only writer of a team assessment's Answer rows, so only consolidated
answers are scored), evidence, and the confidence per element."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments import evidence as evidence_files
from assessments import team
from assessments.models import (
    Answer,
    Assessment,
    Consolidation,
    Evidence,
    Respondent,
    Response,
)
from assessments.pages import AnswerPage, answer_page
from assessments.services import (
    ALREADY_SUBMITTED,
    AnswerSaved,
    AssessmentData,
    AssessmentLocked,
    Progress,
    questionnaire_outline,
)
from maturity.models import AnswerOption, Element, Question
from maturity.services import questionnaire_content
from organizations.models import Membership
from organizations.services import invitation_create

# Messages the tests reuse.
NOT_A_MEMBER = _("Only members of the organization can be picked; invite anyone else by email.")
MEMBER_BY_EMAIL = _("%(email)s is a member of the organization already: pick them from the list.")
UNKNOWN_ELEMENTS = _("Pick elements of this questionnaire, or none for the whole of it.")
OUT_OF_SCOPE = _("This question is not in your part of the assessment.")
REASON_NEEDED = _("Respondents disagree here: say why you chose this answer.")
EVIDENCE_EMPTY = _("Give a link or a file.")
EVIDENCE_BAD_LINK = _("A link starts with https:// or http://.")
EVIDENCE_TOO_LARGE = _("The file is larger than %(limit)s MB, the most an evidence file may be.")
EVIDENCE_WRONG_TYPE = _(
    "Evidence files are PDF, PNG, JPEG or WebP, judged by their content whatever their name."
)


class TeamRefused(ValueError):
    """A request the rules refuse, with the message to show."""


class OutOfScope(PermissionError):
    pass


class ConsolidationInvalid(ValueError):
    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors  # question id -> message


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", evidence_files.DEFAULT_MAX_BYTES))


def is_owner(assessment: Assessment, user: User) -> bool:
    """The owner of a draft is who started it: she invites, consolidates and submits."""
    return assessment.started_by_id is not None and assessment.started_by_id == user.pk


def respondent_for(*, assessment: Assessment, user: User) -> Respondent | None:
    """The user's place among the respondents, also through an invitation she accepted
    (recorded on her first visit); None when she is none of them. One query."""
    found = (
        Respondent.objects.filter(assessment_id=assessment.pk)
        .filter(Q(user=user) | Q(user__isnull=True, invitation__accepted_by=user))
        .order_by("user_id")
        .first()
    )
    if found is not None and found.user_id is None:
        found.user = user
        found.save(update_fields=["user"])
    return found


def _element_keys(assessment: Assessment) -> list[str]:
    return list(questionnaire_outline(questionnaire=assessment.questionnaire).totals)


def _checked_elements(assessment: Assessment, elements: list[str]) -> list[str]:
    keys = _element_keys(assessment)
    if any(key not in keys for key in elements):
        raise TeamRefused(str(UNKNOWN_ELEMENTS))
    # in questionnaire order; all of them is the same as none
    chosen = [key for key in keys if key in elements]
    return [] if len(chosen) == len(keys) else chosen


def _make_team(assessment: Assessment, owner: User) -> Assessment:
    """Turn a draft into a team assessment, once: answers already given become the owner's
    own responses (with her evidence), so nothing typed is lost and Answer rows from now on
    hold only consolidated answers."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not locked.is_draft:
        raise AssessmentLocked(ALREADY_SUBMITTED)
    if locked.team:
        return locked
    answers = list(Answer.objects.filter(assessment=locked))
    own_evidence = Evidence.objects.filter(assessment=locked, respondent__isnull=True)
    if answers or own_evidence.exists():
        mine = Respondent.objects.create(assessment=locked, user=owner, invited_by=owner)
        Response.objects.bulk_create(
            Response(
                respondent=mine,
                question_id=answer.question_id,
                option_id=answer.option_id,
                note=answer.note,
            )
            for answer in answers
        )
        Answer.objects.filter(assessment=locked).delete()
        own_evidence.update(respondent=mine)
    locked.team = True
    locked.save(update_fields=["team", "updated_at"])
    assessment.team = True
    return locked


@transaction.atomic
def respondent_invite_member(
    *, assessment: Assessment, owner: User, user: User, elements: list[str]
) -> Respondent:
    """Ask a member of the organization to answer (`elements`: the part; [] the whole).
    Someone who answers already keeps her answers and gets the new part."""
    if not Membership.objects.filter(organization=assessment.organization_id, user=user).exists():
        raise TeamRefused(str(NOT_A_MEMBER))
    part = _checked_elements(assessment, elements)
    _make_team(assessment, owner)
    respondent = respondent_for(assessment=assessment, user=user)
    if respondent is None:
        return Respondent.objects.create(
            assessment=assessment, user=user, elements=part, invited_by=owner
        )
    respondent.elements = part
    respondent.save(update_fields=["elements"])
    return respondent


@transaction.atomic
def respondent_invite_email(
    *,
    assessment: Assessment,
    owner: User,
    email: str,
    elements: list[str],
    link_for: Callable[[str], str],
) -> tuple[Respondent, str, bool]:
    """Ask a new person to answer through the organization's single-use invitation bound to
    her email (she joins as a marketer). Returns the respondent, the link (shown once) and
    whether the mail went out."""
    email = email.strip()
    members = Membership.objects.filter(organization=assessment.organization_id)
    if members.filter(user__email__iexact=email).exists():
        raise TeamRefused(str(MEMBER_BY_EMAIL % {"email": email}))
    part = _checked_elements(assessment, elements)
    _make_team(assessment, owner)
    invitation, link, mailed = invitation_create(
        organization=assessment.organization, email=email, created_by=owner, link_for=link_for
    )
    respondent = Respondent.objects.create(
        assessment=assessment, invitation=invitation, elements=part, invited_by=owner
    )
    return respondent, link, mailed


def respondent_remove(*, assessment: Assessment, respondent_pk: int) -> bool:
    """Take a respondent off a draft, with her answers and evidence; False if none."""
    with transaction.atomic():
        if not Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).update(
            updated_at=timezone.now()
        ):
            raise AssessmentLocked(ALREADY_SUBMITTED)
        found = Respondent.objects.filter(assessment=assessment, pk=respondent_pk).first()
        if found is None:
            return False
        stored = [e.file.name for e in found.evidence.all() if e.file]
        found.delete()
    for name in stored:
        Evidence.file.field.storage.delete(name or "")
    return True


# -- answering -----------------------------------------------------------------------------


_UNCHANGED: Any = object()


@transaction.atomic
def response_save(
    *,
    assessment: Assessment,
    respondent: Respondent,
    question: Question,
    option: AnswerOption | None = _UNCHANGED,
    note: str = _UNCHANGED,
    seq: int | None = None,
) -> AnswerSaved:
    """A respondent's choice and/or note on a question of her part, as `answer_save` does
    for a single respondent: refused once submitted, a late autosave (lower seq) ignored."""
    drafts = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT)
    if not drafts.update(updated_at=timezone.now()):
        raise AssessmentLocked(ALREADY_SUBMITTED)
    if question.questionnaire_id != assessment.questionnaire_id:
        raise ValueError("question of another questionnaire version")
    if respondent.assessment_id != assessment.pk:
        raise ValueError("respondent of another assessment")
    element_key = questionnaire_outline(questionnaire=assessment.questionnaire).elements[
        question.pk
    ]
    if not respondent.covers(element_key):
        raise OutOfScope(str(OUT_OF_SCOPE))
    if option not in (None, _UNCHANGED) and option.question_id != question.pk:
        raise ValueError("option of another question")
    response = Response.objects.filter(respondent=respondent, question_id=question.pk).first()
    if response is None:
        response = Response(respondent=respondent, question_id=question.pk)
    elif seq is not None and response.seq is not None and seq <= response.seq:
        return AnswerSaved(answer=cast(Answer, response), applied=False)
    if option is not _UNCHANGED:
        response.option = option
    if note is not _UNCHANGED:
        response.note = note.strip()
    if seq is not None:
        response.seq = seq
    response.save()
    return AnswerSaved(answer=cast(Answer, response), applied=True)


def _scoped_progress(progress: Progress, respondent: Respondent) -> Progress:
    elements = {k: v for k, v in progress.elements.items() if respondent.covers(k)}
    return Progress(
        answered=sum(a for a, _t in elements.values()),
        total=sum(t for _a, t in elements.values()),
        elements=elements,
    )


def respondent_progress(*, assessment: Assessment, respondent: Respondent) -> Progress:
    """The respondent's answered questions per element of her part: one query."""
    outline = questionnaire_outline(questionnaire=assessment.questionnaire)
    answered = Counter(
        outline.elements[question]
        for question in Response.objects.filter(
            respondent=respondent, option__isnull=False
        ).values_list("question_id", flat=True)
    )
    full = Progress(
        answered=0,
        total=0,
        elements={key: (answered[key], total) for key, total in outline.totals.items()},
    )
    return _scoped_progress(full, respondent)


def respondent_data(*, assessment: Assessment, respondent: Respondent) -> AssessmentData:
    """The draft as this respondent answers it: her own responses in place of the answers."""
    responses = {
        response.question_id: response
        for response in Response.objects.filter(respondent=respondent)
        .select_related("option")
        .order_by()
    }
    return AssessmentData(
        assessment=assessment,
        questionnaire=questionnaire_content(assessment.questionnaire),
        answers=cast(dict[int, Answer], responses),
    )


def respondent_answer_page(
    data: AssessmentData, element_key: str, respondent: Respondent
) -> AnswerPage:
    """The answer page of one element of the respondent's part (404 for any other), its tabs
    and progress counting only her part."""
    if not respondent.covers(element_key):
        raise OutOfScope(str(OUT_OF_SCOPE))
    page = answer_page(data, element_key)
    mine = [e for e in data.elements if respondent.covers(e.key)]
    index = [e.key for e in mine].index(element_key)
    return replace(
        page,
        tabs=[tab for tab in page.tabs if respondent.covers(tab.element.key)],
        progress=_scoped_progress(page.progress, respondent),
        previous_element=mine[index - 1] if index > 0 else None,
        next_element=mine[index + 1] if index + 1 < len(mine) else None,
    )


# -- the owner's overview and consolidation --------------------------------------------------


@dataclass
class RespondentLine:
    respondent: Respondent
    answered: int
    total: int
    elements: list[Element]  # her part ([] for the whole questionnaire)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def _levels(question: Question) -> dict[int, int]:
    """Option id -> level (team.levels), from the prefetched options."""
    options = list(question.options.all())
    ranks = team.levels([o.key for o in options], [o.not_applicable for o in options])
    return {o.pk: ranks[o.key] for o in options}


@dataclass
class ConsolidationRow:
    question: Question
    # every respondent whose part holds the question, with her response (None: not yet)
    responses: list[tuple[Respondent, Response | None]]
    evidence: list[Evidence]
    disagreement: bool
    suggested: str | None  # the option every respondent chose, if they agree exactly
    answer: Answer | None  # the consolidated answer so far
    reason: str

    @property
    def initial(self) -> str:
        if self.answer is not None and self.answer.option is not None:
            return self.answer.option.key
        return self.suggested or ""


@dataclass
class TeamOverview:
    assessment: Assessment
    lines: list[RespondentLine]
    # element -> (questions consolidated, questions, disagreements)
    elements: list[tuple[Element, int, int, int]] = field(default_factory=list)


def _respondents(assessment: Assessment) -> list[Respondent]:
    return list(
        Respondent.objects.filter(assessment=assessment).select_related(
            "user", "invitation__accepted_by"
        )
    )


def team_overview(*, data: AssessmentData) -> TeamOverview:
    """Respondents with their progress, and per element how much is consolidated and where
    respondents disagree: the same queries (respondents, responses) for any number."""
    assessment = data.assessment
    respondents = _respondents(assessment)
    by_key = {e.key: e for e in data.elements}
    outline = questionnaire_outline(questionnaire=assessment.questionnaire)
    answered: Counter[int] = Counter()
    per_question: dict[int, list[int]] = defaultdict(list)
    levels = {q.pk: _levels(q) for q in data.questions}
    for respondent_id, question_id, option_id in Response.objects.filter(
        respondent__assessment=assessment, option__isnull=False
    ).values_list("respondent_id", "question_id", "option_id"):
        answered[respondent_id] += 1
        per_question[question_id].append(levels[question_id][option_id])
    lines = []
    for respondent in respondents:
        total = sum(count for key, count in outline.totals.items() if respondent.covers(key))
        lines.append(
            RespondentLine(
                respondent=respondent,
                answered=answered[respondent.pk],
                total=total,
                elements=[by_key[key] for key in respondent.elements if key in by_key],
            )
        )
    elements = []
    for element in data.elements:
        questions = [q for q in data.questions if q.element_id == element.pk]
        done = sum(
            1
            for q in questions
            if q.pk in data.answers and data.answers[q.pk].option_id is not None
        )
        disagreements = sum(1 for q in questions if team.disagree(per_question[q.pk]))
        elements.append((element, done, len(questions), disagreements))
    return TeamOverview(assessment=assessment, lines=lines, elements=elements)


def consolidation_rows(*, data: AssessmentData, element_key: str) -> list[ConsolidationRow]:
    """Every question of one element with each respondent's answer, note and evidence side by
    side, the disagreement marked: five queries whatever the number of respondents."""
    assessment = data.assessment
    questions = [q for q in data.questions if q.element.key == element_key]
    ids = [q.pk for q in questions]
    respondents = [r for r in _respondents(assessment) if r.covers(element_key)]
    responses = {
        (response.respondent_id, response.question_id): response
        for response in Response.objects.filter(
            respondent__assessment=assessment, question_id__in=ids
        ).order_by()
    }
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment, question_id__in=ids).select_related(
        "respondent__user", "respondent__invitation__accepted_by", "added_by"
    ):
        evidence[item.question_id].append(item)
    reasons = dict(
        Consolidation.objects.filter(assessment=assessment, question_id__in=ids).values_list(
            "question_id", "reason"
        )
    )
    rows = []
    for question in questions:
        options = {o.pk: o for o in question.options.all()}
        levels = _levels(question)
        given: list[tuple[Respondent, Response | None]] = []
        for respondent in respondents:
            response = responses.get((respondent.pk, question.pk))
            if response is not None and response.option_id is not None:
                # the option from the cached content, not one more query
                response.option = options[response.option_id]
            given.append((respondent, response))
        chosen = [r.option_id for _p, r in given if r is not None and r.option_id is not None]
        rows.append(
            ConsolidationRow(
                question=question,
                responses=given,
                evidence=evidence[question.pk],
                disagreement=team.disagree([levels[pk] for pk in chosen]),
                suggested=team.suggestion([options[pk].key for pk in chosen]),
                answer=data.answers.get(question.pk),
                reason=reasons.get(question.pk, ""),
            )
        )
    return rows


@dataclass(frozen=True)
class Decision:
    question: Question
    option: AnswerOption | None
    reason: str


@transaction.atomic
def consolidation_save(
    *, data: AssessmentData, element_key: str, user: User, decisions: list[Decision]
) -> int:
    """Write the owner's consolidated answers of one element with their reasons, all or
    nothing: a disagreement needs a reason; a submitted assessment is refused. Returns how
    many answers changed."""
    assessment = data.assessment
    drafts = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT)
    if not drafts.update(updated_at=timezone.now()):
        raise AssessmentLocked(ALREADY_SUBMITTED)
    rows = {row.question.pk: row for row in consolidation_rows(data=data, element_key=element_key)}
    errors = {
        d.question.pk: str(REASON_NEEDED)
        for d in decisions
        if d.option is not None and rows[d.question.pk].disagreement and not d.reason.strip()
    }
    if errors:
        raise ConsolidationInvalid(errors)
    changed = 0
    for decision in decisions:
        row = rows[decision.question.pk]
        current = row.answer.option_id if row.answer is not None else None
        new = decision.option.pk if decision.option is not None else None
        if current != new or (row.answer is None and new is not None):
            Answer.objects.update_or_create(
                assessment=assessment,
                question=decision.question,
                defaults={"option": decision.option},
            )
            changed += 1
        if decision.reason.strip() != row.reason:
            Consolidation.objects.update_or_create(
                assessment=assessment,
                question=decision.question,
                defaults={"reason": decision.reason.strip(), "decided_by": user},
            )
    return changed


# -- evidence --------------------------------------------------------------------------------


def evidence_add(
    *,
    assessment: Assessment,
    question: Question,
    respondent: Respondent | None,
    user: User,
    url: str = "",
    name: str = "",
    upload: "UploadedFile[Any] | None" = None,
) -> Evidence:
    """A link or a file on an answer of a draft: a file only as PDF, PNG, JPEG or WebP by its
    first bytes, at most `EVIDENCE_MAX_BYTES`, stored under a random name."""
    url = url.strip()
    if not url and upload is None:
        raise TeamRefused(str(EVIDENCE_EMPTY))
    if url and not url.lower().startswith(("https://", "http://")):
        raise TeamRefused(str(EVIDENCE_BAD_LINK))
    item = Evidence(
        assessment=assessment,
        question=question,
        respondent=respondent,
        added_by=user,
        url=url[:500],
        name=name.strip()[:200],
    )
    if upload is not None:
        limit = evidence_max_bytes()
        if upload.size is None or upload.size > limit:
            raise TeamRefused(str(EVIDENCE_TOO_LARGE % {"limit": f"{limit / 2**20:g}"}))
        upload.seek(0)
        kind = evidence_files.sniff(upload.read(evidence_files.HEAD_BYTES))
        upload.seek(0)
        if kind is None:
            raise TeamRefused(str(EVIDENCE_WRONG_TYPE))
        item.content_type = kind
        item.size = upload.size
        item.name = evidence_files.safe_name(upload.name or "")
    with transaction.atomic():
        drafts = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT)
        if not drafts.update(updated_at=timezone.now()):
            raise AssessmentLocked(ALREADY_SUBMITTED)
        if upload is not None:
            item.file.save(item.name, upload, save=False)
        item.save()
    return item


def evidence_delete(*, evidence: Evidence) -> None:
    """Remove a link or a file (and the stored file) from a draft's answer."""
    with transaction.atomic():
        drafts = Assessment.objects.filter(
            pk=evidence.assessment_id, status=Assessment.Status.DRAFT
        )
        if not drafts.update(updated_at=timezone.now()):
            raise AssessmentLocked(ALREADY_SUBMITTED)
        evidence.delete()


def may_remove_evidence(item: Evidence, user: User, *, sees_all: bool) -> bool:
    """Who added a piece of evidence removes it, nobody else (the page shows the button to
    her alone); one whose author's account is gone, whoever sees all the evidence on the
    question (the owner of a team draft, any member of a single-respondent one)."""
    if item.added_by_id is not None:
        return item.added_by_id == user.pk
    return sees_all


def gates_without_evidence(*, data: AssessmentData) -> list[Question]:
    """Gate questions answered at the top level ("fully") with no evidence from anyone: the
    review page flags them. No query unless there is such a gate."""
    candidates = [
        q
        for q in data.questions
        if q.gate
        and (answer := data.answers.get(q.pk)) is not None
        and answer.option is not None
        and answer.option.value is not None
        and answer.option.value >= 1
    ]
    if not candidates:
        return []
    backed = set(
        Evidence.objects.filter(
            assessment=data.assessment, question_id__in=[q.pk for q in candidates]
        ).values_list("question_id", flat=True)
    )
    return [q for q in candidates if q.pk not in backed]


# -- confidence and the hand-over ----------------------------------------------------------


@dataclass(frozen=True)
class ElementConfidence:
    element: Element
    confidence: team.Confidence


def team_confidence(*, data: AssessmentData) -> list[ElementConfidence]:
    """Per element, how many respondents answered it, where they disagree and how many
    consolidated answers carry evidence: two queries whatever the number of respondents."""
    levels = {q.pk: _levels(q) for q in data.questions}
    per_question: dict[int, list[int]] = defaultdict(list)
    respondents: dict[int, set[int]] = defaultdict(set)
    for respondent_id, question_id, option_id in Response.objects.filter(
        respondent__assessment=data.assessment, option__isnull=False
    ).values_list("respondent_id", "question_id", "option_id"):
        per_question[question_id].append(levels[question_id][option_id])
        respondents[question_id].add(respondent_id)
    evidenced = set(
        Evidence.objects.filter(assessment=data.assessment).values_list("question_id", flat=True)
    )
    found = []
    for element in data.elements:
        questions = [q for q in data.questions if q.element_id == element.pk]
        consolidated: list[int | None] = []
        for q in questions:
            answer = data.answers.get(q.pk)
            consolidated.append(
                levels[q.pk][answer.option_id]
                if answer is not None and answer.option_id is not None
                else None
            )
        found.append(
            ElementConfidence(
                element=element,
                confidence=team.confidence(
                    respondents=len(set().union(*(respondents[q.pk] for q in questions))),
                    answers_per_question=[per_question[q.pk] for q in questions],
                    consolidated=consolidated,
                    evidenced=[q.pk in evidenced for q in questions],
                ),
            )
        )
    return found


def evidence_url(item: Evidence) -> str:
    """The members-only address of an evidence file."""
    return reverse("team:evidence_file", kwargs={"pk": item.assessment_id, "evidence_pk": item.pk})


LEVELS = {"high": _("high"), "medium": _("medium"), "low": _("low")}


def confidence_text(found: team.Confidence) -> str:
    """The confidence line of an element: "high: 3 respondents agree, evidence on 8 of 9"."""
    values = {
        "level": LEVELS[found.level],
        "respondents": found.respondents,
        "disagreements": found.disagreements,
        "questions": found.questions,
        "evidenced": found.evidenced,
        "answered": found.answered,
    }
    if found.respondents <= 1:
        who = ngettext(
            "%(respondents)s respondent", "%(respondents)s respondents", found.respondents
        )
    elif found.disagreements:
        who = ngettext(
            "%(respondents)s respondents, disagreeing on %(disagreements)s of %(questions)s "
            "question",
            "%(respondents)s respondents, disagreeing on %(disagreements)s of %(questions)s "
            "questions",
            found.questions,
        )
    else:
        who = gettext("%(respondents)s respondents agree")
    return str(gettext("%(level)s: %(who)s, evidence on %(evidenced)s of %(answered)s")) % {
        **values,
        "who": who % values,
    }


def team_document(
    *, data: AssessmentData, evidence_url: Callable[[Evidence], str]
) -> dict[str, Any]:
    """What a team assessment adds to its JSON export and report: respondents and their
    parts, each question's respondents' answers and consolidation reason, and evidence
    references (links, or the members-only address of a file)."""
    assessment = data.assessment
    respondents = _respondents(assessment)
    names = {r.pk: r.name for r in respondents}
    keys = {q.pk: q.key for q in data.questions}
    options = {o.pk: o.key for q in data.questions for o in q.options.all()}
    responses: dict[str, dict[str, str]] = defaultdict(dict)
    for respondent_id, question_id, option_id in Response.objects.filter(
        respondent__assessment=assessment, option__isnull=False
    ).values_list("respondent_id", "question_id", "option_id"):
        responses[keys[question_id]][names[respondent_id]] = options[option_id]
    reasons = dict(
        Consolidation.objects.filter(assessment=assessment)
        .exclude(reason="")
        .values_list("question_id", "reason")
    )
    evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in Evidence.objects.filter(assessment=assessment).select_related(
        "respondent__user", "respondent__invitation__accepted_by", "added_by"
    ):
        evidence[keys[item.question_id]].append(
            {
                "by": item.respondent.name
                if item.respondent
                else (item.added_by.username if item.added_by else ""),
                "name": item.name,
                **({"file": evidence_url(item), "type": item.content_type} if item.file else {}),
                **({"url": item.url} if item.url else {}),
            }
        )
    return {
        "respondents": [
            {"name": r.name, "elements": list(r.elements) or "all"} for r in respondents
        ],
        "responses": dict(responses),
        "reasons": {keys[pk]: reason for pk, reason in reasons.items()},
        "evidence": dict(evidence),
    }


@dataclass(frozen=True)
class RespondentShare:
    """A respondent's progress on her part of a team draft, as the home page lists it."""

    name: str
    answered: int
    total: int


def team_progress(assessments: list[Assessment]) -> dict[int, list[RespondentShare]]:
    """Each team draft among `assessments` (questionnaire loaded) with its respondents'
    answered questions of their part: two queries, whatever the number of drafts and
    respondents (none without a team draft); a published version's outline is cached."""
    drafts = {a.pk: a for a in assessments if a.team and a.is_draft}
    if not drafts:
        return {}
    respondents = list(
        Respondent.objects.filter(assessment__in=list(drafts))
        .select_related("user", "invitation__accepted_by")
        .order_by("assessment", "created_at", "pk")
    )
    outlines = {
        pk: questionnaire_outline(questionnaire=draft.questionnaire) for pk, draft in drafts.items()
    }
    of_respondent = {respondent.pk: respondent for respondent in respondents}
    answered: Counter[tuple[int, str]] = Counter()
    for respondent_id, question_id in Response.objects.filter(
        respondent__in=respondents, option__isnull=False
    ).values_list("respondent_id", "question_id"):
        element = outlines[of_respondent[respondent_id].assessment_id].elements.get(question_id)
        if element is not None:
            answered[respondent_id, element] += 1  # counted below only within her part
    shares: dict[int, list[RespondentShare]] = {pk: [] for pk in drafts}
    for respondent in respondents:
        totals = outlines[respondent.assessment_id].totals
        part = [key for key in totals if respondent.covers(key)]
        shares[respondent.assessment_id].append(
            RespondentShare(
                name=respondent.name,
                answered=sum(answered[respondent.pk, key] for key in part),
                total=sum(totals[key] for key in part),
            )
        )
    return shares
