"""Fictional demo data for the organisation: villages marked 示例 and the demo accounts."""

from registry.models import Office, User, Village
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
