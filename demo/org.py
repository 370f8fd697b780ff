"""ORG demo data: a unit tree with managers, the ladder's holders filled by fictional people,
and organisational (and linked care) deviations standing at every level of the ladder, open
and closed — all registered through the services with a clock moved back in time."""
from __future__ import annotations

from datetime import time, timedelta

from demo.common import DEMO_PASSWORD
from logic import users
from logic.access import Role
from logic.clock import Clock, FixedClock, naive_utc
from logic.org import services
from logic.org.model import Affected, Entry, Level, OrgDraft, Party
from logic.store import core_repo, demo_repo
from logic.store.db import Database

# Fictional units: the region's care (hälso- och sjukvården) with two levels of managers.
UNITS = [
    {"id": "org-hsv", "code": "HSV", "name": "Hälso- och sjukvården Västerby", "kind": "org_unit",
     "manager": "hsv.direktor", "city": "Västerby"},
    {"id": "org-nsv", "code": "NSV", "name": "Närsjukvårdsområde Väst", "kind": "org_unit",
     "parent_id": "org-hsv", "manager": "omradeschef", "city": "Västerby"},
    {"id": "org-vc-norrby", "code": "VCN", "name": "Vårdcentralen Norrby", "kind": "org_unit",
     "parent_id": "org-nsv", "manager": "chef.norrby", "city": "Norrby"},
    # no manager of its own: reports go to the area manager above it (ORG-4)
    {"id": "org-vc-osterby", "code": "VCO", "name": "Vårdcentralen Österby", "kind": "org_unit",
     "parent_id": "org-nsv", "city": "Österby"},
    {"id": "org-psyk", "code": "PSY", "name": "Psykiatriska mottagningen Västerby", "kind": "org_unit",
     "parent_id": "org-hsv", "manager": "chef.psykiatri", "city": "Västerby"},
    {"id": "org-orto", "code": "ORT", "name": "Ortopedkliniken Västerby", "kind": "org_unit",
     "parent_id": "org-hsv", "manager": "chef.ortopedi", "city": "Västerby"},
]

# username, name, roles, units, title — fictional people only.
PEOPLE = [
    ("sjukskoterska", "Sara Sjuksköterska", [Role.REPORTER], ["org-vc-norrby"], "Sjuksköterska"),
    ("kurator", "Kurt Kurator", [Role.REPORTER], ["org-vc-osterby"], "Kurator"),
    ("lakare.psyk", "Lova Läkare", [Role.REPORTER], ["org-psyk"], "Läkare"),
    ("chef.norrby", "Nora Norrbychef", [Role.MANAGER], ["org-vc-norrby"], "Verksamhetschef"),
    ("omradeschef", "Olle Områdeschef", [Role.MANAGER], ["org-nsv"], "Områdeschef"),
    ("chef.psykiatri", "Petra Psykiatrichef", [Role.MANAGER], ["org-psyk"], "Verksamhetschef"),
    ("chef.ortopedi", "Otto Ortopedchef", [Role.MANAGER], ["org-orto"], "Verksamhetschef"),
    ("hsv.direktor", "Helga Hälsodirektör", [Role.MANAGER], ["org-hsv"], "Hälso- och sjukvårdsdirektör"),
    ("fmk.ordforande", "Klara Kommittéordförande", [Role.ORG_LADDER], ["org-hsv"],
     "Ordförande, Försäkringsmedicinska kommittén"),
    ("avvikelseforum", "Fia Forumsamordnare", [Role.ORG_LADDER], ["org-hsv"], "Samordnare, Avvikelseforum"),
    ("samverkansgrupp", "Sam Samverkansledare", [Role.ORG_LADDER], ["org-hsv"],
     "Sammankallande, Försäkringsmedicinska samverkansgruppen"),
]

HOLDERS = [
    (Level.COMMITTEE, "fmk.ordforande", "Ordförande"),
    (Level.FORUM, "avvikelseforum", "Samordnare"),
    (Level.GROUP, "samverkansgrupp", "Sammankallande"),
]

FM = ("verksamhet", "forsakringsmedicin")

