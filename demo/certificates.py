"""Demo certificates (CERT), registered through the services with a fixed clock moved back in
time: patients (one with protected personal data, one with a samordningsnummer, one with a
reserve number), certificates in every state — empty, started, locked, signed, sent,
handed to the police, voided, deleted, copied, replaced — and questions with
Försäkringskassan, one of them past its reply-by date. Fictional people only.
"""
from __future__ import annotations

import random
from datetime import timedelta

from demo.common import DEMO_PASSWORD
from logic import users
from logic.access import Role
from logic.certificates import services
from logic.certificates.model import QuestionKind
from logic.clock import Clock, FixedClock
from logic.store import core_repo
from logic.store.db import Database

SEED = 20261120
UNIT = "site-1012"
WORKPLACE_CODE = "4711012"

# (id as entered, name, protected personal data)
PATIENTS = [
    ("191212121212", "Tolvan Tolvansson", False),
    ("194001019274", "Elsa Exempelsson", False),
    ("193503155537", "Testa Testsson", False),          # deceased: Dödsbevis and Dödsorsaksintyg
    ("195208079268", "Demo Demosson", False),
    ("199212319876", "Hemlig Hemligsson", True),         # skyddade personuppgifter (CERT-8)
    ("197902631238", "Samuel Samordningsson", False),    # samordningsnummer (day + 60)
    ("19850315-R001", "Reserv Reservsson", False),       # reservnummer: certificates on paper, never sent (CERT-8)
    ("193311114551", "Okänd Oskarsson", False),          # deceased, reported to the police (CERT-9)
    ("196001013215", "Ivar Idealsson", False),
    ("195810200120", "Berit Blomkvist-Test", False),
]


def _day(clock: Clock, days: int) -> str:
    return (clock.now().date() + timedelta(days=days)).isoformat()


def _sick_pay(clock: Clock, code: str = "F32.1", text: str = "Medelsvår depressiv episod") -> dict:
    return {
        "basis": "examination", "basis_date": _day(clock, 0), "occupation": "current_work",
        "diagnosis_code": code, "diagnosis_text": text,
        "functional_impairment": "Nedstämdhet, koncentrationssvårigheter och uttalad trötthet vid undersökningen.",
        "activity_limitation": "Klarar inte att planera och genomföra arbetsuppgifter under en hel arbetsdag.",
        "sick_leave": [{"degree": 100, "from": _day(clock, 0), "to": _day(clock, 13)},
                       {"degree": 50, "from": _day(clock, 14), "to": _day(clock, 27)}],
        "proposed_measures": "Samtalsbehandling. Arbetsträning med gradvis upptrappning i samråd med arbetsgivaren.",
    }


CONTENT = {
    "luse": lambda c: {"basis": "records", "basis_date": _day(c, 0), "diagnosis_code": "M79.7",
                       "diagnosis_text": "Fibromyalgi",
                       "functional_impairment": "Generell smärta och nedsatt uthållighet.",
                       "activity_limitation": "Kan inte sitta eller stå mer än 20 minuter i taget.",
                       "medical_treatment": "Fysioterapi och smärtlindring; begränsad effekt.",
                       "medical_prerequisites": "Bedöms inte kunna återfå arbetsförmåga på sikt."},
    "ag114": lambda c: {"work_capacity": "Kan inte utföra tunga lyft.",
                        "sick_leave": [{"degree": 100, "from": _day(c, 0), "to": _day(c, 6)}]},
    "ag7804": lambda c: {**{k: v for k, v in _sick_pay(c, "M54.5", "Lumbago").items() if k != "occupation"},
                         "contact_employer": "yes"},
    "ts_bas": lambda c: {"license_categories": "C1, D", "identity_checked": "driving_licence", "vision_ok": "yes",
                         "traffic_relevant_conditions": "Inga", "assessment": "fit"},
    "ts_diabetes": lambda c: {"license_categories": "B", "identity_checked": "id_card", "diabetes_type": "type1",
                              "diabetes_year": "2004", "diabetes_treatment": "insulin",
                              "hypoglycaemia": "Inga allvarliga hypoglykemier senaste året; känner igen varningstecken.",
                              "assessment": "fit"},
    "db": lambda c: {"identity_checked_death": "id_band", "death_date": _day(c, -1), "death_date_certain": "yes",
                     "death_place": "Västerby", "explosive_implant": "no", "external_examination": "yes",
                     "police_report": "no"},
    "doi": lambda c: {"death_date": _day(c, -1), "death_place": "Västerby", "immediate_cause": "Hjärtinfarkt",
                      "underlying_cause_code": "I21.9", "manner_of_death": "disease", "autopsy": "no"},
}


