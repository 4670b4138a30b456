"""Each app owns its URLs now; the addresses people bookmark stay as they were."""

import pytest
from django.urls import resolve, reverse

ADDRESSES = [
    ("home", {}, "/", "dashboards.views"),
    ("health", {}, "/health/", "core.health"),
    ("login", {}, "/accounts/login/", "django.contrib.auth.views"),
    ("my-actions", {}, "/my-actions/", "actions.views"),
    ("plan-list", {}, "/plans/", "actions.plan_views"),
    ("plan-detail", {"slug": "p"}, "/plans/p/", "actions.plan_views"),
    ("plan-settings", {"slug": "p"}, "/plans/p/settings/", "actions.settings_views"),
    ("plan-settings-details", {"slug": "p"}, "/plans/p/settings/details/", "actions.settings_views"),
    ("plan-pattern", {"slug": "p"}, "/plans/p/settings/pattern/", "actions.settings_views"),
    ("plan-pattern-remove", {"slug": "p"}, "/plans/p/settings/pattern/remove/", "actions.settings_views"),
    ("plan-round-new", {"slug": "p"}, "/plans/p/settings/rounds/new/", "actions.settings_views"),
    ("plan-round-edit", {"slug": "p", "pk": 1}, "/plans/p/settings/rounds/1/", "actions.settings_views"),
    ("plan-round-delete", {"slug": "p", "pk": 1}, "/plans/p/settings/rounds/1/delete/", "actions.settings_views"),
    ("action-list", {}, "/actions/", "actions.views"),
    ("action-detail", {"pk": 1}, "/actions/1/", "actions.views"),
    ("action-edit", {"pk": 1}, "/actions/1/edit/", "actions.views"),
    ("progress-update-new", {"action_pk": 1}, "/actions/1/updates/new/", "progress.views"),
    ("dashboard", {}, "/dashboard/", "dashboards.views"),
    ("report", {}, "/dashboard/report/", "dashboards.views"),
    ("report-xlsx", {}, "/dashboard/report.xlsx", "dashboards.views"),
    ("report-workbook", {"pk": 1}, "/dashboard/workbooks/1/", "dashboards.views"),
    ("report-workbook-download", {"pk": 1}, "/dashboard/workbooks/1/workbook.xlsx", "dashboards.views"),
    ("plan-dashboard", {"slug": "p"}, "/plans/p/dashboard/", "dashboards.views"),
    ("plan-report", {"slug": "p"}, "/plans/p/dashboard/report/", "dashboards.views"),
    ("plan-report-xlsx", {"slug": "p"}, "/plans/p/dashboard/report.xlsx", "dashboards.views"),
    ("plan-export-xlsx", {"slug": "p"}, "/plans/p/export.xlsx", "imports.views"),
    ("plan-export-csv", {"slug": "p"}, "/plans/p/export.csv", "imports.views"),
    ("action-export-xlsx", {}, "/actions/export.xlsx", "imports.views"),
    ("action-export-csv", {}, "/actions/export.csv", "imports.views"),
    ("import-list", {}, "/imports/", "imports.views"),
    ("import-new", {}, "/imports/new/", "imports.views"),
    ("import-detail", {"pk": 1}, "/imports/1/", "imports.views"),
    ("import-mapping", {"pk": 1}, "/imports/1/mapping/", "imports.views"),
    ("import-confirm", {"pk": 1}, "/imports/1/confirm/", "imports.views"),
    ("import-cancel", {"pk": 1}, "/imports/1/cancel/", "imports.views"),
    ("import-header-row", {"pk": 1}, "/imports/1/header-row/", "imports.views"),
    ("import-status", {"pk": 1}, "/imports/1/status.json", "imports.views"),
    ("import-owner-alias", {"pk": 1}, "/imports/1/owners/", "imports.owner_views"),
    ("import-undo", {"pk": 1}, "/imports/1/undo/", "imports.undo_views"),
    ("reminder-settings", {}, "/account/reminders/", "reminders.views"),
    ("reminders-no-change", {"token": "t"}, "/reminders/no-change/t/", "reminders.views"),
    ("reminders-unsubscribe", {"token": "t"}, "/reminders/unsubscribe/t/", "reminders.views"),
    ("reminders-preview", {}, "/reminders/preview/", "reminders.views"),
    ("reminders-preview-html", {}, "/reminders/preview/html/", "reminders.views"),
    ("progress-update-correct", {"pk": 1}, "/updates/1/correct/", "progress.views"),
    ("progress-update-withdraw", {"pk": 1}, "/updates/1/withdraw/", "progress.views"),
    ("approvals", {}, "/approvals/", "progress.views"),
    ("approvals-approve-selected", {}, "/approvals/approve-selected/", "progress.views"),
    ("approval-approve", {"pk": 1}, "/approvals/1/approve/", "progress.views"),
    ("approval-return", {"pk": 1}, "/approvals/1/return/", "progress.views"),
    ("public-plan-list", {}, "/public/plans/", "public_pages.views"),
    ("public-plan", {"slug": "p"}, "/public/plans/p/", "public_pages.views"),
    ("public-plan-csv", {"slug": "p"}, "/public/plans/p.csv", "public_pages.views"),
    ("public-action", {"slug": "p", "pk": 1}, "/public/plans/p/actions/1/", "public_pages.views"),
    ("public-accessibility", {"slug": "p"}, "/public/plans/p/accessibility/", "public_pages.views"),
]


@pytest.mark.parametrize("name, kwargs, path, module", ADDRESSES, ids=[a[0] for a in ADDRESSES])
def test_each_page_keeps_its_address_and_is_served_by_its_own_app(name, kwargs, path, module):
    assert reverse(name, kwargs=kwargs) == path
    view = resolve(path).func
    assert getattr(view, "view_class", view).__module__ == module
