"""factory-boy factories shared by every app's tests."""

import datetime as dt

import factory
from django.utils import timezone

from cases.models import Child, Guardian
from registry.models import Office, User, Village
from registry.validators import id_check_digit


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"village-{n}")
    name = factory.Sequence(lambda n: f"测试村{n}")


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"office-{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "zhanpu-demo")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_id_number(born: dt.date, sequence: int, region: str = "500230") -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_check_digit(first17)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    name = factory.Sequence(lambda n: f"测试儿童{n}")
    sex = Child.Sex.FEMALE
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 10, day=1))
    id_number = factory.LazyAttributeSequence(lambda o, n: make_id_number(o.birth_date, n))
    village = factory.SubFactory(VillageFactory)
    registered_on = factory.LazyAttribute(lambda o: o.birth_date + dt.timedelta(days=365))


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    child = factory.SubFactory(ChildFactory)
    relation = Guardian.Relation.MOTHER
    name = factory.Sequence(lambda n: f"测试监护人{n}")
    phone = "13912345678"
    is_primary = True
