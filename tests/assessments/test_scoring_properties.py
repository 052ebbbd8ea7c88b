"""Properties of the scoring rule over generated models and answers (hypothesis)."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import TOLERANCE, Model, Question, Result, ScopeResult, score

STAGES = ("crawl", "walk", "run")
ELEMENTS = ("action", "data", "insights", "methodology", "governance", "privacy")

weights = st.floats(min_value=0.1, max_value=5.0, allow_nan=False)
values = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
# an answer: a value, not applicable (None), or no answer at all ("skip")
answers_st = st.one_of(values, st.none(), st.just("skip"))


@st.composite
def models_and_answers(draw: st.DrawFn) -> tuple[Model, dict[str, float | None]]:
    element_count = draw(st.integers(min_value=1, max_value=len(ELEMENTS)))
    elements = {key: draw(weights) for key in ELEMENTS[:element_count]}
    questions = []
    answers: dict[str, float | None] = {}
    for n in range(draw(st.integers(min_value=1, max_value=18))):
        key = f"q{n}"
        questions.append(
            Question(
                key,
                draw(st.sampled_from(list(elements))),
                draw(st.sampled_from(STAGES)),
                draw(weights),
                gate=draw(st.booleans()),
            )
        )
        answer = draw(answers_st)
        if answer != "skip":
            answers[key] = answer
    threshold = draw(st.floats(min_value=0.05, max_value=1.0))
    return Model(STAGES, elements, tuple(questions), threshold), answers


def all_scores(result: Result) -> list[float]:
    scopes = [result.overall, *result.elements.values()]
    return [scope.score for scope in scopes if scope.score is not None]


@given(models_and_answers())
def test_every_score_lies_between_0_and_100_and_every_attainment_between_0_and_1(
    case: tuple[Model, dict[str, float | None]],
) -> None:
    model, answers = case
    result = score(model, answers)

    assert all(0 <= value <= 100 for value in all_scores(result))
    for scope in [result.overall, *result.elements.values()]:
        assert all(a is None or 0 <= a <= 1 for a in scope.attainment.values())
        assert scope.progress is None or 0 <= scope.progress <= 1


@given(models_and_answers(), st.data())
def test_raising_one_answer_never_lowers_any_score_attainment_or_stage(
    case: tuple[Model, dict[str, float | None]], data: st.DataObject
) -> None:
    model, answers = case
    counted = sorted(key for key, value in answers.items() if value is not None and value < 1)
    if not counted:
        return
    key = data.draw(st.sampled_from(counted))
    raised = dict(answers)
    raised[key] = data.draw(st.floats(min_value=answers[key], max_value=1.0))

    before, after = score(model, answers), score(model, raised)

    for old, new in zip(
        [before.overall, *before.elements.values()],
        [after.overall, *after.elements.values()],
        strict=True,
    ):
        assert STAGES.index(new.stage) >= STAGES.index(old.stage)
        if old.score is not None:
            assert new.score >= old.score
        for stage in STAGES:
            if old.attainment[stage] is not None:
                assert new.attainment[stage] >= old.attainment[stage]


def scopes(result: Result) -> list[ScopeResult]:
    return [result.overall, *result.elements.values()]


@given(models_and_answers(), st.data())
def test_raising_a_gate_to_fully_never_lowers_a_stage(
    case: tuple[Model, dict[str, float | None]], data: st.DataObject
) -> None:
    model, answers = case
    gates = {q.key for q in model.questions if q.gate}
    failed = sorted(
        k for k, v in answers.items() if k in gates and v is not None and v < 1 - TOLERANCE
    )
    if not failed:
        return
    key = data.draw(st.sampled_from(failed))

    before, after = score(model, answers), score(model, {**answers, key: 1.0})

    assert key in before.failed_gates
    assert key not in after.failed_gates
    for old, new in zip(scopes(before), scopes(after), strict=True):
        assert STAGES.index(new.stage) >= STAGES.index(old.stage)


@given(models_and_answers())
def test_a_failed_gates_stage_is_never_achieved_in_its_element_or_overall(
    case: tuple[Model, dict[str, float | None]],
) -> None:
    model, answers = case
    result = score(model, answers)
    questions = {q.key: q for q in model.questions}

    for key in result.failed_gates:
        gate = questions[key]
        blocked = STAGES.index(gate.stage)
        for scope in (result.elements[gate.element], result.overall):
            # the gate's stage (or an earlier one) is the next stage: it is not achieved,
            # and the stage reached lies below it, unless it is crawl, where every scope starts
            assert scope.next_stage is not None
            assert STAGES.index(scope.next_stage) <= blocked
            assert STAGES.index(scope.stage) < blocked or scope.stage == STAGES[0]


@given(models_and_answers())
def test_gates_answered_fully_score_as_if_they_were_no_gates(
    case: tuple[Model, dict[str, float | None]],
) -> None:
    model, answers = case
    fully = {
        key: 1.0 if any(q.key == key and q.gate for q in model.questions) else value
        for key, value in answers.items()
    }
    plain = Model(
        model.stages,
        model.elements,
        tuple(replace(q, gate=False) for q in model.questions),
        model.threshold,
    )

    assert score(model, fully).as_dict() == score(plain, fully).as_dict()
    assert score(model, fully).failed_gates == ()


@given(models_and_answers())
def test_the_failed_gates_are_exactly_the_gates_answered_below_fully(
    case: tuple[Model, dict[str, float | None]],
) -> None:
    model, answers = case
    expected = [
        q.key
        for q in model.questions
        if q.gate and (value := answers.get(q.key)) is not None and value < 1 - TOLERANCE
    ]

    assert list(score(model, answers).failed_gates) == expected
