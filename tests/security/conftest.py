"""Fixtures of the URL sweep: one object of each kind (village A unless named _b), a client per role, and the
strings that must not leak (village A's and B's children's names, full ID and phone numbers)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import MandatoryReport, Referral
from hotline.models import CallIntake
from registry.models import Notification, Office
from tests.factories import ChildFactory, GuardianFactory
from tests.hotline.factories import CallFactory
from tests.registry.factories import (
    FacilityFactory,
    HolidayFactory,
    InspectionFactory,
    PublicityFactory,
    SessionFactory,
    SocialForceFactory,
    TaskFactory,
    WorkroomFactory,
)
from tests.visits.factories import HomeVisitFactory
from visits.models import VisitPhoto

from .sweep import ROLES


def _photo():
    return SimpleUploadedFile("visit.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg")


@pytest.fixture
def sweep_objects(all_role_users, village_a, village_b, child_a, child_b, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    users = all_role_users
    social_force_a = SocialForceFactory(name="甲村社工站")
    social_force_a.villages_served.set([village_a])
    facility_a = FacilityFactory(village=village_a, name="甲村儿童之家")
    WorkroomFactory(village=village_a)
    social_force_b = SocialForceFactory(name="乙社区社工站")
    social_force_b.villages_served.set([village_b])
    facility_b = FacilityFactory(village=village_b, name="乙社区儿童之家")
    call_for_intake = CallFactory(operator=users["hotline_user"], caller_phone="13600004444", summary="来电求助")
    objects = {
        "village_a": village_a,
        "child_a": child_a,
        "child_b": child_b,
        # the same child registered twice (no ID number on the copy): the station's merge
        "child_a_copy": ChildFactory(village=village_a, name=child_a.name, birth_date=child_a.birth_date, id_number=""),
        "director_a": users["director_a"],
        "guardian_a": GuardianFactory(child=child_a, name="甲村监护人王某", phone="13700001111"),
        "guardian_b": GuardianFactory(child=child_b, name="乙社区监护人李某", phone="13700002222"),
        "notification_a": Notification.objects.create(
            recipient=users["director_a"], title="家访提醒", url=reverse("cases:child_detail", args=[child_a.pk])
        ),
        "social_force_a": social_force_a,
        "facility_a": facility_a,
        "inspection_a": InspectionFactory(facility=facility_a),
        "session_a": SessionFactory(village=village_a),
        "holiday": HolidayFactory(),
        "publicity_a": PublicityFactory(village=village_a),
        "task_a": TaskFactory(office=None, village=village_a, title="甲村任务"),
        "referral_a": Referral.objects.create(
            child=child_a, office=Office.objects.get(code="police"), reason="疑似监护缺失，请核查",
            due_date=timezone.localdate() + dt.timedelta(days=7), referred_by=users["station_user"],
        ),
        "report_a": MandatoryReport.objects.create(
            child=child_a, reporter_kind=MandatoryReport.ReporterKind.SCHOOL, situations=["injuries"],
            summary="身上多处伤痕", reporter_name="甲村小学班主任", reporter_phone="13500005555",
        ),
        "visit_a": (visit_a := HomeVisitFactory(child=child_a)),
        "visit_b": (visit_b := HomeVisitFactory(child=child_b)),
        "photo_a": VisitPhoto.objects.create(visit=visit_a, image=_photo()),
        "photo_b": VisitPhoto.objects.create(visit=visit_b, image=_photo()),
        # village B's counterparts: director_a must be refused each of them (test_sweep's mirror test)
        "village_b": village_b,
        "notification_b": Notification.objects.create(recipient=users["director_b"], title="家访提醒"),
        "social_force_b": social_force_b,
        "facility_b": facility_b,
        "inspection_b": InspectionFactory(facility=facility_b),
        "session_b": SessionFactory(village=village_b),
        "publicity_b": PublicityFactory(village=village_b),
        "task_b": TaskFactory(office=None, village=village_b, title="乙社区任务"),
        "call_a": CallFactory(child=child_a, operator=users["hotline_user"], caller_phone="13600003333"),
        "intake": CallIntake.objects.create(
            call=call_for_intake, name="来电所说的孩子", village=village_a, opened_by=users["hotline_user"]
        ),
    }
    return objects


@pytest.fixture
def sweep_secrets(sweep_objects):
    """Strings that must not appear: "never" to anyone on a GET; "village_a"/"village_b" to roles who may not see
    that village's children (see sweep.forbidden_strings). Also village A's child's pk, for the access-log check."""
    objects = sweep_objects
    return {
        "child_a_pk": objects["child_a"].pk,
        "never": {
            "the full ID number of village A's child": objects["child_a"].id_number,
            "the full ID number of village B's child": objects["child_b"].id_number,
            "the full phone number of village A's guardian": objects["guardian_a"].phone,
            "the full phone number of village B's guardian": objects["guardian_b"].phone,
            "the full phone number of a hotline caller": objects["call_a"].caller_phone,
            "the full phone number of a mandatory reporter": objects["report_a"].reporter_phone,
        },
        "village_a": {
            f"the name of village A's child ({objects['child_a'].name})": objects["child_a"].name,
            f"the name of village A's guardian ({objects['guardian_a'].name})": objects["guardian_a"].name,
        },
        "village_b": {
            f"the name of village B's child ({objects['child_b'].name})": objects["child_b"].name,
            f"the name of village B's guardian ({objects['guardian_b'].name})": objects["guardian_b"].name,
        },
    }


@pytest.fixture
def role_clients(all_role_users):
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(all_role_users[role])
    return clients
