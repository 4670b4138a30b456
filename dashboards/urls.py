from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.overview, name="dashboard"),
    path("dashboard/report/", views.report, name="report"),
    path("dashboard/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("dashboard/workbooks/<int:pk>/", views.workbook_page, name="report-workbook"),
    path("dashboard/workbooks/<int:pk>/workbook.xlsx", views.workbook_download, name="report-workbook-download"),
    path("plans/<slug:slug>/dashboard/", views.plan_dashboard, name="plan-dashboard"),
    path("plans/<slug:slug>/dashboard/report/", views.plan_report, name="plan-report"),
    path("plans/<slug:slug>/dashboard/report.xlsx", views.plan_report_xlsx, name="plan-report-xlsx"),
    path("plans/<slug:slug>/dashboard/commentary/", views.plan_commentary, name="plan-commentary"),
]
