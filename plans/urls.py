from django.urls import path

from actions import views as action_views
from progress import views as progress_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-actions/", action_views.my_actions, name="my-actions"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path("actions/", action_views.action_list, name="action-list"),
    path("actions/<int:pk>/", action_views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", action_views.action_edit, name="action-edit"),
    path("actions/<int:action_pk>/updates/new/", progress_views.progress_update_new, name="progress-update-new"),
]
