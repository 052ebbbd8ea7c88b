"""The autosave endpoint's reply, one shape for a single-respondent draft and for a team
respondent's own part (static/js/autosave.js reads it)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from assessments.services import AnswerSaved, Progress
from maturity.models import Question


def autosave_reply(*, saved: AnswerSaved, question: Question, progress: Progress) -> JsonResponse:
    """What is stored now and the progress; `stale`: a newer write was stored first, so this
    one changed nothing and the reply says what is stored."""
    option_keys = {option.pk: option.key for option in question.options.all()}
    return JsonResponse(
        {
            "saved": True,
            "stale": not saved.applied,
            "answered": saved.answer.option_id is not None,
            "option": option_keys.get(saved.answer.option_id or 0, ""),
            "note": saved.answer.note,
            "progress": {
                "percent": progress.percent,
                "answered": progress.answered,
                "total": progress.total,
                "answered_text": _("%(answered)s of %(total)s answered")
                % {"answered": progress.answered, "total": progress.total},
                "elements": {key: progress.element_percent(key) for key in progress.elements},
            },
        }
    )
