# intake — English messages.
# Every file in this folder has exactly the same message ids (a test checks it).
# Placeables: $row is a spreadsheet row (header = 1), $value the cell as found.

## Levels and categories of log lines

level-info = Info
level-warning = Warning
level-error = Error
category-initialisation = Initialisation
category-format = Format incorrect
category-conflict = Conflict
category-not_found = Not found
category-summary = Summary

## Column labels: template headers and the "column" of a log line.
## Each label must be recognised again as a header (crates/core/src/header.rs).

column-email = E-mail
column-contact_type = Contact type
column-title = Title
column-first_name = First name
column-last_name = Last name
column-birthdate = Date of birth
column-language = Language
column-structure_name = Structure name
column-address_line1 = Address line 1
column-address_line2 = Address line 2
column-postal_code = Postal code
column-town = Town
column-state = State
column-country = Country

## Row findings. Each says the row, the value, what would be right, and what happens.

issue-email-missing = Row { $row }: the email address is missing; an individual needs one to be created. The contact will not be imported.
issue-email-format = Row { $row }: the email address "{ $value }" is not well formed (expected name@domain.tld, without spaces). The contact will not be imported.
issue-email-duplicate_in_file = Row { $row }: the email address { $value } was already found in row { $earlier_row } of the file. The contact will not be imported.
issue-email-exists = Row { $row }: the email address { $value } is already present in the contact base (contact { $contact_number }). The contact will not be imported.
issue-first_name-format = Row { $row }: first name "{ $value }" has an unexpected format: only letters, spaces, hyphens, apostrophes and dots are allowed. The contact will not be imported.
issue-last_name-format = Row { $row }: last name "{ $value }" has an unexpected format: only letters, spaces, hyphens, apostrophes and dots are allowed. The contact will not be imported.
issue-title-unknown = Row { $row }: title "{ $value }" is not one of MR, MRS, MISS, MR_AND_MRS, UNDEFINED. The contact will not be imported.
issue-title-unknown-suggestion = Row { $row }: title "{ $value }" is not one of MR, MRS, MISS, MR_AND_MRS, UNDEFINED (did you mean { $suggestion }?). The contact will not be imported.
issue-language-unknown = Row { $row }: language "{ $value }" is not one of the institution's languages ({ $expected }). The contact will not be imported.
issue-birthdate-format = Row { $row }: birthdate "{ $value }" has an unexpected format: expected dd.mm.yyyy, for example 24.03.1985. The contact will not be imported.
issue-birthdate-invalid = Row { $row }: birthdate "{ $value }" { $reason ->
        [future] is in the future.
        [too_old] is before 1900.
       *[no_such_day] is not a real calendar date.
    } The contact will not be imported.
issue-address-incomplete = Row { $row }: the address is incomplete: { $column ->
        [postal_code] the postal code
        [town] the town
        [billing_postal_code] the billing postal code
        [billing_town] the billing town
        [billing_country] the billing country
        [shipping_postal_code] the shipping postal code
        [shipping_town] the shipping town
        [shipping_country] the shipping country
       *[country] the country
    } is missing (an address needs a postal code, a town and a country). The contact will not be imported.
issue-postal_code-format = Row { $row }: postal code "{ $value }" does not fit the format of { $country } (for example { $example }). The contact will not be imported.
issue-postal_code-format-digit = Row { $row }: postal code "{ $value }" must contain digits. The contact will not be imported.
issue-town-format = Row { $row }: town "{ $value }" has an unexpected format: no digits or special characters. The contact will not be imported.
issue-country-unknown = Row { $row }: country "{ $value }" is not known: write its ISO code (CH, FR, DE, …) or its name in French, German, English or Italian, with its accents. The contact will not be imported.
issue-country-unknown-suggestion = Row { $row }: country "{ $value }" is not known: did you mean { $suggestion } ({ $suggestion_code })? The contact will not be imported.
issue-contact_type-unknown = Row { $row }: contact type "{ $value }" is neither INDIVIDUAL nor STRUCTURE. The contact will not be imported.
issue-structure_name-missing = Row { $row }: a structure needs a structure name. The contact will not be imported.
issue-row-width = Row { $row }: the row has { $value } cells but the header has { $expected }; a separator may stand inside an unquoted value. The row will not be imported.

## The story of an import

