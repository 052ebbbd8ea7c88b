"""The read-only JSON API (/api/v1/).

Every endpoint needs an authenticated user (`Authorization: Token <key>` or a session),
including the schema. Data is scoped exactly as on the pages: querysets always start from
`Organization.objects.for_user` / `Assessment.objects.for_user`, so another organization's
object is a 404, never a 403.

Queries, with token authentication (one query for the token and its user):
organizations list 3 (token, count, page), organization 2; assessments list 3
(token, count, page with organization, questionnaire and answered/total counts as
subqueries), assessment 2, result 2; comparison 3 (token, assessments, element order).
"""

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import (
    AssessmentSerializer,
    ComparisonQuerySerializer,
    ComparisonSerializer,
    OrganizationSerializer,
    ResultSerializer,
)
from assessments.comparison import Entry, table
from assessments.models import Answer, Assessment
from maturity.models import Element, Question
from organizations.models import Organization

BAD_STATUS = _("Unknown status “{value}”; use one of: {known}.")
STATUSES = tuple(status.value for status in Assessment.Status)
NOT_COMPARABLE = _("Assessment {id} is not a submitted assessment of your organizations.")


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet[Organization]):
    """The organizations the requesting user is a member of, with his role in each."""

    serializer_class = OrganizationSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Organization]:
        # for_user joins the memberships on the requesting user: the role comes from that
        # same row (one membership per user and organization, so no duplicates).
        return (
            Organization.objects.for_user(self.request.user)
            .annotate(role=F("memberships__role"))
            .order_by("name", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "organization", OpenApiTypes.STR, description="Only this organization (slug)."
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(STATUSES),
                description="Only drafts or only submitted assessments.",
            ),
        ]
    )
)
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet[Assessment]):
    """Assessments of the requesting user's organizations, newest first."""

    serializer_class = AssessmentSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Assessment]:
        answered = (
            Answer.objects.filter(assessment=OuterRef("pk"), option__isnull=False)
            .order_by()
            .values("assessment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        total = (
            Question.objects.filter(questionnaire=OuterRef("questionnaire"))
            .order_by()
            .values("questionnaire")
            .annotate(n=Count("pk"))
            .values("n")
        )
        queryset = (
            Assessment.objects.for_user(self.request.user)
            .select_related("organization", "questionnaire")
            .annotate(
                answered=Coalesce(Subquery(answered, output_field=IntegerField()), 0),
                total=Coalesce(Subquery(total, output_field=IntegerField()), 0),
            )
            .order_by("-created_at", "-pk")
        )
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if slug := params.get("organization"):
            queryset = queryset.filter(organization__slug=slug)
        if (status := params.get("status")) is not None:
            if status not in STATUSES:
                raise exceptions.ValidationError(
                    {"status": [BAD_STATUS.format(value=status[:40], known=", ".join(STATUSES))]}
                )
            queryset = queryset.filter(status=status)
        return queryset

    @extend_schema(
        responses=ResultSerializer,
        description=(
            "The result frozen at submission (SPEC.md section 4), exactly as stored. "
            "404 for a draft, which has no result yet."
        ),
    )
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        if assessment.is_draft or assessment.result is None:
            raise exceptions.NotFound(_("A draft has no result yet; submit it first."))
        return Response(assessment.result)


class ComparisonView(APIView):
    """Submitted assessments side by side: per element and overall, the scores, stages,
    the change against the first assessment, and where the stage differs from the first's.

    An id that is unknown, of another organization or of a draft is a 404, the same for
    all three, so nothing tells whether it exists.
    """

    @extend_schema(parameters=[ComparisonQuerySerializer], responses=ComparisonSerializer)
    def get(self, request: Request) -> Response:
        # ?assessments=3,5 (also ?assessments=3&assessments=5)
        given = request.query_params.getlist("assessments")
        query = ComparisonQuerySerializer(data={"assessments": ",".join(given)} if given else {})
        query.is_valid(raise_exception=True)
        ids: list[int] = query.validated_data["assessments"]

        found = {
            assessment.pk: assessment
            for assessment in Assessment.objects.for_user(request.user)
            .submitted()
            .filter(pk__in=ids)
            .select_related("organization", "questionnaire")
        }
        for pk in ids:
            if pk not in found or not isinstance(found[pk].result, dict):
                raise exceptions.NotFound(NOT_COMPARABLE.format(id=pk))
        assessments = [found[pk] for pk in ids]

        compared = table(
            [
                Entry(
                    id=a.pk,
                    organization=a.organization.slug,
                    submitted=timezone.localdate(a.submitted_at),
                    result=a.result or {},  # checked to be a dict above
                )
                for a in assessments
            ],
            element_order(assessments),
        )
        elements = [
            {
                "key": key,
                "scores": [cell.score for cell in cells],
                "stages": [cell.stage for cell in cells],
                "change": [cell.change for cell in cells],
                "crossed": [cell.crossed for cell in cells],
            }
            for key, cells in compared.elements
        ]
        overall = {
            "scores": [cell.score for cell in compared.overall],
            "stages": [cell.stage for cell in compared.overall],
            "change": [cell.change for cell in compared.overall],
            "crossed": [cell.crossed for cell in compared.overall],
        }
        return Response(
            {
                "assessments": [
                    {
                        "id": a.pk,
                        "organization": a.organization.slug,
                        "questionnaire": a.questionnaire.label,
                        "submitted_at": a.submitted_at,
                    }
                    for a in assessments
                ],
                "elements": elements,
                "overall": overall,
            }
        )


def element_order(assessments: list[Assessment]) -> list[str]:
    """Element keys in questionnaire order: the first assessment's version first, then any
    key only a later version has. One query whatever the number of versions.

    (The stored result is a JSON object: its key order is not to be trusted on every
    database, so the order comes from the question bank.)
    """
    versions = list(dict.fromkeys(a.questionnaire_id for a in assessments))
    rows = Element.objects.filter(questionnaire_id__in=versions).values_list(
        "questionnaire_id", "order", "pk", "key"
    )
    ranked = sorted(rows, key=lambda row: (versions.index(row[0]), row[1], row[2]))
    return list(dict.fromkeys(row[3] for row in ranked))


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document of this API (YAML by default; JSON with ?format=json).

    Authenticated like every other endpoint: no interactive docs are served, since the
    usual viewers load from a CDN and the app must work offline.
    """

    permission_classes = [IsAuthenticated]
