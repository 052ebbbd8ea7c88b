"""What each assessment page shows, built from one `AssessmentData` (no queries of its own
beyond goals on the roadmap)."""

import hashlib
from dataclasses import dataclass, field, replace
from functools import cache as cache_function
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from assessments import charts, scoring
from assessments.comparison import PEER_MINIMUM
from assessments.explanations import effort_text, explain, headline, item_reasons
from assessments.models import Answer, Assessment, Goal, ShareLink
from assessments.peers import (
    Peer,
    excluded_organizations,
    peer_median,
    peer_set,
    peer_set_version,
)
from assessments.roadmap import (
    DEFAULT_EFFORT_WEEKS,
    PHASES,
    WEEKS_PER_MONTH,
    Capability,
    Item,
    PhaseEffort,
    default_target,
    effort_phase_ends,
    phase_efforts,
    phase_spans,
    roadmap_items,
    start_here,
)
from assessments.services import (
    AssessmentData,
    GoalReading,
    Progress,
    assessment_data,
    goal_readings,
)
from core.sql import from_db, quoted
from lifecycle.metrics import Snapshot, lifecycle_snapshot
from lifecycle.models import LifecycleStage
from lifecycle.versions import figures_version
from maturity.models import Element, Question, Questionnaire, Stage
from maturity.services import content_key


@dataclass
class ElementTab:
    element: Element
    percent: int
    answered: int
    total: int


@dataclass
class AnswerPage:
    assessment: Assessment
    element: Element
    tabs: list[ElementTab]
    stages: list[Stage]
    questions: list[Question]
    progress: Progress
    previous_element: Element | None
    next_element: Element | None

    @property
    def element_answered(self) -> int:
        return self.progress.elements[self.element.key][0]

    @property
    def element_percent(self) -> int:
        return self.progress.element_percent(self.element.key)


def _tabs(data: AssessmentData, progress: Progress) -> list[ElementTab]:
    return [
        ElementTab(e, progress.element_percent(e.key), *progress.elements[e.key])
        for e in data.elements
    ]


def answer_page(data: AssessmentData, element_key: str) -> AnswerPage:
    elements = data.elements
    keys = [element.key for element in elements]
    if element_key not in keys:
        raise Http404("no such element")
    index = keys.index(element_key)
    progress = data.progress()
    return AnswerPage(
        assessment=data.assessment,
        element=elements[index],
        tabs=_tabs(data, progress),
        stages=data.stages,
        questions=[q for q in data.questions if q.element.key == element_key],
        progress=progress,
        previous_element=elements[index - 1] if index > 0 else None,
        next_element=elements[index + 1] if index + 1 < len(elements) else None,
    )


@dataclass
class ReviewPage:
    assessment: Assessment
    tabs: list[ElementTab]
    progress: Progress
    # (element, its unanswered questions), elements with none left out
    missing: list[tuple[Element, list[Question]]]
    # once every question is answered: what is about to be submitted
    summary: "ReviewSummary | None" = None


@dataclass
class ReviewElement:
    element: Element
    answered: int
    not_applicable: int
    # (option label, how many answers chose it) in the options' order; none and not
    # applicable left out
    levels: list[tuple[str, int]]
    stage: Stage


@dataclass
class ReviewSummary:
    """What a submission would freeze: answers per element, notes, and the stage they give
    (the scoring engine's live result of the draft, as the result page will show it)."""

    elements: list[ReviewElement]
    not_applicable: int
    notes: list[tuple[Question, str]]
    stage: Stage
    score: float
    headline: str
    failed_gates: list[Question]


