"""The question bank in Django admin: versions with stages and elements, questions with options."""

from collections.abc import Iterator
from typing import Any, TypedDict, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import FieldOpts, StrOrPromise, WithAnnotations

from maturity import diff
from maturity.interchange import DocumentError, errors
from maturity.models import (
    DEFAULT_SLUG,
    AnswerOption,
    Element,
    Question,
    Questionnaire,
    Stage,
)
from maturity.services import (
    QuestionnaireInvalid,
    questionnaire_changes,
    questionnaire_draft_from,
    questionnaire_file_export,
    questionnaire_file_read,
    questionnaire_import,
    questionnaire_publish,
    questionnaire_validate,
)
from maturity.spreadsheet import WorkbookError
from maturity.translation import REVIEWED, text_fields

NEW_DRAFT_FROM_DRAFT = _(
    "A draft is edited as it is: a new draft is made from a published version only."
)

EXPORT_TYPES = {
    "json": "application/json",
    "yaml": "application/yaml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


type VersionRow = Questionnaire | Stage | Element | Question | AnswerOption


def _published(obj: VersionRow | None) -> bool:
    """Whether `obj` (a version or one of its parts) belongs to a published version."""
    if obj is None:
        return False
    if isinstance(obj, Questionnaire):
        return obj.is_published
    if isinstance(obj, AnswerOption):
        return obj.question.questionnaire.is_published
    return obj.questionnaire.is_published


_Row = TypeVar("_Row", bound=VersionRow)
_Child = TypeVar("_Child", bound=VersionRow)
_Parent = TypeVar("_Parent", bound=VersionRow)


# The mixins derive from the admin base classes (generic like them) so that their
# super() calls, and those of the admins using them, are typed.
class FrozenWhenPublished(BaseModelAdmin[_Row]):
    """Admin mixin: a published version and its parts are view-only."""

    def has_change_permission(self, request: HttpRequest, obj: _Row | None = None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: _Row | None = None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)


# Any, as in the stubs' InlineModelAdmin: an inline's permission methods get the parent
# row being edited, while the admin's own model is the child.
class FrozenInline(FrozenWhenPublished[Any], InlineModelAdmin[_Child, _Parent]):
    def has_add_permission(self, request: HttpRequest, obj: _Parent | None = None) -> bool:
        return not _published(obj) and super().has_add_permission(request, obj)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Questionnaire file (JSON, YAML or XLSX)"))


def _language_fieldsets(*names: str) -> list[tuple[str, FieldOpts]]:
    return [
        (str(language), {"fields": [f"{name}_{code}" for name in names]})
        for code, language in (("en", _("English")), ("de", _("German")), ("ko", _("Korean")))
    ]


class StageInline(FrozenInline[Stage, Questionnaire], admin.StackedInline[Stage, Questionnaire]):
    model = Stage
    extra = 0
    fields = ["key", "order", *text_fields("title"), *text_fields("description")]


class ElementInline(
    FrozenInline[Element, Questionnaire], admin.TabularInline[Element, Questionnaire]
):
    model = Element
    extra = 0
    fields = ["key", "order", "weight", *text_fields("title")]
    show_change_link = True


class QuestionTotal(TypedDict):
    question_total: int


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenWhenPublished[Questionnaire], admin.ModelAdmin[Questionnaire]):
    list_display = ["slug", "version", "status", "threshold", "question_count", "published_at"]
    list_filter = ["status", "slug"]
    search_fields = ["slug", *text_fields("title")]
    readonly_fields = ["status", "created_at", "published_at"]
    fields = [
        "slug",
        "version",
        "status",
        "threshold",
        *text_fields("title"),
        "created_at",
        "published_at",
    ]
    inlines = [StageInline, ElementInline]
    change_form_template = "admin/maturity/questionnaire/change_form.html"
    change_list_template = "admin/maturity/questionnaire/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Questionnaire]:
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    # quoted: WithAnnotations takes its second argument only when type checking
    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, obj: "WithAnnotations[Questionnaire, QuestionTotal]") -> int:
        return obj.question_total

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="maturity_questionnaire_import"),
            path(
                "<int:pk>/compare/", view(self.compare_view), name="maturity_questionnaire_compare"
            ),
            path(
                "<int:pk>/export/<str:fmt>/",
                view(self.export_view),
                name="maturity_questionnaire_export",
            ),
            path(
                "<int:pk>/new-draft/",
                view(self.new_draft_view),
                name="maturity_questionnaire_new_draft",
            ),
            *super().get_urls(),
        ]

    def _context(
        self, request: HttpRequest, title: StrOrPromise, **extra: object
    ) -> dict[str, object]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def compare_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A draft against the latest published version; publishing is confirmed here."""
        draft = get_object_or_404(Questionnaire, pk=pk)
        if not self.has_view_permission(request, draft):
            return redirect("admin:index")
        published, changes = questionnaire_changes(draft=draft)
        if request.method == "POST":
            if draft.is_published or not super().has_change_permission(request, draft):
                messages.error(request, _("Only a draft can be published."))
            else:
                try:
                    questionnaire_publish(questionnaire=draft)
                except QuestionnaireInvalid as exc:
                    messages.error(
                        request,
                        _("%(label)s was not published: fix these problems first.")
                        % {"label": draft.label},
                    )
                    for problem in exc.problems:
                        messages.error(request, str(problem))
                else:
                    messages.success(request, _("Published %(label)s.") % {"label": draft.label})
            return redirect("admin:maturity_questionnaire_change", draft.pk)
        groups = [(kind, [c for c in changes if c.kind == kind]) for kind in diff.KINDS]
        return render(
            request,
            "admin/maturity/questionnaire/compare.html",
            self._context(
                request,
                _("Changes of %(draft)s") % {"draft": draft.label},
                draft=draft,
                published=published,
                groups=[(kind, items) for kind, items in groups if items],
                change_count=len(changes),
            ),
        )

    def export_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        questionnaire = get_object_or_404(Questionnaire, pk=pk)
        if fmt not in EXPORT_TYPES or not self.has_view_permission(request, questionnaire):
            return redirect("admin:index")
        response = HttpResponse(
            questionnaire_file_export(questionnaire=questionnaire, fmt=fmt),
            content_type=EXPORT_TYPES[fmt],
        )
        filename = f"{questionnaire.slug}-{questionnaire.version}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def new_draft_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Asks first (a link, styled as the other tools), then makes the draft on POST.
        Only a published version is a source: a draft is edited as it is."""
        source = get_object_or_404(Questionnaire, pk=pk)
        if not self.has_add_permission(request):
            return redirect("admin:maturity_questionnaire_change", pk)
        if not source.is_published:
            messages.error(request, NEW_DRAFT_FROM_DRAFT)
            return redirect("admin:maturity_questionnaire_change", pk)
        if request.method != "POST":
            return render(
                request,
                "admin/maturity/questionnaire/new_draft.html",
                self._context(
                    request,
                    _("New draft from %(label)s") % {"label": source.label},
                    source=source,
                ),
            )
        draft = questionnaire_draft_from(questionnaire=source)
        messages.success(
            request,
            _("%(draft)s is a new draft of %(source)s.")
            % {"draft": draft.label, "source": source.label},
        )
        return redirect("admin:maturity_questionnaire_change", draft.pk)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file; every problem is listed where it is, and errors write nothing."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document, where = questionnaire_file_read(data=upload.read(), filename=upload.name)
                problems = questionnaire_validate(document=document, where=where)
                if not errors(problems):
                    draft = questionnaire_import(document=document, where=where)
                    messages.success(
                        request, _("Imported %(label)s as a draft.") % {"label": draft.label}
                    )
                    for problem in problems:
                        messages.warning(request, str(problem))
                    return redirect(reverse("admin:maturity_questionnaire_change", args=[draft.pk]))
            except (DocumentError, WorkbookError, QuestionnaireInvalid) as exc:
                problems = getattr(exc, "problems", None) or [str(exc)]
        return render(
            request,
            "admin/maturity/questionnaire/import.html",
            self._context(request, _("Import a questionnaire"), form=form, problems=problems),
        )


