from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Goal
from maturity.models import Element, Question, Stage


class LevelSelect(forms.RadioSelect):
    """Radio buttons that carry each level's description (what it means for this question),
    linked to its radio with aria-describedby."""

    def __init__(
        self,
        *args: Any,
        descriptions: dict[str, str],
        not_applicable: set[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions
        self.not_applicable = not_applicable

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["description"] = self.descriptions.get(str(value), "")
        option["not_applicable"] = str(value) in self.not_applicable
        if option["description"]:
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-description"
        return option


def choice_field(question: Question) -> str:
    return f"q-{question.pk}"


def note_field(question: Question) -> str:
    return f"note-{question.pk}"


def level_texts(question: Question) -> tuple[str, dict[str, str]]:
    """The help shown under a question and each level's description.

    A version without level descriptions tells what "fully in place" means in its help,
    opening with that level's label ("Fully in place: …"): that text is the description of
    the level it names, beside its choice, rather than a help that repeats a label."""
    options = list(question.options.all())
    descriptions = {o.key: o.description for o in options}
    help_text = question.help
    if not any(descriptions.values()):
        for option in options:
            prefix = f"{option.label}:"
            if option.label and help_text.startswith(prefix):
                descriptions[option.key] = help_text[len(prefix) :].strip()
                help_text = ""
                break
    return help_text, descriptions


class ElementAnswersForm(forms.Form):
    """The questions of one element: an option (radio buttons) and a note each."""

    def __init__(
        self, *args: Any, questions: list[Question], answers: dict[int, Answer], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.helper = FormHelper()
        self.helper.form_tag = False
        for question in questions:
            answer = answers.get(question.pk)
            help_text, descriptions = level_texts(question)
            self.fields[choice_field(question)] = forms.ChoiceField(
                label=question.text,
                help_text=help_text,
                choices=[(o.key, o.label) for o in question.options.all()],
                widget=LevelSelect(
                    attrs={"data-autosave": "option", "class": "form-check-input"},
                    descriptions=descriptions,
                    not_applicable={o.key for o in question.options.all() if o.not_applicable},
                ),
                required=False,
                initial=answer.option.key if answer and answer.option else None,
            )
            self.fields[note_field(question)] = forms.CharField(
                label=_("Note (evidence, context)"),
                widget=forms.Textarea(
                    attrs={"rows": 2, "data-autosave": "note", "class": "form-control"}
                ),
                required=False,
                max_length=5000,
                initial=answer.note if answer else "",
            )

    def rows(self) -> list[tuple[Question, forms.BoundField, forms.BoundField]]:
        return [
            (question, self[choice_field(question)], self[note_field(question)])
            for question in self.questions
        ]

    def choices(self) -> list[tuple[Question, str | None, str]]:
        """(question, chosen option key or None, note) for every question, after is_valid()."""
        return [
            (
                question,
                self.cleaned_data.get(choice_field(question)) or None,
                self.cleaned_data.get(note_field(question), ""),
            )
            for question in self.questions
        ]


class PlanForm(forms.Form):
    """Targets per element and the lengths of the three roadmap phases."""

    # Left empty, the phases last as long as their effort (assessments.roadmap).
    phase_1 = forms.IntegerField(
        label=_("“Now” ends after (months)"), min_value=1, max_value=60, required=False
    )
    phase_2 = forms.IntegerField(
        label=_("“Next” ends after (months)"), min_value=2, max_value=60, required=False
    )
    phase_3 = forms.IntegerField(
        label=_("“Later” ends after (months)"), min_value=3, max_value=60, required=False
    )

    def __init__(
        self, *args: Any, elements: list[Element], stages: list[Stage], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            self.fields[f"target-{element.key}"] = forms.ChoiceField(
                label=element.title, choices=[(stage.key, stage.title) for stage in stages]
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ends = [data.get("phase_1"), data.get("phase_2"), data.get("phase_3")]
        first, second, third = ends
        given = [end for end in ends if end is not None]
        if given and len(given) < len(ends) and not self.errors:
            raise forms.ValidationError(
                _("Set when every phase ends, or none to size the phases by their effort.")
            )
        if (
            first is not None
            and second is not None
            and third is not None
            and not (first < second < third)
        ):
            raise forms.ValidationError(_("Each phase must end after the one before it."))
        return data

    def targets(self) -> dict[str, str]:
        return {e.key: self.cleaned_data[f"target-{e.key}"] for e in self.elements}

    def phase_ends(self) -> list[int]:
        """The three ends set by hand, or [] to size the phases by their effort."""
        ends = [self.cleaned_data.get(f"phase_{n}") for n in (1, 2, 3)]
        return [end for end in ends if end is not None]


class MetricSelect(forms.Select):
    """The lifecycle metrics, each option carrying the organization's latest value of it (as
    a goal states it) and its unit, so static/js/goal_form.js can fill in the baseline."""

    def __init__(self, *args: Any, latest: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.latest:
            figure, unit = self.latest[str(value)]
            option["attrs"]["data-latest"] = figure
            option["attrs"]["data-unit"] = unit
        return option


class GoalForm(forms.ModelForm[Goal]):
    """A goal in seed 004's form; its metric one the lifecycle tracker measures or, for what
    it cannot, one named in words."""

    lifecycle_metric = forms.ChoiceField(
        label=_("Measured by the lifecycle tracker"),
        required=False,
        help_text=_(
            "Its value today comes from your latest lifecycle figures, and the roadmap shows "
            "each new month's value against the line from today's value to the target."
        ),
    )

    class Meta:
        model = Goal
        fields = [
            "action",
            "lifecycle_metric",
            "metric",
            "baseline",
            "target",
            "unit",
            "due",
            "expected_gain",
            "platform_cost",
            "people_cost",
            "integration_months",
            "payback_months",
        ]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 3}),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "action": _("Implement X to do Y: what will be in place when the goal is met."),
            "metric": _(
                "Or in words, for what the tracker does not measure: a metric that is hard "
                "to inflate, such as revenue, margin or cost."
            ),
            "payback_months": _("Leave empty to compute it from the gain and the costs."),
            "integration_months": _("Over 6 months before any benefit is a risk."),
        }

    def __init__(
        self,
        *args: Any,
        metrics: list[tuple[str, str]] | None = None,
        latest: dict[str, tuple[str, str]] | None = None,
        currency: str = "",
        **kwargs: Any,
    ) -> None:
        """`metrics`: (key, title) of each lifecycle metric; `latest`: key -> (its latest
        value as a goal states it, its unit), for the metrics that have one; `currency`: the
        organization's, named on the money fields."""
        super().__init__(*args, **kwargs)
        if currency:
            for name in ("expected_gain", "platform_cost", "people_cost"):
                self.fields[name].label = f"{self.fields[name].label} ({currency})"
        self.helper = FormHelper()
        self.helper.form_tag = False
        field = self.fields["lifecycle_metric"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— none: named in words below —")), *(metrics or [])]
        field.widget = MetricSelect(
            choices=field.choices, latest=latest or {}, attrs={"data-goal-metric": "true"}
        )