def review_summary(data: AssessmentData) -> ReviewSummary:
    result = data.result()
    stages = {stage.key: stage for stage in data.stages}
    titles = {key: stage.title for key, stage in stages.items()}
    questions = {q.key: q for q in data.questions}
    failed = [questions[key] for key in result.get("failed_gates", []) if key in questions]
    overall = result["overall"]
    rows = []
    for element in data.elements:
        answers = [(q, data.answers[q.pk]) for q in data.questions if q.element_id == element.pk]
        counts: dict[str, int] = {}
        for question, answer in answers:
            for option in question.options.all():
                if not option.not_applicable:
                    counts.setdefault(option.label, 0)
            if answer.option is not None and not answer.option.not_applicable:
                counts[answer.option.label] += 1
        rows.append(
            ReviewElement(
                element=element,
                answered=len(answers),
                not_applicable=sum(
                    1 for _q, a in answers if a.option is not None and a.option.not_applicable
                ),
                levels=[(label, count) for label, count in counts.items() if count],
                stage=stages[result["elements"][element.key]["stage"]],
            )
        )
    return ReviewSummary(
        elements=rows,
        not_applicable=sum(row.not_applicable for row in rows),
        notes=[
            (q, data.answers[q.pk].note)
            for q in data.questions
            if q.pk in data.answers and data.answers[q.pk].note
        ],
        stage=stages[overall["stage"]],
        score=overall["score"],
        headline=headline(
            overall,
            result.get("threshold", data.questionnaire.threshold),
            titles,
            blocking_gates=[q.text for q in failed if q.stage.key == overall["next_stage"]],
        ),
        failed_gates=failed,
    )


def review_page(data: AssessmentData) -> ReviewPage:
    progress = data.progress()
    missing = []
    for element in data.elements:
        open_questions = [
            q
            for q in data.questions
            if q.element_id == element.pk
            and (q.pk not in data.answers or data.answers[q.pk].option_id is None)
        ]
        if open_questions:
            missing.append((element, open_questions))
    return ReviewPage(
        data.assessment,
        _tabs(data, progress),
        progress,
        missing,
        summary=None if missing else review_summary(data),
    )


@dataclass
class ElementResult:
    element: Element
    scope: dict[str, Any]
    stage: Stage
    next_stage: Stage | None
    target: Stage
    # the stage reached and what stands before the next one, in one sentence
    headline: str
    answers: list[tuple[Question, Answer | None]]

    @property
    def reached(self) -> bool:
        """Whether its stage is achieved (crawl, where every scope starts, may not be)."""
        return bool(self.scope["next_stage"] != self.scope["stage"])

    @property
    def progress_percent(self) -> int:
        progress = self.scope.get("progress")
        return round(100 * progress) if progress is not None else 100


@dataclass(frozen=True)
class FailedGate:
    """A must-have answered below "fully", named on the result before anything else."""

    question: Question
    element: Element
    stage: Stage


@dataclass
class ResultPage:
    assessment: Assessment
    questionnaire: Questionnaire
    result: dict[str, Any]
    threshold: float
    stage: Stage
    next_stage: Stage | None
    headline: str
    failed_gates: list[FailedGate]
    explanation: list[str]
    elements: list[ElementResult]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)
    peer: dict[str, float] | None = None
    # how many other organizations the peer line is (or would be) the median of
    peer_count: int = 0
    peer_minimum: int = PEER_MINIMUM


def _targets(data: AssessmentData, result: dict[str, Any]) -> dict[str, str]:
    keys = [stage.key for stage in data.stages]
    return {
        key: data.assessment.targets.get(key)
        or default_target(result["elements"][key]["stage"], keys)
        for key in result["elements"]
    }


@dataclass(frozen=True)
class PeerLine:
    """Who a viewer's peer line leaves out, over which peer set (two small queries)."""

    version: str
    excluded: frozenset[int]

    @classmethod
    def of(cls, assessment: Assessment, viewer_id: int | None) -> "PeerLine":
        return cls(peer_set_version(), excluded_organizations(assessment, viewer_id))

    @cached_property
    def peers(self) -> list[Peer]:
        """The peer set, read once per line (one query, none when cached)."""
        return peer_set(self.version)

    def median(self) -> dict[str, float] | None:
        return peer_median(self.peers, self.excluded)

    def count(self) -> int:
        """How many other organizations' latest results the line is made of (no query once
        the peer set is read)."""
        return sum(1 for peer in self.peers if peer.organization_id not in self.excluded)

    @property
    def digest(self) -> str:
        ids = ",".join(str(pk) for pk in sorted(self.excluded))
        return hashlib.blake2b(ids.encode(), digest_size=8).hexdigest()


