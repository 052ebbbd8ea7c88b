"""Gaps to roadmap items (SPEC.md 2.2) and the ROI risk rule, on plain data."""

from decimal import Decimal

from assessments.roadmap import (
    Capability,
    default_target,
    phase_spans,
    roadmap_items,
    roi_reading,
)

STAGES = ("crawl", "walk", "run")


def caps(*specs: tuple[str, str, float]) -> list[Capability]:
    return [Capability(key, "action", stage, weight) for key, stage, weight in specs]


def test_the_default_target_is_one_stage_up_at_most_run() -> None:
    assert default_target("crawl", STAGES) == "walk"
    assert default_target("walk", STAGES) == "run"
    assert default_target("run", STAGES) == "run"


def test_items_up_to_the_target_not_fully_in_place_become_roadmap_items() -> None:
    capabilities = caps(("c1", "crawl", 1), ("c2", "crawl", 1), ("w1", "walk", 1), ("r1", "run", 1))
    items = roadmap_items(
        stages=STAGES,
        capabilities=capabilities,
        values={"c1": 1.0, "c2": 0.5, "w1": 0.25, "r1": 0.0},
        element_stages={"action": ("crawl", "walk")},
        targets={},
    )

    # target walk: run is left out, and c1 is fully in place; crawl before walk
    assert [item.key for item in items] == ["c2", "w1"]
    assert all(item.phase == 1 for item in items)


def test_phases_follow_the_next_stage_and_a_raised_target() -> None:
    capabilities = caps(("c1", "crawl", 1), ("w1", "walk", 1), ("r1", "run", 1))
    items = roadmap_items(
        stages=STAGES,
        capabilities=capabilities,
        values={"c1": 0.5, "w1": 0.5, "r1": 0.5},
        element_stages={"action": ("crawl", "crawl")},  # crawl itself blocks
        targets={"action": "run"},
    )

    assert [(item.key, item.phase) for item in items] == [("c1", 1), ("w1", 2), ("r1", 3)]


def test_within_a_phase_the_largest_weighted_gap_comes_first() -> None:
    capabilities = caps(("small", "walk", 1), ("heavy", "walk", 2), ("open", "walk", 1))
    items = roadmap_items(
        stages=STAGES,
        capabilities=capabilities,
        values={"small": 0.75, "heavy": 0.5},  # "open" is unanswered: not in place
        element_stages={"action": ("crawl", "walk")},
        targets={},
    )

    assert [(item.key, item.gap) for item in items] == [
        ("heavy", 1.0),
        ("open", 1.0),
        ("small", 0.25),
    ]


def test_not_applicable_capabilities_are_no_gap() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=caps(("na", "crawl", 1)),
        values={"na": None},
        element_stages={"action": ("crawl", "walk")},
        targets={},
    )

    assert items == []


def test_phase_spans_run_back_to_back() -> None:
    assert phase_spans([3, 9, 18]) == [(0, 3), (3, 9), (9, 18)]


def test_payback_is_computed_from_gain_and_costs_and_flagged_past_a_year() -> None:
    reading = roi_reading(
        expected_gain=Decimal("12000"),
        platform_cost=Decimal("10000"),
        people_cost=Decimal("5000"),
        integration_months=Decimal("7"),
        payback_months=None,
    )

    assert reading.payback_months == Decimal("15.0")
    assert reading.payback_risk
    assert reading.integration_risk


def test_a_quick_cheap_goal_carries_no_risk() -> None:
    reading = roi_reading(
        expected_gain=Decimal("50000"),
        platform_cost=Decimal("1000"),
        people_cost=None,
        integration_months=Decimal("6"),
        payback_months=None,
    )

    assert reading.payback_months == Decimal("0.2")
    assert not reading.payback_risk
    assert not reading.integration_risk
