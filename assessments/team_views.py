"""Team assessments: short views. Every one checks membership (404 for outsiders), then who
the user is to this draft: its owner, a respondent (of which elements), or neither (404)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from assessments import evidence as evidence_files
from assessments.autosave import autosave_reply
from assessments.forms import ElementAnswersForm
from assessments.models import Assessment, Evidence, Respondent
from assessments.services import AssessmentLocked, assessment_data
from assessments.team_forms import (
    ConsolidationForm,
    EvidenceForm,
    InviteEmailForm,
    InviteMemberForm,
)
from assessments.team_services import (
    EVIDENCE_TOO_LARGE,
    ConsolidationInvalid,
    OutOfScope,
    TeamRefused,
    consolidation_rows,
    consolidation_save,
    evidence_add,
    evidence_delete,
    evidence_max_bytes,
    is_owner,
    may_remove_evidence,
    respondent_answer_page,
    respondent_data,
    respondent_for,
    respondent_invite_email,
    respondent_invite_member,
    respondent_progress,
    respondent_remove,
    response_save,
    team_overview,
)
from core.requests import request_user
from lifecycle.uploads import OrdersUploadLimit
from maturity.models import Question


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment, if the user is a member of its organization; 404 otherwise."""
    return get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "organization", "questionnaire", "started_by"
        ),
        pk=pk,
    )


def _owned_draft(request: HttpRequest, pk: int) -> Assessment:
    """A draft the user started (only she invites and consolidates); 404 for anyone else."""
    assessment = _assessment(request, pk)
    if not assessment.is_draft or not is_owner(assessment, request_user(request)):
        raise Http404("not the owner of this draft")
    return assessment


def _limit_mb() -> str:
    return f"{evidence_max_bytes() / 2**20:g}"


