from django.urls import path

from lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("organizations/<slug:slug>/lifecycle/", views.dashboard, name="dashboard"),
    path("organizations/<slug:slug>/lifecycle/figures/", views.figures, name="figures"),
    path("organizations/<slug:slug>/lifecycle/imports/", views.imports, name="imports"),
    path(
        "organizations/<slug:slug>/lifecycle/imports/<int:pk>/",
        views.import_detail,
        name="import",
    ),
    path(
        "organizations/<slug:slug>/lifecycle/imports/<int:pk>/status/",
        views.import_status,
        name="import_status",
    ),
    path(
        "organizations/<slug:slug>/lifecycle/imports/<int:pk>/delete/",
        views.import_delete,
        name="import_delete",
    ),
]
