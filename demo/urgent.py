"""Demo data for urgent cases, through the services with fixed clocks (fictional companies and
people only).

Nordlys Forsikring (enhanced urgent cases on, weekly report) has two partner companies with
offices in every permission setting; its urgent cases are all converted or linked, so the
first new one shows "1 sag(er) skal tilknyttes". Øresund Forsikring (enhanced off, monthly
report) has open urgent cases waiting to be attached. The demo user "partner" works at an
office that may create urgent cases outside working hours; "forsikring" is a level-6 insurer
user of Nordlys.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from logic import users
from logic.access import Role
from logic.clock import Clock, FixedClock, naive_utc
from logic.store import core_repo
from logic.store.db import Database
from logic.urgent import office_hours, services
from logic.urgent.model import ZONE, ContactType, CreatePermission, ReportPeriod, UrgentDraft

NORDLYS = "ins-nordlys"
ORESUND = "ins-oresund"

# username, name, role, authority level, membership (an insurer id or an office name)
USERS = [
    ("forsikring2", "Bodil Bygningsskade", Role.INSURER, 3, NORDLYS),
    ("partner2", "Tage Tørvejr", Role.PARTNER, None, "Odense"),
    ("oresund", "Ove Øresund", Role.INSURER, 6, ORESUND),
    ("partner3", "Vera Vandskade", Role.PARTNER, None, "Helsingør"),
]

OFFICES = [
    # company, office, city, create permission, may assign to other partners, may edit case id
    ("Skybrud Service ApS", "København", "København S", CreatePermission.OUTSIDE_HOURS, True, False),
    ("Skybrud Service ApS", "Roskilde", "Roskilde", CreatePermission.ALWAYS, False, True),
    ("Skybrud Service ApS", "Køge", "Køge", CreatePermission.NEVER, False, False),
    ("Tørvejr Byg A/S", "Odense", "Odense C", CreatePermission.ALWAYS, False, False),
    ("Tørvejr Byg A/S", "Vejle", "Vejle", CreatePermission.OUTSIDE_HOURS, False, False),
    ("Tørvejr Byg A/S", "Aarhus", "Aarhus C", CreatePermission.NEVER, False, False),
]


def _png() -> bytes:
    """A 2x2 grey PNG (a stand-in for a damage photo)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (a stand-in for a scanned report)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _at(today: date, weeks_back: int, weekday: int, hh: int, mm: int) -> FixedClock:
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_back)
    return FixedClock(datetime.combine(monday + timedelta(days=weekday), time(hh, mm), ZoneInfo(ZONE)))


def _draft(office: str, street: str, postcode: str, town: str, customer: str, what: str,
           damage: datetime, **extra) -> UrgentDraft:
    damage = office_hours.local_time(damage)
    return UrgentDraft(office_id=office, street=street, postcode=postcode, town=town, customer=customer,
                       contact_name=customer, contact_phone="+45 12 34 56 78",
                       contact_email="kunde@example.invalid", contact_type=ContactType.POLICYHOLDER,
                       building_year=1962, short_description=what, damage_date=damage.date(),
                       damage_time=damage.time().replace(second=0, microsecond=0), **extra)


