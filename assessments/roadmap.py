"""Gaps to roadmap items (SPEC.md 2.2), phase lengths from effort, goal progress, and the ROI
risk rule of seed 004. No Django here.

The order, rule by rule:

1. Every capability not fully in place (`v < 1`) up to its element's target stage is an
   item; a prerequisite (`requires`) of an item that is not in place is an item too,
   whatever the target (nothing can be built on what is missing).
2. Phase 1 ("now") holds items at or below the element's next stage, phase 2 the stage
   after, phase 3 the rest; then an item moves to the phase of its latest prerequisite
   when that one is later (an item is never in an earlier phase than its prerequisites).
3. Within a phase: stage first (crawl gaps before walk before run), then the items that
   serve the organization's lifecycle drop-off stage, then `weight * (1 - value)` largest
   first, then questionnaire order; a prerequisite still comes before the item needing it
   (the next item is the first one, in that order, whose prerequisites are all listed).
4. The first three items of phase 1 are "start here".

Phase lengths: the elements are worked on side by side (each has its own owner), an
element's items one after the other; so a phase lasts as long as its busiest element's
summed `effort_weeks`, an item without an estimate counting DEFAULT_EFFORT_WEEKS, rounded
up to whole months.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

INTEGRATION_RISK_MONTHS = 6
PAYBACK_RISK_MONTHS = 12
PHASES = (1, 2, 3)  # now, next, later
START_HERE = 3
DEFAULT_EFFORT_WEEKS = 4
WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class Capability:
    """A question as the roadmap sees it, in questionnaire order."""

    key: str
    element: str
    stage: str
    weight: float
    requires: tuple[str, ...] = ()
    lifecycle: tuple[str, ...] = ()
    effort_weeks: int | None = None


@dataclass(frozen=True)
class Item:
    key: str
    element: str
    stage: str
    phase: int
    value: float  # 0 when unanswered
    gap: float  # weight * (1 - value): what closing it is worth
    effort_weeks: int | None = None
    # serves the organization's drop-off stage (a key of the question's `lifecycle`)
    serves_drop_off: bool = False
    # its prerequisites on the roadmap, and the items on the roadmap that require it
    needs: tuple[str, ...] = ()
    needed_by: tuple[str, ...] = ()
    # prerequisites whose phase moved it later than its own stage would put it
    waits_for: tuple[str, ...] = ()
    # beyond the target, on the roadmap only as a prerequisite of another item
    prerequisite_only: bool = False
    start_here: bool = False


def default_target(stage: str, stages: Sequence[str]) -> str:
    """One stage above the element's stage, at most the last one."""
    return stages[min(stages.index(stage) + 1, len(stages) - 1)]


def _open_value(key: str, values: Mapping[str, float | None]) -> float | None:
    """The value of a capability not fully in place, or None: in place or not applicable."""
    if key in values and values[key] is None:
        return None  # not applicable: nothing to do
    value = values.get(key) or 0.0
    return None if value >= 1 else value


def roadmap_items(
    *,
    stages: Sequence[str],
    capabilities: Sequence[Capability],
    values: Mapping[str, float | None],
    element_stages: Mapping[str, tuple[str, str | None]],
    targets: Mapping[str, str],
    drop_off: str | None = None,
) -> list[Item]:
    """The roadmap in the order of the module docstring: phase, stage, drop-off, gap.

    `values` maps answered question keys to their value (None: not applicable, which
    is no gap); an unanswered question counts as not in place. `element_stages` maps
    an element to its (stage, next stage); `drop_off` is the organization's lifecycle
    drop-off stage, if any.
    """
    by_key = {capability.key: capability for capability in capabilities}
    position = {capability.key: n for n, capability in enumerate(capabilities)}
    chosen: dict[str, float] = {}
    for capability in capabilities:
        stage, _next = element_stages[capability.element]
        target = targets.get(capability.element) or default_target(stage, stages)
        value = _open_value(capability.key, values)
        if value is not None and stages.index(capability.stage) <= stages.index(target):
            chosen[capability.key] = value
    prerequisite_only: set[str] = set()
    pending = list(chosen)
    while pending:
        for required in by_key[pending.pop()].requires:
            value = _open_value(required, values) if required in by_key else None
            if value is not None and required not in chosen:
                chosen[required] = value
                prerequisite_only.add(required)
                pending.append(required)

    def needs(key: str) -> list[str]:
        return [r for r in by_key[key].requires if r in chosen and r != key]

    def own_phase(key: str) -> int:
        capability = by_key[key]
        stage, next_stage = element_stages[capability.element]
        now = stages.index(next_stage if next_stage is not None else stage)
        index = stages.index(capability.stage)
        return 1 if index <= now else 2 if index == now + 1 else 3

    phase: dict[str, int] = {}
    waits_for: dict[str, tuple[str, ...]] = {}

    def settle(key: str, visiting: frozenset[str]) -> int:
        # prerequisites first; `visiting` guards against a cycle the bank should not have
        if key not in phase:
            required = [r for r in needs(key) if r not in visiting]
            later = {r: settle(r, visiting | {key}) for r in required}
            own = own_phase(key)
            phase[key] = max([own, *later.values()])
            waits_for[key] = tuple(r for r, p in later.items() if p > own and p == phase[key])
        return phase[key]

    for key in chosen:
        settle(key, frozenset())
    needed_by: dict[str, list[str]] = {}
    for key in chosen:
        for required in needs(key):
            needed_by.setdefault(required, []).append(key)

    def serves(key: str) -> bool:
        return drop_off is not None and drop_off in by_key[key].lifecycle

    def gap(key: str) -> float:
        return by_key[key].weight * (1 - chosen[key])

    ranked = sorted(
        chosen,
        key=lambda key: (
            phase[key],
            stages.index(by_key[key].stage),
            not serves(key),
            -gap(key),
            position[key],
        ),
    )
    ordered: list[str] = []
    listed: set[str] = set()
    while ranked:
        found = next((n for n, key in enumerate(ranked) if all(r in listed for r in needs(key))), 0)
        key = ranked.pop(found)
        ordered.append(key)
        listed.add(key)
    first = [key for key in ordered if phase[key] == PHASES[0]][:START_HERE]
    return [
        Item(
            key=key,
            element=by_key[key].element,
            stage=by_key[key].stage,
            phase=phase[key],
            value=chosen[key],
            gap=gap(key),
            effort_weeks=by_key[key].effort_weeks,
            serves_drop_off=serves(key),
            needs=tuple(needs(key)),
            needed_by=tuple(needed_by.get(key, ())),
            waits_for=waits_for[key],
            prerequisite_only=key in prerequisite_only,
            start_here=key in first,
        )
        for key in ordered
    ]


