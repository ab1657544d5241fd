# intake — deutsche Meldungen (Schweizer Rechtschreibung, immer «ss»).
# Alle Dateien in diesem Ordner haben genau dieselben Meldungs-IDs (ein Test prüft das).
# Platzhalter: $row ist eine Tabellenzeile (Kopfzeile = 1), $value die Zelle, wie sie vorgefunden wurde.

## Stufen und Kategorien der Protokollzeilen

level-info = Info
level-warning = Warnung
level-error = Fehler
category-initialisation = Initialisierung
category-format = Ungültiges Format
category-conflict = Konflikt
category-not_found = Nicht gefunden
category-summary = Zusammenfassung

## Spaltenbezeichnungen: Überschriften der Vorlage und «Spalte» einer Protokollzeile.
## Jede Bezeichnung muss als Überschrift wiedererkannt werden (crates/core/src/header.rs).

column-email = E-Mail
column-contact_type = Kontakttyp
column-title = Anrede
column-first_name = Vorname
column-last_name = Nachname
column-birthdate = Geburtsdatum
column-language = Sprache
column-structure_name = Organisationsname
column-address_line1 = Adresszeile 1
column-address_line2 = Adresszeile 2
column-postal_code = PLZ
column-town = Ort
column-state = Kanton/Bundesland
column-country = Land

## Befunde zu Zeilen. Jeder nennt die Zeile, den Wert, was richtig wäre und was geschieht.

issue-email-missing = Zeile { $row }: Die E-Mail-Adresse fehlt; ohne sie kann keine Einzelperson angelegt werden. Der Kontakt wird nicht importiert.
issue-email-format = Zeile { $row }: Die E-Mail-Adresse «{ $value }» ist ungültig (erwartet: name@domain.tld, ohne Leerzeichen). Der Kontakt wird nicht importiert.
issue-email-duplicate_in_file = Zeile { $row }: Die E-Mail-Adresse { $value } kommt bereits in Zeile { $earlier_row } der Datei vor. Der Kontakt wird nicht importiert.
issue-email-exists = Zeile { $row }: Die E-Mail-Adresse { $value } ist bereits in der Kontaktdatenbank vorhanden (Kontakt { $contact_number }). Der Kontakt wird nicht importiert.
issue-first_name-format = Zeile { $row }: Der Vorname «{ $value }» hat ein unerwartetes Format: Erlaubt sind nur Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte. Der Kontakt wird nicht importiert.
issue-last_name-format = Zeile { $row }: Der Nachname «{ $value }» hat ein unerwartetes Format: Erlaubt sind nur Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte. Der Kontakt wird nicht importiert.
issue-title-unknown = Zeile { $row }: Die Anrede «{ $value }» ist ungültig (erlaubt: MR, MRS, MISS, MR_AND_MRS, UNDEFINED). Der Kontakt wird nicht importiert.
issue-title-unknown-suggestion = Zeile { $row }: Die Anrede «{ $value }» ist ungültig (erlaubt: MR, MRS, MISS, MR_AND_MRS, UNDEFINED; meinten Sie { $suggestion }?). Der Kontakt wird nicht importiert.
issue-language-unknown = Zeile { $row }: Die Sprache «{ $value }» ist keine Sprache der Institution ({ $expected }). Der Kontakt wird nicht importiert.
issue-birthdate-format = Zeile { $row }: Das Geburtsdatum «{ $value }» hat ein unerwartetes Format: Erwartet wird TT.MM.JJJJ, zum Beispiel 24.03.1985. Der Kontakt wird nicht importiert.
issue-birthdate-invalid = Zeile { $row }: Das Geburtsdatum «{ $value }» { $reason ->
        [future] liegt in der Zukunft.
        [too_old] liegt vor 1900.
       *[no_such_day] ist kein gültiges Kalenderdatum.
    } Der Kontakt wird nicht importiert.
issue-address-incomplete = Zeile { $row }: Die Adresse ist unvollständig: { $column ->
        [postal_code] Die Postleitzahl
        [town] Der Ort
        [billing_postal_code] Die Postleitzahl der Rechnungsadresse
        [billing_town] Der Ort der Rechnungsadresse
        [billing_country] Das Land der Rechnungsadresse
        [shipping_postal_code] Die Postleitzahl der Lieferadresse
        [shipping_town] Der Ort der Lieferadresse
        [shipping_country] Das Land der Lieferadresse
       *[country] Das Land
    } fehlt (eine Adresse braucht Postleitzahl, Ort und Land). Der Kontakt wird nicht importiert.
issue-postal_code-format = Zeile { $row }: Die Postleitzahl «{ $value }» entspricht nicht dem Format für { $country } (zum Beispiel { $example }). Der Kontakt wird nicht importiert.
issue-postal_code-format-digit = Zeile { $row }: Die Postleitzahl «{ $value }» muss Ziffern enthalten. Der Kontakt wird nicht importiert.
issue-town-format = Zeile { $row }: Der Ort «{ $value }» hat ein unerwartetes Format: Ziffern und Sonderzeichen sind nicht erlaubt. Der Kontakt wird nicht importiert.
issue-country-unknown = Zeile { $row }: Das Land «{ $value }» ist unbekannt: Geben Sie den ISO-Code (CH, FR, DE, …) oder den Namen auf Französisch, Deutsch, Englisch oder Italienisch an, mit allen Akzenten. Der Kontakt wird nicht importiert.
issue-country-unknown-suggestion = Zeile { $row }: Das Land «{ $value }» ist unbekannt: Meinten Sie { $suggestion } ({ $suggestion_code })? Der Kontakt wird nicht importiert.
issue-contact_type-unknown = Zeile { $row }: Der Kontakttyp «{ $value }» ist weder INDIVIDUAL noch STRUCTURE. Der Kontakt wird nicht importiert.
issue-structure_name-missing = Zeile { $row }: Der Organisationsname fehlt; er ist für eine Organisation Pflicht. Der Kontakt wird nicht importiert.
issue-row-width = Zeile { $row }: Die Zeile hat { $value } Zellen, die Kopfzeile aber { $expected }; möglicherweise steht ein Trennzeichen in einem Wert ohne Anführungszeichen. Die Zeile wird nicht importiert.