def result_key(assessment: Assessment, line: PeerLine, part: str) -> str:
    """Names everything a rendered result depends on: the assessment as last changed (submit,
    targets), the bank version it was scored on, the language, and the viewer's peer line."""
    return ":".join(
        [
            "assessments:result",
            part,
            str(assessment.pk),
            str(assessment.updated_at.timestamp()),
            content_key(assessment.questionnaire, "v") or "draft",
            get_language() or "",
            line.version,
            line.digest,
        ]
    )


class LazyResultPage:
    """A ResultPage built on first use of anything beyond its assessment and questionnaire,
    which the page around the cached part (and base.html) may read for free."""

    def __init__(self, assessment: Assessment, *, viewer_id: int | None, line: PeerLine) -> None:
        self.assessment = assessment
        self.questionnaire = assessment.questionnaire
        self._viewer_id = viewer_id
        self._line = line
        self._page: ResultPage | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._page is None:
            data = assessment_data(assessment=self.assessment)
            self._page = result_page(data, viewer_id=self._viewer_id, line=self._line)
        return getattr(self._page, name)


def cached_result(
    assessment: Assessment, *, viewer_id: int | None, template: str, line: PeerLine | None = None
) -> tuple[str, ResultPage]:
    """A submitted result's rendered `template` (body, figures and whatever else it shows
    of the frozen result), from the cache when it was rendered for the same key, and the page
    it is rendered from, built lazily: on a hit nothing reads it and it costs nothing."""
    line = line or PeerLine.of(assessment, viewer_id)
    page: Any = LazyResultPage(assessment, viewer_id=viewer_id, line=line)
    key = result_key(assessment, line, template)
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string(template, {"page": page})
        cache.set(key, html, timeout=None)
    return mark_safe(html), page  # our own template's output, escaped when rendered


@dataclass(frozen=True)
class LiveLink:
    """A live share link, as the result's share panel lists it."""

    pk: int
    expires_at: Any

    @property
    def token(self) -> str:
        return ShareLink(pk=self.pk).token


@cache_function
def _live_links_sql() -> str:
    """live_links' statement, written once from the model's table and columns."""

    def column(name: str) -> str:
        return quoted(ShareLink, name)

    return (
        f"SELECT {column('id')}, {column('expires_at')} FROM {quoted(ShareLink)} "
        f"WHERE {column('assessment')} = %s AND {column('revoked_at')} IS NULL "
        f"AND {column('expires_at')} > %s ORDER BY {column('created_at')} DESC, {column('id')} DESC"
    )


def live_links(assessment: Assessment) -> list[LiveLink]:
    """A submitted assessment's live share links (`ShareLink.objects.live()`), newest
    first. Read on every result page, so plain SQL (one query, 0.05 ms), not the ORM's."""
    if assessment.is_draft:
        return []
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_live_links_sql(), [assessment.pk, now])
        rows = cursor.fetchall()
    return [LiveLink(pk, from_db(ShareLink, "expires_at", expires)) for pk, expires in rows]


def result_page_parts(
    assessment: Assessment,
    line: PeerLine,
    links: list[LiveLink],
    frozen_template: str,
    plan: str | None,
) -> tuple[Any, ...] | None:
    """Names all the result page shows beyond base.html: the frozen result as the viewer's
    peer line sees it, the live plan (`plan`, its live_key), the header and the live share
    links; None when a part is not cacheable (a result on a draft version of the bank)."""
    if plan is None:
        return None
    submitted_by = assessment.submitted_by
    return (
        result_key(assessment, line, frozen_template),
        plan,
        assessment.created_at.timestamp(),
        assessment.organization.name,
        (submitted_by.get_full_name(), submitted_by.get_username()) if submitted_by else None,
        [(link.pk, link.expires_at.timestamp()) for link in links],
    )


