from django.urls import path

from . import views

urlpatterns = [
    path("public/plans/", views.plan_list, name="public-plan-list"),
    path("public/plans/<slug:slug>/", views.plan_detail, name="public-plan"),
    path("public/plans/<slug:slug>.csv", views.plan_csv, name="public-plan-csv"),
    path("public/plans/<slug:slug>/actions/<int:pk>/", views.action_detail, name="public-action"),
    path("public/plans/<slug:slug>/accessibility/", views.accessibility_statement, name="public-accessibility"),
]
