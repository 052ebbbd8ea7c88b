from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from front import views as front_views

urlpatterns = [
    path("", front_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("assessments.urls")),
    path("", include("assessments.sharing_urls")),
    path("", include("assessments.team_urls")),
    path("", include("workspace.urls")),
    path("", include("organizations.urls")),
    path("", include("lifecycle.urls")),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Named when asked for: the hashed name is in collectstatic's manifest, which need not
    # exist yet when a command (migrate) first imports the URLs.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
]
