"""The scoring rule of SPEC.md section 2.1, case by case, on hand-made models."""

import re

import pytest

from assessments.scoring import Model, Question, ScoringError, round_half_up, score

STAGES = ("crawl", "walk", "run")


def make_model(
    questions: list[tuple[str, str, str, float]],
    elements: dict[str, float] | None = None,
    threshold: float = 0.7,
) -> Model:
    return Model(
        stages=STAGES,
        elements=elements or {"action": 1.0},
        questions=tuple(
            Question(key, element, stage, weight) for key, element, stage, weight in questions
        ),
        threshold=threshold,
    )


def one_element(per_stage: int = 2) -> Model:
    return make_model(
        [(f"{stage}-{n}", "action", stage, 1.0) for stage in STAGES for n in range(per_stage)]
    )


def test_not_applicable_and_unanswered_questions_are_left_out_of_every_sum() -> None:
    model = make_model(
        [
            ("a", "action", "crawl", 1.0),
            ("b", "action", "crawl", 1.0),
            ("c", "action", "crawl", 1.0),
        ]
    )
    result = score(model, {"a": 1.0, "b": None})

    assert result.elements["action"].attainment == {"crawl": 1.0, "walk": None, "run": None}
    assert result.elements["action"].score == 100.0
    assert result.overall.score == 100.0
    assert result.complete is False
    assert (result.answered, result.total) == (2, 3)


def test_not_applicable_counts_as_an_answer_for_completeness() -> None:
    model = one_element(per_stage=1)
    result = score(model, {"crawl-0": 1.0, "walk-0": None, "run-0": 0.0})

    assert result.complete is True


def test_a_stage_with_no_counted_answer_is_skipped_neither_blocking_nor_achieving() -> None:
    model = one_element()
    answers = {"crawl-0": 1.0, "crawl-1": 0.75, "walk-0": None, "run-0": 1.0, "run-1": 0.5}

    action = score(model, answers).elements["action"]

    assert action.attainment == {"crawl": 0.875, "walk": None, "run": 0.75}
    assert action.stage == "run"
    assert action.next_stage is None
    assert action.progress is None


def test_an_unachieved_stage_blocks_the_ones_after_it_and_the_stage_falls_back_to_crawl() -> None:
    model = one_element()
    answers = {"crawl-0": 0.5, "crawl-1": 0.5, "walk-0": 1.0, "walk-1": 1.0}

    action = score(model, answers).elements["action"]

    assert action.attainment["walk"] == 1.0
    assert action.stage == "crawl"
    assert action.next_stage == "crawl"
    assert action.progress == 0.5


def test_the_next_stage_is_the_first_neither_achieved_nor_skipped_and_progress_its_attainment() -> (
    None
):
    model = one_element()
    answers = {"crawl-0": 1.0, "crawl-1": 0.75, "walk-0": 0.25, "walk-1": 0.5, "run-0": 0.0}

    action = score(model, answers).elements["action"]

    assert action.stage == "crawl"
    assert action.next_stage == "walk"
    assert action.progress == 0.375


def test_an_attainment_a_rounding_error_below_the_threshold_still_achieves_the_stage() -> None:
    values = [0.7] * 3
    model = make_model([(f"q{n}", "action", "crawl", 1.0) for n in range(3)], threshold=0.7)
    assert sum(values) / 3 < 0.7  # 0.6999999999999998: floats are off by a hair
    result = score(model, {f"q{n}": value for n, value in enumerate(values)})

    assert result.elements["action"].stage == "crawl"
    assert result.elements["action"].next_stage is None


def test_an_attainment_clearly_below_the_threshold_does_not_achieve_the_stage() -> None:
    model = make_model([("c", "action", "crawl", 1.0), ("w", "action", "walk", 1.0)], threshold=0.7)
    result = score(model, {"c": 0.6999, "w": 1.0})

    assert result.elements["action"].stage == "crawl"
    assert result.elements["action"].next_stage == "crawl"


def test_the_threshold_comes_from_the_model() -> None:
    model = make_model([("c", "action", "crawl", 1.0), ("w", "action", "walk", 1.0)], threshold=0.5)
    result = score(model, {"c": 0.5, "w": 0.5})

    assert result.elements["action"].stage == "walk"


def test_question_weights_weigh_attainment_and_score() -> None:
    model = make_model([("heavy", "action", "crawl", 3.0), ("light", "action", "crawl", 1.0)])
    action = score(model, {"heavy": 1.0, "light": 0.0}).elements["action"]

    assert action.attainment["crawl"] == 0.75
    assert action.stage == "crawl"
    assert action.score == 75.0


