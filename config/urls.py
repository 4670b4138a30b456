"""Every page's address: each app owns its own list, included here. Apps are
listed from the bottom of the stack up (see README, "Layout")."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core.auth import SignInForm
from core.views import home

admin.site.site_header = "Action Plan Tracker admin"
admin.site.site_title = "Action Plan Tracker admin"
admin.site.index_title = "Plans, actions and progress"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("actions.urls")),
    path("", include("progress.urls")),
    path("", include("dashboards.urls")),
    path("", include("imports.urls")),
    path("admin/", admin.site.urls),
]