## Der Ablauf eines Imports

log-start-create = Import der gültigen Kontakte aus der Datei { $file } gestartet; Kontakte, deren E-Mail-Adresse bereits in der Kontaktdatenbank vorhanden ist, werden übersprungen.
log-start-dry-run = Testlauf (Vorproduktion): Die Datei wird gelesen, geprüft und mit der Kontaktdatenbank abgeglichen; in die Kontaktdatenbank wird nichts geschrieben.
log-reading-csv = Datei { $file } wird gelesen ({ $encoding }, Trennzeichen { $separator }, { $rows } Zeilen nach der Kopfzeile).
log-reading-workbook = Datei { $file } wird gelesen (Arbeitsmappe { $format }, Blatt «{ $sheet }», { $rows } Zeilen nach der Kopfzeile).
log-encoding-fallback = Die Datei ist kein gültiges UTF-8: Sie wurde als Windows-1252 gelesen, die Kodierung, die Excel für «CSV» verwendet. Prüfen Sie Umlaute und Akzente; beim Speichern als «CSV UTF-8» tritt dies nicht auf.
log-encoding-switched = Die Datei ist vor Zeile { $row } UTF-8, ab dort nicht mehr: Die Zeilen ab { $row } wurden als Windows-1252 gelesen, die Kodierung, die Excel für «CSV» verwendet. Die Datei mischt zwei Kodierungen: Prüfen Sie Umlaute und Akzente ab Zeile { $row }.
log-header-unknown = Spalte { $position } «{ $header }» ist keine bekannte Spalte: Ihre Werte werden ignoriert. Bekannt sind die Spalten der Importvorlage.
log-header-not-imported = Spalte { $position } «{ $header }» gehört zum erweiterten Importformat: Dieser Import ignoriert ihre Werte.
log-header-duplicate = Spalte { $position } «{ $header }» bezeichnet dieselbe Spalte wie eine frühere Überschrift ({ $column }): Nur die erste wird gelesen.
log-header-empty = Spalte { $position } hat keine Überschrift: Ihre Werte werden ignoriert.
log-found-valid = { $valid } gültige Kontakte in der Datei { $file } gefunden.
log-searching = Suche nach E-Mail-Adressen, die bereits in der Kontaktdatenbank vorhanden sind.
log-finished = Import abgeschlossen: { $created } angelegt, { $skipped } übersprungen, { $rejected } abgelehnt, { $rows } Zeilen gelesen, in { $duration }.
log-finished-dry-run = Testlauf abgeschlossen: { $created } würden angelegt, { $skipped } übersprungen, { $rejected } abgelehnt, { $rows } Zeilen gelesen, in { $duration }. In die Kontaktdatenbank wurde nichts geschrieben.
log-interrupted = Der Import wurde nach Zeile { $checkpoint_row } unterbrochen (sein Prozess wurde beendet): Die Zeilen bis dahin sind in der Kontaktdatenbank, die übrigen nicht. Setzen Sie ihn fort mit: intake import --resume { $id }
log-resumed = Der Import wird nach Zeile { $checkpoint_row } fortgesetzt: Die Zeilen bis dahin sind bereits in der Kontaktdatenbank.
log-failed = Der Import ist fehlgeschlagen: { $error } Nichts davon wurde in die Kontaktdatenbank geschrieben.
log-failed-internal = Der Import ist an einem Serverfehler gescheitert (Referenz { $incident } für Ihren Administrator). Nichts davon wurde in die Kontaktdatenbank geschrieben.

## Fehler, die einen Import vor dem Start stoppen

error-file-open = { $file } kann nicht geöffnet werden: { $reason }
error-file-empty = { $file } ist leer: Die Datei enthält weder eine Kopfzeile noch Kontakte.
error-no-header = { $file } hat keine Kopfzeile: Die erste Zeile muss die Spalten benennen (siehe intake template).
error-no-email-column = { $file } hat keine E-Mail-Spalte: Beim Anlegen von Kontakten werden Duplikate anhand der E-Mail-Adresse erkannt, daher braucht die Datei eine Spalte «email» (oder «E-Mail», «Courriel», …).
error-unsupported-format = { $file } ist weder eine CSV-Datei noch eine Excel-Arbeitsmappe (.csv, .txt, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods).
error-csv = { $file }, Zeile { $row }: Die Datei kann nicht als CSV gelesen werden: { $reason }
error-workbook = { $file }: Die Arbeitsmappe kann nicht gelesen werden: { $reason }
error-store = Die Kontaktdatenbank { $db } kann nicht verwendet werden: { $reason }
error-thread = Es kann kein Thread zum Lesen der Datei gestartet werden: { $reason }
error-reading-stopped = Das Lesen oder Prüfen der Datei ist wegen eines internen Fehlers abgebrochen. Was der Import bereits gespeichert hat, bleibt erhalten: Setzen Sie ihn mit intake import --resume fort und melden Sie den Fehler mit der Datei, falls er erneut abbricht.
error-import-not-found = In dieser Kontaktdatenbank gibt es keinen Import { $id } (siehe intake imports).
error-resume-completed = Der Import { $id } ist abgeschlossen: Es gibt nichts fortzusetzen.
error-resume-running = Der Import { $id } läuft noch: Warten Sie, bis er beendet ist (siehe intake imports).
error-resume-moved-on = Der Import { $id } wurde von einem anderen Befehl fortgesetzt, während dieser wartete: Sehen Sie mit intake imports nach, wie weit er ist, und setzen Sie ihn erneut fort, falls er noch nicht beendet ist.
error-resume-changed = { $file } ist nicht die Datei, mit der Import { $id } begonnen hat (Grösse oder Inhalt haben sich geändert): Starten Sie stattdessen einen neuen Import.

