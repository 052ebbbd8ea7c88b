"""Lifecycle reference data and imports in Django admin."""

from django.contrib import admin

from lifecycle.models import (
    Benchmark,
    Channel,
    DormancyThreshold,
    LifecycleStage,
    OrdersImport,
    PeriodFigures,
    RfmCode,
    RfmSegment,
)
from maturity.translation import text_fields


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["key", "title_en", "title_de", "title_ko", "order"]
    list_editable = ["order"]
    search_fields = ["key", *text_fields("title")]


@admin.register(LifecycleStage)
class LifecycleStageAdmin(admin.ModelAdmin):
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
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["key", "title_en", "value", "low", "high", "is_percent", "source"]
    list_editable = ["value", "low", "high"]
    search_fields = ["key", "source", *text_fields("title")]


class RfmCodeInline(admin.TabularInline):
    model = RfmCode
    extra = 0


@admin.register(RfmSegment)
class RfmSegmentAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_de", "name_ko", "order"]
    search_fields = ["key", *text_fields("name")]
    inlines = [RfmCodeInline]


@admin.register(RfmCode)
class RfmCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "segment"]
    list_filter = ["segment"]
    list_editable = ["segment"]
    search_fields = ["code"]
    list_select_related = ["segment"]


@admin.register(DormancyThreshold)
class DormancyThresholdAdmin(admin.ModelAdmin):
    list_display = ["days", "label_en", "label_de", "label_ko"]


@admin.register(PeriodFigures)
class PeriodFiguresAdmin(admin.ModelAdmin):
    list_display = ["organization", "month", "visitors", "new_customers", "active_customers"]
    list_filter = ["organization"]
    list_select_related = ["organization"]


@admin.register(OrdersImport)
class OrdersImportAdmin(admin.ModelAdmin):
    list_display = ["filename", "organization", "status", "rows", "customer_count", "created_at"]
    list_filter = ["status", "organization"]
    list_select_related = ["organization"]
    readonly_fields = ["progress", "error", "rows", "customer_count", "finished_at", "heartbeat_at"]
