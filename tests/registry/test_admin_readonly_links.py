"""An account named on an admin page read without the change permission (an access-log row, a director's profile, a
task's progress note, the author of a change on a history page) is a link to the account's admin page only for a
viewer who may open that page: the leadership, who may not, reads the account's name instead of a link that answers
403."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AccessLog
from registry.models import DirectorProfile, Task, TaskNote

from .factories import TaskFactory

pytestmark = pytest.mark.django_db

PAGES = ["accesslog", "directorprofile", "task"]
USER_LINK = r'href="(/admin/registry/user/\d+/change/)"'


@pytest.fixture
def pages(station_user, director_a):
    """Each page's change URL, the account it names and the field that names it."""
    log = AccessLog.objects.create(user=station_user, username=station_user.username, action=AccessLog.Action.VIEW,
                                   object_type="child", object_ids=[1])
    profile = DirectorProfile.objects.create(user=director_a)
    task = TaskFactory()
    TaskNote.objects.create(task=task, author=station_user, text="已联系学校", status=Task.Status.DOING)
    return {
        "accesslog": (reverse("admin:audit_accesslog_change", args=[log.pk]), station_user, "user"),
        "directorprofile": (reverse("admin:registry_directorprofile_change", args=[profile.pk]), director_a, "user"),
        "task": (reverse("admin:registry_task_change", args=[task.pk]), station_user, "author"),  # a note's author
    }


def shown(body, field):
    """What the page shows in the read-only field `field` (a form row, or a cell of a tabular inline)."""
    match = re.search(rf'class="[^"]*field-{field}".*?(?:<div class="readonly">|<p>)(.*?)</', body, re.S)
    return match and match.group(1).strip()


def _grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.mark.parametrize("page", PAGES)
def test_leadership_reads_the_account_name_without_a_link_it_may_not_open(client, leader, pages, page):
    url, account, field = pages[page]
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert shown(body, field) == account.real_name
    assert re.findall(USER_LINK, body) == []
    assert client.get(reverse("admin:registry_user_change", args=[account.pk])).status_code == 403


def test_a_row_without_an_account_shows_the_empty_value(client, leader):
    log = AccessLog.objects.create(username="nobody", action=AccessLog.Action.LOGIN_FAILED)
    client.force_login(leader)
    body = client.get(reverse("admin:audit_accesslog_change", args=[log.pk])).content.decode()
    assert shown(body, "user") == "-"


@pytest.mark.parametrize("page", PAGES)
def test_a_viewer_who_may_open_accounts_keeps_the_link(client, leader, pages, page):
    url, account, _field = pages[page]
    _grant(leader, "view_user")
    client.force_login(leader)
    links = re.findall(USER_LINK, client.get(url).content.decode())
    assert links == [reverse("admin:registry_user_change", args=[account.pk])]
    assert client.get(links[0]).status_code == 200


@pytest.mark.parametrize("page", ["directorprofile", "task"])
def test_the_it_admin_keeps_the_link_on_a_page_it_is_given(client, admin_account, pages, page):
    """The IT admin reads neither page by its role (nor, ever, the township-wide access log): given them, it keeps
    Django's link to the account, whose page it may open."""
    url, account, _field = pages[page]
    _grant(admin_account, "view_directorprofile", "view_task", "view_tasknote")
    client.force_login(admin_account)
    response = client.get(url)
    assert response.status_code == 200
    links = re.findall(USER_LINK, response.content.decode())
    assert links == [reverse("admin:registry_user_change", args=[account.pk])]
    assert client.get(links[0]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_admin_access_is_refused(client, station_user, pages, page):
    client.force_login(station_user)  # not staff
    response = client.get(pages[page][0])
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", PAGES)
def test_the_it_admin_is_refused_the_pages_it_is_not_given(client, admin_account, pages, page):
    url, account, _field = pages[page]
    client.force_login(admin_account)
    response = client.get(url)
    assert response.status_code == 403
    assert account.real_name not in response.content.decode()



@pytest.fixture
def edited(station_user):
    """A risk indicator whose history holds the station's change (its wording), with the change's author."""
    from cases.models import RiskIndicator

    indicator = RiskIndicator.objects.first()
    indicator.text = "监护人长期外出务工且无人照料"
    indicator._history_user = station_user
    indicator.save()
    return reverse("admin:cases_riskindicator_history", args=[indicator.pk]), station_user


def test_leadership_reads_who_changed_a_setting_by_name_without_a_link_it_may_not_open(client, leader, edited):
    url, author = edited
    client.force_login(leader)
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and str(author) in body
    assert re.findall(USER_LINK, body) == []


def test_a_history_reader_who_may_open_accounts_keeps_the_link_to_who_changed_it(client, leader, edited):
    url, author = edited
    _grant(leader, "view_user")
    client.force_login(leader)
    links = re.findall(USER_LINK, client.get(url).content.decode())
    assert links == [reverse("admin:registry_user_change", args=[author.pk])]
    assert client.get(links[0]).status_code == 200