## Wörter der Listen und Berichte

status-queued = wartend
status-running = läuft
status-completed = abgeschlossen
status-failed = fehlgeschlagen
status-cancelled = abgebrochen
outcome-created = angelegt
outcome-updated = aktualisiert
outcome-unchanged = unverändert
outcome-skipped = übersprungen
outcome-rejected = abgelehnt
outcome-not_found = nicht gefunden
mode-create = anlegen
mode-update = aktualisieren
mode-upsert = aktualisieren oder anlegen
mode-qualify = qualifizieren
mode-inactivate = deaktivieren
mode-anonymize = anonymisieren
mode-delete = löschen
outcome-inactivated = deaktiviert
outcome-anonymized = anonymisiert
outcome-deleted = gelöscht
dry-run = Testlauf
heading-line = Nr.
heading-time = Zeit
heading-level = Stufe
heading-category = Kategorie
heading-row = Zeile
heading-column = Spalte
heading-code = Code
heading-value = Wert
heading-message = Meldung
heading-id = Import
heading-name = Name
heading-mode = Modus
heading-status = Status
heading-started = Gestartet
heading-by = Von
heading-rows = Zeilen
heading-created = Angelegt
heading-updated = Aktualisiert
heading-unchanged = Unverändert
heading-skipped = Übersprungen
heading-rejected = Abgelehnt
heading-contact_number = Kontaktnummer
heading-created_from = Erstellt aus
heading-errors = Fehler
contacts-found = { $count ->
        [one] { $count } Kontakt gefunden.
       *[other] { $count } Kontakte gefunden.
    }
imports-none = Noch kein Import. Beginnen Sie mit: intake import DATEI
log-hint = Detailliertes Protokoll: intake log { $id } (--format xlsx -o log.xlsx für eine Tabelle)
rejects-written = { $count } abgelehnte oder übersprungene Zeilen wurden in { $file } geschrieben, mit einer Spalte «Fehler»: Korrigieren Sie sie und importieren Sie diese Datei erneut.
phase-reading = Lesen und Prüfen
phase-writing = Schreiben in die Kontaktdatenbank
phase-done = Fertig
confirm-nothing = nichts

## Die Importvorlage

template-sheet-contacts = Kontakte
template-sheet-help = Hilfe
template-sheet-lists = Listen
template-help-title = So füllen Sie diese Vorlage aus
template-help-intro = Ein Kontakt pro Zeile, ab Zeile 2. Lassen Sie die Kopfzeile stehen. Speichern Sie als «CSV UTF-8» oder behalten Sie die .xlsx-Datei. Eine Zeile, die eine Regel verletzt, wird nicht importiert; das Importprotokoll nennt jede verletzte Regel mit Zeile und Spalte.
template-help-column = Spalte
template-help-rule = Regel
template-help-empty = Wenn leer
template-rule-email = Eine gültige Adresse (name@domain.tld), nur einmal in der Datei. Ein Kontakt, dessen E-Mail-Adresse bereits in der Kontaktdatenbank vorhanden ist, wird nicht erneut angelegt.
template-empty-email = Pflichtfeld: Die Zeile wird nicht importiert.
template-rule-title = MR, MRS, MISS, MR_AND_MRS oder UNDEFINED (aus der Liste wählen).
template-empty-title = Der Standardwert der Institution (UNDEFINED).
template-rule-first_name = Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte; keine Ziffern.
template-empty-first_name = Wird als «-» importiert.
template-rule-last_name = Buchstaben, Leerzeichen, Bindestriche, Apostrophe und Punkte; keine Ziffern.
template-empty-last_name = Wird als «-» importiert.
template-rule-birthdate = TT.MM.JJJJ, ein gültiges Datum, nicht in der Zukunft (zum Beispiel 24.03.1985).
template-empty-birthdate = Bleibt leer.
template-rule-language = Eine Sprache der Institution: { $languages }.
template-empty-language = Die Standardsprache der Institution ({ $default }).
template-rule-address_line1 = Freitext: Strasse und Hausnummer.
template-empty-address_line1 = Leer.
template-rule-address_line2 = Freitext: Gebäude, Postfach, …
template-empty-address_line2 = Leer.
template-rule-postal_code = Ziffern, im Format des Landes (CH 1003, FR 75001, DE 10115, …).
template-empty-postal_code = Pflichtfeld, sobald die Zeile eine Adresse enthält.
template-rule-town = Buchstaben, Leerzeichen, Bindestriche, Apostrophe, Punkte; keine Ziffern.
template-empty-town = Pflichtfeld, sobald die Zeile eine Adresse enthält.
template-rule-state = Freitext: Departement, Kanton, Bundesland.
template-empty-state = Leer.
template-rule-country = ISO-Code (CH, FR, DE, BE, …) oder Name des Landes mit allen Akzenten (Suisse, Brésil, Deutschland, …).
template-empty-country = Pflichtfeld, sobald die Zeile eine Adresse enthält.
log-cancelled = Der Import wurde nach Zeile { $row } abgebrochen: nichts davon bleibt in der Kontaktdatenbank.
log-cancelled-waiting = Der Import wurde abgebrochen, während er auf einen anderen Schreibvorgang wartete, bevor er etwas schrieb: Nichts davon ist in der Kontaktdatenbank.