# -- the team page: respondents, progress, invitations ---------------------------------------


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's view of who answers what and how far they are, with the invitations; a
    respondent sees her own part and progress only."""
    assessment = _assessment(request, pk)
    if not assessment.is_draft:
        return redirect("assessments:result", pk=pk)
    user = request_user(request)
    data = assessment_data(assessment=assessment)
    if not is_owner(assessment, user):
        respondent = respondent_for(assessment=assessment, user=user) if assessment.team else None
        if respondent is None:
            raise Http404("neither owner nor respondent")
        progress = respondent_progress(assessment=assessment, respondent=respondent)
        return render(
            request,
            "assessments/team/respondent.html",
            {
                "assessment": assessment,
                "respondent": respondent,
                "progress": progress,
                "elements": [
                    (e, *progress.elements[e.key])
                    for e in data.elements
                    if respondent.covers(e.key)
                ],
            },
        )
    return _owner_page(request, assessment, data=data)


def _owner_page(
    request: HttpRequest,
    assessment: Assessment,
    *,
    data: Any = None,
    created: dict[str, Any] | None = None,
) -> HttpResponse:
    data = data or assessment_data(assessment=assessment)
    members = User.objects.filter(memberships__organization=assessment.organization_id).order_by(
        "username"
    )
    return render(
        request,
        "assessments/team/team.html",
        {
            "assessment": assessment,
            "overview": team_overview(data=data) if assessment.team else None,
            # two forms on one page: their fields' ids must differ
            "member_form": InviteMemberForm(
                members=members, elements=data.elements, auto_id="member_%s"
            ),
            "email_form": InviteEmailForm(elements=data.elements, auto_id="email_%s"),
            # an email invitation's link, in this response only: the token is stored nowhere
            "created": created,
        },
    )


@never_cache  # the response to an email invitation carries its link
@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _owned_draft(request, pk)
    owner = request_user(request)
    elements = list(assessment.questionnaire.elements.order_by("order"))
    try:
        if "email" in request.POST:
            form: Any = InviteEmailForm(request.POST, elements=elements)
            if form.is_valid():
                respondent, link, mailed = respondent_invite_email(
                    assessment=assessment,
                    owner=owner,
                    email=form.cleaned_data["email"],
                    elements=form.cleaned_data["elements"],
                    link_for=lambda token: request.build_absolute_uri(
                        reverse("organizations:invitation", kwargs={"token": token})
                    ),
                )
                return _owner_page(
                    request,
                    assessment,
                    created={"email": respondent.name, "link": link, "mailed": mailed},
                )
        else:
            members = User.objects.filter(memberships__organization=assessment.organization_id)
            form = InviteMemberForm(request.POST, members=members, elements=elements)
            if form.is_valid():
                respondent = respondent_invite_member(
                    assessment=assessment,
                    owner=owner,
                    user=form.cleaned_data["user"],
                    elements=form.cleaned_data["elements"],
                )
                messages.success(
                    request, _("%(name)s is asked to answer.") % {"name": respondent.name}
                )
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for e in form.errors.values()))
    except TeamRefused as refused:
        messages.error(request, str(refused))
    except AssessmentLocked as locked:
        messages.error(request, str(locked))
    return redirect("team:team", pk=pk)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    assessment = _owned_draft(request, pk)
    if not respondent_remove(assessment=assessment, respondent_pk=respondent_pk):
        raise Http404("no such respondent")
    messages.success(request, _("The respondent is removed, with their answers."))
    return redirect("team:team", pk=pk)


# -- consolidation -------------------------------------------------------------------------


@login_required
def consolidate(request: HttpRequest, pk: int, element: str) -> HttpResponse:
    """Each respondent's answer, note and evidence per question of one element, disagreement
    marked; the owner sets the consolidated answers (the only ones scored) with reasons."""
    assessment = _owned_draft(request, pk)
    if not assessment.team:
        raise Http404("not a team assessment")
    data = assessment_data(assessment=assessment)
    elements = data.elements
    keys = [e.key for e in elements]
    if element not in keys:
        raise Http404("no such element")
    rows = consolidation_rows(data=data, element_key=element)
    form = ConsolidationForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            consolidation_save(
                data=data,
                element_key=element,
                user=request_user(request),
                decisions=form.decisions(),
            )
        except ConsolidationInvalid as invalid:
            for question_pk, message in invalid.errors.items():
                form.add_error(f"reason-{question_pk}", message)
        else:
            messages.success(request, _("The consolidated answers are saved."))
            index = keys.index(element)
            if index + 1 < len(keys):
                return redirect("team:consolidate", pk=pk, element=keys[index + 1])
            return redirect("assessments:review", pk=pk)
    return render(
        request,
        "assessments/team/consolidate.html",
        {
            "assessment": assessment,
            "element": elements[keys.index(element)],
            "elements": elements,
            "form": form,
        },
    )


# -- answering as a respondent (called by assessments.views for a team draft) ---------------


def answer(request: HttpRequest, assessment: Assessment, element: str) -> HttpResponse:
    """The answer page of one element of the respondent's part: her own answers only."""
    user = request_user(request)
    respondent = respondent_for(assessment=assessment, user=user)
    if respondent is None:
        if is_owner(assessment, user):
            return redirect("team:team", pk=assessment.pk)
        raise Http404("not a respondent")
    data = respondent_data(assessment=assessment, respondent=respondent)
    try:
        page = respondent_answer_page(data, element, respondent)
    except OutOfScope as exc:
        raise Http404("not in the respondent's part") from exc
    form = ElementAnswersForm(request.POST or None, questions=page.questions, answers=data.answers)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for question, option_key, note in form.choices():
                    response_save(
                        assessment=assessment,
                        respondent=respondent,
                        question=question,
                        option=question.option_by_key(option_key),
                        note=note,
                    )
        except AssessmentLocked as locked:
            messages.error(request, str(locked))
            return redirect("assessments:result", pk=assessment.pk)
        if "stay" in request.POST:
            messages.success(request, _("Your answers are saved."))
            return redirect("assessments:answer", pk=assessment.pk, element=element)
        if page.next_element is not None:
            return redirect("assessments:answer", pk=assessment.pk, element=page.next_element.key)
        return redirect("team:team", pk=assessment.pk)
    counts = dict(
        Evidence.objects.filter(respondent=respondent)
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )
    return render(
        request,
        "assessments/answer.html",
        {"page": page, "form": form, "team_respondent": respondent, "evidence_counts": counts},
    )


def autosave(
    request: HttpRequest,
    assessment: Assessment,
    question: Question,
    seq: int | None,
    changes: dict[str, Any],
) -> JsonResponse:
    """One respondent's answer from the page's script, in her part only (404 elsewhere, 409
    once the owner submitted: nothing is changed)."""
    user = request_user(request)
    respondent = respondent_for(assessment=assessment, user=user)
    if respondent is None:
        return JsonResponse(
            {"error": _("You are not a respondent of this assessment.")}, status=404
        )
    try:
        saved = response_save(
            assessment=assessment, respondent=respondent, question=question, seq=seq, **changes
        )
    except AssessmentLocked as exc:
        return JsonResponse({"error": str(exc), "locked": True}, status=409)
    except OutOfScope as exc:
        return JsonResponse({"error": str(exc)}, status=404)
    progress = respondent_progress(assessment=assessment, respondent=respondent)
    return autosave_reply(saved=saved, question=question, progress=progress)


