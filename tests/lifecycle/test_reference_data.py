"""The shipped lifecycle reference data is whole (SPEC.md section 3)."""

import itertools

import pytest

from lifecycle.models import Benchmark, DormancyThreshold, LifecycleStage, RfmCode, RfmSegment

pytestmark = pytest.mark.usefixtures("reference")


def test_five_stages_in_order_each_with_metric_channels_and_advice_in_three_languages() -> None:
    stages = list(LifecycleStage.objects.prefetch_related("channels"))

    assert [s.key for s in stages] == ["reach", "acquisition", "nurture", "retention", "advocacy"]
    for stage in stages:
        assert stage.channels.exists()
        for name in ("title", "metric", "description", "advice"):
            for code in ("en", "de", "ko"):
                assert getattr(stage, f"{name}_{code}").strip(), (stage.key, name, code)


def test_every_one_of_the_125_codes_is_in_exactly_one_segment() -> None:
    codes = set(RfmCode.objects.values_list("code", flat=True))

    assert codes == {"".join(d) for d in itertools.product("12345", repeat=3)}
    assert RfmSegment.objects.count() == 11
    assert set(
        RfmCode.objects.filter(segment__name_en="Champions").values_list("code", flat=True)
    ) == {"555", "554", "544", "545", "454", "455", "445"}
    for segment in RfmSegment.objects.all():
        assert segment.action_ko and segment.description_de


def test_benchmarks_and_dormancy_defaults_ship_with_their_sources() -> None:
    conversion = Benchmark.objects.get(key="conversion")

    assert (conversion.value, conversion.low, conversion.high) == (0.025, 0.018, 0.03)
    assert "Statista" in conversion.source
    assert Benchmark.objects.get(key="retention").value == 0.28
    assert Benchmark.objects.get(key="referral").value == 0.023
    assert all(b.source for b in Benchmark.objects.all())
    assert list(DormancyThreshold.objects.values_list("days", flat=True)) == [40, 90, 180]