log-start-create = Starting import of valid contacts in file { $file }, skipping contacts whose email is already present in the contact base.
log-start-dry-run = Dry run (pre-production): the file is read, checked and matched against the contact base; nothing is written to the contact base.
log-reading-csv = Reading file { $file } ({ $encoding }, separator { $separator }, { $rows } rows after the header).
log-reading-workbook = Reading file { $file } ({ $format } workbook, sheet "{ $sheet }", { $rows } rows after the header).
log-encoding-fallback = The file is not valid UTF-8: it was read as Windows-1252, the encoding Excel uses for "CSV". Check the accented letters; saving as "CSV UTF-8" avoids this.
log-encoding-switched = The file is UTF-8 before row { $row } but not from there on: rows from { $row } were read as Windows-1252, the encoding Excel uses for "CSV". The file mixes two encodings: check the accented letters from row { $row }.
log-header-unknown = Column { $position } "{ $header }" is not a known column: its values are ignored. The known columns are those of the import template.
log-header-not-imported = Column { $position } "{ $header }" belongs to the extended import format: this import ignores its values.
log-header-duplicate = Column { $position } "{ $header }" names the same column as an earlier header ({ $column }): only the first one is read.
log-header-empty = Column { $position } has no header: its values are ignored.
log-found-valid = Found { $valid } valid contacts in file { $file }.
log-searching = Searching for emails already present in the contact base.
log-finished = Import finished: { $created } created, { $skipped } skipped, { $rejected } rejected, { $rows } rows read, in { $duration }.
log-finished-dry-run = Dry run finished: { $created } would be created, { $skipped } skipped, { $rejected } rejected, { $rows } rows read, in { $duration }. Nothing was written to the contact base.
log-interrupted = The import was interrupted after row { $checkpoint_row } (its process ended): the rows up to there are in the contact base, the others are not. Resume it with: intake import --resume { $id }
log-resumed = Resuming the import after row { $checkpoint_row }: the rows up to there are already in the contact base.
log-failed = The import failed: { $error } Nothing of it was written to the contact base.
log-failed-internal = The import failed on a server error (reference { $incident } for your administrator). Nothing of it was written to the contact base.

## Errors that stop an import before it starts

error-file-open = Cannot open { $file }: { $reason }
error-file-empty = { $file } is empty: it has neither a header row nor contacts.
error-no-header = { $file } has no header row: the first row must name the columns (see intake template).
error-no-email-column = { $file } has no email column: creating contacts finds duplicates by email, so the file needs a column "email" (or "E-mail", "Courriel", …).
error-unsupported-format = { $file } is neither a CSV file nor an Excel workbook (.csv, .txt, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods).
error-csv = { $file }, row { $row }: the file cannot be read as CSV: { $reason }
error-workbook = { $file }: the workbook cannot be read: { $reason }
error-store = The contact base { $db } cannot be used: { $reason }
error-thread = Cannot start a thread to read the file: { $reason }
error-reading-stopped = Reading or checking the file stopped on an internal error. What the import committed before stays: resume it with intake import --resume, and if it stops again, report it with the file.
error-import-not-found = There is no import { $id } in this contact base (see intake imports).
error-resume-completed = Import { $id } has completed: there is nothing to resume.
error-resume-running = Import { $id } is still running: wait for it to end (see intake imports).
error-resume-moved-on = Import { $id } was taken up by another command while this one waited: see where it stands with intake imports, then resume it again if it is still unfinished.
error-resume-changed = { $file } is not the file import { $id } started with (its size or content changed): start a new import instead.

## Words of the lists and reports

status-queued = queued
status-running = running
status-completed = completed
status-failed = failed
status-cancelled = cancelled
outcome-created = created
outcome-updated = updated
outcome-unchanged = unchanged
outcome-skipped = skipped
outcome-rejected = rejected
outcome-not_found = not found
mode-create = create
mode-update = update
mode-upsert = update or create
mode-qualify = qualify
mode-inactivate = inactivate
mode-anonymize = anonymize
mode-delete = delete
outcome-inactivated = inactivated
outcome-anonymized = anonymized
outcome-deleted = deleted
dry-run = dry run
heading-line = No.
heading-time = Time
heading-level = Level
heading-category = Category
heading-row = Row
heading-column = Column
heading-code = Code
heading-value = Value
heading-message = Message
heading-id = Import
heading-name = Name
heading-mode = Mode
heading-status = Status
heading-started = Started
heading-by = By
heading-rows = Rows
heading-created = Created
heading-updated = Updated
heading-unchanged = Unchanged
heading-skipped = Skipped
heading-rejected = Rejected
heading-contact_number = Contact number
heading-created_from = Created from
heading-errors = errors
contacts-found = { $count ->
        [one] 1 contact found.
       *[other] { $count } contacts found.
    }