## Die Webanwendung

web-nav-upload = Neuer Import
web-nav-imports = Importe
web-nav-contacts = Kontakte
web-nav-signout = Abmelden
web-nav-language = Sprache
web-skip = Zum Inhalt springen
web-signin-title = Anmelden
web-signin-email = E-Mail
web-signin-password = Passwort
web-signin-submit = Anmelden
web-signin-failed = E-Mail-Adresse oder Passwort falsch.
web-signin-limited = Zu viele Anmeldeversuche. Warten Sie einige Minuten und versuchen Sie es dann erneut.
web-upload-title = Kontakte importieren
web-upload-intro = Übernehmen Sie Personen und Organisationen aus einer CSV-Datei oder einer Excel-Arbeitsmappe in Ihre Kontaktdatenbank. Jede Zeile wird geprüft, Duplikate werden ausgeschlossen und jede Entscheidung wird in einem Protokoll festgehalten, das Sie nachlesen können.
web-template-title = Mit der Vorlage beginnen
web-template-text = Die Vorlage enthält die richtigen Spalten in Ihrer Sprache, mit Auswahllisten in Excel.
web-template-csv = Vorlage (CSV)
web-template-xlsx = Vorlage (Excel)
web-upload-file = Datei (CSV, XLSX, XLS oder ODS)
web-upload-drop = Ziehen Sie die Datei hierher oder wählen Sie sie aus
web-upload-chosen = Ausgewählte Datei: { $file }
web-upload-name = Name des Imports
web-upload-name-hint = Die Kontakte zeigen ihn unter «Erstellt aus» an. Standard: der Dateiname.
web-upload-mode = Modus
web-mode-create-hint = Legt die Kontakte an, deren E-Mail-Adresse noch nicht in der Datenbank vorhanden ist; die übrigen werden übersprungen.
web-upload-dry-run = Testlauf: alles prüfen und abgleichen, nichts schreiben
web-upload-notify = Mich am Ende per E-Mail benachrichtigen ({ $email })
web-upload-submit = Import starten
web-upload-sending = Datei wird hochgeladen…
web-upload-missing = Wählen Sie eine Datei zum Importieren aus.
web-upload-too-large = Die Datei überschreitet die Grenze von { $limit } MiB.
web-upload-bad-mode = Dieser Modus ist nicht verfügbar: { $mode }.
web-imports-title = Importe
web-imports-empty = Noch kein Import. Starten Sie einen unter «Neuer Import».
web-import-title = Import { $id }: { $name }
web-import-file = Datei: { $file }
web-import-by = Gestartet von { $user } am { $date }
web-progress-total = { $done } von etwa { $total } Zeilen
web-progress-rows = { $done } Zeilen
web-progress-rate = { $rate } Zeilen/s
web-phase-queued = Wartet auf einen freien Prozess
web-cancel = Import abbrechen
web-cancel-confirm = Diesen Import abbrechen? Nichts davon bleibt in der Kontaktdatenbank erhalten.
web-downloads = Downloads
web-download-log-xlsx = Protokoll (Excel)
web-download-log-csv = Protokoll (CSV)
web-download-log-json = Protokoll (JSON)
web-download-rejects = Abgelehnte und übersprungene Zeilen
web-log-title = Detailliertes Protokoll
web-filter-level = Stufe
web-filter-category = Kategorie
web-filter-all = Alle
web-filter-apply = Filtern
web-log-empty = Keine passende Zeile.
web-page = Seite { $page } von { $pages }
web-page-previous = Vorherige Seite
web-page-next = Nächste Seite
web-contacts-title = Kontakte
web-contacts-created-from = Erstellt aus
web-contacts-type = Kontakttyp
web-contacts-any = Alle
web-type-INDIVIDUAL = Einzelperson
web-type-STRUCTURE = Organisation
web-contacts-shown = Die ersten { $shown } werden angezeigt.
web-contacts-export-csv = Exportieren (CSV)
web-contacts-export-xlsx = Exportieren (Excel)
web-error-title = Ein Fehler ist aufgetreten
web-error-not-found = Diese Seite existiert nicht.
web-error-forbidden = Ihre Rolle erlaubt dies nicht.
web-error-csrf = Das Formular ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.
web-error-unauthorized = Melden Sie sich zuerst an (API: Header Authorization: Bearer <token>).
web-error-busy = Der Server ist mit anderen Anfragen beschäftigt. Versuchen Sie es in einigen Sekunden erneut.
web-error-internal = Der Server konnte dies nicht ausführen. Wenn es wieder vorkommt, geben Sie Ihrem Administrator diese Referenz an: { $incident }.
web-back = Zurück
mail-subject = Import «{ $name }»: { $status }
mail-greeting = Guten Tag
mail-body = Der Import «{ $name }» ist beendet: { $status }.
mail-counts = Gelesene Zeilen: { $rows } · angelegt: { $created } · übersprungen: { $skipped } · abgelehnt: { $rejected }
mail-duration = Dauer: { $duration }
mail-link = Das detaillierte Protokoll: { $url }
log-mail-failed = Die Abschlussmeldung per E-Mail an { $to } konnte nicht gesendet werden: { $error }
log-requeued = Der Server wurde während dieses Imports gestoppt; ein neuer Prozess setzt ihn fort.
web-nav-users = Benutzer
web-users-title = Benutzer von { $institution }
web-role-admin = Administrator
web-role-staff = Mitarbeitende
web-users-role = Rolle
web-error-bad-value = { $name }: der Wert { $value } ist hier nicht zulässig (zulässig: { $allowed }).
web-error-bad-back = Die Adresse der Seite, zu der zurückgekehrt werden soll, ist ungültig.

