import datetime as dt

import factory
from django.utils import timezone

from hotline.models import HotlineCall
from hotline.services import follow_up_due
from tests.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    """A valid call (求助, 一般) received an hour ago, with its follow-up due time as the service computes it."""

    class Meta:
        model = HotlineCall
        skip_postgeneration_save = True

    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    operator = factory.SubFactory(UserFactory)
    caller_relation = HotlineCall.CallerRelation.NEIGHBOUR
    caller_phone = "13912345678"
    call_type = HotlineCall.CallType.HELP
    urgency = HotlineCall.Urgency.NORMAL
    summary = factory.Sequence(lambda n: f"来电摘要{n}")
    follow_up_due = factory.LazyAttribute(lambda o: follow_up_due(o.received_at, o.urgency))

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)
