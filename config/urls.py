from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Action Plan Tracker admin"
admin.site.site_title = "Action Plan Tracker admin"
admin.site.index_title = "Plans, actions and progress"

urlpatterns = [
    path("", include("plans.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