imports-none = No import yet. Start with: intake import FILE
log-hint = Detailed log: intake log { $id } (--format xlsx -o log.xlsx for a spreadsheet)
rejects-written = { $count } rejected or skipped rows written to { $file }, with an "errors" column: fix them and import that file again.
phase-reading = Reading and checking
phase-writing = Writing to the contact base
phase-done = Done
confirm-nothing = nothing

## The import template

template-sheet-contacts = Contacts
template-sheet-help = Help
template-sheet-lists = Lists
template-help-title = How to fill in this template
template-help-intro = One contact per row, from row 2 on. Keep the header row. Save as "CSV UTF-8" or keep the .xlsx file. A row that breaks a rule is not imported; the import log lists every broken rule with its row and column.
template-help-column = Column
template-help-rule = Rule
template-help-empty = When empty
template-rule-email = A well-formed address (name@domain.tld), once in the file. A contact whose email is already in the contact base is not created again.
template-empty-email = Mandatory: the row is not imported.
template-rule-title = MR, MRS, MISS, MR_AND_MRS or UNDEFINED (choose from the list).
template-empty-title = The institution's default (UNDEFINED).
template-rule-first_name = Letters, spaces, hyphens, apostrophes and dots; no digits.
template-empty-first_name = Imported as "-".
template-rule-last_name = Letters, spaces, hyphens, apostrophes and dots; no digits.
template-empty-last_name = Imported as "-".
template-rule-birthdate = dd.mm.yyyy, a real date, not in the future (for example 24.03.1985).
template-empty-birthdate = Stays empty.
template-rule-language = A language of the institution: { $languages }.
template-empty-language = The institution's default language ({ $default }).
template-rule-address_line1 = Free text: street and number.
template-empty-address_line1 = Empty.
template-rule-address_line2 = Free text: building, post box, …
template-empty-address_line2 = Empty.
template-rule-postal_code = Digits, in the country's format (CH 1003, FR 75001, DE 10115, …).
template-empty-postal_code = Mandatory as soon as the row has an address.
template-rule-town = Letters, spaces, hyphens, apostrophes, dots; no digits.
template-empty-town = Mandatory as soon as the row has an address.
template-rule-state = Free text: department, canton, state.
template-empty-state = Empty.
template-rule-country = ISO code (CH, FR, DE, BE, …) or the country's name with its accents (Suisse, Brésil, Deutschland, …).
template-empty-country = Mandatory as soon as the row has an address.
log-cancelled = The import was cancelled after row { $row }: nothing of it was kept in the contact base.
log-cancelled-waiting = The import was cancelled while it waited for another writer, before it wrote anything: nothing of it is in the contact base.

## The web application

