"""Factories for the organisation at work (issue 6)."""

import datetime as dt

import factory
from django.utils import timezone

from registry.models import (
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Holiday,
    Publicity,
    SocialForce,
    Task,
    Workroom,
)
from tests.factories import OfficeFactory, VillageFactory


class WorkroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workroom

    village = factory.SubFactory(VillageFactory)
    cadre_name = factory.Sequence(lambda n: f"村干部{n}")
    contact_phone = "13800000000"


class SocialForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialForce

    name = factory.Sequence(lambda n: f"社会组织{n}")
    kind = SocialForce.Kind.ORGANIZATION
    services = ["counselling"]


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"儿童之家{n}")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilityInspection

    facility = factory.SubFactory(FacilityFactory)
    inspected_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    inspector = "检查员"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyEducationSession

    village = factory.SubFactory(VillageFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    start_time = dt.time(14, 0)
    end_time = dt.time(16, 0)
    place = "村委会会议室"
    host = "主持人"
    attendance = 5
    held = True


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    name = factory.Sequence(lambda n: f"节日{n}")
    name_en = factory.Sequence(lambda n: f"Holiday {n}")  # a holiday's name has English, as the package's do
    start_date = dt.date(2026, 10, 1)
    end_date = dt.date(2026, 10, 7)


class PublicityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publicity

    village = factory.SubFactory(VillageFactory)
    channel = Publicity.Channel.WECHAT
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    title = factory.Sequence(lambda n: f"宣传标题{n}")
    content = "宣传内容"
    reach = 10


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = factory.Sequence(lambda n: f"任务{n}")
    office = factory.SubFactory(OfficeFactory)
    village = None
    owner = "责任人"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
