from django.urls import path

from . import views

urlpatterns = [
    path("actions/<int:action_pk>/updates/new/", views.progress_update_new, name="progress-update-new"),
    path("updates/<int:pk>/correct/", views.progress_update_correct_view, name="progress-update-correct"),
    path("updates/<int:pk>/withdraw/", views.progress_update_withdraw_view, name="progress-update-withdraw"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/approve-selected/", views.approvals_approve_selected, name="approvals-approve-selected"),
    path("approvals/<int:pk>/approve/", views.approval_approve, name="approval-approve"),
    path("approvals/<int:pk>/return/", views.approval_return, name="approval-return"),
]
