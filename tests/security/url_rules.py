"""Who may open each URL of the portal: url name → roles allowed to GET it (post_only: allowed to POST it).

Every URL of the project must be listed here (the sweep fails otherwise). Parameters name an object of the sweep's
fixture (tests/security/conftest.py `sweep_objects`), all in village A (甲村) unless the name says otherwise.
Roles: anonymous, leader, station_user, director_a (甲村), director_b (乙社区), hotline_user, police_user,
school_user (offices), admin_account.
"""

from .sweep import PUBLIC, SIGNED_IN, TOWNSHIP, Literal, rule

STATION = {"station_user"}
HOTLINE_DESK = {"station_user", "hotline_user"}
DIRECTORS = {"director_a", "director_b"}
OFFICES = {"police_user", "school_user"}
VILLAGE_READERS = TOWNSHIP | DIRECTORS  # lists filtered to the user's villages
EDITORS = STATION | DIRECTORS  # "new" forms: each director for their own villages
A_READERS = TOWNSHIP | {"director_a"}
A_EDITORS = STATION | {"director_a"}

RULES = {
    # --- the shell and accounts
    "home": rule(SIGNED_IN),
    "healthz": rule(PUBLIC),
    "login": rule(PUBLIC),
    "logout": rule(PUBLIC, post_only=True),
    "password_change": rule(SIGNED_IN),
    "password_change_done": rule(SIGNED_IN),
    "csrf_token": rule(SIGNED_IN),  # drafts.js: the current token after signing in again elsewhere
    "set_language": rule(PUBLIC),
    # --- registry: notifications
    "registry:notifications": rule(SIGNED_IN),
    "registry:notification_open": rule({"director_a"}, pk="notification_a"),
    "registry:notifications_read_all": rule(SIGNED_IN, post_only=True),
    # --- registry: the organisation at work
    "registry:organisation": rule(SIGNED_IN),
    "registry:work_overview": rule(VILLAGE_READERS),
    "registry:workroom": rule(A_READERS, village_pk="village_a"),
    "registry:workroom_edit": rule(A_EDITORS, village_pk="village_a"),
    "registry:director_profile": rule(STATION, user_pk="director_a"),
    "registry:social_forces": rule(VILLAGE_READERS),
    "registry:social_force_new": rule(STATION),
    "registry:social_force": rule(A_READERS, pk="social_force_a"),
    "registry:social_force_edit": rule(STATION, pk="social_force_a"),
    "registry:social_activity_new": rule(STATION, pk="social_force_a"),
    "registry:facilities": rule(VILLAGE_READERS),
    "registry:facility_new": rule(EDITORS),
    "registry:facility": rule(A_READERS, pk="facility_a"),
    "registry:facility_edit": rule(A_EDITORS, pk="facility_a"),
    "registry:inspection_new": rule(A_EDITORS, pk="facility_a"),
    "registry:inspection_edit": rule(A_EDITORS, pk="facility_a", inspection_pk="inspection_a"),
    "registry:sessions": rule(VILLAGE_READERS),
    "registry:session_new": rule(EDITORS),
    "registry:session_edit": rule(A_EDITORS, pk="session_a"),
    "registry:holidays": rule(VILLAGE_READERS),
    "registry:holiday_new": rule(STATION),
    "registry:holiday_edit": rule(STATION, pk="holiday"),
    "registry:publicity": rule(VILLAGE_READERS),
    "registry:publicity_new": rule(EDITORS),
    "registry:publicity_edit": rule(A_EDITORS, pk="publicity_a"),
    "registry:tasks": rule(VILLAGE_READERS | OFFICES),
    "registry:task_new": rule(STATION),
    "registry:task": rule(A_READERS, pk="task_a"),
    "registry:task_edit": rule(STATION, pk="task_a"),
    "registry:task_note": rule(A_EDITORS, pk="task_a", post_only=True),
    # --- cases
    "cases:child_list": rule(VILLAGE_READERS),
    # The station's export carries full ID and phone numbers: an explicit action, logged with the ids it held.
    "cases:child_export": rule(VILLAGE_READERS, logs_child_a=True),
    "cases:child_create": rule(EDITORS),
    "cases:child_lookup": rule(VILLAGE_READERS),
    "cases:possible_duplicates": rule(STATION),
    "cases:child_detail": rule(A_READERS, pk="child_a", logs_child_a=True),
    "cases:child_edit": rule(A_EDITORS, pk="child_a"),
    "cases:child_history": rule(STATION, pk="child_a", logs_child_a=True),
    "cases:child_merge": rule(STATION, pk="child_a", other="child_a_copy", logs_child_a=True),
    "cases:assess": rule(A_EDITORS, pk="child_a"),
    "cases:intervention_create": rule(A_EDITORS, pk="child_a"),
    "cases:note_create": rule(A_EDITORS, pk="child_a"),
    "cases:mandatory_report_create": rule(A_EDITORS, pk="child_a"),
    "cases:status_change": rule(A_EDITORS, pk="child_a", action=Literal("request_close")),
    "cases:referral_create": rule(A_EDITORS, pk="child_a"),
    "cases:risk_settings": rule(STATION),
    "cases:referral_list": rule(VILLAGE_READERS | OFFICES, also_sees_a={"police_user"}),
    "cases:referral_export": rule(VILLAGE_READERS | OFFICES, also_sees_a={"police_user"}, logs_child_a=True),
    "cases:referral_detail": rule(A_READERS | {"police_user"}, pk="referral_a", also_sees_a={"police_user"}),
    "cases:referral_action": rule({"police_user"}, pk="referral_a", action=Literal("accept"), post_only=True,
                                  also_sees_a={"police_user"}),
    "cases:referral_station_action": rule(STATION, pk="referral_a", action=Literal("reroute"), post_only=True),
    # --- visits
    "visits:due": rule(VILLAGE_READERS),
    "visits:summary": rule(TOWNSHIP),
    "visits:ledger": rule(VILLAGE_READERS, logs_child_a=True),
    "visits:policy": rule(STATION),
    "visits:child": rule(A_READERS, pk="child_a", logs_child_a=True),
    "visits:new": rule(A_EDITORS, pk="child_a"),
    "visits:detail": rule(A_READERS, pk="visit_a", logs_child_a=True),
    "visits:edit": rule(A_EDITORS, pk="visit_a", logs_child_a=True),
    "visits:photo": rule(A_READERS, pk="photo_a", logs_child_a=True),
    "visits:photo_sized": rule(A_READERS, pk="photo_a", size=Literal("thumb"), logs_child_a=True),  # or "view"
    # --- hotline (call_a is linked to child_a)
    "hotline:ledger": rule(VILLAGE_READERS | OFFICES | {"hotline_user"}, also_sees_a={"hotline_user"}),
    "hotline:export": rule(VILLAGE_READERS | OFFICES | {"hotline_user"}, also_sees_a={"hotline_user"}),
    "hotline:stats": rule(VILLAGE_READERS | OFFICES | {"hotline_user"}),
    "hotline:review": rule(STATION, post_only=True),
    "hotline:followup": rule(HOTLINE_DESK, also_sees_a={"hotline_user"}),
    "hotline:new": rule(HOTLINE_DESK),
    "hotline:invalid": rule(HOTLINE_DESK, post_only=True),
    "hotline:caller_history": rule(HOTLINE_DESK, post_only=True),
    "hotline:detail": rule(A_READERS | {"hotline_user"}, pk="call_a", also_sees_a={"hotline_user"}),
    "hotline:edit": rule(HOTLINE_DESK, pk="call_a", also_sees_a={"hotline_user"}),
    "hotline:callback": rule(HOTLINE_DESK, pk="call_a", post_only=True, also_sees_a={"hotline_user"}),
    "hotline:close": rule(HOTLINE_DESK, pk="call_a", post_only=True, also_sees_a={"hotline_user"}),
    "hotline:reveal_phone": rule(HOTLINE_DESK, pk="call_a", post_only=True),  # to call back
    "hotline:feedback": rule(HOTLINE_DESK, pk="call_a", post_only=True),  # and the office a call is referred to
    "hotline:link": rule(HOTLINE_DESK, pk="call_a", also_sees_a={"hotline_user"}),
    "hotline:link_child": rule(HOTLINE_DESK, pk="call_a", post_only=True, also_sees_a={"hotline_user"}),
    "hotline:intake_open": rule(HOTLINE_DESK, pk="call_a", post_only=True, also_sees_a={"hotline_user"}),
    "hotline:report": rule(HOTLINE_DESK, pk="call_a", also_sees_a={"hotline_user"}, logs_child_a=True),
    "hotline:intakes": rule(STATION),
    "hotline:intake_register": rule(STATION, pk="intake"),
    "hotline:intake_link_existing": rule(STATION, pk="intake", post_only=True),
    "hotline:intake_dismiss": rule(STATION, pk="intake", post_only=True),
    # --- audit
    "audit:access_log": rule(TOWNSHIP),
    "audit:child_printed": rule(A_READERS, pk="child_a", post_only=True),
    "audit:reveal_child_id_number": rule(STATION, pk="child_a", post_only=True),
    # guardians' numbers: also village A's director, who arranges home visits by phone
    "audit:reveal_guardian_phone": rule(A_EDITORS, pk="guardian_a", post_only=True),
    "audit:reveal_reporter_phone": rule(STATION, pk="report_a", post_only=True),
    # --- dashboard
    "dashboard:index": rule(VILLAGE_READERS),
    "dashboard:report": rule(VILLAGE_READERS, logs_child_a=True),
    "dashboard:report_xlsx": rule(VILLAGE_READERS, logs_child_a=True),
}
