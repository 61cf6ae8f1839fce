"""Fictional demo data for the organisation: villages marked 示例 and the demo accounts."""

import datetime as dt

from django.utils import timezone

from registry.models import (
    DirectorProfile,
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Office,
    Publicity,
    SocialActivity,
    SocialForce,
    Task,
    User,
    Village,
    Workroom,
)
from registry.roles import Role
from registry.services import add_role, grant_office_access, grant_village_access

DEMO_PASSWORD = "zhanpu-demo"  # noqa: S105 - demo accounts, refused when DEBUG is off

VILLAGES = [
    {"code": "demo-a", "name": "示例村A", "kind": Village.Kind.VILLAGE, "order": 1},
    {"code": "demo-b", "name": "示例社区B", "kind": Village.Kind.COMMUNITY, "order": 2},
    {"code": "demo-c", "name": "示例村C", "kind": Village.Kind.VILLAGE, "order": 3},
]

# username, real name, roles, village code, office code, is_staff
ACCOUNTS = [
    ("leader", "示例·领导小组", [Role.LEADERSHIP], None, None, True),
    ("station", "示例·工作站", [Role.STATION], None, "shishi", False),
    ("director_a", "示例·儿童主任A", [Role.DIRECTOR], "demo-a", None, False),
    ("director_b", "示例·儿童主任B", [Role.DIRECTOR], "demo-b", None, False),
    ("hotline", "示例·热线接线员", [Role.HOTLINE], None, None, False),
    ("police", "示例·派出所", [Role.OFFICE], None, "police", False),
    ("school", "示例·中心校", [Role.OFFICE], None, "school", False),
    ("admin", "示例·管理员", [Role.ADMIN], None, None, True),
]


def seed(context: dict) -> None:
    villages = {}
    for row in VILLAGES:
        villages[row["code"]], _ = Village.objects.update_or_create(code=row["code"], defaults=row)
    users = {}
    for username, real_name, roles, village_code, office_code, is_staff in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={"real_name": real_name})
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = is_staff
        user.email = f"{username}@zhanpu.local"
        user.save()
        for role in roles:
            add_role(user=user, role=role)
        if village_code:
            grant_village_access(user=user, village=villages[village_code])
        if office_code:
            office = Office.objects.get(code=office_code)
            if Role.OFFICE in roles:
                grant_office_access(user=user, office=office)
            else:
                user.office = office
                user.save(update_fields=["office"])
        users[username] = user
    context.update(villages=villages, users=users)
    _seed_work(villages, users)


def _seed_work(villages: dict, users: dict) -> None:
    """Workrooms, facilities, sessions, publicity, social forces and tasks for 示例村A and 示例社区B.

    示例村C deliberately has no child director and no workroom: the station's page lists it.
    """
    today = timezone.localdate()
    a, b = villages["demo-a"], villages["demo-b"]
    DirectorProfile.objects.update_or_create(user=users["director_a"], defaults={"is_women_federation_chair": True})
    DirectorProfile.objects.update_or_create(user=users["director_b"], defaults={"notes": "示例：非女性委员"})
    volunteer, _ = SocialForce.objects.update_or_create(
        name="示例·志愿者王老师", defaults={"kind": SocialForce.Kind.VOLUNTEER, "services": ["tutoring", "care"]}
    )
    volunteer.villages_served.set([a])
    org, _ = SocialForce.objects.update_or_create(
        name="示例·心语社工服务中心",
        defaults={"kind": SocialForce.Kind.SOCIAL_WORK, "services": ["counselling", "guardianship", "family_education"]},
    )
    org.villages_served.set([a, b])
    SocialActivity.objects.get_or_create(
        force=org, date=today - dt.timedelta(days=10), village=b,
        defaults={"service": "counselling", "summary": "示例：留守儿童团体心理辅导", "participants": 12},
    )
    for village, cadre, phone in [(a, "示例·村妇联主席", "13800000011"), (b, "示例·社区副主任", "023-70630001")]:
        room, _ = Workroom.objects.update_or_create(
            village=village, defaults={"cadre_name": cadre, "contact_phone": phone, "location": f"{village.name}村委会二楼"}
        )
    Workroom.objects.get(village=a).volunteers.set([volunteer])
    home_a, _ = Facility.objects.get_or_create(village=a, name="示例村A儿童之家", defaults={"kind": "children_home"})
    FacilityInspection.objects.get_or_create(
        facility=home_a, inspected_on=today - dt.timedelta(days=20),
        defaults={"inspector": "示例·儿童主任A", "no_smoking_sign_present": False, "problems": "活动室门口缺少禁止吸烟标志"},
    )
    room_b, _ = Facility.objects.get_or_create(village=b, name="示例社区B图书室", defaults={"kind": "library"})
    FacilityInspection.objects.get_or_create(
        facility=room_b, inspected_on=today - dt.timedelta(days=120), defaults={"inspector": "示例·儿童主任B"}
    )
    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    for village, days in [(a, [0, 2, 5]), (b, [1, 3])]:
        for offset in days:
            FamilyEducationSession.objects.get_or_create(
                village=village, date=last_monday + dt.timedelta(days=offset), start_time=dt.time(14, 0),
                defaults={"end_time": dt.time(16, 0), "place": "村委会会议室", "host": "示例·主持人", "attendance": 8,
                          "held": True, "topic": "示例：如何与留守孩子沟通"},
            )
    Publicity.objects.get_or_create(
        village=a, title="示例：未成年人保护热线 023-70630963", defaults={
            "channel": Publicity.Channel.NOTICE_BOARD, "date": today - dt.timedelta(days=5),
            "content": "在村公开栏张贴未成年人救助保护政策和热线电话。", "reach": 200},
    )
    Publicity.objects.get_or_create(
        village=b, title="示例：微信群推送家庭教育知识", defaults={
            "channel": Publicity.Channel.WECHAT, "date": today - dt.timedelta(days=3), "content": "推送家庭教育指导文章。",
            "reach": 150},
    )
    police = Office.objects.get(code="police")
    Task.objects.get_or_create(
        title="示例：校园周边治安巡查", defaults={
            "office": police, "owner": "示例·派出所", "due_on": today - dt.timedelta(days=3), "plan_ref": "三(四)",
            "duty": police.duties[:60]},
    )
    Task.objects.get_or_create(
        title="示例：完成全村困境儿童入户走访", defaults={
            "village": a, "owner": "示例·儿童主任A", "due_on": today + dt.timedelta(days=20), "plan_ref": "四(一)"},
    )
