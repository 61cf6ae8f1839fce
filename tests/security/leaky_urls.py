"""The project's URLs plus one unguarded view: used by test_sweep to prove the sweep catches it."""

from django.http import HttpResponse
from django.urls import path

from cases.models import Child
from zhanpu.urls import urlpatterns as project_urlpatterns


def unguarded_child_name(request, pk: int):
    """What a careless new view might do: no login, no access check."""
    return HttpResponse(Child.objects.get(pk=pk).name)


urlpatterns = [*project_urlpatterns, path("leaky/<int:pk>/", unguarded_child_name, name="leaky_child")]
