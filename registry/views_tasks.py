"""Publicity activities [四(四)] and the task breakdown [四(一)]."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhanpu.drafts import filed_once_key

from .access import is_station, require_roles, villages_changeable_by, villages_visible_to
from .forms_work import PublicityForm, TaskForm, TaskNoteForm
from .models import Publicity, Task
from .roles import Role
from .selectors import (
    can_update_task,
    get_publicity_for_change,
    get_task_for_user,
    publicity_visible_to,
    tasks_visible_to,
)
from .services_work import add_task_note, tell_task_assignees
from .views_common import form_page, of_village, paginate, save_form

VILLAGE_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR)
TASK_ROLES = (Role.LEADERSHIP, Role.STATION, Role.DIRECTOR, Role.OFFICE)


@login_required
@require_roles(*VILLAGE_ROLES)
def publicity_list(request):
    items = publicity_visible_to(request.user)
    items, village = of_village(request, items)
    return render(request, "registry/publicity_list.html", {
        "page": paginate(request, items), "villages": villages_visible_to(request.user), "village": village,
        "changeable": set(villages_changeable_by(request.user).values_list("pk", flat=True)),
        "township": is_station(request.user),  # records and changes the township's own publicity
    })


@login_required
@require_roles(Role.STATION, Role.DIRECTOR)
def publicity_edit(request, pk: int | None = None):
    item = get_publicity_for_change(request.user, pk) if pk else Publicity()
    form = PublicityForm(request.POST or None, instance=item, user=request.user)
    extra = {} if pk else {"recorded_by": request.user}
    if request.method == "POST" and save_form(form, by=request.user, **extra):
        messages.success(request, _("宣传记录已保存。"))
        return redirect("registry:publicity")
    return form_page(request, form, title=_("宣传活动"), back_url=reverse("registry:publicity"))


@login_required
@require_roles(*TASK_ROLES)
def task_list(request):
    tasks = tasks_visible_to(request.user)
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        tasks = tasks.exclude(status=Task.Status.DONE).filter(due_on__lt=timezone.localdate())
    return render(request, "registry/task_list.html", {
        "page": paginate(request, tasks), "overdue_only": overdue_only, "can_add": is_station(request.user),
    })


@login_required
@require_roles(*TASK_ROLES)
def task_detail(request, pk: int):
    task = get_task_for_user(request.user, pk)
    can_update = can_update_task(request.user, task)
    return render(request, "registry/task_detail.html", {
        "task": task,
        "notes": task.notes.select_related("author"),
        "can_update": can_update,
        "note_form": TaskNoteForm(initial={"status": task.status, "seen_status": task.status}) if can_update else None,
        "can_edit": is_station(request.user),
    })


@login_required
@require_roles(*TASK_ROLES)
@require_POST
def task_note_add(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not can_update_task(request.user, task):
        raise PermissionDenied
    form = TaskNoteForm(request.POST)
    if form.is_valid():
        key = filed_once_key(form, by=request.user, about={"task": task})
        try:
            add_task_note(task=task, author=request.user, text=form.cleaned_data["text"],
                          status=form.cleaned_data["status"], seen_status=form.cleaned_data["seen_status"],
                          submission_key=key)
        except ValidationError as error:  # the status changed meanwhile; the form sent before with other input
            form.add_error(None, error)
        else:
            messages.success(request, _("进展已记录。"))
            return redirect("registry:task", pk=task.pk)
    return render(request, "registry/task_detail.html", {
        "task": task, "notes": task.notes.select_related("author"), "can_update": True, "note_form": form,
        "can_edit": is_station(request.user),
    })


@login_required
@require_roles(Role.STATION)
def task_edit(request, pk: int | None = None):
    task = get_object_or_404(Task, pk=pk) if pk else Task()
    before = (task.office_id, task.village_id) if pk else None  # whom it was assigned to
    form = TaskForm(request.POST or None, instance=task)
    extra = {} if pk else {"created_by": request.user}
    with transaction.atomic():  # a task and the notices it gives: all stored, or none
        saved = request.method == "POST" and save_form(form, by=request.user, **extra)
        if saved is task:  # saved now; a form sent again returns the task it saved, announced then
            tell_task_assignees(task=task, before=before)
    if saved:
        messages.success(request, _("任务已保存。"))
        return redirect("registry:task", pk=form.instance.pk)
    back = reverse("registry:task", args=[pk]) if pk else reverse("registry:tasks")
    return form_page(request, form, title=_("任务分解"), back_url=back)
