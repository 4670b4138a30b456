from django.urls import path

from actions import views as action_views
from progress import dashboard_views
from progress import views as progress_views

from . import views
from .spreadsheets import views as spreadsheet_views

FORMATS = ["xlsx", "csv"]

urlpatterns = [
    path("", views.home, name="home"),
    path("my-actions/", action_views.my_actions, name="my-actions"),
    path("dashboard/", dashboard_views.overview, name="dashboard"),
    path("dashboard/report/", dashboard_views.report, name="report"),
    path("dashboard/report.xlsx", dashboard_views.report_xlsx, name="report-xlsx"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/dashboard/", dashboard_views.plan_dashboard, name="plan-dashboard"),
    path("plans/<slug:slug>/dashboard/report/", dashboard_views.plan_report, name="plan-report"),
    path("plans/<slug:slug>/dashboard/report.xlsx", dashboard_views.plan_report_xlsx, name="plan-report-xlsx"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan-detail"),
    *[
        path(f"plans/<slug:slug>/export.{fmt}", spreadsheet_views.plan_export, {"file_format": fmt}, name=f"plan-export-{fmt}")
        for fmt in FORMATS
    ],
    path("actions/", action_views.action_list, name="action-list"),
    *[
        path(f"actions/export.{fmt}", spreadsheet_views.action_list_export, {"file_format": fmt}, name=f"action-export-{fmt}")
        for fmt in FORMATS
    ],
    path("actions/<int:pk>/", action_views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", action_views.action_edit, name="action-edit"),
    path("actions/<int:action_pk>/updates/new/", progress_views.progress_update_new, name="progress-update-new"),
    path("imports/", spreadsheet_views.import_list, name="import-list"),
    path("imports/new/", spreadsheet_views.import_new, name="import-new"),
    path("imports/<int:pk>/", spreadsheet_views.import_detail, name="import-detail"),
    path("imports/<int:pk>/mapping/", spreadsheet_views.import_mapping, name="import-mapping"),
    path("imports/<int:pk>/confirm/", spreadsheet_views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/cancel/", spreadsheet_views.import_cancel, name="import-cancel"),
]
