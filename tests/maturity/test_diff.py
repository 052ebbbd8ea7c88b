"""The diff of a draft against the published version, and the compare page that shows it."""

import copy

import pytest
from django.contrib.auth.models import User
from django.test import Client

from maturity import diff
from maturity.services import questionnaire_import, questionnaire_publish
from tests.factories import make_document


def changed_document() -> dict:
    """One change of each kind against make_document(per_cell=2)."""
    document = make_document(per_cell=2)
    action = document["elements"][0]["questions"]
    data = document["elements"][1]["questions"]
    action.append({**copy.deepcopy(action[0]), "key": "action-crawl-new"})  # added
    del data[0]  # removed: data-crawl-0
    action[2]["stage"] = "run"  # moved: action-walk-0 to run
    action[4]["weight"] = 2.0  # reweighted: action-run-0
    action[0]["options"][1]["value"] = 0.6  # revalued
    action[0]["text"]["de"] = "Neu formuliert"  # text changed, German only
    action[0]["options"][2]["description"]["ko"] = "세 가지 모두 운영됩니다."  # text changed
    action[1]["lifecycle"] = ["nurture", "retention"]  # redefined
    action[3]["effort_weeks"] = 6  # redefined
    document["threshold"] = 0.75  # setting
    return document


def test_each_kind_of_change_is_found() -> None:
    changes = diff.diff(make_document(per_cell=2), changed_document())
    found = {(c.kind, c.key, c.field) for c in changes}

    assert (diff.ADDED, "action-crawl-new", "") in found
    assert (diff.REMOVED, "data-crawl-0", "") in found
    assert (diff.MOVED, "action-walk-0", "stage") in found
    assert (diff.REWEIGHTED, "action-run-0", "weight") in found
    assert (diff.REVALUED, "action-crawl-0", "options.partial") in found
    assert (diff.TEXT, "action-crawl-0", "text.de") in found
    assert (diff.TEXT, "action-crawl-0", "text.en") not in found
    assert (diff.TEXT, "action-crawl-0", "options.full.description.ko") in found
    assert (diff.REDEFINED, "action-crawl-1", "lifecycle") in found
    assert (diff.REDEFINED, "action-walk-1", "effort_weeks") in found
    assert (diff.SETTING, "threshold", "threshold") in found


def test_the_same_document_has_no_change() -> None:
    assert diff.diff(make_document(), make_document()) == []


@pytest.mark.django_db
def test_the_compare_page_lists_every_change_of_a_draft(client: Client) -> None:
    questionnaire_publish(questionnaire=questionnaire_import(document=make_document(per_cell=2)))
    draft = questionnaire_import(document={**changed_document(), "version": 2})
    client.force_login(User.objects.create_superuser("ada", "ada@example.com", "x"))

    response = client.get(f"/admin/maturity/questionnaire/{draft.pk}/compare/")

    for kind in diff.KINDS:
        assert f'data-kind="{kind}"' in response.text, kind
    assert "Neu formuliert" in response.text
    assert "Publish ecommerce-maturity@2" in response.text


def test_a_question_made_a_gate_is_a_redefinition_and_a_missing_field_means_its_default() -> None:
    old = make_document()
    new = make_document()
    question = new["elements"][5]["questions"][0]
    question["gate"] = True
    question["options"] = [o for o in question["options"] if o["value"] is not None]
    question["requires"] = []  # the default, as an older document means by leaving it out

    changes = diff.diff(old, new)

    assert diff.Change(diff.REDEFINED, "privacy-crawl-0", "gate", False, True) in changes
    assert not any(c.field == "requires" for c in changes)
