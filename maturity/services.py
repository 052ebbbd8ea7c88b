"""The question bank's seam: export a version as a document, import a document as a draft."""

import threading
from collections import OrderedDict
from functools import cache as cache_function
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from core.sql import from_db, quoted
from maturity import diff, interchange, spreadsheet
from maturity.models import (
    DEFAULT_SLUG,
    AnswerOption,
    Element,
    Question,
    Questionnaire,
    Stage,
)
from maturity.translation import LANGUAGE_CODES, texts

NO_QUESTIONNAIRE = "No questionnaire {label} exists."
SHIPPED_WITHOUT_VERSION = (
    "a shipped question bank names its slug and version, so that loading it twice changes nothing"
)


class QuestionnaireNotFound(LookupError):
    pass


class QuestionnaireInvalid(ValueError):
    def __init__(self, problems: list[interchange.Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def questionnaire_get(*, slug: str = DEFAULT_SLUG, version: int | None = None) -> Questionnaire:
    """A given version, or else the latest published one (the latest draft if none is)."""
    versions = Questionnaire.objects.filter(slug=slug)
    if version is not None:
        found = versions.filter(version=version).first()
    else:
        found = (
            versions.published().order_by("-version").first()
            or versions.order_by("-version").first()
        )
    if found is None:
        label = f"{slug}@{version}" if version is not None else slug
        raise QuestionnaireNotFound(NO_QUESTIONNAIRE.format(label=label))
    return found


def questionnaire_with_content(questionnaire_id: int) -> Questionnaire:
    """One version with stages, elements, questions and options in four more queries."""
    return Questionnaire.objects.prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("order")),
        Prefetch("elements", queryset=Element.objects.order_by("order")),
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("element", "stage")
            .order_by("element__order", "order")
            .prefetch_related(Prefetch("options", queryset=AnswerOption.objects.order_by("order"))),
        ),
    ).get(pk=questionnaire_id)


def content_key(questionnaire: Questionnaire, what: str = "content") -> str | None:
    """A cache key for what is derived from a published (frozen) version; None for a draft.

    It names the moment of publishing as well as the id, so a database rebuilt with the same
    ids (tests, a restored backup) never reads what was cached for another version.
    """
    if not questionnaire.is_published or questionnaire.published_at is None:
        return None
    return f"maturity:{questionnaire.pk}:{questionnaire.published_at.timestamp()}:{what}"


@cache_function
def _latest_published_sql() -> str:
    """latest_published_key's statement, written once from the model's table and columns."""
    return (
        f"SELECT {quoted(Questionnaire, 'id')}, {quoted(Questionnaire, 'published_at')} "
        f"FROM {quoted(Questionnaire)} WHERE {quoted(Questionnaire, 'slug')} = %s "
        f"AND {quoted(Questionnaire, 'status')} = %s "
        f"ORDER BY {quoted(Questionnaire, 'version')} DESC LIMIT 1"
    )


def latest_published_key(what: str, slug: str = DEFAULT_SLUG) -> str | None:
    """`content_key` of the latest published version (as `latest_published` picks it), for
    a page that needs only what is cached under it: one plain SQL statement (0.05 ms, where
    the ORM's takes 0.3 ms to build). None when no version is published."""
    with connection.cursor() as cursor:
        cursor.execute(_latest_published_sql(), [slug, Questionnaire.Status.PUBLISHED.value])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, published_at = row
    return content_key(
        Questionnaire(
            pk=pk,
            status=Questionnaire.Status.PUBLISHED,
            published_at=from_db(Questionnaire, "published_at", published_at),
        ),
        what,
    )


# Published versions this process has read, newest use last: unpickling a version's few
# hundred model instances from the cache costs more (15-40 ms) than the page that shows them,
# and what is frozen may be shared by every request of the process. Pages only read them.
_FROZEN: OrderedDict[str, Questionnaire] = OrderedDict()
_FROZEN_LOCK = threading.Lock()
FROZEN_VERSIONS_KEPT = 8


