"""The question bank in Django admin: versions with stages and elements, questions with options."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maturity.models import AnswerOption, Element, Question, Questionnaire, Stage
from maturity.services import questionnaire_publish
from maturity.translation import text_fields


def _language_fieldsets(*names: str) -> list[tuple[str, dict[str, list[str]]]]:
    return [
        (str(language), {"fields": [f"{name}_{code}" for name in names]})
        for code, language in (("en", _("English")), ("de", _("German")), ("ko", _("Korean")))
    ]


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    fields = ["key", "order", *text_fields("title"), *text_fields("description")]


class ElementInline(admin.TabularInline):
    model = Element
    extra = 0
    fields = ["key", "order", "weight", *text_fields("title")]
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["slug", "version", "status", "threshold", "question_count", "published_at"]
    list_filter = ["status", "slug"]
    search_fields = ["slug", *text_fields("title")]
    readonly_fields = ["created_at", "published_at"]
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
    actions = ["publish"]

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset.filter(status=Questionnaire.Status.DRAFT):
            questionnaire_publish(questionnaire=questionnaire)
            self.message_user(request, _("Published %(label)s.") % {"label": questionnaire.label})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Questionnaire]:
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_total")
    def question_count(self, obj: Questionnaire) -> int:
        return obj.question_total


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["key", "stage", "order", "weight", "text_en"]
    show_change_link = True
    ordering = ["order"]


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin):
    list_display = ["key", "title_en", "questionnaire", "order", "weight"]
    list_filter = ["questionnaire"]
    search_fields = ["key", *text_fields("title")]
    list_select_related = ["questionnaire"]
    fieldsets = [
        (None, {"fields": ["questionnaire", "key", "order", "weight"]}),
        *_language_fieldsets("title", "description"),
    ]
    inlines = [QuestionInline]


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    fields = ["key", "order", "value", *text_fields("label")]
    ordering = ["order"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["key", "text_en", "element", "stage", "weight", "order", "questionnaire"]
    list_filter = ["questionnaire", "element__key", "stage__key"]
    list_editable = ["weight", "order"]
    search_fields = ["key", *text_fields("text"), *text_fields("help")]
    list_select_related = ["questionnaire", "element", "stage"]
    ordering = ["questionnaire", "element__order", "stage__order", "order"]
    fieldsets = [
        (None, {"fields": ["questionnaire", "element", "stage", "key", "order", "weight"]}),
        *_language_fieldsets("text", "help", "recommendation"),
    ]
    inlines = [AnswerOptionInline]
