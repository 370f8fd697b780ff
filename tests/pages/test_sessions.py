"""Sessions end: idle expiry logs the user out and the log says so; a logged-out session's
cookie is refused (issue 7, X-1). Nothing of a session outlives it (issue 13 §2, X-1 and
ASVS V3 "all session data is invalidated at logout"): after a logout, an idle expiry or a
refused login, the next user in the same browser tab finds every page as a fresh session of
his own would show it — no typed text, selection, search term, page number or prepared
download of the one before, in the session state or on the screen."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import jwt
import pytest
from streamlit.testing.v1 import AppTest

from logic import users
from logic.certificates.model import QuestionKind
from logic.clock import SystemClock
from logic.deviations.model import RegistrationPath
from logic.store.connect import open_database
from logic.store.db import Store
from logic.urgent.model import ContactType
from tests.conftest import ROOT, TEST_HASH, TEST_PASSWORD
from tests.pages.conftest import texts
from tests.pages.test_ui16_forms import select_row

pytestmark = pytest.mark.both_backends

MARK = "Kvarlämnat-4711"          # what the first user types where any text goes
PNR = "191212121212"              # Tolvan Tolvansson, the demo patient
SIGNED_CERTIFICATE = "IN26470005"
INPUTS = ("text_input", "text_area", "selectbox", "multiselect", "radio", "checkbox", "toggle",
          "number_input", "date_input", "time_input")
WIDGETS = INPUTS + ("button", "download_button")
VOLATILE = {"_last_seen"}          # wall-clock time of the last run
ENDINGS = ("logout", "idle", "refused")
# what may outlive a session: streamlit-authenticator's flag that keeps it from logging in again
# with the cookie the tab connected with, and the shell's note that that cookie is still to be
# deleted in the browser — two flags, nothing of the user
LOGIN_MACHINERY = {"logout", "_cookie_to_delete"}


def test_x1_idle_session_is_logged_out_and_logged(open_page, demo_db_path):
    at = open_page("app.py", "reporter")
    assert "Rita Rapportör" in texts(at)
    at.session_state["_last_seen"] = time.time() - (users.IDLE_TIMEOUT_MINUTES * 60 + 5)
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "Rita Rapportör" not in shown
    assert any("30 minuter" in w.value for w in at.warning)
    db = open_database(demo_db_path)
    try:
        with db.read() as r:
            events = [row["event"] for row in r.rows(
                "SELECT event FROM security_log WHERE actor = 'reporter' ORDER BY id")]
    finally:
        db.close()
    assert "session_expired" in events


def test_x1_logout_voids_every_cookie_issued_before_it(db):
    clock = SystemClock()
    issued = time.time()
    assert not users.cookie_is_void(db, "reporter", issued)
    users.revoke_sessions(db, clock, "reporter", issued + 1)
    assert users.cookie_is_void(db, "reporter", issued)           # issued before the logout
    assert not users.cookie_is_void(db, "reporter", issued + 2)   # a later login is fine
    assert not users.cookie_is_void(db, "someone_else", issued)
    with db.read() as r:
        assert r.scalar("SELECT count(*) FROM security_log WHERE event = 'logout'") == 1


# ------------------------------------------------------------------ helpers


def app_db() -> Store:
    """The app's one Database (st.cache_resource lives in this process, as AppTest runs here)."""
    from ui import context

    return context.get_db()


def clone_user(db_path, username: str) -> str:
    """A second user with the same roles, units and certificate rights as `username` (so he
    may use the same pages and sees the same data), another name, and TEST_PASSWORD."""
    other = f"{username}.nasta"
    db = open_database(db_path)
    try:
        with db.tx() as tx:
            def copy(table: str, **changed) -> None:      # the rows of `username`, changed (both databases)
                for row in tx.rows(f"SELECT * FROM {table} WHERE username = ?", [username]):  # noqa: S608
                    row |= {"username": other, **changed}
                    tx.execute(f"INSERT INTO {table} ({', '.join(row)})"  # noqa: S608
                               f" VALUES ({', '.join('?' for _ in row)})", list(row.values()))
            copy("users", name="Nils Nästa", email=None, password_hash=TEST_HASH, failed_logins=0)
            for table in ("user_roles", "user_units", "care_assignments", "cert_user_rights",
                          "org_ladder_holders"):
                copy(table)
    finally:
        db.close()
    return other


def login_form(at: AppTest, username: str, password: str = TEST_PASSWORD) -> AppTest:
    """Log in through the login form, as the next person at the ward PC does."""
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"], texts(at)
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    next(b for b in at.button if b.label == "Logga in").click().run()
    assert not at.exception, at.exception
    assert at.session_state["authentication_status"], texts(at)
    return at


