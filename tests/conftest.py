"""Fixtures shared by all tests: the plan's organisation, two villages and one user per role.

`village_a`/`village_b` each have a child director; `child_a`/`child_b` live in them. Every refusal test uses
these: a user of one village must never see the other's data.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from registry.models import Office
from registry.roles import Role
from registry.services import add_role, grant_office_access, grant_village_access

from .factories import ChildFactory, UserFactory, VillageFactory


@pytest.fixture(autouse=True)
def _chinese_outside_requests():
    """Each test starts in the portal's language: a request in English leaves English active in the thread
    (LocaleMiddleware activates, never deactivates), which would leak into the next test's messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test's pages cached (the hotline number) is not another's."""
    cache.clear()


@pytest.fixture
def migrate():
    """migrate(("app", "migration")): move the test database to that migration (a migration test, marked
    django_db(transaction=True, serialized_rollback=True)). Afterwards, pass or fail, the database is back at the
    latest migrations: the tests that follow, and their restored data, need every column."""
    yield lambda target: MigrationExecutor(connection).migrate([target])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def org(db):
    call_command("load_zhanpu", verbosity=0)


@pytest.fixture
def village_a(db):
    return VillageFactory(code="va", name="甲村")


@pytest.fixture
def village_b(db):
    return VillageFactory(code="vb", name="乙社区")


def _user(username, *roles, **extra):
    user = UserFactory(username=username, **extra)
    for role in roles:
        add_role(user=user, role=role)
    return user


@pytest.fixture
def leader(org):
    return _user("leader", Role.LEADERSHIP, is_staff=True)


@pytest.fixture
def station_user(org):
    return _user("station", Role.STATION)


@pytest.fixture
def director_a(village_a):
    user = _user("director_a")
    grant_village_access(user=user, village=village_a)
    return user


@pytest.fixture
def director_b(village_b):
    user = _user("director_b")
    grant_village_access(user=user, village=village_b)
    return user


@pytest.fixture
def hotline_user(db):
    return _user("hotline", Role.HOTLINE)


@pytest.fixture
def police_user(org):
    user = _user("police")
    grant_office_access(user=user, office=Office.objects.get(code="police"))
    return user


@pytest.fixture
def school_user(org):
    user = _user("school")
    grant_office_access(user=user, office=Office.objects.get(code="school"))
    return user


@pytest.fixture
def admin_account(org):
    return _user("admin", Role.ADMIN, is_staff=True)


@pytest.fixture
def child_a(village_a):
    return ChildFactory(village=village_a, name="甲村儿童")


@pytest.fixture
def child_b(village_b):
    return ChildFactory(village=village_b, name="乙社区儿童")


ROLE_FIXTURES = [
    "leader", "station_user", "director_a", "director_b", "hotline_user", "police_user", "school_user", "admin_account",
]


@pytest.fixture
def all_role_users(request):
    """{fixture name: user} for every role fixture."""
    return {name: request.getfixturevalue(name) for name in ROLE_FIXTURES}
