"""export_questionnaire and import_questionnaire on the command line."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from maturity.models import Questionnaire
from maturity.services import questionnaire_import
from tests.factories import make_document


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def published(db: None) -> Questionnaire:
    questionnaire = questionnaire_import(document=make_document(per_cell=2))
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.save()
    return questionnaire


def test_export_writes_the_latest_published_version_as_json(published: Questionnaire) -> None:
    questionnaire_import(document=make_document(version=2))  # a newer draft is not exported

    document = json.loads(run("export_questionnaire"))

    assert document["version"] == 1
    assert len(document["elements"]) == 6


def test_export_writes_yaml_to_a_file(published: Questionnaire, tmp_path: Path) -> None:
    target = tmp_path / "bank.yaml"

    run("export_questionnaire", "--version", "1", "--format", "yaml", "-o", str(target))

    assert yaml.safe_load(target.read_text(encoding="utf-8"))["slug"] == "ecommerce-maturity"


def test_export_of_an_unknown_version_fails_with_its_name(published: Questionnaire) -> None:
    with pytest.raises(CommandError, match="No questionnaire ecommerce-maturity@9 exists"):
        run("export_questionnaire", "--version", "9")


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_export_import_export_round_trips(
    published: Questionnaire, tmp_path: Path, fmt: str
) -> None:
    exported = tmp_path / f"bank.{fmt}"
    run("export_questionnaire", "--format", fmt, "-o", str(exported))

    message = run("import_questionnaire", str(exported))
    again = tmp_path / f"again.{fmt}"
    run("export_questionnaire", "--version", "2", "--format", fmt, "-o", str(again))

    assert "Imported ecommerce-maturity@2 as a draft" in message
    first, second = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (exported, again))
    assert second.pop("version") == 2
    assert first.pop("version") == 1
    assert first == second


def test_import_refuses_a_malformed_file_and_writes_nothing(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"slug": "x", ', encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        run("import_questionnaire", str(broken))
    assert not Questionnaire.objects.exists()


def test_import_names_each_problem_and_writes_nothing(db: None, tmp_path: Path) -> None:
    document = make_document()
    document["elements"][0]["questions"][0]["options"][0]["value"] = 2
    document["elements"][0]["questions"][1]["stage"] = "sprint"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    errors = StringIO()

    with pytest.raises(CommandError, match="3 error"):
        call_command("import_questionnaire", str(path), stdout=StringIO(), stderr=errors)

    assert "elements[0].questions[0].options[0].value" in errors.getvalue()
    assert "unknown stage 'sprint'" in errors.getvalue()
    assert "element 'action' has no question at stage 'walk'" in errors.getvalue()
    assert not Questionnaire.objects.exists()


def test_import_of_a_missing_file_fails(db: None) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run("import_questionnaire", "/nonexistent/bank.json")
