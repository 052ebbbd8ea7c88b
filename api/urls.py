app_name = "api"

# Filled in by the API work: organizations, assessments, results, comparisons, schema.
urlpatterns: list = []