def go(at: AppTest, page: str, query: dict) -> AppTest:
    if page != "app.py":
        at.switch_page(page)
    for k, v in query.items():
        at.query_params[k] = v
    return at.run()


def _value(w) -> str:
    if w.type in ("button", "download_button"):
        return ""
    return repr(w.value)


def _holds_nothing(v) -> bool:
    return v is None or v is False or (isinstance(v, dict) and not v)


def leftovers(at: AppTest) -> dict:
    """Session keys that hold anything (not None, False or {}: a component or button not drawn
    since), but the login machinery's."""
    return {k: v for k, v in at.session_state.items() if k not in LOGIN_MACHINERY and not _holds_nothing(v)}


def snapshot(at: AppTest) -> dict:
    """Everything of the session a user can see or the app keeps: the widgets and their
    values, the session state, the URL's parameters, the text on the screen."""
    assert not at.exception, at.exception
    return {
        "widgets": [(kind, w.key if w.key is not None else w.label, _value(w))
                    for kind in WIDGETS for w in at.get(kind)],
        "state": {k: repr(v) for k, v in at.session_state.items()
                  if k not in VOLATILE | LOGIN_MACHINERY and not _holds_nothing(v)},
        "query": dict(at.query_params),
        "texts": texts(at),
    }


def fill_everything(at: AppTest, skip: tuple[str, ...] = (), submit: bool = True) -> AppTest:
    """Type into every text field, flip every switch and turn every number of the page (not
    the sidebar's), then send each form so touched (a form's values reach the session only
    when it is sent; its refusals and messages stay on the page)."""
    forms: list[str] = []

    def touched(w) -> None:
        if w.form_id and w.form_id not in forms:
            forms.append(w.form_id)

    for kind in ("text_input", "text_area"):
        for w in at.main.get(kind):
            if not w.proto.disabled and w.key not in skip:
                w.input(MARK)
                touched(w)
    for kind in ("toggle", "checkbox"):
        for w in at.main.get(kind):
            if not w.proto.disabled and w.key not in skip:
                w.set_value(not w.value)
                touched(w)
    for w in at.main.number_input:
        if not w.proto.disabled and w.key not in skip and w.proto.has_max:
            w.set_value(w.proto.max)
            touched(w)
    at.run()
    for form in forms if submit else ():
        send = [b for b in at.button if b.form_id == form and (b.key or "").startswith("FormSubmitter:")]
        if send:
            send[0].click().run()
    return at


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


# ------------------------------------------------------------------ what the first user does per page


def fill_start(at):
    at.sidebar.selectbox(key="_lang_select").set_value("en").run()
    assert at.session_state["lang"] == "en"


def fill_wizard(at):
    at.selectbox(key="dev_service_site_id").set_value("site-1012")
    at.radio(key="dev_path").set_value(RegistrationPath.RECIPIENT_DEVICE).run()
    at.text_input(key="dev_recipient_id").input(PNR)
    at.button(key="dev_find__btn").click().run()
    at.radio(key="dev_device_id").set_value("dev-1")
    at.radio(key="dev_is_wear_and_tear").set_value(False).run()
    assert "Tolvan Tolvansson" in texts(at)


def fill_recipient(at):
    """DEV-20: a recipient searched; the result (with the personnummer) is the session's."""
    at.text_input(key="dev_rcp_q").input(PNR)
    click(at, "Sök")
    assert "Tolvan Tolvansson" in texts(at)


def fill_individual_card(at):
    at.text_input(key="dev_ind_q").input("CFH188493")
    click(at, "Sök")
    assert "Tolvan Tolvansson" in texts(at)


def fill_my_details(at):
    at.text_input(key="dev_my_wo_q").input("AO-26")
    click(at, "Sök")
    assert "AO-26-1001" in texts(at)


def fill_my_deviations(at):
    at.selectbox(key="dev_search_period").set_value("all")
    at.selectbox(key="dev_search_site").set_value("site-1012")
    at.text_input(key="dev_search_prefix").input("AV26")
    click(at, "Sök")


def case_field(at) -> str:
    """The case number field's key (one per case number: "case_open_id:<id>")."""
    return next(w.key for w in at.main.text_input if str(w.key).startswith("case_open_id"))


def fill_deviation_case(at):
    at.text_input(key=case_field(at)).input("AV26460003").run()     # another case, by number
    assert at.query_params["id"] == "AV26460003"
    fill_everything(at, skip=(case_field(at),), submit=False)       # the investigation, not saved


