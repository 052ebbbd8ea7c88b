from django.urls import path

from assessments import team_views

app_name = "team"

urlpatterns = [
    path("assessments/<int:pk>/team/", team_views.team, name="team"),
    path("assessments/<int:pk>/team/invite/", team_views.invite, name="invite"),
    path(
        "assessments/<int:pk>/team/respondents/<int:respondent_pk>/remove/",
        team_views.remove,
        name="remove",
    ),
    path(
        "assessments/<int:pk>/team/consolidate/<slug:element>/",
        team_views.consolidate,
        name="consolidate",
    ),
    path("assessments/<int:pk>/evidence/<slug:key>/", team_views.evidence, name="evidence"),
    path(
        "assessments/<int:pk>/evidence/item/<int:evidence_pk>/remove/",
        team_views.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "assessments/<int:pk>/evidence/item/<int:evidence_pk>/file/",
        team_views.evidence_file,
        name="evidence_file",
    ),
]
