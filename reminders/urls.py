from django.urls import path

from . import views

urlpatterns = [
    path("account/reminders/", views.reminder_settings, name="reminder-settings"),
    path("reminders/no-change/<str:token>/", views.no_change, name="reminders-no-change"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="reminders-unsubscribe"),
    path("reminders/preview/", views.preview, name="reminders-preview"),
    path("reminders/preview/html/", views.preview_html, name="reminders-preview-html"),
]
