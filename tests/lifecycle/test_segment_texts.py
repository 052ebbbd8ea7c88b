"""Every segment's description fits every code in it (SPEC.md 3.1's partition): each states
the range of R, F and M its codes lie in, and the words agree with those ranges."""

import re

import pytest

from lifecycle.models import RfmCode, RfmSegment

pytestmark = pytest.mark.usefixtures("reference")

# What each description claims, read off its words by hand: (R, F, M) as (low, high).
# "recent or a middling while ago" is R 3-5, "long ago" R 1-2, "more than once" F 2-5,
# "low to middling" spend M 1-3, and so on.
CLAIMS = {
    "champions": ((4, 5), (4, 5), (4, 5)),
    "loyal-customers": ((3, 5), (3, 5), (3, 5)),
    "potential-loyalist": ((3, 5), (2, 5), (1, 3)),
    "new-customers": ((3, 5), (1, 2), (1, 2)),
    "promising": ((3, 5), (1, 2), (1, 5)),
    "need-attention": ((3, 5), (2, 4), (3, 5)),
    "about-to-sleep": ((2, 3), (1, 5), (1, 3)),
    "at-risk": ((1, 2), (2, 5), (2, 5)),
    "cant-lose-them": ((1, 2), (1, 5), (3, 5)),
    "hibernating": ((1, 3), (1, 3), (1, 3)),
    "lost": ((1, 1), (1, 5), (1, 2)),
}
DASH = "\N{EN DASH}"
STATED = re.compile(rf"\(R (\d)(?:{DASH}(\d))? · F (\d)(?:{DASH}(\d))? · M (\d)(?:{DASH}(\d))?\)$")


def stated_ranges(description: str) -> tuple[tuple[int, int], ...]:
    found = STATED.search(description)
    assert found, description
    digits = [int(d) if d else None for d in found.groups()]
    return tuple((digits[i], digits[i + 1] or digits[i]) for i in (0, 2, 4))


def test_every_code_lies_within_what_its_segments_description_says() -> None:
    codes: dict[str, list[str]] = {}
    for code in RfmCode.objects.select_related("segment"):
        codes.setdefault(code.segment.key, []).append(code.code)

    for segment in RfmSegment.objects.all():
        claims = CLAIMS[segment.key]
        for language in ("en", "de", "ko"):
            assert stated_ranges(getattr(segment, f"description_{language}")) == claims
        for code in codes[segment.key]:
            for digit, (low, high) in zip(code, claims, strict=True):
                assert low <= int(digit) <= high, (segment.key, code)


def test_need_attention_no_longer_says_slowing_down_for_its_most_recent_codes() -> None:
    # "535" is R5: the most recent customers are not "slowing down"
    segment = RfmSegment.objects.get(key="need-attention")

    assert RfmCode.objects.filter(code="535", segment=segment).exists()
    assert "slow" not in segment.description_en.lower()
    assert "reactivate" not in segment.action_en.lower()


def test_new_customers_with_two_orders_are_not_told_to_make_a_second_purchase() -> None:
    # "421" is F2: two orders already
    segment = RfmSegment.objects.get(key="new-customers")

    assert RfmCode.objects.filter(code="421", segment=segment).exists()
    assert "second purchase" not in segment.action_en
