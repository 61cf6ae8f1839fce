"""Reads for the hotline ledger."""


def timeline_events(child) -> list[dict]:
    """Calls linked to this child as timeline events: dicts with when, kind, title, detail, url."""
    return []