def result_page(
    data: AssessmentData, *, viewer_id: int | None, line: PeerLine | None = None
) -> ResultPage:
    """The result of a submitted assessment; the peer line leaves out the viewer's own
    organizations and those she created."""
    result = data.result()
    threshold = result.get("threshold", data.questionnaire.threshold)
    stages = {stage.key: stage for stage in data.stages}
    titles = {key: stage.title for key, stage in stages.items()}
    stage_keys = list(stages)
    targets = _targets(data, result)
    questions = {q.key: q for q in data.questions}
    # a result frozen before gates existed has none
    failed_gates = [
        FailedGate(question=q, element=q.element, stage=q.stage)
        for q in (questions.get(key) for key in result.get("failed_gates", []))
        if q is not None
    ]

    def gate_texts(stage: str | None, element: Element | None = None) -> list[str]:
        return [
            gate.question.text
            for gate in failed_gates
            if gate.stage.key == stage and (element is None or gate.element.pk == element.pk)
        ]

    rows = []
    for element in data.elements:
        scope = result["elements"][element.key]
        rows.append(
            ElementResult(
                element=element,
                scope=scope,
                stage=stages[scope["stage"]],
                next_stage=stages.get(scope["next_stage"]),
                target=stages[targets[element.key]],
                headline=headline(
                    scope,
                    threshold,
                    titles,
                    blocking_gates=gate_texts(scope["next_stage"], element),
                ),
                answers=[
                    (q, data.answers.get(q.pk))
                    for q in data.questions
                    if q.element_id == element.pk
                ],
            )
        )
    overall = result["overall"]
    gate_stages = {gate.stage.key for gate in failed_gates}
    explanation = explain(overall, threshold, titles, gate_stages)
    uncapped, _next = scoring.stage_of(
        overall["attainment"],
        tuple(stage_keys),
        threshold,
        dict.fromkeys(gate_stages, True),
    )
    held_by: list[str] = []
    if stage_keys.index(overall["stage"]) < uncapped:
        held_by = [
            row.element.title
            for row in rows
            if row.scope["score"] is not None
            and stage_keys.index(row.scope["stage"]) + 1 == stage_keys.index(overall["stage"])
        ]
        explanation.append(
            _(
                "The overall stage is held at %(stage)s: it can be at most one stage above "
                "the weakest element (%(elements)s)."
            )
            % {"stage": titles[overall["stage"]], "elements": ", ".join(held_by)}
        )
    page = ResultPage(
        assessment=data.assessment,
        questionnaire=data.questionnaire,
        result=result,
        threshold=threshold,
        stage=stages[overall["stage"]],
        next_stage=stages.get(overall["next_stage"]),
        headline=headline(
            overall,
            threshold,
            titles,
            blocking_gates=gate_texts(overall["next_stage"]),
            held_by=held_by,
        ),
        failed_gates=failed_gates,
        explanation=explanation,
        elements=rows,
    )
    labels = [row.element.title for row in rows]
    line = line or PeerLine.of(data.assessment, viewer_id)
    peers = line.median()
    page.peer = peers
    page.peer_count = line.count()
    # Scores only: a score says how much is in place, never which stage is reached.
    page.charts["radar"] = charts.radar(
        peer=[peers.get(row.element.key) for row in rows] if peers else None,
        peer_name=ngettext(
            "Median of %(count)d other organization",
            "Median of %(count)d other organizations",
            page.peer_count,
        )
        % {"count": page.peer_count},
        labels=labels,
        scores=[row.scope["score"] for row in rows],
        score_name=_("Score"),
    )
    page.charts["heatmap"] = charts.attainment_heatmap(
        element_labels=labels,
        stage_labels=[titles[key] for key in stage_keys],
        attainment=[[row.scope["attainment"][key] for key in stage_keys] for row in rows],
        blocked=[[bool(gate_texts(key, row.element)) for key in stage_keys] for row in rows],
        skipped_text=_("skipped"),
        blocked_text=_("a must-have is missing"),
        colorbar_title=_("attained"),
    )
    return page


@dataclass
class RoadmapEntry:
    item: Item
    question: Question
    element: Element
    stage: Stage
    goals: list[GoalReading]
    # why it is where it is, in plain words
    reasons: list[str] = field(default_factory=list)


