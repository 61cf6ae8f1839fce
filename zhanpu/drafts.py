"""The server's half of static/js/drafts.js: forms whose input is kept in the browser until it is stored."""

from django.http import JsonResponse
from django.shortcuts import redirect

FETCH_HEADER = "X-Draft-Fetch"  # sent by static/js/drafts.js


def saved_response(request, location: str):
    """After a record from a draft form is stored: drafts.js gets `location` as JSON, drops the draft and loads it
    itself (a redirect would be followed by fetch and eat the page's "saved" message); a plain form post, a
    redirect."""
    if request.headers.get(FETCH_HEADER) == "1":
        return JsonResponse({"location": location})
    return redirect(location)
