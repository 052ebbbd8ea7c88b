"""Lifecycle reference data and imports in Django admin."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lifecycle.analysis import BINS_SCORES, BINS_START, check_frequency_bins
from lifecycle.models import (
    Benchmark,
    Channel,
    DormancyThreshold,
    FrequencyBin,
    LifecycleStage,
    OrdersImport,
    PeriodFigures,
    RfmCode,
    RfmSegment,
)
from maturity.translation import text_fields


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin[Channel]):
    list_display = ["key", "title_en", "title_de", "title_ko", "order"]
    list_editable = ["order"]
    search_fields = ["key", *text_fields("title")]


@admin.register(LifecycleStage)
class LifecycleStageAdmin(admin.ModelAdmin[LifecycleStage]):
    list_display = ["key", "title_en", "rate", "order"]
    search_fields = ["key", *text_fields("title"), *text_fields("advice")]
    filter_horizontal = ["channels"]
    fieldsets = [
        (None, {"fields": ["key", "order", "rate", "channels"]}),
        ("English", {"fields": ["title_en", "metric_en", "description_en", "advice_en"]}),
        ("Deutsch", {"fields": ["title_de", "metric_de", "description_de", "advice_de"]}),
        ("한국어", {"fields": ["title_ko", "metric_ko", "description_ko", "advice_ko"]}),
    ]


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin[Benchmark]):
    list_display = ["key", "title_en", "value", "low", "high", "is_percent", "source", "year"]
    list_editable = ["value", "low", "high"]
    search_fields = ["key", "source", *text_fields("title")]
    fieldsets = [
        (None, {"fields": ["key", "order", "value", "low", "high", "is_percent"]}),
        (_("Where it comes from"), {"fields": ["source", "year", "url"]}),
        ("English", {"fields": ["title_en", "definition_en"]}),
        ("Deutsch", {"fields": ["title_de", "definition_de"]}),
        ("한국어", {"fields": ["title_ko", "definition_ko"]}),
    ]


class RfmCodeInline(admin.TabularInline[RfmCode, RfmSegment]):
    model = RfmCode
    extra = 0


@admin.register(RfmSegment)
class RfmSegmentAdmin(admin.ModelAdmin[RfmSegment]):
    list_display = ["name_en", "name_de", "name_ko", "order"]
    search_fields = ["key", *text_fields("name")]
    inlines = [RfmCodeInline]


@admin.register(RfmCode)
class RfmCodeAdmin(admin.ModelAdmin[RfmCode]):
    list_display = ["code", "segment"]
    list_filter = ["segment"]
    list_editable = ["segment"]
    search_fields = ["code"]
    list_select_related = ["segment"]


@admin.register(DormancyThreshold)
class DormancyThresholdAdmin(admin.ModelAdmin[DormancyThreshold]):
    list_display = ["days", "label_en", "label_de", "label_ko"]
    fields = ["days", *text_fields("label"), *text_fields("advice")]


# Messages the tests reuse.
BIN_PROBLEMS = {
    BINS_START: _("The first bin must start at 1 order."),
    BINS_SCORES: _("The bins must give the scores 1 to 5, rising with the number of orders."),
}


class FrequencyBinFormSet(BaseModelFormSet[FrequencyBin, ModelForm[FrequencyBin]]):
    """The bins as a whole must start at 1 order and give the scores 1 to 5."""

    def clean(self) -> None:
        super().clean()
        # the list edits scores only: the first counts are the instances' own
        bins = {
            form.cleaned_data.get("min_orders", form.instance.min_orders): form.cleaned_data[
                "score"
            ]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        if problems := check_frequency_bins(bins):
            raise ValidationError([BIN_PROBLEMS[problem] for problem in problems])


@admin.register(FrequencyBin)
class FrequencyBinAdmin(admin.ModelAdmin[FrequencyBin]):
    list_display = ["min_orders", "score"]
    list_editable = ["score"]
    list_display_links = ["min_orders"]

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["formset"] = FrequencyBinFormSet
        return super().get_changelist_formset(request, **kwargs)


@admin.register(PeriodFigures)
class PeriodFiguresAdmin(admin.ModelAdmin[PeriodFigures]):
    list_display = [
        "organization",
        "month",
        "visitors",
        "orders",
        "new_customers",
        "acquisition_spend",
    ]
    list_filter = ["organization"]
    list_select_related = ["organization"]


@admin.register(OrdersImport)
class OrdersImportAdmin(admin.ModelAdmin[OrdersImport]):
    list_display = ["filename", "organization", "status", "rows", "customer_count", "created_at"]
    list_filter = ["status", "organization"]
    list_select_related = ["organization"]
    readonly_fields = ["progress", "error", "rows", "customer_count", "finished_at", "heartbeat_at"]
