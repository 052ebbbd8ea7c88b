"""The roadmap order of SPEC.md 2.2 on plain data worked out by hand: stage first,
prerequisites never later than what needs them, the drop-off boost, then the gap; the
first three of "now" are "start here"; phases as long as their effort."""

from assessments.roadmap import (
    DEFAULT_EFFORT_WEEKS,
    Capability,
    Item,
    effort_phase_ends,
    phase_efforts,
    roadmap_items,
    start_here,
)

STAGES = ("crawl", "walk", "run")
# both elements have crawl achieved and walk next: crawl and walk gaps are "now", run "next"
WALK_NEXT = {"action": ("crawl", "walk"), "data": ("crawl", "walk")}


def order(items: list[Item]) -> list[tuple[str, int]]:
    return [(item.key, item.phase) for item in items]


def test_a_crawl_gap_comes_before_a_larger_walk_gap_in_the_same_phase() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("walk-big", "action", "walk", 3.0),  # gap 3 * (1 - 0) = 3
            Capability("crawl-small", "action", "crawl", 1.0),  # gap 1 * (1 - 0.75) = 0.25
        ],
        values={"walk-big": 0.0, "crawl-small": 0.75},
        element_stages=WALK_NEXT,
        targets={},
    )

    assert order(items) == [("crawl-small", 1), ("walk-big", 1)]
    assert [item.gap for item in items] == [0.25, 3.0]


def test_an_item_moves_to_the_phase_of_its_prerequisite_and_says_it_waits_for_it() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            # own phase 1 (walk, action's next stage), but needs data-walk
            Capability("action-walk", "action", "walk", 2.0, requires=("data-walk",)),
            Capability("action-crawl", "action", "crawl", 1.0),
            Capability("data-walk", "data", "walk", 1.0),
        ],
        values={"action-walk": 0.0, "action-crawl": 0.5, "data-walk": 0.5},
        # data has not reached crawl: its walk gap is "next"
        element_stages={"action": ("crawl", "walk"), "data": ("crawl", "crawl")},
        targets={},
    )

    assert order(items) == [("action-crawl", 1), ("data-walk", 2), ("action-walk", 2)]
    by_key = {item.key: item for item in items}
    assert by_key["action-walk"].waits_for == ("data-walk",)
    assert by_key["data-walk"].needed_by == ("action-walk",)
    assert by_key["action-crawl"].waits_for == ()


def test_a_prerequisite_not_in_place_beyond_the_target_is_on_the_roadmap_first() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("action-crawl", "action", "crawl", 1.0, requires=("data-run",)),
            Capability("data-run", "data", "run", 1.0),
            Capability("data-done", "data", "crawl", 1.0),
        ],
        values={"action-crawl": 0.0, "data-run": 0.0, "data-done": 1.0},
        element_stages=WALK_NEXT,
        targets={},  # walk: data-run is beyond it, but action-crawl cannot be built without
    )

    assert order(items) == [("data-run", 2), ("action-crawl", 2)]
    assert items[0].prerequisite_only
    assert not items[1].prerequisite_only


def test_a_prerequisite_in_place_or_not_applicable_holds_nothing_back() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("a", "action", "crawl", 1.0, requires=("done", "na")),
            Capability("done", "data", "run", 1.0),
            Capability("na", "data", "run", 1.0),
        ],
        values={"a": 0.5, "done": 1.0, "na": None},
        element_stages=WALK_NEXT,
        targets={},
    )

    assert order(items) == [("a", 1)]
    assert items[0].needs == ()


def test_within_a_phase_a_prerequisite_comes_before_the_item_that_needs_it() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("big", "action", "crawl", 3.0, requires=("small",)),
            Capability("small", "action", "crawl", 1.0),
        ],
        values={"big": 0.0, "small": 0.5},  # gaps 3 and 0.5: the gap alone puts big first
        element_stages=WALK_NEXT,
        targets={},
    )

    assert order(items) == [("small", 1), ("big", 1)]


def test_items_serving_the_drop_off_stage_come_first_within_their_stage_only() -> None:
    capabilities = [
        Capability("crawl-other", "action", "crawl", 1.0, lifecycle=("reach",)),
        Capability("walk-big", "action", "walk", 2.0, lifecycle=("acquisition",)),
        Capability("walk-retention", "action", "walk", 1.0, lifecycle=("retention", "nurture")),
        Capability("walk-mid", "data", "walk", 1.5),
    ]
    values = {"crawl-other": 0.0, "walk-big": 0.0, "walk-retention": 0.5, "walk-mid": 0.0}

    def keys(drop_off: str | None) -> list[str]:
        items = roadmap_items(
            stages=STAGES,
            capabilities=capabilities,
            values=values,
            element_stages=WALK_NEXT,
            targets={},
            drop_off=drop_off,
        )
        return [item.key for item in items]

    # gaps: walk-big 2, walk-mid 1.5, walk-retention 0.5
    assert keys(None) == ["crawl-other", "walk-big", "walk-mid", "walk-retention"]
    # the crawl gap stays first: the stage comes before the drop-off boost
    assert keys("retention") == ["crawl-other", "walk-retention", "walk-big", "walk-mid"]
    assert keys("acquisition") == ["crawl-other", "walk-big", "walk-mid", "walk-retention"]


def test_start_here_is_the_first_three_items_of_now() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("run-1", "action", "run", 5.0),
            Capability("walk-1", "action", "walk", 1.0),
            Capability("crawl-1", "action", "crawl", 1.0),
            Capability("walk-2", "data", "walk", 2.0),
            Capability("crawl-2", "data", "crawl", 0.5),
        ],
        values={},  # nothing answered: nothing in place
        element_stages=WALK_NEXT,
        targets={"action": "run"},
    )

    assert order(items) == [
        ("crawl-1", 1),
        ("crawl-2", 1),
        ("walk-2", 1),
        ("walk-1", 1),
        ("run-1", 2),
    ]
    assert [item.key for item in start_here(items)] == ["crawl-1", "crawl-2", "walk-2"]


def test_with_fewer_than_three_items_in_now_start_here_never_reaches_into_next() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("crawl-1", "action", "crawl", 1.0),
            Capability("run-1", "action", "run", 1.0),
        ],
        values={},
        element_stages=WALK_NEXT,
        targets={"action": "run"},
    )

    assert [item.key for item in start_here(items)] == ["crawl-1"]


def test_a_phase_lasts_as_long_as_its_busiest_elements_summed_effort() -> None:
    items = roadmap_items(
        stages=STAGES,
        capabilities=[
            Capability("a1", "action", "crawl", 1.0, effort_weeks=6),
            Capability("a2", "action", "walk", 1.0, effort_weeks=3),
            Capability("d1", "data", "crawl", 1.0),  # no estimate: DEFAULT_EFFORT_WEEKS
            Capability("d2", "data", "run", 1.0, effort_weeks=16),
        ],
        values={},
        element_stages=WALK_NEXT,
        targets={"data": "run"},
    )
    efforts = phase_efforts(items)

    # now: action 6 + 3 = 9 weeks beside data's 4; next: data's 16; later: nothing
    assert DEFAULT_EFFORT_WEEKS == 4
    assert [(e.phase, e.items, e.weeks, e.unestimated) for e in efforts] == [
        (1, 3, 9, 1),
        (2, 1, 16, 0),
        (3, 0, 0, 0),
    ]
    assert efforts[0].by_element == {"action": 9, "data": 4}
    # 9 weeks = 2.08 months -> 3; 16 weeks = 3.69 months -> 4
    assert effort_phase_ends(efforts) == [3, 7, 7]
