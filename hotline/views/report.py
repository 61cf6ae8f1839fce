"""强制报告 in one step from a call that reports harm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.models import AccessLog
from audit.services import log_access

from .. import services
from ..forms import ReportForm, apply_errors
from ..selectors import get_call_for_user


@login_required
def call_report(request, pk: int):
    call = get_call_for_user(request.user, pk, perm="change")
    form = ReportForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_report_from_call(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("强制报告已提交：已通知工作站并紧急转介派出所。"))
            return redirect("hotline:detail", pk=call.pk)
    if call.child_id:  # the page names the linked child (name, birth year, village), as the call's page does
        log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[call.child_id],
                   detail=f"hotline_call {call.pk} report")
    return render(request, "hotline/report_form.html", {"call": call, "form": form})
