"""Short views: check membership, call one service, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import pages, services, team_views
from assessments.autosave import autosave_reply
from assessments.forms import ElementAnswersForm, GoalForm, PlanForm
from assessments.models import Assessment, Goal
from assessments.services import (
    AssessmentIncomplete,
    AssessmentLocked,
    answer_save,
    assessment_copy,
    assessment_data,
    assessment_plan_update,
    assessment_progress,
    assessment_start,
    assessment_submit,
    goal_form_options,
    goal_save,
    question_with_options,
)
from assessments.team_services import gates_without_evidence, is_owner
from core.page_cache import cached_page
from core.requests import request_user
from lifecycle.metrics import lifecycle_snapshot
from maturity.services import QuestionnaireNotFound, questionnaire_content
from organizations.models import Organization

RESULT_FROZEN = "assessments/_result_frozen.html"


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    """The assessment, if the user is a member of its organization; 404 otherwise."""
    return get_object_or_404(
        Assessment.objects.for_user(request.user).select_related(
            "organization", "questionnaire", "submitted_by"
        ),
        pk=pk,
    )


def _submitted(request: HttpRequest, pk: int) -> Assessment:
    assessment = _assessment(request, pk)
    if assessment.is_draft:
        raise Http404("not submitted")
    return assessment


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    organization = get_object_or_404(Organization.objects.for_user(request.user), slug=slug)
    # A second draft only by explicit choice ("another"); else the open one is resumed.
    try:
        assessment = assessment_start(
            organization=organization,
            user=request_user(request),
            resume_draft="another" not in request.POST,
        )
    except QuestionnaireNotFound as exc:
        messages.error(request, str(exc))
        return redirect("home")
    return redirect("assessments:detail", pk=assessment.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_draft:
        return redirect("assessments:result", pk=pk)
    if assessment.team:
        return redirect("team:team", pk=pk)
    data = assessment_data(assessment=assessment)
    progress = data.progress()
    for element in data.elements:
        answered, total = progress.elements[element.key]
        if answered < total:
            return redirect("assessments:answer", pk=pk, element=element.key)
    return redirect("assessments:review", pk=pk)


@login_required
def answer(request: HttpRequest, pk: int, element: str) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_draft:
        return redirect("assessments:result", pk=pk)
    if assessment.team:  # a respondent answers her own part
        return team_views.answer(request, assessment, element)
    data = assessment_data(assessment=assessment)
    page = pages.answer_page(data, element)
    form = ElementAnswersForm(request.POST or None, questions=page.questions, answers=data.answers)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for question, option_key, note in form.choices():
                answer_save(
                    assessment=assessment,
                    question=question,
                    option=question.option_by_key(option_key),
                    note=note,
                )
        if "stay" in request.POST:
            messages.success(request, _("Your answers are saved."))
            return redirect("assessments:answer", pk=pk, element=element)
        if page.next_element is not None:
            return redirect("assessments:answer", pk=pk, element=page.next_element.key)
        return redirect("assessments:review", pk=pk)
    return render(request, "assessments/answer.html", {"page": page, "form": form})


def _bigint(value: str | None) -> int | None:
    """A whole number that fits a BigIntegerField, from a form field; None for anything else."""
    if value is None or not (value.isascii() and value.isdigit()) or int(value) >= 2**63:
        return None
    return int(value)


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """One answer from the page's script: write one row, return the counts that changed."""
    # Only what autosave needs (the membership rule is the same as every page's).
    assessment = get_object_or_404(
        Assessment.objects.for_user(request.user).select_related("questionnaire"), pk=pk
    )
    question_id = _bigint(request.POST.get("question"))
    question = (
        question_with_options(questionnaire=assessment.questionnaire, pk=question_id)
        if question_id is not None
        else None
    )
    if question is None:
        return JsonResponse({"error": _("Unknown question.")}, status=400)
    # Without a sequence number (an older page still open) the write always applies.
    seq = _bigint(request.POST.get("seq"))
    if "seq" in request.POST and seq is None:
        return JsonResponse({"error": _("Invalid sequence number.")}, status=400)
    changes: dict[str, Any] = {}
    if "option" in request.POST:
        key = request.POST["option"]
        changes["option"] = question.option_by_key(key)
        if key and changes["option"] is None:
            return JsonResponse({"error": _("Unknown answer option.")}, status=400)
    if "note" in request.POST:
        changes["note"] = request.POST["note"][:5000]
    if assessment.team:  # a respondent's own answer, in her part only
        return team_views.autosave(request, assessment, question, seq, changes)
    try:
        saved = answer_save(
            assessment=assessment,
            question=question,
            seq=seq,
            **changes,
        )
    except AssessmentLocked as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    progress = assessment_progress(assessment=assessment)
    return autosave_reply(saved=saved, question=question, progress=progress)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if not assessment.is_draft:
        return redirect("assessments:result", pk=pk)
    if assessment.team and not is_owner(assessment, request_user(request)):
        return redirect("team:team", pk=pk)  # only the owner sees the consolidated answers
    data = assessment_data(assessment=assessment)
    return render(
        request,
        "assessments/review.html",
        {"page": pages.review_page(data), "unbacked_gates": gates_without_evidence(data=data)},
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if assessment.team and not is_owner(assessment, request_user(request)):
        raise Http404("only the owner submits a team assessment")
    try:
        assessment_submit(assessment=assessment, user=request_user(request))
    except AssessmentIncomplete as exc:
        messages.error(request, str(exc))
        return redirect("assessments:review", pk=pk)
    messages.success(request, _("Submitted. Here is your result."))
    return redirect("assessments:result", pk=pk)


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    if assessment.is_draft:
        return redirect("assessments:review", pk=pk)
    line = pages.PeerLine.of(assessment, request.user.pk)
    links = pages.live_links(assessment)
    plan = pages.live_key(assessment, "plan")

    def render_page(extra: dict[str, Any]) -> HttpResponse:
        # The frozen part (body, figures, answers) is rendered once per assessment, language
        # and peer line; "start here" and the drop-off once per version of the organization's
        # lifecycle figures, which change after submission.
        frozen, page = pages.cached_result(
            assessment, viewer_id=request.user.pk, template=RESULT_FROZEN, line=line
        )
        context = {
            "assessment": assessment,
            "frozen": frozen,
            "page": page,
            "plan": pages.cached_plan(assessment, plan),
            "links": links,
        }
        return render(request, "assessments/result.html", {**context, **extra})

    # The whole page, once per version of all it shows (the form's token filled in).
    parts = pages.result_page_parts(assessment, line, links, RESULT_FROZEN, plan)
    if parts is None:
        return render_page({})
    return cached_page(request, "assessments:result", parts, render_page)


@login_required
def roadmap(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _submitted(request, pk)
    # All but the form is rendered once per version of what it shows (assessment, bank
    # version, language, lifecycle figures, goals, day): see pages.cached_roadmap.
    frozen, page = pages.cached_roadmap(assessment, list(assessment.goals.all()))
    content = questionnaire_content(assessment.questionnaire)
    form = PlanForm(
        request.POST or None,
        elements=list(content.elements.all()),
        stages=list(content.stages.all()),
        initial=frozen.plan_initial,
    )
    if request.method == "POST" and form.is_valid():
        assessment_plan_update(
            assessment=assessment, targets=form.targets(), phase_ends=form.phase_ends()
        )
        messages.success(request, _("The roadmap follows your new targets."))
        return redirect("assessments:roadmap", pk=pk)
    return render(
        request, "assessments/roadmap.html", {"page": page, "frozen": frozen, "form": form}
    )


@login_required
def goal_edit(request: HttpRequest, pk: int, key: str, goal_pk: int | None = None) -> HttpResponse:
    assessment = _submitted(request, pk)
    question = get_object_or_404(assessment.questionnaire.questions, key=key)
    goal = (
        get_object_or_404(Goal, pk=goal_pk, assessment=assessment, question=question)
        if goal_pk is not None
        else Goal(assessment=assessment, question=question, created_by=request_user(request))
    )
    options = goal_form_options(
        question=question, snapshot=lifecycle_snapshot(organization=assessment.organization)
    )
    form = GoalForm(
        request.POST or None,
        instance=goal,
        initial={} if goal.pk else options["initial"],
        metrics=options["metrics"],
        latest=options["latest"],
        currency=assessment.organization.currency,
    )
    if request.method == "POST" and form.is_valid():
        saved = goal_save(goal=goal, values=form.cleaned_data)
        messages.success(request, _("The goal is saved."))
        return redirect(reverse("assessments:roadmap", kwargs={"pk": pk}) + f"#goal-{saved.pk}")
    return render(
        request,
        "assessments/goal_form.html",
        {"assessment": assessment, "question": question, "form": form, "goal": goal},
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    assessment = _submitted(request, pk)
    goals = Goal.objects.filter(pk=goal_pk, assessment=assessment)
    key = goals.values_list("question__key", flat=True).first() or ""
    if not services.goal_delete(assessment=assessment, goal_pk=goal_pk):
        raise Http404("no such goal of this assessment")
    messages.success(request, _("The goal is deleted."))
    # back to its roadmap item
    return redirect(reverse("assessments:roadmap", kwargs={"pk": pk}) + f"#item-{key}")


@login_required
@require_POST
def copy(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _submitted(request, pk)
    try:
        copied = assessment_copy(assessment=assessment, user=request_user(request))
    except QuestionnaireNotFound as exc:
        messages.error(request, str(exc))
        return redirect("assessments:result", pk=pk)
    draft = copied.draft
    texts = {
        question.key: question.text
        for question in draft.questionnaire.questions.filter(
            key__in=[*copied.new_keys, *copied.not_carried]
        ).order_by("element__order", "order")
    }
    if copied.new_keys:
        messages.info(
            request,
            _("Your answers are copied. New in this version: %(questions)s")
            % {"questions": "; ".join(texts[key] for key in texts if key in copied.new_keys)},
        )
    else:
        messages.info(request, _("Your answers are copied into a new draft."))
    if copied.not_carried:
        messages.warning(
            request,
            _(
                "Answer these again: this version no longer offers the level you chose "
                "(for example “not applicable” on a legal duty): %(questions)s"
            )
            % {"questions": "; ".join(texts[key] for key in texts if key in copied.not_carried)},
        )
    return redirect("assessments:detail", pk=draft.pk)
