"""Generate a synthetic region of N activities for benchmarks.

The texts imitate the tray's own in Finnish, Swedish and English, with realistic lengths (a
name of 2–6 words, a summary of ~20, a description of ~70). So that a search benchmark
meets the work a real index does, each activity has a topic (a compound or two, a few
nouns, a target group, a place, a time) drawn with Zipf-like frequencies, which its texts
keep returning to among common words – so that a search word matches about as many
activities as in the demo region (see ``Topic``). The Finnish text is made of compounds
("ruokakurssille", "asukastuvalla") in several cases, consonant gradation included;
Swedish has compounds with definite and plural forms, English two-word terms with
plurals. The vocabularies (steps, areas, themes, …) come from the real seeds; records are
inserted in bulk with explicit ids so that 100k activities take seconds, not minutes.
"""

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import time, timedelta
from functools import lru_cache
from itertools import accumulate

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


def _forms(text):
    """Split "kurssi kurssille kurssilla, ryhmä ryhmään" into [[kurssi, …], [ryhmä, …]]."""
    return [entry.split() for entry in text.split(",")]


def _phrases(text):
    """Split "nuorille aikuisille, naisille" into ["nuorille aikuisille", "naisille"]."""
    return [" ".join(entry.split()) for entry in text.split(",")]


