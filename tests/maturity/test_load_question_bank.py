"""`manage.py load_question_bank`: each shipped document is imported as a draft and published,
once; running it again changes nothing."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from maturity import interchange
from maturity.models import Questionnaire
from maturity.services import (
    SHIPPED_WITHOUT_VERSION,
    questionnaire_document,
    questionnaire_import,
)
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, document: dict[str, Any], name: str = "bank-v2.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def load(*paths: Path) -> str:
    out = StringIO()
    call_command("load_question_bank", *[str(p) for p in paths], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_shipped_document_is_published_as_its_own_version_beside_the_first(
    tmp_path: Path,
) -> None:
    call_command("loaddata", "questionnaire", verbosity=0)
    path = write(tmp_path, make_document(version=2, gates=("privacy-crawl-0",)))

    output = load(path)

    second = Questionnaire.objects.get(version=2)
    assert second.status == Questionnaire.Status.PUBLISHED
    assert second.published_at is not None
    assert Questionnaire.objects.latest_published() == second
    assert Questionnaire.objects.get(version=1).status == Questionnaire.Status.PUBLISHED
    assert second.questions.get(key="privacy-crawl-0").gate is True
    assert "published ecommerce-maturity@2 (18 questions)" in output


def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, make_document(version=2))
    load(path)
    before = questionnaire_document(questionnaire=Questionnaire.objects.get(version=2))
    published_at = Questionnaire.objects.get(version=2).published_at

    output = load(path)

    assert Questionnaire.objects.count() == 1
    second = Questionnaire.objects.get(version=2)
    assert second.published_at == published_at
    assert questionnaire_document(questionnaire=second) == before
    assert "ecommerce-maturity@2 is there already (Published); left as it is." in output


def test_a_draft_of_that_version_is_left_as_it_is(tmp_path: Path) -> None:
    questionnaire_import(document=make_document(version=2))

    load(write(tmp_path, make_document(version=2, per_cell=2)))

    draft = Questionnaire.objects.get()
    assert draft.status == Questionnaire.Status.DRAFT
    assert draft.questions.count() == 18


def test_a_document_with_errors_loads_nothing_and_says_why(tmp_path: Path) -> None:
    document = make_document(version=2)
    document["elements"][0]["questions"][0]["lifecycle"] = ["loyalty"]
    stderr = StringIO()

    with pytest.raises(CommandError, match=r"1 error\(s\); nothing was loaded\."):
        call_command(
            "load_question_bank", str(write(tmp_path, document)), stdout=StringIO(), stderr=stderr
        )

    assert not Questionnaire.objects.exists()
    assert interchange.UNKNOWN_LIFECYCLE.format(key="loyalty") in stderr.getvalue()


def test_a_document_without_a_version_is_refused(tmp_path: Path) -> None:
    document = make_document()
    del document["version"]
    stderr = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "load_question_bank", str(write(tmp_path, document)), stdout=StringIO(), stderr=stderr
        )

    assert not Questionnaire.objects.exists()
    assert f"error: version: {SHIPPED_WITHOUT_VERSION}" in stderr.getvalue()


def test_without_arguments_it_loads_the_shipped_documents_of_the_fixture_folder(
    tmp_path: Path, settings: Any
) -> None:
    settings.FIXTURE_DIRS = [tmp_path]
    write(tmp_path, make_document(version=3), "ecommerce-maturity-v3.yaml")
    write(tmp_path, make_document(version=2), "ecommerce-maturity-v2.yaml")
    write(tmp_path, {"not": "a question bank"}, "notes.yaml")

    output = load()

    assert list(Questionnaire.objects.published().values_list("version", flat=True)) == [3, 2]
    assert output.index("@2") < output.index("@3")
