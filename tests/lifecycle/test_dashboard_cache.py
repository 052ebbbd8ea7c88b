"""The dashboard's figures and what comes from the latest import are computed once and
cached under a key naming what they show: a new import, a typed figure or an edit of the
reference data shows at once. The page is the same with the cache on and off; its figures
are plain and lean (no template, no subplots), readable (horizontal category bars, cohort
cells in body-size text) and the stage cards are short, with the rest under "More"."""

import json
import re
from datetime import date
from time import time as real_time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from lifecycle import caching
from lifecycle import dashboard as dashboard_module
from lifecycle.models import Benchmark
from lifecycle.services import orders_import_start, period_figures_save
from organizations.models import Organization
from tests.lifecycle.files import upload

pytestmark = pytest.mark.usefixtures("reference")

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# two customers, one retained; then three, none retained
FIRST = "customer_id,order_date,amount\na,2026-01-05,10\nb,2026-01-07,10\na,2026-02-02,10\n"
SECOND = "customer_id,order_date,amount\nx,2026-03-05,10\ny,2026-03-07,10\nz,2026-04-02,10\n"


@pytest.fixture(params=["locmem", "dummy"])
def cache_on_and_off(request: pytest.FixtureRequest, settings: Any) -> str:
    settings.CACHES = LOCMEM if request.param == "locmem" else DUMMY
    cache.clear()
    return str(request.param)


@pytest.fixture
def cache_on(settings: Any) -> None:
    settings.CACHES = LOCMEM
    cache.clear()


def board(client: Client) -> Any:
    response = client.get("/organizations/acme/lifecycle/")
    assert response.status_code == 200
    return response.context["board"]


def categories(client: Client) -> dict[str, int]:
    figure = board(client).charts["categories"]
    return dict(zip(figure["data"][0]["y"], figure["data"][0]["x"], strict=True))


def test_a_new_import_shows_at_once(alice_client: Client, acme: Organization, cache_on) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    assert categories(alice_client)["Retained (two or more)"] == 1
    assert categories(alice_client)["Customers (one order)"] == 1  # served from the cache

    orders_import_start(organization=acme, user=None, upload=upload(SECOND))
    shown = categories(alice_client)

    assert shown["Customers (one order)"] == 3
    assert shown["Retained (two or more)"] == 0
    html = alice_client.get("/organizations/acme/lifecycle/").text
    assert "(3 customers)" in html


def test_an_import_of_the_same_months_but_other_customers_shows_at_once(
    alice_client: Client, acme: Organization, cache_on
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    assert [band.customers for band in board(alice_client).dormancy] == [0, 0, 0]

    # as of the end of February: the same months, but b is 52 days quiet, past 40
    orders_import_start(organization=acme, user=None, upload=upload(FIRST), as_of=date(2026, 2, 28))

    assert [band.customers for band in board(alice_client).dormancy] == [1, 0, 0]


def test_a_typed_figure_shows_at_once(alice_client: Client, acme: Organization, cache_on) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    period_figures_save(organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100}])
    before = dict(board(alice_client).charts["trends"][0][2]["data"][0].items())

    period_figures_save(organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 50}])
    after = board(alice_client).charts["trends"][0][2]["data"][0]

    # conversion in February: 1 order of 100 sessions, then of 50
    assert before["y"][-1] == 1.0
    assert after["y"][-1] == 2.0
    assert "2.0%" in alice_client.get("/organizations/acme/lifecycle/").text


def test_an_edited_benchmark_shows_at_once(
    alice_client: Client, acme: Organization, cache_on
) -> None:
    period_figures_save(organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100}])
    period_figures_save(
        organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100, "orders": 3}]
    )
    assert board(alice_client).charts["against"]["data"][0]["x"][0] == 120.0  # 3 % of 2.5 %

    benchmark = Benchmark.objects.get(key="conversion")
    benchmark.value = 0.03
    benchmark.save()

    assert board(alice_client).charts["against"]["data"][0]["x"][0] == 100.0


