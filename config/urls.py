from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plans.auth import SignInForm

admin.site.site_header = "Action Plan Tracker admin"
admin.site.site_title = "Action Plan Tracker admin"
admin.site.index_title = "Plans, actions and progress"

urlpatterns = [
    path("", include("plans.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
