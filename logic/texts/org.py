"""Texts of organisational and care deviations (ORG). Swedish wording follows seed 002;
English alongside; Danish for a Danish user (any user may choose Danish in the sidebar)."""


def _(sv: str, en: str, da: str | None = None) -> dict[str, str]:
    out = {"sv": sv, "en": en}
    if da:
        out["da"] = da
    return out


TEXTS = {
    # navigation, start-page entries (ORG-1), role
    "nav.org_report": _("Rapportera org. avvikelse", "Report organisational deviation",
                        "Indberet org. afvigelse"),
    "nav.care_report": _("Rapportera vårdavvikelse", "Report care deviation",
                         "Indberet behandlingsafvigelse"),
    "nav.org_cases": _("Org. avvikelser", "Organisational deviations", "Org. afvigelser"),
    "nav.org_admin": _("Org. avvikelser – admin", "Organisational deviations – admin",
                       "Org. afvigelser – admin"),
    # ORG-1: the tiles read "Miljön" / "Patienten" with the seed's wording beneath
    # (a long link label is cut off in a three-column row).
    "entry.org": _("Miljön", "Environment", "Miljøet"),
    "entry.org_help": _(
        "Rapportera avvikelse gällande säkerhet, miljö och organisation — här rapporteras bland annat "
        "försäkringsmedicinska avvikelser: välj Verksamhet/organisation → Försäkringsmedicin.",
        "Report a deviation on safety, environment and organisation — among others insurance-medicine "
        "deviations: choose Operations/organisation → Insurance medicine.",
        "Indberet en afvigelse vedrørende sikkerhed, miljø og organisation — her indberettes bl.a. "
        "forsikringsmedicinske afvigelser: vælg Virksomhed/organisation → Forsikringsmedicin."),
    "entry.care": _("Patienten", "Patient", "Patienten"),
    "entry.care_help": _("Rapportera vårdavvikelse — när en patient drabbats av eller riskerat att "
                         "drabbas av en vårdskada.",
                         "Report a care deviation — when a patient suffered, or risked, a care injury.",
                         "Indberet en behandlingsafvigelse — når en patient har lidt eller kunne have "
                         "lidt en behandlingsskade."),
    "role.org_ladder": _("Eskaleringsnivå försäkringsmedicin (kommitté, forum, samverkansgrupp)",
                         "Insurance-medicine escalation level (committee, forum, group)",
                         "Eskaleringsniveau forsikringsmedicin (komité, forum, samarbejdsgruppe)"),
    # kinds, statuses, levels
    "org.kind": _("Typ", "Kind", "Type"),
    "org.kind.org": _("Organisatorisk avvikelse", "Organisational deviation", "Organisatorisk afvigelse"),
    "org.kind.care": _("Vårdavvikelse", "Care deviation", "Behandlingsafvigelse"),
    "org.status": _("Status", "Status", "Status"),
    "org.status.open": _("Under handläggning", "Being handled", "Under behandling"),
    "org.status.learning": _("Löst – lyft i lärande syfte", "Resolved – lifted for learning",
                             "Løst – løftet med henblik på læring"),
    "org.status.closed": _("Avslutad", "Closed", "Afsluttet"),
    "care.status.open": _("Under handläggning", "Being handled", "Under behandling"),
    "care.status.learning": _("Löst – lyft i lärande syfte", "Resolved – lifted for learning",
                              "Løst – løftet med henblik på læring"),
    "care.status.closed": _("Avslutad", "Closed", "Afsluttet"),
    "org.level": _("Nivå", "Level", "Niveau"),
    "org.level.manager": _("Chef", "Manager", "Leder"),
    "org.level.committee": _("Försäkringsmedicinska kommittén", "Insurance-medicine committee",
                             "Den forsikringsmedicinske komité"),
    "org.level.forum": _("Avvikelseforum", "Deviation forum (Avvikelseforum)",
                         "Afvigelsesforum (Avvikelseforum)"),
    "org.level.group": _("Försäkringsmedicinska samverkansgruppen", "Insurance-medicine collaboration group",
                         "Den forsikringsmedicinske samarbejdsgruppe"),
    "org.arrival.routed": _("Till närmaste chef", "To the nearest manager", "Til nærmeste leder"),
    "org.arrival.routed_self": _("Till rapportören själv (chef)", "To the reporter (a manager)",
                                 "Til indberetteren selv (leder)"),
    "org.arrival.forwarded": _("Skickad vidare", "Forwarded", "Sendt videre"),
    "org.arrival.unresolved": _("Lyft – olöst", "Lifted – unresolved", "Løftet – uløst"),
    "org.arrival.learning": _("Lyft i lärande syfte", "Lifted for learning", "Løftet med henblik på læring"),
    "org.arrival.reassigned": _("Ny innehavare av nivån", "New holder of the level",
                                "Ny indehaver af niveauet"),
    "org.decision": _("Beslut", "Decision", "Beslutning"),
    "org.decision.forward": _("Skickad till annan chef", "Forwarded to another manager",
                              "Sendt til en anden leder"),
    "org.decision.escalate": _("Lyft till nästa nivå", "Lifted to the next level", "Løftet til næste niveau"),
    "org.decision.learning": _("Löst, lyft i lärande syfte", "Resolved, lifted for learning",
                               "Løst, løftet med henblik på læring"),
    "org.decision.close": _("Avslutad", "Closed", "Afsluttet"),
    "org.decision.reassigned": _("Överlämnad till ny innehavare", "Handed to the new holder",
                                 "Overdraget til ny indehaver"),
    "org.affected": _("Vem drabbades?", "Who was affected?", "Hvem blev ramt?"),
    "org.affected.patient": _("Patient", "Patient", "Patient"),
    "org.affected.staff": _("Medarbetare", "Staff", "Medarbejder"),
    "org.affected.organisation": _("Organisationen/verksamheten", "The organisation",
                                   "Organisationen/virksomheden"),
    "org.party": _("Berörd samverkanspart", "Collaboration party involved", "Berørt samarbejdspart"),
    "org.party.forsakringskassan": _("Försäkringskassan", "Försäkringskassan (social insurance agency)",
                                     "Försäkringskassan (den svenske socialforsikringsmyndighed)"),
    "org.party.arbetsformedlingen": _("Arbetsförmedlingen", "Arbetsförmedlingen (employment service)",
                                      "Arbetsförmedlingen (den svenske arbejdsformidling)"),
    "org.party.other": _("Annan", "Other", "Anden"),
    "org.party.none": _("Ingen samverkanspart", "No collaboration party", "Ingen samarbejdspart"),
    # the report form
    "org.title_report": _("Rapportera avvikelse gällande säkerhet, miljö och organisation",
                          "Report a deviation on safety, environment and organisation",
                          "Indberet en afvigelse vedrørende sikkerhed, miljø og organisation"),
    "org.title_care": _("Rapportera vårdavvikelse", "Report a care deviation",
                        "Indberet en behandlingsafvigelse"),
    "org.no_units": _("Du är inte kopplad till någon enhet. Kontakta administratören.",
                      "You belong to no unit. Contact the administrator.",
                      "Du er ikke tilknyttet nogen enhed. Kontakt administratoren."),
    "org.unit_id": _("Din enhet", "Your unit", "Din enhed"),
    "org.unit_help": _("Du tillhör flera enheter — välj den som avvikelsen gäller. Rapporten går till enhetens närmaste chef.",
                       "You belong to several units — choose the one this concerns. The report goes to its nearest manager.",
                       "Du hører til flere enheder — vælg den, som afvigelsen gælder. Indberetningen går "
                       "til enhedens nærmeste leder."),
    "org.routes_to": _("Rapporten går till din närmaste chef: {name}.", "The report goes to your nearest manager: {name}.",
                       "Indberetningen går til din nærmeste leder: {name}."),
    "org.routes_to_self": _("Du är chef för enheten — rapporten går till dig själv.",
                            "You are the unit's manager — the report comes to you.",
                            "Du er leder for enheden — indberetningen går til dig selv."),
    "org.classify": _("Klassificering", "Classification", "Klassifikation"),
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
        "form offers to create it.",
        "Forsikringsmedicinsk afvigelse? Vælg **Virksomhed/organisation** som ramt område og "
        "**Forsikringsmedicin** som type af organisatorisk mangel. Indberet ved manglende efterlevelse af "
        "forsikringsmedicinske styrende dokumenter, adfærd, samarbejde med berørte aktører, "
        "patientsikkerhed, tilgængelighed eller den regionale aftale mellem regionen, Arbetsförmedlingen "
        "og Försäkringskassan. Har en patient lidt en behandlingsskade, skal der også laves en "
        "behandlingsafvigelse — formularen tilbyder at oprette den."),
    "org.area": _("Vilket övergripande område har drabbats?", "Which overall area was affected?",
                  "Hvilket overordnet område er ramt?"),
    "org.deficiency": _("Vilken typ av organisatorisk brist har inträffat?", "What type of organisational deficiency occurred?",
                        "Hvilken type organisatorisk mangel er der tale om?"),
    "org.linked_area": _("Område för den länkade avvikelsen", "Area of the linked deviation",
                         "Område for den sammenkædede afvigelse"),
    "org.linked_deficiency": _("Typ för den länkade avvikelsen", "Type of the linked deviation",
                               "Type for den sammenkædede afvigelse"),
    "org.event": _("Händelsen", "The event", "Hændelsen"),
    "org.title": _("Rubrik", "Title", "Overskrift"),
    "org.title_help": _("Kort, t.ex. Läkarintyg saknades vid avstämningsmöte", "Short, e.g. Certificate missing at the meeting",
                        "Kort, fx Lægeerklæring manglede ved afstemningsmøde"),
    "org.what_happened": _("Vad hände?", "What happened?", "Hvad skete der?"),
    "org.what_happened_help": _("Beskriv händelsen, vad som gick fel och vad som gjordes. Skriv inte patientens namn eller personnummer.",
                                "Describe the event, what went wrong and what was done. Do not write the patient's name or identity number.",
                                "Beskriv hændelsen, hvad der gik galt, og hvad der blev gjort. Skriv ikke "
                                "patientens navn eller personnummer."),
    "org.occurred_date": _("Datum för händelsen", "Date of the event", "Dato for hændelsen"),
    "org.occurred_time": _("Klockslag (om känt)", "Time (if known)", "Klokkeslæt (hvis kendt)"),
    "org.location": _("Var hände det?", "Where did it happen?", "Hvor skete det?"),
    "org.location_help": _("T.ex. mottagningen, avstämningsmöte, telefon", "E.g. the clinic, a meeting, by phone",
                           "Fx i klinikken, ved et afstemningsmøde, i telefonen"),
    "org.party_other": _("Vilken annan samverkanspart?", "Which other party?",
                         "Hvilken anden samarbejdspart?"),
    "org.patient_harmed": _("Har en patient drabbats av vårdskada?", "Was a patient harmed (care injury)?",
                            "Har en patient lidt en behandlingsskade?"),
    "org.harm_description": _("Hur drabbades patienten?", "How was the patient harmed?",
                              "Hvordan blev patienten ramt?"),
    "org.create_linked": _("Registrera även den länkade avvikelsen", "Also register the linked deviation",
                           "Registrer også den sammenkædede afvigelse"),
    "org.create_linked.care": _("Ja, registrera även en vårdavvikelse, länkad till denna",
                                "Yes, also register a care deviation, linked to this one",
                                "Ja, registrer også en behandlingsafvigelse, sammenkædet med denne"),
    "org.create_linked.org": _("Ja, registrera även en avvikelse gällande säkerhet, miljö och organisation, länkad till denna",
                               "Yes, also register a safety, environment and organisation deviation, linked to this one",
                               "Ja, registrer også en afvigelse vedrørende sikkerhed, miljø og "
                               "organisation, sammenkædet med denne"),
    "org.linked_offer.org": _(
        "När en patient drabbats av en vårdskada ska två avvikelser göras: en vårdavvikelse och en "
        "avvikelse gällande säkerhet, miljö och organisation. Vårdavvikelsen kan registreras här och "
        "länkas till denna.",
        "When a patient suffered a care injury two deviations are needed: a care deviation and one on "
        "safety, environment and organisation. The care deviation can be registered here, linked to this one.",
        "Når en patient har lidt en behandlingsskade, skal der laves to afvigelser: en "
        "behandlingsafvigelse og en afvigelse vedrørende sikkerhed, miljø og organisation. "
        "Behandlingsafvigelsen kan registreres her og kædes sammen med denne."),
    "org.linked_offer.care": _(
        "När en patient drabbats av en vårdskada med organisatorisk orsak (t.ex. försäkringsmedicin) ska "
        "även en avvikelse gällande säkerhet, miljö och organisation göras. Den kan registreras här och "
        "länkas till denna.",
        "When a care injury has an organisational cause (e.g. insurance medicine) a safety, environment "
        "and organisation deviation is needed too. It can be registered here, linked to this one.",
        "Når en patient har lidt en behandlingsskade med en organisatorisk årsag (fx forsikringsmedicin), "
        "skal der også laves en afvigelse vedrørende sikkerhed, miljø og organisation. Den kan "
        "registreres her og kædes sammen med denne."),
    "org.submit": _("Skicka avvikelsen", "Submit the deviation", "Send afvigelsen"),
    "org.fix_fields": _("Avvikelsen är inte skickad: rätta fälten som är markerade ovan. Inget av det du skrivit har försvunnit.",
                        "Not submitted: correct the fields marked above. Nothing you typed is lost.",
                        "Afvigelsen er ikke sendt: ret de felter, der er markeret ovenfor. Intet af det, "
                        "du har skrevet, er gået tabt."),
    "org.receipt": _("Din avvikelse är nu registrerad.", "Your deviation is now registered.",
                     "Din afvigelse er nu registreret."),
    "org.receipt_number.org": _("Organisatorisk avvikelse {case_id}", "Organisational deviation {case_id}",
                                "Organisatorisk afvigelse {case_id}"),
    "org.receipt_number.care": _("Vårdavvikelse {case_id}", "Care deviation {case_id}",
                                 "Behandlingsafvigelse {case_id}"),
    "org.receipt_linked.org": _("Länkad organisatorisk avvikelse {case_id}", "Linked organisational deviation {case_id}",
                                "Sammenkædet organisatorisk afvigelse {case_id}"),
    "org.receipt_linked.care": _("Länkad vårdavvikelse {case_id}", "Linked care deviation {case_id}",
                                 "Sammenkædet behandlingsafvigelse {case_id}"),
    "org.receipt_to": _("Rapporten har skickats till din närmaste chef, {name}. Du får meddelanden när den lämnas vidare och när den avslutas.",
                        "The report went to your nearest manager, {name}. You get messages when it is handed on and when it is closed.",
                        "Indberetningen er sendt til din nærmeste leder, {name}. Du får besked, når den "
                        "sendes videre, og når den afsluttes."),
    "org.receipt_to_self": _("Du är chef för enheten: avvikelsen ligger hos dig.", "You manage the unit: the deviation is with you.",
                             "Du er leder for enheden: afvigelsen ligger hos dig."),
    "org.new": _("Rapportera en ny avvikelse", "Report another deviation", "Indberet en ny afvigelse"),
    # refusals and field errors
    "org.unit_not_yours": _("Du tillhör inte den enheten.", "You do not belong to that unit.",
                            "Du hører ikke til den enhed."),
    "org.no_manager": _("Enheten har ingen chef i enhetsträdet — kontakta administratören.",
                        "The unit has no manager in the unit tree — contact the administrator.",
                        "Enheden har ingen leder i enhedstræet — kontakt administratoren."),
    "org.area_invalid": _("Välj ett område från listan.", "Choose an area from the list.",
                          "Vælg et område fra listen."),
    "org.deficiency_not_in_area": _("Typen hör inte till det valda området.", "The type does not belong to the chosen area.",
                                    "Typen hører ikke til det valgte område."),
    "org.in_future": _("Datumet kan inte ligga i framtiden.", "The date cannot be in the future.",
                       "Datoen kan ikke ligge i fremtiden."),
    "org.harm_needs_patient": _("En patient har drabbats — ange Patient bland de drabbade.",
                                "A patient was harmed — include Patient among those affected.",
                                "En patient er blevet ramt — angiv Patient blandt de ramte."),
    "org.link_needs_harm": _("En länkad avvikelse skapas bara när en patient drabbats.",
                             "A linked deviation is created only when a patient was harmed.",
                             "En sammenkædet afvigelse oprettes kun, når en patient er blevet ramt."),
    "org.closed": _("Ärendet är avslutat.", "The case is closed.", "Sagen er afsluttet."),
    "org.not_handler": _("Ärendet hanteras av {holder}. Du kan läsa det men inte ändra det.",
                         "The case is handled by {holder}. You may read it but not change it.",
                         "Sagen behandles af {holder}. Du kan læse den, men ikke ændre den."),
    "org.read_only": _("Du kan följa ärendet här; det hanteras av den som har det.",
                       "You can follow the case here; its holder handles it.",
                       "Du kan følge sagen her; den behandles af den, der har den."),
    "org.forward_only_manager": _("Bara på chefsnivå kan ärendet skickas till en annan chef.",
                                  "Only at manager level can the case go to another manager.",
                                  "Kun på lederniveau kan sagen sendes til en anden leder."),
    "org.already_resolved": _("Ärendet är redan löst.", "The case is already resolved.",
                              "Sagen er allerede løst."),
    "org.no_ladder": _("Eskaleringstrappan gäller inte den här typen av avvikelse.",
                       "The escalation ladder does not apply to this type of deviation.",
                       "Eskaleringstrappen gælder ikke for denne type afvigelse."),
    "org.top_of_ladder": _("Ärendet är redan på översta nivån.", "The case is already at the top level.",
                           "Sagen er allerede på øverste niveau."),
    "org.no_holder": _("Ingen är utsedd för {level} — kontakta administratören.",
                       "Nobody holds {level} — contact the administrator.",
                       "Ingen er udpeget til {level} — kontakt administratoren."),
    "org.no_holder_short": _("(ingen utsedd)", "(nobody assigned)", "(ingen udpeget)"),
    "org.forward_to_holder": _("Ärendet ligger redan hos den chefen.", "The case is already with that manager.",
                               "Sagen ligger allerede hos den leder."),
    "org.not_a_manager": _("Välj en aktiv chef.", "Choose an active manager.", "Vælg en aktiv leder."),
    "org.holder_needs_role": _("Användaren behöver rollen Chef eller Eskaleringsnivå försäkringsmedicin.",
                               "The user needs the Manager or Insurance-medicine escalation level role.",
                               "Brugeren skal have rollen Leder eller Eskaleringsniveau forsikringsmedicin."),
    "org.bad_code": _("1–40 tecken: a–z, siffror och understreck.", "1–40 characters: a–z, digits and underscore.",
                      "1–40 tegn: a–z, cifre og understregning."),
    "org.parent_not_area": _("Välj ett område (inte en typ) som överordnad.", "Choose an area (not a type) as parent.",
                             "Vælg et område (ikke en type) som overordnet."),
    "org.area_has_types": _("Området har typer under sig och kan inte bli en typ.", "The area has types and cannot become a type.",
                            "Området har typer under sig og kan ikke blive en type."),
    "org.type_stays_type": _("En typ kan inte göras om till ett område.", "A type cannot become an area.",
                             "En type kan ikke laves om til et område."),
    "org.number_exhausted": _("Veckans nummerserie är slut.", "This week's number series is exhausted.",
                              "Ugens nummerserie er opbrugt."),
    # the case page
    "org.handler": _("Handläggs av", "Handled by", "Behandles af"),
    "org.reported": _("Rapporterad", "Reported", "Indberettet"),
    "org.updated": _("Senast ändrad", "Last changed", "Senest ændret"),
    "org.reporter": _("Rapportör", "Reporter", "Indberetter"),
    "org.routed_unit": _("Chefens enhet", "Manager's unit", "Lederens enhed"),
    "org.reporter_unit": _("Rapportörens enhet", "Reporter's unit", "Indberetterens enhed"),
    "org.col.deficiency": _("Typ av brist", "Type of deficiency", "Type af mangel"),
    "org.col.area": _("Område", "Area", "Område"),
    "org.linked_case.org": _("Länkad organisatorisk avvikelse {case_id}", "Linked organisational deviation {case_id}",
                             "Sammenkædet organisatorisk afvigelse {case_id}"),
    "org.linked_case.care": _("Länkad vårdavvikelse {case_id}", "Linked care deviation {case_id}",
                              "Sammenkædet behandlingsafvigelse {case_id}"),
    "org.outcome": _("Utfall", "Outcome", "Resultat"),
    "org.ladder": _("Eskaleringstrappan", "Escalation ladder", "Eskaleringstrappen"),
    "org.passed": _("passerad", "passed", "passeret"),
    "org.here": _("ärendet är här", "the case is here", "sagen er her"),
    "org.not_reached": _("ej nådd", "not reached", "ikke nået"),
    "org.ladder_not_applicable": _("gäller inte", "not applicable", "gælder ikke"),
    "org.ladder_not_applicable_long": _("Eskaleringstrappan gäller försäkringsmedicinska avvikelser; den här typen hanteras av chef.",
                                        "The ladder applies to insurance-medicine deviations; this type is handled by managers.",
                                        "Eskaleringstrappen gælder forsikringsmedicinske afvigelser; "
                                        "denne type behandles af lederen."),
    "org.details": _("Uppgifter", "Details", "Oplysninger"),
    "org.steps": _("Nivåer och beslut", "Levels and decisions", "Niveauer og beslutninger"),
    "org.arrived": _("Kom in", "Arrived", "Modtaget"),
    "org.arrival": _("Varför", "Why", "Hvorfor"),
    "org.reason": _("Motivering", "Reason", "Begrundelse"),
    "org.decided_by": _("Beslutat av", "Decided by", "Besluttet af"),
    "org.decided_at": _("När", "When", "Hvornår"),
    "org.pending": _("väntar", "pending", "venter"),
    "org.contacts": _("Kontakter med samverkanspart", "Contacts with the collaboration party",
                      "Kontakter med samarbejdspart"),
    "org.no_contacts": _("Inga kontakter registrerade.", "No contacts recorded.",
                         "Ingen kontakter registreret."),
    "org.contact_tab": _("Kontakt med samverkanspart", "Contact with the party",
                         "Kontakt med samarbejdspart"),
    "org.contact_party": _("Samverkanspart", "Party", "Samarbejdspart"),
    "org.contact_role": _("Vem kontaktades?", "Who was contacted?", "Hvem blev kontaktet?"),
    "org.contact_role_help": _("T.ex. berörd försäkringsutredare, enhetens kontaktperson, chef", "E.g. the responsible insurance investigator",
                               "Fx den ansvarlige forsikringsudreder, enhedens kontaktperson, leder"),
    "org.contacted_on": _("Datum", "Date", "Dato"),
    "org.contact_outcome": _("Resultat av kontakten", "Outcome of the contact", "Resultat af kontakten"),
    "org.recorded_by": _("Registrerad av", "Recorded by", "Registreret af"),
    "org.add_contact": _("Spara kontakt", "Save contact", "Gem kontakt"),
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
        "taken up at a unit meeting.",
        "Gælder afvigelsen samarbejdet med Försäkringskassan, så kontakt i første omgang den ansvarlige "
        "forsikringsudreder. Kan sagen ikke løses dér, går den videre i myndigheden efter den aftalte "
        "eskaleringsplan. Gælder det adfærd, er det et spørgsmål mellem lederne i de to organisationer; "
        "kontaktoplysninger på den berørte leder får du via myndighedernes udpegede kontaktpersoner. "
        "Andre generelle afvigelser, der vedrører Försäkringskassan, tages med behandlingsenhedens "
        "kontaktperson hos Försäkringskassan. Afvigelsen skal tages op på et enhedsmøde."),
    "org.unit_meeting": _("Enhetsmöte", "Unit meeting", "Enhedsmøde"),
    "org.unit_meeting_on": _("Taget upp på enhetsmöte (datum)", "Taken up at the unit meeting (date)",
                             "Taget op på enhedsmøde (dato)"),
    "org.unit_meeting_note": _("Anteckning från enhetsmötet", "Note from the unit meeting",
                               "Notat fra enhedsmødet"),
    "org.unit_meeting_missing": _("Obs: avvikelsen ska tas upp på enhetsmöte — inget datum är registrerat ännu.",
                                  "Note: the deviation shall be taken up at a unit meeting — no date recorded yet.",
                                  "Bemærk: afvigelsen skal tages op på et enhedsmøde — der er endnu ikke "
                                  "registreret nogen dato."),
    "org.handle": _("Hantera", "Handle", "Behandl"),
    "org.decide": _("Beslut", "Decision", "Beslutning"),
    "org.do.forward": _("Skicka till annan chef", "Forward to another manager", "Send til en anden leder"),
    "org.do.escalate": _("Lyft till nästa nivå (olöst)", "Lift to the next level (unresolved)",
                         "Løft til næste niveau (uløst)"),
    "org.do.learning": _("Löst – lyft i lärande syfte", "Resolved – lift for learning",
                         "Løst – løft med henblik på læring"),
    "org.do.close": _("Lös och avsluta", "Resolve and close", "Løs og afslut"),
    "org.forward_to": _("Till chef", "To manager", "Til leder"),
    "org.lift_to": _("Ärendet lyfts till {level}: {name}.", "The case is lifted to {level}: {name}.",
                     "Sagen løftes til {level}: {name}."),
    "org.reason_input": _("Motivering", "Reason", "Begrundelse"),
    "org.learning_reason": _("Varför är avvikelsen av principiell betydelse? (valfritt)",
                             "Why is it of principled importance? (optional)",
                             "Hvorfor har afvigelsen principiel betydning? (valgfrit)"),
    "org.outcome_input": _("Utfall — vad kom ni fram till?", "Outcome — what was concluded?",
                           "Resultat — hvad kom I frem til?"),
    "org.outcome_help": _("Rapportören får utfallet i ett meddelande.", "The reporter gets the outcome in a message.",
                          "Indberetteren får resultatet i en besked."),
    "org.done.forward": _("Ärendet är skickat till den andra chefen.", "The case went to the other manager.",
                          "Sagen er sendt til den anden leder."),
    "org.done.escalate": _("Ärendet är lyft till nästa nivå.", "The case was lifted to the next level.",
                           "Sagen er løftet til næste niveau."),
    "org.done.learning": _("Ärendet är löst och lyft i lärande syfte.", "The case is resolved and lifted for learning.",
                           "Sagen er løst og løftet med henblik på læring."),
    "org.done.close": _("Ärendet är avslutat. Rapportören har fått utfallet.", "The case is closed. The reporter has the outcome.",
                        "Sagen er afsluttet. Indberetteren har fået resultatet."),
    "org.done.contact": _("Kontakten är registrerad.", "The contact is recorded.",
                          "Kontakten er registreret."),
    "org.done.meeting": _("Enhetsmötet är registrerat.", "The unit meeting is recorded.",
                          "Enhedsmødet er registreret."),
    # the list page
    "org.cases_title": _("Organisatoriska avvikelser och vårdavvikelser", "Organisational and care deviations",
                         "Organisatoriske afvigelser og behandlingsafvigelser"),
    "org.scope": _("Visa", "Show", "Vis"),
    "org.scope.waiting": _("Väntar på mig", "Waiting for me", "Venter på mig"),
    "org.scope.mine": _("Rapporterade av mig", "Reported by me", "Indberettet af mig"),
    "org.scope.all": _("Alla jag får se", "All I may see", "Alle, jeg må se"),
    "org.any": _("Alla", "All", "Alle"),
    "org.hits": _("{n} ärenden", "{n} cases", "{n} sager"),
    "org.number": _("Nummer", "Number", "Nummer"),
    "org.none": _("Inga ärenden.", "No cases.", "Ingen sager."),
    # statistics
    "nav.org_stats": _("Org. avvikelser – statistik", "Organisational deviations – statistics",
                       "Org. afvigelser – statistik"),
    "org.stats_title": _("Organisatoriska avvikelser och vårdavvikelser – statistik",
                         "Organisational and care deviations – statistics",
                         "Organisatoriske afvigelser og behandlingsafvigelser – statistik"),
    "org.stats.name": _("Namn", "Name", "Navn"),
    "org.stats.cases": _("Ärenden", "Cases", "Sager"),
    "org.stats.open": _("Öppna", "Open", "Åbne"),
    "org.stats.by_area": _("Per drabbat område", "By affected area", "Pr. ramt område"),
    "org.stats.by_deficiency": _("Per typ av brist", "By type of deficiency", "Pr. type af mangel"),
    "org.stats.by_level": _("Högsta nivå som nåtts", "Highest level reached", "Højeste niveau nået"),
    "org.stats.days": _("Tid på varje nivå", "Time at each level", "Tid på hvert niveau"),
    "org.stats.steps": _("Gånger", "Times", "Gange"),
    "org.stats.waiting": _("Väntar nu", "Waiting now", "Venter nu"),
    "org.stats.avg_days": _("Medel (dagar)", "Average (days)", "Gennemsnit (dage)"),
    "org.stats.median_days": _("Median (dagar)", "Median (days)", "Median (dage)"),
    "org.stats.max_days": _("Längst (dagar)", "Longest (days)", "Længst (dage)"),
    "org.stats.day_unit": _("dagar", "days", "dage"),
    "org.stats.days_help": _("Från att ärendet kom till nivån tills nivån fattade beslut; ärenden som väntar räknas fram till nu.",
                             "From arrival at the level until its decision; waiting cases count until now.",
                             "Fra sagen kom til niveauet, til niveauet traf beslutning; ventende sager "
                             "tælles frem til nu."),
    # admin
    "org.admin_title": _("Avvikelsetrappa och klassificering", "Escalation ladder and classification",
                         "Afvigelsestrappe og klassifikation"),
    "org.admin.ladder": _("Eskaleringstrappan", "Escalation ladder", "Eskaleringstrappen"),
    "org.admin.ladder_help": _(
        "Vem som tar emot ärenden på varje nivå ovanför chefen. Byter du innehavare flyttas öppna "
        "ärenden på nivån till den nya. Innehavaren behöver rollen Chef eller Eskaleringsnivå försäkringsmedicin.",
        "Who receives cases at each level above the manager. A new holder takes over the level's open "
        "cases. The holder needs the Manager or Insurance-medicine escalation level role.",
        "Hvem der modtager sager på hvert niveau over lederen. Skifter du indehaver, flyttes åbne sager "
        "på niveauet til den nye. Indehaveren skal have rollen Leder eller Eskaleringsniveau "
        "forsikringsmedicin."),
    "org.admin.holder": _("Innehavare", "Holder", "Indehaver"),
    "org.admin.holder_title": _("Uppdrag (t.ex. ordförande)", "Capacity (e.g. chair)", "Hverv (fx formand)"),
    "org.admin.saved": _("Sparat. {n} öppna ärenden flyttades till den nya innehavaren.",
                         "Saved. {n} open cases moved to the new holder.",
                         "Gemt. {n} åbne sager blev flyttet til den nye indehaver."),
    "org.admin.tree": _("Klassificering", "Classification", "Klassifikation"),
    "org.admin.tree_help": _("Områden och typer av organisatoriska brister (ORG-2). Nya noder syns direkt i formulären; avaktiverade visas inte längre.",
                             "Areas and types of deficiency (ORG-2). New nodes show in the forms at once; inactive ones no longer do.",
                             "Områder og typer af organisatoriske mangler (ORG-2). Nye noder vises straks "
                             "i formularerne; deaktiverede vises ikke længere."),
    "org.admin.entry": _("Ingång", "Entry", "Indgang"),
    "org.admin.entry_help": _("Vilken ingång på startsidan området hör till (typer ärver sitt områdes).",
                              "Which start-page entry the area belongs to (types inherit their area's).",
                              "Hvilken indgang på startsiden området hører til (typer arver deres områdes)."),
    "org.admin.code": _("Kod", "Code", "Kode"),
    "org.admin.code_help": _("Fast nyckel, a–z, siffror och understreck.", "Fixed key: a–z, digits, underscore.",
                             "Fast nøgle: a–z, cifre og understregning."),
    "org.admin.parent": _("Hör till område", "Belongs to area", "Hører til område"),
    "org.admin.is_area": _("— är ett område —", "— is an area —", "— er et område —"),
    "org.admin.sort": _("Ordning", "Order", "Rækkefølge"),
    "org.admin.guidance": _("Vägledning", "Guidance", "Vejledning"),
    "org.admin.ladder_flag": _("Eskaleringstrappan gäller", "Escalation ladder applies",
                               "Eskaleringstrappen gælder"),
    "org.admin.ladder_flag_help": _("Försäkringsmedicinska typer kan lyftas till kommittén, forumet och samverkansgruppen.",
                                    "Insurance-medicine types can be lifted to the committee, forum and group.",
                                    "Forsikringsmedicinske typer kan løftes til komitéen, forummet og "
                                    "samarbejdsgruppen."),
    "org.admin.active": _("Aktiv", "Active", "Aktiv"),
    "org.admin.edit": _("Ändra nod", "Edit node", "Ret node"),
    "org.admin.new_node": _("— ny nod —", "— new node —", "— ny node —"),
}
