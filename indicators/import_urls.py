from django.urls import path

from . import import_views

urlpatterns = [
    *[
        path(
            f"indicators/export.{fmt}",
            import_views.figures_export,
            {"file_format": fmt},
            name=f"indicator-export-{fmt}",
        )
        for fmt in ("xlsx", "csv")
    ],
    path("indicators/import/", import_views.figures_import, name="indicator-import"),
    path("indicators/import/preview/", import_views.figures_import_preview, name="indicator-import-preview"),
    path("indicators/import/confirm/", import_views.figures_import_confirm, name="indicator-import-confirm"),
]