@dataclass
class RoadmapSection:
    number: int
    name: str
    span: tuple[int, int]  # months from today
    effort: PhaseEffort
    entries: list[RoadmapEntry]

    @property
    def start_here(self) -> list[RoadmapEntry]:
        return [entry for entry in self.entries if entry.item.start_here]

    @property
    def rest(self) -> list[RoadmapEntry]:
        return [entry for entry in self.entries if not entry.item.start_here]

    @property
    def too_short(self) -> bool:
        """The phase's months cannot hold its effort (phase ends set by hand)."""
        return self.effort.months > self.span[1] - self.span[0]


@dataclass
class RoadmapPage:
    assessment: Assessment
    # (number, name, (start, end) months, entries): what the printable report reads
    phases: list[tuple[int, str, tuple[int, int], list[RoadmapEntry]]]
    sections: list[RoadmapSection]
    targets: dict[str, Stage]
    plan_initial: dict[str, Any]
    # the phase ends that follow the effort, offered when none are set by hand
    effort_ends: list[int]
    sized_by_effort: bool
    chart: dict[str, Any]
    goal_count: int
    drop_off: LifecycleStage | None

    @property
    def start_here(self) -> list[RoadmapEntry]:
        return self.sections[0].start_here if self.sections else []

    @property
    def default_effort_weeks(self) -> int:
        return DEFAULT_EFFORT_WEEKS


def phase_names() -> list[str]:
    return [_("Now"), _("Next"), _("Later")]


def _roadmap_items(data: AssessmentData, drop_off: str | None) -> tuple[list[Item], dict[str, str]]:
    result = data.result()
    targets = _targets(data, result)
    items = roadmap_items(
        stages=[stage.key for stage in data.stages],
        capabilities=[
            Capability(
                q.key,
                q.element.key,
                q.stage.key,
                q.weight,
                requires=tuple(q.requires or ()),
                lifecycle=tuple(q.lifecycle or ()),
                effort_weeks=q.effort_weeks,
            )
            for q in data.questions
        ],
        values=data.values(),
        element_stages={
            key: (scope["stage"], scope["next_stage"]) for key, scope in result["elements"].items()
        },
        targets=targets,
        drop_off=drop_off,
    )
    return items, targets


def _entries(
    data: AssessmentData,
    items: list[Item],
    snapshot: Snapshot,
    goals: dict[int, list[GoalReading]] | None = None,
) -> list[RoadmapEntry]:
    stages = {stage.key: stage for stage in data.stages}
    questions = {q.key: q for q in data.questions}
    elements = {e.key: e for e in data.elements}
    texts = {key: q.text for key, q in questions.items()}
    stage_titles = {key: stage.title for key, stage in stages.items()}
    lifecycle_titles = {stage.key: str(stage.title) for stage in snapshot.stages}
    return [
        RoadmapEntry(
            item=item,
            question=questions[item.key],
            element=elements[item.element],
            stage=stages[item.stage],
            goals=(goals or {}).get(questions[item.key].pk, []),
            reasons=item_reasons(
                item,
                stage_titles=stage_titles,
                question_texts=texts,
                lifecycle_titles=lifecycle_titles,
                drop_off=snapshot.drop_off,
            ),
        )
        for item in items
    ]


