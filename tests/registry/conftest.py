"""Records of the organisation at work in both test villages (issue 6)."""

import pytest

from registry.models import Office

from .factories import (
    FacilityFactory,
    InspectionFactory,
    PublicityFactory,
    SessionFactory,
    SocialForceFactory,
    TaskFactory,
    WorkroomFactory,
)


@pytest.fixture
def work_b(org, village_b, director_b):
    """One of everything in 乙社区 (village_b), plus a task for 派出所; names say 乙社区 so leaks are visible."""
    force = SocialForceFactory(name="乙社区专属社工站")
    force.villages_served.set([village_b])
    facility = FacilityFactory(village=village_b, name="乙社区儿童之家")
    return {
        "workroom": WorkroomFactory(village=village_b, cadre_name="乙社区干部"),
        "force": force,
        "facility": facility,
        "inspection": InspectionFactory(facility=facility),
        "session": SessionFactory(village=village_b, host="乙社区主持人"),
        "publicity": PublicityFactory(village=village_b, title="乙社区宣传"),
        "police_task": TaskFactory(office=Office.objects.get(code="police"), title="派出所任务"),
        "village_task": TaskFactory(office=None, village=village_b, title="乙社区任务"),
    }