## Das erweiterte Format und die Dienste

category-change = Änderung
issue-contact_number-format = Zeile { $row }: Die Kontaktnummer «{ $value }» darf nur Ziffern enthalten. Der Kontakt wird nicht importiert.
issue-contact_number-out_of_range = Zeile { $row }: Die Kontaktnummer { $value } liegt ausserhalb des reservierten Bereichs für Altnummern ({ $from } bis { $to }). Der Kontakt wird nicht importiert.
issue-contact_number-out_of_range-none = Zeile { $row }: Die Kontaktnummer { $value } kann nicht übernommen werden: Die Institution hat keinen reservierten Bereich für Altnummern (intake numbers reserve FROM..TO). Der Kontakt wird nicht importiert.
issue-contact_number-missing = Zeile { $row }: Die Kontaktnummer fehlt; dieser Import findet die Kontakte über ihre Nummer. Die Zeile wird nicht importiert.
issue-contact_number-exists = Zeile { $row }: Die Kontaktnummer { $value } ist in der Kontaktdatenbank bereits vergeben oder gehörte zu einem gelöschten Kontakt. Der Kontakt wird nicht importiert.
issue-contact_number-duplicate_in_file = Zeile { $row }: Die Kontaktnummer { $value } kommt bereits in Zeile { $earlier_row } der Datei vor. Die Zeile wird nicht importiert.
issue-structure-duplicate = Zeile { $row }: Die Organisation «{ $value }» mit dieser Adresse ist bereits in der Kontaktdatenbank vorhanden (Kontakt { $contact_number }). Der Kontakt wird nicht importiert.
issue-structure-duplicate-in-file = Zeile { $row }: Die Organisation «{ $value }» mit dieser Adresse kommt bereits in Zeile { $earlier_row } der Datei vor. Der Kontakt wird nicht importiert.
issue-structure_type-unknown = Zeile { $row }: Der Organisationstyp «{ $value }» ist nicht definiert (definiert: { $expected }; siehe intake structure-types list). Der Kontakt wird nicht importiert.
issue-criterion-unknown = Zeile { $row }: Das Kriterium { $code } ist nicht definiert (siehe intake criteria list). Der Kontakt wird nicht importiert.
issue-criterion_element-unknown = Zeile { $row }: Das Kriterium { $code } hat kein Element { $element } (seine Elemente: { $expected }). Der Kontakt wird nicht importiert.
issue-authorization-unknown = Zeile { $row }: Die Einwilligung { $code } ist nicht definiert (siehe intake authorizations list). Der Kontakt wird nicht importiert.
issue-authorization-value = Zeile { $row }: Die Einwilligung { $code } hat den Wert «{ $value }»: Schreiben Sie ja oder nein (Y/N, 1/0, oui/non, ja/nein, sì/no, true/false). Der Kontakt wird nicht importiert.
issue-phone-format = Zeile { $row }: Die Telefonnummer «{ $value }» ist keine gültige Nummer { $country ->
        [none] (geben Sie sie mit Ländervorwahl an, zum Beispiel +41 21 312 34 56, oder geben Sie für die Zeile ein Land an)
        [code] für ihre Ländervorwahl
       *[other] für { $country }
    }. Der Kontakt wird nicht importiert.
issue-contact-not_found = Zeile { $row }: Kein Kontakt in der Kontaktdatenbank hat { $column ->
        [contact_number] die Nummer
       *[email] die E-Mail-Adresse
    } { $value }. Die Zeile wird nicht importiert.
issue-contact-ambiguous = Zeile { $row }: Die E-Mail-Adresse { $value } gehört zu mehreren Kontakten ({ $numbers }): Keiner wird ausgewählt. Ordnen Sie stattdessen über die Kontaktnummer zu. Die Zeile wird nicht importiert.
issue-contact-possible_duplicate = Zeile { $row }: gleicht Kontakt { $contact_number } unter einer anderen E-Mail-Adresse (Score { $score }; ähnlich: { $alike }): mögliche Dublette. Der Kontakt wird trotzdem importiert; vergleichen Sie sie mit intake duplicates find --explain.
issue-authorization-consent_kept = Zeile { $row }: Kontakt { $contact_number } hat { $code } abgelehnt; dieser Import macht aus einem Nein kein Ja (dafür gibt es --allow-consent-upgrade). Der Rest der Zeile wird importiert.
issue-member-structure_not_found = Zeile { $row }: { $count ->
        [0] Keine Organisation heisst «{ $value }»
       *[other] { $count } Organisationen heissen «{ $value }»
    }: Der Kontakt wird ohne Organisationszugehörigkeit importiert.
log-start-service = Verarbeitung der Kontakte aus der Datei { $file } im Modus «{ $mode }» gestartet; die Kontakte werden über { $key ->
        [contact_number] die Kontaktnummer
       *[email] die E-Mail-Adresse
    } zugeordnet.