# ORG-11: the units' contact registers — fictional people at fictional addresses.
REGISTER = [
    ("org-vc-norrby", "investigator", "forsakringskassan", "Ingrid Utredare", "010-116 00 01",
     "ingrid.utredare@fk.example.invalid"),
    ("org-vc-norrby", "unit_contact", "forsakringskassan", "Kalle Kontaktperson", "010-116 00 02",
     "kalle.kontakt@fk.example.invalid"),
    ("org-psyk", "investigator", "forsakringskassan", "Pia Psykutredare", "010-116 00 03", None),
    ("site-1012", "investigator", "forsakringskassan", "Siv Utredare", "010-116 00 04", "siv.utredare@fk.example.invalid"),
    ("site-1012", "unit_contact", "forsakringskassan", "Rolf Kontaktperson", "010-116 00 05", None),
    ("org-nsv", "investigator", "arbetsformedlingen", "Arne Handläggare", None, "arne.handlaggare@af.example.invalid"),
    ("org-hsv", "authority_manager", "forsakringskassan", "Maja Myndighetschef", "010-116 00 10",
     "maja.myndighetschef@fk.example.invalid"),
    ("org-hsv", "authority_manager", "arbetsformedlingen", "Anders Sektionschef", "010-486 00 10",
     "anders.sektionschef@af.example.invalid"),
]


def load(db: Database, clock: Clock) -> None:
    end = clock.now()
    with db.tx() as tx:
        base = core_repo.user_row(tx, "admin")     # the base step hashed the demo password once
        hashed = base["password_hash"] if base else users.hash_password(DEMO_PASSWORD)
        for unit in UNITS:
            core_repo.insert_unit(tx, unit)
        for username, name, roles, units, title in PEOPLE:
            core_repo.insert_user(tx, {
                "username": username, "name": name, "email": f"{username}@example.invalid",
                "password_hash": hashed, "title": title, "created_at": naive_utc(end - timedelta(days=400))})
            core_repo.set_roles(tx, username, [r.value for r in roles])
            core_repo.set_units(tx, username, units)
    admin = users.load_user(db, "admin")
    for level, username, title in HOLDERS:
        services.set_holder(db, FixedClock(end - timedelta(days=200)), admin, level, username, title)
    for unit_id, role, party, name, phone, email in REGISTER:
        services.save_register_contact(db, FixedClock(end - timedelta(days=200)), admin, None, {
            "unit_id": unit_id, "role": role, "party": party, "name": name, "phone": phone, "email": email})
    _cases(db, end)
    with db.tx() as tx:
        demo_repo.mark_org_messages_read(tx, naive_utc(end - timedelta(days=7)))


class _Demo:
    def __init__(self, db: Database, end):
        self.db = db
        self.end = end
        self.people = {u: users.load_user(db, u) for u, *_ in PEOPLE}
        self.people["reporter"] = users.load_user(db, "reporter")
        self.clock = FixedClock(end)

    def at(self, days_ago: float) -> FixedClock:
        self.clock = FixedClock(self.end - timedelta(days=days_ago))
        return self.clock

    def later(self, days: float) -> FixedClock:
        self.clock.advance(days=days)
        return self.clock

    def version(self, case_id: str) -> int:
        with self.db.read() as r:
            return core_repo.case(r, case_id)["version"]

    def report(self, days_ago: float, who: str, title: str, text: str, *, cls=FM,
               party: Party = Party.FK, harmed: bool = False, linked: tuple[str, str] | None = None,
               entry: Entry = Entry.ENVIRONMENT, location: str = "Mottagningen",
               grounds: tuple[str, ...] = ("samarbete",)) -> str:
        clock = self.at(days_ago)
        user = self.people[who]
        local = clock.now().date()
        affected = [Affected.ORGANISATION] + ([Affected.PATIENT] if harmed else [])
        draft = OrgDraft(
            entry=entry, unit_id=user.units[0], area=cls[0], deficiency=cls[1], title=title,
            what_happened=text, occurred_date=local - timedelta(days=2), occurred_time=time(10, 30),
            location=location, affected=affected, party=party, patient_harmed=harmed,
            harm_description="Patientens sjukpenning drogs in under tre veckor." if harmed else None,
            create_linked=linked is not None, linked_area=linked[0] if linked else None,
            linked_deficiency=linked[1] if linked else None,
            grounds=list(grounds) if cls == FM else [])      # ORG-8
        return services.register(self.db, clock, user, draft).case_id

    def contact(self, case_id: str, who: str, days: float, role: str, outcome: str,
                party: Party = Party.FK) -> None:
        clock = self.later(days)
        services.add_contact(self.db, clock, self.people[who], case_id, party=party, contact_role=role,
                             contacted_on=clock.now().date(), outcome=outcome,
                             expected_version=self.version(case_id))

    def meeting(self, case_id: str, who: str, days: float) -> None:
        clock = self.later(days)
        services.record_unit_meeting(self.db, clock, self.people[who], case_id,
                                     held_on=clock.now().date(), note="Genomgång på APT; rutinen repeteras.",
                                     expected_version=self.version(case_id))

    def forward(self, case_id: str, who: str, days: float, to: str, reason: str) -> None:
        services.forward(self.db, self.later(days), self.people[who], case_id, to, reason,
                         self.version(case_id))

    def escalate(self, case_id: str, who: str, days: float, reason: str) -> None:
        services.escalate(self.db, self.later(days), self.people[who], case_id, reason, self.version(case_id))

    def learning(self, case_id: str, who: str, days: float, outcome: str, reason: str) -> None:
        services.lift_for_learning(self.db, self.later(days), self.people[who], case_id, outcome, reason,
                                   self.version(case_id))

    def close(self, case_id: str, who: str, days: float, outcome: str) -> None:
        services.close(self.db, self.later(days), self.people[who], case_id, outcome, self.version(case_id))