web-nav-upload = New import
web-nav-imports = Imports
web-nav-contacts = Contacts
web-nav-signout = Sign out
web-nav-language = Language
web-skip = Skip to the content
web-signin-title = Sign in
web-signin-email = Email
web-signin-password = Password
web-signin-submit = Sign in
web-signin-failed = Wrong email or password.
web-signin-limited = Too many sign-in attempts. Wait a few minutes and try again.
web-upload-title = Import contacts
web-upload-intro = Bring people and organisations into your contact base from a CSV file or an Excel workbook. Every row is checked, duplicates are kept out, and every decision is written in a log you can read.
web-template-title = Start from the template
web-template-text = The template has the right columns in your language, with drop-down lists in Excel.
web-template-csv = Template (CSV)
web-template-xlsx = Template (Excel)
web-upload-file = File (CSV, XLSX, XLS or ODS)
web-upload-drop = Drop the file here, or choose it
web-upload-chosen = Chosen: { $file }
web-upload-name = Name of the import
web-upload-name-hint = The contacts will show it as "created from". Default: the file name.
web-upload-mode = Mode
web-mode-create-hint = Creates the contacts whose email is not in the base yet; the others are skipped.
web-upload-dry-run = Dry run: check and match everything, write nothing
web-upload-notify = Email me at the end ({ $email })
web-upload-submit = Start the import
web-upload-sending = Sending the file…
web-upload-missing = Choose a file to import.
web-upload-too-large = The file is larger than the limit of { $limit } MiB.
web-upload-bad-mode = This mode is not available: { $mode }.
web-imports-title = Imports
web-imports-empty = No import yet. Start one from "New import".
web-import-title = Import { $id }: { $name }
web-import-file = File: { $file }
web-import-by = Started by { $user } on { $date }
web-progress-total = { $done } of about { $total } rows
web-progress-rows = { $done } rows
web-progress-rate = { $rate } rows/s
web-phase-queued = Waiting for a worker
web-cancel = Cancel the import
web-cancel-confirm = Stop this import? Nothing of it will be kept in the contact base.
web-downloads = Downloads
web-download-log-xlsx = Log (Excel)
web-download-log-csv = Log (CSV)
web-download-log-json = Log (JSON)
web-download-rejects = Rejected and skipped rows
web-log-title = Detailed log
web-filter-level = Level
web-filter-category = Category
web-filter-all = All
web-filter-apply = Filter
web-log-empty = No line matches.
web-page = Page { $page } of { $pages }
web-page-previous = Previous page
web-page-next = Next page
web-contacts-title = Contacts
web-contacts-created-from = Created from
web-contacts-type = Type
web-contacts-any = Any
web-type-INDIVIDUAL = Individual
web-type-STRUCTURE = Structure
web-contacts-shown = Showing the first { $shown }.
web-contacts-export-csv = Export (CSV)
web-contacts-export-xlsx = Export (Excel)
web-error-title = Something went wrong
web-error-not-found = This page does not exist.
web-error-forbidden = Your role does not allow this.
web-error-csrf = The form has expired. Reload the page and try again.
web-error-unauthorized = Sign in first (API: the header Authorization: Bearer <token>).
web-error-busy = The server is busy with other requests. Try again in a few seconds.
web-error-internal = The server could not do this. If it happens again, give your administrator this reference: { $incident }.
web-back = Back
mail-subject = Import "{ $name }": { $status }
mail-greeting = Hello,
mail-body = The import "{ $name }" has ended: { $status }.
mail-counts = Rows read: { $rows } · created: { $created } · skipped: { $skipped } · rejected: { $rejected }
mail-duration = Duration: { $duration }
mail-link = The detailed log: { $url }
log-mail-failed = The end-of-import email to { $to } could not be sent: { $error }
log-requeued = The server was stopped while this import ran; a new worker resumes it.
web-nav-users = Users
web-users-title = Users of { $institution }
web-role-admin = Administrator
web-role-staff = Staff
web-users-role = Role
web-error-bad-value = { $name }: { $value } is not allowed here (allowed: { $allowed }).
web-error-bad-back = The address of the page to return to is not valid.

## The extended format and the services

category-change = Change
issue-contact_number-format = Row { $row }: contact number "{ $value }" must be digits only. The contact will not be imported.
issue-contact_number-out_of_range = Row { $row }: contact number { $value } is outside the reserved range of legacy numbers ({ $from } to { $to }). The contact will not be imported.
issue-contact_number-out_of_range-none = Row { $row }: contact number { $value } cannot be kept: the institution has no reserved range of legacy numbers (intake numbers reserve FROM..TO). The contact will not be imported.
issue-contact_number-missing = Row { $row }: the contact number is missing; this import finds contacts by their number. The row will not be imported.
issue-contact_number-exists = Row { $row }: contact number { $value } is already used in the contact base, or was used by a deleted contact. The contact will not be imported.
issue-contact_number-duplicate_in_file = Row { $row }: contact number { $value } was already found in row { $earlier_row } of the file. The row will not be imported.
issue-structure-duplicate = Row { $row }: the structure "{ $value }" with this address is already in the contact base (contact { $contact_number }). The contact will not be imported.
issue-structure-duplicate-in-file = Row { $row }: the structure "{ $value }" with this address was already found in row { $earlier_row } of the file. The contact will not be imported.
issue-structure_type-unknown = Row { $row }: structure type "{ $value }" is not defined (defined: { $expected }; see intake structure-types list). The contact will not be imported.
issue-criterion-unknown = Row { $row }: criterion { $code } is not defined (see intake criteria list). The contact will not be imported.
issue-criterion_element-unknown = Row { $row }: criterion { $code } has no element { $element } (its elements: { $expected }). The contact will not be imported.
issue-authorization-unknown = Row { $row }: authorization { $code } is not defined (see intake authorizations list). The contact will not be imported.
issue-authorization-value = Row { $row }: authorization { $code } is "{ $value }": write yes or no (Y/N, 1/0, oui/non, ja/nein, sì/no, true/false). The contact will not be imported.
issue-phone-format = Row { $row }: phone number "{ $value }" is not a valid number { $country ->
        [none] (write it with its country code, for example +41 21 312 34 56, or give the row a country)
        [code] for its country code
       *[other] of { $country }
    }. The contact will not be imported.