# Heads of compounds, most common first, each with its inflected forms (nominative first).
FI_HEADS = _forms(
    "kurssi kurssille kurssilla kurssin kurssia kurssit kursseille kursseilla,"
    "ryhmä ryhmään ryhmässä ryhmän ryhmiä ryhmät ryhmille,"
    "kahvila kahvilaan kahvilassa kahvilan kahviloita kahvilat kahviloissa,"
    "retki retkelle retkellä retken retkiä retket retkille,"
    "ilta illan iltaan illassa iltoja illat iltaisin,"
    "tupa tuvalle tuvalla tuvan tupaan tuvassa tupia,"
    "paja pajaan pajassa pajan pajoja pajat,"
    "vuoro vuorolle vuorolla vuoron vuoroja vuorot,"
    "apu avulla avun apua apuun avuksi,"
    "tuki tuen tukea tukeen tuella tuet,"
    "koulutus koulutukseen koulutuksessa koulutuksen koulutusta koulutukset,"
    "neuvonta neuvontaan neuvonnassa neuvonnan neuvontaa,"
    "ohjaus ohjaukseen ohjauksessa ohjauksen ohjausta,"
    "toiminta toimintaan toiminnassa toiminnan toimintaa,"
    "tapaaminen tapaamiseen tapaamisessa tapaamisen tapaamisia tapaamiset,"
    "piiri piiriin piirissä piirin piirejä,"
    "kerho kerhoon kerhossa kerhon kerhoja,"
    "tunti tunnille tunnilla tunnin tunteja tunnit,"
    "jumppa jumpalle jumpassa jumpan jumppaa jumpat,"
    "kokeilu kokeiluun kokeilussa kokeilun kokeilua,"
    "valmennus valmennukseen valmennuksessa valmennuksen valmennusta,"
    "vastaanotto vastaanotolle vastaanotolla vastaanoton vastaanottoa,"
    "olohuone olohuoneeseen olohuoneessa olohuoneen olohuonetta,"
    "kävely kävelylle kävelyllä kävelyn kävelyä,"
    "uinti uintiin uinnissa uinnin uintia,"
    "verkosto verkostoon verkostossa verkoston verkostoja,"
    "punonta punontaan punonnassa punonnan punontaa,"
    "kortti kortin korttia korttiin kortilla,"
    "sali salille salilla salin salia,"
    "messut messuille messuilla messujen"
)
# Modifiers of compounds, most common first.
FI_MODIFIERS = (
    "ruoka kieli perhe luonto kuntosali digi vertais keskustelu nuoriso asukas kylä "
    "diakonia liikunta ensiapu kävely ompelu avanto sähly museo elokuva maalaus kuoro "
    "käsityö puu kierrätys työnhaku työ opinto velka talous päihde metsä lauantai aamu "
    "kesä talvi lapsiperhe ystävä vapaaehtois yhteisö sauna pyörä tuoli lautapeli "
    "musiikki laulu tanssi selko luku kori hygienia työturvallisuus kokemus mieli"
).split()
FI_NOUNS = _forms(
    "kahvi kahvia kahvin kahvilla,"
    "seura seuraa seuran seurassa,"
    "ohjaaja ohjaajan ohjaajaa ohjaajat ohjaajien ohjaajalta,"
    "kirjasto kirjastossa kirjaston kirjastoon kirjastolla,"
    "seurakunta seurakunnan seurakuntaan seurakunnassa,"
    "ruoka ruokaa ruoan ruokaan ruoasta,"
    "arki arjen arkea arkeen arjessa,"
    "työ työtä työhön työssä töitä töihin,"
    "opiskelu opiskeluun opiskelua opiskelussa,"
    "hyvinvointi hyvinvointia hyvinvoinnin hyvinvointiin,"
    "mielenterveys mielenterveyden mielenterveyttä,"
    "vertaistuki vertaistukea vertaistuen,"
    "kokemus kokemusta kokemuksesta kokemuksen kokemuksia,"
    "taito taitoja taitoa taidot taidon,"
    "tieto tietoa tiedon tietoja,"
    "puhelin puhelimen puhelinta puhelimella,"
    "tietokone tietokoneen tietokonetta tietokoneella,"
    "asia asiat asioita asioista asioihin,"
    "kieli kielen kieltä kielellä kielellesi,"
    "peli pelejä pelit pelata pelataan,"
    "musiikki musiikkia musiikin,"
    "leikki leikkejä leikkiä leikit,"
    "nuotio nuotiolla nuotion,"
    "puuro puuroa puuron,"
    "lounas lounaan lounasta lounaalla,"
    "sauna saunaan saunassa saunan,"
    "metsä metsään metsässä metsän,"
    "ranta rannalla rannan rantaa rannoilla,"
    "polku polulla polun polkuja,"
    "velka velat velkoja velkoihin,"
    "budjetti budjetin budjettia,"
    "hakemus hakemuksen hakemusta hakemukset,"
    "todistus todistuksen todistusta,"
    "kulukorvaus kulukorvauksen kulukorvausta,"
    "kuljetus kuljetuksen kuljetusta,"
    "tulkki tulkin tulkkia,"
    "lastenhoito lastenhoidon lastenhoitoa"
)
FI_ADJECTIVES = (
    "avoin avoimeen avoimessa maksuton maksuttoman edullinen edullista rauhallinen "
    "rauhallisessa turvallinen turvallisesti uusi uuteen yhteinen yhteisen oma omaan omalla "
    "lämmin lämpimän pieni pienessä kevyt kevyttä ilmainen ilmaista päihteetön päihteettömän "
    "reipas reippaan mukava mukavassa tuttu tutuksi selkokielinen ruotsinkielinen"
).split()
FI_TARGETS = _phrases(
    "kaikille, nuorille aikuisille, nuorten aikuisten, naisille, naisten, miehille, miesten,"
    "lapsille, lasten, perheille, perheiden, työttömille, työttömien, ikäihmisille,"
    "maahanmuuttajille, maahan muuttaneille, kuntoutujille, työnhakijoille, aloittelijoille,"
    "opiskelijoille, vapaaehtoisille, vanhemmille, senioreille"
)
FI_PLACES = _phrases(
    "Ristinummella, Palosaaressa, Vähässäkyrössä, keskustassa, Huutoniemellä, Sepänkylässä,"
    "Gerbyssä, Sundomissa, Variskalla, Suvilahdessa, Koivulahdessa, Mustasaaressa,"
    "Vanhassa Vaasassa, Pilvilammella, Merikaarrossa, kirjastossa, seurakuntakodilla,"
    "nuorisotalolla, asukastalolla, kylätalolla, ostoskeskuksessa, olohuoneella, Ohjaamossa,"
    "verkossa"
)
FI_WHEN = _phrases(
    "maanantaisin, tiistaisin, keskiviikkoisin, torstaisin, perjantaisin, lauantaisin,"
    "sunnuntaisin, aamuisin, iltaisin, iltapäivisin, aamupäivisin, viikoittain, kerran kuussa,"
    "joka toinen viikko, syksyllä, keväällä, kesällä"
)
FI_VERBS = (
    "tule tervetuloa voit jutellaan tehdään opitaan liikutaan kävellään syödään "
    "lauletaan pelataan harjoitellaan tutustutaan kokeile tuo saat autetaan mietitään "
    "korjataan maalataan punotaan ommellaan uidaan keitetään lähdetään sovitaan"
).split()
FI_FUNCTION = (
    "ja on ovat myös kanssa ei tai sekä jossa joka kun mutta vain aina yhdessä mukaan "
    "paikalla ilman kerran viikossa se sinä me voi saa sinun omasta kuten jos vaikka "
    "ennen jälkeen noin"
).split()