def _cases(db: Database, end) -> None:
    d = _Demo(db, end)
    fi = "Berörd försäkringsutredare"
    # closed by the manager, after contact with Försäkringskassan and the unit meeting
    c = d.report(120, "sjukskoterska", "Läkarintyg avvisat utan kontakt med vården",
                 "Försäkringskassan avvisade ett läkarintyg för sjukpenning som ofullständigt utan att "
                 "kontakta den intygsskrivande läkaren, trots överenskommen rutin.",
                 grounds=("styrande_dokument", "samarbete"))
    d.contact(c, "chef.norrby", 3, fi, "Försäkringsutredaren bekräftade missen och lovade kontakt i fortsättningen.")
    d.meeting(c, "chef.norrby", 4)
    d.close(c, "chef.norrby", 1, "Löst med försäkringsutredaren; rutinen för kompletteringar gicks igenom på enhetsmötet.")
    # closed by the committee
    c = d.report(100, "kurator", "Arbetsförmedlingen uteblev från avstämningsmöte",
                 "Planerat avstämningsmöte med patient, Försäkringskassan och Arbetsförmedlingen fick ställas in "
                 "när Arbetsförmedlingen inte kom.", party=Party.AF, grounds=("samarbete",))
    d.contact(c, "omradeschef", 2, "Handläggare Arbetsförmedlingen", "Ingen förklaring; hänvisade till chef.", Party.AF)
    d.escalate(c, "omradeschef", 3, "Tredje gången i år; kan inte lösas på chefsnivå.")
    d.close(c, "fmk.ordforande", 12, "Kommittén har tagit upp frågan med Arbetsförmedlingens regionala ledning; ny kontaktväg överenskommen.")
    # closed by Avvikelseforum after learning lifts
    c = d.report(70, "sjukskoterska", "Oklar ansvarsfördelning vid rehabiliteringskoordinering",
                 "Varken vårdcentralen eller Försäkringskassan tog initiativ till avstämning; patienten blev utan plan.",
                 grounds=("samarbete", "patientsakerhet"))
    d.meeting(c, "chef.norrby", 5)
    d.learning(c, "chef.norrby", 1, "Löst lokalt genom att koordinatorn nu bokar avstämning.",
               "Principiellt viktig: gäller alla vårdcentraler.")
    d.learning(c, "fmk.ordforande", 10, "Kommittén föreslår en regional rutin.", "Bör spridas till samverkansparterna.")
    d.close(c, "avvikelseforum", 14, "Avvikelseforum har noterat frågan; rutinen tas in i den regionala överenskommelsen.")
    # closed by the collaboration group
    c = d.report(90, "lakare.psyk", "Försäkringskassan begär upprepade kompletteringar",
                 "Samma uppgifter har begärts tre gånger för samma patient trots fullständigt utlåtande.",
                 grounds=("styrande_dokument",))
    d.contact(c, "chef.psykiatri", 2, fi, "Utredaren hänvisade till myndighetens interna riktlinje.")
    d.escalate(c, "chef.psykiatri", 2, "Kunde inte lösas med försäkringsutredaren.")
    d.escalate(c, "fmk.ordforande", 10, "Gäller tolkning av riktlinje; behöver tas upp i Avvikelseforum.")
    d.escalate(c, "avvikelseforum", 14, "Ingen samsyn i forumet; lyfts till samverkansgruppen.")
    d.close(c, "samverkansgrupp", 20, "Samverkansgruppen har enats om en gemensam tolkning som kommuniceras till alla enheter.")
    # open at the top: the collaboration group
    c = d.report(80, "sjukskoterska", "Bristande tillgänglighet hos Försäkringskassans lokala kontor",
                 "Patienter hänvisas till telefon trots att de behöver tolk och personligt möte.",
                 grounds=("tillganglighet",))
    d.escalate(c, "chef.norrby", 4, "Gäller myndighetens organisation; utanför chefens mandat.")
    d.escalate(c, "fmk.ordforande", 12, "Behöver tas upp med samverkansparterna.")
    d.escalate(c, "avvikelseforum", 15, "Kräver beslut på ledningsnivå.")
    # open at Avvikelseforum
    c = d.report(60, "lakare.psyk", "Regionala överenskommelsen följs inte vid sjukskrivning",
                 "Överenskommen tidsgräns för svar på förfrågan om förlängd sjukskrivning hölls inte.",
                 grounds=("regional_overenskommelse",))
    d.escalate(c, "chef.psykiatri", 3, "Kunde inte lösas med försäkringsutredaren.")
    d.escalate(c, "fmk.ordforande", 9, "Gäller överenskommelsen mellan parterna.")
    # open at the committee, lifted for learning
    c = d.report(40, "sjukskoterska", "Felaktig information till patient om sjukpenning",
                 "Patienten fick motstridiga besked från vårdcentralen och Försäkringskassan om rätt till sjukpenning.",
                 grounds=("samarbete", "patientsakerhet"))
    d.meeting(c, "chef.norrby", 3)
    d.learning(c, "chef.norrby", 1, "Rätt information är given och patienten har fått ett nytt besked.",
               "Visar behov av gemensam patientinformation.")
    # open at the committee with a linked care deviation (ORG-7)
    c = d.report(20, "sjukskoterska", "Intyg skickades inte – patienten blev utan ersättning",
                 "Läkarintyget skickades aldrig till Försäkringskassan; patientens ersättning drogs in.",
                 harmed=True, linked=("vard_behandling", "vardskada"), grounds=("patientsakerhet", "styrande_dokument"))
    d.escalate(c, "chef.norrby", 2, "Brist i rutin mellan vård och myndighet; lyfts till kommittén.")
    # open at manager, forwarded from one manager to another (ORG-4)
    c = d.report(30, "kurator", "Bemötande vid trepartsmöte",
                 "Handläggaren på Försäkringskassan uttryckte sig nedsättande om patienten under mötet.",
                 grounds=("beteende",))
    d.forward(c, "omradeschef", 2, "chef.psykiatri", "Patienten följs av psykiatrin; verksamhetschefen där har kontakten.")
    # open at manager, reported by a manager to herself (ORG-4)
    d.report(10, "omradeschef", "Ingen kontaktperson utsedd hos Försäkringskassan",
             "Områdets vårdcentraler saknar sedan två månader utsedd kontaktperson hos Försäkringskassan.",
             grounds=("tillganglighet", "regional_overenskommelse"))
    # fresh ones waiting for their manager
    d.report(5, "reporter", "Försäkringsmedicinsk rutin saknas på enheten",
             "Enheten saknar rutin för när läkarintyg ska förnyas inför förlängd sjukskrivning.", party=Party.NONE,
             grounds=("styrande_dokument",))
    d.report(3, "sjukskoterska", "Hotfull besökare i väntrummet",
             "En besökare hotade personalen i receptionen; väktare tillkallades.",
             cls=("sakerhet", "hot_vald"), party=Party.NONE, location="Väntrummet")
    d.report(2, "kurator", "Fel läkemedel uppgivet i remiss", "Remissen angav fel läkemedelsdos.",
             cls=("vard_behandling", "lakemedel"), entry=Entry.CARE, party=Party.NONE)
