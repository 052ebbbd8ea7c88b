"""The question bank: questionnaire versions, their stages, elements, questions and options."""

from collections.abc import Iterable
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.base import ModelBase
from django.utils.translation import gettext_lazy as _

from maturity import interchange
from maturity.translation import LANGUAGE_CODES, REVIEWED, Translated, review_flags

DEFAULT_SLUG = "ecommerce-maturity"
PUBLISHED_IS_FROZEN = _(
    "Version %(label)s is published and cannot be changed; make a new draft from it."
)


class PublishedVersionError(PermissionError):
    """A change to a published questionnaire version, which is frozen."""


# covariant like QuerySet's own model parameter, so querysets of different parts join
_M = TypeVar("_M", bound=models.Model, covariant=True)


class SaveOptions(TypedDict, total=False):
    """The keyword arguments of Model.save(), passed through unchanged."""

    force_insert: bool | tuple[ModelBase, ...]
    force_update: bool
    using: str | None
    update_fields: Iterable[str] | None


class FrozenQuerySet(models.QuerySet[_M]):
    """Refuses update(), delete(), bulk_create() and bulk_update() that would touch a
    published version's rows."""

    # the lookup from this model to its questionnaire's status
    status_lookup = "questionnaire__status"

    def _refuse_published(self) -> None:
        published = self.filter(**{self.status_lookup: "published"}).values_list(
            self.status_lookup.replace("status", "slug"),
            self.status_lookup.replace("status", "version"),
        )
        found = published.first()
        if found is not None:
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": f"{found[0]}@{found[1]}"})

    def _refuse_published_parents(self, objs: list[_M]) -> None:
        """Refuse rows that name a published version as theirs (new rows, or rows moved)."""
        parent_name, lookup = self.status_lookup.split("__", 1)
        parent = self.model._meta.get_field(parent_name)
        # status_lookup starts with the foreign key to the row's parent (question, version)
        assert isinstance(parent, models.ForeignKey)
        ids = {getattr(obj, parent.attname) for obj in objs} - {None}
        if not ids:
            return
        published = parent.related_model._base_manager.filter(
            pk__in=ids, **{lookup: "published"}
        ).values_list(lookup.replace("status", "slug"), lookup.replace("status", "version"))
        found = published.first()
        if found is not None:
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": f"{found[0]}@{found[1]}"})

    def update(self, **kwargs: object) -> int:
        self._refuse_published()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_published()
        return super().delete()

    def bulk_create(self, objs: Iterable[_M], *args: Any, **kwargs: Any) -> list[_M]:
        objs = list(objs)
        self._refuse_published_parents(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[_M], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        objs = list(objs)
        # Checked before bulk_update()'s own atomic block: refused only in there, by update(),
        # the error would leave the caller's transaction unusable. This also refuses a draft's
        # rows moved into a published version, which update() would let through.
        self._refuse_published_parents(objs)
        return super().bulk_update(objs, fields, *args, **kwargs)


class OptionQuerySet(FrozenQuerySet["AnswerOption"]):
    status_lookup = "question__questionnaire__status"


class TranslationReview(models.Model):
    """German and Korean texts flagged for review when an English text changes, until
    they are edited (or an editor clears the flag)."""

    # the texts whose English the translations follow
    translated_texts: tuple[str, ...] = ()

    review_de = models.BooleanField(
        _("German needs review"),
        default=False,
        help_text=_("Set when an English text changes; cleared when a German text is edited."),
    )
    review_ko = models.BooleanField(
        _("Korean needs review"),
        default=False,
        help_text=_("Set when an English text changes; cleared when a Korean text is edited."),
    )

    class Meta:
        abstract = True

    def save(self, **kwargs: Unpack[SaveOptions]) -> None:
        update_fields = kwargs.get("update_fields")
        self.flag_translations()
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *(f"review_{c}" for c in REVIEWED)}
        super().save(**kwargs)

    def flag_translations(self) -> None:
        """Set or clear the review flags against the stored texts (one query)."""
        if self.pk is None:
            return
        fields = [f"{name}_{code}" for name in self.translated_texts for code in LANGUAGE_CODES]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*fields).first()
        if stored is None:
            return
        now = {field: getattr(self, field) for field in fields}
        for code, flag in review_flags(stored, now, self.translated_texts).items():
            if flag is not None:
                setattr(self, f"review_{code}", flag)

    @property
    def review_languages(self) -> list[str]:
        return [code for code in REVIEWED if getattr(self, f"review_{code}")]


