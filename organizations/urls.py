from django.urls import path

from organizations import views

app_name = "organizations"

urlpatterns = [
    path("clients/<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "clients/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invite_revoke,
        name="invite_revoke",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
