from django.urls import path

from assessments import views

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
]
