"""Session lifetime and caching rules for signed-in users.

- SessionLifetimeMiddleware: a session ends SESSION_ABSOLUTE_SECONDS after sign-in whatever the activity (the idle
  timeout is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST). A deactivated user is already signed out by
  Django's ModelBackend.get_user on the next request.
- NoStoreMiddleware: no response seen by a signed-in user may be kept by the browser or a proxy.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from .signals import SESSION_STARTED_KEY


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
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
