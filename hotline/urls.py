from django.urls import path

from .views import calls, ledger, linking, report

app_name = "hotline"
urlpatterns = [
    path("", ledger.ledger, name="ledger"),
    path("export.xlsx", ledger.ledger_export, name="export"),
    path("stats/", ledger.stats, name="stats"),
    path("stats/review/", ledger.ledger_review, name="review"),
    path("follow-up/", ledger.followup, name="followup"),
    path("new/", calls.call_new, name="new"),
    path("invalid/", calls.call_invalid, name="invalid"),
    path("caller-history/", calls.caller_history, name="caller_history"),
    path("<int:pk>/", calls.call_detail, name="detail"),
    path("<int:pk>/edit/", calls.call_edit, name="edit"),
    path("<int:pk>/callback/", calls.call_callback, name="callback"),
    path("<int:pk>/close/", calls.call_close, name="close"),
    path("<int:pk>/feedback/", calls.call_feedback, name="feedback"),
    path("<int:pk>/reveal-phone/", calls.call_reveal_phone, name="reveal_phone"),
    path("<int:pk>/report/", report.call_report, name="report"),
    path("<int:pk>/link/", linking.child_search, name="link"),
    path("<int:pk>/link/child/", linking.child_link, name="link_child"),
    path("<int:pk>/intake/", linking.intake_open, name="intake_open"),
    path("intakes/", linking.intake_list, name="intakes"),
    path("intakes/<int:pk>/", linking.intake_register, name="intake_register"),
    path("intakes/<int:pk>/existing/", linking.intake_link_existing, name="intake_link_existing"),
    path("intakes/<int:pk>/dismiss/", linking.intake_dismiss, name="intake_dismiss"),
]
