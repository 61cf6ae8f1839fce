from django.urls import path, re_path

from .views import casework, children, merge, referrals, settings

app_name = "cases"
urlpatterns = [
    path("", children.child_list, name="child_list"),
    path("export.xlsx", children.child_export, name="child_export"),
    path("new/", children.child_create, name="child_create"),
    path("lookup/", children.child_lookup, name="child_lookup"),
    path("duplicates/", children.possible_duplicates, name="possible_duplicates"),
    path("<int:pk>/", children.child_detail, name="child_detail"),
    path("<int:pk>/edit/", children.child_edit, name="child_edit"),
    path("<int:pk>/history/", children.child_history, name="child_history"),
    path("<int:pk>/merge/<int:other>/", merge.child_merge, name="child_merge"),
    path("<int:pk>/assess/", casework.assess, name="assess"),
    path("<int:pk>/interventions/new/", casework.intervention_create, name="intervention_create"),
    path("<int:pk>/notes/new/", casework.note_create, name="note_create"),
    path("<int:pk>/mandatory-report/", casework.mandatory_report_create, name="mandatory_report_create"),
    re_path(
        r"^(?P<pk>\d+)/status/(?P<action>request_close|approve_close|reject_close|reopen)/$", casework.status_change,
        name="status_change",
    ),
    path("<int:pk>/refer/", referrals.referral_create, name="referral_create"),
    path("risk-settings/", settings.risk_settings, name="risk_settings"),
    path("referrals/", referrals.referral_list, name="referral_list"),
    path("referrals/export.xlsx", referrals.referral_export, name="referral_export"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    re_path(r"^referrals/(?P<pk>\d+)/(?P<action>accept|respond|complete|return)/$", referrals.referral_action,
            name="referral_action"),
    re_path(r"^referrals/(?P<pk>\d+)/(?P<action>reroute|withdraw)/$", referrals.referral_station_action,
            name="referral_station_action"),
]