issue-contact-not_found = Row { $row }: no contact of the base has { $column ->
        [contact_number] the number
       *[email] the email address
    } { $value }. The row is not imported.
issue-contact-ambiguous = Row { $row }: the email address { $value } belongs to several contacts ({ $numbers }): none is picked. Match on the contact number instead. The row is not imported.
issue-contact-possible_duplicate = Row { $row }: looks like contact { $contact_number } under another email (score { $score }; alike: { $alike }): a possible duplicate. The contact is imported all the same; compare them with intake duplicates find --explain.
issue-authorization-consent_kept = Row { $row }: contact { $contact_number } said no to { $code }; this import does not turn a no into a yes (--allow-consent-upgrade does). The rest of the row is imported.
issue-member-structure_not_found = Row { $row }: { $count ->
        [0] no structure is named "{ $value }"
       *[other] { $count } structures are named "{ $value }"
    }: the contact is imported without membership.
log-start-service = Starting the { $mode } of the contacts of file { $file }, matched by { $key ->
        [contact_number] contact number
       *[email] email address
    }.
log-finished-service = Import finished: { $created } created, { $updated } updated, { $unchanged } unchanged, { $skipped } skipped, { $rejected } rejected, { $rows } rows read, in { $duration }.
log-finished-service-dry-run = Dry run finished: { $created } would be created, { $updated } updated, { $unchanged } unchanged, { $skipped } skipped, { $rejected } rejected, { $rows } rows read, in { $duration }. Nothing was written to the contact base.
log-row-created = Row { $row }: created as contact { $contact_number }.
log-row-updated = Row { $row }: contact { $contact_number } updated.
log-row-unchanged = Row { $row }: contact { $contact_number } already has these values: unchanged.
log-row-inactivated = Row { $row }: contact { $contact_number } inactivated.
log-row-anonymized = Row { $row }: contact { $contact_number } anonymized: its personal data are erased for good.
log-row-deleted = Row { $row }: contact { $contact_number } deleted; its number will never be given again.
log-change = Row { $row }: { $column } "{ $before }" → "{ $after }".
log-change-set = Row { $row }: { $column } set to "{ $after }".
log-change-cleared = Row { $row }: { $column } "{ $before }" cleared.
log-undone = Import undone by { $who }: { $removed ->
        [one] 1 created contact
       *[other] { $removed } created contacts
    } removed, { $restored ->
        [one] 1 contact
       *[other] { $restored } contacts
    } restored.
error-no-key-column = { $file } has no { $column } column: the { $mode } finds contacts by it (or choose the key with --match).
error-undo-dry-run = Import { $id } was a dry run: it wrote nothing, there is nothing to undo.
error-undo-status = Import { $id } is { $status }: only a completed import can be undone.
error-undo-irreversible = Import { $id } ran in { $mode } mode: its contacts' data are gone for good, it cannot be undone.
error-undo-touched = Import { $id } cannot be undone: a later import ({ $by }) changed some of its contacts ({ $numbers }). Undo that one first.
confirm-mode = { $mode ->
        [inactivate] This inactivates the contacts of { $file } (intake undo can revert it).
        [anonymize] This erases for good the personal data of the contacts of { $file }: names, birthdate, emails, phones, addresses, and their values in earlier logs. It cannot be undone.
       *[delete] This deletes for good the contacts of { $file }; their numbers are never given again. It cannot be undone.
    }
confirm-undo = This reverts import { $id }: { $removed ->
        [one] the contact it created is removed
       *[other] the { $removed } contacts it created are removed
    }, { $restored ->
        [one] the contact it changed is restored
       *[other] the { $restored } contacts it changed are restored
    }.
