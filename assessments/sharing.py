"""Sharing a result: signed read-only links, the print-ready report and the JSON export."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments import pages
from assessments.models import Assessment, ShareLink
from assessments.services import (
    assessment_answers_document,
    assessment_data,
    share_link_create,
    share_link_from_token,
    share_link_gone,
    share_link_revoke,
)
from assessments.team_services import evidence_url, is_owner, team_document
from core.requests import request_user

SHARE_DAYS = (7, 30, 90)
# px: A4 is 210 mm wide, 180 mm (680 px) inside its margins; the report is as wide on screen.
REPORT_CHART_WIDTH = 620


def _day_choices() -> list[tuple[int, str]]:
    """Evaluated at each render, so in the language of the request."""
    return [
        (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
        for days in SHARE_DAYS
    ]


class ShareForm(forms.Form):
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"), choices=_day_choices, coerce=int, initial=30
    )


def _member_assessment(request: HttpRequest, pk: int, *, submitted: bool) -> Assessment:
    """The assessment, if the user is a member of its organization (and it is submitted)."""
    assessments = Assessment.objects.for_user(request.user).select_related(
        "organization", "questionnaire", "submitted_by"
    )
    if submitted:
        assessments = assessments.submitted()
    return get_object_or_404(assessments, pk=pk)


def _share_panel_url(pk: int) -> str:
    return reverse("assessments:result", kwargs={"pk": pk}) + "#share"


@login_required
@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _member_assessment(request, pk, submitted=True)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how long the link stays valid: 7, 30 or 90 days."))
        return redirect(_share_panel_url(pk))
    share_link_create(
        assessment=assessment, user=request_user(request), days=form.cleaned_data["days"]
    )
    messages.success(
        request,
        _("The share link is ready. Anyone who has it can see this result until it expires."),
    )
    return redirect(_share_panel_url(pk))


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    assessment = _member_assessment(request, pk, submitted=True)
    link = get_object_or_404(ShareLink, pk=link_pk, assessment=assessment)
    share_link_revoke(link=link)
    messages.success(request, _("The share link is revoked: it no longer opens."))
    return redirect(_share_panel_url(pk))


@never_cache
@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The public, read-only result: no login, nothing beyond the result itself."""
    link = share_link_from_token(token)
    if link is None:
        # A link that was revoked or has expired says so (410 Gone); any other token is a
        # plain 404, the same page saying it does not exist.
        reason = share_link_gone(token)
        response = render(
            request,
            "assessments/shared_gone.html",
            {"reason": reason or "unknown"},
            status=410 if reason else 404,
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    data = assessment_data(assessment=link.assessment)
    response = render(
        request,
        "assessments/shared.html",
        # The peer line is as the person who shared it would see it.
        {"page": pages.result_page(data, viewer_id=link.created_by_id), "link": link},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Result, charts, roadmap and goals on one page that prints cleanly to PDF."""
    assessment = _member_assessment(request, pk, submitted=True)
    data = assessment_data(assessment=assessment)
    roadmap = pages.roadmap_page(data)
    goals = [(goal, goal.roi()) for goal in assessment.goals.select_related("question__element")]
    page = pages.result_page(data, viewer_id=request.user.pk)
    for figure in page.charts.values():
        # A fixed size: Plotly then never resizes them, and they fit A4 between 15 mm margins.
        figure["layout"]["width"] = REPORT_CHART_WIDTH
        figure["layout"].setdefault("height", 400)
    return render(
        request,
        "assessments/report.html",
        {
            "page": page,
            "roadmap": roadmap,
            "goals": goals,
            "goal_questions": {goal.question_id for goal, _roi in goals},
            "printed_at": timezone.now(),
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """One assessment as a JSON download that `manage.py score` accepts."""
    assessment = _member_assessment(request, pk, submitted=False)
    document = assessment_answers_document(assessment=assessment)
    if assessment.team:
        # A team draft's answers are the owner's to see until it is submitted.
        if assessment.is_draft and not is_owner(assessment, request_user(request)):
            raise Http404("a team draft, not the owner")
        document["team"] = team_document(
            data=assessment_data(assessment=assessment), evidence_url=evidence_url
        )
    body = json.dumps(document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"{assessment.organization.slug}-assessment-{assessment.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
