"""Sign-in events into the access log (Django's auth signals; the only receivers in this app).

`user_logged_in` also stamps the session with its start time, which `audit.middleware.SessionLifetimeMiddleware`
uses to end sessions after SESSION_ABSOLUTE_SECONDS whatever the activity.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AccessLog
from .services import client_ip

SESSION_STARTED_KEY = "audit_session_started"


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    if request is None:
        return
    request.session[SESSION_STARTED_KEY] = int(time.time())
    AccessLog.objects.create(user=user, username=user.get_username(), ip=client_ip(request),
                             action=AccessLog.Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None or request is None:
        return
    AccessLog.objects.create(user=user, username=user.get_username(), ip=client_ip(request),
                             action=AccessLog.Action.LOGOUT)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    AccessLog.objects.create(username=username, ip=client_ip(request) if request else None,
                             action=AccessLog.Action.LOGIN_FAILED)
