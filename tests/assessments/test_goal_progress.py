"""A goal's measured value against the straight line from its baseline to its target."""

from datetime import date
from functools import partial

from assessments.roadmap import goal_progress

START = date(2026, 1, 1)
DUE = date(2026, 11, 28)  # 331 days later


def test_halfway_to_the_due_date_the_line_is_halfway_to_the_target() -> None:
    reading = goal_progress(
        baseline=20.0,
        target=30.0,
        start=date(2026, 1, 1),
        due=date(2026, 1, 21),
        today=date(2026, 1, 11),
        measured=24.0,
    )

    assert reading.expected == 25.0
    assert reading.on_track is False
    assert not reading.reached


def test_at_or_above_the_line_a_rising_goal_is_on_track() -> None:
    reading = goal_progress(
        baseline=20.0,
        target=30.0,
        start=date(2026, 1, 1),
        due=date(2026, 1, 21),
        today=date(2026, 1, 16),  # three quarters: 27.5
        measured=27.5,
    )

    assert reading.expected == 27.5
    assert reading.on_track is True


def test_a_falling_goal_such_as_cac_is_on_track_below_the_line() -> None:
    # CAC from 50 to 30 over 20 days; 5 days in, the line is at 45
    cac = partial(
        goal_progress,
        baseline=50.0,
        target=30.0,
        start=date(2026, 1, 1),
        due=date(2026, 1, 21),
        today=date(2026, 1, 6),
    )

    assert cac(measured=44.0).on_track is True
    assert cac(measured=46.0).on_track is False
    assert cac(measured=29.0).reached
    assert cac(measured=46.0).expected == 45.0


def test_holding_a_value_follows_the_metrics_own_direction() -> None:
    hold = partial(goal_progress, baseline=40.0, target=40.0, start=START, due=DUE, today=START)

    assert hold(measured=41.0).on_track is True
    assert hold(measured=41.0, lower_is_better=True).on_track is False


def test_the_line_stays_at_the_baseline_before_the_start_and_at_the_target_after_the_due_date() -> (
    None
):
    line = partial(goal_progress, baseline=2.0, target=4.0, start=START, due=DUE, measured=3.0)

    assert line(today=date(2025, 12, 1)).expected == 2.0
    assert line(today=date(2027, 6, 1)).expected == 4.0
    assert line(today=date(2027, 6, 1)).on_track is False


def test_without_a_measured_value_a_goal_is_neither_on_nor_off_track() -> None:
    reading = goal_progress(
        baseline=2.0, target=4.0, start=START, due=DUE, today=START, measured=None
    )

    assert reading.on_track is None
    assert reading.expected == 2.0
