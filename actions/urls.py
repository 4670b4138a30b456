from django.urls import path

from . import plan_views, views

urlpatterns = [
    path("my-actions/", views.my_actions, name="my-actions"),
    path("plans/", plan_views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", plan_views.plan_detail, name="plan-detail"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
]
