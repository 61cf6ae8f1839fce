"""The list pages' template helpers: choice labels in the reader's language, and the options of filter selects."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation

from cases.filters import ChildFilter
from cases.models import Child
from hotline.models import HotlineCall

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template("{% load lists %}" + source).render(Context(context))


def test_label_shows_the_choice_label_in_the_active_language():
    call = HotlineCall(call_type="help", urgency="normal")
    assert _render('{{ call|label:"call_type" }}/{{ call|label:"urgency" }}', call=call) == "求助/一般（一周）"
    with translation.override("en"):
        assert _render('{{ call|label:"call_type" }}/{{ call|label:"urgency" }}', call=call) == (
            "Request for help/Routine (one week)"
        )
    assert _render('{{ call|label:"call_type" }}', call=call) == "求助"


def test_label_of_a_value_outside_the_choices_is_the_value_and_blank_stays_blank():
    assert _render('{{ child|label:"tier" }}', child=Child(tier="purple")) == "purple"
    assert _render('{{ call|label:"urgency"|default:"—" }}', call=HotlineCall(urgency="")) == "—"


def test_select_options_keep_the_chosen_value_and_escape_labels(station_user, village_a, village_b):
    village_b.name = "乙<社区>"
    village_b.save()
    form = ChildFilter({"village": str(village_b.pk)}, queryset=Child.objects.all(), user=station_user).form
    html = _render("{{ field|options }}", field=form["village"])
    assert f'<option value="{village_b.pk}" selected>乙&lt;社区&gt;</option>' in html
    assert f'<option value="{village_a.pk}">' in html
    assert html.count(" selected") == 1
    unbound = ChildFilter(None, queryset=Child.objects.all(), user=station_user).form
    assert _render("{{ field|options }}", field=unbound["village"]).startswith('<option value="" selected>')


def test_filter_inputs_keep_their_widget_limits(client, station_user):
    """The access log's object-number filter keeps min="1" from its field, as crispy rendered it."""
    client.force_login(station_user)
    body = client.get(reverse("audit:access_log"), {"object_id": "7"}).content.decode()
    assert 'type="number" name="object_id" value="7" min="1" step="any" class="numberinput form-control"' in body


def test_dates_show_in_the_portal_format_and_time_zone_or_a_dash():
    at = datetime(2026, 11, 29, 17, 5, tzinfo=UTC)  # 01:05 the next morning in Asia/Shanghai
    assert _render("{{ day|ymd }} {{ at|ymd_hm }} {{ at|ymd }}", day=date(2026, 3, 7), at=at) == (
        "2026-03-07 2026-11-30 01:05 2026-11-30"
    )
    assert _render("{{ day|ymd }}/{{ at|ymd_hm }}", day=None, at=None) == "—/—"


def test_url_for_gives_the_same_link_as_the_url_tag():
    rendered = _render(
        '{{ 7|url_for:"cases:child_detail" }} {{ 12|url_for:"visits:new" }} {{ 7|url_for:"cases:child_detail" }}'
    )
    expected = [reverse("cases:child_detail", args=[7]), reverse("visits:new", args=[12])]
    assert rendered.split() == [expected[0], expected[1], expected[0]]


def test_url_for_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert _render('{{ 7|url_for:"hotline:detail" }}') == reverse("hotline:detail", args=[7])
        assert _render('{{ 7|url_for:"hotline:detail" }}').startswith("/portal/")
    finally:
        set_script_prefix("/")
