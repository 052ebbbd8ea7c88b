"""The scoring rule of SPEC.md section 2.1, exactly: plain data in, a `Result` out.

No Django here: the service layer turns a questionnaire version and its answers
into a `Model` and an answers mapping, and stores or prints what comes back.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_THRESHOLD = 0.7
# Attainments are sums of float products; compare them with this much slack.
TOLERANCE = 1e-9
SCORE_DECIMALS = 1
ATTAINMENT_DECIMALS = 4

# An answer is a value in [0, 1], or None for "not applicable".
AnswerValue = float | None


class ScoringError(ValueError):
    """The model or the answers break a rule of the engine's input."""


@dataclass(frozen=True)
class Question:
    key: str
    element: str
    stage: str
    weight: float = 1.0
    # A must-have (a legal duty): its stage is not achieved unless it is fully in place.
    gate: bool = False


@dataclass(frozen=True)
class Model:
    """One questionnaire version as the engine sees it."""

    stages: tuple[str, ...]
    # element key -> element weight, in the questionnaire's order
    elements: Mapping[str, float]
    questions: tuple[Question, ...]
    threshold: float = DEFAULT_THRESHOLD

    def __post_init__(self) -> None:
        if not self.stages:
            raise ScoringError("a model needs at least one stage")
        if len(set(self.stages)) != len(self.stages):
            raise ScoringError("stage keys must be unique")
        if not 0 < self.threshold <= 1:
            raise ScoringError(f"threshold {self.threshold} is not in (0, 1]")
        for key, weight in self.elements.items():
            if not weight > 0:
                raise ScoringError(f"element {key!r} has weight {weight}; weights must be > 0")
        seen: set[str] = set()
        for question in self.questions:
            if question.key in seen:
                raise ScoringError(f"question key {question.key!r} appears twice")
            seen.add(question.key)
            if question.element not in self.elements:
                raise ScoringError(
                    f"question {question.key!r} names unknown element {question.element!r}"
                )
            if question.stage not in self.stages:
                raise ScoringError(
                    f"question {question.key!r} names unknown stage {question.stage!r}"
                )
            if not question.weight > 0:
                raise ScoringError(
                    f"question {question.key!r} has weight {question.weight}; weights must be > 0"
                )


@dataclass(frozen=True)
class ScopeResult:
    """Stage, score and attainments of one element, or of the whole assessment."""

    stage: str
    score: float | None
    next_stage: str | None
    progress: float | None
    attainment: dict[str, float | None]

    def as_dict(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "score": self.score,
            "next_stage": self.next_stage,
            "progress": self.progress,
            "attainment": dict(self.attainment),
        }


@dataclass(frozen=True)
class Result:
    complete: bool
    answered: int
    total: int
    overall: ScopeResult
    elements: dict[str, ScopeResult]
    # Gate questions answered below "fully", in questionnaire order.
    failed_gates: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The result in the shape of SPEC.md section 4 (without the questionnaire id)."""
        return {
            "complete": self.complete,
            "overall": self.overall.as_dict(),
            "elements": {key: scope.as_dict() for key, scope in self.elements.items()},
        }


def round_half_up(value: float | None, decimals: int) -> float | None:
    """Round as people do (0.25 -> 0.3), not as binary floats happen to fall."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def stage_of(
    attainment: Mapping[str, float | None],
    stages: tuple[str, ...],
    threshold: float,
    gate_failed: Mapping[str, bool] | None = None,
) -> tuple[int, int | None]:
    """Index of the stage reached and of the next stage (None when every stage is done).

    A stage is achieved at `attainment >= threshold` with no failed gate; an undefined
    attainment skips the stage; the first stage neither achieved nor skipped blocks
    every later one.
    """
    reached = 0
    next_index: int | None = None
    for index, stage in enumerate(stages):
        value = attainment[stage]
        if value is None:
            continue
        failed = bool(gate_failed and gate_failed.get(stage))
        if value >= threshold - TOLERANCE and not failed:
            if next_index is None:
                reached = index
        elif next_index is None:
            next_index = index
    return reached, next_index