class _Demo:
    def __init__(self, db: Database, end: Clock):
        self.db = db
        self.end = end.now()
        self.people = {u: users.load_user(db, u) for u in ("lakare", "lakare2", "admin")}

    def at(self, days_ago: float, hours: float = 0) -> FixedClock:
        """`days_ago` whole days back at office hours (the demo clock's time, minus `hours`)."""
        return FixedClock(self.end - timedelta(days=round(days_ago), hours=hours + (days_ago % 1) * 4))

    def create(self, days_ago: float, patient: str, type_code: str, *, responsible: str = "lakare") -> tuple[str, FixedClock]:
        clock = self.at(days_ago)
        case_id = services.create_certificate(self.db, clock, self.people["lakare"], unit_id=UNIT,
                                              patient_id=patient, type_code=type_code, responsible=responsible)
        return case_id, clock

    def fill(self, case_id: str, clock: FixedClock, content: dict, user: str = "lakare") -> None:
        """What the physician types, in two autosaved steps (each a real save with its log)."""
        version = self.version(case_id, clock)
        names = list(content)
        for part in (names[: len(names) // 2], names[len(names) // 2:]):
            if part:
                clock.advance(minutes=3)
                version = services.save_fields(self.db, clock, self.people[user], case_id,
                                               {n: content[n] for n in part}, version)

    def version(self, case_id: str, clock: Clock | None = None) -> int:
        with self.db.read() as r:
            return core_repo.case(r, case_id)["version"]

    def signed(self, days_ago: float, patient: str, type_code: str, *, send: bool = False,
               content: dict | None = None) -> tuple[str, FixedClock]:
        case_id, clock = self.create(days_ago, patient, type_code)
        self.fill(case_id, clock, content or (CONTENT[type_code](clock) if type_code in CONTENT else _sick_pay(clock)))
        clock.advance(minutes=5)
        services.sign(self.db, clock, self.people["lakare"], case_id, self.version(case_id, clock))
        if send:
            clock.advance(minutes=2)
            services.send(self.db, clock, self.people["lakare"], case_id, consent=True,
                          expected_version=self.version(case_id, clock))
        return case_id, clock


def load(db: Database, clock: Clock) -> None:
    rng = random.Random(SEED)
    start = FixedClock(clock.now() - timedelta(days=120))
    admin = users.load_user(db, "admin")
    # A second physician on two units: prerequisites on site-1012 only, so on site-1020 the
    # page names what is missing (CERT-2), and questions are refused there (CERT-11).
    users.create_user(db, start, None, users.UserInput(
        username="lakare2", name="Ludvig Läkare", email="lakare2@example.invalid", password=DEMO_PASSWORD,
        roles=[Role.PHYSICIAN], units=[UNIT, "site-1020"], prescriber_code="LK1002", title="Läkare"), rounds=10)
    services.set_workplace_code(db, start, admin, UNIT, WORKPLACE_CODE)
    services.set_service_contract(db, start, admin, UNIT, True)     # CERT-18
    services.set_rights(db, start, admin, "lakare", protected_title="Läkare", webcert=True, care_units=[UNIT])
    services.set_rights(db, start, admin, "lakare2", protected_title="Läkare", webcert=True, care_units=[UNIT])

    d = _Demo(db, clock)
    lakare = d.people["lakare"]
    ids = {}
    for raw, name, protected in PATIENTS:
        row = services.register_patient(db, start, lakare, UNIT, raw, name, protected)
        ids[name.split()[0]] = row["id"]

    # A history of sent sick-pay certificates over twelve weeks (dashboard: signed and sent per week).
    history = [ids[n] for n in ("Tolvan", "Elsa", "Demo", "Ivar", "Berit")]
    sent_history = []
    for week in range(12, 0, -1):
        for _ in range(rng.randint(1, 2)):
            case_id, _c = d.signed(week * 7 + rng.uniform(0, 5), rng.choice(history), "lisjp", send=True)
            sent_history.append(case_id)

    # Questions and answers with Försäkringskassan (CERT-11)
    tolvan_sent, c = d.signed(30, ids["Tolvan"], "lisjp", send=True)
    c.advance(days=2)
    q = services.ask_fk(db, c, lakare, tolvan_sent, unit_id=UNIT, topic="meeting",
                        text="Önskar avstämningsmöte med patient, arbetsgivare och handläggare.")
    c.advance(days=3)
    services.fk_answer(db, c, admin, q, "Avstämningsmöte bokat; kallelse skickas till patienten.")
    c.advance(days=20)
    services.fk_send_question(db, c, admin, tolvan_sent, kind=QuestionKind.QUESTION, topic="other",
                              text="Kan patienten arbeta deltid med anpassade arbetsuppgifter under perioden?",
                              reply_by=(c.now().date() + timedelta(days=10)))
    elsa_luse, c = d.signed(40, ids["Elsa"], "luse", send=True)
    c.advance(days=25)
    services.fk_send_question(db, c, admin, elsa_luse, kind=QuestionKind.COMPLETION, topic="completion",
                              text="Komplettera med aktuella testresultat som visar aktivitetsbegränsningen.",
                              reply_by=(c.now().date() + timedelta(days=12)))          # now past its reply-by date
    waiting, c = sent_history[-1], d.at(3)
    services.ask_fk(db, c, lakare, waiting, unit_id=UNIT, topic="contact",
                    text="Patienten önskar kontakt med sin handläggare om rehabiliteringsplanen.")

    # Drafts: empty, started, locked, and a copy of a locked one (CERT-4, CERT-5)
    d.create(1, ids["Tolvan"], "ag114")
    started, c = d.create(2, ids["Tolvan"], "lisjp")
    d.fill(started, c, {"basis": "examination", "basis_date": _day(c, 0), "diagnosis_code": "J06.9",
                        "diagnosis_text": "Akut övre luftvägsinfektion",
                        "functional_impairment": "Feber och nedsatt allmäntillstånd."})
    locked, c = d.create(20, ids["Elsa"], "lisjp", responsible="lakare")
    d.fill(locked, c, {"diagnosis_code": "M54.5", "diagnosis_text": "Lumbago",
                       "functional_impairment": "Rörelseinskränkning i ländryggen."})
    old_locked, c = d.create(30, ids["Ivar"], "ag7804")
    d.fill(old_locked, c, {"diagnosis_code": "S52.5", "diagnosis_text": "Fraktur på nedre delen av radius"})
    services.copy_locked(db, d.at(1, 2), lakare, old_locked, unit_id=UNIT)
    unit_draft, c = d.create(4, ids["Berit"], "luae_na", responsible="lakare2")
    d.fill(unit_draft, c, {"basis": "records", "basis_date": _day(c, -1)})
    deleted, c = d.create(6, ids["Demo"], "lisjp")
    d.fill(deleted, c, {"diagnosis_code": "R51", "diagnosis_text": "Huvudvärk"})
    services.delete_draft(db, c, lakare, deleted, d.version(deleted, c))

    # Death certificates: sent on signing; on paper to the police (CERT-6, CERT-9)
    d.signed(6, ids["Testa"], "db")
    d.signed(6, ids["Testa"], "doi")
    police, c = d.signed(10, ids["Okänd"], "db", content={**CONTENT["db"](d.at(10)), "police_report": "yes"})
    c.advance(hours=3)
    services.hand_to_police(db, c, lakare, police, d.version(police, c))

    # Transport Agency, employer, protected personal data, samordningsnummer (CERT-7, CERT-8)
    d.signed(12, ids["Demo"], "ts_bas", send=True)
    d.signed(8, ids["Demo"], "ts_diabetes")
    d.signed(9, ids["Demo"], "ag7804")
    d.signed(15, ids["Hemlig"], "lisjp", send=True)
    d.signed(5, ids["Hemlig"], "ts_bas")                  # to TS: only the patient, from Mina intyg
    d.signed(3, ids["Samuel"], "lisjp")

    # Voided and replaced
    wrong, c = d.signed(50, ids["Tolvan"], "lisjp", send=True)
    c.advance(days=2)
    services.void(db, c, lakare, wrong, "Fel diagnoskod angavs; nytt intyg utfärdat.", d.version(wrong, c))
    first, c = d.signed(60, ids["Elsa"], "lisjp", send=True)
    c.advance(days=1)
    second = services.replace(db, c, lakare, first, unit_id=UNIT)
    c.advance(minutes=10)
    services.save_field(db, c, lakare, second, "sick_leave",
                        [{"degree": 100, "from": _day(c, -1), "to": _day(c, 20)}], d.version(second, c))
    c.advance(minutes=5)
    services.sign(db, c, lakare, second, d.version(second, c))
