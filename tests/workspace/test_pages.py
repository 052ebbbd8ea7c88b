"""The consultant workspace: clients, compare, progress, portfolio, exports,
the peer line; membership on every URL; queries that do not grow with assessments."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_start
from organizations.models import Membership, Organization
from tests.factories import ELEMENTS, make_user
from tests.workspace.builders import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def bob_client(client: Client, bob: User) -> Client:
    client.force_login(bob)
    return client


def test_a_consultant_adds_a_client_and_lands_on_its_invite_page(
    bob_client: Client, questionnaire
) -> None:
    response = bob_client.post("/clients/", {"name": "Initech Shop"})

    client_org = Organization.objects.get(name="Initech Shop")
    assert Membership.objects.get(organization=client_org).role == Membership.Role.CONSULTANT
    assert client_org.slug == "initech-shop"
    assert response["Location"] == "/clients/initech-shop/invite/"


def test_a_marketer_cannot_add_clients(alice_client: Client, questionnaire) -> None:
    assert alice_client.post("/clients/", {"name": "Sneaky"}).status_code == 404
    assert not Organization.objects.filter(name="Sneaky").exists()


def test_the_clients_page_is_not_a_marketers(alice_client: Client, questionnaire) -> None:
    assert alice_client.get("/clients/").status_code == 404


def test_a_staff_member_without_clients_sees_an_empty_clients_page(
    client: Client, questionnaire
) -> None:
    staff = User.objects.create_user("staffer", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get("/clients/")
    assert response.status_code == 200
    assert response.context["page"].total == 0


def test_the_clients_page_shows_latest_stage_score_change_and_drafts(
    bob_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    submit(acme, alice, "none", days_ago=60)
    submit(acme, alice, "partial")
    assessment_start(organization=acme, user=alice)

    response = bob_client.get("/clients/")

    row = response.context["page"].rows[0]
    assert row.score == 50.0
    assert row.stage == "crawl"
    assert row.change == 50.0
    assert row.drafts == 1
    assert "+50.0" in response.text


def test_compare_shows_change_against_the_first_and_stage_crossings(
    bob_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    before = submit(acme, alice, "none", days_ago=90)
    after = submit(acme, alice, "full")

    response = bob_client.get(f"/compare/?a={before.pk}&a={after.pk}")

    page = response.context["page"]
    action = next(row for row in page.rows if row["key"] == "action")
    assert action["cells"][1]["change"] == 100.0
    assert action["cells"][1]["crossed"] is True
    assert "stage crossed" in response.text
    assert 'id="chart-radar-data"' in response.text


def test_compare_drops_assessments_the_user_may_not_see(
    client: Client, charlie: User, acme: Organization, alice: User, questionnaire
) -> None:
    theirs = submit(acme, alice)
    client.force_login(charlie)

    response = client.get(f"/compare/?a={theirs.pk}")

    assert response.context["page"].chosen == []
    assert "Acme" not in response.text
    assert client.get(f"/compare/export.csv?a={theirs.pk}").status_code == 404


def test_the_xlsx_export_holds_the_numbers_shown_on_the_page(
    bob_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    first, second = submit(acme, alice, "none", days_ago=30), submit(acme, alice, "partial")

    page = bob_client.get(f"/compare/?a={first.pk}&a={second.pk}").context["page"]
    response = bob_client.get(f"/compare/export.xlsx?a={first.pk}&a={second.pk}")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    action_second = next(r for r in rows if r["Element"] == "Action" and r["Score"] == 50.0)
    assert action_second["Change against the first"] == page.rows[0]["cells"][1]["change"] == 50.0
    assert len(rows) == 14  # six elements and the overall figures, for each of the two


def test_exported_cells_that_would_run_as_formulas_are_neutralized(
    bob_client: Client, bob: User, questionnaire
) -> None:
    evil = Organization.objects.create(name='=HYPERLINK("http://evil")', slug="evil")
    Membership.objects.create(user=bob, organization=evil, role=Membership.Role.CONSULTANT)
    assessment = submit(evil, bob)

    csv = bob_client.get(f"/compare/export.csv?a={assessment.pk}").content.decode()

    assert "'=HYPERLINK" in csv
    assert ",=HYPERLINK" not in csv
    assert "\n=HYPERLINK" not in csv


def test_progress_over_time_draws_a_line_per_element(
    alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    submit(acme, alice, "none", days_ago=60)
    submit(acme, alice, "full")

    response = alice_client.get("/organizations/acme/progress/")
    csv = alice_client.get("/organizations/acme/progress/export.csv").content.decode()

    chart = response.context["page"].chart
    names = [t["name"] for t in chart["data"] if t["type"] == "scatter"]
    assert names == ["Overall stage", "Overall score", *[e.title() for e in ELEMENTS]]
    assert csv.splitlines()[1].startswith("Action,0.0,100.0")
    assert csv.splitlines()[-1].startswith("Overall score,0.0,100.0")


def test_the_portfolio_shows_clients_by_stage_and_quartiles(
    bob_client: Client, bob: User, questionnaire
) -> None:
    for n, choose in enumerate(["none", "partial", "partial", "full", "full"]):
        organization = Organization.objects.create(name=f"Client {n}", slug=f"client-{n}")
        Membership.objects.create(
            user=bob, organization=organization, role=Membership.Role.CONSULTANT
        )
        submit(organization, bob, choose)

    page = bob_client.get("/portfolio/").context["page"]

    assert page.clients == 5
    assert dict((key, count) for key, _title, count in page.by_stage) == {
        "crawl": 3,
        "walk": 0,
        "run": 2,
    }
    action = next(row for row in page.spread if row.key == "action")
    assert (action.q1, action.median, action.q3) == (50.0, 50.0, 100.0)


def test_the_peer_line_appears_only_with_five_other_clients(
    alice_client: Client, acme: Organization, alice: User, questionnaire
) -> None:
    mine = submit(acme, alice)
    for n in range(4):
        other = Organization.objects.create(name=f"Other {n}", slug=f"other-{n}")
        submit(other, make_user(f"u{n}", other), "full")

    four = alice_client.get(f"/assessments/{mine.pk}/result/").context["page"]
    fifth = Organization.objects.create(name="Other 4", slug="other-4")
    submit(fifth, make_user("u4", fifth), "full")
    five = alice_client.get(f"/assessments/{mine.pk}/result/").context["page"]

    assert four.peer is None
    assert len(four.charts["radar"]["data"]) == 1
    assert five.peer["action"] == 100.0
    assert len(five.charts["radar"]["data"]) == 2


def urls(acme_assessment: Assessment) -> list[str]:
    return [
        f"/compare/?a={acme_assessment.pk}",
        f"/compare/export.csv?a={acme_assessment.pk}",
        f"/compare/export.xlsx?a={acme_assessment.pk}",
        "/organizations/acme/progress/",
        "/organizations/acme/progress/export.csv",
        "/organizations/acme/progress/export.xlsx",
        "/clients/acme/invite/",
    ]


def test_a_consultant_of_another_client_and_its_marketer_see_nothing_of_acme(
    client: Client,
    acme: Organization,
    alice: User,
    charlie: User,
    globex: Organization,
    questionnaire,
) -> None:
    assessment = submit(acme, alice)
    other_consultant = make_user("olga", globex, Membership.Role.CONSULTANT)

    for user in (charlie, other_consultant):
        client.force_login(user)
        for url in urls(assessment):
            response = client.get(url)
            if url.startswith("/compare/?"):
                assert response.status_code == 200 and response.context["page"].chosen == [], url
            else:
                assert response.status_code == 404, (user, url)
    assert "Acme" not in client.get("/portfolio/").text  # olga consults for globex only


def _many(acme: Organization, alice: User, count: int) -> list[Assessment]:
    first = submit(acme, alice)
    Assessment.objects.bulk_create(
        Assessment(
            organization=acme,
            questionnaire=first.questionnaire,
            status="submitted",
            started_by=alice,
            submitted_at=timezone.now(),
            result=first.result,
        )
        for _ in range(count - 1)
    )
    return list(Assessment.objects.filter(organization=acme))


@pytest.mark.parametrize("count", [2, 50])
def test_compare_progress_and_portfolio_queries_do_not_grow_with_assessments(
    bob_client: Client,
    acme: Organization,
    alice: User,
    questionnaire,
    count: int,
    django_assert_num_queries,
) -> None:
    assessments = _many(acme, alice, count + 30)
    ids = "&".join(f"a={a.pk}" for a in assessments[:count])

    urls = [
        f"/compare/?{ids}",
        f"/compare/export.xlsx?{ids}",
        "/organizations/acme/progress/",
        "/portfolio/",
    ]
    for url in urls:  # the element and stage titles are cached once read
        bob_client.get(url)

    # the compare page from the cache: session, user, client choices, peer-set version
    with django_assert_num_queries(4):
        bob_client.get(urls[0])
    # session, user, chosen ones (values), latest bank version, their results
    with django_assert_num_queries(5):
        bob_client.get(urls[1])
    # session, user, organization (membership), assessments, questionnaire
    with django_assert_num_queries(5):
        bob_client.get(urls[2])
    # session, user, consultant check, latest assessment per client, peer-set version
    with django_assert_num_queries(5):
        bob_client.get(urls[3])