def load(db: Database, clock: Clock) -> None:
    installer = None
    services.create_insurer(db, clock, installer, "Nordlys Forsikring A/S", NORDLYS)
    services.create_insurer(db, clock, installer, "Øresund Forsikring", ORESUND)
    services.set_portal_settings(db, clock, installer, NORDLYS, enhanced=True, report_period=ReportPeriod.WEEK)
    services.set_portal_settings(db, clock, installer, ORESUND, enhanced=False, report_period=ReportPeriod.MONTH)
    office_ids: dict[str, str] = {}
    companies: dict[str, str] = {}
    for company, office, city, permission, assign, edit_id in OFFICES:
        if company not in companies:
            companies[company] = services.create_company(db, clock, installer, NORDLYS, company)
        office_id = services.create_office(db, clock, installer, companies[company], office, city)
        office_ids[office] = office_id
        services.set_office_settings(db, clock, installer, office_id, create_permission=permission,
                                     may_assign_other_partners=assign, may_edit_case_id=edit_id)
    services.set_office_hours(db, clock, installer, companies["Skybrud Service ApS"], time(8), time(16))
    services.set_office_hours(db, clock, installer, companies["Tørvejr Byg A/S"], time(7), time(15, 30))
    lyn = services.create_company(db, clock, installer, ORESUND, "Lynhurtig VVS ApS")
    office_ids["Helsingør"] = services.create_office(db, clock, installer, lyn, "Helsingør", "Helsingør")
    services.set_office_settings(db, clock, installer, office_ids["Helsingør"],
                                 create_permission=CreatePermission.ALWAYS)

    # The demo password (demo.common.DEMO_PASSWORD), hashed once for the base demo users.
    with db.read() as r:
        hashed = core_repo.user_row(r, "partner")["password_hash"]
    with db.tx() as tx:
        for username, name, role, level, _unit in USERS:
            core_repo.insert_user(tx, {
                "username": username, "name": name, "email": f"{username}@example.invalid",
                "password_hash": hashed, "title": "Skadebehandler" if role is Role.INSURER else "Håndværker",
                "lang": "da", "tz": "Europe/Copenhagen", "authority_level": level,
                "created_at": naive_utc(clock.now())})
            core_repo.set_roles(tx, username, [role.value])
    services.add_member(db, clock, installer, "forsikring", NORDLYS)
    services.add_member(db, clock, installer, "partner", office_ids["København"])
    for username, _name, _role, _level, unit in USERS:
        services.add_member(db, clock, installer, username, office_ids.get(unit, unit))
    _cases(db, clock, office_ids)


