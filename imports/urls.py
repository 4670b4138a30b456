from django.urls import path

from . import owner_views, undo_views, views

FORMATS = ["xlsx", "csv"]

urlpatterns = [
    *[
        path(f"plans/<slug:slug>/export.{fmt}", views.plan_export, {"file_format": fmt}, name=f"plan-export-{fmt}")
        for fmt in FORMATS
    ],
    *[
        path(f"actions/export.{fmt}", views.action_list_export, {"file_format": fmt}, name=f"action-export-{fmt}")
        for fmt in FORMATS
    ],
    path("imports/", views.import_list, name="import-list"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/status.json", views.import_status, name="import-status"),
    path("imports/<int:pk>/mapping/", views.import_mapping, name="import-mapping"),
    path("imports/<int:pk>/header-row/", views.import_header_row, name="import-header-row"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
    path("imports/<int:pk>/undo/", undo_views.import_undo, name="import-undo"),
    path("imports/<int:pk>/owners/", owner_views.import_owner_alias, name="import-owner-alias"),
]