log-finished-service = Import abgeschlossen: { $created } angelegt, { $updated } aktualisiert, { $unchanged } unverändert, { $skipped } übersprungen, { $rejected } abgelehnt, { $rows } Zeilen gelesen, in { $duration }.
log-finished-service-dry-run = Testlauf abgeschlossen: { $created } würden angelegt, { $updated } aktualisiert, { $unchanged } unverändert, { $skipped } übersprungen, { $rejected } abgelehnt, { $rows } Zeilen gelesen, in { $duration }. In die Kontaktdatenbank wurde nichts geschrieben.
log-row-created = Zeile { $row }: als Kontakt { $contact_number } angelegt.
log-row-updated = Zeile { $row }: Kontakt { $contact_number } aktualisiert.
log-row-unchanged = Zeile { $row }: Kontakt { $contact_number } hat diese Werte bereits: unverändert.
log-row-inactivated = Zeile { $row }: Kontakt { $contact_number } deaktiviert.
log-row-anonymized = Zeile { $row }: Kontakt { $contact_number } anonymisiert: Seine Personendaten sind endgültig gelöscht.
log-row-deleted = Zeile { $row }: Kontakt { $contact_number } gelöscht; seine Nummer wird nie wieder vergeben.
log-change = Zeile { $row }: { $column } «{ $before }» → «{ $after }».
log-change-set = Zeile { $row }: { $column } auf «{ $after }» gesetzt.
log-change-cleared = Zeile { $row }: { $column } «{ $before }» entfernt.
log-undone = Import von { $who } rückgängig gemacht: { $removed ->
        [one] { $removed } von ihm angelegter Kontakt entfernt
       *[other] { $removed } von ihm angelegte Kontakte entfernt
    }, { $restored ->
        [one] { $restored } Kontakt wiederhergestellt
       *[other] { $restored } Kontakte wiederhergestellt
    }.
error-no-key-column = { $file } hat keine Spalte { $column }: Im Modus «{ $mode }» werden die Kontakte darüber gefunden (oder wählen Sie den Schlüssel mit --match).
error-undo-dry-run = Der Import { $id } war ein Testlauf: Er hat nichts geschrieben, es gibt nichts rückgängig zu machen.
error-undo-status = Der Import { $id } hat den Status «{ $status }»: Nur ein abgeschlossener Import kann rückgängig gemacht werden.
error-undo-irreversible = Der Import { $id } lief im Modus «{ $mode }»: Die Daten seiner Kontakte sind endgültig gelöscht, er kann nicht rückgängig gemacht werden.
error-undo-touched = Der Import { $id } kann nicht rückgängig gemacht werden: Ein späterer Import ({ $by }) hat einige seiner Kontakte geändert ({ $numbers }). Machen Sie zuerst jenen rückgängig.
confirm-mode = { $mode ->
        [inactivate] Damit werden die Kontakte aus { $file } deaktiviert (mit intake undo lässt sich das rückgängig machen).
        [anonymize] Damit werden die Personendaten der Kontakte aus { $file } endgültig gelöscht: Namen, Geburtsdatum, E-Mail-Adressen, Telefonnummern, Adressen sowie ihre Werte in früheren Protokollen. Dies kann nicht rückgängig gemacht werden.
       *[delete] Damit werden die Kontakte aus { $file } endgültig gelöscht; ihre Nummern werden nie wieder vergeben. Dies kann nicht rückgängig gemacht werden.
    }
confirm-undo = Damit wird der Import { $id } rückgängig gemacht: { $removed ->
        [one] { $removed } von ihm angelegter Kontakt wird entfernt
       *[other] { $removed } von ihm angelegte Kontakte werden entfernt
    }, { $restored ->
        [one] { $restored } von ihm geänderter Kontakt wird wiederhergestellt
       *[other] { $restored } von ihm geänderte Kontakte werden wiederhergestellt
    }.
confirm-question = Geben Sie ja ein, um fortzufahren:
confirm-needed = { $what } erfordert eine Bestätigung: Führen Sie den Befehl in einem Terminal aus oder ergänzen Sie --yes.
confirm-declined = Es wurde nichts geändert.
undo-done = Der Import { $id } wurde rückgängig gemacht: { $removed ->
        [one] { $removed } Kontakt entfernt
       *[other] { $removed } Kontakte entfernt
    }, { $restored ->
        [one] { $restored } Kontakt wiederhergestellt
       *[other] { $restored } Kontakte wiederhergestellt
    }.
reference-saved = Gespeichert.
reference-removed = Entfernt.
reference-none = Noch nichts definiert.
numbers-reserved = Die Altnummern { $from } bis { $to } sind reserviert; neue Kontakte werden ab { $next } nummeriert.
numbers-none = Kein reservierter Bereich; neue Kontakte werden ab { $next } nummeriert.
error-reference-in-use = { $what } wird von { $count ->
        [one] { $count } Kontakt
       *[other] { $count } Kontakten
    } verwendet und kann nicht entfernt werden.
error-reference-missing = { $what } existiert nicht.
error-range = «{ $value }» ist kein Bereich: Schreiben Sie FROM..TO, zum Beispiel 1..999999.
setup-done = { $file }: { $criteria } Kriterien, { $types } Organisationstypen, { $authorizations } Einwilligungen{ $reserved ->
        [yes] , ein reservierter Nummernbereich
       *[no] {""}
    } eingerichtet.