def roadmap_page(
    data: AssessmentData, snapshot: Snapshot | None = None, goals: list[Goal] | None = None
) -> RoadmapPage:
    """The roadmap in SPEC.md 2.2's order with each item's reasons, the goals measured by the
    organization's latest lifecycle figures (`snapshot`: read here when not given), phases
    as long as their effort unless set by hand. `goals`: the assessment's, read here (one
    query) when not given."""
    if snapshot is None:
        snapshot = lifecycle_snapshot(organization=data.assessment.organization)
    stages = {stage.key: stage for stage in data.stages}
    elements = {e.key: e for e in data.elements}
    items, targets = _roadmap_items(data, snapshot.drop_off)
    readings: dict[int, list[GoalReading]] = {}
    goal_count = 0
    if goals is None:
        goals = list(data.assessment.goals.all())
    for reading in goal_readings(goals, snapshot=snapshot):
        goal_count += 1
        readings.setdefault(reading.goal.question_id, []).append(reading)
    entries = _entries(data, items, snapshot, readings)
    efforts = phase_efforts(items)
    effort_ends = effort_phase_ends(efforts)
    sized_by_effort = len(data.assessment.phase_ends) != len(PHASES)
    spans = phase_spans(effort_ends if sized_by_effort else data.assessment.phases)
    names = phase_names()
    sections = [
        RoadmapSection(
            number=number,
            name=name,
            span=span,
            effort=effort,
            entries=[entry for entry in entries if entry.item.phase == number],
        )
        for number, name, span, effort in zip(PHASES, names, spans, efforts, strict=True)
    ]
    element_order = list(elements)
    counts = [[0] * len(element_order) for _ in PHASES]
    for item in items:
        counts[item.phase - 1][element_order.index(item.element)] += 1
    chart = charts.roadmap_timeline(
        element_labels=[e.title for e in elements.values()],
        phase_names=names,
        spans=spans,
        effort_months=[
            [effort.by_element.get(key, 0) / WEEKS_PER_MONTH for key in element_order]
            for effort in efforts
        ],
        texts=[
            [
                effort_text(count, effort.by_element.get(key, 0))
                for key, count in zip(element_order, row, strict=True)
            ]
            for effort, row in zip(efforts, counts, strict=True)
        ],
        months_title=_("months from today (bars: effort, elements side by side)"),
    )
    plan_initial: dict[str, Any] = {f"target-{k}": v for k, v in targets.items()}
    if not sized_by_effort:
        plan_initial.update(
            {f"phase_{n}": end for n, end in zip(PHASES, data.assessment.phases, strict=True)}
        )
    return RoadmapPage(
        assessment=data.assessment,
        phases=[(s.number, s.name, s.span, s.entries) for s in sections],
        sections=sections,
        targets={key: stages[value] for key, value in targets.items()},
        plan_initial=plan_initial,
        effort_ends=effort_ends,
        sized_by_effort=sized_by_effort,
        chart=chart,
        goal_count=goal_count,
        drop_off=snapshot.drop_off_stage,
    )


@dataclass
class ResultPlan:
    """What the result says about the lifecycle and the roadmap (live, never cached with the
    frozen result): the drop-off stage, the questions serving it, the three to start with."""

    drop_off: LifecycleStage | None
    # questions of this version serving the drop-off stage: (question, in place?), the
    # ones not fully in place first
    serving: list[tuple[Question, bool]]
    start_here: list[RoadmapEntry]
    # does any stage have both a rate and a benchmark? (no drop-off: say why)
    any_figures: bool

    @property
    def missing(self) -> list[Question]:
        return [question for question, in_place in self.serving if not in_place]

    @property
    def in_place(self) -> list[Question]:
        return [question for question, in_place in self.serving if in_place]


def result_plan(data: AssessmentData, snapshot: Snapshot | None = None) -> ResultPlan:
    """The drop-off stage of the organization's latest figures, the questions that serve it,
    and the roadmap's "start here" items."""
    if snapshot is None:
        snapshot = lifecycle_snapshot(organization=data.assessment.organization, segments=False)
    items, _targets = _roadmap_items(data, snapshot.drop_off)
    values = data.values()
    serving = [
        (question, (values.get(question.key) or 0) >= 1)
        for question in data.questions
        if snapshot.drop_off and snapshot.drop_off in (question.lifecycle or ())
    ]
    # what is still missing first, each group in questionnaire order
    serving.sort(key=lambda row: row[1])
    return ResultPlan(
        drop_off=snapshot.drop_off_stage,
        serving=serving,
        start_here=_entries(data, start_here(items), snapshot),
        any_figures=any(value is not None for value in snapshot.metrics.values()),
    )


def drop_off_entries(assessment: Assessment, snapshot: Snapshot) -> list[RoadmapEntry]:
    """The roadmap items of `assessment` that serve the drop-off stage, in roadmap order."""
    if snapshot.drop_off is None:
        return []
    data = assessment_data(assessment=assessment)
    items, _targets = _roadmap_items(data, snapshot.drop_off)
    return _entries(data, [item for item in items if item.serves_drop_off], snapshot)


# -- the live parts, cached under what they show -----------------------------------------