class QuestionInline(FrozenInline[Question, Element], admin.TabularInline[Question, Element]):
    model = Question
    extra = 0
    fields = ["key", "stage", "order", "weight", "gate", "text_en", "review_de", "review_ko"]
    show_change_link = True
    ordering = ["order"]


@admin.register(Element)
class ElementAdmin(FrozenWhenPublished[Element], admin.ModelAdmin[Element]):
    list_display = ["key", "title_en", "questionnaire", "order", "weight"]
    list_filter = ["questionnaire"]
    search_fields = ["key", *text_fields("title")]
    list_select_related = ["questionnaire"]
    fieldsets = [
        (None, {"fields": ["questionnaire", "key", "order", "weight"]}),
        *_language_fieldsets("title", "description"),
    ]
    inlines = [QuestionInline]


class AnswerOptionInline(
    FrozenInline[AnswerOption, Question], admin.TabularInline[AnswerOption, Question]
):
    model = AnswerOption
    extra = 0
    fields = [
        "key",
        "order",
        "value",
        *text_fields("label"),
        *text_fields("description"),
        "review_de",
        "review_ko",
    ]
    ordering = ["order"]


class VersionFilter(admin.SimpleListFilter):
    """One questionnaire version at a time, the newest unless another is picked."""

    title = _("questionnaire version")
    parameter_name = "version"
    ALL = "all"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, str]]:
        versions = Questionnaire.objects.order_by("slug", "-version").values_list(
            "pk", "slug", "version", "status"
        )
        statuses = dict(Questionnaire.Status.choices)
        return [
            (str(pk), f"{slug}@{version} ({statuses.get(status, status)})")
            for pk, slug, version, status in versions
        ]

    def _default(self) -> str | None:
        """The newest version of the default questionnaire (else of any)."""
        newest = [pk for pk, label in self.lookup_choices if label.startswith(f"{DEFAULT_SLUG}@")]
        found = newest or [pk for pk, _label in self.lookup_choices]
        return found[0] if found else None

    def value(self) -> str | None:
        given = super().value()
        return given if given is not None else self._default()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        chosen = self.value()
        if chosen is None or chosen == self.ALL or not chosen.isdigit():
            return queryset
        return queryset.filter(questionnaire_id=int(chosen))

    def choices(self, changelist: Any) -> Iterator[Any]:
        chosen = self.value()
        for value, label in self.lookup_choices:
            yield {
                "selected": chosen == str(value),
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }
        yield {
            "selected": chosen == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("All versions"),
        }


