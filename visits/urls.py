from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.due_list, name="due"),
    path("villages/", views.village_summary, name="summary"),
    path("ledger.xlsx", views.ledger_export, name="ledger"),
    path("policy/", views.policy_edit, name="policy"),
    path("child/<int:pk>/", views.child_visits, name="child"),
    path("child/<int:pk>/new/", views.visit_new, name="new"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_edit, name="edit"),
    path("photos/<int:pk>/", views.visit_photo, name="photo"),
    path("photos/<int:pk>/<str:size>/", views.visit_photo, name="photo_sized"),  # thumb, view
]
