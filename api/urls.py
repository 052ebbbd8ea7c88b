"""/api/v1/: read-only JSON for organizations, assessments, results and comparisons."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = [
    *router.urls,
    path("comparisons/", views.ComparisonView.as_view(), name="comparison"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
]
