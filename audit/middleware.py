"""Session lifetime and caching rules for signed-in users.

- SessionLifetimeMiddleware: a session ends SESSION_ABSOLUTE_SECONDS after sign-in whatever the activity, and
  SESSION_COOKIE_AGE after the last activity: a request renews the expiry (cookie and database) when the last
  renewal is SESSION_RENEW_SECONDS old, so the idle timeout holds to within that and a page view is not a write.
  A deactivated user is already signed out by Django's ModelBackend.get_user on the next request.
- NoStoreMiddleware: no response seen by a signed-in user may be kept by the browser or a proxy.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from .signals import SESSION_STARTED_KEY

SESSION_RENEWED_KEY = "audit_session_renewed"


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SESSION_RENEWED_KEY, started) >= settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_RENEWED_KEY] = int(now)  # modified: saved with a fresh expiry
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if was_signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