def test_the_page_is_the_same_with_the_cache_on_and_off(
    alice_client: Client, acme: Organization, cache_on_and_off: str
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    period_figures_save(organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100}])

    pages = [alice_client.get("/organizations/acme/lifecycle/") for _ in range(2)]

    first, second = (re.sub(r'value="[^"]{32,}"', "", page.text) for page in pages)  # csrf
    assert first == second
    assert pages[1].context["board"].charts == pages[0].context["board"].charts
    assert 'data-rate="conversion"' in second and "segment-table" in second


def test_a_second_view_builds_no_figure(
    alice_client: Client, acme: Organization, cache_on, monkeypatch
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    board(alice_client)
    built = []
    monkeypatch.setattr(dashboard_module, "_add_charts", lambda *args: built.append(args))

    board(alice_client)

    assert built == []


def figures(client: Client) -> list[dict[str, Any]]:
    charts = board(client).charts
    trends = [figure for _key, _title, figure in charts.pop("trends")]
    return [*charts.values(), *trends]


def test_the_figures_are_plain_and_lean(alice_client: Client, acme: Organization) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    period_figures_save(organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100}])

    shown = figures(alice_client)

    assert len(shown) == 8  # against, cohorts, segments, categories and four trends
    for figure in shown:
        assert "template" not in figure["layout"]
        # one plot per figure but the segments' two bars sharing their names
        assert not any(re.fullmatch(r"[xy]axis[3-9]", key) for key in figure["layout"])
        json.dumps(figure)  # plain data


def test_the_categories_are_horizontal_bars_and_cohort_cells_are_readable(
    alice_client: Client, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(FIRST))
    charts = board(alice_client).charts

    bars = charts["categories"]["data"][0]
    assert bars["orientation"] == "h"
    assert "tickangle" not in charts["categories"]["layout"].get("xaxis", {})
    cells = charts["cohorts"]["data"][0]
    assert cells["textfont"]["size"] >= 13
    assert charts["cohorts"]["layout"]["height"] >= 34 * len(cells["y"])


def test_a_stage_card_shows_its_first_sentence_and_the_rest_under_more(
    alice_client: Client, acme: Organization
) -> None:
    html = alice_client.get("/organizations/acme/lifecycle/").text

    card = re.search(r'data-stage="retention".*?</details>', html, re.DOTALL)
    assert card
    short = re.search(r'class="small mt-2 mb-1 stage-advice">(.*?)</p>', card.group(0))
    assert short and short.group(1).startswith("Work towards the second purchase")
    assert len(short.group(1).split()) <= 40
    assert "<summary" in card.group(0) and "More" in card.group(0)


@pytest.mark.parametrize(
    ("text", "short", "more"),
    [
        ("Short enough. To show whole.", "Short enough. To show whole.", ""),
        (
            "One sentence first. " + "Then many more words " * 10,
            "One sentence first.",
            ("Then many more words " * 10).strip(),
        ),
        ("no full stop " * 20, ("no full stop " * 20).strip(), ""),
    ],
)
def test_short_text(text: str, short: str, more: str) -> None:
    assert dashboard_module.short_text(text) == (short, more)


def test_another_process_sees_an_edit_within_a_minute(
    alice_client: Client, acme: Organization, cache_on, monkeypatch
) -> None:
    period_figures_save(
        organization=acme, rows=[{"month": date(2026, 2, 1), "visitors": 100, "orders": 3}]
    )
    board(alice_client)
    # another process edits the benchmark: no signal reaches this process's memory
    Benchmark.objects.filter(key="conversion").update(value=0.03)
    assert board(alice_client).charts["against"]["data"][0]["x"][0] == 120.0

    later = SimpleNamespace(time=lambda: real_time() + caching.REFERENCE_SECONDS + 1)
    monkeypatch.setattr("django.core.cache.backends.locmem.time", later)

    assert board(alice_client).charts["against"]["data"][0]["x"][0] == 100.0