class VersionPart(models.Model):
    """A row of one questionnaire version: frozen once the version is published."""

    class Meta:
        abstract = True

    def save(self, **kwargs: Unpack[SaveOptions]) -> None:
        self._refuse_published()
        super().save(**kwargs)

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        self._refuse_published()
        return super().delete(using, keep_parents)

    def version_id(self) -> int | None:
        """The id of the questionnaire version this row belongs to."""
        raise NotImplementedError

    def _refuse_published(self) -> None:
        version = self.version_id()
        if version is None:  # no version to be frozen by (filtering on pk=None finds none)
            return
        published = Questionnaire.objects.filter(pk=version, status="published").first()
        if published is not None:
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": published.label})


positive = MinValueValidator(0.0001, message=_("A weight must be greater than zero."))
unit_interval = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def update(self, **kwargs: object) -> int:
        if self.filter(status="published").exists():
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": "published"})
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status="published").exists():
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": "published"})
        return super().delete()

    def published(self) -> "QuestionnaireQuerySet":
        return self.filter(status=Questionnaire.Status.PUBLISHED)

    def latest_published(self, slug: str = DEFAULT_SLUG) -> "Questionnaire | None":
        """The version new assessments start on."""
        return self.published().filter(slug=slug).order_by("-version").first()

    def latest_published_summary(self, slug: str = DEFAULT_SLUG) -> "Questionnaire | None":
        """The latest published version with `question_total` and `element_total`, one query."""
        return (
            self.published()
            .filter(slug=slug)
            .annotate(
                question_total=models.Count("questions", distinct=True),
                element_total=models.Count("elements", distinct=True),
            )
            .order_by("-version")
            .first()
        )


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    threshold = models.FloatField(
        _("threshold"),
        default=0.7,
        validators=[MinValueValidator(0.01), MaxValueValidator(1.0)],
        help_text=_("Share of a stage's weighted answers needed to achieve it."),
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    title = Translated("title")
    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_slug_version")
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, **kwargs: Unpack[SaveOptions]) -> None:
        # Publishing a draft is allowed; changing what is already published is not.
        if self.pk and Questionnaire.objects.filter(pk=self.pk, status="published").exists():
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": self.label})
        super().save(**kwargs)

    def delete(
        self, using: str | None = None, keep_parents: bool = False
    ) -> tuple[int, dict[str, int]]:
        if Questionnaire.objects.filter(pk=self.pk, status="published").exists():
            raise PublishedVersionError(PUBLISHED_IS_FROZEN % {"label": self.label})
        return super().delete(using, keep_parents)

    @property
    def label(self) -> str:
        """`slug@version`, the id an answers document names."""
        return f"{self.slug}@{self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Stage(VersionPart):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="stages"
    )
    key = models.SlugField(_("key"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_de = models.TextField(_("description (German)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    title = Translated("title")
    description = Translated("description")
    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="stage_key_per_version")
        ]

    def __str__(self) -> str:
        return self.title

    def version_id(self) -> int:
        return self.questionnaire_id


class Element(VersionPart):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="elements"
    )
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.FloatField(_("weight"), default=1.0, validators=[positive])
    title_en = models.CharField(_("title (English)"), max_length=100)
    title_de = models.CharField(_("title (German)"), max_length=100, blank=True)
    title_ko = models.CharField(_("title (Korean)"), max_length=100, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    title = Translated("title")
    description = Translated("description")
    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="element_key_per_version")
        ]

    def __str__(self) -> str:
        return self.title

    def version_id(self) -> int:
        return self.questionnaire_id


