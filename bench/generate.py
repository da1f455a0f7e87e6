"""Generate a synthetic region of N activities for benchmarks.

The texts are built from a small Finnish, Swedish and English vocabulary of the tray's own
words, with realistic lengths (a name of 2–6 words, a summary of ~20, a description of
~80). The vocabularies (steps, areas, themes, …) come from the real seeds; records are
inserted in bulk with explicit ids so that 100k activities take seconds, not minutes.
"""

import random
from datetime import time, timedelta

from sqlalchemy import func, insert, select

from tarjotin.catalogue.lifecycle import PUBLISHED
from tarjotin.catalogue.schedules import Schedule, Slot, daytime_mask, weekday_mask
from tarjotin.models import (
    Activity,
    Area,
    Language,
    Location,
    Organization,
    Step,
    TargetGroup,
    Theme,
    WeeklySlot,
    activity_language,
    activity_target_group,
    activity_theme,
)
from tarjotin.timeutil import region_today, utcnow

WORDS = {
    "fi": (
        "avoin kohtaamispaikka olohuone kahvila ruokakurssi ensiapukurssi luontoretki "
        "vertaisryhmä keskusteluryhmä liikuntaryhmä sählyvuoro kuntosali kävelyryhmä "
        "yhteisötaide elokuvailta nuorisotalo kirjasto digiapu työkokeilu kuntouttava "
        "työtoiminta opinto-ohjaus mielenterveys hyvinvointi arjen hallinta martat seurakunta "
        "diakonia vapaaehtoistyö ruoka-apu kädentaidot korinpunonta kuoro ompelukahvila "
        "avantouinti naisten ryhmä nuoret aikuiset maahanmuuttajat suomen kieli keskustelu "
        "tutustuminen kurssi ryhmä tapaaminen retki ilta aamu päivä yhdessä turvallinen "
        "maksuton tervetuloa ilman ilmoittautumista"
    ).split(),
    "sv": (
        "öppen mötesplats vardagsrum kafé matlagningskurs förstahjälpskurs naturutflykt "
        "kamratgrupp diskussionsgrupp motionsgrupp innebandy gym promenadgrupp "
        "gemenskapskonst filmkväll ungdomsgård bibliotek digihjälp arbetsprövning "
        "arbetsverksamhet studiehandledning psykisk hälsa välmående vardag marthorna "
        "församling diakoni frivilligarbete mathjälp handarbete korgflätning kör sykafé "
        "vinterbad kvinnogrupp unga vuxna invandrare svenska språket samtal kurs grupp träff "
        "utflykt kväll morgon tillsammans tryggt avgiftsfritt välkommen utan anmälan"
    ).split(),
    "en": (
        "open meeting place living room café cooking course first aid course nature trip peer "
        "group discussion group exercise group floorball gym walking group community art film "
        "night youth centre library digital help work try-out rehabilitative work study "
        "guidance mental health wellbeing everyday life martha parish diaconia volunteering "
        "food aid crafts basket weaving choir sewing café winter swimming women's group young "
        "adults immigrants finnish language conversation course group meeting trip evening "
        "morning together safe free welcome no registration"
    ).split(),
}


