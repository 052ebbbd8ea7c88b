"""Every user-supplied text given to Plotly is escaped: plotly.js draws names, labels and
hover texts as its own small HTML, so a client named like a link must stay plain text."""

import json
import re

from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Membership, Organization
from tests.factories import answer_all
from workspace import charts

EVIL = '<a href="https://evil.example">Session expired</a>'
ESCAPED = '&lt;a href="https://evil.example"&gt;Session expired&lt;/a&gt;'


def figures(html: str) -> list[dict]:
    found = re.findall(r'<script id="[^"]+" type="application/json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


def test_a_legend_name_and_an_axis_label_are_escaped() -> None:
    figure = charts.overlaid_radar(labels=[EVIL, "Data"], series=[(EVIL, [10.0, 20.0])])
    trace = figure["data"][0]
    assert trace["name"] == ESCAPED
    assert trace["theta"][0] == ESCAPED
    assert "<extra>%{fullData.name}</extra>" in trace["hovertemplate"]


def test_a_heatmap_column_named_by_a_client_is_escaped() -> None:
    figure = charts.score_heatmap(element_labels=["Action"], columns=[EVIL], scores=[[50.0]])
    assert figure["data"][0]["x"] == [ESCAPED]


def test_a_client_named_like_a_link_shows_as_text_on_the_compare_page(
    client: Client, bob: User, submitted: Assessment, acme: Organization
) -> None:
    evil = Organization.objects.create(name=EVIL, slug="evil")
    Membership.objects.create(user=bob, organization=evil, role=Membership.Role.CONSULTANT)
    other = assessment_start(organization=evil, user=bob)
    answer_all(other, "full")
    assessment_submit(assessment=other, user=bob)
    client.force_login(bob)
    response = client.get(f"/compare/?a={submitted.pk}&a={other.pk}")
    assert response.status_code == 200
    texts = [s for figure in figures(response.text) for s in strings(figure)]
    assert any(ESCAPED in s for s in texts)
    assert not any("<a href" in s for s in texts)
