"""Assessments: one organization's answers to one questionnaire version, and its frozen result."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.roadmap import RoiReading, roi_reading
from maturity.models import AnswerOption, Question, Questionnaire
from organizations.models import Organization

NO_METRIC = _("Name the metric it moves, or pick one the lifecycle tracker measures.")

# Default roadmap phases end after 3, 9 and 18 months (SPEC.md 2.2).
DEFAULT_PHASE_ENDS = [3, 9, 18]


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def for_user(self, user: "User | AnonymousUser") -> "AssessmentQuerySet":
        """Assessments of the organizations `user` is a member of: the only ones he may open."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization__memberships__user=user)

    def drafts(self) -> "AssessmentQuerySet":
        return self.filter(status=Assessment.Status.DRAFT)

    def submitted(self) -> "AssessmentQuerySet":
        return self.filter(status=Assessment.Status.SUBMITTED)


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="assessments"
    )
    # Pinned at start: later versions of the question bank never touch this assessment.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    # The scored result of SPEC.md 2.1, stored at submission and never recomputed.
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    # element key -> target stage key, where the user chose one (else one stage up)
    targets = models.JSONField(_("targets"), default=dict, blank=True)
    phase_ends = models.JSONField(_("phase ends (months)"), default=list, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    # Several respondents answer (assessments.team_models); only consolidated answers are
    # Answer rows. Kept on the row so a single-respondent page pays no query to know.
    team = models.BooleanField(_("team assessment"), default=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.created_at:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def phases(self) -> list[int]:
        return list(self.phase_ends) if len(self.phase_ends) == 3 else list(DEFAULT_PHASE_ENDS)


class AnswerFields(models.Model):
    """What an answer holds, whoever gives it: the organization's (Answer, scored) or one
    respondent's of a team assessment (team_models.Response, only consolidated)."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # None while only a note has been written.
    option = models.ForeignKey(
        AnswerOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The sequence number of the last autosave applied (the browser counts per question, from
    # its clock): a write that arrives late, after a newer one, changes nothing.
    seq = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Answer(AnswerFields):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.key}: {self.option.key if self.option else '—'}"


class Goal(models.Model):
    """A roadmap item made measurable, in the form of seed 004."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="goals")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    action = models.TextField(_("what we will do"))
    # A metric the lifecycle tracker measures (a key of lifecycle.metrics: "retention",
    # "cac", "segment:champions"...), or none: then `metric` names it in words.
    lifecycle_metric = models.CharField(
        _("lifecycle metric it moves"), max_length=60, blank=True, default=""
    )
    metric = models.CharField(_("metric it moves"), max_length=200, blank=True)
    baseline = models.DecimalField(_("value today"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    due = models.DateField(_("due date"))
    expected_gain = models.DecimalField(
        _("expected gain per year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    platform_cost = models.DecimalField(
        _("platform cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    people_cost = models.DecimalField(
        _("people cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    integration_months = models.DecimalField(
        _("integration time (months)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    payback_months = models.DecimalField(
        _("payback (months)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.metric or self.lifecycle_metric

    @property
    def metric_title(self) -> str:
        """The metric named in words, or the name of the lifecycle metric it moves."""
        from lifecycle.metrics import metric_title

        return self.metric or metric_title(self.lifecycle_metric)

    def clean(self) -> None:
        if not self.metric.strip() and not self.lifecycle_metric:
            raise ValidationError({"metric": NO_METRIC})

    def roi(self) -> "RoiReading":
        """The payback and risk reading of this goal's figures (SPEC.md 2.2)."""
        return roi_reading(
            expected_gain=self.expected_gain,
            platform_cost=self.platform_cost,
            people_cost=self.people_cost,
            integration_months=self.integration_months,
            payback_months=self.payback_months,
        )


SHARE_SALT = "assessments.share"


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def live(self) -> "ShareLinkQuerySet":
        """Links that still open: not revoked, not expired, to a submitted assessment."""
        from django.utils import timezone

        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            assessment__status=Assessment.Status.SUBMITTED,
        )


class ShareLink(models.Model):
    """A read-only link to one submitted result, for people without an account."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.assessment} until {self.expires_at:%Y-%m-%d}"

    @property
    def token(self) -> str:
        """The signed token of the public URL /shared/<token>/."""
        from django.core import signing

        return signing.dumps(self.pk, salt=SHARE_SALT)


# Team assessments live in their own module; importing it here registers its models.
from assessments.team_models import (  # noqa: E402
    Consolidation as Consolidation,
)
from assessments.team_models import Evidence as Evidence  # noqa: E402
from assessments.team_models import Respondent as Respondent  # noqa: E402
from assessments.team_models import Response as Response  # noqa: E402