def _cases(db: Database, clock: Clock, office: dict[str, str]) -> None:
    who = {u: users.load_user(db, u) for u in ("forsikring", "forsikring2", "partner", "partner2",
                                               "oresund", "partner3")}
    today = office_hours.local_time(clock.now()).date()
    first = _at(today, 9, 0, 9, 0)
    claims = [
        services.create_claim(db, first, None, insurer_id=NORDLYS, case_number="NL-2026-1001",
                              street="Strandvejen 12", postcode="2900", town="Hellerup", customer="Karen Kælder",
                              short_description="Vand i kælderen efter skybrud", case_handler="forsikring"),
        services.create_claim(db, first, None, insurer_id=NORDLYS, case_number="NL-2026-1002",
                              street="Algade 3", postcode="4000", town="Roskilde", customer="Egon Ejer",
                              short_description="Stormskade på tag", case_handler="forsikring2"),
        services.create_claim(db, first, None, insurer_id=NORDLYS, case_number="NL-2026-1003",
                              street="Vestergade 40", postcode="5000", town="Odense C", customer="Lis Lejer",
                              short_description="Rørskade i køkken", case_handler="forsikring"),
        services.create_claim(db, first, None, insurer_id=NORDLYS, case_number="NL-2026-1004",
                              street="Nørregade 7", postcode="8000", town="Aarhus C", customer="Ib Indbo",
                              short_description="Brand i carport", case_handler="forsikring2"),
        services.create_claim(db, first, None, insurer_id=ORESUND, case_number="OF-2026-0501",
                              street="Kongevejen 88", postcode="3000", town="Helsingør", customer="Olga Olsen",
                              short_description="Vandskade i badeværelse", case_handler="oresund"),
    ]

    # 1. Saturday morning, Skybrud København (outside hours): first aid reported, photo; converted Monday.
    c = _at(today, 7, 5, 10, 15)
    case = services.create_urgent(db, c, who["partner"], _draft(
        office["København"], "Amagerbrogade 52", "2300", "København S", "Kirsten Kunde",
        "Vand løber ned gennem loftet fra lejligheden ovenover.", c.now() - timedelta(hours=2),
        first_aid_office=office["København"]))
    c.advance(minutes=50)
    task = services.get_case(db, c, who["partner"], case)["tasks"][0]["id"]
    services.report_on_task(db, c, who["partner"], task, "Vand stoppet, affugter opstillet i stue og gang.")
    services.upload_attachment(db, c, who["partner"], task, "loft.png", _png())
    c.set(c.now() + timedelta(days=2, hours=-1, minutes=-20))    # Monday 09:45
    services.convert_to_normal(db, c, who["forsikring"], case, "NL-2026-1005", "forsikring2",
                               services.get_case(db, c, who["forsikring"], case)["version"])

    # 2. Tuesday evening, København: first aid and an inspection with a budget; linked next morning.
    c = _at(today, 5, 1, 18, 40)
    case = services.create_urgent(db, c, who["partner"], _draft(
        office["København"], "Strandvejen 12", "2900", "Hellerup", "Karen Kælder",
        "Kælderen står under vand igen efter nyt skybrud.", c.now() - timedelta(minutes=45),
        first_aid_office=office["København"], inspection_office=office["København"]))
    tasks = {t["kind"]: t["id"] for t in services.get_case(db, c, who["partner"], case)["tasks"]}
    c.advance(hours=1)
    services.report_on_task(db, c, who["partner"], tasks["first_aid"], "Pumpet 30 cm vand ud af kælderen.")
    services.upload_attachment(db, c, who["partner"], tasks["first_aid"], "kaelder.pdf",
                               _pdf("Foto-rapport: kaelder efter skybrud"))
    services.submit_budget(db, c, who["partner"], tasks["inspection"], 12500)
    c.set(c.now() + timedelta(hours=13, minutes=5))               # Wednesday 08:45
    services.decide_budget(db, c, who["forsikring"], tasks["inspection"], approve=True)
    services.link_into(db, c, who["forsikring"], case, claims[0],
                       services.get_case(db, c, who["forsikring"], case)["version"])

    # 3. Thursday late morning, Tørvejr Odense (always): linked the same afternoon.
    c = _at(today, 3, 3, 11, 5)
    case = services.create_urgent(db, c, who["partner2"], _draft(
        office["Odense"], "Algade 3", "4000", "Roskilde", "Egon Ejer",
        "Tagplader blæst af; presenning lagt på.", c.now() - timedelta(hours=5),
        first_aid_office=office["Odense"]))
    c.advance(hours=4, minutes=30)
    services.link_into(db, c, who["forsikring2"], case, claims[1],
                       services.get_case(db, c, who["forsikring2"], case)["version"])

    # 4. Øresund: two urgent cases still waiting to be attached, one with first aid reported.
    c = _at(today, 1, 2, 21, 10)
    case = services.create_urgent(db, c, who["partner3"], _draft(
        office["Helsingør"], "Stengade 9", "3000", "Helsingør", "Hanne Husejer",
        "Sprængt vandrør i badeværelse, vand i gangen.", c.now() - timedelta(hours=1),
        first_aid_office=office["Helsingør"]))
    c.advance(hours=2)
    task = services.get_case(db, c, who["partner3"], case)["tasks"][0]["id"]
    services.report_on_task(db, c, who["partner3"], task, "Vandet lukket, gulv tørres.")
    c = _at(today, 0, 0, 6, 40) if today.weekday() > 0 else _at(today, 1, 4, 6, 40)
    services.create_urgent(db, c, who["partner3"], _draft(
        office["Helsingør"], "Kongevejen 88", "3000", "Helsingør", "Olga Olsen",
        "Storm har væltet træ ind over udestue.", c.now() - timedelta(hours=3)))

    # 5. Sunday night, Skybrud København: converted on Monday.
    c = _at(today, 2, 6, 23, 20)
    case = services.create_urgent(db, c, who["partner"], _draft(
        office["København"], "Jagtvej 101", "2200", "København N", "Peter Påsejler",
        "Bil kørt ind i facade, vindue knust.", c.now() - timedelta(minutes=30),
        first_aid_office=office["København"]))
    c.set(c.now() + timedelta(hours=10))
    services.convert_to_normal(db, c, who["forsikring"], case, "NL-2026-1006", "forsikring",
                               services.get_case(db, c, who["forsikring"], case)["version"])
