"""Reading one certificate: as the user may see it (with its decisions) and its PDF (CERT-10)."""
from __future__ import annotations


from logic import audit
from logic.access import PermissionDenied, User, deny
from logic.board import present
from logic.cases import open_for_reading
from logic.certificates import rules
from logic.certificates.model import CertAction, QuestionKind
from logic.certificates.services._common import _content
from logic.certificates.services._state import _decisions, _state, _touch
from logic.clock import Clock
from logic.errors import Refused
from logic.store import certificates_repo as repo
from logic.store.db import Database


def get_certificate(db: Database, clock: Clock, user: User, case_id: str, *,
                    unit_id: str | None = None, log_view: bool = True) -> dict:
    """The certificate as the user may see it, with the effective status, what is missing,
    its questions and a decision (allowed or the reason) for every action."""
    _touch(db, clock, case_id)
    with db.read() as r:
        # one rule (permissions.reach) for the case page, the board and its search: the CERT-2
        # prerequisites for reading are part of it; a case the user may not open is answered
        # like one that does not exist
        row, may_see_person = open_for_reading(r, user, case_id, repo.certificate)
        questions = repo.questions(r, case_id)
        now = clock.now()
        state = _state(row, now, questions)
        row["effective_status"] = state.status.value
        row["errors"] = state.errors
        row["decisions"] = _decisions(r, user, row, state, unit_id)
        # the status machine's own answer per action (rules.RULES: rule_replace, rule_void,
        # rule_ask, ...), before this user's permission narrows it into `decisions`: which actions
        # this certificate offers at all — the case view shows those, enabled as `decisions` say
        row["offers"] = {action: rule(state) for action, rule in rules.RULES.items()}
        row["lock_day"] = rules.lock_day(row["created_at"])
        # CERT-8: signing does not send this one (a type sent automatically); it goes on paper
        row["paper_only"] = rules.paper_only(state.cert_type, state.patient)
        row["questions"] = questions if may_see_person else []
        # CERT-13: a version that completes another shows the completion requests it answers
        row["completion_requests"] = [q for q in repo.questions(r, row["completes"])
                                      if q["kind"] == QuestionKind.COMPLETION.value] \
            if may_see_person and row.get("completes") else []
    row["content"] = _content(row) if may_see_person else {}
    row["person_visible"] = may_see_person
    if may_see_person:
        if log_view:
            audit.log_person_view(db, clock, user.username, row["patient_id"], case_id, "view_certificate")
    else:
        for key in ("patient_id", "patient_name", "person_id", "person_name"):
            row[key] = None
    key = present.analyst_key(db, user, row)
    if key is not None:                 # analysts: the staff pseudonymised too
        present.pseudonymise(row, key)
    return row


def print_certificate(db: Database, clock: Clock, user: User, case_id: str, *, lang: str = "sv",
                      tz: str = "Europe/Stockholm") -> bytes:
    """CERT-10: the PDF (personal identity number, no name; UTKAST on a draft), built in
    memory and never stored. Printing shows the patient's identity, so it is logged."""
    from logic.certificates.pdf import certificate_pdf

    cert = get_certificate(db, clock, user, case_id, log_view=False)
    if not cert["person_visible"]:
        raise PermissionDenied(deny("cert.not_on_unit"))
    decision = cert["decisions"][CertAction.PRINT]
    if not decision:
        raise Refused(decision.reason, **decision.params)
    audit.log_person_view(db, clock, user.username, cert["patient_id"], case_id, "print_certificate")
    return certificate_pdf(cert, lang, tz)