# -- evidence ------------------------------------------------------------------------------


def _acting(assessment: Assessment, user: User, element_key: str) -> tuple[bool, Respondent | None]:
    """(may see every piece of evidence on the question, the respondent adding as) for a
    member on a draft; 404 when her part does not hold the element."""
    if not assessment.team:
        return True, None  # a single-respondent draft: every member answers it
    respondent = respondent_for(assessment=assessment, user=user)
    if respondent is not None and respondent.covers(element_key):
        return is_owner(assessment, user), respondent
    if is_owner(assessment, user):
        return True, None  # evidence on the consolidated answer
    raise Http404("not in the user's part")


@csrf_exempt  # checked by _evidence, once the size limit is in place
@login_required
def evidence(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The evidence on one answer: links and files, and forms to add more while a draft."""
    # The size limit has to be in place before anything reads the body, the CSRF check
    # included: a file over it is stopped while it streams, never stored whole.
    limit = OrdersUploadLimit(request, limit=evidence_max_bytes())
    request.upload_handlers.insert(0, limit)
    return _evidence(request, pk, key, limit)


@csrf_protect
def _evidence(request: HttpRequest, pk: int, key: str, limit: OrdersUploadLimit) -> HttpResponse:
    assessment = _assessment(request, pk)
    question = get_object_or_404(
        Question.objects.select_related("element"), questionnaire=assessment.questionnaire, key=key
    )
    user = request_user(request)
    items = Evidence.objects.filter(assessment=assessment, question=question).select_related(
        "respondent__user", "respondent__invitation__accepted_by", "added_by"
    )
    respondent: Respondent | None = None
    sees_all = False
    if assessment.is_draft:
        sees_all, respondent = _acting(assessment, user, question.element.key)
        if not sees_all:
            items = items.filter(respondent=respondent)
    form = EvidenceForm(request.POST or None, request.FILES or None, limit_mb=_limit_mb())
    if request.method == "POST":
        if not assessment.is_draft:
            messages.error(request, _("This assessment has been submitted; its evidence is kept."))
            return redirect("team:evidence", pk=pk, key=key)
        if limit.refused:
            form = EvidenceForm(request.POST.dict(), limit_mb=_limit_mb())
            form.is_valid()  # the other fields' errors, then this one
            form.add_error(None, str(EVIDENCE_TOO_LARGE % {"limit": _limit_mb()}))
        elif form.is_valid():
            try:
                evidence_add(
                    assessment=assessment,
                    question=question,
                    respondent=respondent,
                    user=user,
                    url=form.cleaned_data["url"] or "",
                    name=form.cleaned_data["name"],
                    upload=form.cleaned_data["file"],
                )
            except (TeamRefused, AssessmentLocked) as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("The evidence is added."))
                return redirect("team:evidence", pk=pk, key=key)
    shown = list(items)
    return render(
        request,
        "assessments/team/evidence.html",
        {
            "assessment": assessment,
            "question": question,
            "items": shown,
            "form": form if assessment.is_draft else None,
            "respondent": respondent,
            # what the user may remove (assessments.team_services.may_remove_evidence)
            "removable": {
                item.pk for item in shown if may_remove_evidence(item, user, sees_all=sees_all)
            },
        },
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    item = get_object_or_404(
        Evidence.objects.select_related("question__element", "respondent"),
        pk=evidence_pk,
        assessment=assessment,
    )
    user = request_user(request)
    if not assessment.is_draft:
        raise Http404("submitted")
    sees_all, _respondent = _acting(assessment, user, item.question.element.key)
    if not may_remove_evidence(item, user, sees_all=sees_all):
        raise Http404("another person's evidence")
    evidence_delete(evidence=item)
    messages.success(request, _("The evidence is removed."))
    return redirect("team:evidence", pk=pk, key=item.question.key)


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """A stored evidence file, to members only (never from MEDIA_URL): on a team draft only
    to the owner and to the respondent who added it. Its type is the one its content was
    checked to be, never rendered as anything else."""
    assessment = _assessment(request, pk)
    item = get_object_or_404(
        Evidence.objects.select_related("question__element", "respondent"),
        pk=evidence_pk,
        assessment=assessment,
    )
    if not item.file:
        raise Http404("a link, not a file")
    if assessment.is_draft:
        sees_all, respondent = _acting(assessment, request_user(request), item.question.element.key)
        if not sees_all and item.respondent_id != getattr(respondent, "pk", None):
            raise Http404("another respondent's evidence")
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.content_type not in evidence_files.IMAGES,
        filename=item.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
