"""Every chart carries its figures as a table beside it (core/chart_tables.py)."""

from django.template.loader import render_to_string

from core.chart_tables import figure_table


def test_a_radar_becomes_one_row_per_spoke_and_one_column_per_series() -> None:
    figure = {
        "data": [
            {
                "type": "scatterpolar",
                "name": "Nov 2026",
                "theta": ["Action", "Data &amp; tools", "Action"],
                "r": [64.6, 70, 64.6],
            },
            {"type": "scatterpolar", "name": "May 2026", "theta": ["Action"], "r": [40.04]},
        ],
        "layout": {"title": {"text": "Element scores"}},
    }
    table = figure_table(figure)
    assert table is not None
    assert table.title == "Element scores"
    assert table.columns == ["Nov 2026", "May 2026"]
    assert table.rows == [("Action", ["64.6", "40"]), ("Data & tools", ["70", "—"])]


def test_a_horizontal_bar_chart_reads_its_categories_off_the_y_axis() -> None:
    figure = {
        "data": [
            {"type": "bar", "orientation": "h", "name": "Customers", "y": ["Champions"], "x": [12]}
        ],
        "layout": {},
    }
    table = figure_table(figure)
    assert table is not None
    assert table.rows == [("Champions", ["12"])]


def test_a_heatmap_keeps_its_grid_and_a_missing_cell_shows_as_a_dash() -> None:
    figure = {
        "data": [
            {
                "type": "heatmap",
                "x": ["Crawl", "Walk<br>stage"],
                "y": ["Action", "Data"],
                "z": [[100, 33.333], [None, 0]],
            }
        ]
    }
    table = figure_table(figure)
    assert table is not None
    assert table.columns == ["Crawl", "Walk stage"]
    assert table.rows == [("Action", ["100", "33.3"]), ("Data", ["—", "0"])]


def test_a_figure_without_data_has_no_table() -> None:
    assert figure_table({"data": [], "layout": {}}) is None
    assert figure_table(None) is None


def test_the_chart_partial_names_the_chart_and_points_at_its_table() -> None:
    figure = {"data": [{"type": "bar", "name": "Orders", "x": ["Jan"], "y": [3]}], "layout": {}}
    html = render_to_string(
        "core/_chart.html",
        {"name": "orders", "data_id": "chart-orders-data", "figure": figure, "label": "Orders"},
    )
    assert 'role="img" aria-label="Orders"' in html
    assert 'aria-describedby="chart-orders-table-summary"' in html
    assert 'id="chart-orders-table-summary"' in html
    assert '<th scope="row">Jan</th><td>3</td>' in html
