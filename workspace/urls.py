from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path("compare/", views.compare, name="compare"),
    path("compare/export.<str:fmt>", views.compare_export, name="compare_export"),
    path("organizations/<slug:slug>/progress/", views.progress, name="progress"),
    path(
        "organizations/<slug:slug>/progress/export.<str:fmt>",
        views.progress_export,
        name="progress_export",
    ),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("portfolio/export.<str:fmt>", views.portfolio_export, name="portfolio_export"),
]