# Organisers and premises are named after places, as real ones are ("Ristinummen
# olohuone"); naming them with topic words would put those words into most documents.
FI_PLACE_NAMES = (
    "Vaasan Ristinummen Palosaaren Huutoniemen Sepänkylän Gerbyn Sundomin Variskan "
    "Suvilahden Koivulahden Mustasaaren Vähänkyrön Keskustan Hietalahden Vanhan Vaasan"
).split()
FI_ORGANISERS = (
    "asukasyhdistys seurakunta kyläyhdistys Martat setlementti nuorisoseura urheiluseura "
    "mielenterveysyhdistys työpaja kansalaisopisto kaupunki eläkeläiset SPR MLL"
).split()
FI_PREMISES = (
    "kirjasto seurakuntakoti nuorisotalo asukastupa kylätalo olohuone kirkko koulu "
    "palvelupiste toimitila liikuntahalli uimahalli työpajatalo"
).split()
FI_STREETS = (
    "Kirkkokatu Koulukatu Rantakatu Kauppapuistikko Hietalahdenkatu Vaasanpuistikko "
    "Ristinummentie Sundomintie Gerbyntie Palosaarentie Variskantie Kyläntie"
).split()
SV_PLACE_NAMES = (
    "Vasa Ristinummi Sandö Roparnäs Smedsby Gerby Sundom Variska Sunnanvik Kvevlax "
    "Korsholm Lillkyro centrum Gamla Vasa"
).split()
SV_ORGANISERS = (
    "Invånarföreningen Församlingen Byaföreningen Marthorna Settlementet Ungdomsföreningen "
    "Idrottsföreningen Arbetarinstitutet Staden Pensionärerna FRK"
).split()

