"""The server's half of static/js/drafts.js: forms whose input is kept in the browser until it is stored.

A form sent on a weak connection can be stored while its answer is lost on the way back: the browser keeps the
draft and the user sends it again. Each such form carries a submission key, made when the form is shown and kept in
the draft; the record stores it, so that the same form sent again finds its record (`resent`) instead of filing a
second visit or call."""

import json
import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_safe

FETCH_HEADER = "X-Draft-Fetch"  # sent by static/js/drafts.js
CSRF_FAILURE_HEADER = "X-CSRF-Failure"  # read by static/js/app.js and drafts.js: a stale token, not a refusal


class SubmissionKeyField(models.UUIDField):
    """The key of the form a record came from (none for records made otherwise)."""

    def __init__(self, *args, **kwargs):
        kwargs.update(null=True, blank=True, unique=True, editable=False)
        super().__init__(*args, **kwargs)


class SubmissionKeyFormField(forms.UUIDField):
    """A new key each time the form is shown; a draft restored into the form brings back its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)


def _plain(value):
    """A cleaned value as plain JSON data: a record as its number, a choice of several sorted."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted((_plain(item) for item in value), key=str)
    if isinstance(value, str):
        return value.strip()
    return value if value is None or isinstance(value, bool | int) else str(value)


def filed_once_key(form, *, by, about: dict | None = None, leave_out=()) -> uuid.UUID:
    """The submission key of a valid keyed `form`: the one it was sent with or, for a form sent without one (a page
    opened before the form had one, or whose key drafts.js used up and the Back button brought back), one made from
    who sent it, the form, the day and its input, with `about` ({name: value}, what it is filed on, e.g. the child):
    the same input sent twice that day still files once. `leave_out`: fields not part of the input compared, e.g.
    uploads. cases.forms.FiledOnceForm keys its case forms with it."""
    if form.cleaned_data.get("submission_key") is not None:
        return form.cleaned_data["submission_key"]
    sent = {
        name: _plain(value) for name, value in {**form.cleaned_data, **(about or {})}.items()
        if name != "submission_key" and name not in leave_out
    }
    content = json.dumps(sent, ensure_ascii=False, sort_keys=True, default=str)
    return uuid.uuid5(uuid.NAMESPACE_OID, "|".join(map(str, (
        type(form).__name__, by.pk, timezone.localdate().isoformat(), content))))


class AlreadySubmitted(ValidationError):
    def __init__(self):
        super().__init__(_("这份表单已经提交过一条不同的记录。如需另行登记，请复制您填写的内容，刷新页面后重新填写。"),
                         code="already_submitted")


def resent(model, key, *, owner: dict, fields: dict, compared=None):
    """The `model` record already stored from the form sent with `key` (its answer was lost), or None when the form
    is sent for the first time. `owner` (e.g. {"recorded_by_id": 3}) and the `compared` names of `fields` (all of
    them by default) must match it: a key that comes with other content is a form sent twice with different input
    (a second tab, a page kept open), refused with AlreadySubmitted rather than dropped or filed twice."""
    if key is None:
        return None
    earlier = model.objects.filter(submission_key=key).first()
    if earlier is None:
        return None
    names = fields.keys() if compared is None else compared
    if any(getattr(earlier, name) != value for name, value in owner.items()) or any(
        getattr(earlier, name) != fields[name] for name in names
    ):
        raise AlreadySubmitted()
    return earlier


def store_once(model, key, save, *, owner: dict, fields: dict, compared=None):
    """The record stored from the form sent with `key`: the one stored before (`resent`), or the one `save()` stores
    now, in a savepoint. When the same form was sent twice at the very same moment (two tabs), neither sending saw
    the other's record and the later insert meets its key: that sending is answered as `resent` answers it, never
    with a server error. `save` leaves the key's uniqueness to the database (full_clean(exclude=[...]))."""
    earlier = resent(model, key, owner=owner, fields=fields, compared=compared)
    if earlier:
        return earlier
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        if key is None or not model.objects.filter(submission_key=key).exists():
            raise
        return resent(model, key, owner=owner, fields=fields, compared=compared)


def saved_response(request, location: str):
    """After a record from a draft form is stored: drafts.js gets `location` as JSON, drops the draft and loads it
    itself (a redirect would be followed by fetch and eat the page's "saved" message); a plain form post, a
    redirect."""
    if request.headers.get(FETCH_HEADER) == "1":
        return JsonResponse({"location": location})
    return redirect(location)


@login_required
@require_safe
def csrf_token(request):
    """The browser's current CSRF token, for drafts.js. Signing in gives the browser a new token (Django's login()
    rotates it), so a draft form left open while the user signed in again in another window holds a stale one and
    is refused with 403; drafts.js then reads the current token here and sends the form once more. Only a signed-in
    user gets it (anyone else is sent to the login page), and only from this origin: no CORS, so another site cannot
    read the answer. Not cached: NoStoreMiddleware marks every answer to a signed-in user."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: Django's own page, marked so that the scripts tell a token made stale by signing
    in again elsewhere (fetch the current one, send once more) from a permission refused (never sent again)."""
    response = django_csrf_failure(request, reason=reason)
    response[CSRF_FAILURE_HEADER] = "1"
    return response
