"""The comparison core on hand-made results."""

from datetime import date

import pandas as pd

from assessments.comparison import (
    Entry,
    compare,
    neutralize,
    peer_median,
    portfolio,
    progress,
)

ORDER = ["action", "data"]


def result(
    action: float, data: float, stages: tuple[str, str] = ("crawl", "crawl"), overall: str = "crawl"
) -> dict:
    return {
        "overall": {"stage": overall, "score": (action + data) / 2},
        "elements": {
            "action": {"stage": stages[0], "score": action},
            "data": {"stage": stages[1], "score": data},
        },
    }


def test_compare_lines_up_elements_and_marks_changes_and_stage_crossings() -> None:
    first = Entry(1, "acme", date(2026, 1, 1), result(40, 50))
    second = Entry(2, "acme", date(2026, 6, 1), result(75, 45, ("walk", "crawl"), "walk"))

    table = compare([first, second], ORDER)

    assert table.scores.loc["action"].tolist() == [40.0, 75.0]
    assert table.change.loc["action", 2] == 35.0
    assert table.change.loc["data", 2] == -5.0
    assert bool(table.crossed.loc["action", 2]) is True
    assert bool(table.crossed.loc["data", 2]) is False
    assert table.overall.loc["stage"].tolist() == [0, 1]


def test_versions_are_compared_by_element_key_even_when_one_lacks_an_element() -> None:
    older = Entry(
        1,
        "acme",
        date(2026, 1, 1),
        {
            "overall": {"stage": "crawl", "score": 10},
            "elements": {"action": {"stage": "crawl", "score": 10}},
        },
    )
    newer = Entry(2, "acme", date(2026, 2, 1), result(20, 30))

    table = compare([older, newer], ORDER)

    assert list(table.scores.index) == ["action", "data"]
    assert pd.isna(table.scores.loc["data", 1])
    assert table.scores.loc["data", 2] == 30.0
    assert not table.crossed.loc["data", 2]  # nothing to cross from


def test_progress_orders_assessments_by_date() -> None:
    later = Entry(7, "acme", date(2026, 6, 1), result(80, 60))
    earlier = Entry(3, "acme", date(2026, 1, 1), result(40, 50))

    table = progress([later, earlier], ORDER)

    assert list(table.columns) == [3, 7]
    assert table.loc["action"].tolist() == [40.0, 80.0]


def test_portfolio_takes_each_clients_latest_assessment() -> None:
    entries = [
        Entry(1, "a", date(2026, 1, 1), result(10, 10)),
        Entry(2, "a", date(2026, 2, 1), result(50, 50, overall="walk")),
        Entry(3, "b", date(2026, 1, 1), result(30, 70)),
        Entry(4, "c", date(2026, 1, 1), result(90, 20, overall="run")),
    ]

    board = portfolio(entries, ORDER)

    assert board.by_stage.to_dict() == {"crawl": 1, "walk": 1, "run": 1}
    assert board.spread.loc["action", "median"] == 50.0
    assert board.spread.loc["action", "q1"] == 40.0
    assert board.spread.loc["action", "q3"] == 70.0
    assert board.spread.loc["action", "clients"] == 3


def test_the_peer_line_needs_five_other_clients() -> None:
    four = [Entry(i, f"client-{i}", date(2026, 1, 1), result(10 * i, 50)) for i in range(1, 5)]
    five = [*four, Entry(5, "client-5", date(2026, 1, 1), result(50, 50))]
    repeat = [*four, Entry(6, "client-1", date(2026, 3, 1), result(99, 50))]  # same client again

    assert peer_median(four) is None
    assert peer_median(repeat) is None
    assert peer_median(five).to_dict() == {"action": 30.0, "data": 50.0}


def test_cells_that_would_run_as_formulas_are_neutralized() -> None:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "Acme"],
            "score": [1.0, -2.0, 3.0, 4.0, 5.0],
        }
    )

    cleaned = neutralize(frame)

    assert cleaned["name"].tolist() == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "Acme"]
    assert cleaned["score"].tolist() == [1.0, -2.0, 3.0, 4.0, 5.0]  # numbers stay numbers


def test_the_table_rule_change_and_crossing_against_the_first_in_one_place() -> None:
    from assessments.comparison import Cell, table

    first = Entry(7, "acme", date(2026, 1, 1), result(40, 50))
    second = Entry(3, "acme", date(2026, 6, 1), result(75.26, 45, ("walk", "crawl"), "walk"))
    only_action = Entry(
        9,
        "globex",
        date(2026, 7, 1),
        {
            "overall": {"stage": "crawl", "score": 20.0},
            "elements": {"action": {"stage": "crawl", "score": 20.0}},
        },
    )

    compared = table([first, second, only_action], ORDER)

    assert compared.columns == [7, 3, 9]
    assert compared.elements == [
        (
            "action",
            [
                Cell(40.0, "crawl", 0.0, False),
                Cell(75.26, "walk", 35.3, True),
                Cell(20.0, "crawl", -20.0, False),
            ],
        ),
        (
            "data",
            [
                Cell(50.0, "crawl", 0.0, False),
                Cell(45.0, "crawl", -5.0, False),
                Cell(None, None, None, False),
            ],
        ),
    ]
    assert compared.overall == [
        Cell(45.0, "crawl", 0.0, False),
        Cell(60.13, "walk", 15.1, True),
        Cell(20.0, "crawl", -25.0, False),
    ]