class Question(TranslationReview, VersionPart):
    # Kept beside `element` so that a key is unique per version in the database itself.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="questions")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="questions")
    key = models.SlugField(_("key"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.FloatField(_("weight"), default=1.0, validators=[positive])
    text_en = models.TextField(_("text (English)"))
    text_de = models.TextField(_("text (German)"), blank=True)
    text_ko = models.TextField(_("text (Korean)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    help_de = models.TextField(_("help (German)"), blank=True)
    help_ko = models.TextField(_("help (Korean)"), blank=True)
    recommendation_en = models.TextField(_("recommendation (English)"), blank=True)
    recommendation_de = models.TextField(_("recommendation (German)"), blank=True)
    recommendation_ko = models.TextField(_("recommendation (Korean)"), blank=True)
    gate = models.BooleanField(
        _("gate"),
        default=False,
        help_text=_(
            "A must-have, such as a legal duty: its stage is not achieved unless it is fully "
            "in place. A gate offers no “not applicable”."
        ),
    )
    lifecycle = models.JSONField(
        _("lifecycle stages"),
        default=list,
        blank=True,
        help_text=_(
            "Keys of the lifecycle stages it serves: reach, acquisition, nurture, "
            "retention, advocacy."
        ),
    )
    requires = models.JSONField(
        _("requires"),
        default=list,
        blank=True,
        help_text=_("Keys of the questions of this version that must be in place first."),
    )
    effort_weeks = models.PositiveSmallIntegerField(
        _("effort (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("An effort is at least one week."))],
    )

    text = Translated("text")
    help = Translated("help")
    recommendation = Translated("recommendation")
    objects = FrozenQuerySet.as_manager()
    translated_texts = ("text", "help", "recommendation")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="question_key_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(effort_weeks__isnull=True) | models.Q(effort_weeks__gte=1),
                name="question_effort_at_least_one_week",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def version_id(self) -> int:
        return self.questionnaire_id

    @property
    def levels_described(self) -> bool:
        """Whether any of its (prefetched) options says what it means for this question."""
        return any(option.description for option in self.options.all())

    def option_by_key(self, key: str | None) -> "AnswerOption | None":
        """One of the (prefetched) options by its key; None for none or an unknown key."""
        return next((option for option in self.options.all() if option.key == key), None)

    def clean(self) -> None:
        for part in ("element", "stage"):
            related = getattr(self, part, None)
            if related is not None and related.questionnaire_id != self.questionnaire_id:
                raise ValidationError({part: _("Pick one of this questionnaire version's.")})
        problems = {
            "lifecycle": [message for _, message in interchange.lifecycle_problems(self.lifecycle)],
            "requires": [
                message for _, message in interchange.requires_problems(self.requires, self.key)
            ]
            or self._requirement_problems(),
        }
        if any(problems.values()):
            raise ValidationError({name: found for name, found in problems.items() if found})

    def _requirement_problems(self) -> list[str]:
        """Required keys that this version lacks, or a chain of requirements that comes back."""
        graph: dict[str, list[str]] = {
            key: list(requires) if isinstance(requires, list) else []
            for key, requires in Question.objects.filter(questionnaire_id=self.questionnaire_id)
            .exclude(pk=self.pk)
            .values_list("key", "requires")
        }
        graph[self.key] = list(self.requires)
        problems = [
            interchange.UNKNOWN_REQUIREMENT.format(key=key)
            for key in self.requires
            if key not in graph
        ]
        cycle = interchange.requirement_cycle(graph)
        if cycle is not None and self.key in cycle:
            # told from this question on: it requires ..., which requires it again
            start = cycle.index(self.key)
            cycle = [*cycle[start:-1], *cycle[:start], self.key]
            problems.append(interchange.REQUIRES_CYCLE.format(cycle=" → ".join(cycle)))
        return problems


class AnswerOption(TranslationReview, VersionPart):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.FloatField(
        _("value"),
        null=True,
        blank=True,
        validators=unit_interval,
        help_text=_("From 0 to 1; leave empty for “not applicable”."),
    )
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_de = models.CharField(_("label (German)"), max_length=200, blank=True)
    label_ko = models.CharField(_("label (Korean)"), max_length=200, blank=True)
    # What this level means for its question, in observable terms ("one of three triggers").
    description_en = models.TextField(_("description (English)"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)

    label = Translated("label")
    description = Translated("description")
    objects = OptionQuerySet.as_manager()
    translated_texts = ("label", "description")

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="option_key_per_question"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0, value__lte=1),
                name="option_value_in_unit_interval",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def not_applicable(self) -> bool:
        return self.value is None

    def version_id(self) -> int | None:
        # None while the option names no question that exists
        return (
            Question.objects.filter(pk=self.question_id)
            .values_list("questionnaire_id", flat=True)
            .first()
        )