def questionnaire_content(questionnaire: Questionnaire) -> Questionnaire:
    """`questionnaire_with_content`, cached for a published version: no query once read,
    in this process's memory first, then in the cache every process shares. A draft is read
    fresh every time (the admin may be editing it)."""
    key = content_key(questionnaire)
    if key is None:
        return questionnaire_with_content(questionnaire.pk)
    with _FROZEN_LOCK:
        found = _FROZEN.get(key)
        if found is not None:
            _FROZEN.move_to_end(key)
            return found
    found = cache.get(key)
    if found is None:
        found = questionnaire_with_content(questionnaire.pk)
        cache.set(key, found, timeout=None)
    with _FROZEN_LOCK:
        _FROZEN[key] = found
        while len(_FROZEN) > FROZEN_VERSIONS_KEPT:
            _FROZEN.popitem(last=False)
    return found


def questionnaire_document(*, questionnaire: Questionnaire) -> dict[str, Any]:
    """The version in the interchange format of SPEC.md section 4."""
    full = questionnaire_with_content(questionnaire.pk)
    questions_by_element: dict[int, list[dict[str, Any]]] = {}
    for question in full.questions.all():
        questions_by_element.setdefault(question.element_id, []).append(
            {
                "key": question.key,
                "stage": question.stage.key,
                "weight": question.weight,
                "gate": question.gate,
                "lifecycle": list(question.lifecycle),
                "requires": list(question.requires),
                "effort_weeks": question.effort_weeks,
                "text": texts(question, "text"),
                "help": texts(question, "help"),
                "recommendation": texts(question, "recommendation"),
                "options": [
                    {
                        "key": option.key,
                        "value": option.value,
                        "label": texts(option, "label"),
                        "description": texts(option, "description"),
                    }
                    for option in question.options.all()
                ],
            }
        )
    return {
        "slug": full.slug,
        "version": full.version,
        "threshold": full.threshold,
        "title": texts(full, "title"),
        "stages": [
            {
                "key": stage.key,
                "title": texts(stage, "title"),
                "description": texts(stage, "description"),
            }
            for stage in full.stages.all()
        ],
        "elements": [
            {
                "key": element.key,
                "weight": element.weight,
                "title": texts(element, "title"),
                "description": texts(element, "description"),
                "questions": questions_by_element.get(element.pk, []),
            }
            for element in full.elements.all()
        ],
    }


def _text_values(value: dict[str, str] | None, name: str) -> dict[str, str]:
    value = value or {}
    return {f"{name}_{code}": (value.get(code) or "").strip() for code in LANGUAGE_CODES}


@transaction.atomic
def questionnaire_import(*, document: Any, where: dict[str, str] | None = None) -> Questionnaire:
    """Create a new draft version from a document; refuse it whole on any error.

    The document's version number is kept when it is free, otherwise the draft
    becomes the next version after the latest one of that slug.
    """
    problems = interchange.errors(spreadsheet.locate(interchange.validate(document), where or {}))
    if problems:
        raise QuestionnaireInvalid(problems)

    slug = document["slug"]
    taken = Questionnaire.objects.select_for_update().filter(slug=slug)
    requested = document.get("version")
    if requested is None or taken.filter(version=requested).exists():
        requested = (taken.aggregate(latest=Max("version"))["latest"] or 0) + 1
    questionnaire = Questionnaire.objects.create(
        slug=slug,
        version=requested,
        threshold=document.get("threshold", 0.7),
        status=Questionnaire.Status.DRAFT,
        **_text_values(document["title"], "title"),
    )
    stages = Stage.objects.bulk_create(
        Stage(
            questionnaire=questionnaire,
            key=item["key"],
            order=position,
            **_text_values(item["title"], "title"),
            **_text_values(item["description"], "description"),
        )
        for position, item in enumerate(document["stages"])
    )
    stage_by_key = {stage.key: stage for stage in stages}
    elements = Element.objects.bulk_create(
        Element(
            questionnaire=questionnaire,
            key=item["key"],
            order=position,
            weight=item.get("weight", 1.0),
            **_text_values(item["title"], "title"),
            **_text_values(item.get("description"), "description"),
        )
        for position, item in enumerate(document["elements"])
    )
    pending: list[tuple[Question, list[dict[str, Any]]]] = []
    for element, item in zip(elements, document["elements"], strict=True):
        for position, question in enumerate(item["questions"]):
            pending.append(
                (
                    Question(
                        questionnaire=questionnaire,
                        element=element,
                        stage=stage_by_key[question["stage"]],
                        key=question["key"],
                        order=position,
                        weight=question.get("weight", 1.0),
                        # optional (SPEC.md section 4): an older document has none of them
                        gate=question.get("gate", False),
                        lifecycle=question.get("lifecycle", []),
                        requires=question.get("requires", []),
                        effort_weeks=question.get("effort_weeks"),
                        **_text_values(question["text"], "text"),
                        **_text_values(question["help"], "help"),
                        **_text_values(question["recommendation"], "recommendation"),
                    ),
                    question["options"],
                )
            )
    questions = Question.objects.bulk_create(question for question, _ in pending)
    AnswerOption.objects.bulk_create(
        AnswerOption(
            question=question,
            key=option["key"],
            order=position,
            value=option["value"],
            **_text_values(option["label"], "label"),
            **_text_values(option.get("description"), "description"),
        )
        for question, (_, options) in zip(questions, pending, strict=True)
        for position, option in enumerate(options)
    )
    return questionnaire


