"""Benchmarks, frequency bins and dormancy thresholds are edited in the admin; the bins
are checked as a whole."""

import pytest
from django.test import Client

from lifecycle.admin import BIN_PROBLEMS
from lifecycle.analysis import BINS_SCORES
from lifecycle.models import Benchmark, FrequencyBin

pytestmark = pytest.mark.usefixtures("reference")


def test_staff_edit_a_benchmarks_value_source_year_address_and_definition(
    admin_client: Client,
) -> None:
    benchmark = Benchmark.objects.get(key="referral")
    url = f"/admin/lifecycle/benchmark/{benchmark.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(value="0.025", year="2022", url="https://example.com/referrals", source="X")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    benchmark.refresh_from_db()
    assert (benchmark.value, benchmark.year, benchmark.url) == (
        0.025,
        2022,
        "https://example.com/referrals",
    )


def test_bins_that_do_not_start_at_one_order_are_refused_in_the_list(
    admin_client: Client,
) -> None:
    bins = list(FrequencyBin.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(bins)),
        "form-INITIAL_FORMS": str(len(bins)),
        "_save": "Save",
    }
    for index, item in enumerate(bins):
        data[f"form-{index}-id"] = str(item.pk)
        data[f"form-{index}-score"] = str(item.score)
    data["form-0-score"] = "2"  # 1 order would score 2: no bin scores 1 any more

    response = admin_client.post("/admin/lifecycle/frequencybin/", data)

    assert response.status_code == 200
    assert str(BIN_PROBLEMS[BINS_SCORES]) in response.text
    assert FrequencyBin.objects.get(min_orders=1).score == 1


@pytest.mark.parametrize(
    "path", ["benchmark", "frequencybin", "dormancythreshold", "periodfigures", "rfmsegment"]
)
def test_the_lifecycle_admin_lists_open(admin_client: Client, path: str) -> None:
    assert admin_client.get(f"/admin/lifecycle/{path}/").status_code == 200
