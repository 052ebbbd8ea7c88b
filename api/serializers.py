"""What the read-only API sends: organizations, assessments, results and comparisons.

Serializers read only what the view's queryset has already loaded (select_related and
annotations), so a list costs the same number of queries whatever its length.
"""

import re
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Assessment
from organizations.models import Membership, Organization

MAX_COMPARED = 50
STAGE_KEYS = ("crawl", "walk", "run")

NO_IDS = _("Give one to {max} assessment ids separated by commas, e.g. ?assessments=3,5.")
NOT_AN_ID = _("“{value}” is not an assessment id; give whole numbers separated by commas.")
TOO_MANY = _("At most {max} assessments can be compared at once; got {count}.")
TWICE = _("Assessment {id} is listed more than once.")

_ID = re.compile(r"^[0-9]{1,18}$")


class StageField(serializers.CharField):
    """A stage key (crawl, walk, run); one `Stage` component in the schema."""


# drf-spectacular ships no type hints, so its extension base is untyped.
class StageFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = StageField

    def get_name(self) -> str:
        return "Stage"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(STAGE_KEYS)}


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    role = serializers.ChoiceField(
        choices=Membership.Role.choices,
        read_only=True,
        help_text="The requesting user's role in this organization.",
    )

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "role"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    organization = serializers.CharField(
        source="organization.slug", read_only=True, help_text="The organization's slug."
    )
    questionnaire = serializers.CharField(
        source="questionnaire.label", read_only=True, help_text="The version, as slug@version."
    )
    overall_stage = serializers.SerializerMethodField(
        help_text="Overall stage of the stored result; null for a draft."
    )
    overall_score = serializers.SerializerMethodField(
        help_text="Overall score (0 to 100) of the stored result; null for a draft."
    )
    answered = serializers.IntegerField(
        read_only=True, help_text="Questions answered (not applicable counts as an answer)."
    )
    total = serializers.IntegerField(
        read_only=True, help_text="Questions in the assessment's questionnaire version."
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organization",
            "questionnaire",
            "status",
            "created_at",
            "submitted_at",
            "overall_stage",
            "overall_score",
            "answered",
            "total",
        ]
        read_only_fields = fields

    @staticmethod
    def _overall(assessment: Assessment) -> dict[str, Any]:
        if assessment.is_draft or not isinstance(assessment.result, dict):
            return {}
        return assessment.result.get("overall") or {}

    @extend_schema_field(StageField(allow_null=True, read_only=True))
    def get_overall_stage(self, assessment: Assessment) -> str | None:
        return self._overall(assessment).get("stage")

    @extend_schema_field(serializers.FloatField(allow_null=True, read_only=True))
    def get_overall_score(self, assessment: Assessment) -> float | None:
        return self._overall(assessment).get("score")


# ---------------------------------------------------------------------------------------
# The stored result (SPEC.md section 4). Used to describe it in the schema: the view sends
# Assessment.result exactly as it was frozen at submission.


class ScopeResultSerializer(serializers.Serializer[Any]):
    stage = StageField()
    score = serializers.FloatField(allow_null=True)
    next_stage = StageField(allow_null=True)
    progress = serializers.FloatField(allow_null=True)
    attainment = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Stage key -> attainment."
    )


class ResultSerializer(serializers.Serializer[Any]):
    questionnaire = serializers.CharField(help_text="slug@version")
    threshold = serializers.FloatField()
    failed_gates = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Keys of the gate questions answered below fully (absent in older results).",
    )
    complete = serializers.BooleanField()
    overall = ScopeResultSerializer()
    elements = serializers.DictField(
        child=ScopeResultSerializer(), help_text="Element key -> its result."
    )


# ---------------------------------------------------------------------------------------
# Comparisons


class ComparisonQuerySerializer(serializers.Serializer[Any]):
    """`?assessments=3,5,8`: the ids to compare, the first being the baseline."""

    assessments = serializers.CharField(
        help_text=(
            f"1 to {MAX_COMPARED} ids of submitted assessments, separated by commas; "
            "changes are computed against the first."
        ),
        error_messages={
            "required": format_lazy(NO_IDS, max=MAX_COMPARED),
            "blank": format_lazy(NO_IDS, max=MAX_COMPARED),
            "null": format_lazy(NO_IDS, max=MAX_COMPARED),
        },
    )

    def validate_assessments(self, value: str) -> list[int]:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            raise serializers.ValidationError(NO_IDS.format(max=MAX_COMPARED))
        if len(parts) > MAX_COMPARED:
            raise serializers.ValidationError(TOO_MANY.format(max=MAX_COMPARED, count=len(parts)))
        ids: list[int] = []
        for part in parts:
            if not _ID.match(part):
                raise serializers.ValidationError(NOT_AN_ID.format(value=part[:40]))
            if int(part) in ids:
                raise serializers.ValidationError(TWICE.format(id=int(part)))
            ids.append(int(part))
        return ids


class ComparedAssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    organization = serializers.CharField(help_text="The organization's slug.")
    questionnaire = serializers.CharField(help_text="slug@version")
    submitted_at = serializers.DateTimeField()


class ComparedRowSerializer(serializers.Serializer[Any]):
    """One line of the comparison; every list has one item per assessment, in order."""

    scores = serializers.ListField(child=serializers.FloatField(allow_null=True))
    stages = serializers.ListField(child=StageField(allow_null=True))
    change = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="Score minus the first assessment's score; null where either is missing.",
    )
    crossed = serializers.ListField(
        child=serializers.BooleanField(),
        help_text="True where the stage differs from the first assessment's.",
    )


class ComparedElementSerializer(ComparedRowSerializer):
    key = serializers.CharField(help_text="The element's key.")


class ComparisonSerializer(serializers.Serializer[Any]):
    assessments = ComparedAssessmentSerializer(many=True)
    elements = ComparedElementSerializer(many=True)
    overall = ComparedRowSerializer()
