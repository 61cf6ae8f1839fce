from django.urls import path

from . import views, views_facilities, views_sessions, views_tasks, views_workrooms

app_name = "registry"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    # The organisation at work (issue 6)
    path("organisation/", views.organisation, name="organisation"),
    path("work/", views_workrooms.overview, name="work_overview"),
    path("villages/<int:village_pk>/workroom/", views_workrooms.workroom_detail, name="workroom"),
    path("villages/<int:village_pk>/workroom/edit/", views_workrooms.workroom_edit, name="workroom_edit"),
    path("directors/<int:user_pk>/profile/", views_workrooms.director_profile_edit, name="director_profile"),
    path("social/", views_workrooms.social_force_list, name="social_forces"),
    path("social/new/", views_workrooms.social_force_edit, name="social_force_new"),
    path("social/<int:pk>/", views_workrooms.social_force_detail, name="social_force"),
    path("social/<int:pk>/edit/", views_workrooms.social_force_edit, name="social_force_edit"),
    path("social/<int:pk>/activities/new/", views_workrooms.social_activity_add, name="social_activity_new"),
    path("facilities/", views_facilities.facility_list, name="facilities"),
    path("facilities/new/", views_facilities.facility_edit, name="facility_new"),
    path("facilities/<int:pk>/", views_facilities.facility_detail, name="facility"),
    path("facilities/<int:pk>/edit/", views_facilities.facility_edit, name="facility_edit"),
    path("facilities/<int:pk>/inspections/new/", views_facilities.inspection_edit, name="inspection_new"),
    path("facilities/<int:pk>/inspections/<int:inspection_pk>/", views_facilities.inspection_edit,
         name="inspection_edit"),
    path("sessions/", views_sessions.session_list, name="sessions"),
    path("sessions/new/", views_sessions.session_edit, name="session_new"),
    path("sessions/<int:pk>/edit/", views_sessions.session_edit, name="session_edit"),
    path("holidays/", views_sessions.holiday_list, name="holidays"),
    path("holidays/new/", views_sessions.holiday_edit, name="holiday_new"),
    path("holidays/<int:pk>/edit/", views_sessions.holiday_edit, name="holiday_edit"),
    path("publicity/", views_tasks.publicity_list, name="publicity"),
    path("publicity/new/", views_tasks.publicity_edit, name="publicity_new"),
    path("publicity/<int:pk>/edit/", views_tasks.publicity_edit, name="publicity_edit"),
    path("tasks/", views_tasks.task_list, name="tasks"),
    path("tasks/new/", views_tasks.task_edit, name="task_new"),
    path("tasks/<int:pk>/", views_tasks.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views_tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/notes/", views_tasks.task_note_add, name="task_note"),
]
