# intake — messaggi in italiano.
# Tutti i file di questa cartella hanno esattamente gli stessi identificativi di messaggio (un test lo verifica).
# Segnaposti: $row è una riga del foglio di calcolo (intestazione = 1), $value la cella così come è stata trovata.

## Livelli e categorie delle righe del registro

level-info = Info
level-warning = Avviso
level-error = Errore
category-initialisation = Inizializzazione
category-format = Formato errato
category-conflict = Conflitto
category-not_found = Non trovato
category-summary = Riepilogo

## Etichette delle colonne: intestazioni del modello e «colonna» di una riga del registro.
## Ogni etichetta deve essere riconosciuta di nuovo come intestazione (crates/core/src/header.rs).

column-email = E-mail
column-contact_type = Tipo di contatto
column-title = Titolo
column-first_name = Nome
column-last_name = Cognome
column-birthdate = Data di nascita
column-language = Lingua
column-structure_name = Nome della struttura
column-address_line1 = Riga indirizzo 1
column-address_line2 = Riga indirizzo 2
column-postal_code = CAP
column-town = Località
column-state = Provincia/Cantone
column-country = Paese

## Rilievi sulle righe. Ognuno indica la riga, il valore, che cosa sarebbe corretto e che cosa succede.

issue-email-missing = Riga { $row }: manca l'indirizzo e-mail, indispensabile per creare una persona. Il contatto non sarà importato.
issue-email-format = Riga { $row }: l'indirizzo e-mail «{ $value }» non è valido (formato atteso: name@domain.tld, senza spazi). Il contatto non sarà importato.
issue-email-duplicate_in_file = Riga { $row }: l'indirizzo e-mail { $value } è già presente alla riga { $earlier_row } del file. Il contatto non sarà importato.
issue-email-exists = Riga { $row }: l'indirizzo e-mail { $value } è già presente nella banca dati dei contatti (contatto { $contact_number }). Il contatto non sarà importato.
issue-first_name-format = Riga { $row }: il nome «{ $value }» ha un formato non previsto: sono ammessi solo lettere, spazi, trattini, apostrofi e punti. Il contatto non sarà importato.
issue-last_name-format = Riga { $row }: il cognome «{ $value }» ha un formato non previsto: sono ammessi solo lettere, spazi, trattini, apostrofi e punti. Il contatto non sarà importato.
issue-title-unknown = Riga { $row }: il titolo «{ $value }» non è tra i valori MR, MRS, MISS, MR_AND_MRS, UNDEFINED. Il contatto non sarà importato.
issue-title-unknown-suggestion = Riga { $row }: il titolo «{ $value }» non è tra i valori MR, MRS, MISS, MR_AND_MRS, UNDEFINED (forse intendeva { $suggestion }?). Il contatto non sarà importato.
issue-language-unknown = Riga { $row }: la lingua «{ $value }» non è tra le lingue dell'istituzione ({ $expected }). Il contatto non sarà importato.
issue-birthdate-format = Riga { $row }: la data di nascita «{ $value }» ha un formato non previsto: è atteso gg.mm.aaaa, ad esempio 24.03.1985. Il contatto non sarà importato.
issue-birthdate-invalid = Riga { $row }: la data di nascita «{ $value }» { $reason ->
        [future] è nel futuro.
        [too_old] è anteriore al 1900.
       *[no_such_day] non esiste nel calendario.
    } Il contatto non sarà importato.
issue-address-incomplete = Riga { $row }: l'indirizzo è incompleto: { $column ->
        [postal_code] manca il CAP
        [town] manca la località
        [billing_postal_code] manca il CAP dell'indirizzo di fatturazione
        [billing_town] manca la località dell'indirizzo di fatturazione
        [billing_country] manca il paese dell'indirizzo di fatturazione
        [shipping_postal_code] manca il CAP dell'indirizzo di spedizione
        [shipping_town] manca la località dell'indirizzo di spedizione
        [shipping_country] manca il paese dell'indirizzo di spedizione
       *[country] manca il paese
    } (un indirizzo richiede CAP, località e paese). Il contatto non sarà importato.
issue-postal_code-format = Riga { $row }: il CAP «{ $value }» non corrisponde al formato del paese { $country } (ad esempio { $example }). Il contatto non sarà importato.
issue-postal_code-format-digit = Riga { $row }: il CAP «{ $value }» deve contenere cifre. Il contatto non sarà importato.
issue-town-format = Riga { $row }: la località «{ $value }» ha un formato non previsto: non sono ammessi cifre né caratteri speciali. Il contatto non sarà importato.
issue-country-unknown = Riga { $row }: il paese «{ $value }» non è riconosciuto: indicare il codice ISO (CH, FR, DE, …) o il nome in francese, tedesco, inglese o italiano, con gli accenti. Il contatto non sarà importato.
issue-country-unknown-suggestion = Riga { $row }: il paese «{ $value }» non è riconosciuto: forse intendeva { $suggestion } ({ $suggestion_code })? Il contatto non sarà importato.
issue-contact_type-unknown = Riga { $row }: il tipo di contatto «{ $value }» non è né INDIVIDUAL né STRUCTURE. Il contatto non sarà importato.
issue-structure_name-missing = Riga { $row }: manca il nome della struttura, obbligatorio per una struttura. Il contatto non sarà importato.
issue-row-width = Riga { $row }: la riga ha { $value } celle, ma l'intestazione ne ha { $expected }; forse un separatore si trova in un valore non racchiuso tra virgolette. La riga non sarà importata.

