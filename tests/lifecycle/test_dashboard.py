"""The dashboard: each stage's rate against its benchmark (not a funnel), "no data" where a
rate is undefined, the benchmark's definition, source, year and address beside it, and the
drop-off stage, or a sentence saying there is none."""

import re
from datetime import date

import pytest
from django.test import Client

from lifecycle.models import Benchmark
from lifecycle.services import orders_import_start, period_figures_save
from organizations.models import Organization
from tests.lifecycle.files import upload

pytestmark = pytest.mark.usefixtures("reference")

DASH = "\N{EN DASH}"

# No referral column and no sessions, like the CDNOW file.
PLAIN_ORDERS = "customer_id,order_date,amount\na,2026-01-05,10\nb,2026-01-07,10\na,2026-02-02,10\n"


def row(html: str, rate: str) -> str:
    found = re.search(rf'<tr data-rate="{rate}".*?</tr>', html, re.DOTALL)
    assert found, rate
    return found.group(0)


def test_undefined_rates_read_no_data_never_zero(alice_client: Client, acme: Organization) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(PLAIN_ORDERS))

    response = alice_client.get("/organizations/acme/lifecycle/")

    for rate in ("conversion", "nurture", "retention", "referral", "cac", "ltv_cac"):
        cells = row(response.text, rate)
        assert "no data" in cells, rate
        assert "0.0%" not in cells, rate
    # and what each needs
    assert "referred_by column" in row(response.text, "referral")
    assert "12 months of orders" in row(response.text, "retention")


def test_a_recorded_zero_reads_zero_percent(alice_client: Client, acme: Organization) -> None:
    period_figures_save(
        organization=acme, rows=[{"month": date(2026, 3, 1), "visitors": 500, "orders": 0}]
    )

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert "0.0%" in row(response.text, "conversion")
    assert "100% below" in row(response.text, "conversion")


def test_without_any_comparable_stage_the_page_says_there_is_no_drop_off(
    alice_client: Client, acme: Organization
) -> None:
    orders_import_start(organization=acme, user=None, upload=upload(PLAIN_ORDERS))

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert response.context["board"].drop_off is None
    assert "No drop-off point: no stage has both a rate and a benchmark yet." in response.text
    assert "badge text-bg-danger" not in response.text
    assert "Funnel" not in response.text


def test_when_every_comparable_stage_meets_its_benchmark_the_page_says_so(
    alice_client: Client, acme: Organization
) -> None:
    # conversion 30 / 1000 = 3 % against 2.5 %
    period_figures_save(
        organization=acme, rows=[{"month": date(2026, 3, 1), "visitors": 1000, "orders": 30}]
    )

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert "No drop-off point: every stage with both a rate and a benchmark meets" in response.text


def test_the_drop_off_stage_is_named_with_its_rate_and_benchmark(
    alice_client: Client, acme: Organization
) -> None:
    # conversion 10 / 1000 = 1 %, 60 % below 2.5 %; retention 21 / 100 = 21 %, 25 % below 28 %;
    # nurture 1 / 50 = 2 % has no benchmark, so it is never the drop-off however low
    period_figures_save(
        organization=acme,
        rows=[
            {
                "month": date(2026, 3, 1),
                "visitors": 1000,
                "orders": 10,
                "new_customers": 50,
                "nurtured_customers": 1,
                "customers_12m": 100,
                "repeat_customers_12m": 21,
            }
        ],
    )

    response = alice_client.get("/organizations/acme/lifecycle/")

    board = response.context["board"]
    assert board.drop_off.stage.key == "acquisition"
    assert "Drop-off point: Acquisition." in response.text
    assert "is 60.0% below its benchmark of 2.5%" in response.text
    assert "Drop-off" in row(response.text, "conversion")
    assert "Drop-off" not in row(response.text, "nurture")
    assert 'data-stage="acquisition"' in response.text


def test_each_benchmark_stands_beside_its_rate_with_definition_source_year_and_address(
    alice_client: Client, acme: Organization
) -> None:
    response = alice_client.get("/organizations/acme/lifecycle/")

    for key in ("conversion", "retention", "referral", "ltv_cac"):
        benchmark = Benchmark.objects.get(key=key)
        cells = row(response.text, key)
        assert benchmark.definition_en in cells.replace("&#x27;", "'"), key
        assert f"Source: {benchmark.source}, year not stated" in cells  # none states a year
        assert f'href="{benchmark.url}"' in cells
        assert f">{benchmark.url}</a>" in cells  # the address itself is on the page
    assert f"28.0% (21{DASH}37%)" in row(response.text, "retention")
    assert "3.0 : 1" in row(response.text, "ltv_cac")


def test_the_benchmarks_compared_with_nothing_are_listed_with_their_sources(
    alice_client: Client, acme: Organization
) -> None:
    response = alice_client.get("/organizations/acme/lifecycle/")

    listed = [b.key for b in response.context["board"].reference_benchmarks]
    assert listed == ["cart-abandonment", "email-click"]
    assert "2.1%" in response.text  # Mailchimp's e-commerce click rate, not 2.9 %
    assert "https://baymard.com/lists/cart-abandonment-rate" in response.text
    assert "2021" in response.text


def test_the_reach_card_shows_the_latest_sessions_and_says_no_data_for_impressions(
    alice_client: Client, acme: Organization
) -> None:
    period_figures_save(
        organization=acme,
        rows=[
            {"month": date(2026, 2, 1), "visitors": 700},
            {"month": date(2026, 3, 1), "impressions": None, "orders": 4},
        ],
    )

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert response.context["board"].reach == [
        ("Sessions", (date(2026, 2, 1), 700)),  # March records no sessions
        ("Impressions", None),
    ]


def test_an_import_from_before_these_figures_asks_for_the_file_again(
    alice_client: Client, acme: Organization
) -> None:
    orders_import = orders_import_start(organization=acme, user=None, upload=upload(PLAIN_ORDERS))
    # what the migration leaves of an older import: no orders figure
    orders_import.months.update(orders=None)

    response = alice_client.get("/organizations/acme/lifecycle/")

    assert response.context["board"].import_outdated
    assert "Upload the file again to get them." in response.text
    assert (
        "Upload the file again"
        not in alice_client.get("/organizations/acme/lifecycle/figures/").text
    )


def test_money_is_written_in_the_organizations_currency_and_language(
    alice_client: Client, acme: Organization
) -> None:
    orders = "customer_id,order_date,amount\na,2026-01-05,1200\nb,2026-01-07,35000\n"
    orders_import_start(organization=acme, user=None, upload=upload(orders))
    acme.currency = "KRW"
    acme.save()

    korean = alice_client.get("/organizations/acme/lifecycle/", headers={"accept-language": "ko"})
    assert "35,000원" in korean.text
    assert "1,200원" in korean.text

    acme.currency = "USD"
    acme.save()
    english = alice_client.get("/organizations/acme/lifecycle/", headers={"accept-language": "en"})
    assert "$35,000" in english.text
    assert "원" not in english.text
