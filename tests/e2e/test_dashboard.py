"""The leadership opens the township dashboard from the navigation and sees the figures and the charts."""

import pytest
from django.utils import timezone

from cases.models import Child, ChildCategory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_leader_opens_the_dashboard_with_figures_and_drawn_charts(open_session):
    session = open_session()
    page = session.page
    session.login("leader")
    page.locator("#mainnav").get_by_role("link", name="工作看板").click()
    page.wait_for_selector("#summary")
    page.wait_for_function("() => [...document.querySelectorAll('canvas[data-chart]')]"
                           ".every(el => window.Chart && window.Chart.getChart(el))")
    session.shot("dashboard")

    assert "全镇" in page.locator("#scope-name").inner_text()
    open_children = Child.objects.filter(status=Child.Status.OPEN).count()
    assert page.locator("[data-figure=children-total]").inner_text().strip() == str(open_children)
    overdue = Child.objects.filter(status=Child.Status.OPEN, next_visit_due__lt=timezone.localdate()).count()
    assert overdue >= 1  # the demo seeds one overdue child in 示例村A
    assert page.locator("[data-figure=visits-overdue]").inner_text().strip() == str(overdue)
    assert page.locator("canvas[data-chart]").count() >= 5
    # one row per child category (the demo children have some), so the category chart has bars to draw
    assert ChildCategory.objects.count() >= 5
    assert page.locator("#table-category tbody tr").count() == ChildCategory.objects.count()
