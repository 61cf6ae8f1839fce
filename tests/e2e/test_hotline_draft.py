"""A call being logged is not lost when the connection drops or the page is closed before it is stored."""

import pytest

from hotline.models import HotlineCall

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUMMARY = "来电反映一名儿童被锁在家中（提交时断网）。"


def _fill_call(page) -> None:
    page.check("input[name=call_type][value=report]")
    page.check("input[name=caller_relation][value=neighbour]")
    page.check("input[name=urgency][value=urgent]")
    page.fill("textarea[name=summary]", SUMMARY)
    boxes = page.locator("input[name=categories]")
    boxes.nth(0).check()
    boxes.nth(3).check()


def _ticked(page) -> list[bool]:
    return page.locator("input[name=categories]").evaluate_all("els => els.map(el => el.checked)")


def test_a_call_typed_before_the_connection_drops_is_kept_and_sent_once(open_session):
    session = open_session()
    page = session.page
    session.login("hotline")
    session.goto("/hotline/new/")
    _fill_call(page)

    page.route("**/hotline/new/", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())
    page.locator("#call-form [type=submit]").click()
    page.wait_for_selector("#submit-failed:not(.d-none)")
    session.shot("submit-failed")
    assert page.input_value("textarea[name=summary]") == SUMMARY
    assert not HotlineCall.objects.filter(summary=SUMMARY).exists()

    session.goto("/")  # the operator closed the tab; the home page points back to the unsent call
    page.locator("#pending-drafts").get_by_role("link", name="来电记录").click()
    page.wait_for_selector("#draft-restored:not(.d-none)")
    session.shot("draft-restored")
    assert page.input_value("textarea[name=summary]") == SUMMARY
    assert page.is_checked("input[name=urgency][value=urgent]")
    assert not page.is_checked("input[name=urgency][value=normal]")
    ticked = _ticked(page)
    assert ticked[0] and ticked[3] and sum(ticked) == 2  # a group of boxes comes back box by box

    page.unroute("**/hotline/new/")
    with page.expect_navigation(url="**/hotline/*/"):
        page.locator("#call-form [type=submit]").click()
    session.shot("logged")
    call = HotlineCall.objects.get(summary=SUMMARY)
    assert call.categories.count() == 2 and call.urgency == HotlineCall.Urgency.URGENT
    assert page.url == session.url(f"/hotline/{call.pk}/") and "来电已登记" in page.inner_text("main")
    session.goto("/hotline/new/")
    assert page.input_value("textarea[name=summary]") == "" and page.locator("#draft-restored").is_hidden()


def test_a_call_refused_by_the_server_keeps_what_was_typed(open_session):
    session = open_session()
    page = session.page
    session.login("hotline")
    session.goto("/hotline/new/")
    page.fill("textarea[name=summary]", SUMMARY)  # no call type, caller or urgency: refused
    page.locator("#call-form [type=submit]").click()
    page.wait_for_selector("#call-form .is-invalid")
    session.shot("refused")
    assert page.input_value("textarea[name=summary]") == SUMMARY
    assert not HotlineCall.objects.filter(summary=SUMMARY).exists()
    # The form swapped in from the server's answer still looks the caller's number up as it is typed.
    page.locator("#id_caller_phone").press_sequentially("13800000011")
    page.locator("#same-number").wait_for(state="visible")