def test_element_weights_weigh_the_overall_attainment_and_score_but_not_the_elements() -> None:
    model = make_model(
        [("a", "action", "crawl", 1.0), ("d", "data", "crawl", 1.0)],
        elements={"action": 3.0, "data": 1.0},
    )
    result = score(model, {"a": 1.0, "d": 0.0})

    assert result.elements["action"].score == 100.0
    assert result.elements["data"].score == 0.0
    assert result.overall.attainment["crawl"] == 0.75
    assert result.overall.score == 75.0


def test_an_element_score_spans_all_its_stages() -> None:
    model = one_element(per_stage=1)
    action = score(model, {"crawl-0": 1.0, "walk-0": 0.5, "run-0": 0.0}).elements["action"]

    assert action.score == 50.0


def test_the_overall_stage_is_at_most_one_above_the_weakest_element() -> None:
    questions = [(f"a-{s}-{n}", "action", s, 1.0) for s in STAGES for n in range(3)]
    questions.append(("d-crawl", "data", "crawl", 1.0))
    model = make_model(questions, elements={"action": 1.0, "data": 1.0})
    answers: dict[str, float | None] = {key: 1.0 for key, *_ in questions}
    answers["d-crawl"] = 0.0

    result = score(model, answers)

    assert result.overall.attainment == {"crawl": 0.75, "walk": 1.0, "run": 1.0}
    assert result.elements["data"].stage == "crawl"
    assert result.overall.stage == "walk"  # "run" by attainment alone


def test_an_element_without_counted_answers_does_not_cap_the_overall_stage() -> None:
    questions = [(f"a-{s}", "action", s, 1.0) for s in STAGES] + [("d", "data", "crawl", 1.0)]
    model = make_model(questions, elements={"action": 1.0, "data": 1.0})
    result = score(model, {"a-crawl": 1.0, "a-walk": 1.0, "a-run": 1.0, "d": None})

    assert result.elements["data"].score is None
    assert result.overall.stage == "run"
    assert result.overall.score == 100.0


def test_nothing_answered_gives_crawl_and_no_scores() -> None:
    result = score(one_element(), {})

    assert result.overall.stage == "crawl"
    assert result.overall.score is None
    assert result.overall.next_stage is None
    assert result.elements["action"].attainment == {"crawl": None, "walk": None, "run": None}


def test_scores_round_to_one_decimal_half_up_and_attainments_to_four() -> None:
    model = make_model([(f"q{n}", "action", "crawl", 1.0) for n in range(3)])
    action = score(model, {"q0": 1.0, "q1": 0.0, "q2": 0.0}).elements["action"]

    assert action.score == 33.3
    assert action.attainment["crawl"] == 0.3333
    assert round_half_up(61.25, 1) == 61.3
    assert round_half_up(0.66665, 4) == 0.6667
    assert round_half_up(None, 1) is None


def test_the_result_document_has_the_spec_shape() -> None:
    result = score(one_element(per_stage=1), {"crawl-0": 1.0})

    assert result.as_dict() == {
        "complete": False,
        "overall": {
            "stage": "crawl",
            "score": 100.0,
            "next_stage": None,
            "progress": None,
            "attainment": {"crawl": 1.0, "walk": None, "run": None},
        },
        "elements": {
            "action": {
                "stage": "crawl",
                "score": 100.0,
                "next_stage": None,
                "progress": None,
                "attainment": {"crawl": 1.0, "walk": None, "run": None},
            }
        },
    }


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nope": 1.0}, "unknown question(s): nope"),
        ({"crawl-0": 1.5}, "values lie in [0, 1]"),
        ({"crawl-0": -0.1}, "values lie in [0, 1]"),
    ],
)
def test_bad_answers_are_refused(answers: dict[str, float], message: str) -> None:
    with pytest.raises(ScoringError, match=re.escape(message)):
        score(one_element(), answers)


@pytest.mark.parametrize(
    "questions",
    [
        [("a", "nowhere", "crawl", 1.0)],
        [("a", "action", "sprint", 1.0)],
        [("a", "action", "crawl", 0.0)],
        [("a", "action", "crawl", 1.0), ("a", "action", "walk", 1.0)],
    ],
)
def test_a_broken_model_is_refused(questions: list[tuple[str, str, str, float]]) -> None:
    with pytest.raises(ScoringError):
        make_model(questions)
