"""Gate questions (SPEC.md 2.1): a legal duty answered below "fully" keeps its stage from
being achieved, in its element and overall; case by case on hand-made models."""

from assessments.scoring import Model, Question, Result, score

STAGES = ("crawl", "walk", "run")


def gated_model(gate_stage: str = "crawl", gate: bool = True) -> Model:
    """Action: three questions per stage, the first of `gate_stage` a gate; data: one per stage."""
    questions = [
        Question(
            f"action-{stage}-{n}",
            "action",
            stage,
            1.0,
            gate=gate and stage == gate_stage and n == 0,
        )
        for stage in STAGES
        for n in range(3)
    ]
    questions += [Question(f"data-{stage}", "data", stage, 1.0) for stage in STAGES]
    return Model(STAGES, {"action": 1.0, "data": 2.0}, tuple(questions))


def answers(gate_key: str, gate_value: float | None) -> dict[str, float | None]:
    """Every question fully in place but the gate (and one walk question of action at 0.5)."""
    values: dict[str, float | None] = {f"action-{s}-{n}": 1.0 for s in STAGES for n in range(3)}
    values["action-walk-2"] = 0.5
    values.update({f"data-{stage}": 1.0 for stage in STAGES})
    values[gate_key] = gate_value
    return values


def as_plain(result: Result) -> dict[str, object]:
    return result.as_dict()


def test_a_gate_answered_fully_changes_nothing() -> None:
    with_gate = score(gated_model("crawl"), answers("action-crawl-0", 1.0))
    without_gate = score(gated_model("crawl", gate=False), answers("action-crawl-0", 1.0))

    assert as_plain(with_gate) == as_plain(without_gate)
    assert with_gate.failed_gates == ()
    assert with_gate.elements["action"].stage == "run"


def test_a_gate_answered_mostly_keeps_its_stage_from_being_achieved_in_its_element() -> None:
    result = score(gated_model("crawl"), answers("action-crawl-0", 0.75))

    action = result.elements["action"]
    # 0.9167 is well above the threshold: the gate alone holds crawl back
    assert action.attainment["crawl"] == 0.9167
    assert action.stage == "crawl"
    assert action.next_stage == "crawl"
    assert action.progress == 0.9167
    assert result.failed_gates == ("action-crawl-0",)


def test_a_failed_gate_blocks_every_later_stage_of_its_element() -> None:
    result = score(gated_model("walk"), answers("action-walk-0", 0.75))

    action = result.elements["action"]
    assert action.attainment == {"crawl": 1.0, "walk": 0.75, "run": 1.0}
    assert action.stage == "crawl"  # walk not achieved, so run cannot count either
    assert action.next_stage == "walk"


def test_a_failed_gate_keeps_its_stage_from_being_achieved_overall_too() -> None:
    result = score(gated_model("walk"), answers("action-walk-0", 0.75))

    # overall walk attainment: (0.75 + 1 + 0.5 + 2 * 1) / (3 + 2), well above 0.7
    assert result.overall.attainment["walk"] == 0.85
    assert result.overall.stage == "crawl"
    assert result.overall.next_stage == "walk"


def test_a_failed_gate_leaves_the_other_elements_alone() -> None:
    result = score(gated_model("crawl"), answers("action-crawl-0", 0.0))

    assert result.elements["data"].stage == "run"
    assert result.elements["data"].next_stage is None


def test_a_gate_at_walk_does_not_affect_crawl() -> None:
    result = score(gated_model("walk"), answers("action-walk-0", 0.0))

    action = result.elements["action"]
    assert action.attainment["crawl"] == 1.0
    assert action.stage == "crawl"
    assert action.next_stage == "walk"
    assert result.overall.next_stage == "walk"


def test_a_gate_answered_not_applicable_is_left_out() -> None:
    result = score(gated_model("crawl"), answers("action-crawl-0", None))

    assert result.failed_gates == ()
    assert result.elements["action"].attainment["crawl"] == 1.0
    assert result.elements["action"].stage == "run"
    assert result.overall.stage == "run"


def test_an_unanswered_gate_is_left_out() -> None:
    values = answers("action-crawl-0", 0.0)
    del values["action-crawl-0"]

    result = score(gated_model("crawl"), values)

    assert result.failed_gates == ()
    assert result.complete is False
    assert result.elements["action"].stage == "run"


def test_a_failed_gate_does_not_change_any_score_or_attainment() -> None:
    as_gate = score(gated_model("walk"), answers("action-walk-0", 0.75))
    plain = score(gated_model("walk", gate=False), answers("action-walk-0", 0.75))

    for gated, ungated in zip(
        [as_gate.overall, *as_gate.elements.values()],
        [plain.overall, *plain.elements.values()],
        strict=True,
    ):
        assert gated.score == ungated.score
        assert gated.attainment == ungated.attainment
    assert plain.elements["action"].stage == "run"
    assert as_gate.elements["action"].stage == "crawl"


def test_failed_gates_are_listed_in_questionnaire_order() -> None:
    questions = (
        Question("policy", "action", "crawl", gate=True),
        Question("consent", "action", "crawl", gate=True),
        Question("contracts", "action", "walk", gate=True),
    )
    model = Model(STAGES, {"action": 1.0}, questions)

    result = score(model, {"contracts": 0.5, "consent": 1.0, "policy": 0.0})

    assert result.failed_gates == ("policy", "contracts")


def test_the_failed_gates_stay_out_of_the_result_document() -> None:
    result = score(gated_model("crawl"), answers("action-crawl-0", 0.0))

    assert "failed_gates" not in result.as_dict()
