from django.urls import path

from assessments import views, workspace_views

app_name = "assessments"

urlpatterns = [
    path("organizations/<slug:slug>/assessments/new/", views.start, name="start"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/answer/<slug:element>/", views.answer, name="answer"),
    path("assessments/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("assessments/<int:pk>/review/", views.review, name="review"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/result/", views.result, name="result"),
    path("assessments/<int:pk>/roadmap/", views.roadmap, name="roadmap"),
    path("assessments/<int:pk>/goals/<slug:key>/new/", views.goal_edit, name="goal_new"),
    path("assessments/<int:pk>/goals/<slug:key>/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("assessments/<int:pk>/goals/<int:goal_pk>/delete/", views.goal_delete, name="goal_delete"),
    path("assessments/<int:pk>/copy/", views.copy, name="copy"),
    path("clients/", workspace_views.clients, name="clients"),
    path("clients/<slug:slug>/invite/", workspace_views.invite, name="invite"),
    path(
        "clients/<slug:slug>/invitations/<int:pk>/revoke/",
        workspace_views.invite_revoke,
        name="invite_revoke",
    ),
    path("compare/", workspace_views.compare, name="compare"),
    path("compare/export.<str:fmt>", workspace_views.compare_export, name="compare_export"),
    path("organizations/<slug:slug>/progress/", workspace_views.progress, name="progress"),
    path(
        "organizations/<slug:slug>/progress/export.<str:fmt>",
        workspace_views.progress_export,
        name="progress_export",
    ),
    path("portfolio/", workspace_views.portfolio, name="portfolio"),
    path("portfolio/export.<str:fmt>", workspace_views.portfolio_export, name="portfolio_export"),
]
