import pytest

from registry.models import Office

from .factories import CallFactory


@pytest.fixture
def police_office(org):
    return Office.objects.get(code="police")


@pytest.fixture
def call_a(child_a, hotline_user):
    """A call linked to 甲村's child."""
    return CallFactory(child=child_a, operator=hotline_user, summary="甲村来电内容")


@pytest.fixture
def call_b(child_b, hotline_user):
    """A call linked to 乙社区's child."""
    return CallFactory(child=child_b, operator=hotline_user, summary="乙社区来电内容")


@pytest.fixture
def call_police(police_office, hotline_user):
    """A call referred to 派出所, not linked to any child."""
    return CallFactory(
        operator=hotline_user, office=police_office, action="referred", summary="转派出所来电内容"
    )
