"""Texts of the export, the restore and the empty start (ADM-11, ADM-12, ADM-13)."""


def _(sv: str, en: str, da: str) -> dict[str, str]:
    return {"sv": sv, "en": en, "da": da}


TEXTS = {
    "nav.export": _("Export och återläsning", "Export and restore", "Eksport og gendannelse"),
    # ADM-11 export
    "xfer.export_title": _("Exportera allt", "Export everything", "Eksportér alt"),
    "xfer.export_help": _(
        "En zip-fil med varje tabell som Parquet och CSV (UTF-8, semikolon) och ett manifest med antal rader "
        "och kontrollsummor. Exporten innehåller personnummer: varje nummer skrivs i åtkomstloggen och "
        "exporten i säkerhetsloggen. Den sparas också i mappen exports bredvid databasen.",
        "One zip file with every table as Parquet and CSV (UTF-8, semicolons) and a manifest with row counts "
        "and checksums. The export holds personal identity numbers: each number goes into the access log and "
        "the export into the security log. It is also kept in the exports folder next to the database.",
        "En zip-fil med hver tabel som Parquet og CSV (UTF-8, semikolon) og et manifest med antal rækker og "
        "kontrolsummer. Eksporten indeholder personnumre: hvert nummer skrives i adgangsloggen og eksporten "
        "i sikkerhedsloggen. Den gemmes også i mappen exports ved siden af databasen."),
    "xfer.export_button": _("Skapa export", "Create the export", "Opret eksport"),
    "xfer.exporting": _("Exporterar …", "Exporting …", "Eksporterer …"),
    "xfer.exported": _("Exporten är klar: {tables} tabeller, {rows} rader, {persons} personnummer loggade.",
                       "The export is ready: {tables} tables, {rows} rows, {persons} identity numbers logged.",
                       "Eksporten er klar: {tables} tabeller, {rows} rækker, {persons} personnumre logget."),
    "xfer.download": _("Ladda ner exporten", "Download the export", "Hent eksporten"),
    "xfer.left_out_title": _("Det här är inte med", "What is left out", "Det her er ikke med"),
    "xfer.col.table": _("Tabell", "Table", "Tabel"),
    "xfer.col.rows": _("Rader", "Rows", "Rækker"),
    "xfer.col.what": _("Vad", "What", "Hvad"),
    "xfer.col.why": _("Varför", "Why", "Hvorfor"),
    "xfer.left_out.derived": _("Härlett från ärendena (ärendelistans och sökningens index); byggs om vid "
                               "återläsning.",
                               "Derived from the cases (the case board's and search's index); rebuilt on restore.",
                               "Afledt af sagerne (sagslistens og søgningens indeks); genopbygges ved gendannelse."),
    "xfer.left_out.secret": _("Nyckeln bakom analytikernas pseudonymer. Den nya installationen har en egen, så "
                              "pseudonymerna blir andra där.",
                              "The key behind analysts' pseudonyms. The new installation has its own, so the "
                              "pseudonyms differ there.",
                              "Nøglen bag analytikernes pseudonymer. Den nye installation har sin egen, så "
                              "pseudonymerne bliver nogle andre dér."),
    "xfer.left_out.sessions": _("Inloggningar i den här installationen; dess kakor gäller ingen annanstans.",
                                "Logins of this installation; its cookies are valid nowhere else.",
                                "Logins i denne installation; dens cookies gælder ingen andre steder."),
    "xfer.left_out.schema": _("Databasens schema; migreringarna står i manifestet.",
                              "The database schema; the migrations are listed in the manifest.",
                              "Databasens skema; migreringerne står i manifestet."),
    "xfer.left_out.password_hash": _("Lösenord exporteras aldrig: användarna kommer tillbaka utan lösenord.",
                                     "Passwords are never exported: users come back without a password.",
                                     "Adgangskoder eksporteres aldrig: brugerne kommer tilbage uden adgangskode."),
    "xfer.left_out.secrets_file": _("Inget ur .streamlit/secrets.toml (kaknyckel, katalogtjänstens inloggning).",
                                    "Nothing from .streamlit/secrets.toml (cookie key, directory login).",
                                    "Intet fra .streamlit/secrets.toml (cookie-nøgle, katalogtjenestens login)."),
    # ADM-12 restore
    "xfer.restore_title": _("Läs tillbaka en export", "Restore an export", "Gendan en eksport"),
    "xfer.restore_help": _(
        "Läser in en export från casedesk i den här tomma installationen, allt i en transaktion. Användarna "
        "kommer tillbaka utan lösenord: ge dem nya under Administration, eller låt dem logga in via "
        "katalogtjänsten. Du behåller ditt konto och lösenord. Större filer än uppladdningsgränsen: "
        "python -m logic.transfer restore EXPORT.zip --db NY.duckdb.",
        "Loads an export from casedesk into this empty installation, all in one transaction. Users come back "
        "without passwords: give them new ones under Administration, or let them log in through the "
        "directory. You keep your account and password. Files larger than the upload limit: "
        "python -m logic.transfer restore EXPORT.zip --db NEW.duckdb.",
        "Indlæser en eksport fra casedesk i denne tomme installation, alt i én transaktion. Brugerne kommer "
        "tilbage uden adgangskode: giv dem nye under Administration, eller lad dem logge ind via "
        "katalogtjenesten. Du beholder din konto og adgangskode. Filer større end upload-grænsen: "
        "python -m logic.transfer restore EKSPORT.zip --db NY.duckdb."),
    "xfer.restore_only_empty": _(
        "En export kan bara läsas tillbaka i en tom installation (inga ärenden och inga andra användare än "
        "du). Starta en tom med make run DEMO=0 DB=data/ny.duckdb.",
        "An export can only be restored into an empty installation (no cases and no users but you). Start "
        "an empty one with make run DEMO=0 DB=data/new.duckdb.",
        "En eksport kan kun gendannes i en tom installation (ingen sager og ingen andre brugere end dig). "
        "Start en tom med make run DEMO=0 DB=data/ny.duckdb."),
    "xfer.restore_file": _("Exportfil (.zip)", "Export file (.zip)", "Eksportfil (.zip)"),
    "xfer.restore_button": _("Läs tillbaka", "Restore", "Gendan"),
    "xfer.restoring": _("Läser tillbaka …", "Restoring …", "Gendanner …"),
    "xfer.export_of": _("Export gjord {created_at} av {created_by} (casedesk {version}): {tables} tabeller, "
                        "{rows} rader.",
                        "Export made {created_at} by {created_by} (casedesk {version}): {tables} tables, "
                        "{rows} rows.",
                        "Eksport lavet {created_at} af {created_by} (casedesk {version}): {tables} tabeller, "
                        "{rows} rækker."),
    "xfer.restored": _("Återläst: {tables} tabeller, {rows} rader. Ärendelistan och sökningen är ombyggda.",
                       "Restored: {tables} tables, {rows} rows. The case board and search are rebuilt.",
                       "Gendannet: {tables} tabeller, {rows} rækker. Sagslisten og søgningen er genopbygget."),
    "xfer.without_password": _(
        "{n} användare har inget lösenord ({users}): ge dem nya under Administration, eller låt dem logga in "
        "via katalogtjänsten.",
        "{n} users have no password ({users}): give them new ones under Administration, or let them log in "
        "through the directory.",
        "{n} brugere har ingen adgangskode ({users}): giv dem nye under Administration, eller lad dem logge "
        "ind via katalogtjenesten."),
    "xfer.with_password": _("Kan logga in med lösenord: {users}.", "Can log in with a password: {users}.",
                            "Kan logge ind med adgangskode: {users}."),
    "xfer.not_an_export": _("Filen är ingen export från casedesk (inget giltigt manifest.json).",
                            "The file is not an export from casedesk (no valid manifest.json).",
                            "Filen er ikke en eksport fra casedesk (intet gyldigt manifest.json)."),
    "xfer.newer_format": _("Exporten har ett nyare format ({version}) än den här versionen av casedesk kan läsa.",
                           "The export has a newer format ({version}) than this version of casedesk reads.",
                           "Eksporten har et nyere format ({version}), end denne version af casedesk kan læse."),
    "xfer.newer_schema": _("Exporten kommer från en nyare casedesk: migreringarna {migrations} saknas här. "
                           "Uppdatera först.",
                           "The export comes from a newer casedesk: the migrations {migrations} are missing "
                           "here. Update first.",
                           "Eksporten kommer fra en nyere casedesk: migreringerne {migrations} mangler her. "
                           "Opdatér først."),
    "xfer.not_empty": _("Installationen är inte tom (det finns ärenden eller andra användare): ingenting lästes in.",
                        "The installation is not empty (it has cases or other users): nothing was loaded.",
                        "Installationen er ikke tom (der er sager eller andre brugere): intet blev indlæst."),
    "xfer.unknown_table": _("Exporten har tabellen {table}, som inte finns här: ingenting lästes in.",
                            "The export has the table {table}, which does not exist here: nothing was loaded.",
                            "Eksporten har tabellen {table}, som ikke findes her: intet blev indlæst."),
    "xfer.unknown_columns": _("Tabellen {table} i exporten har kolumner som inte finns här ({columns}): "
                              "ingenting lästes in.",
                              "The table {table} in the export has columns that do not exist here ({columns}): "
                              "nothing was loaded.",
                              "Tabellen {table} i eksporten har kolonner, der ikke findes her ({columns}): intet "
                              "blev indlæst."),
    "xfer.damaged": _("Filen {file} i exporten stämmer inte med manifestet (skadad eller ändrad): ingenting "
                      "lästes in.",
                      "The file {file} in the export does not match the manifest (damaged or changed): nothing "
                      "was loaded.",
                      "Filen {file} i eksporten passer ikke med manifestet (beskadiget eller ændret): intet blev "
                      "indlæst."),
    "xfer.missing_file": _("Filen {file} saknas i exporten: ingenting lästes in.",
                           "The file {file} is missing from the export: nothing was loaded.",
                           "Filen {file} mangler i eksporten: intet blev indlæst."),
    "xfer.admin_unknown": _("{username} är ingen aktiv administratör i exporten: ingenting lästes in.",
                            "{username} is not an active administrator in the export: nothing was loaded.",
                            "{username} er ikke en aktiv administrator i eksporten: intet blev indlæst."),
    "xfer.cli_no_admin": _("Ingen aktiv administratör att registrera exporten på (ange --as ANVÄNDARNAMN).",
                           "No active administrator to record the export for (give --as USERNAME).",
                           "Ingen aktiv administrator at registrere eksporten på (angiv --as BRUGERNAVN)."),
    # ADM-13 the empty start
    "first.title": _("Välkommen till casedesk", "Welcome to casedesk", "Velkommen til casedesk"),
    "first.intro": _("Installationen är tom. Skapa den första administratören; sedan loggar du in och läser in "
                     "enheter, användare, register och historik.",
                     "The installation is empty. Create the first administrator; then log in and import units, "
                     "users, registers and history.",
                     "Installationen er tom. Opret den første administrator; log derefter ind og indlæs "
                     "enheder, brugere, registre og historik."),
    "first.form": _("Första administratören", "The first administrator", "Den første administrator"),
    "first.password_again": _("Lösenord igen", "Password again", "Adgangskode igen"),
    "first.create": _("Skapa administratören", "Create the administrator", "Opret administratoren"),
    "first.passwords_differ": _("Lösenorden är inte lika.", "The passwords differ.",
                                "Adgangskoderne er ikke ens."),
    "first.already_done": _("Det finns redan en administratör (skapad i en annan webbläsare?). Logga in.",
                            "An administrator exists already (created in another browser?). Log in.",
                            "Der findes allerede en administrator (oprettet i en anden browser?). Log ind."),
    "first.created": _("Administratören {username} är skapad. Logga in nedan.",
                       "The administrator {username} is created. Log in below.",
                       "Administratoren {username} er oprettet. Log ind nedenfor."),
    "setup.title": _("Kom igång: läs in i den här ordningen", "Getting started: import in this order",
                     "Kom i gang: indlæs i denne rækkefølge"),
    "setup.rows": _("{n} rader", "{n} rows", "{n} rækker"),
    "setup.empty": _("tomt", "empty", "tomt"),
    "setup.after": _("efter {kinds}", "after {kinds}", "efter {kinds}"),
    "setup.restore": _("… eller läs tillbaka en export", "… or restore an export", "… eller gendan en eksport"),
}