SV_HEADS = _forms(
    "kurs kursen kurser kurserna kurs,"
    "grupp gruppen grupper grupperna,"
    "kafé kaféet kaféer,"
    "utflykt utflykten utflykter,"
    "kväll kvällen kvällar,"
    "stuga stugan stugor,"
    "verkstad verkstaden verkstäder,"
    "tur turen turer,"
    "hjälp hjälpen,"
    "stöd stödet,"
    "utbildning utbildningen utbildningar,"
    "rådgivning rådgivningen,"
    "handledning handledningen,"
    "verksamhet verksamheten,"
    "träff träffen träffar,"
    "cirkel cirkeln cirklar,"
    "klubb klubben klubbar,"
    "promenad promenaden promenader,"
    "mottagning mottagningen,"
    "nätverk nätverket,"
    "prövning prövningen,"
    "bad badet,"
    "rum rummet,"
    "mässa mässan"
)
SV_MODIFIERS = (
    "mat språk familje natur gym digi kamrat samtals ungdoms invånar by diakoni motions "
    "förstahjälps promenad sy vinter innebandy musei film målar kör hantverks trä "
    "återvinnings jobbsökar arbets studie skuld ekonomi drogfri skogs lördags morgon "
    "kvälls sommar barn vän frivillig gemenskaps bastu cykel stol brädspels musik sång "
    "dans läs korg matlagnings hygienpass"
).split()
SV_NOUNS = (
    "kaffe sällskap handledare biblioteket församlingen mat vardagen arbete studier "
    "välmående hälsa kamratstöd erfarenhet färdigheter information telefon dator ärenden "
    "språket spel musik lekar lägereld gröt lunch bastu skogen stranden stigar skulder "
    "budget ansökan intyg ersättning skjuts tolk barnpassning"
).split()
SV_ADJECTIVES = (
    "öppen öppet avgiftsfri gratis förmånlig lugn trygg tryggt ny gemensam egen varm "
    "liten lätt drogfri rask trevlig bekant lättläst svenskspråkig finskspråkig"
).split()
SV_TARGETS = _phrases(
    "för alla, för unga vuxna, för kvinnor, för män, för barn, för familjer, för arbetslösa,"
    "för invandrare, för inflyttade, för nybörjare, för seniorer, för frivilliga, för föräldrar"
)
SV_PLACES = _phrases(
    "i Ristinummi, på Sandö, i Lillkyro, i centrum, i Roparnäs, i Smedsby, i Gerby, i Sundom,"
    "på Variska, i Sunnanvik, i Kvevlax, i Korsholm, i Gamla Vasa, på biblioteket,"
    "i församlingshemmet, på ungdomsgården, i bygdegården, i köpcentret, på nätet"
)
SV_WHEN = _phrases(
    "på måndagar, på tisdagar, på onsdagar, på torsdagar, på fredagar, på lördagar,"
    "på söndagar, på morgnarna, på kvällarna, på eftermiddagarna, varje vecka,"
    "en gång i månaden, varannan vecka"
)
SV_VERBS = (
    "kom välkommen pratar lagar går spelar sjunger pröva lär träffas äter målar flätar "
    "syr simmar badar hjälper funderar gör övar besöker"
).split()
SV_FUNCTION = (
    "och med för på i till är som du kan också utan alla tillsammans vi en ett det den "
    "om att inte eller men här där varje"
).split()

EN_HEADS = _forms(
    "course courses,"
    "group groups,"
    "café cafés,"
    "trip trips,"
    "evening evenings,"
    "night nights,"
    "workshop workshops,"
    "session sessions,"
    "help,"
    "support,"
    "training trainings,"
    "advice,"
    "guidance,"
    "meeting meetings,"
    "circle circles,"
    "club clubs,"
    "walk walks,"
    "room rooms,"
    "network networks,"
    "try-out try-outs,"
    "visit visits,"
    "fair fairs"
)
EN_MODIFIERS = (
    "cooking language family nature gym digital peer discussion youth residents' village "
    "parish exercise first-aid walking sewing winter-swimming floorball museum film "
    "painting choir crafts wood recycling job-search work study debt substance-free forest "
    "Saturday morning evening summer friendship volunteer community sauna bike chair "
    "board-game music singing dance reading basket-weaving hygiene-pass women's men's"
).split()
EN_NOUNS = (
    "coffee company guide library parish food everyday work study wellbeing health "
    "support experience skills information phone computer matters language games music "
    "play campfire porridge lunch sauna forest shore paths debts budget application "
    "certificate allowance transport interpreter childcare"
).split()
EN_ADJECTIVES = (
    "open free low-cost calm safe new shared own warm small easy gentle brisk friendly "
    "familiar Swedish-speaking Finnish-speaking relaxed"
).split()
EN_TARGETS = _phrases(
    "for everyone, for young adults, for women, for men, for children, for families,"
    "for unemployed people, for immigrants, for newcomers, for beginners, for seniors,"
    "for volunteers, for parents"
)
EN_PLACES = _phrases(
    "in Ristinummi, in Palosaari, in Vähäkyrö, in the city centre, at Huutoniemi, in Smedsby,"
    "in Gerby, in Sundom, at Variska, in Suvilahti, in Koivulahti, in Korsholm, in Old Vaasa,"
    "at the library, at the parish hall, at the youth centre, at the village hall, online"
)
EN_WHEN = _phrases(
    "on Mondays, on Tuesdays, on Wednesdays, on Thursdays, on Fridays, on Saturdays,"
    "on Sundays, in the mornings, in the evenings, in the afternoons, every week,"
    "once a month, every other week"
)
EN_VERBS = (
    "come welcome talk cook walk play sing try learn meet eat paint weave sew swim help "
    "practise visit chat share join bring"
).split()
EN_FUNCTION = (
    "and with for on in to is are you can also without all together we a the it of or but "
    "here there every your our"
).split()