confirm-question = Type yes to go on:
confirm-needed = { $what } needs a confirmation: run it on a terminal, or add --yes.
confirm-declined = Nothing was done.
undo-done = Import { $id } undone: { $removed ->
        [one] 1 contact
       *[other] { $removed } contacts
    } removed, { $restored ->
        [one] 1 contact
       *[other] { $restored } contacts
    } restored.
reference-saved = Saved.
reference-removed = Removed.
reference-none = Nothing defined yet.
numbers-reserved = Legacy numbers { $from } to { $to } are reserved; new contacts are numbered from { $next }.
numbers-none = No reserved range; new contacts are numbered from { $next }.
error-reference-in-use = { $what } is used by { $count ->
        [one] 1 contact
       *[other] { $count } contacts
    }: it cannot be removed.
error-reference-missing = { $what } does not exist.
error-range = "{ $value }" is not a range: write FROM..TO, for example 1..999999.
setup-done = { $file }: { $criteria } criteria, { $types } structure types, { $authorizations } authorizations{ $reserved ->
        [yes] , a reserved range
       *[no] {""}
    } set up.
web-upload-confirm-needed = The { $mode } cannot be undone or changes contacts for good: tick the confirmation box (or send confirm=true).
web-upload-confirm = I confirm: this inactivates, anonymizes or deletes the matched contacts (anonymize and delete cannot be undone).
web-upload-match = Match rows on
web-upload-match-auto = contact number when the file has that column, else email
web-upload-match-email = email
web-upload-match-number = contact number
web-upload-consent-upgrade = Let the file turn a "no" consent into "yes"
web-template-extended = Extended template (XLSX)
log-header-ignored = Column { $position } "{ $header }" is not changed by this { $mode }: its values are ignored.
error-unclosed-quote = { $file }, row { $row }: a value opens with a quote (") that is never closed, so every line after it would be read into that one cell. Close the quote (or remove it) and import the file again.
error-quote-too-long = { $file }, row { $row }: a value opens with a quote (") that is still open { $lines } lines further: a closing quote is probably missing. Close the quote (or remove it) and import the file again.
error-row-too-long = { $file }, row { $row } is longer than { $limit }, the most intake reads in one row: check that the file's lines end where they should (or save it again from Excel) and import it again.
error-too-many-columns = { $file }: the header row has { $columns } columns; intake reads at most { $limit }. Remove the columns you do not import and try again.
error-workbook-inflated = { $file }: the part { $part } of the workbook unpacks to more than { $limit }, which intake does not read. Save the sheet as CSV and import that.
error-workbook-rows = { $file }: the sheet has rows beyond row { $limit }, the last row of Excel: the workbook was not made by Excel or is damaged. Save the sheet as CSV and import that.
error-workbook-cells = { $file }: the sheet has more than { $limit } cells (empty cells between values included), more than intake reads. Save the sheet as CSV and import that.
error-workbook-cells-whole = { $file }: the sheet has more than { $limit } cells; this kind of workbook is read whole into memory, and intake reads at most that many. Save it as .xlsx or as CSV and import that.
error-workbook-column = { $file }, row { $row }: there is a value in column { $column }, beyond the first { $limit } columns that intake reads. Delete it (or move it to the left) and import again.
error-workbook-cell-length = { $file }, row { $row }, column { $column }: the cell holds more than { $limit } characters, Excel's own limit: the workbook was not made by Excel or is damaged.
error-workbook-strings = { $file }: the texts of the workbook take more than { $limit }, more than intake keeps in memory while it reads. Save the sheet as CSV and import that.
error-workbook-memory = { $file }: reading this workbook took more than { $limit } of memory or { $seconds } seconds (the reader of this kind of workbook holds much of it in memory, and this one is damaged or made to be too large). Save it as .xlsx or as CSV and import that.
error-workbook-node = { $file }: the part { $part } of the workbook holds a single value or space longer than 1 MiB, which no workbook saved by Excel does. Save the sheet as CSV and import that.
issue-cell-too_long = Row { $row }: the { $column } "{ $value }" is longer than the { $limit } characters this column takes. The contact will not be imported; its other rules are checked once this cell is shortened.
issue-cell-control_character = Row { $row }: the { $column } "{ $value }" holds a control character ({ $character }), which no one types: the file was probably damaged or exported from another program. The contact will not be imported; its other rules are checked once this cell is corrected.
log-failed-resumable = The import failed: { $error } The rows up to row { $checkpoint_row } are in the contact base, the others are not. Once the cause is fixed, resume it with: intake import --resume { $id }
phase-waiting = Waiting for another import
waiting-for-writer = Waiting for { $what ->
    [undo] the undo of import
   *[other] import
} { $id } (started by { $who } on { $since }) to finish writing into this institution…
waiting-for-writer-unknown = Waiting for another import to finish writing into this institution…
log-waited = Waited { $duration } for { $what ->
    [undo] the undo of import
   *[other] import
} { $id } (started by { $who }) to finish writing into this institution.
log-waited-unknown = Waited { $duration } for another import to finish writing into this institution.
error-writer-busy = { $what ->
    [undo] The undo of import
   *[other] Import
} { $id } (started by { $who } on { $since }) is writing into this institution, and this command was told not to wait (--no-wait). Run it again once that one has finished (see intake imports).
error-writer-busy-unknown = Another import is writing into this institution, and this command was told not to wait (--no-wait). Run it again once it has finished (see intake imports).
value-withheld = (not kept: this run erases personal data)
log-erased = Row { $row }: this line was about a person since erased (anonymized or deleted); what it said went with them.
log-expired = Row { $row }: the values of this line were erased at the end of the institution's retention period.
error-upload-erased = The file of this import was erased (its retention period ended, or the people it held were anonymized): its rows cannot be written again. Its log still lists them.
error-upload-kept = The uploaded file { $path } could not be removed ({ $reason }): it still holds the people erased. Remove it by hand.
retention-erased = Retention of { $days } days: erased the personal values of { $lines } log lines and { $uploads } uploaded files of { $imports } imports that ended before { $cutoff }.
retention-would-erase = Retention of { $days } days: would erase the personal values of { $lines } log lines and { $uploads } uploaded files of { $imports } imports that ended before { $cutoff } (dry run: nothing was erased).

# Duplicates: each field of a pair compared, and what the pair is.
duplicates-field-phone = Phone
duplicates-field-address = Address
duplicates-same = { $field }: same
duplicates-same-except-case = { $field }: same except case
duplicates-same-without-accents = { $field }: same without accents
duplicates-same-street-abbreviated = { $field }: same street ({ $left } = { $right })
duplicates-close = { $field }: { $left } ~ { $right }
duplicates-initial = { $field }: { $left } ~ { $right } (an initial)
duplicates-holds = { $field }: { $left } ~ { $right } (a double or married name?)
duplicates-swapped = { $field }: first and last names swapped
duplicates-other-domain = { $field }: same name, another domain ({ $left } ~ { $right })
duplicates-day-month = { $field }: day and month swapped ({ $left } ~ { $right })
duplicates-one-digit = { $field }: one digit apart ({ $left } ~ { $right })
duplicates-other-postal-code = { $field }: same street, another postal code: moved?
duplicates-other-address = { $field }: another address: moved?
duplicates-different = { $field }: { $left } ≠ { $right }
duplicates-missing = { $field }: missing on one side
duplicates-household = household, not a duplicate
duplicates-judgement-duplicate = likely duplicate (score { $score })
duplicates-judgement-household = household, not a duplicate: they share an address, a phone or an e-mail but not a first name or a birth date
duplicates-judgement-different = not a duplicate (score { $score })
duplicates-judgement-not-compared = not compared: they share no name, e-mail, phone, birth date or address close enough (score { $score })
duplicates-judgement-never = an individual and a structure are never one contact
duplicates-summary =
    { $people ->
        [one] { $people } person
       *[other] { $people } people
    }, { $compared ->
        [one] { $compared } pair compared
       *[other] { $compared } pairs compared
    }, { $pairs ->
        [one] { $pairs } proposed
       *[other] { $pairs } proposed
    } in { $clusters ->
        [one] { $clusters } cluster
       *[other] { $clusters } clusters
    }, { $households ->
        [one] { $households } household set apart
       *[other] { $households } households set apart
    }
duplicates-unknown-id = { $id } is not among the people searched
duplicates-unknown-contact = { $number } is no contact of this base
duplicates-reviewed-same =
    { $pairs ->
        [one] { $pairs } pair reviewed as one person
       *[other] { $pairs } pairs reviewed as one person
    }
duplicates-reviewed-different =
    { $pairs ->
        [one] { $pairs } pair reviewed as two people: never proposed again
       *[other] { $pairs } pairs reviewed as two people: never proposed again
    }
