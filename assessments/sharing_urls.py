from django.urls import path

from assessments import sharing

app_name = "sharing"

urlpatterns = [
    path("assessments/<int:pk>/share/", sharing.share_create, name="create"),
    path(
        "assessments/<int:pk>/share/<int:link_pk>/revoke/",
        sharing.share_revoke,
        name="revoke",
    ),
    path("assessments/<int:pk>/report/", sharing.report, name="report"),
    path("assessments/<int:pk>/export.json", sharing.export, name="export"),
    path("shared/<str:token>/", sharing.shared, name="shared"),
]
