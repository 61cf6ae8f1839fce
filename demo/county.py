"""A synthetic county for benchmarks: villages, child directors, children, guardians and risk assessments.

Everything is invented. Rows are written with bulk_create in batches (no per-row save(), no history rows), so the
derived columns that `Child.save` and the registration service would fill are filled here: the ID number's keyed
hash and the name's pinyin. The encrypted columns (ID number, guardian phone) are encrypted by their field on the
way to the database, like any other write.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.utils import timezone

from cases.models import Child, ChildCategory, Guardian, RiskAssessment, RiskTier
from cases.models.children import pinyin_key
from registry.models import User, Village
from registry.roles import Role
from registry.services import add_role, grant_village_access
from registry.validators import id_check_digit
from visits.selectors import max_days_by_tier
from zhanpu.crypto import keyed_hash

CODE_PREFIX = "gen-"
TOWNS = 30
VILLAGES_PER_TOWN = 10
TOWN_NAMES = [
    "湛普", "三建", "仙女湖", "许明寺", "龙河", "树人", "董家", "高家", "江池", "南天湖",
    "包鸾", "双路", "虎威", "十直", "社坛", "兴义", "武平", "青龙", "暨龙", "栗子",
    "都督", "太平坝", "三元", "保合", "仁沙", "名山", "三合", "龙孔", "双龙", "兴龙",
]
VILLAGE_WORDS = [
    "红岩", "新华", "石龙", "青杠", "长岭", "双河", "白果", "黄桷", "大河", "金竹",
    "桂花", "水井", "清泉", "鹿鸣", "观音", "坪上", "高峰", "岩口", "柏林", "新村",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈秦"
GIVEN = "子梓浩宇轩涵欣怡俊杰嘉明思雨晨阳佳琪雅婷文博一诺家豪心妍睿泽诗琪锦程若曦天佑语桐浩然紫萱铭瑞可馨"
REGION_CODES = ["500230", "500233", "500235", "500236", "500237"]  # Chongqing counties (real prefixes only)
TIER_WEIGHTS = {RiskTier.RED: 3, RiskTier.ORANGE: 10, RiskTier.YELLOW: 27, RiskTier.GREEN: 60}
STATUS_WEIGHTS = {Child.Status.OPEN: 92, Child.Status.CLOSING: 2, Child.Status.CLOSED: 6}
CATEGORY_WEIGHTS = {
    "left_behind": 45, "difficult_poverty": 15, "difficult_guardianship": 8, "difficult_disability": 4,
    "disabled": 6, "de_facto_unsupported": 6, "orphan": 2, "parent_detained": 3, "correction": 2,
    "street": 1, "other": 8,
}
SCHOOLS = ["中心校", "第一小学", "第二小学", "初级中学", "幼儿园"]


@dataclass
class County:
    """What later steps need: villages, the users who act, and per-village directors."""

    villages: list[Village]
    station: User
    leader: User
    operators: list[User]
    directors: dict[int, User] = field(default_factory=dict)  # village id → director


def _user(username: str, real_name: str, *roles: Role) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"real_name": real_name})
    if created:
        user.set_unusable_password()  # generated accounts cannot sign in; benchmarks use force_login
        user.save(update_fields=["password"])
    for role in roles:
        add_role(user=user, role=role)
    return user


def build_county(rng: random.Random) -> County:
    villages = []
    for t, town in enumerate(TOWN_NAMES[:TOWNS], start=1):
        words = rng.sample(VILLAGE_WORDS, VILLAGES_PER_TOWN)
        for v, word in enumerate(words, start=1):
            kind = Village.Kind.COMMUNITY if v == 1 else Village.Kind.VILLAGE
            suffix = "社区" if kind == Village.Kind.COMMUNITY else "村"
            villages.append(Village(
                code=f"{CODE_PREFIX}t{t:02d}-v{v:02d}", name=f"{town}镇{word}{suffix}", kind=kind,
                order=1000 + t * 100 + v,
            ))
    villages = Village.objects.bulk_create(villages, batch_size=1000)
    county = County(
        villages=villages,
        station=_user("gen_station", "生成·工作站", Role.STATION),
        leader=_user("gen_leader", "生成·领导小组", Role.LEADERSHIP),
        operators=[_user(f"gen_hotline{i}", f"生成·接线员{i}", Role.HOTLINE) for i in (1, 2, 3)],
    )
    for village in villages:
        director = _user(f"gen_dir_{village.code[len(CODE_PREFIX):]}", f"生成·儿童主任{village.name}")
        grant_village_access(user=director, village=village)
        county.directors[village.pk] = director
    return county


@lru_cache(maxsize=20_000)
def _pinyin(name: str) -> str:
    return pinyin_key(name)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class ChildMaker:
    """Makes unsaved Child objects with unique, checksum-valid ID numbers."""

    def __init__(self, rng: random.Random, county: County, today: date):
        self.rng = rng
        self.county = county
        self.today = today
        self.used_ids: set[str] = set()
        self.max_days = max_days_by_tier()

    def _id_number(self, born: date) -> str:
        while True:
            first17 = f"{self.rng.choice(REGION_CODES)}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def make(self) -> Child:
        rng, today = self.rng, self.today
        born = today - timedelta(days=rng.randrange(30, 18 * 365 - 30))
        village = rng.choice(self.county.villages)
        sex = rng.choice(Child.Sex.values)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        id_number = self._id_number(born) if rng.random() < 0.97 else ""  # a few without a number yet
        age = (today - born).days // 365
        registered = max(born, today - timedelta(days=rng.randrange(0, 3 * 365)))
        status = _weighted(rng, STATUS_WEIGHTS)
        tier = _weighted(rng, TIER_WEIGHTS)
        visits = self._visit_dates(registered, self.max_days[tier])
        child = Child(
            name=name, name_pinyin=_pinyin(name), sex=sex, birth_date=born,
            id_number=id_number, id_number_hash=keyed_hash(id_number) if id_number else "",
            village=village, address=f"{village.name}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号",
            school="" if age < 3 else f"{village.name[:2]}镇{rng.choice(SCHOOLS)}",
            grade="" if age < 6 else f"{min(age - 5, 9)}年级",
            schooling=(Child.Schooling.PRESCHOOL if age < 6 else
                       Child.Schooling.DROPPED_OUT if rng.random() < 0.02 else Child.Schooling.IN_SCHOOL),
            disability="肢体残疾" if rng.random() < 0.05 else "",
            lawful_basis="生成数据，非真实儿童。", status=status, tier=tier,
            registered_on=registered, last_assessed_on=registered, created_by=self.county.station,
            last_visit_on=visits[0] if visits else None, responsible_director=self.county.directors[village.pk],
        )
        if status != Child.Status.CLOSED:
            child.next_visit_due = (visits[0] + timedelta(days=self.max_days[tier]) if visits
                                    else registered + timedelta(days=1))
        child.visit_dates = visits  # read by county_activity.add_visits
        return child

    def _visit_dates(self, registered: date, interval: int) -> list[date]:
        """A year of visits, newest first: mostly on time, about one child in eight now overdue."""
        start = max(registered, self.today - timedelta(days=365))
        last = self.today - timedelta(days=int(self.rng.uniform(0, interval * 1.15)))
        dates = []
        while last >= start:
            dates.append(last)
            last -= timedelta(days=max(1, int(interval * self.rng.uniform(0.6, 1.0))))
        return dates


def add_guardians(rng: random.Random, children: list[Child]) -> list[Guardian]:
    rows = []
    for child in children:
        count = rng.choice((1, 1, 2, 2, 3))
        for index in range(count):
            relation = rng.choice(["mother", "father", "grandparent", "grandparent", "relative"])
            situation = rng.choice(["present", "present", "migrant", "migrant", "severe_illness", "prison"])
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" if rng.random() < 0.9 else ""
            rows.append(Guardian(
                child=child, relation=relation, name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                phone=phone, phone_hash=keyed_hash(phone) if phone else "", situation=situation, is_primary=index == 0,
            ))
    return Guardian.objects.bulk_create(rows, batch_size=2000)


def add_categories(rng: random.Random, children: list[Child]) -> None:
    by_code = {c.code: c for c in ChildCategory.objects.all()}
    weights = {code: w for code, w in CATEGORY_WEIGHTS.items() if code in by_code}
    through = Child.categories.through
    rows = []
    for child in children:
        codes = {_weighted(rng, weights) for _ in range(rng.choice((1, 1, 2)))}
        rows.extend(through(child_id=child.pk, childcategory_id=by_code[code].pk) for code in codes)
    through.objects.bulk_create(rows, batch_size=5000)


def add_assessments(rng: random.Random, children: list[Child], county: County) -> None:
    scores = {RiskTier.RED: 12, RiskTier.ORANGE: 7, RiskTier.YELLOW: 4, RiskTier.GREEN: 1}
    RiskAssessment.objects.bulk_create([
        RiskAssessment(
            child=child, assessed_on=child.last_assessed_on, assessor=county.directors[child.village_id],
            score=scores[child.tier] + rng.randrange(0, 2), computed_tier=child.tier, tier=child.tier,
            notes="生成数据",
        )
        for child in children
    ], batch_size=2000)


def today() -> date:
    return timezone.localdate()
