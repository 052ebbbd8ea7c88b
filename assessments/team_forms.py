"""Forms of team assessments: inviting respondents, consolidating, adding evidence."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from assessments.team_services import ConsolidationRow, Decision
from maturity.models import Element


def _element_field(elements: list[Element]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Elements to answer"),
        help_text=_("None ticked: the whole questionnaire."),
        choices=[(e.key, e.title) for e in elements],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _person(user: User) -> str:
    return user.get_full_name() or user.username


class InviteMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Colleague"), queryset=User.objects.none())

    def __init__(self, *args: Any, members: Any, elements: list[Element], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
        field.label_from_instance = _person  # type: ignore[method-assign,assignment]
        self.fields["elements"] = _element_field(elements)


class InviteEmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address of a new person"))

    def __init__(self, *args: Any, elements: list[Element], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["elements"] = _element_field(elements)


def answer_field(pk: int) -> str:
    return f"answer-{pk}"


def reason_field(pk: int) -> str:
    return f"reason-{pk}"


class ConsolidationForm(forms.Form):
    """One element's consolidated answers: per question an option (or none yet) and a
    reason, prefilled with what is consolidated, else with what every respondent chose."""

    def __init__(self, *args: Any, rows: list[ConsolidationRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            question = row.question
            self.fields[answer_field(question.pk)] = forms.ChoiceField(
                label=_("Consolidated answer"),
                choices=[("", _("— not decided —"))]
                + [(o.key, o.label) for o in question.options.all()],
                required=False,
                initial=row.initial,
            )
            self.fields[reason_field(question.pk)] = forms.CharField(
                label=_("Reason"),
                required=False,
                max_length=2000,
                initial=row.reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def items(self) -> list[tuple[ConsolidationRow, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[answer_field(row.question.pk)], self[reason_field(row.question.pk)])
            for row in self.rows
        ]

    def decisions(self) -> list[Decision]:
        """After is_valid(): every question's chosen option (None: not decided) and reason."""
        return [
            Decision(
                question=row.question,
                option=row.question.option_by_key(
                    self.cleaned_data.get(answer_field(row.question.pk)) or None
                ),
                reason=self.cleaned_data.get(reason_field(row.question.pk), ""),
            )
            for row in self.rows
        ]


class EvidenceForm(forms.Form):
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A dashboard, a policy page, a shared document."),
    )
    name = forms.CharField(label=_("What it shows"), required=False, max_length=200)
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, PNG, JPEG or WebP, at most %(limit)s MB."),
    )

    def __init__(self, *args: Any, limit_mb: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {"limit": limit_mb}