def _text(rng, lang, low, high):
    words = rng.choices(WORDS[lang], k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def generate_region(session, count, seed=1):
    """Add ``count`` published activities with organisations and locations; return counts."""
    rng = random.Random(seed)
    today = region_today()
    now = utcnow()
    steps = session.scalars(select(Step.id)).all()
    areas = session.scalars(select(Area.id).where(Area.kind == Area.DISTRICT)).all()
    themes = session.scalars(select(Theme.id)).all()
    groups = session.scalars(select(TargetGroup.id)).all()
    languages = session.scalars(select(Language.id)).all()
    if not (steps and areas and themes and languages):
        raise RuntimeError("seed the vocabularies first: seeding.seed(session, demo=False)")

    def next_id(model):
        return (session.scalar(select(func.max(model.id))) or 0) + 1

    org_start, loc_start, act_start = next_id(Organization), next_id(Location), next_id(Activity)
    slot_start = next_id(WeeklySlot)
    n_orgs, n_locs = max(10, count // 10), max(10, count // 5)
    session.execute(
        insert(Organization),
        [
            {
                "id": org_start + i,
                "uid": f"bench-org-{seed}-{i}",
                "name_fi": _text(rng, "fi", 2, 4).rstrip(".") + " ry",
                "name_sv": _text(rng, "sv", 2, 4).rstrip(".") + " rf",
                "kind": rng.choice(["association", "city", "parish", "company"]),
                "description_fi": _text(rng, "fi", 20, 40),
                "created_at": now,
                "updated_at": now,
            }
            for i in range(n_orgs)
        ],
    )
    session.execute(
        insert(Location),
        [
            {
                "id": loc_start + i,
                "uid": f"bench-loc-{seed}-{i}",
                "name": _text(rng, "fi", 1, 3).rstrip("."),
                "street_address": f"{rng.choice(WORDS['fi']).capitalize()}katu {i % 90 + 1}",
                "postal_code": "65100",
                "post_office": "Vaasa",
                "area_id": rng.choice(areas),
                "step_free": rng.choice(["yes", "yes", "no", "unknown"]),
            }
            for i in range(n_locs)
        ],
    )
    activities, slots, theme_links, group_links, language_links = [], [], [], [], []
    for i in range(count):
        activity_id = act_start + i
        schedule_slots = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            start = rng.choice([9, 10, 13, 14, 17, 18])
            schedule_slots.append(Slot(rng.randrange(7), time(start), time(start + 2)))
        schedule = Schedule(slots=tuple(schedule_slots))
        missing_sv = rng.random() < 0.1
        row = {
            "id": activity_id,
            "uid": f"bench-act-{seed}-{i}",
            "organization_id": org_start + rng.randrange(n_orgs),
            "location_id": loc_start + rng.randrange(n_locs),
            "step_id": rng.choice(steps),
            "status": PUBLISHED,
            "cost": rng.choice(["free", "free", "fee", "unknown"]),
            "registration": rng.choice(["none", "required", "unknown"]),
            "valid_from": today - timedelta(days=rng.randint(0, 200)),
            "valid_until": rng.choice([None, today + timedelta(days=rng.randint(10, 300))]),
            "last_verified": today - timedelta(days=rng.randint(0, 300)),
            "published_at": now,
            "created_at": now,
            "updated_at": now,
            "weekday_mask": weekday_mask(schedule),
            "daytime_mask": daytime_mask(schedule),
        }
        for lang in ("fi", "sv", "en"):
            if lang != "fi" and (missing_sv or rng.random() < 0.05):
                continue
            row[f"name_{lang}"] = _text(rng, lang, 2, 6).rstrip(".")
            row[f"summary_{lang}"] = _text(rng, lang, 12, 28)
            row[f"description_{lang}"] = " ".join(
                _text(rng, lang, 8, 20) for _ in range(rng.randint(3, 7))
            )
        activities.append(row)
        for slot in schedule_slots:
            slots.append(
                {
                    "id": slot_start + len(slots),
                    "activity_id": activity_id,
                    "weekday": slot.weekday,
                    "start_time": slot.start,
                    "end_time": slot.end,
                    "interval": 1,
                }
            )
        for theme in rng.sample(themes, rng.randint(1, min(3, len(themes)))):
            theme_links.append({"activity_id": activity_id, "theme_id": theme})
        for group in rng.sample(groups, rng.randint(0, min(2, len(groups)))):
            group_links.append({"activity_id": activity_id, "target_group_id": group})
        chosen = {languages[0]} | set(rng.sample(languages, rng.randint(0, 2)))
        for language in chosen:
            language_links.append({"activity_id": activity_id, "language_id": language})
    for chunk in range(0, len(activities), 5000):
        session.execute(insert(Activity), activities[chunk : chunk + 5000])
    for table, rows in (
        (WeeklySlot.__table__, slots),
        (activity_theme, theme_links),
        (activity_target_group, group_links),
        (activity_language, language_links),
    ):
        for chunk in range(0, len(rows), 5000):
            session.execute(insert(table), rows[chunk : chunk + 5000])
    return {"activities": count, "organisations": n_orgs, "locations": n_locs}
