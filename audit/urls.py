from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("log/", views.access_log, name="access_log"),
    path("printed/child/<int:pk>/", views.child_printed, name="child_printed"),
    path("reveal/child/<int:pk>/id-number/", views.reveal_child_id_number, name="reveal_child_id_number"),
    path("reveal/guardian/<int:pk>/phone/", views.reveal_guardian_phone, name="reveal_guardian_phone"),
    path("reveal/report/<int:pk>/reporter-phone/", views.reveal_reporter_phone, name="reveal_reporter_phone"),
]
