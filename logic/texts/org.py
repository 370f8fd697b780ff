"""Texts of organisational and care deviations (ORG). Swedish wording follows seed 002;
English alongside; Danish falls back to Swedish (ORG screens are Swedish-region screens)."""


def _(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


TEXTS = {
    # navigation, start-page entries (ORG-1), role
    "nav.org_report": _("Rapportera org. avvikelse", "Report organisational deviation"),
    "nav.care_report": _("Rapportera vårdavvikelse", "Report care deviation"),
    "nav.org_cases": _("Org. avvikelser", "Organisational deviations"),
    "nav.org_admin": _("Avvikelsetrappa och klassificering", "Escalation ladder and classification"),
    # ORG-1: the tiles read "Miljön" / "Patienten" with the seed's wording beneath
    # (a long link label is cut off in a three-column row).
    "entry.org": _("Miljön", "Environment"),
    "entry.org_help": _(
        "Rapportera avvikelse gällande säkerhet, miljö och organisation — här rapporteras bland annat "
        "försäkringsmedicinska avvikelser: välj Verksamhet/organisation → Försäkringsmedicin.",
        "Report a deviation on safety, environment and organisation — among others insurance-medicine "
        "deviations: choose Operations/organisation → Insurance medicine."),
    "entry.care": _("Patienten", "Patient"),
    "entry.care_help": _("Rapportera vårdavvikelse — när en patient drabbats av eller riskerat att "
                         "drabbas av en vårdskada.",
                         "Report a care deviation — when a patient suffered, or risked, a care injury."),
    "role.org_ladder": _("Eskaleringsnivå försäkringsmedicin (kommitté, forum, samverkansgrupp)",
                         "Insurance-medicine escalation level (committee, forum, group)"),
    # kinds, statuses, levels
    "org.kind": _("Typ", "Kind"),
    "org.kind.org": _("Organisatorisk avvikelse", "Organisational deviation"),
    "org.kind.care": _("Vårdavvikelse", "Care deviation"),
    "org.status": _("Status", "Status"),
    "org.status.open": _("Under handläggning", "Being handled"),
    "org.status.learning": _("Löst – lyft i lärande syfte", "Resolved – lifted for learning"),
    "org.status.closed": _("Avslutad", "Closed"),
    "care.status.open": _("Under handläggning", "Being handled"),
    "care.status.learning": _("Löst – lyft i lärande syfte", "Resolved – lifted for learning"),
    "care.status.closed": _("Avslutad", "Closed"),
    "org.level": _("Nivå", "Level"),
    "org.level.manager": _("Chef", "Manager"),
    "org.level.committee": _("Försäkringsmedicinska kommittén", "Insurance-medicine committee"),
    "org.level.forum": _("Avvikelseforum", "Deviation forum (Avvikelseforum)"),
    "org.level.group": _("Försäkringsmedicinska samverkansgruppen", "Insurance-medicine collaboration group"),
    "org.arrival.routed": _("Till närmaste chef", "To the nearest manager"),
    "org.arrival.routed_self": _("Till rapportören själv (chef)", "To the reporter (a manager)"),
    "org.arrival.forwarded": _("Skickad vidare", "Forwarded"),
    "org.arrival.unresolved": _("Lyft – olöst", "Lifted – unresolved"),
    "org.arrival.learning": _("Lyft i lärande syfte", "Lifted for learning"),
    "org.arrival.reassigned": _("Ny innehavare av nivån", "New holder of the level"),
    "org.decision": _("Beslut", "Decision"),
    "org.decision.forward": _("Skickad till annan chef", "Forwarded to another manager"),
    "org.decision.escalate": _("Lyft till nästa nivå", "Lifted to the next level"),
    "org.decision.learning": _("Löst, lyft i lärande syfte", "Resolved, lifted for learning"),
    "org.decision.close": _("Avslutad", "Closed"),
    "org.decision.reassigned": _("Överlämnad till ny innehavare", "Handed to the new holder"),
    "org.affected": _("Vem drabbades?", "Who was affected?"),
    "org.affected.patient": _("Patient", "Patient"),
    "org.affected.staff": _("Medarbetare", "Staff"),
    "org.affected.organisation": _("Organisationen/verksamheten", "The organisation"),
    "org.party": _("Berörd samverkanspart", "Collaboration party involved"),
    "org.party.forsakringskassan": _("Försäkringskassan", "Försäkringskassan (social insurance agency)"),
    "org.party.arbetsformedlingen": _("Arbetsförmedlingen", "Arbetsförmedlingen (employment service)"),
    "org.party.other": _("Annan", "Other"),
    "org.party.none": _("Ingen samverkanspart", "No collaboration party"),
    # the report form
    "org.title_report": _("Rapportera avvikelse gällande säkerhet, miljö och organisation",
                          "Report a deviation on safety, environment and organisation"),
    "org.title_care": _("Rapportera vårdavvikelse", "Report a care deviation"),
    "org.no_units": _("Du är inte kopplad till någon enhet. Kontakta administratören.",
                      "You belong to no unit. Contact the administrator."),
    "org.unit_id": _("Din enhet", "Your unit"),
    "org.unit_help": _("Du tillhör flera enheter — välj den som avvikelsen gäller. Rapporten går till enhetens närmaste chef.",
                       "You belong to several units — choose the one this concerns. The report goes to its nearest manager."),
    "org.routes_to": _("Rapporten går till din närmaste chef: {name}.", "The report goes to your nearest manager: {name}."),
    "org.routes_to_self": _("Du är chef för enheten — rapporten går till dig själv.",
                            "You are the unit's manager — the report comes to you."),
    "org.classify": _("Klassificering", "Classification"),
    "org.guidance_insurance": _(
        "Försäkringsmedicinsk avvikelse? Välj **Verksamhet/organisation** som drabbat område och "
        "**Försäkringsmedicin** som typ av organisatorisk brist. Rapportera vid brister i följsamhet "
        "till försäkringsmedicinska styrande dokument, beteende, samarbete med berörda aktörer, "
        "patientsäkerhet, tillgänglighet eller den regionala överenskommelsen mellan regionen, "
        "Arbetsförmedlingen och Försäkringskassan. Har en patient drabbats av en vårdskada behövs "
        "också en vårdavvikelse — formuläret erbjuder att skapa den.",
        "An insurance-medicine deviation? Choose **Operations/organisation** as the affected area and "
        "**Insurance medicine** as the type of deficiency. Report deficiencies in adherence to "
        "insurance-medicine governing documents, behaviour, collaboration with other actors, patient "
        "safety, accessibility or the regional agreement between the region, Arbetsförmedlingen and "
        "Försäkringskassan. If a patient suffered a care injury a care deviation is needed too — the "
        "form offers to create it."),
    "org.area": _("Vilket övergripande område har drabbats?", "Which overall area was affected?"),
    "org.deficiency": _("Vilken typ av organisatorisk brist har inträffat?", "What type of organisational deficiency occurred?"),
    "org.linked_area": _("Område för den länkade avvikelsen", "Area of the linked deviation"),
    "org.linked_deficiency": _("Typ för den länkade avvikelsen", "Type of the linked deviation"),
    "org.event": _("Händelsen", "The event"),
    "org.title": _("Rubrik", "Title"),
    "org.title_help": _("Kort, t.ex. Läkarintyg saknades vid avstämningsmöte", "Short, e.g. Certificate missing at the meeting"),
    "org.what_happened": _("Vad hände?", "What happened?"),
    "org.what_happened_help": _("Beskriv händelsen, vad som gick fel och vad som gjordes. Skriv inte patientens namn eller personnummer.",
                                "Describe the event, what went wrong and what was done. Do not write the patient's name or identity number."),
    "org.occurred_date": _("Datum för händelsen", "Date of the event"),
    "org.occurred_time": _("Klockslag (om känt)", "Time (if known)"),
    "org.location": _("Var hände det?", "Where did it happen?"),
    "org.location_help": _("T.ex. mottagningen, avstämningsmöte, telefon", "E.g. the clinic, a meeting, by phone"),
    "org.party_other": _("Vilken annan samverkanspart?", "Which other party?"),
    "org.patient_harmed": _("Har en patient drabbats av vårdskada?", "Was a patient harmed (care injury)?"),
    "org.harm_description": _("Hur drabbades patienten?", "How was the patient harmed?"),
    "org.create_linked": _("Registrera även den länkade avvikelsen", "Also register the linked deviation"),
    "org.create_linked.care": _("Ja, registrera även en vårdavvikelse, länkad till denna",
                                "Yes, also register a care deviation, linked to this one"),
    "org.create_linked.org": _("Ja, registrera även en avvikelse gällande säkerhet, miljö och organisation, länkad till denna",
                               "Yes, also register a safety, environment and organisation deviation, linked to this one"),
    "org.linked_offer.org": _(
        "När en patient drabbats av en vårdskada ska två avvikelser göras: en vårdavvikelse och en "
        "avvikelse gällande säkerhet, miljö och organisation. Vårdavvikelsen kan registreras här och "
        "länkas till denna.",
        "When a patient suffered a care injury two deviations are needed: a care deviation and one on "
        "safety, environment and organisation. The care deviation can be registered here, linked to this one."),
    "org.linked_offer.care": _(
        "När en patient drabbats av en vårdskada med organisatorisk orsak (t.ex. försäkringsmedicin) ska "
        "även en avvikelse gällande säkerhet, miljö och organisation göras. Den kan registreras här och "
        "länkas till denna.",
        "When a care injury has an organisational cause (e.g. insurance medicine) a safety, environment "
        "and organisation deviation is needed too. It can be registered here, linked to this one."),
    "org.submit": _("Skicka avvikelsen", "Submit the deviation"),
    "org.fix_fields": _("Avvikelsen är inte skickad: rätta fälten som är markerade ovan. Inget av det du skrivit har försvunnit.",
                        "Not submitted: correct the fields marked above. Nothing you typed is lost."),
    "org.receipt": _("Din avvikelse är nu registrerad.", "Your deviation is now registered."),
    "org.receipt_number.org": _("Organisatorisk avvikelse {case_id}", "Organisational deviation {case_id}"),
    "org.receipt_number.care": _("Vårdavvikelse {case_id}", "Care deviation {case_id}"),
    "org.receipt_linked.org": _("Länkad organisatorisk avvikelse {case_id}", "Linked organisational deviation {case_id}"),
    "org.receipt_linked.care": _("Länkad vårdavvikelse {case_id}", "Linked care deviation {case_id}"),
    "org.receipt_to": _("Rapporten har skickats till din närmaste chef, {name}. Du får meddelanden när den lämnas vidare och när den avslutas.",
                        "The report went to your nearest manager, {name}. You get messages when it is handed on and when it is closed."),
    "org.receipt_to_self": _("Du är chef för enheten: avvikelsen ligger hos dig.", "You manage the unit: the deviation is with you."),
    "org.new": _("Rapportera en ny avvikelse", "Report another deviation"),
    # refusals and field errors
    "org.unit_not_yours": _("Du tillhör inte den enheten.", "You do not belong to that unit."),
    "org.no_manager": _("Enheten har ingen chef i enhetsträdet — kontakta administratören.",
                        "The unit has no manager in the unit tree — contact the administrator."),
    "org.area_invalid": _("Välj ett område från listan.", "Choose an area from the list."),
    "org.deficiency_not_in_area": _("Typen hör inte till det valda området.", "The type does not belong to the chosen area."),
    "org.in_future": _("Datumet kan inte ligga i framtiden.", "The date cannot be in the future."),
    "org.harm_needs_patient": _("En patient har drabbats — ange Patient bland de drabbade.",
                                "A patient was harmed — include Patient among those affected."),
    "org.link_needs_harm": _("En länkad avvikelse skapas bara när en patient drabbats.",
                             "A linked deviation is created only when a patient was harmed."),
    "org.closed": _("Ärendet är avslutat.", "The case is closed."),
    "org.not_handler": _("Ärendet hanteras av {holder}. Du kan läsa det men inte ändra det.",
                         "The case is handled by {holder}. You may read it but not change it."),
    "org.read_only": _("Du kan följa ärendet här; det hanteras av den som har det.",
                       "You can follow the case here; its holder handles it."),
    "org.forward_only_manager": _("Bara på chefsnivå kan ärendet skickas till en annan chef.",
                                  "Only at manager level can the case go to another manager."),
    "org.already_resolved": _("Ärendet är redan löst.", "The case is already resolved."),
    "org.no_ladder": _("Eskaleringstrappan gäller inte den här typen av avvikelse.",
                       "The escalation ladder does not apply to this type of deviation."),
    "org.top_of_ladder": _("Ärendet är redan på översta nivån.", "The case is already at the top level."),
    "org.no_holder": _("Ingen är utsedd för {level} — kontakta administratören.",
                       "Nobody holds {level} — contact the administrator."),
    "org.no_holder_short": _("(ingen utsedd)", "(nobody assigned)"),
    "org.forward_to_holder": _("Ärendet ligger redan hos den chefen.", "The case is already with that manager."),
    "org.not_a_manager": _("Välj en aktiv chef.", "Choose an active manager."),
    "org.holder_needs_role": _("Användaren behöver rollen Chef eller Eskaleringsnivå försäkringsmedicin.",
                               "The user needs the Manager or Insurance-medicine escalation level role."),
    "org.bad_code": _("1–40 tecken: a–z, siffror och understreck.", "1–40 characters: a–z, digits and underscore."),
    "org.parent_not_area": _("Välj ett område (inte en typ) som överordnad.", "Choose an area (not a type) as parent."),
    "org.area_has_types": _("Området har typer under sig och kan inte bli en typ.", "The area has types and cannot become a type."),
    "org.type_stays_type": _("En typ kan inte göras om till ett område.", "A type cannot become an area."),
    "org.number_exhausted": _("Veckans nummerserie är slut.", "This week's number series is exhausted."),
    # the case page
    "org.handler": _("Handläggs av", "Handled by"),
    "org.reported": _("Rapporterad", "Reported"),
    "org.updated": _("Senast ändrad", "Last changed"),
    "org.reporter": _("Rapportör", "Reporter"),
    "org.routed_unit": _("Chefens enhet", "Manager's unit"),
    "org.linked_case.org": _("Länkad organisatorisk avvikelse {case_id}", "Linked organisational deviation {case_id}"),
    "org.linked_case.care": _("Länkad vårdavvikelse {case_id}", "Linked care deviation {case_id}"),
    "org.outcome": _("Utfall", "Outcome"),
    "org.ladder": _("Eskaleringstrappan", "Escalation ladder"),
    "org.passed": _("passerad", "passed"),
    "org.here": _("ärendet är här", "the case is here"),
    "org.not_reached": _("ej nådd", "not reached"),
    "org.ladder_not_applicable": _("gäller inte", "not applicable"),
    "org.ladder_not_applicable_long": _("Eskaleringstrappan gäller försäkringsmedicinska avvikelser; den här typen hanteras av chef.",
                                        "The ladder applies to insurance-medicine deviations; this type is handled by managers."),
    "org.details": _("Uppgifter", "Details"),
    "org.steps": _("Nivåer och beslut", "Levels and decisions"),
    "org.arrived": _("Kom in", "Arrived"),
    "org.arrival": _("Varför", "Why"),
    "org.reason": _("Motivering", "Reason"),
    "org.decided_by": _("Beslutat av", "Decided by"),
    "org.decided_at": _("När", "When"),
    "org.pending": _("väntar", "pending"),
    "org.contacts": _("Kontakter med samverkanspart", "Contacts with the collaboration party"),
    "org.no_contacts": _("Inga kontakter registrerade.", "No contacts recorded."),
    "org.contact_tab": _("Kontakt med samverkanspart", "Contact with the party"),
    "org.contact_party": _("Samverkanspart", "Party"),
    "org.contact_role": _("Vem kontaktades?", "Who was contacted?"),
    "org.contact_role_help": _("T.ex. berörd försäkringsutredare, enhetens kontaktperson, chef", "E.g. the responsible insurance investigator"),
    "org.contacted_on": _("Datum", "Date"),
    "org.contact_outcome": _("Resultat av kontakten", "Outcome of the contact"),
    "org.recorded_by": _("Registrerad av", "Recorded by"),
    "org.add_contact": _("Spara kontakt", "Save contact"),
    "org.contact_guidance": _(
        "Gäller avvikelsen samverkan med Försäkringskassan: kontakta i första hand den berörda "
        "försäkringsutredaren. Går den inte att lösa där tas ärendet vidare inom myndigheten enligt "
        "överenskommen eskaleringsplan. Gäller det bemötande är det en chef-till-chef-fråga mellan "
        "organisationerna; kontaktuppgifter till berörd chef får du via myndigheternas utsedda "
        "kontaktpersoner. Andra generella avvikelser som rör Försäkringskassan tas med vårdenhetens "
        "kontaktperson på Försäkringskassan. Avvikelsen ska tas upp på enhetsmöte.",
        "If it concerns collaboration with Försäkringskassan, first contact the responsible insurance "
        "investigator; if it cannot be resolved there it goes on within the agency per the agreed "
        "escalation plan. Behaviour is a manager-to-manager matter between the organisations; the "
        "agencies' appointed contact persons give you the manager's contact details. Other general "
        "matters go to the care unit's contact person at Försäkringskassan. The deviation shall be "
        "taken up at a unit meeting."),
    "org.unit_meeting": _("Enhetsmöte", "Unit meeting"),
    "org.unit_meeting_on": _("Taget upp på enhetsmöte (datum)", "Taken up at the unit meeting (date)"),
    "org.unit_meeting_note": _("Anteckning från enhetsmötet", "Note from the unit meeting"),
    "org.unit_meeting_missing": _("Obs: avvikelsen ska tas upp på enhetsmöte — inget datum är registrerat ännu.",
                                  "Note: the deviation shall be taken up at a unit meeting — no date recorded yet."),
    "org.handle": _("Hantera", "Handle"),
    "org.decide": _("Beslut", "Decision"),
    "org.do.forward": _("Skicka till annan chef", "Forward to another manager"),
    "org.do.escalate": _("Lyft till nästa nivå (olöst)", "Lift to the next level (unresolved)"),
    "org.do.learning": _("Löst – lyft i lärande syfte", "Resolved – lift for learning"),
    "org.do.close": _("Lös och avsluta", "Resolve and close"),
    "org.forward_to": _("Till chef", "To manager"),
    "org.lift_to": _("Ärendet lyfts till {level}: {name}.", "The case is lifted to {level}: {name}."),
    "org.reason_input": _("Motivering", "Reason"),
    "org.learning_reason": _("Varför är avvikelsen av principiell betydelse? (valfritt)",
                             "Why is it of principled importance? (optional)"),
    "org.outcome_input": _("Utfall — vad kom ni fram till?", "Outcome — what was concluded?"),
    "org.outcome_help": _("Rapportören får utfallet i ett meddelande.", "The reporter gets the outcome in a message."),
    "org.done.forward": _("Ärendet är skickat till den andra chefen.", "The case went to the other manager."),
    "org.done.escalate": _("Ärendet är lyft till nästa nivå.", "The case was lifted to the next level."),
    "org.done.learning": _("Ärendet är löst och lyft i lärande syfte.", "The case is resolved and lifted for learning."),
    "org.done.close": _("Ärendet är avslutat. Rapportören har fått utfallet.", "The case is closed. The reporter has the outcome."),
    "org.done.contact": _("Kontakten är registrerad.", "The contact is recorded."),
    "org.done.meeting": _("Enhetsmötet är registrerat.", "The unit meeting is recorded."),
    # the list page
    "org.cases_title": _("Organisatoriska avvikelser och vårdavvikelser", "Organisational and care deviations"),
    "org.scope": _("Visa", "Show"),
    "org.scope.waiting": _("Väntar på mig", "Waiting for me"),
    "org.scope.mine": _("Rapporterade av mig", "Reported by me"),
    "org.scope.all": _("Alla jag får se", "All I may see"),
    "org.any": _("Alla", "All"),
    "org.hits": _("{n} ärenden", "{n} cases"),
    "org.number": _("Nummer", "Number"),
    "org.none": _("Inga ärenden.", "No cases."),
    # admin
    "org.admin_title": _("Avvikelsetrappa och klassificering", "Escalation ladder and classification"),
    "org.admin.ladder": _("Eskaleringstrappan", "Escalation ladder"),
    "org.admin.ladder_help": _(
        "Vem som tar emot ärenden på varje nivå ovanför chefen. Byter du innehavare flyttas öppna "
        "ärenden på nivån till den nya. Innehavaren behöver rollen Chef eller Eskaleringsnivå försäkringsmedicin.",
        "Who receives cases at each level above the manager. A new holder takes over the level's open "
        "cases. The holder needs the Manager or Insurance-medicine escalation level role."),
    "org.admin.holder": _("Innehavare", "Holder"),
    "org.admin.holder_title": _("Uppdrag (t.ex. ordförande)", "Capacity (e.g. chair)"),
    "org.admin.saved": _("Sparat. {n} öppna ärenden flyttades till den nya innehavaren.",
                         "Saved. {n} open cases moved to the new holder."),
    "org.admin.tree": _("Klassificering", "Classification"),
    "org.admin.tree_help": _("Områden och typer av organisatoriska brister (ORG-2). Nya noder syns direkt i formulären; avaktiverade visas inte längre.",
                             "Areas and types of deficiency (ORG-2). New nodes show in the forms at once; inactive ones no longer do."),
    "org.admin.entry": _("Ingång", "Entry"),
    "org.admin.entry_help": _("Vilken ingång på startsidan området hör till (typer ärver sitt områdes).",
                              "Which start-page entry the area belongs to (types inherit their area's)."),
    "org.admin.code": _("Kod", "Code"),
    "org.admin.code_help": _("Fast nyckel, a–z, siffror och understreck.", "Fixed key: a–z, digits, underscore."),
    "org.admin.parent": _("Hör till område", "Belongs to area"),
    "org.admin.is_area": _("— är ett område —", "— is an area —"),
    "org.admin.sort": _("Ordning", "Order"),
    "org.admin.guidance": _("Vägledning", "Guidance"),
    "org.admin.ladder_flag": _("Eskaleringstrappan gäller", "Escalation ladder applies"),
    "org.admin.ladder_flag_help": _("Försäkringsmedicinska typer kan lyftas till kommittén, forumet och samverkansgruppen.",
                                    "Insurance-medicine types can be lifted to the committee, forum and group."),
    "org.admin.active": _("Aktiv", "Active"),
    "org.admin.edit": _("Ändra nod", "Edit node"),
    "org.admin.new_node": _("— ny nod —", "— new node —"),
}
