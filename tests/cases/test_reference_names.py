"""Reference data in the reader's language: categories and offices carry an English name, edited in the admin."""

import pytest
from django.urls import reverse

from cases.models import ChildCategory, RiskIndicator

pytestmark = pytest.mark.django_db


def _in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def test_register_filter_names_categories_in_the_readers_language(client, station_user):
    client.force_login(station_user)
    assert ">孤儿</option>" in client.get(reverse("cases:child_list")).content.decode()
    _in_english(client)
    body = client.get(reverse("cases:child_list")).content.decode()
    assert ">Orphan</option>" in body and "孤儿" not in body


def test_referral_form_names_offices_in_english(client, station_user, child_a):
    client.force_login(station_user)
    _in_english(client)
    body = client.get(reverse("cases:referral_create", args=[child_a.pk])).content.decode()
    assert "Social Affairs Office" in body and "社事办" not in body


def test_leadership_edits_both_names_of_a_category_in_the_admin(client, leader):
    category = ChildCategory.objects.get(code="orphan")
    client.force_login(leader)
    page = client.get(reverse("admin:cases_childcategory_change", args=[category.pk])).content.decode()
    assert 'name="name_zh_hans"' in page and 'name="name_en"' in page
    response = client.post(reverse("admin:cases_childcategory_change", args=[category.pk]), {
        "name_zh_hans": "孤儿", "name_en": "Orphaned child", "code": "orphan", "order": category.order,
    })
    assert response.status_code == 302
    _in_english(client)
    assert ">Orphaned child</option>" in client.get(reverse("cases:child_list")).content.decode()


def test_leadership_edits_both_texts_of_a_risk_indicator_in_the_admin_and_history_keeps_the_change(client, leader):
    item = RiskIndicator.objects.get(text="被遗弃")
    client.force_login(leader)
    assert "被遗弃" in client.get(reverse("admin:cases_riskindicator_changelist")).content.decode()
    page = client.get(reverse("admin:cases_riskindicator_change", args=[item.pk])).content.decode()
    assert 'name="text_zh_hans"' in page and 'name="text_en"' in page
    response = client.post(reverse("admin:cases_riskindicator_change", args=[item.pk]), {
        "domain": item.domain, "text_zh_hans": "被遗弃或被拒绝接回", "text_en": "Abandoned or refused back home",
        "weight": item.weight, "is_emergency": "on", "is_active": "on", "order": item.order,
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text_zh_hans, item.text_en) == ("被遗弃或被拒绝接回", "Abandoned or refused back home")
    assert item.history.first().text == "被遗弃或被拒绝接回" and item.history.first().history_user == leader
    history = client.get(reverse("admin:cases_riskindicator_history", args=[item.pk]))
    assert history.status_code == 200


def test_lists_and_labels_use_the_readers_punctuation(client, station_user, child_a):
    child_a.categories.set(ChildCategory.objects.filter(code__in=["orphan", "left_behind"]))
    client.force_login(station_user)
    assert "孤儿、农村留守儿童" in client.get(reverse("cases:child_list")).content.decode()
    assess = client.get(reverse("cases:assess", args=[child_a.pk])).content.decode()
    assert "【紧急】监护：被遗弃（10）" in assess
    _in_english(client)
    assert "Orphan, Rural left-behind child" in client.get(reverse("cases:child_list")).content.decode()
    assess = client.get(reverse("cases:assess", args=[child_a.pk])).content.decode()
    assert "Guardianship: Abandoned (10)" in assess and "：" not in assess
