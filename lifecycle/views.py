"""Lifecycle pages: membership first (404 for anyone else), one service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.requests import request_user
from lifecycle.dashboard import dashboard as build_dashboard
from lifecycle.forms import FiguresPasteForm, OrdersUploadForm, PeriodFiguresForm
from lifecycle.models import FIGURE_FIELDS, OrdersImport, PeriodFigures
from lifecycle.orders_file import OrdersFileError
from lifecycle.services import (
    orders_import_delete,
    orders_import_start,
    orders_imports_fail_stale,
    period_figures_save,
)
from lifecycle.uploads import OrdersUploadLimit
from organizations.models import Organization


def _organization(request: HttpRequest, slug: str) -> Organization:
    return get_object_or_404(Organization.objects.for_user(request.user), slug=slug)


def _import(request: HttpRequest, slug: str, pk: int) -> OrdersImport:
    orders_import = get_object_or_404(
        OrdersImport.objects.filter(organization__in=Organization.objects.for_user(request.user)),
        organization__slug=slug,
        pk=pk,
    )
    orders_imports_fail_stale(orders_imports=[orders_import])
    return orders_import


def _figure_title(name: str) -> str | Promise:
    field = PeriodFigures._meta.get_field(name)
    assert isinstance(field, models.Field)  # the figures are the model's own columns
    return field.verbose_name


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
            "columns": [_figure_title(name) for name in FIGURE_FIELDS],
            "rows": [
                (row.month, [getattr(row, name) for name in FIGURE_FIELDS])
                for row in organization.period_figures.order_by("-month")
            ],
        },
    )


@csrf_exempt
@login_required
def imports(request: HttpRequest, slug: str) -> HttpResponse:
    # The size limit has to be in place before anything reads the body, the CSRF check
    # included, so that check runs after it (Django docs: modifying upload handlers).
    organization = _organization(request, slug)
    limit = OrdersUploadLimit(request, limit=settings.ORDERS_MAX_BYTES)
    request.upload_handlers.insert(0, limit)
    return _imports(request, organization, limit)


@csrf_protect
def _imports(
    request: HttpRequest, organization: Organization, limit: OrdersUploadLimit
) -> HttpResponse:
    user = request_user(request)  # login_required (imports)
    form = (
        OrdersUploadForm(request.POST, request.FILES, too_large=limit.refused)
        if request.method == "POST"
        else OrdersUploadForm()
    )
    if request.method == "POST" and form.is_valid():
        try:
            started = orders_import_start(
                organization=organization,
                user=user,
                upload=form.cleaned_data["file"],
                as_of=form.cleaned_data["as_of"],
            )
        except OrdersFileError as exc:
            for problem in exc.problems:
                form.add_error("file", problem)
        else:
            if started.status != OrdersImport.Status.FAILED:
                return redirect("lifecycle:import", slug=organization.slug, pk=started.pk)
            for problem in started.error.splitlines():
                form.add_error("file", problem)
            orders_import_delete(orders_import=started)
    imports = list(organization.orders_imports.all())
    orders_imports_fail_stale(orders_imports=imports)
    return render(
        request,
        "lifecycle/imports.html",
        {"organization": organization, "form": form, "imports": imports},
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
    done = orders_import.status == OrdersImport.Status.DONE
    return JsonResponse(
        {
            "status": orders_import.status,
            "label": orders_import.get_status_display(),
            "progress": orders_import.progress,
            "error": orders_import.error,
            "done": orders_import.is_finished,
            # what the import page says of a finished import, so the page shows it in place
            "summary": render_to_string(
                "lifecycle/_import_summary.html", {"orders_import": orders_import}
            ).strip()
            if done
            else "",
        }
    )


@login_required
@require_POST
def import_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    orders_import = _import(request, slug, pk)
    orders_import_delete(orders_import=orders_import)
    messages.success(request, _("The import and everything derived from it are deleted."))
    return redirect("lifecycle:imports", slug=slug)
