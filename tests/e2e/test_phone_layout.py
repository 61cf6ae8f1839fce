"""On a 360 px phone: no page scrolls sideways (a table scrolls in its own box), and the error of a group of
tap-to-choose options on the call form is shown, not only its options turned red."""

import pytest

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDE_TABLES = {"hotline": ["/hotline/"], "director_a": ["/org/publicity/", "/children/referrals/"],
               "station": ["/children/duplicates/", "/hotline/"]}


@pytest.mark.parametrize("username", sorted(WIDE_TABLES))
def test_pages_with_tables_do_not_scroll_sideways_on_a_phone(open_session, username):
    session = open_session(PHONE)
    session.login(username)
    for path in WIDE_TABLES[username]:
        session.goto(path)
        widths = session.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        session.shot(path.strip("/").replace("/", "-"))
        assert widths[0] <= widths[1], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"


def test_the_call_forms_option_groups_show_their_errors(open_session):
    session = open_session(PHONE)
    session.login("hotline")
    session.goto("/hotline/new/")
    page = session.page
    page.fill("textarea[name=summary]", "只填了摘要")
    page.click("#call-form button.btn-primary[type=submit]")
    page.wait_for_selector("#div_id_urgency .invalid-feedback")
    session.shot("option-group-errors")
    for group in ("urgency", "caller_relation"):
        feedback = page.locator(f"#div_id_{group} .invalid-feedback")
        assert feedback.is_visible(), f"the error of {group} is hidden"
    assert "请选择紧急程度" in page.locator("#div_id_urgency .invalid-feedback").inner_text()
