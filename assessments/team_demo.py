"""The demo's team assessment: Birkenhain Outdoor's draft on the latest version, started by
its consultant Chris, answered by Lena (everything), Sven (data and privacy) and Chris
(methodology and governance). Lena and Sven disagree on the first privacy gate, which Sven
backs with a link to the privacy policy page: ready for the consolidation workshop."""

from django.contrib.auth.models import User
from django.db import transaction

from assessments.demo import _choice, _option, _questions
from assessments.models import Assessment, Evidence, Respondent, Response
from assessments.team import levels
from assessments.team_services import respondent_invite_member
from maturity.models import DEFAULT_SLUG, AnswerOption, Question, Questionnaire
from organizations.models import Organization

ORGANIZATION = "birkenhain"
OWNER = "chris"
# username -> the elements she answers ([]: all of them)
PARTS = {"lena": [], "sven": ["data", "privacy"], "chris": ["methodology", "governance"]}
# Whose answers lean on which profile of assessments.demo.
PROFILE = "nordlicht"
DISAGREEMENT_NOTE = "The consent banner loads the analytics tag before consent on mobile."
EVIDENCE_URL = "https://birkenhain.example/datenschutz"


def _two_levels_below(question: Question, top: AnswerOption) -> AnswerOption:
    options = list(question.options.all())
    ranks = levels([o.key for o in options], [o.not_applicable for o in options])
    wanted = max(ranks[top.key] - 2, 0)
    return next(o for o in options if ranks[o.key] == wanted)


def _respond(respondent: Respondent, questions: list[Question], gate: Question | None) -> None:
    rows = []
    for question in questions:
        if not respondent.covers(question.element.key):
            continue
        option = _option(question, _choice(PROFILE, question))
        note = ""
        if question == gate:
            top = max(
                (o for o in question.options.all() if o.value is not None),
                key=lambda o: o.value or 0.0,
            )
            # Lena says fully in place; Sven, who checked, two levels lower.
            option = top if respondent.elements == [] else _two_levels_below(question, top)
            note = DISAGREEMENT_NOTE if respondent.elements else ""
        rows.append(Response(respondent=respondent, question=question, option=option, note=note))
    Response.objects.bulk_create(rows)


@transaction.atomic
def demo_team_load() -> Assessment | None:
    """Load the team assessment once (nothing when the organization has any assessment, or
    when the people or a published version are missing)."""
    organization = Organization.objects.filter(slug=ORGANIZATION).first()
    users = {user.username: user for user in User.objects.filter(username__in=PARTS)}
    questionnaire = (
        Questionnaire.objects.published().filter(slug=DEFAULT_SLUG).order_by("-version").first()
    )
    if organization is None or len(users) < len(PARTS) or questionnaire is None:
        return None
    if organization.assessments.exists():
        return None
    owner = users[OWNER]
    draft = Assessment.objects.create(
        organization=organization, questionnaire=questionnaire, started_by=owner
    )
    questions = _questions(questionnaire)
    gate = next((q for q in questions if q.gate and q.element.key == "privacy"), None)
    for username, part in PARTS.items():
        respondent = respondent_invite_member(
            assessment=draft, owner=owner, user=users[username], elements=part
        )
        _respond(respondent, questions, gate)
        if gate is not None and username == "sven":
            Evidence.objects.create(
                assessment=draft,
                question=gate,
                respondent=respondent,
                url=EVIDENCE_URL,
                name="Privacy policy page",
                added_by=users[username],
            )
    draft.refresh_from_db()
    return draft
