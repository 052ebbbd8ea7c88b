"""`manage.py score ANSWERS.json`: the SPEC result, or a message naming what is wrong."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assessments import services
from maturity.models import Questionnaire
from maturity.services import questionnaire_import
from tests.factories import make_document


@pytest.fixture
def questionnaire(db: None) -> Questionnaire:
    return questionnaire_import(document=make_document(per_cell=1))


def score_file(tmp_path: Path, document: object) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = StringIO()
    call_command("score", str(path), stdout=out)
    return out.getvalue()


def test_score_prints_the_result_document(questionnaire: Questionnaire, tmp_path: Path) -> None:
    answers = {f"{e}-crawl-0": "full" for e in ("action", "data", "insights")}
    answers["action-walk-0"] = "partial"
    answers["data-walk-0"] = "na"

    result = json.loads(
        score_file(tmp_path, {"questionnaire": "ecommerce-maturity@1", "answers": answers})
    )

    assert result["questionnaire"] == "ecommerce-maturity@1"
    assert result["complete"] is False
    assert result["elements"]["action"] == {
        "stage": "crawl",
        "score": 75.0,
        "next_stage": "walk",
        "progress": 0.5,
        "attainment": {"crawl": 1.0, "walk": 0.5, "run": None},
    }
    assert result["elements"]["data"]["stage"] == "crawl"
    assert result["elements"]["data"]["next_stage"] is None
    assert result["elements"]["privacy"]["score"] is None
    assert result["overall"]["stage"] == "crawl"
    assert result["overall"]["attainment"] == {"crawl": 1.0, "walk": 0.5, "run": None}
    assert result["overall"]["score"] == round((75 + 100 + 100) / 3, 1)
    assert list(result) == ["questionnaire", "complete", "overall", "elements"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"questionnaire": "ecommerce-maturity@7", "answers": {}},
            services.UNKNOWN_QUESTIONNAIRE.format(label="ecommerce-maturity@7"),
        ),
        (
            {"questionnaire": "ecommerce-maturity@1", "answers": {"action-teleport": "full"}},
            services.UNKNOWN_QUESTION.format(key="action-teleport", label="ecommerce-maturity@1"),
        ),
        (
            {"questionnaire": "ecommerce-maturity@1", "answers": {"action-crawl-0": "amazing"}},
            "Unknown option 'amazing' for question 'action-crawl-0'",
        ),
        (
            {"questionnaire": "ecommerce-maturity", "answers": {}},
            "must read slug@version",
        ),
        ({"answers": []}, "An answers document is an object"),
    ],
)
def test_score_refuses_what_it_does_not_know_and_names_it(
    questionnaire: Questionnaire, tmp_path: Path, document: object, message: str
) -> None:
    with pytest.raises(CommandError) as refused:
        score_file(tmp_path, document)

    assert message in str(refused.value)


def test_score_exits_non_zero_on_a_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text("{not json", encoding="utf-8")

    finished = subprocess.run(
        [sys.executable, "manage.py", "score", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode != 0
    assert "not valid JSON (line 1, column 2" in finished.stderr
    assert "Traceback" not in finished.stderr
