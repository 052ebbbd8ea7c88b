"""Pages do a fixed number of queries, whatever the number of questions or assessments."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Organization
from tests.factories import answer_all, publish

pytestmark = pytest.mark.django_db

# session, user, assessment with organization and questionnaire (membership checked in the
# same query), questionnaire, stages, elements, questions with element and stage, options,
# answers with options
PAGE_QUERIES = 9
# what the result page adds for its live plan without an orders import, when it is not
# cached yet (see below)
RESULT_PLAN_QUERIES = 5


def make_submitted(organization: Organization, user: User) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, "partial")
    return assessment_submit(assessment=assessment, user=user)


@pytest.mark.parametrize("per_cell", [1, 5])
def test_an_answering_page_does_the_same_queries_for_3_or_15_questions_per_element(
    alice_client: Client, acme: Organization, alice: User, per_cell: int, django_assert_num_queries
) -> None:
    publish(per_cell=per_cell)
    draft = assessment_start(organization=acme, user=alice)
    answer_all(draft, "full")

    with django_assert_num_queries(PAGE_QUERIES):
        response = alice_client.get(f"/assessments/{draft.pk}/answer/action/")

    assert response.text.count("question-card") == 3 * per_cell


@pytest.mark.parametrize("per_cell", [1, 5])
def test_the_result_page_does_the_same_queries_for_any_number_of_questions(
    alice_client: Client, acme: Organization, alice: User, per_cell: int, django_assert_num_queries
) -> None:
    publish(per_cell=per_cell)
    assessment = make_submitted(acme, alice)

    # Content comes from the cache (submitting read it). Cold: session, user, assessment,
    # peer-set version, the viewer's organizations, answers, the peer set, live share links,
    # the version of the organization's lifecycle figures, and the live plan (start here,
    # drop-off: cached apart from the result, under that version): answers, latest import,
    # typed months, lifecycle stages, benchmarks.
    with django_assert_num_queries(9 + RESULT_PLAN_QUERIES):
        alice_client.get(f"/assessments/{assessment.pk}/result/")
    # Warm: the rendered result, the live plan and the peer set are cached; no answers, no
    # peer set, no lifecycle figures but their version.
    with django_assert_num_queries(7):
        alice_client.get(f"/assessments/{assessment.pk}/result/")


@pytest.mark.parametrize("per_cell", [1, 5])
def test_the_roadmap_page_adds_only_the_goals_query(
    alice_client: Client, acme: Organization, alice: User, per_cell: int, django_assert_num_queries
) -> None:
    publish(per_cell=per_cell)
    assessment = make_submitted(acme, alice)

    # session, user, assessment, goals, the version of the organization's lifecycle figures,
    # answers: the version's content is cached (submit read it); the organization's
    # lifecycle figures: latest import, typed months, lifecycle stages, benchmarks, RFM
    # segments (with an import, its months and segment counts too)
    with django_assert_num_queries(6 + 5):
        alice_client.get(f"/assessments/{assessment.pk}/roadmap/")
    # Warm: all but the plan form is cached under that version and the goals; no answers,
    # no lifecycle figures but their version.
    with django_assert_num_queries(5):
        alice_client.get(f"/assessments/{assessment.pk}/roadmap/")


@pytest.mark.parametrize("count", [1, 12])
def test_the_home_page_does_the_same_queries_for_1_or_12_assessments(
    alice_client: Client, acme: Organization, alice: User, count: int, django_assert_num_queries
) -> None:
    publish()
    for _ in range(count):
        make_submitted(acme, alice)
        assessment_start(organization=acme, user=alice)

    # session, user, memberships, their assessments, questionnaire summary, its stages
    with django_assert_num_queries(6):
        response = alice_client.get("/")

    assert response.text.count("list-group-item px-0") == min(2 * count, 5)
