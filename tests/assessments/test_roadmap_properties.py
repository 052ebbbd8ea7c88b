"""Properties of the roadmap order over generated banks without cycles (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from assessments.roadmap import PHASES, START_HERE, Capability, Item, roadmap_items

STAGES = ("crawl", "walk", "run")
ELEMENTS = ("action", "data", "insights")
LIFECYCLE = ("reach", "acquisition", "nurture", "retention", "advocacy")


@st.composite
def roadmaps(draw: st.DrawFn) -> tuple[list[Capability], list[Item]]:
    capabilities = []
    values: dict[str, float | None] = {}
    for n in range(draw(st.integers(min_value=1, max_value=14))):
        key = f"q{n}"
        # requirements only on questions made before: no cycle, as the bank's validation
        # ensures (the questionnaire order is shuffled below)
        earlier = [f"q{m}" for m in range(n)]
        requires = draw(st.lists(st.sampled_from(earlier), max_size=3)) if earlier else []
        capabilities.append(
            Capability(
                key,
                draw(st.sampled_from(ELEMENTS)),
                draw(st.sampled_from(STAGES)),
                draw(st.floats(min_value=0.1, max_value=5.0)),
                requires=tuple(requires),
                lifecycle=tuple(draw(st.lists(st.sampled_from(LIFECYCLE), max_size=2))),
                effort_weeks=draw(st.one_of(st.none(), st.integers(1, 16))),
            )
        )
        if draw(st.booleans()):  # else unanswered
            values[key] = draw(st.one_of(st.none(), st.sampled_from([0.0, 0.5, 1.0])))
    capabilities = draw(st.permutations(capabilities))
    element_stages = {
        element: draw(
            st.sampled_from([("crawl", "crawl"), ("crawl", "walk"), ("walk", "run"), ("run", None)])
        )
        for element in ELEMENTS
    }
    targets = {element: draw(st.sampled_from(STAGES)) for element in ELEMENTS}
    items = roadmap_items(
        stages=STAGES,
        capabilities=capabilities,
        values=values,
        element_stages=element_stages,
        targets=targets,
        drop_off=draw(st.one_of(st.none(), st.sampled_from(LIFECYCLE))),
    )
    return capabilities, items


@given(roadmaps())
def test_no_item_comes_before_a_prerequisite_that_is_on_the_roadmap(
    roadmap: tuple[list[Capability], list[Item]],
) -> None:
    capabilities, items = roadmap
    requires = {capability.key: capability.requires for capability in capabilities}
    place = {item.key: n for n, item in enumerate(items)}
    phase = {item.key: item.phase for item in items}
    for item in items:
        for required in requires[item.key]:
            if required in place:
                assert place[required] < place[item.key]
                assert phase[required] <= phase[item.key]


@given(roadmaps())
def test_phases_never_go_back_and_start_here_is_the_head_of_now(
    roadmap: tuple[list[Capability], list[Item]],
) -> None:
    _capabilities, items = roadmap
    phases = [item.phase for item in items]
    assert phases == sorted(phases)
    assert set(phases) <= set(PHASES)
    now = [item.key for item in items if item.phase == 1]
    assert [item.key for item in items if item.start_here] == now[:START_HERE]
