"""The customer lifecycle: reference data (stages, channels, benchmarks, RFM segments,
dormancy), an organization's monthly figures, and orders imports with what they derive."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from maturity.translation import Translated


class Channel(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)

    title = Translated("title")

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class LifecycleStage(models.Model):
    """Reach, acquisition, nurture, retention, advocacy: each with its metric and advice."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # the rate of SPEC.md section 3 that measures the stage (conversion, nurture, ...)
    rate = models.SlugField(_("rate"), max_length=40, blank=True)
    channels = models.ManyToManyField(Channel, related_name="stages", blank=True)
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)
    metric_en = models.CharField(_("metric (English)"), max_length=200)
    metric_de = models.CharField(_("metric (German)"), max_length=200, blank=True)
    metric_ko = models.CharField(_("metric (Korean)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_de = models.TextField(_("description (German)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    advice_en = models.TextField(_("advice (English)"))
    advice_de = models.TextField(_("advice (German)"), blank=True)
    advice_ko = models.TextField(_("advice (Korean)"), blank=True)

    title = Translated("title")
    metric = Translated("metric")
    description = Translated("description")
    advice = Translated("advice")

    class Meta:
        verbose_name = _("lifecycle stage")
        verbose_name_plural = _("lifecycle stages")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Benchmark(models.Model):
    """An industry figure to hold a rate against, with where it comes from."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.FloatField(_("value"))
    low = models.FloatField(_("range from"), null=True, blank=True)
    high = models.FloatField(_("range to"), null=True, blank=True)
    is_percent = models.BooleanField(_("a percentage"), default=True)
    source = models.CharField(_("source"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)

    title = Translated("title")

    class Meta:
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class RfmSegment(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_de = models.CharField(_("name (German)"), max_length=100, blank=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_de = models.TextField(_("description (German)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    action_en = models.TextField(_("action (English)"))
    action_de = models.TextField(_("action (German)"), blank=True)
    action_ko = models.TextField(_("action (Korean)"), blank=True)

    name = Translated("name")
    description = Translated("description")
    action = Translated("action")

    class Meta:
        verbose_name = _("RFM segment")
        verbose_name_plural = _("RFM segments")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class RfmCode(models.Model):
    """One of the 125 R-F-M digit codes, in exactly one segment."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    segment = models.ForeignKey(RfmSegment, on_delete=models.PROTECT, related_name="codes")

    class Meta:
        verbose_name = _("RFM code")
        verbose_name_plural = _("RFM codes")
        ordering = ["-code"]

    def __str__(self) -> str:
        return self.code


class DormancyThreshold(models.Model):
    days = models.PositiveIntegerField(_("days since the last order"), unique=True)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_de = models.CharField(_("label (German)"), max_length=100, blank=True)
    label_ko = models.CharField(_("label (Korean)"), max_length=100, blank=True)

    label = Translated("label")

    class Meta:
        verbose_name = _("dormancy threshold")
        verbose_name_plural = _("dormancy thresholds")
        ordering = ["days"]

    def __str__(self) -> str:
        return self.label
