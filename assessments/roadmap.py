"""Gaps to roadmap items (SPEC.md 2.2), and the ROI risk rule of seed 004. No Django here."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

INTEGRATION_RISK_MONTHS = 6
PAYBACK_RISK_MONTHS = 12
PHASES = (1, 2, 3)  # now, next, later


@dataclass(frozen=True)
class Capability:
    """A question as the roadmap sees it, in questionnaire order."""

    key: str
    element: str
    stage: str
    weight: float


@dataclass(frozen=True)
class Item:
    key: str
    element: str
    stage: str
    phase: int
    value: float  # 0 when unanswered
    gap: float  # weight * (1 - value): what closing it is worth


def default_target(stage: str, stages: Sequence[str]) -> str:
    """One stage above the element's stage, at most the last one."""
    return stages[min(stages.index(stage) + 1, len(stages) - 1)]


def roadmap_items(
    *,
    stages: Sequence[str],
    capabilities: Sequence[Capability],
    values: Mapping[str, float | None],
    element_stages: Mapping[str, tuple[str, str | None]],
    targets: Mapping[str, str],
) -> list[Item]:
    """Every capability not fully in place up to its element's target stage, by phase and gap.

    `values` maps answered question keys to their value (None: not applicable, which
    is no gap); an unanswered question counts as not in place. `element_stages` maps
    an element to its (stage, next stage). Phase 1 holds items at or below the next
    stage, phase 2 the stage after, phase 3 the rest; within a phase, the largest
    `weight * (1 - value)` first, then questionnaire order.
    """
    items: list[tuple[int, float, int, Item]] = []
    for position, capability in enumerate(capabilities):
        stage, next_stage = element_stages[capability.element]
        target = targets.get(capability.element) or default_target(stage, stages)
        stage_index = stages.index(capability.stage)
        if stage_index > stages.index(target):
            continue
        if capability.key in values and values[capability.key] is None:
            continue  # not applicable: nothing to do
        value = values.get(capability.key) or 0.0
        if value >= 1:
            continue
        now = stages.index(next_stage if next_stage is not None else stage)
        phase = 1 if stage_index <= now else 2 if stage_index == now + 1 else 3
        gap = capability.weight * (1 - value)
        item = Item(capability.key, capability.element, capability.stage, phase, value, gap)
        items.append((phase, -gap, position, item))
    return [item for *_, item in sorted(items, key=lambda entry: entry[:3])]


def phase_spans(phase_ends: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) in months of each phase: [3, 9, 18] -> [(0, 3), (3, 9), (9, 18)]."""
    starts = [0, *phase_ends[:-1]]
    return list(zip(starts, phase_ends, strict=True))


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
