"""Lifecycle pages: membership first (404 for anyone else), one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lifecycle.dashboard import dashboard as build_dashboard
from lifecycle.forms import FiguresPasteForm, OrdersUploadForm, PeriodFiguresForm
from lifecycle.models import OrdersImport
from lifecycle.services import orders_import_delete, orders_import_start, period_figures_save
from organizations.models import Organization


def _organization(request: HttpRequest, slug: str) -> Organization:
    return get_object_or_404(Organization.objects.for_user(request.user), slug=slug)


def _import(request: HttpRequest, slug: str, pk: int) -> OrdersImport:
    return get_object_or_404(
        OrdersImport.objects.filter(organization__in=Organization.objects.for_user(request.user)),
        organization__slug=slug,
        pk=pk,
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(request, slug)
    board = build_dashboard(organization=organization)
    return render(request, "lifecycle/dashboard.html", {"board": board})


@login_required
def figures(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(request, slug)
    one = PeriodFiguresForm(request.POST if "save_month" in request.POST else None)
    paste = FiguresPasteForm(request.POST if "paste" in request.POST else None)
    if request.method == "POST":
        form = one if "save_month" in request.POST else paste
        if form.is_valid():
            rows = [{**form.cleaned_data}] if form is one else form.cleaned_data["table"]
            count = period_figures_save(organization=organization, rows=rows)
            messages.success(
                request,
                ngettext("%(count)d month saved.", "%(count)d months saved.", count)
                % {"count": count},
            )
            return redirect("lifecycle:figures", slug=slug)
    return render(
        request,
        "lifecycle/figures.html",
        {
            "organization": organization,
            "form": one,
            "paste": paste,
            "rows": organization.period_figures.order_by("-month"),
        },
    )


@login_required
def imports(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(request, slug)
    form = OrdersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        started = orders_import_start(
            organization=organization,
            user=request.user,
            filename=upload.name,
            data=upload.read(),
            as_of=form.cleaned_data["as_of"],
        )
        if started.status == OrdersImport.Status.FAILED:
            for problem in started.error.splitlines():
                form.add_error("file", problem)
            orders_import_delete(orders_import=started)
        else:
            return redirect("lifecycle:import", slug=slug, pk=started.pk)
    return render(
        request,
        "lifecycle/imports.html",
        {"organization": organization, "form": form, "imports": organization.orders_imports.all()},
    )


@login_required
def import_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    orders_import = _import(request, slug, pk)
    return render(
        request,
        "lifecycle/import.html",
        {"organization": orders_import.organization, "orders_import": orders_import},
    )


@login_required
def import_status(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    orders_import = _import(request, slug, pk)
    return JsonResponse(
        {
            "status": orders_import.status,
            "label": orders_import.get_status_display(),
            "progress": orders_import.progress,
            "error": orders_import.error,
            "done": orders_import.status in (OrdersImport.Status.DONE, OrdersImport.Status.FAILED),
        }
    )


@login_required
@require_POST
def import_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    orders_import = _import(request, slug, pk)
    orders_import_delete(orders_import=orders_import)
    messages.success(request, _("The import and everything derived from it are deleted."))
    return redirect("lifecycle:imports", slug=slug)