class TitledValuesFilter(admin.AllValuesFieldListFilter):
    """The values of a related key, under the name of the relation (not "key" twice)."""

    filter_title: StrOrPromise = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = self.filter_title


class ElementKeyFilter(TitledValuesFilter):
    filter_title = _("element")


class StageKeyFilter(TitledValuesFilter):
    filter_title = _("stage")


class ReviewFilter(admin.SimpleListFilter):
    """Rows whose German or Korean texts wait for review after an English change."""

    title = _("translation")
    parameter_name = "review"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, StrOrPromise]]:
        return [
            ("any", _("Needs review")),
            ("de", _("German needs review")),
            ("ko", _("Korean needs review")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "any":
            return queryset.filter(Q(review_de=True) | Q(review_ko=True))
        if self.value() in REVIEWED:
            return queryset.filter(**{f"review_{self.value()}": True})
        return queryset


@admin.display(description=_("translations to review"))
def translations_to_review(obj: Question | AnswerOption) -> str:
    return ", ".join(code.upper() for code in obj.review_languages) or "—"


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished[Question], admin.ModelAdmin[Question]):
    list_display = [
        "key",
        "text_en",
        "element",
        "stage",
        "weight",
        "gate",
        "order",
        translations_to_review,
        "questionnaire",
    ]
    list_filter = [
        VersionFilter,
        ("element__key", ElementKeyFilter),
        ("stage__key", StageKeyFilter),
        "gate",
        ReviewFilter,
    ]
    list_editable = ["weight", "order"]
    search_fields = ["key", *text_fields("text"), *text_fields("help")]
    list_select_related = ["questionnaire", "element", "stage"]
    ordering = ["questionnaire", "element__order", "stage__order", "order"]
    fieldsets = [
        (None, {"fields": ["questionnaire", "element", "stage", "key", "order", "weight"]}),
        (
            _("Gate, lifecycle and roadmap"),
            {"fields": ["gate", "lifecycle", "requires", "effort_weeks"]},
        ),
        *_language_fieldsets("text", "help", "recommendation"),
    ]
    inlines = [AnswerOptionInline]

    def get_fieldsets(
        self, request: HttpRequest, obj: Question | None = None
    ) -> list[tuple[StrOrPromise | None, FieldOpts]]:
        # The review flag beside the texts it is about.
        fieldsets: list[tuple[StrOrPromise | None, FieldOpts]] = []
        for name, options in super().get_fieldsets(request, obj):
            fields = list(options.get("fields", []))
            for code in REVIEWED:
                if f"text_{code}" in fields:
                    fields = [f"review_{code}", *fields]
            changed: FieldOpts = {**options}
            changed["fields"] = fields
            fieldsets.append((name, changed))
        return fieldsets