def start_here(items: Iterable[Item]) -> list[Item]:
    """The first three items of phase 1."""
    return [item for item in items if item.start_here]


@dataclass(frozen=True)
class PhaseEffort:
    phase: int
    items: int
    # the busiest element's summed effort: the elements are worked on side by side
    weeks: int
    # element key -> summed effort of its items in this phase
    by_element: dict[str, int] = field(default_factory=dict)
    # items without an estimate (counted as DEFAULT_EFFORT_WEEKS)
    unestimated: int = 0

    @property
    def months(self) -> int:
        """Whole months the phase needs: weeks over 52/12, rounded up."""
        return math.ceil(self.weeks / WEEKS_PER_MONTH - 1e-9)


def phase_efforts(items: Iterable[Item]) -> list[PhaseEffort]:
    """Per phase, its items' effort: summed per element, the busiest element sets the length."""
    grouped: dict[int, list[Item]] = {phase: [] for phase in PHASES}
    for item in items:
        grouped[item.phase].append(item)
    efforts = []
    for phase, members in grouped.items():
        by_element: dict[str, int] = {}
        for item in members:
            weeks = item.effort_weeks or DEFAULT_EFFORT_WEEKS
            by_element[item.element] = by_element.get(item.element, 0) + weeks
        efforts.append(
            PhaseEffort(
                phase=phase,
                items=len(members),
                weeks=max(by_element.values(), default=0),
                by_element=by_element,
                unestimated=sum(1 for item in members if not item.effort_weeks),
            )
        )
    return efforts


def effort_phase_ends(efforts: Sequence[PhaseEffort]) -> list[int]:
    """Phase ends in months when each phase lasts as long as its effort: [3, 3, 7] when the
    second phase has nothing to do."""
    ends: list[int] = []
    for effort in efforts:
        ends.append((ends[-1] if ends else 0) + effort.months)
    return ends


def phase_spans(phase_ends: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) in months of each phase: [3, 9, 18] -> [(0, 3), (3, 9), (9, 18)]."""
    starts = [0, *phase_ends[:-1]]
    return list(zip(starts, phase_ends, strict=True))


# -- goals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalProgress:
    measured: float | None
    # where the straight line from baseline (at the start) to target (at the due date)
    # stands on `today`
    expected: float
    # None without a measured value
    on_track: bool | None
    reached: bool
    lower_is_better: bool


def goal_progress(
    *,
    baseline: float,
    target: float,
    start: date,
    due: date,
    today: date,
    measured: float | None,
    lower_is_better: bool = False,
) -> GoalProgress:
    """A measured value against the straight line from baseline to target.

    The goal's direction is from baseline to target (a CAC goal from 50 to 30 goes down);
    only a goal that holds a value (target = baseline) takes `lower_is_better`, the
    metric's own direction. On track: at or beyond the line's value for `today` in that
    direction; before the start the line is at the baseline, after the due date at the target.
    """
    down = target < baseline or (target == baseline and lower_is_better)
    days = (due - start).days
    share = 1.0 if days <= 0 else min(max((today - start).days / days, 0.0), 1.0)
    expected = baseline + (target - baseline) * share
    if measured is None:
        return GoalProgress(None, expected, None, False, down)
    tolerance = 1e-9 * max(1.0, abs(expected), abs(target))
    if down:
        on_track = measured <= expected + tolerance
        reached = measured <= target + tolerance
    else:
        on_track = measured >= expected - tolerance
        reached = measured >= target - tolerance
    return GoalProgress(measured, expected, on_track, reached, down)


@dataclass(frozen=True)
class RoiReading:
    payback_months: Decimal | None
    integration_risk: bool
    payback_risk: bool


def roi_reading(
    *,
    expected_gain: Decimal | None,
    platform_cost: Decimal | None,
    people_cost: Decimal | None,
    integration_months: Decimal | None,
    payback_months: Decimal | None,
) -> RoiReading:
    """Payback as given or cost over monthly gain; flags integration > 6 and payback > 12 months."""
    if payback_months is None and expected_gain and expected_gain > 0:
        cost = (platform_cost or 0) + (people_cost or 0)
        if cost:
            payback_months = round(Decimal(cost) / (Decimal(expected_gain) / 12), 1)
    return RoiReading(
        payback_months=payback_months,
        integration_risk=integration_months is not None
        and integration_months > INTEGRATION_RISK_MONTHS,
        payback_risk=payback_months is not None and payback_months > PAYBACK_RISK_MONTHS,
    )