def fill_urgent_case(at):
    at.button(key="urg_to_normal_btn").click().run()                # "Til normal": its form opens
    fill_everything(at, skip=(case_field(at),))


def fill_board(at):
    at.text_input(key="board_q").input("rull")
    at.multiselect(key="board_kinds").select("deviation")
    at.selectbox(key="board_size").set_value(25)
    at.selectbox(key="board_sort").set_value("title")
    at.toggle(key="board_desc").set_value(False)
    at.toggle(key="board_reveal").set_value(True).run()
    at.checkbox(key="board_export_person").check().run()
    at.button(key="board_next").click().run()
    assert at.session_state["board_model"].page == 2 and at.query_params.get("q") == "rull"


def fill_dashboard(at):
    at.date_input(key="dash_from").set_value(date(2026, 1, 1))
    at.radio(key="dash_grain").set_value("week")
    at.multiselect(key="dash_types").select("reklamation")
    at.toggle(key="certdash_show").set_value(True).run()


def fill_org_report(prefix: str):
    def fill(at):
        at.selectbox(key=f"org_{prefix}_unit_id").set_value("site-1020")
        at.radio(key=f"org_{prefix}_patient_harmed").set_value(True)
        at.date_input(key=f"org_{prefix}_occurred_date").set_value(date(2026, 11, 18))
        fill_everything(at)
    return fill


def fill_org_cases(at):
    at.radio(key="org_list_scope").set_value("all")
    at.selectbox(key="org_list_status").set_value("closed").run()


def refused_without_key(at, form: str, label: str = "Namn på svenska") -> None:
    """A form whose widgets have no key, sent with one field only: refused, and the text stays
    on the page — held by Streamlit under a generated id, which st.session_state does not list."""
    def field():
        return next(w for w in at.text_input if w.label == label and w.form_id == form and w.key is None)

    field().input(MARK)
    next(b for b in at.button if b.form_id == form).click().run()
    assert at.error and field().value == MARK


def fill_org_admin(at):
    fill_everything(at)
    at.selectbox(key="org_holder_user_forum").set_value("chef").run()
    refused_without_key(at, "org_node_form_new", "Namn på svenska *")


def fill_patient(at):
    at.text_input(key="certp_raw").input(PNR)
    click(at, "Sök")
    at.selectbox(key="certp_type").set_value("lisjp").run()
    assert "Tolvansson" in texts(at)


def fill_certificate(at):
    fill_everything(at, submit=False)            # consent, a reason to void: neither sent
    click(at, "Skriv ut")                        # the PDF is made and offered for download
    assert at.download_button(key=f"cert_{SIGNED_CERTIFICATE}_pdf__btn")


def fill_cert_rights(at):
    at.selectbox(key="certa_user").set_value("lakare2").run()
    at.selectbox(key="certa_unit").set_value("site-1020")
    fill_everything(at)


def fill_fk(at):
    at.radio(key="certfk_kind").set_value(QuestionKind.COMPLETION)
    at.selectbox(key="certfk_topic").set_value("meeting")
    fill_everything(at)


def fill_urgent_list(at):
    fill_everything(at)
    at.button(key="urg_filter_set").click().run()
    assert at.query_params.get("filter") == "urgent"


def fill_new_urgent(at):
    at.selectbox(key="urg_new_contact_type").set_value(ContactType.TENANT)
    at.date_input(key="urg_new_damage_date").set_value(date(2026, 11, 19))
    fill_everything(at)


def fill_new_claim(at):
    """URG-13 Ny sag."""
    at.selectbox(key="claim_new_contact_type").set_value(ContactType.OWNER)
    at.date_input(key="claim_new_damage_date").set_value(date(2026, 11, 19))
    fill_everything(at)


def fill_claim_case(at):
    """URG-16/17: a reason typed and its question open (the reason is held for the dialog)."""
    click(at, "Afvis")
    at.text_area(key="claim_reason_rejected__0").input(MARK)
    click(at, "Fortsæt")
    assert any("4711" in m.value for m in at.markdown)        # the question holds the reason


def fill_urgent_report(at):
    at.number_input(key="urg_rep_periods").set_value(30).run()


def fill_urgent_admin(at):
    from logic.urgent import services

    db = app_db()
    insurer = services.administered_insurers(db, users.load_user(db, "forsikring"))[0]["id"]
    offices = [o["office_id"] for o in services.offices(db, insurer)]
    at.selectbox(key="urg_admin_office").set_value(offices[-1]).run()
    fill_everything(at)


