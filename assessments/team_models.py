"""Team assessments: respondents, their own answers, the owner's consolidation reasons, and
evidence (links or files) on any answer. Imported by assessments.models, so Django sees them."""

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import AnswerFields, Assessment
from maturity.models import Question
from organizations.models import Invitation


class Respondent(models.Model):
    """Someone asked to answer a team assessment: the whole questionnaire, or some elements.

    A colleague is a user of the organization; a new person is an email-bound invitation
    until they accept it (then `user` is filled in the first time they open the draft)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondent"),
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Element keys this respondent answers; empty: the whole questionnaire.
    elements = models.JSONField(_("elements"), default=list, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"],
                condition=models.Q(user__isnull=False),
                name="one_respondent_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def person(self) -> User | None:
        """The account answering: the user, or whoever accepted the invitation."""
        if self.user is not None:
            return self.user
        return self.invitation.accepted_by if self.invitation is not None else None

    @property
    def name(self) -> str:
        person = self.person
        if person is not None:
            return person.get_full_name() or person.username
        return self.invitation.email if self.invitation is not None else "?"

    def covers(self, element_key: str) -> bool:
        return not self.elements or element_key in self.elements


class Response(AnswerFields):
    """One respondent's answer to one question: never scored, only consolidated."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "question"], name="one_response_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id} {self.question_id}: {self.option_id}"


class Consolidation(models.Model):
    """Why the owner chose the consolidated answer of a question (the Answer row holds it)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="consolidations"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consolidation")
        verbose_name_plural = _("consolidations")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_consolidation_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.question_id}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A random name under the assessment's folder: never the uploader's file name."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "webp"
    )
    return f"evidence/{instance.assessment_id}/{secrets.token_hex(16)}.{extension}"


class Evidence(models.Model):
    """A link or a file that backs an answer: a respondent's (respondent set) or the
    assessment's own answer (respondent empty: a single respondent, or the owner)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey(
        Respondent, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=200)
    # The link's title or the file's name as uploaded (shown, never used as a path).
    name = models.CharField(_("name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name or self.url

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        stored = self.file.name if self.file else ""
        deleted = super().delete(*args, **kwargs)
        if stored:
            self.file.storage.delete(stored)
        return deleted