def questionnaire_publish(*, questionnaire: Questionnaire) -> Questionnaire:
    """Make a draft the version new assessments start on, if its document has no error.

    An imported draft was checked whole; one edited in the admin since (a gate given a
    "not applicable" option, a requirement that comes back) is checked again here.
    """
    if questionnaire.status != Questionnaire.Status.PUBLISHED:
        problems = interchange.errors(
            interchange.validate(questionnaire_document(questionnaire=questionnaire))
        )
        if problems:
            raise QuestionnaireInvalid(problems)
        questionnaire.status = Questionnaire.Status.PUBLISHED
        questionnaire.published_at = timezone.now()
        questionnaire.save(update_fields=["status", "published_at"])
    return questionnaire


@transaction.atomic
def questionnaire_ship(
    *, document: Any, where: dict[str, str] | None = None
) -> tuple[Questionnaire, bool]:
    """Import and publish a shipped document unless its slug@version is there already.

    Goes the way an admin's file goes (a draft, checked whole, then published), so the
    published version is frozen like any other. Returns the version and whether it was
    loaded now; one that is there, published or a draft, is left as it is.
    """
    version = document.get("version") if isinstance(document, dict) else None
    if version is None:
        raise QuestionnaireInvalid([interchange.Problem("version", SHIPPED_WITHOUT_VERSION)])
    existing = Questionnaire.objects.filter(slug=document.get("slug"), version=version).first()
    if existing is not None:
        return existing, False
    draft = questionnaire_import(document=document, where=where)
    return questionnaire_publish(questionnaire=draft), True


def questionnaire_file_read(*, data: bytes, filename: str) -> tuple[Any, dict[str, str]]:
    """A JSON, YAML or XLSX questionnaire file as a document, with where each part came from.

    Raises DocumentError for a file that is none of these, WorkbookError for a workbook
    whose rows cannot be placed.
    """
    name = filename.lower()
    if name.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        try:
            return spreadsheet.read_workbook(data)
        except spreadsheet.WorkbookError:
            raise
        except Exception as exc:  # not a workbook at all
            raise interchange.DocumentError(
                f"{filename}: not a readable XLSX file ({exc})"
            ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise interchange.DocumentError(f"{filename}: not UTF-8 text") from exc
    return interchange.parse_document(text, yaml_text=name.endswith((".yaml", ".yml"))), {}


def questionnaire_file_export(*, questionnaire: Questionnaire, fmt: str) -> bytes:
    document = questionnaire_document(questionnaire=questionnaire)
    if fmt == "xlsx":
        return spreadsheet.write_workbook(document)
    return interchange.dump_document(document, fmt).encode("utf-8")


def questionnaire_validate(*, document: Any, where: dict[str, str]) -> list[interchange.Problem]:
    """Every problem of a document, located by sheet and row when it came from a workbook."""
    return spreadsheet.locate(interchange.validate(document), where)


def questionnaire_draft_from(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new draft version with the content of `questionnaire`, to edit and publish later."""
    document = questionnaire_document(questionnaire=questionnaire)
    document["version"] = None
    return questionnaire_import(document=document)


def questionnaire_changes(
    *, draft: Questionnaire
) -> tuple[Questionnaire | None, list[diff.Change]]:
    """What `draft` changes against the latest published version of its slug."""
    published = Questionnaire.objects.latest_published(draft.slug)
    if published is None or published.pk == draft.pk:
        return published, []
    return published, diff.diff(
        questionnaire_document(questionnaire=published), questionnaire_document(questionnaire=draft)
    )