def grid_edit(at, key: str, edited: dict, added: list | None = None) -> None:
    """Unsaved edits in a master-data grid (ADM-2): held in the session until saved."""
    at.session_state[key] = {"edited_rows": edited, "added_rows": added or [], "deleted_rows": []}
    at.run()


def fill_admin(at):
    at.multiselect(key="new_user_roles").select(users.Role.REPORTER)
    fill_everything(at)
    grid_edit(at, "md_grid_categories_0", {"0": {"name_sv": MARK}})       # the categories grid, unsaved
    select_row(at, "admin_users_grid", list(at.dataframe[0].value["Användarnamn"]).index("reporter2"))
    at.text_input(key="reset_pw_reporter2").input(MARK)
    at.run()


def fill_access_log(at):
    at.text_input(key="access_log_pid").input(PNR)
    click(at, "Sök")
    assert at.dataframe, texts(at)


def fill_masterdata(at):
    grid_edit(at, "md_grid_units_0", {"0": {"name": MARK}}, [{"id": "x-mark", "name": MARK, "kind": "org_unit"}])
    assert at.button(key="md_save_units").label.endswith("(2)")


def fill_import(at):
    at.selectbox(key="imp_kind").set_value("users").run()


def fill_export(at):
    at.button(key="xfer_export").click().run()        # ADM-11: the export's result is the session's
    assert at.get("download_button"), texts(at)


@dataclass(frozen=True)
class PageCase:
    page: str
    user: str
    fill: Callable[[AppTest], None]
    query: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        name = self.page.removeprefix("pages/").removesuffix(".py")
        return f"{name}-{self.query['id']}" if self.query else name


PAGE_CASES = [
    PageCase("app.py", "reporter", fill_start),
    PageCase("pages/10_Ny_avvikelse.py", "reporter", fill_wizard),
    PageCase("pages/11_Mina_avvikelser.py", "reporter", fill_my_deviations),
    PageCase("pages/12_Arende.py", "handlaggare", fill_deviation_case, {"id": "AV26460002"}),
    PageCase("pages/12_Arende.py", "oresund", fill_urgent_case, {"id": "AKUT-26-0004"}),
    PageCase("pages/13_Mottagare.py", "reporter", fill_recipient),
    PageCase("pages/14_Individkort.py", "reporter", fill_individual_card),
    PageCase("pages/15_Dina_uppgifter.py", "reporter", fill_my_details),
    PageCase("pages/20_Arenden.py", "handlaggare", fill_board),
    PageCase("pages/21_Rapporter.py", "analytiker", fill_dashboard),
    PageCase("pages/30_Org_avvikelse.py", "reporter", fill_org_report("org")),
    PageCase("pages/31_Org_arenden.py", "chef", fill_org_cases),
    PageCase("pages/32_Vardavvikelse.py", "reporter", fill_org_report("care")),
    PageCase("pages/39_Org_admin.py", "admin", fill_org_admin),
    PageCase("pages/40_Intyg.py", "lakare", fill_patient),
    PageCase("pages/41_Intyg_utkast.py", "lakare", fill_certificate, {"id": SIGNED_CERTIFICATE}),
    PageCase("pages/42_Arbetslistor.py", "lakare", fill_everything),
    PageCase("pages/48_Intygsbehorighet.py", "admin", fill_cert_rights),
    PageCase("pages/49_FK_simulator.py", "admin", fill_fk),
    PageCase("pages/50_Akutsager.py", "forsikring", fill_urgent_list),
    PageCase("pages/51_Ny_akutsag.py", "partner2", fill_new_urgent),
    PageCase("pages/53_Ny_sag.py", "forsikring", fill_new_claim),
    PageCase("pages/12_Arende.py", "forsikring", fill_claim_case, {"id": "NL-2026-1003"}),
    PageCase("pages/52_Akutrapport.py", "forsikring", fill_urgent_report),
    PageCase("pages/59_Akut_admin.py", "forsikring", fill_urgent_admin),
    PageCase("pages/90_Admin.py", "admin", fill_admin),
    PageCase("pages/91_Atkomstlogg.py", "granskare", fill_access_log),
    PageCase("pages/92_Grunddata.py", "admin", fill_masterdata),
    PageCase("pages/93_Import.py", "admin", fill_import),
    PageCase("pages/94_Export.py", "admin", fill_export),
]
# Pages that take no input of their own (the sidebar's language choice is tested on app.py):
NO_INPUT = {"pages/33_Org_statistik.py": "charts only",
            "pages/80_Meddelanden.py": "opening, paging and 'mark all as read' only: nothing typed"}


