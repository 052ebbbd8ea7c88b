from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maturity.models import Questionnaire
from organizations.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Queries: session, user, the user's memberships with their organizations and
    # member counts, their assessments, the published questionnaire with its question
    # count, its stages.
    questionnaire = Questionnaire.objects.latest_published_summary()
    stages = {stage.key: stage for stage in questionnaire.stages.all()} if questionnaire else {}
    return render(
        request,
        "organizations/home.html",
        {
            "memberships": Membership.objects.for_home(request.user),
            "questionnaire": questionnaire,
            "stages": stages,
        },
    )
