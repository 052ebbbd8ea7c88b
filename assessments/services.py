"""The assessments seam: turn a questionnaire version and chosen options into a scored result."""

import re
from typing import Any

from assessments import scoring
from maturity.models import Questionnaire
from maturity.services import QuestionnaireNotFound, questionnaire_with_content

# Messages the tests reuse.
NOT_AN_ANSWERS_DOCUMENT = (
    'An answers document is an object: {"questionnaire": "slug@version", "answers": {...}}.'
)
BAD_QUESTIONNAIRE_ID = (
    "“questionnaire” must read slug@version, e.g. ecommerce-maturity@1; got {value!r}."
)
UNKNOWN_QUESTIONNAIRE = "Unknown questionnaire {label}."
UNKNOWN_QUESTION = "Unknown question {key!r} in questionnaire {label}."
UNKNOWN_OPTION = "Unknown option {option!r} for question {key!r} (known: {known})."

_LABEL = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9_-]*)@(?P<version>[0-9]+)$")


class AnswersInvalid(ValueError):
    pass


def scoring_model(questionnaire: Questionnaire) -> scoring.Model:
    """The engine's view of a version whose content is prefetched."""
    return scoring.Model(
        stages=tuple(stage.key for stage in questionnaire.stages.all()),
        elements={element.key: element.weight for element in questionnaire.elements.all()},
        questions=tuple(
            scoring.Question(
                key=question.key,
                element=question.element.key,
                stage=question.stage.key,
                weight=question.weight,
            )
            for question in questionnaire.questions.all()
        ),
        threshold=questionnaire.threshold,
    )


def answers_document_score(*, document: Any) -> dict[str, Any]:
    """Score an answers document (SPEC.md section 4) and return the result document."""
    if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
        raise AnswersInvalid(NOT_AN_ANSWERS_DOCUMENT)
    label = document.get("questionnaire")
    match = _LABEL.match(label) if isinstance(label, str) else None
    if match is None:
        raise AnswersInvalid(BAD_QUESTIONNAIRE_ID.format(value=label))
    found = Questionnaire.objects.filter(slug=match["slug"], version=int(match["version"])).first()
    if found is None:
        raise QuestionnaireNotFound(UNKNOWN_QUESTIONNAIRE.format(label=label))
    questionnaire = questionnaire_with_content(found.pk)

    options = {
        question.key: {option.key: option.value for option in question.options.all()}
        for question in questionnaire.questions.all()
    }
    values: dict[str, float | None] = {}
    for key, chosen in document["answers"].items():
        if key not in options:
            raise AnswersInvalid(UNKNOWN_QUESTION.format(key=key, label=label))
        if chosen not in options[key]:
            raise AnswersInvalid(
                UNKNOWN_OPTION.format(option=chosen, key=key, known=", ".join(options[key]))
            )
        values[key] = options[key][chosen]
    result = scoring.score(scoring_model(questionnaire), values)
    return {"questionnaire": questionnaire.label, **result.as_dict()}