def _weighted(words, exponent=1.0):
    """Return (words, cumulative Zipf weights) for drawing common words more often."""
    return words, list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(words))))


def _pick(rng, table):
    words, cumulative = table
    return words[bisect(cumulative, rng.random() * cumulative[-1])]


@lru_cache
def _ranks(size, exponent):
    return _weighted(range(size), exponent)


def _rank(rng, size, exponent):
    """Draw a rank in range(size), rank 0 the most likely (Zipf)."""
    return _pick(rng, _ranks(size, exponent))


def _join_fi(modifier, head):
    # Finnish writes a hyphen where the modifier ends in the vowel the head begins with.
    if modifier[-1] == head[0] and modifier[-1] in "aeiouyäö":
        return f"{modifier}-{head}"
    return modifier + head


@dataclass(frozen=True)
class Topic:
    """What one activity is about, as ranks into every language's word lists.

    The lists of the three languages are in roughly the same order (ruoka, mat, cooking
    first), so a rank reads as a translation. A real activity text keeps coming back to
    its few topic words and is otherwise made of common words; drawing every content
    word from the whole vocabulary instead makes each one occur in most documents, and a
    search then matches most of the region.
    """

    compounds: tuple  # (modifier rank, head rank) pairs
    nouns: tuple
    target: int
    place: int
    when: tuple

    @classmethod
    def draw(cls, rng):
        compounds = tuple(
            (_rank(rng, len(FI_MODIFIERS), 0.6), _rank(rng, len(FI_HEADS), 0.7))
            for _ in range(rng.choice((1, 1, 1, 2)))
        )
        return cls(
            compounds=compounds,
            nouns=tuple(_rank(rng, len(FI_NOUNS), 0.6) for _ in range(rng.randint(2, 4))),
            target=_rank(rng, len(FI_TARGETS), 0.8),
            place=_rank(rng, len(FI_PLACES), 0.7),
            when=tuple(_rank(rng, len(FI_WHEN), 0.6) for _ in range(rng.randint(1, 2))),
        )


