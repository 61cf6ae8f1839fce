"""The seeded reference lists (children's categories, calls' issue categories) in the admin: the leadership group
and the admin rename and reorder them; nobody deletes one or changes its code; other roles are kept out."""

import pytest
from django.urls import reverse

from cases.models import Child, ChildCategory, RiskIndicator
from hotline.models import IssueCategory

from ..hotline.factories import CallFactory

pytestmark = pytest.mark.django_db

LISTS = [(ChildCategory, "orphan"), (IssueCategory, "neglect")]


def _url(entry, view):
    return reverse(f"admin:{entry._meta.app_label}_{entry._meta.model_name}_{view}", args=[entry.pk])


def _form(entry, **changes):
    data = {"name_zh_hans": entry.name_zh_hans, "name_en": entry.name_en, "code": "renamed", "order": entry.order}
    if isinstance(entry, IssueCategory):
        data["is_harm"] = "on" if entry.is_harm else ""
    return {**data, **changes}


@pytest.mark.parametrize("account", ["leader", "admin_account"])
@pytest.mark.parametrize(("model", "code"), LISTS)
def test_leadership_and_admin_rename_an_entry_but_keep_its_code(client, request, account, model, code):
    entry = model.objects.get(code=code)
    client.force_login(request.getfixturevalue(account))
    assert client.get(_url(entry, "change")).status_code == 200
    response = client.post(_url(entry, "change"), _form(entry, name_zh_hans="新名称", order=99))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name_zh_hans, entry.order, entry.code) == ("新名称", 99, code)


@pytest.mark.parametrize(("model", "code"), LISTS)
def test_an_entry_in_use_is_never_deleted(client, leader, admin_account, child_a, model, code):
    entry = model.objects.get(code=code)
    if model is ChildCategory:
        child_a.categories.add(entry)
    else:
        CallFactory().categories.add(entry)
    for account in (leader, admin_account):
        client.force_login(account)
        assert client.post(_url(entry, "delete"), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=entry.pk).exists()
    if model is ChildCategory:
        assert Child.objects.get(pk=child_a.pk).categories.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("account", ["station_user", "director_a", "hotline_user", "police_user"])
@pytest.mark.parametrize(("model", "code"), LISTS)
def test_other_roles_are_kept_out_and_change_nothing(client, request, account, model, code):
    entry = model.objects.get(code=code)
    client.force_login(request.getfixturevalue(account))
    for view in ("changelist", "change"):
        url = reverse(f"admin:{entry._meta.app_label}_{entry._meta.model_name}_{view}",
                      args=[] if view == "changelist" else [entry.pk])
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(_url(entry, "change"), _form(entry, name_zh_hans="改名"))
    entry.refresh_from_db()
    assert entry.name_zh_hans != "改名"


def test_a_risk_indicator_is_retired_never_deleted(client, leader):
    indicator = RiskIndicator.objects.get(text="被遗弃")
    client.force_login(leader)
    url = reverse("admin:cases_riskindicator_delete", args=[indicator.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert RiskIndicator.objects.filter(pk=indicator.pk).exists()
