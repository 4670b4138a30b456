"""The API's addresses, under /api/v1/ (config/urls.py)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import docs, views

app_name = "api"

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("actions", views.ActionViewSet, basename="action")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", docs.documentation, name="docs"),
    *router.urls,
]