## Lo svolgimento di un'importazione

log-start-create = Avvio dell'importazione dei contatti validi del file { $file }; i contatti il cui indirizzo e-mail è già presente nella banca dati dei contatti vengono saltati.
log-start-dry-run = Simulazione (pre-produzione): il file viene letto, verificato e confrontato con la banca dati dei contatti; nella banca dati dei contatti non viene scritto nulla.
log-reading-csv = Lettura del file { $file } ({ $encoding }, separatore { $separator }, { $rows } righe dopo l'intestazione).
log-reading-workbook = Lettura del file { $file } (cartella di lavoro { $format }, foglio «{ $sheet }», { $rows } righe dopo l'intestazione).
log-encoding-fallback = Il file non è in UTF-8 valido: è stato letto come Windows-1252, la codifica che Excel usa per «CSV». Controllare le lettere accentate; salvando come «CSV UTF-8» il problema non si presenta.
log-encoding-switched = Il file è in UTF-8 prima della riga { $row }, ma non da lì in poi: le righe dalla { $row } sono state lette come Windows-1252, la codifica che Excel usa per «CSV». Il file mescola due codifiche: controllare le lettere accentate dalla riga { $row }.
log-header-unknown = La colonna { $position } «{ $header }» non è una colonna riconosciuta: i suoi valori vengono ignorati. Le colonne riconosciute sono quelle del modello di importazione.
log-header-not-imported = La colonna { $position } «{ $header }» appartiene al formato di importazione esteso: questa importazione ne ignora i valori.
log-header-duplicate = La colonna { $position } «{ $header }» indica la stessa colonna di un'intestazione precedente ({ $column }): viene letta solo la prima.
log-header-empty = La colonna { $position } non ha intestazione: i suoi valori vengono ignorati.
log-found-valid = Trovati { $valid } contatti validi nel file { $file }.
log-searching = Ricerca degli indirizzi e-mail già presenti nella banca dati dei contatti.
log-finished = Importazione terminata: { $created } creati, { $skipped } saltati, { $rejected } rifiutati, { $rows } righe lette, in { $duration }.
log-finished-dry-run = Simulazione terminata: { $created } sarebbero creati, { $skipped } saltati, { $rejected } rifiutati, { $rows } righe lette, in { $duration }. Nella banca dati dei contatti non è stato scritto nulla.
log-interrupted = L'importazione è stata interrotta dopo la riga { $checkpoint_row } (il suo processo è terminato): le righe fino a lì sono nella banca dati dei contatti, le altre no. Riprenderla con: intake import --resume { $id }
log-resumed = Ripresa dell'importazione dopo la riga { $checkpoint_row }: le righe fino a lì sono già nella banca dati dei contatti.
log-failed = L'importazione non è riuscita: { $error } Nulla è stato scritto nella banca dati dei contatti.
log-failed-internal = L'importazione non è riuscita per un errore del server (riferimento { $incident } per il suo amministratore). Nulla è stato scritto nella banca dati dei contatti.

## Errori che fermano un'importazione prima dell'avvio

error-file-open = Impossibile aprire { $file }: { $reason }
error-file-empty = { $file } è vuoto: non contiene né una riga di intestazione né contatti.
error-no-header = { $file } non ha una riga di intestazione: la prima riga deve indicare i nomi delle colonne (vedi intake template).
error-no-email-column = { $file } non ha una colonna e-mail: la creazione dei contatti riconosce i doppioni dall'indirizzo e-mail, quindi il file deve avere una colonna «email» (o «E-mail», «Courriel», …).
error-unsupported-format = { $file } non è né un file CSV né una cartella di lavoro Excel (.csv, .txt, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods).
error-csv = { $file }, riga { $row }: il file non può essere letto come CSV: { $reason }
error-workbook = { $file }: la cartella di lavoro non può essere letta: { $reason }
error-store = La banca dati dei contatti { $db } non è utilizzabile: { $reason }
error-thread = Impossibile avviare un thread per leggere il file: { $reason }
error-reading-stopped = La lettura o la verifica del file si è interrotta per un errore interno. Ciò che l'importazione aveva già salvato resta: riprendetela con intake import --resume e, se si interrompe di nuovo, segnalatelo insieme al file.
error-import-not-found = In questa banca dati dei contatti non esiste l'importazione { $id } (vedi intake imports).
error-resume-completed = L'importazione { $id } è terminata: non c'è nulla da riprendere.
error-resume-running = L'importazione { $id } è ancora in corso: attendere che finisca (vedi intake imports).
error-resume-moved-on = L'importazione { $id } è stata ripresa da un altro comando mentre questo attendeva: vedere a che punto è con intake imports, poi riprenderla se non è ancora terminata.
error-resume-changed = { $file } non è il file con cui è iniziata l'importazione { $id } (dimensione o contenuto cambiati): avviare invece una nuova importazione.

## Parole degli elenchi e dei resoconti

status-queued = in coda
status-running = in corso
status-completed = completata
status-failed = non riuscita
status-cancelled = annullata
outcome-created = creato
outcome-updated = aggiornato
outcome-unchanged = invariato
outcome-skipped = saltato
outcome-rejected = rifiutato
outcome-not_found = non trovato
mode-create = creazione
mode-update = aggiornamento
mode-upsert = aggiornamento o creazione
mode-qualify = qualificazione
mode-inactivate = disattivazione
mode-anonymize = anonimizzazione
mode-delete = eliminazione
outcome-inactivated = disattivato
outcome-anonymized = anonimizzato
outcome-deleted = eliminato
dry-run = simulazione
heading-line = N.
heading-time = Ora
heading-level = Livello
heading-category = Categoria
heading-row = Riga
heading-column = Colonna
heading-code = Codice
heading-value = Valore
heading-message = Messaggio
heading-id = Importazione
heading-name = Nome
heading-mode = Modalità
heading-status = Stato
heading-started = Avvio
heading-by = Da
heading-rows = Righe
heading-created = Creati
heading-updated = Aggiornati
heading-unchanged = Invariati
heading-skipped = Saltati
heading-rejected = Rifiutati
heading-contact_number = Numero contatto
heading-created_from = Creato tramite
heading-errors = errori
contacts-found = { $count ->
        [one] { $count } contatto trovato.
       *[other] { $count } contatti trovati.
    }
imports-none = Ancora nessuna importazione. Per iniziare: intake import FILE
log-hint = Registro dettagliato: intake log { $id } (--format xlsx -o log.xlsx per un foglio di calcolo)
rejects-written = { $count } righe rifiutate o saltate scritte in { $file }, con una colonna «errori»: correggerle e importare di nuovo quel file.
phase-reading = Lettura e verifica
phase-writing = Scrittura nella banca dati dei contatti
phase-done = Completato
confirm-nothing = nulla

## Il modello di importazione

template-sheet-contacts = Contatti
template-sheet-help = Guida
template-sheet-lists = Elenchi
template-help-title = Come compilare questo modello
template-help-intro = Un contatto per riga, a partire dalla riga 2. Non eliminare la riga di intestazione. Salvare come «CSV UTF-8» o mantenere il file .xlsx. Una riga che viola una regola non viene importata; il registro di importazione elenca ogni regola violata con la relativa riga e colonna.
template-help-column = Colonna
template-help-rule = Regola
template-help-empty = Se vuoto
template-rule-email = Un indirizzo valido (name@domain.tld), una sola volta nel file. Un contatto il cui indirizzo e-mail è già presente nella banca dati dei contatti non viene creato di nuovo.
template-empty-email = Obbligatorio: la riga non viene importata.
template-rule-title = MR, MRS, MISS, MR_AND_MRS o UNDEFINED (da scegliere nell'elenco).
template-empty-title = Il valore predefinito dell'istituzione (UNDEFINED).
template-rule-first_name = Lettere, spazi, trattini, apostrofi e punti; niente cifre.
template-empty-first_name = Importato come «-».
template-rule-last_name = Lettere, spazi, trattini, apostrofi e punti; niente cifre.
template-empty-last_name = Importato come «-».
template-rule-birthdate = gg.mm.aaaa, una data esistente, non nel futuro (ad esempio 24.03.1985).
template-empty-birthdate = Resta vuoto.
template-rule-language = Una lingua dell'istituzione: { $languages }.
template-empty-language = La lingua predefinita dell'istituzione ({ $default }).
template-rule-address_line1 = Testo libero: via e numero civico.
template-empty-address_line1 = Vuoto.
template-rule-address_line2 = Testo libero: edificio, casella postale, …
template-empty-address_line2 = Vuoto.
template-rule-postal_code = Cifre, nel formato del paese (CH 1003, FR 75001, DE 10115, …).
template-empty-postal_code = Obbligatorio se la riga contiene un indirizzo.
template-rule-town = Lettere, spazi, trattini, apostrofi, punti; niente cifre.
template-empty-town = Obbligatorio se la riga contiene un indirizzo.
template-rule-state = Testo libero: dipartimento, cantone, provincia.
template-empty-state = Vuoto.
template-rule-country = Codice ISO (CH, FR, DE, BE, …) o nome del paese con gli accenti (Suisse, Brésil, Deutschland, …).
template-empty-country = Obbligatorio se la riga contiene un indirizzo.
log-cancelled = L'importazione è stata annullata dopo la riga { $row }: non ne è stato conservato nulla nella banca dati dei contatti.
log-cancelled-waiting = L'importazione è stata annullata mentre attendeva un'altra scrittura, prima di scrivere alcunché: niente di essa è nella base dei contatti.

## L'applicazione web

web-nav-upload = Nuova importazione
web-nav-imports = Importazioni
web-nav-contacts = Contatti
web-nav-signout = Esci
web-nav-language = Lingua
web-skip = Vai al contenuto
web-signin-title = Accesso
web-signin-email = E-mail
web-signin-password = Password
web-signin-submit = Accedi
web-signin-failed = E-mail o password errati.
web-signin-limited = Troppi tentativi di accesso. Attendere qualche minuto e riprovare.
web-upload-title = Importa contatti
web-upload-intro = Inserire persone e strutture nella propria banca dati dei contatti da un file CSV o da una cartella di lavoro Excel. Ogni riga viene verificata, i doppioni vengono esclusi e ogni decisione viene annotata in un registro consultabile.
web-template-title = Partire dal modello
web-template-text = Il modello contiene le colonne giuste nella sua lingua, con elenchi a discesa in Excel.
web-template-csv = Modello (CSV)
web-template-xlsx = Modello (Excel)
web-upload-file = File (CSV, XLSX, XLS o ODS)
web-upload-drop = Trascinare qui il file oppure sceglierlo
web-upload-chosen = File scelto: { $file }
web-upload-name = Nome dell'importazione
web-upload-name-hint = I contatti lo mostreranno come «Creato tramite». Predefinito: il nome del file.
web-upload-mode = Modalità
web-mode-create-hint = Crea i contatti il cui indirizzo e-mail non è ancora nella banca dati; gli altri vengono saltati.
web-upload-dry-run = Simulazione: verificare e confrontare tutto, senza scrivere nulla
web-upload-notify = Avvisarmi per e-mail alla fine ({ $email })
web-upload-submit = Avvia l'importazione
web-upload-sending = Invio del file…
web-upload-missing = Scegliere un file da importare.
web-upload-too-large = Il file supera il limite di { $limit } MiB.
web-upload-bad-mode = Questa modalità non è disponibile: { $mode }.
web-imports-title = Importazioni
web-imports-empty = Ancora nessuna importazione. Avviarne una da «Nuova importazione».
web-import-title = Importazione { $id }: { $name }
web-import-file = File: { $file }
web-import-by = Avviata da { $user } il { $date }
web-progress-total = { $done } di circa { $total } righe
web-progress-rows = { $done } righe
web-progress-rate = { $rate } righe/s
web-phase-queued = In attesa di un processo libero
web-cancel = Annulla l'importazione
web-cancel-confirm = Interrompere questa importazione? Non ne sarà conservato nulla nella banca dati dei contatti.
web-downloads = Download
web-download-log-xlsx = Registro (Excel)
web-download-log-csv = Registro (CSV)
web-download-log-json = Registro (JSON)
web-download-rejects = Righe rifiutate e saltate
web-log-title = Registro dettagliato
web-filter-level = Livello
web-filter-category = Categoria
web-filter-all = Tutti
web-filter-apply = Filtra
web-log-empty = Nessuna riga corrisponde.
web-page = Pagina { $page } di { $pages }
web-page-previous = Pagina precedente
web-page-next = Pagina successiva
web-contacts-title = Contatti
web-contacts-created-from = Creato tramite
web-contacts-type = Tipo
web-contacts-any = Tutti
web-type-INDIVIDUAL = Persona
web-type-STRUCTURE = Struttura
web-contacts-shown = Vengono mostrati i primi { $shown }.
web-contacts-export-csv = Esporta (CSV)
web-contacts-export-xlsx = Esporta (Excel)
web-error-title = Si è verificato un errore
web-error-not-found = Questa pagina non esiste.
web-error-forbidden = Il suo ruolo non lo consente.
web-error-csrf = Il modulo è scaduto. Ricaricare la pagina e riprovare.
web-error-unauthorized = Accedere prima (API: header Authorization: Bearer <token>).
web-error-busy = Il server è occupato con altre richieste. Riprovi tra qualche secondo.
web-error-internal = Il server non ha potuto eseguire l'operazione. Se si ripete, comunichi questo riferimento al suo amministratore: { $incident }.
web-back = Indietro
mail-subject = Importazione «{ $name }»: { $status }
mail-greeting = Buongiorno,
mail-body = L'importazione «{ $name }» si è conclusa: { $status }.
mail-counts = Righe lette: { $rows } · creati: { $created } · saltati: { $skipped } · rifiutati: { $rejected }
mail-duration = Durata: { $duration }
mail-link = Il registro dettagliato: { $url }
log-mail-failed = Non è stato possibile inviare l'e-mail di fine importazione a { $to }: { $error }
log-requeued = Il server è stato arrestato durante questa importazione; un nuovo processo la riprende.
web-nav-users = Utenti
web-users-title = Utenti di { $institution }
web-role-admin = Amministratore
web-role-staff = Collaboratore
web-users-role = Ruolo
web-error-bad-value = { $name }: il valore { $value } non è ammesso qui (valori ammessi: { $allowed }).
web-error-bad-back = L'indirizzo della pagina a cui tornare non è valido.

## Il formato esteso e i servizi

category-change = Modifica
issue-contact_number-format = Riga { $row }: il numero di contatto «{ $value }» deve contenere solo cifre. Il contatto non sarà importato.
issue-contact_number-out_of_range = Riga { $row }: il numero di contatto { $value } è fuori dall'intervallo riservato ai numeri preesistenti (da { $from } a { $to }). Il contatto non sarà importato.
issue-contact_number-out_of_range-none = Riga { $row }: il numero di contatto { $value } non può essere mantenuto: l'istituzione non ha un intervallo riservato ai numeri preesistenti (intake numbers reserve FROM..TO). Il contatto non sarà importato.
issue-contact_number-missing = Riga { $row }: manca il numero di contatto; questa importazione individua i contatti tramite il loro numero. La riga non sarà importata.
issue-contact_number-exists = Riga { $row }: il numero di contatto { $value } è già in uso nella banca dati dei contatti o apparteneva a un contatto eliminato. Il contatto non sarà importato.
issue-contact_number-duplicate_in_file = Riga { $row }: il numero di contatto { $value } è già presente alla riga { $earlier_row } del file. La riga non sarà importata.
issue-structure-duplicate = Riga { $row }: la struttura «{ $value }» con questo indirizzo è già presente nella banca dati dei contatti (contatto { $contact_number }). Il contatto non sarà importato.
issue-structure-duplicate-in-file = Riga { $row }: la struttura «{ $value }» con questo indirizzo è già presente alla riga { $earlier_row } del file. Il contatto non sarà importato.
issue-structure_type-unknown = Riga { $row }: il tipo di struttura «{ $value }» non è definito (tipi definiti: { $expected }; vedi intake structure-types list). Il contatto non sarà importato.
issue-criterion-unknown = Riga { $row }: il criterio { $code } non è definito (vedi intake criteria list). Il contatto non sarà importato.
issue-criterion_element-unknown = Riga { $row }: il criterio { $code } non ha l'elemento { $element } (i suoi elementi: { $expected }). Il contatto non sarà importato.
issue-authorization-unknown = Riga { $row }: l'autorizzazione { $code } non è definita (vedi intake authorizations list). Il contatto non sarà importato.
issue-authorization-value = Riga { $row }: l'autorizzazione { $code } vale «{ $value }»: indicare sì o no (Y/N, 1/0, oui/non, ja/nein, sì/no, true/false). Il contatto non sarà importato.
issue-phone-format = Riga { $row }: il numero di telefono «{ $value }» non è un numero valido { $country ->
        [none] (indicarlo con il prefisso internazionale, ad esempio +41 21 312 34 56, oppure indicare un paese per la riga)
        [code] per il suo prefisso internazionale
       *[other] per il paese { $country }
    }. Il contatto non sarà importato.
issue-contact-not_found = Riga { $row }: nessun contatto della banca dati ha { $column ->
        [contact_number] il numero
       *[email] l'indirizzo e-mail
    } { $value }. La riga non viene importata.
issue-contact-ambiguous = Riga { $row }: l'indirizzo e-mail { $value } appartiene a più contatti ({ $numbers }): non ne viene scelto nessuno. Usare invece il numero di contatto per l'abbinamento. La riga non viene importata.
issue-contact-possible_duplicate = Riga { $row }: somiglia al contatto { $contact_number } con un'altra e-mail (punteggio { $score }; simili: { $alike }): possibile doppione. Il contatto viene importato comunque; confrontarli con intake duplicates find --explain.
issue-authorization-consent_kept = Riga { $row }: il contatto { $contact_number } ha risposto no a { $code }; questa importazione non trasforma un no in un sì (--allow-consent-upgrade lo consente). Il resto della riga viene importato.
issue-member-structure_not_found = Riga { $row }: { $count ->
        [0] nessuna struttura si chiama «{ $value }»
       *[other] { $count } strutture si chiamano «{ $value }»
    }: il contatto viene importato senza appartenenza a una struttura.
log-start-service = Avvio dell'elaborazione in modalità «{ $mode }» dei contatti del file { $file }, individuati tramite { $key ->
        [contact_number] il numero di contatto
       *[email] l'indirizzo e-mail
    }.
log-finished-service = Importazione terminata: { $created } creati, { $updated } aggiornati, { $unchanged } invariati, { $skipped } saltati, { $rejected } rifiutati, { $rows } righe lette, in { $duration }.
log-finished-service-dry-run = Simulazione terminata: { $created } sarebbero creati, { $updated } aggiornati, { $unchanged } invariati, { $skipped } saltati, { $rejected } rifiutati, { $rows } righe lette, in { $duration }. Nella banca dati dei contatti non è stato scritto nulla.
log-row-created = Riga { $row }: contatto { $contact_number } creato.
log-row-updated = Riga { $row }: contatto { $contact_number } aggiornato.
log-row-unchanged = Riga { $row }: il contatto { $contact_number } ha già questi valori: invariato.
log-row-inactivated = Riga { $row }: contatto { $contact_number } disattivato.
log-row-anonymized = Riga { $row }: contatto { $contact_number } anonimizzato: i suoi dati personali sono cancellati definitivamente.
log-row-deleted = Riga { $row }: contatto { $contact_number } eliminato; il suo numero non sarà mai più assegnato.
log-change = Riga { $row }: { $column } «{ $before }» → «{ $after }».
log-change-set = Riga { $row }: { $column }: nuovo valore «{ $after }».
log-change-cleared = Riga { $row }: { $column }: valore «{ $before }» cancellato.
log-undone = Importazione annullata da { $who }: { $removed ->
        [one] rimosso { $removed } contatto che aveva creato
       *[other] rimossi { $removed } contatti che aveva creato
    }, { $restored ->
        [one] ripristinato { $restored } contatto
       *[other] ripristinati { $restored } contatti
    }.
error-no-key-column = { $file } non ha una colonna { $column }: la modalità «{ $mode }» individua i contatti tramite questa colonna (oppure scegliere la chiave con --match).
error-undo-dry-run = L'importazione { $id } era una simulazione: non ha scritto nulla, non c'è nulla da annullare.
error-undo-status = L'importazione { $id } ha lo stato «{ $status }»: solo un'importazione completata può essere annullata.
error-undo-irreversible = L'importazione { $id } è stata eseguita in modalità «{ $mode }»: i dati dei suoi contatti sono stati cancellati definitivamente, non può essere annullata.
error-undo-touched = L'importazione { $id } non può essere annullata: un'importazione successiva ({ $by }) ha modificato alcuni dei suoi contatti ({ $numbers }). Annullare prima quella.
confirm-mode = { $mode ->
        [inactivate] I contatti di { $file } verranno disattivati (con intake undo è possibile ripristinarli).
        [anonymize] I dati personali dei contatti di { $file } verranno cancellati definitivamente: nomi, data di nascita, e-mail, telefoni, indirizzi e i relativi valori nei registri precedenti. L'operazione è irreversibile.
       *[delete] I contatti di { $file } verranno eliminati definitivamente; i loro numeri non saranno mai più assegnati. L'operazione è irreversibile.
    }
confirm-undo = L'importazione { $id } verrà annullata: { $removed ->
        [one] { $removed } contatto che ha creato sarà rimosso
       *[other] i { $removed } contatti che ha creato saranno rimossi
    }, { $restored ->
        [one] { $restored } contatto che ha modificato sarà ripristinato
       *[other] i { $restored } contatti che ha modificato saranno ripristinati
    }.
confirm-question = Digitare sì per continuare:
confirm-needed = { $what } richiede una conferma: eseguire il comando in un terminale oppure aggiungere --yes.
confirm-declined = Non è stata apportata alcuna modifica.
undo-done = Importazione { $id } annullata: { $removed ->
        [one] { $removed } contatto rimosso
       *[other] { $removed } contatti rimossi
    }, { $restored ->
        [one] { $restored } contatto ripristinato
       *[other] { $restored } contatti ripristinati
    }.
reference-saved = Salvato.
reference-removed = Rimosso.
reference-none = Non è ancora definito nulla.
numbers-reserved = I numeri preesistenti da { $from } a { $to } sono riservati; i nuovi contatti vengono numerati a partire da { $next }.
numbers-none = Nessun intervallo riservato; i nuovi contatti vengono numerati a partire da { $next }.
error-reference-in-use = { $what } è in uso per { $count ->
        [one] { $count } contatto
       *[other] { $count } contatti
    }: la rimozione non è possibile.
error-reference-missing = { $what } non esiste.
error-range = «{ $value }» non è un intervallo: scrivere FROM..TO, ad esempio 1..999999.
setup-done = { $file }: { $criteria } criteri, { $types } tipi di struttura, { $authorizations } autorizzazioni{ $reserved ->
        [yes] , un intervallo riservato
       *[no] {""}
    } configurati.
web-upload-confirm-needed = La modalità «{ $mode }» non può essere annullata o modifica i contatti in modo definitivo: spuntare la casella di conferma (oppure inviare confirm=true).
web-upload-confirm = Confermo: questa operazione disattiva, anonimizza o elimina i contatti individuati (anonimizzazione ed eliminazione sono irreversibili).
web-upload-match = Abbinare le righe tramite
web-upload-match-auto = numero di contatto se il file contiene questa colonna, altrimenti indirizzo e-mail
web-upload-match-email = indirizzo e-mail
web-upload-match-number = numero di contatto
web-upload-consent-upgrade = Consentire al file di trasformare un consenso «no» in «sì»
web-template-extended = Modello esteso (XLSX)
log-header-ignored = La colonna { $position } «{ $header }» non viene modificata in modalità «{ $mode }»: i suoi valori vengono ignorati.
error-unclosed-quote = { $file }, riga { $row }: un valore si apre con una virgoletta (") che non viene mai chiusa, quindi ogni riga successiva verrebbe letta in quell'unica cella. Chiudete la virgoletta (o toglietela) e importate di nuovo il file.
error-quote-too-long = { $file }, riga { $row }: un valore si apre con una virgoletta (") ancora aperta { $lines } righe più avanti: probabilmente manca la virgoletta di chiusura. Chiudetela (o togliete quella di apertura) e importate di nuovo il file.
error-row-too-long = { $file }, la riga { $row } supera { $limit }, il massimo che intake legge in una riga: verificate che le righe del file finiscano dove devono (o salvatelo di nuovo da Excel) e importatelo di nuovo.
error-too-many-columns = { $file }: la riga d'intestazione ha { $columns } colonne; intake ne legge al massimo { $limit }. Togliete le colonne che non importate e riprovate.
error-workbook-inflated = { $file }: la parte { $part } della cartella di lavoro si decomprime in più di { $limit }, che intake non legge. Salvate il foglio come CSV e importate quello.
error-workbook-rows = { $file }: il foglio ha righe oltre la riga { $limit }, l'ultima di Excel: la cartella di lavoro non è stata fatta con Excel o è danneggiata. Salvate il foglio come CSV e importate quello.
error-workbook-cells = { $file }: il foglio ha più di { $limit } celle (comprese le celle vuote tra i valori), più di quante intake ne legga. Salvate il foglio come CSV e importate quello.
error-workbook-cells-whole = { $file }: il foglio ha più di { $limit } celle; questo tipo di cartella di lavoro viene letto tutto in memoria e intake non ne legge di più. Salvatela in .xlsx o in CSV e importate quella.
error-workbook-column = { $file }, riga { $row }: c'è un valore nella colonna { $column }, oltre le prime { $limit } colonne che intake legge. Cancellatelo (o spostatelo a sinistra) e importate di nuovo.
error-workbook-cell-length = { $file }, riga { $row }, colonna { $column }: la cella contiene più di { $limit } caratteri, il limite di Excel stesso: la cartella di lavoro non è stata fatta con Excel o è danneggiata.
error-workbook-strings = { $file }: i testi della cartella di lavoro occupano più di { $limit }, più di quanto intake tenga in memoria durante la lettura. Salvate il foglio come CSV e importate quello.
error-workbook-memory = { $file }: la lettura di questa cartella di lavoro ha richiesto più di { $limit } di memoria o { $seconds } secondi (la lettura di questo tipo di cartella ne tiene gran parte in memoria, e questa è danneggiata o fatta per essere troppo grande). Salvarla come .xlsx o come CSV e importare quella.
error-workbook-node = { $file }: la parte { $part } della cartella di lavoro contiene un solo valore o spazio di oltre 1 MiB, cosa che nessuna cartella salvata da Excel contiene. Salvate il foglio come CSV e importate quello.
issue-cell-too_long = Riga { $row }: il valore «{ $value }» di { $column } supera i { $limit } caratteri che questa colonna accetta. Il contatto non sarà importato; le sue altre regole saranno verificate una volta accorciata questa cella.
issue-cell-control_character = Riga { $row }: il valore «{ $value }» di { $column } contiene un carattere di controllo ({ $character }), che nessuno digita: il file è stato probabilmente danneggiato o esportato da un altro programma. Il contatto non sarà importato; le sue altre regole saranno verificate una volta corretta questa cella.
log-failed-resumable = L'importazione non è riuscita: { $error } Le righe fino alla riga { $checkpoint_row } sono nella banca dati dei contatti, le altre no. Una volta corretta la causa, riprenderla con: intake import --resume { $id }
phase-waiting = In attesa di un'altra importazione
waiting-for-writer = In attesa che { $what ->
    [undo] l'annullamento dell'importazione
   *[other] l'importazione
} { $id } (avviata da { $who } il { $since }) finisca di scrivere in questa istituzione…
waiting-for-writer-unknown = In attesa che un'altra importazione finisca di scrivere in questa istituzione…
log-waited = Atteso { $duration } che { $what ->
    [undo] l'annullamento dell'importazione
   *[other] l'importazione
} { $id } (avviata da { $who }) finisse di scrivere in questa istituzione.
log-waited-unknown = Atteso { $duration } che un'altra importazione finisse di scrivere in questa istituzione.
error-writer-busy = { $what ->
    [undo] L'annullamento dell'importazione
   *[other] L'importazione
} { $id } (avviata da { $who } il { $since }) sta scrivendo in questa istituzione, e questo comando non doveva attendere (--no-wait). Rilanciatelo quando quella sarà finita (vedere intake imports).
error-writer-busy-unknown = Un'altra importazione sta scrivendo in questa istituzione, e questo comando non doveva attendere (--no-wait). Rilanciatelo quando quella sarà finita (vedere intake imports).
value-withheld = (non conservato: questa esecuzione cancella dati personali)
log-erased = Riga { $row }: questa riga riguardava una persona cancellata da allora (anonimizzata o eliminata); ciò che diceva se n'è andato con lei.
log-expired = Riga { $row }: i valori di questa riga sono stati cancellati al termine del periodo di conservazione dell'istituzione.
error-upload-erased = Il file di questa importazione è stato cancellato (il suo periodo di conservazione è terminato, o le persone che conteneva sono state anonimizzate): le sue righe non possono più essere riscritte. Il suo registro le elenca ancora.
error-upload-kept = Il file caricato { $path } non ha potuto essere rimosso ({ $reason }): contiene ancora le persone cancellate. Rimuoverlo a mano.
retention-erased = Conservazione di { $days } giorni: cancellati i valori personali di { $lines } righe di registro e { $uploads } file caricati di { $imports } importazioni terminate prima del { $cutoff }.
retention-would-erase = Conservazione di { $days } giorni: cancellerebbe i valori personali di { $lines } righe di registro e { $uploads } file caricati di { $imports } importazioni terminate prima del { $cutoff } (prova: nulla è stato cancellato).

# Doppioni: ogni campo di una coppia confrontato, e che cos'è la coppia.
duplicates-field-phone = Telefono
duplicates-field-address = Indirizzo
duplicates-same = { $field }: uguale
duplicates-same-except-case = { $field }: uguale salvo maiuscole
duplicates-same-without-accents = { $field }: uguale senza accenti
duplicates-same-street-abbreviated = { $field }: stessa via ({ $left } = { $right })
duplicates-close = { $field }: { $left } ~ { $right }
duplicates-initial = { $field }: { $left } ~ { $right } (un'iniziale)
duplicates-holds = { $field }: { $left } ~ { $right } (cognome doppio o da sposata?)
duplicates-swapped = { $field }: nome e cognome scambiati
duplicates-other-domain = { $field }: stesso nome, altro dominio ({ $left } ~ { $right })
duplicates-day-month = { $field }: giorno e mese scambiati ({ $left } ~ { $right })
duplicates-one-digit = { $field }: una cifra di differenza ({ $left } ~ { $right })
duplicates-other-postal-code = { $field }: stessa via, altro codice postale: trasferito?
duplicates-other-address = { $field }: altro indirizzo: trasferito?
duplicates-different = { $field }: { $left } ≠ { $right }
duplicates-missing = { $field }: manca da un lato
duplicates-household = stessa famiglia, non un doppione
duplicates-judgement-duplicate = probabile doppione (punteggio { $score })
duplicates-judgement-household = stessa famiglia, non un doppione: condividono un indirizzo, un telefono o un'e-mail ma non un nome o una data di nascita
duplicates-judgement-different = non un doppione (punteggio { $score })
duplicates-judgement-not-compared = non confrontati: non condividono né nome, né e-mail, né telefono, né data di nascita, né un indirizzo abbastanza vicini (punteggio { $score })
duplicates-judgement-never = una persona e una struttura non sono mai lo stesso contatto
duplicates-summary =
    { $people ->
        [one] { $people } persona
       *[other] { $people } persone
    }, { $compared ->
        [one] { $compared } coppia confrontata
       *[other] { $compared } coppie confrontate
    }, { $pairs ->
        [one] { $pairs } proposta
       *[other] { $pairs } proposte
    } in { $clusters ->
        [one] { $clusters } gruppo
       *[other] { $clusters } gruppi
    }, { $households ->
        [one] { $households } famiglia scartata
       *[other] { $households } famiglie scartate
    }
duplicates-unknown-id = { $id } non è tra le persone cercate
duplicates-unknown-contact = { $number } non è un contatto di questa base
duplicates-reviewed-same =
    { $pairs ->
        [one] { $pairs } coppia rivista come una sola persona
       *[other] { $pairs } coppie riviste come una sola persona
    }
duplicates-reviewed-different =
    { $pairs ->
        [one] { $pairs } coppia rivista come due persone: mai più proposta
       *[other] { $pairs } coppie riviste come due persone: mai più proposte
    }