# Part of every key below: bump when what is cached changes shape.
LIVE_FORMAT = 1
# Entries outlive no change (their key names what they show); this only frees the space.
LIVE_SECONDS = 7 * 24 * 3600


def live_key(assessment: Assessment, part: str, *more: str) -> str | None:
    """Names everything the result's live plan or the roadmap shows: the assessment as last
    changed (submit, targets, phases), the bank version, the language, the organization's
    name, slug and currency, and its lifecycle figures (lifecycle.versions: latest import,
    typed months, reference data; one query), with `more` (the roadmap's goals and today).
    None for a draft version, whose content may still change."""
    version = content_key(assessment.questionnaire, "v")
    if version is None:
        return None
    organization = assessment.organization
    named = repr(
        (
            assessment.updated_at.timestamp(),
            version,
            get_language() or "",
            organization.slug,
            organization.name,
            organization.currency,
            figures_version(organization),
            *more,
        )
    )
    digest = hashlib.blake2b(named.encode(), digest_size=16).hexdigest()
    return f"assessments:live:{LIVE_FORMAT}:{part}:{assessment.pk}:{digest}"


def cached_plan(assessment: Assessment, key: str | None = None) -> str:
    """The result's "start here" items and drop-off block, rendered once per `live_key`
    (the answers and the organization's figures are read only then); `key`: that key, when
    the caller has it already."""
    key = key or live_key(assessment, "plan")
    html: str | None = cache.get(key) if key else None
    if html is None:
        context = {
            "assessment": assessment,
            "plan": result_plan(assessment_data(assessment=assessment)),
        }
        html = render_to_string("assessments/_start_here.html", context) + render_to_string(
            "assessments/_dropoff.html", context
        )
        if key:
            cache.set(key, html, LIVE_SECONDS)
    return mark_safe(html)  # our own templates' output, escaped when rendered


@dataclass(frozen=True)
class FrozenRoadmap:
    """The roadmap page but its form (which carries the request's token and errors): its
    parts rendered, and what the form starts from."""

    top: str  # drop-off note and "start here"
    chart: str
    sections: str  # the phases with their items and goals
    plan_initial: dict[str, Any]
    effort_ends: list[int]
    sized_by_effort: bool


class LazyPage:
    """A page built on first use of anything beyond its assessment (base.html reads that)."""

    def __init__(self, assessment: Assessment, build: Any) -> None:
        self.assessment = assessment
        self._build = build
        self._page: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._page is None:
            self._page = self._build()
        return getattr(self._page, name)


def goals_digest(goals: list[Goal]) -> str:
    """Names the goals as they are (a goal keeps no time of its last change)."""
    fields = [field.attname for field in Goal._meta.concrete_fields]
    named = repr([[getattr(goal, name) for name in fields] for goal in goals])
    return hashlib.blake2b(named.encode(), digest_size=16).hexdigest()


def cached_roadmap(assessment: Assessment, goals: list[Goal]) -> tuple[FrozenRoadmap, Any]:
    """The roadmap page's parts, rendered once per `live_key`, the goals and the day (a goal's
    line today moves with the date), and the page they are rendered from, built lazily: on a
    hit neither the answers nor the lifecycle figures are read."""
    key = live_key(assessment, "roadmap", goals_digest(goals), timezone.localdate().isoformat())
    page: Any = LazyPage(
        assessment, lambda: roadmap_page(assessment_data(assessment=assessment), goals=goals)
    )
    frozen: FrozenRoadmap | None = cache.get(key) if key else None
    if frozen is None:
        context = {"page": page, "assessment": assessment}
        frozen = FrozenRoadmap(
            top=render_to_string("assessments/_roadmap_top.html", context),
            chart=render_to_string("assessments/_roadmap_chart.html", context),
            sections=render_to_string("assessments/_roadmap_sections.html", context),
            plan_initial=page.plan_initial,
            effort_ends=page.effort_ends,
            sized_by_effort=page.sized_by_effort,
        )
        if key:
            cache.set(key, frozen, LIVE_SECONDS)
    # our own templates' output, escaped when rendered
    parts = {name: mark_safe(getattr(frozen, name)) for name in ("top", "chart", "sections")}
    return replace(frozen, **parts), page