def test_x1_every_page_is_in_the_session_table():
    pages = {"app.py"} | {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")}
    assert pages == {c.page for c in PAGE_CASES} | set(NO_INPUT)


def end_session(at: AppTest, how: str, username: str) -> None:
    if how == "logout":
        at.sidebar.button(key="shell_logout_button").click().run()
    elif how == "idle":
        at.session_state["_last_seen"] = time.time() - (users.IDLE_TIMEOUT_MINUTES * 60 + 5)
        at.run()
    else:           # refused: the account is deactivated while its session is open
        with app_db().tx() as tx:
            tx.execute("UPDATE users SET active = false WHERE username = ?", [username])
        at.run()


def fresh_session(case: PageCase, username: str) -> dict:
    """What the second user sees on the page in a browser tab of his own, reached the same
    way (the page's login form, then the page), with the database as it is now."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    go(at, case.page, {})
    login_form(at, username)
    return snapshot(go(at, case.page, case.query))


@pytest.mark.parametrize("how", ENDINGS)
@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: c.id)
def test_x1_asvs_v3_nothing_of_a_session_outlives_it(open_page, demo_db_path, case, how):
    """ASVS V3 (X-1): the first user fills the page and his session ends (logout, 30 idle
    minutes, or his login refused); the next user logs in in the same tab and finds the page
    exactly as a fresh session of his own shows it."""
    second = clone_user(demo_db_path, case.user)
    at = open_page(case.page, case.user, case.query)
    assert not at.exception, at.exception
    case.fill(at)
    assert not at.exception, at.exception
    filled = snapshot(at)

    end_session(at, how, case.user)
    assert not at.exception, at.exception
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]
    left = leftovers(at)
    assert left == {}, "session data outlived the session"
    assert at.query_params == {}

    login_form(at, second)
    after = snapshot(go(at, case.page, case.query))
    fresh = fresh_session(case, second)
    assert filled["widgets"] != fresh["widgets"] or filled["state"] != fresh["state"], \
        "the first user's input must show somewhere, or this test proves nothing"
    assert after["widgets"] == fresh["widgets"]
    assert after["state"] == fresh["state"]
    assert after["query"] == fresh["query"]
    assert after["texts"] == fresh["texts"]


def test_x1_asvs_v3_the_wizard_forgets_the_patient_at_logout(open_page, demo_db_path):
    """The issue's case: `reporter` types 191212121212 in Ny avvikelse step 1 and logs out;
    `reporter2` logs in in the same tab: the wizard is his, empty."""
    at = open_page("pages/10_Ny_avvikelse.py", "reporter")
    fill_wizard(at)
    at.sidebar.button(key="shell_logout_button").click().run()
    login_form(at, "reporter2", "casedesk-demo")
    at.run()
    assert not at.exception, at.exception
    state = dict(at.session_state.items())
    assert PNR not in repr(state) and "Rita Rapportör" not in repr(state) and "Tolvan" not in repr(state)
    assert state["dev_contact_name"] == "Rolf Rapportör"
    assert state.get("dev_path") is None and "dev_found" not in state
    assert at.radio(key="dev_path").value is None
    assert not [w for w in at.text_input if w.key == "dev_recipient_id"]
    assert PNR not in texts(at) and "Tolvan" not in texts(at)


def test_x1_asvs_v3_a_void_cookie_clears_what_the_session_holds(open_page, demo_db_path, monkeypatch):
    """A cookie issued before its user's logout is refused, and the session it arrives in keeps
    nothing (not even what a page put there before the login was asked for)."""
    from ui import context, shell

    issued = time.time() - 60
    users.revoke_sessions(app_db(), SystemClock(), "reporter", time.time())
    settings = context.cookie_settings()
    token = jwt.encode({"username": "reporter", "exp_date": issued + settings["cookie_expiry_days"] * 86400},
                       settings["cookie_key"], algorithm="HS256")
    monkeypatch.setattr(shell, "_cookie_token", lambda: token)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["dev_recipient_id"] = PNR
    at.session_state["board_q"] = "rullstol"
    at.query_params["q"] = "rullstol"
    at.run()
    assert not at.exception, at.exception
    assert [w.label for w in at.text_input] == ["Användarnamn", "Lösenord"]
    assert not at.session_state["authentication_status"]
    left = leftovers(at)
    assert left == {} and at.query_params == {}
    login_form(at, "reporter2", "casedesk-demo")
    assert at.session_state["username"] == "reporter2"

