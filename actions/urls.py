from django.urls import path

from . import plan_views, settings_views, views

urlpatterns = [
    path("my-actions/", views.my_actions, name="my-actions"),
    path("plans/", plan_views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", plan_views.plan_detail, name="plan-detail"),
    path("plans/<slug:slug>/settings/", settings_views.plan_settings, name="plan-settings"),
    path("plans/<slug:slug>/settings/details/", settings_views.plan_details_edit, name="plan-settings-details"),
    path("plans/<slug:slug>/settings/pattern/", settings_views.pattern_edit, name="plan-pattern"),
    path("plans/<slug:slug>/settings/pattern/remove/", settings_views.pattern_remove, name="plan-pattern-remove"),
    path("plans/<slug:slug>/settings/rounds/new/", settings_views.round_edit, name="plan-round-new"),
    path("plans/<slug:slug>/settings/rounds/<int:pk>/", settings_views.round_edit, name="plan-round-edit"),
    path("plans/<slug:slug>/settings/rounds/<int:pk>/delete/", settings_views.round_delete, name="plan-round-delete"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
]
