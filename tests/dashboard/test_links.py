"""Each figure links to the list behind it, and that list shows the same children as the figure counts."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child

pytestmark = pytest.mark.django_db


def link_of(body: str, name: str) -> tuple[int, str]:
    match = re.search(rf'data-figure="{name}"><a href="([^"]+)"[^>]*>(\d+)<', body)
    assert match, f"figure {name} has no link"
    return int(match.group(2)), html.unescape(match.group(1))


def names_listed(client, url: str, candidates) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    return {child.name for child in candidates if child.name in body}


@pytest.mark.parametrize("fixture", ["leader", "director_a"])
def test_figures_match_the_lists_they_link_to(client, request, fixture, township):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("dashboard:index")).content.decode()
    everyone = township["a"] + township["b"]
    visible = everyone if fixture == "leader" else township["a"]
    today = timezone.localdate()
    cutoff = today - dt.timedelta(days=183)
    open_ = [c for c in visible if c.status == Child.Status.OPEN]
    expected = {
        "children-total": open_,
        "children-red": [c for c in open_ if c.tier == "red"],
        "visits-overdue": [c for c in open_ if c.next_visit_due and c.next_visit_due < today],
        "reassess-overdue": [c for c in open_ if (c.last_assessed_on or c.registered_on) < cutoff],
    }
    for name, children in expected.items():
        count, url = link_of(body, name)
        assert count == len(children), name
        assert names_listed(client, url, everyone) == {c.name for c in children}, name


def test_a_director_on_hotline_duty_sees_their_call_figure_without_a_link_to_every_call(
        client, director_a, hotline_user, child_a, child_b):
    """The ledger lists every call to an operator: a link from the figure of the director's villages would not
    match it."""
    from registry.roles import Role
    from registry.services import add_role
    from tests.hotline.factories import CallFactory

    add_role(user=director_a, role=Role.HOTLINE)
    for child in (child_a, child_b, None):
        CallFactory(operator=hotline_user, child=child)
    client.force_login(director_a)
    body = client.get(reverse("dashboard:index")).content.decode()
    figure = re.search(r'data-figure="calls-total">(<a href="[^"]*"[^>]*>)?(\d+)<', body)
    assert figure.group(2) == "1" and figure.group(1) is None
