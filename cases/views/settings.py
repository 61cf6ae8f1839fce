"""The station edits the risk checklist and the tier thresholds (data, not code)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from registry.access import require_roles
from registry.roles import Role
from zhanpu.fingerprints import ChangedMeanwhile, SeenForm

from ..forms import IndicatorFormSet, ThresholdFormSet
from ..selectors import risk_settings_fingerprint


@login_required
@require_roles(Role.STATION)
def risk_settings(request):
    indicators = IndicatorFormSet(request.POST or None, prefix="indicators")
    thresholds = ThresholdFormSet(request.POST or None, prefix="thresholds")
    seen = SeenForm(request.POST or None, initial={"seen": risk_settings_fingerprint()})
    if request.method == "POST" and seen.is_valid() and indicators.is_valid() and thresholds.is_valid():
        try:
            with transaction.atomic():
                if risk_settings_fingerprint(lock=True) != seen.cleaned_data["seen"]:
                    raise ChangedMeanwhile()
                indicators.save()
                thresholds.save()
        except ChangedMeanwhile as error:
            seen.add_error(None, error)
        else:
            messages.success(request, _("风险评估设置已保存。"))
            return redirect("cases:risk_settings")
    return render(request, "cases/risk_settings.html", {
        "indicators": indicators, "thresholds": thresholds, "seen": seen,
    })