def _scope(
    attainment: dict[str, float | None],
    score: float | None,
    stages: tuple[str, ...],
    reached: int,
    next_index: int | None,
) -> ScopeResult:
    next_stage = stages[next_index] if next_index is not None else None
    return ScopeResult(
        stage=stages[reached],
        score=round_half_up(score, SCORE_DECIMALS),
        next_stage=next_stage,
        progress=round_half_up(attainment[next_stage], ATTAINMENT_DECIMALS)
        if next_stage is not None
        else None,
        attainment={
            stage: round_half_up(value, ATTAINMENT_DECIMALS) for stage, value in attainment.items()
        },
    )


def score(model: Model, answers: Mapping[str, AnswerValue]) -> Result:
    """Score `answers` (question key -> value, None for not applicable) against `model`."""
    known = {question.key for question in model.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ScoringError(f"unknown question(s): {', '.join(unknown)}")
    for key, value in answers.items():
        if value is not None and not 0 <= value <= 1:
            raise ScoringError(f"answer to {key!r} is {value}; values lie in [0, 1]")

    stages = model.stages
    # [element][stage] -> (sum of w*v, sum of w), and the same over all stages
    element_stage = {e: {s: [0.0, 0.0] for s in stages} for e in model.elements}
    element_all = {e: [0.0, 0.0] for e in model.elements}
    overall_stage = {s: [0.0, 0.0] for s in stages}
    # A gate with a counted answer below 1 fails its stage, in its element and overall.
    element_gate_failed: dict[str, dict[str, bool]] = {e: {} for e in model.elements}
    overall_gate_failed: dict[str, bool] = {}
    failed_gates: list[str] = []

    for question in model.questions:
        value = answers.get(question.key)
        if value is None:  # unanswered or not applicable: left out of every sum
            continue
        if question.gate and value < 1 - TOLERANCE:
            element_gate_failed[question.element][question.stage] = True
            overall_gate_failed[question.stage] = True
            failed_gates.append(question.key)
        weight = question.weight
        overall_weight = weight * model.elements[question.element]
        sums = element_stage[question.element][question.stage]
        sums[0] += weight * value
        sums[1] += weight
        element_all[question.element][0] += weight * value
        element_all[question.element][1] += weight
        overall_stage[question.stage][0] += overall_weight * value
        overall_stage[question.stage][1] += overall_weight

    elements: dict[str, ScopeResult] = {}
    raw_scores: dict[str, float] = {}
    element_stages: list[int] = []
    for key in model.elements:
        attainment = {s: _ratio(*element_stage[key][s]) for s in stages}
        reached, next_index = stage_of(
            attainment, stages, model.threshold, element_gate_failed[key]
        )
        ratio = _ratio(*element_all[key])
        element_score = None if ratio is None else 100 * ratio
        if element_score is not None:
            raw_scores[key] = element_score
            element_stages.append(reached)
        elements[key] = _scope(attainment, element_score, stages, reached, next_index)

    overall_attainment = {s: _ratio(*overall_stage[s]) for s in stages}
    reached, next_index = stage_of(overall_attainment, stages, model.threshold, overall_gate_failed)
    if element_stages:
        # The weakest element holds the whole back: at most one stage above it.
        reached = min(reached, min(element_stages) + 1, len(stages) - 1)
    weight_sum = sum(model.elements[key] for key in raw_scores)
    overall_score = (
        sum(model.elements[key] * value for key, value in raw_scores.items()) / weight_sum
        if raw_scores
        else None
    )

    answered = sum(1 for key in known if key in answers)
    return Result(
        complete=answered == len(known),
        answered=answered,
        total=len(known),
        overall=_scope(overall_attainment, overall_score, stages, reached, next_index),
        elements=elements,
        failed_gates=tuple(failed_gates),
    )
