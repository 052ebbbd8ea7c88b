"""Many clients with submitted results, fast: one real submission per kind of answer, its
frozen result copied onto the others (bulk_create), so that a test can have 100 clients."""

import copy
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_start, assessment_submit
from organizations.models import Membership, Organization
from tests.factories import answer_all


def submit(
    organization: Organization, user: User, choose: str = "partial", days_ago: int = 0
) -> Assessment:
    assessment = assessment_start(organization=organization, user=user)
    answer_all(assessment, choose)
    assessment = assessment_submit(assessment=assessment, user=user)
    when = timezone.now() - timedelta(days=days_ago)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    assessment.refresh_from_db()
    return assessment


def clients_with_results(
    consultant: User, count: int, *, per_client: int = 1, prefix: str = "Client"
) -> list[Organization]:
    """`count` organizations the consultant advises, each with `per_client` submitted
    assessments (a day apart, the newest last) copied from one real submission."""
    template = Organization.objects.create(name=f"{prefix} template", slug=f"{prefix}-tpl".lower())
    source = submit(template, consultant, "partial")
    template.delete()
    organizations = Organization.objects.bulk_create(
        Organization(name=f"{prefix} {n:03d}", slug=f"{prefix}-{n:03d}".lower())
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=consultant, organization=o, role=Membership.Role.CONSULTANT)
        for o in organizations
    )
    now = timezone.now()
    Assessment.objects.bulk_create(
        Assessment(
            organization=organization,
            questionnaire=source.questionnaire,
            status=Assessment.Status.SUBMITTED,
            started_by=consultant,
            submitted_at=now - timedelta(days=per_client - k),
            result=copy.deepcopy(source.result),
        )
        for organization in organizations
        for k in range(per_client)
    )
    return organizations
