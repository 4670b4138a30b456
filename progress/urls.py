from django.urls import path

from . import views

urlpatterns = [
    path("actions/<int:action_pk>/updates/new/", views.progress_update_new, name="progress-update-new"),
]