class _Language:
    """One language's word lists and how its compounds are made."""

    def __init__(
        self, heads, modifiers, nouns, adjectives, targets, places, when, verbs, function, join
    ):
        self.heads, self.modifiers, self.nouns = heads, modifiers, nouns
        self.targets, self.places, self.when = targets, places, when
        self.join = join
        self.tables = {
            "adjective": _weighted(adjectives, 1.0),
            "verb": _weighted(verbs, 0.9),
            "function": _weighted(function, 1.0),
        }
        # The word classes of running text, in the proportions they come; "topic" is one
        # of the activity's own words.
        self.classes = _weighted(
            ["function"] * 9 + ["topic"] * 6 + ["verb"] * 3 + ["adjective"] * 2, 0.0
        )

    @staticmethod
    def _at(words, rank):
        return words[rank % len(words)]

    def compound(self, rng, pair, inflected=True):
        forms = self._at(self.heads, pair[1])
        head = rng.choice(forms) if inflected else forms[0]
        return self.join(self._at(self.modifiers, pair[0]), head)

    def topic_word(self, rng, topic):
        kind = rng.choice(("compound", "compound", "noun", "noun", "noun", "other"))
        if kind == "compound":
            return self.compound(rng, rng.choice(topic.compounds))
        if kind == "noun":
            noun = self._at(self.nouns, rng.choice(topic.nouns))
            return rng.choice(noun) if isinstance(noun, list) else noun
        return rng.choice(
            (
                self._at(self.targets, topic.target),
                self._at(self.places, topic.place),
                self._at(self.when, rng.choice(topic.when)),
            )
        )

    def sentence(self, rng, topic, low, high):
        words = []
        for _ in range(rng.randint(low, high)):
            kind = _pick(rng, self.classes)
            if kind == "topic":
                words.append(self.topic_word(rng, topic))
            else:
                words.append(_pick(rng, self.tables[kind]))
        if rng.random() < 0.05:  # now and then a word of another topic
            words.insert(rng.randrange(len(words) + 1), self.topic_word(rng, Topic.draw(rng)))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def name(self, rng, topic):
        words = [self.compound(rng, topic.compounds[0], inflected=False)]
        if rng.random() < 0.4:
            words.insert(0, _pick(rng, self.tables["adjective"]))
        if rng.random() < 0.5:
            words.append(self._at(self.targets, topic.target))
        if rng.random() < 0.4:
            words.append(self._at(self.places, topic.place))
        text = " ".join(words)
        return text[0].upper() + text[1:]


LANGUAGES = {
    "fi": _Language(
        FI_HEADS,
        FI_MODIFIERS,
        FI_NOUNS,
        FI_ADJECTIVES,
        FI_TARGETS,
        FI_PLACES,
        FI_WHEN,
        FI_VERBS,
        FI_FUNCTION,
        _join_fi,
    ),
    "sv": _Language(
        SV_HEADS,
        SV_MODIFIERS,
        SV_NOUNS,
        SV_ADJECTIVES,
        SV_TARGETS,
        SV_PLACES,
        SV_WHEN,
        SV_VERBS,
        SV_FUNCTION,
        str.__add__,
    ),
    "en": _Language(
        EN_HEADS,
        EN_MODIFIERS,
        EN_NOUNS,
        EN_ADJECTIVES,
        EN_TARGETS,
        EN_PLACES,
        EN_WHEN,
        EN_VERBS,
        EN_FUNCTION,
        lambda modifier, head: f"{modifier} {head}",
    ),
}


def _text(rng, lang, low, high, topic=None):
    return LANGUAGES[lang].sentence(rng, topic or Topic.draw(rng), low, high)


def _name(rng, lang, topic=None):
    return LANGUAGES[lang].name(rng, topic or Topic.draw(rng))


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
                "name_fi": f"{rng.choice(FI_PLACE_NAMES)} {rng.choice(FI_ORGANISERS)}",
                "name_sv": f"{rng.choice(SV_ORGANISERS)} i {rng.choice(SV_PLACE_NAMES)}",
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
                "name": f"{rng.choice(FI_PLACE_NAMES)} {rng.choice(FI_PREMISES)}",
                "street_address": f"{rng.choice(FI_STREETS)} {i % 90 + 1}",
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
        topic = Topic.draw(rng)
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
            row[f"name_{lang}"] = _name(rng, lang, topic)
            row[f"summary_{lang}"] = " ".join(
                _text(rng, lang, 6, 14, topic) for _ in range(rng.randint(1, 2))
            )
            row[f"description_{lang}"] = " ".join(
                _text(rng, lang, 8, 20, topic) for _ in range(rng.randint(3, 7))
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
