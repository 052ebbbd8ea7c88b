"""The pure rules of team assessments, computed by hand."""

from assessments.team import NOT_APPLICABLE, Confidence, confidence, disagree, levels, suggestion

NA = NOT_APPLICABLE


def test_levels_count_options_in_order_leaving_not_applicable_out() -> None:
    assert levels(["none", "na", "partial", "full"], [False, True, False, False]) == {
        "none": 0,
        "na": NA,
        "partial": 1,
        "full": 2,
    }


def test_answers_one_level_apart_agree() -> None:
    assert not disagree([0, 1])
    assert not disagree([1, 2, 2, 1])


def test_answers_two_levels_apart_disagree() -> None:
    assert disagree([0, 2])
    assert disagree([1, 0, 2])


def test_not_applicable_against_any_level_disagrees() -> None:
    assert disagree([NA, 2])
    assert disagree([1, NA, 1])


def test_all_not_applicable_or_a_single_answer_or_none_agree() -> None:
    assert not disagree([NA, NA])
    assert not disagree([2])
    assert not disagree([])


def test_the_suggestion_is_the_option_everyone_chose() -> None:
    assert suggestion(["full", "full"]) == "full"
    assert suggestion(["full", "partial"]) is None
    assert suggestion([]) is None


def test_three_agreeing_respondents_with_evidence_on_8_of_9_are_high() -> None:
    found = confidence(
        respondents=3,
        answers_per_question=[[2, 2, 1]] * 9,
        consolidated=[2] * 9,
        evidenced=[True] * 8 + [False],
    )
    assert found == Confidence(respondents=3, questions=9, disagreements=0, answered=9, evidenced=8)
    assert found.level == "high"


def test_evidence_on_not_applicable_answers_does_not_count() -> None:
    found = confidence(
        respondents=2,
        answers_per_question=[[NA, NA], [2, 2], [2, 2]],
        consolidated=[NA, 2, 2],
        evidenced=[True, True, False],
    )
    assert (found.answered, found.evidenced) == (2, 1)
    # one of two answers backed: below two thirds, so not high
    assert found.level == "medium"


def test_disagreement_on_more_than_a_third_is_low() -> None:
    found = confidence(
        respondents=2,
        answers_per_question=[[0, 2], [0, 2], [1, 1], [1, 1], [2, 2]],
        consolidated=[1, 1, 1, 1, 2],
        evidenced=[True] * 5,
    )
    assert found.disagreements == 2
    assert found.level == "low"  # 2 of 5 > 1/3


def test_one_disagreement_in_nine_is_medium() -> None:
    found = confidence(
        respondents=3,
        answers_per_question=[[0, 2]] + [[2, 2]] * 8,
        consolidated=[2] * 9,
        evidenced=[True] * 9,
    )
    assert found.level == "medium"


def test_a_single_respondent_without_evidence_is_low_with_evidence_medium() -> None:
    without = confidence(
        respondents=1,
        answers_per_question=[[2]] * 3,
        consolidated=[2] * 3,
        evidenced=[False] * 3,
    )
    assert without.level == "low"
    backed = confidence(
        respondents=1,
        answers_per_question=[[2]] * 3,
        consolidated=[2] * 3,
        evidenced=[True] * 3,
    )
    assert backed.level == "medium"  # one voice is never high


def test_exactly_two_thirds_evidence_is_high() -> None:
    found = confidence(
        respondents=2,
        answers_per_question=[[1, 1]] * 3,
        consolidated=[1] * 3,
        evidenced=[True, True, False],
    )
    assert found.level == "high"
