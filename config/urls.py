"""Every page's address: each app owns its own list, included here. Apps are
listed from the bottom of the stack up (see README, "Layout")."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import sessions
from core.auth import SignInForm
from core.health import health
from core.password_reset import ThrottledPasswordResetView
from dashboards.views import home

admin.site.site_header = "Action Plan Tracker admin"
admin.site.site_title = "Action Plan Tracker admin"
admin.site.index_title = "Plans, actions and progress"

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/two-factor/", include("core.two_factor_urls")),
    path("accounts/session/keep-alive/", sessions.keep_alive, name="session-keep-alive"),
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actions.urls")),
    path("", include("progress.urls")),
    path("", include("indicators.urls")),
    path("", include("dashboards.urls")),
    path("", include("imports.urls")),
    path("", include("reminders.urls")),
    path("", include("public_pages.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
