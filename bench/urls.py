"""The portal's URLs plus the benchmark floors (used only by bench/measure.py via ROOT_URLCONF)."""

from django.urls import include, path

from . import floors

urlpatterns = [
    path("__floor__/register/", floors.register, name="floor_register"),
    path("__floor__/child/<int:pk>/", floors.child_file, name="floor_child"),
    path("__floor__/due/", floors.due_list, name="floor_due"),
    path("__floor__/ledger/", floors.hotline_ledger, name="floor_ledger"),
    path("__floor__/dashboard/", floors.dashboard, name="floor_dashboard"),
    path("__floor__/export/", floors.export, name="floor_export"),
    path("", include("zhanpu.urls")),
]
