"""The customer lifecycle: reference data (stages, channels, benchmarks, RFM segments,
frequency bins, dormancy), an organization's monthly figures, and orders imports with
what they derive."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maturity.translation import Translated
from organizations.models import Organization


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
    """An industry figure to hold a rate against, as its source states it.

    `key` names the rate it is compared with (conversion, retention, referral, ltv_cac);
    other benchmarks are shown for reference. A range is kept only when the source states
    one.
    """

    key = models.SlugField(_("key"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.FloatField(_("value"))
    low = models.FloatField(_("range from"), null=True, blank=True)
    high = models.FloatField(_("range to"), null=True, blank=True)
    is_percent = models.BooleanField(_("a percentage"), default=True)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("Publisher and title, as a citation names them.")
    )
    year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        help_text=_("Empty when the source gives none."),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)
    definition_en = models.TextField(
        _("definition (English)"),
        blank=True,
        help_text=_("What the source measures, in its words."),
    )
    definition_de = models.TextField(_("definition (German)"), blank=True)
    definition_ko = models.TextField(_("definition (Korean)"), blank=True)

    title = Translated("title")
    definition = Translated("definition")

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


class FrequencyBin(models.Model):
    """Orders from `min_orders` up to the next bin's first count score `score` (SPEC.md 3.1)."""

    min_orders = models.PositiveIntegerField(_("from this many orders"), unique=True)
    score = models.PositiveSmallIntegerField(
        _("frequency score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("frequency bin")
        verbose_name_plural = _("frequency bins")
        ordering = ["min_orders"]

    def __str__(self) -> str:
        return f"{self.min_orders}+ → F{self.score}"


class DormancyThreshold(models.Model):
    """Days since the last order from which a customer is in this band, and what to do then.

    The one rule for both the counts on the dashboard and the churn advice: a customer is
    in the band of the highest threshold their days since the last order reach.
    """

    days = models.PositiveIntegerField(_("days since the last order"), unique=True)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_de = models.CharField(_("label (German)"), max_length=100, blank=True)
    label_ko = models.CharField(_("label (Korean)"), max_length=100, blank=True)
    advice_en = models.TextField(_("advice (English)"), blank=True)
    advice_de = models.TextField(_("advice (German)"), blank=True)
    advice_ko = models.TextField(_("advice (Korean)"), blank=True)

    label = Translated("label")
    advice = Translated("advice")

    class Meta:
        verbose_name = _("dormancy threshold")
        verbose_name_plural = _("dormancy thresholds")
        ordering = ["days"]

    def __str__(self) -> str:
        return self.label


# The monthly figures of SPEC.md section 3, in the order forms and tables show them.
# Sessions, impressions and spend are only ever typed in; the others come from an orders
# import for the months it covers, and are typed in for the others.
TYPED_ONLY_FIGURES = ("visitors", "impressions", "acquisition_spend")
FIGURE_FIELDS = (
    "visitors",
    "impressions",
    "orders",
    "new_customers",
    "active_customers",
    "returning_customers",
    "advocates",
    "referred_orders",
    "nurtured_customers",
    "customers_12m",
    "repeat_customers_12m",
    "revenue_12m",
    "acquisition_spend",
)
MONEY_FIGURES = ("acquisition_spend", "revenue_12m")


class PeriodFigures(models.Model):
    """One organization's figures for one calendar month, typed in (SPEC.md section 3).

    Every figure is optional: one not recorded is missing, never zero.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="period_figures"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    visitors = models.PositiveIntegerField(
        _("visitors (sessions)"), null=True, blank=True, help_text=_("Site visits (sessions).")
    )
    impressions = models.PositiveIntegerField(_("impressions"), null=True, blank=True)
    orders = models.PositiveIntegerField(_("orders"), null=True, blank=True)
    new_customers = models.PositiveIntegerField(
        _("new customers"), null=True, blank=True, help_text=_("First order in the month.")
    )
    active_customers = models.PositiveIntegerField(
        _("active customers"),
        null=True,
        blank=True,
        help_text=_("At least one order in the month."),
    )
    returning_customers = models.PositiveIntegerField(
        _("returning customers"),
        null=True,
        blank=True,
        help_text=_("Active customers who had ordered before the month, or twice in it."),
    )
    advocates = models.PositiveIntegerField(
        _("advocates"), null=True, blank=True, help_text=_("Customers who referred someone.")
    )
    referred_orders = models.PositiveIntegerField(
        _("referred orders"),
        null=True,
        blank=True,
        help_text=_("Orders that came through a referral."),
    )
    nurtured_customers = models.PositiveIntegerField(
        _("nurtured customers"),
        null=True,
        blank=True,
        help_text=_(
            "The month's new customers who ordered again within 90 days of their first order."
        ),
    )
    customers_12m = models.PositiveIntegerField(
        _("customers over 12 months"),
        null=True,
        blank=True,
        help_text=_("Customers with at least one order in the 12 months up to the month's end."),
    )
    repeat_customers_12m = models.PositiveIntegerField(
        _("repeat customers over 12 months"),
        null=True,
        blank=True,
        help_text=_("Customers with two or more orders in the 12 months up to the month's end."),
    )
    revenue_12m = models.DecimalField(
        _("revenue over 12 months"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Revenue of the 12 months up to the month's end."),
    )
    acquisition_spend = models.DecimalField(
        _("acquisition spend"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("period figures")
        verbose_name_plural = _("period figures")
        ordering = ["organization", "month"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="one_row_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.month:%Y-%m}"


class OrdersImportQuerySet(models.QuerySet["OrdersImport"]):
    def stale(self) -> "OrdersImportQuerySet":
        """Imports whose worker has shown no sign of life for too long (stopped, never came)."""
        now = timezone.now()
        running = now - timedelta(minutes=settings.ORDERS_STALE_MINUTES)
        pending = now - timedelta(minutes=settings.ORDERS_PENDING_STALE_MINUTES)
        return self.filter(
            models.Q(status=OrdersImport.Status.RUNNING, heartbeat_at__lt=running)
            | models.Q(status=OrdersImport.Status.PENDING, heartbeat_at__lt=pending)
        )


class OrdersImport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Refused")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="orders_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    # kept only until a background import has read it
    upload = models.FileField(upload_to="imports/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("problems"), blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("orders"), default=0)
    customer_count = models.PositiveIntegerField(_("customers"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # bumped with every step of the work, so an import whose worker died can be told apart
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)

    objects = OrdersImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("orders import")
        verbose_name_plural = _("orders imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def is_stale(self) -> bool:
        """The same rule as OrdersImportQuerySet.stale, for an import already loaded."""
        # keyed by str: the field holds the plain value, which equals its Status member
        limits: dict[str, int] = {
            self.Status.RUNNING: settings.ORDERS_STALE_MINUTES,
            self.Status.PENDING: settings.ORDERS_PENDING_STALE_MINUTES,
        }
        minutes = limits.get(self.status)
        return minutes is not None and self.heartbeat_at < timezone.now() - timedelta(
            minutes=minutes
        )


class Customer(models.Model):
    """One customer of an import; the id itself is never stored, only its keyed hash."""

    orders_import = models.ForeignKey(
        OrdersImport, on_delete=models.CASCADE, related_name="customers"
    )
    customer_hash = models.CharField(_("customer (keyed hash)"), max_length=64)
    first_order = models.DateField(_("first order"))
    last_order = models.DateField(_("last order"))
    orders = models.PositiveIntegerField(_("orders"))
    revenue = models.FloatField(_("revenue"))
    recency_days = models.PositiveIntegerField(_("days since the last order"))
    category = models.CharField(_("category"), max_length=10)
    r = models.PositiveSmallIntegerField("R")
    f = models.PositiveSmallIntegerField("F")
    m = models.PositiveSmallIntegerField("M")
    segment = models.ForeignKey(RfmSegment, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                fields=["orders_import", "customer_hash"], name="one_row_per_customer"
            )
        ]

    def __str__(self) -> str:
        return self.customer_hash[:12]


class ImportedMonth(models.Model):
    """The monthly figures an import derives from its orders (NULL: not known from them)."""

    orders_import = models.ForeignKey(OrdersImport, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()
    # NULL only for imports made before the figure was derived
    orders = models.PositiveIntegerField(null=True)
    new_customers = models.PositiveIntegerField()
    active_customers = models.PositiveIntegerField()
    returning_customers = models.PositiveIntegerField()
    # NULL when the file has no referred_by column
    advocates = models.PositiveIntegerField(null=True)
    referred_orders = models.PositiveIntegerField(null=True)
    # NULL until 90 days have passed since the month's end
    nurtured_customers = models.PositiveIntegerField(null=True)
    # NULL unless the file covers all 12 months up to the month's end
    customers_12m = models.PositiveIntegerField(null=True)
    repeat_customers_12m = models.PositiveIntegerField(null=True)
    revenue_12m = models.FloatField(null=True)
    revenue = models.FloatField(default=0)

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class CohortShare(models.Model):
    """The share of a first-order-month cohort buying `offset` months after its first;
    months after the import's as-of date have not happened yet and are not stored."""

    orders_import = models.ForeignKey(
        OrdersImport, on_delete=models.CASCADE, related_name="cohorts"
    )
    cohort = models.DateField()
    offset = models.PositiveSmallIntegerField()
    share = models.FloatField()

    class Meta:
        ordering = ["cohort", "offset"]

    def __str__(self) -> str:
        return f"{self.cohort:%Y-%m} +{self.offset}"