web-upload-confirm-needed = Der Modus «{ $mode }» kann nicht rückgängig gemacht werden oder ändert Kontakte endgültig: Kreuzen Sie das Bestätigungsfeld an (oder senden Sie confirm=true).
web-upload-confirm = Ich bestätige: Damit werden die zugeordneten Kontakte deaktiviert, anonymisiert oder gelöscht (Anonymisieren und Löschen können nicht rückgängig gemacht werden).
web-upload-match = Zeilen zuordnen über
web-upload-match-auto = Kontaktnummer, wenn die Datei diese Spalte enthält, sonst E-Mail-Adresse
web-upload-match-email = E-Mail-Adresse
web-upload-match-number = Kontaktnummer
web-upload-consent-upgrade = Der Datei erlauben, eine Einwilligung von «Nein» auf «Ja» zu ändern
web-template-extended = Erweiterte Vorlage (XLSX)
log-header-ignored = Spalte { $position } «{ $header }» wird im Modus «{ $mode }» nicht geändert: Ihre Werte werden ignoriert.
error-unclosed-quote = { $file }, Zeile { $row }: Ein Wert beginnt mit einem Anführungszeichen ("), das nie geschlossen wird; jede folgende Zeile würde in diese eine Zelle gelesen. Schliessen Sie das Anführungszeichen (oder entfernen Sie es) und importieren Sie die Datei erneut.
error-quote-too-long = { $file }, Zeile { $row }: Ein Wert beginnt mit einem Anführungszeichen ("), das { $lines } Zeilen weiter noch offen ist: Wahrscheinlich fehlt das schliessende Anführungszeichen. Schliessen Sie es (oder entfernen Sie das öffnende) und importieren Sie die Datei erneut.
error-row-too-long = { $file }, Zeile { $row } ist länger als { $limit }, das Höchste, was intake in einer Zeile liest: Prüfen Sie, ob die Zeilen der Datei dort enden, wo sie sollen (oder speichern Sie sie erneut aus Excel), und importieren Sie sie erneut.
error-too-many-columns = { $file }: Die Kopfzeile hat { $columns } Spalten; intake liest höchstens { $limit }. Entfernen Sie die Spalten, die Sie nicht importieren, und versuchen Sie es erneut.
error-workbook-inflated = { $file }: Der Teil { $part } der Arbeitsmappe wird entpackt grösser als { $limit }; das liest intake nicht. Speichern Sie das Blatt als CSV und importieren Sie dieses.
error-workbook-rows = { $file }: Das Blatt hat Zeilen nach Zeile { $limit }, der letzten Zeile von Excel: Die Arbeitsmappe stammt nicht aus Excel oder ist beschädigt. Speichern Sie das Blatt als CSV und importieren Sie dieses.
error-workbook-cells = { $file }: Das Blatt hat mehr als { $limit } Zellen (leere Zellen zwischen Werten mitgezählt), mehr als intake liest. Speichern Sie das Blatt als CSV und importieren Sie dieses.
error-workbook-cells-whole = { $file }: Das Blatt hat mehr als { $limit } Zellen; diese Art Arbeitsmappe wird ganz in den Speicher gelesen, und intake liest nicht mehr. Speichern Sie sie als .xlsx oder als CSV und importieren Sie diese.
error-workbook-column = { $file }, Zeile { $row }: In Spalte { $column } steht ein Wert, jenseits der ersten { $limit } Spalten, die intake liest. Löschen Sie ihn (oder verschieben Sie ihn nach links) und importieren Sie erneut.
error-workbook-cell-length = { $file }, Zeile { $row }, Spalte { $column }: Die Zelle enthält mehr als { $limit } Zeichen, die Grenze von Excel selbst: Die Arbeitsmappe stammt nicht aus Excel oder ist beschädigt.
error-workbook-strings = { $file }: Die Texte der Arbeitsmappe belegen mehr als { $limit }, mehr als intake beim Lesen im Speicher hält. Speichern Sie das Blatt als CSV und importieren Sie dieses.
error-workbook-memory = { $file }: Das Lesen dieser Arbeitsmappe brauchte mehr als { $limit } Arbeitsspeicher oder { $seconds } Sekunden (das Lesen dieser Art Arbeitsmappe hält einen grossen Teil davon im Speicher, und diese ist beschädigt oder absichtlich zu gross). Speichern Sie sie als .xlsx oder als CSV und importieren Sie diese.
error-workbook-node = { $file }: Der Teil { $part } der Arbeitsmappe enthält einen einzelnen Wert oder Leerraum von mehr als 1 MiB, was keine von Excel gespeicherte Arbeitsmappe enthält. Speichern Sie das Blatt als CSV und importieren Sie dieses.
issue-cell-too_long = Zeile { $row }: Der Wert „{ $value }“ von { $column } ist länger als die { $limit } Zeichen, die diese Spalte aufnimmt. Der Kontakt wird nicht importiert; seine übrigen Regeln werden geprüft, sobald diese Zelle gekürzt ist.
issue-cell-control_character = Zeile { $row }: Der Wert „{ $value }“ von { $column } enthält ein Steuerzeichen ({ $character }), das niemand eintippt: Die Datei wurde wohl beschädigt oder von einem anderen Programm exportiert. Der Kontakt wird nicht importiert; seine übrigen Regeln werden geprüft, sobald diese Zelle korrigiert ist.
log-failed-resumable = Der Import ist fehlgeschlagen: { $error } Die Zeilen bis Zeile { $checkpoint_row } sind in der Kontaktdatenbank, die übrigen nicht. Sobald die Ursache behoben ist, setzen Sie ihn fort mit: intake import --resume { $id }
phase-waiting = Wartet auf einen anderen Import
waiting-for-writer = Wartet, bis { $what ->
    [undo] das Rückgängigmachen von Import
   *[other] Import
} { $id } (gestartet von { $who } am { $since }) fertig in diese Institution geschrieben hat…
waiting-for-writer-unknown = Wartet, bis ein anderer Import fertig in diese Institution geschrieben hat…
log-waited = { $duration } gewartet, bis { $what ->
    [undo] das Rückgängigmachen von Import
   *[other] Import
} { $id } (gestartet von { $who }) fertig in diese Institution geschrieben hatte.
log-waited-unknown = { $duration } gewartet, bis ein anderer Import fertig in diese Institution geschrieben hatte.
error-writer-busy = { $what ->
    [undo] Das Rückgängigmachen von Import
   *[other] Import
} { $id } (gestartet von { $who } am { $since }) schreibt in diese Institution, und dieser Befehl sollte nicht warten (--no-wait). Starten Sie ihn erneut, wenn jener fertig ist (siehe intake imports).
error-writer-busy-unknown = Ein anderer Import schreibt in diese Institution, und dieser Befehl sollte nicht warten (--no-wait). Starten Sie ihn erneut, wenn jener fertig ist (siehe intake imports).
value-withheld = (nicht aufbewahrt: dieser Lauf löscht personenbezogene Daten)
log-erased = Zeile { $row }: Diese Zeile betraf eine seither gelöschte Person (anonymisiert oder gelöscht); was sie sagte, ist mit ihr gegangen.
log-expired = Zeile { $row }: Die Werte dieser Zeile wurden nach Ablauf der Aufbewahrungsfrist der Institution gelöscht.
error-upload-erased = Die Datei dieses Imports wurde gelöscht (ihre Aufbewahrungsfrist ist abgelaufen, oder die Personen darin wurden anonymisiert): Ihre Zeilen können nicht mehr geschrieben werden. Das Protokoll führt sie weiter auf.
error-upload-kept = Die hochgeladene Datei { $path } konnte nicht entfernt werden ({ $reason }): Sie enthält noch die gelöschten Personen. Entfernen Sie sie von Hand.
retention-erased = Aufbewahrung von { $days } Tagen: die personenbezogenen Werte von { $lines } Protokollzeilen und { $uploads } hochgeladene Dateien von { $imports } Importen gelöscht, die vor dem { $cutoff } endeten.
retention-would-erase = Aufbewahrung von { $days } Tagen: würde die personenbezogenen Werte von { $lines } Protokollzeilen und { $uploads } hochgeladene Dateien von { $imports } Importen löschen, die vor dem { $cutoff } endeten (Probelauf: nichts wurde gelöscht).

# Dubletten: jedes Feld eines Paars verglichen, und was das Paar ist.
duplicates-field-phone = Telefon
duplicates-field-address = Adresse
duplicates-same = { $field }: gleich
duplicates-same-except-case = { $field }: gleich bis auf Gross-/Kleinschreibung
duplicates-same-without-accents = { $field }: gleich ohne Akzente
duplicates-same-street-abbreviated = { $field }: gleiche Strasse ({ $left } = { $right })
duplicates-close = { $field }: { $left } ~ { $right }
duplicates-initial = { $field }: { $left } ~ { $right } (eine Initiale)
duplicates-holds = { $field }: { $left } ~ { $right } (Doppel- oder Ehename?)
duplicates-swapped = { $field }: Vor- und Nachname vertauscht
duplicates-other-domain = { $field }: gleicher Name, andere Domain ({ $left } ~ { $right })
duplicates-day-month = { $field }: Tag und Monat vertauscht ({ $left } ~ { $right })
duplicates-one-digit = { $field }: eine Ziffer anders ({ $left } ~ { $right })
duplicates-other-postal-code = { $field }: gleiche Strasse, andere Postleitzahl: umgezogen?
duplicates-other-address = { $field }: andere Adresse: umgezogen?
duplicates-different = { $field }: { $left } ≠ { $right }
duplicates-missing = { $field }: fehlt auf einer Seite
duplicates-household = gleicher Haushalt, keine Dublette
duplicates-judgement-duplicate = wahrscheinliche Dublette (Score { $score })
duplicates-judgement-household = gleicher Haushalt, keine Dublette: sie teilen eine Adresse, ein Telefon oder eine E-Mail, aber keinen Vornamen oder kein Geburtsdatum
duplicates-judgement-different = keine Dublette (Score { $score })
duplicates-judgement-not-compared = nicht verglichen: sie teilen weder Namen, E-Mail, Telefon, Geburtsdatum noch eine genügend ähnliche Adresse (Score { $score })
duplicates-judgement-never = eine Person und eine Struktur sind nie derselbe Kontakt
duplicates-summary =
    { $people ->
        [one] { $people } Person
       *[other] { $people } Personen
    }, { $compared ->
        [one] { $compared } Paar verglichen
       *[other] { $compared } Paare verglichen
    }, { $pairs ->
        [one] { $pairs } vorgeschlagen
       *[other] { $pairs } vorgeschlagen
    } in { $clusters ->
        [one] { $clusters } Gruppe
       *[other] { $clusters } Gruppen
    }, { $households ->
        [one] { $households } Haushalt ausgeschieden
       *[other] { $households } Haushalte ausgeschieden
    }
duplicates-unknown-id = { $id } ist nicht unter den gesuchten Personen
duplicates-unknown-contact = { $number } ist kein Kontakt dieser Datenbank
duplicates-reviewed-same =
    { $pairs ->
        [one] { $pairs } Paar als eine Person geprüft
       *[other] { $pairs } Paare als eine Person geprüft
    }
duplicates-reviewed-different =
    { $pairs ->
        [one] { $pairs } Paar als zwei Personen geprüft: nie mehr vorgeschlagen
       *[other] { $pairs } Paare als zwei Personen geprüft: nie mehr vorgeschlagen
    }
