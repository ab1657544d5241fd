# intake — messages en français.
# Tous les fichiers de ce dossier ont exactement les mêmes identifiants de messages (un test le vérifie).
# Placeables : $row est une ligne du tableur (en-tête = 1), $value la cellule telle qu'elle a été trouvée.

## Niveaux et catégories des lignes du journal

level-info = Info
level-warning = Avertissement
level-error = Erreur
category-initialisation = Initialisation
category-format = Format incorrect
category-conflict = Conflit
category-not_found = Introuvable
category-summary = Bilan

## Libellés des colonnes : en-têtes du modèle et « colonne » d'une ligne du journal.
## Chaque libellé doit être reconnu à nouveau comme en-tête (crates/core/src/header.rs).

column-email = E-mail
column-contact_type = Type de contact
column-title = Civilité
column-first_name = Prénom
column-last_name = Nom
column-birthdate = Date de naissance
column-language = Langue
column-structure_name = Nom de la structure
column-address_line1 = Adresse ligne 1
column-address_line2 = Adresse ligne 2
column-postal_code = Code postal
column-town = Ville
column-state = Département/Canton
column-country = Pays

## Constats sur les lignes. Chacun indique la ligne, la valeur, ce qui serait correct et ce qui se passe.

issue-email-missing = Ligne { $row } : l'adresse e-mail manque ; elle est indispensable pour créer un individu. Le contact ne sera pas importé.
issue-email-format = Ligne { $row } : l'adresse e-mail « { $value } » n'est pas valide (format attendu : name@domain.tld, sans espace). Le contact ne sera pas importé.
issue-email-duplicate_in_file = Ligne { $row } : l'adresse e-mail { $value } figure déjà à la ligne { $earlier_row } du fichier. Le contact ne sera pas importé.
issue-email-exists = Ligne { $row } : l'adresse e-mail { $value } est déjà présente dans la base de contacts (contact { $contact_number }). Le contact ne sera pas importé.
issue-first_name-format = Ligne { $row } : le prénom « { $value } » n'a pas le format attendu : il ne peut contenir que des lettres, des espaces, des traits d'union, des apostrophes et des points. Le contact ne sera pas importé.
issue-last_name-format = Ligne { $row } : le nom « { $value } » n'a pas le format attendu : il ne peut contenir que des lettres, des espaces, des traits d'union, des apostrophes et des points. Le contact ne sera pas importé.
issue-title-unknown = Ligne { $row } : la civilité « { $value } » ne fait pas partie des valeurs MR, MRS, MISS, MR_AND_MRS, UNDEFINED. Le contact ne sera pas importé.
issue-title-unknown-suggestion = Ligne { $row } : la civilité « { $value } » ne fait pas partie des valeurs MR, MRS, MISS, MR_AND_MRS, UNDEFINED (vouliez-vous dire { $suggestion } ?). Le contact ne sera pas importé.
issue-language-unknown = Ligne { $row } : la langue « { $value } » ne fait pas partie des langues de l'institution ({ $expected }). Le contact ne sera pas importé.
issue-birthdate-format = Ligne { $row } : la date de naissance « { $value } » n'a pas le format attendu : jj.mm.aaaa, par exemple 24.03.1985. Le contact ne sera pas importé.
issue-birthdate-invalid = Ligne { $row } : la date de naissance « { $value } » { $reason ->
        [future] est dans le futur.
        [too_old] est antérieure à 1900.
       *[no_such_day] n'existe pas dans le calendrier.
    } Le contact ne sera pas importé.
issue-address-incomplete = Ligne { $row } : l'adresse est incomplète : { $column ->
        [postal_code] le code postal
        [town] la ville
        [billing_postal_code] le code postal de facturation
        [billing_town] la ville de facturation
        [billing_country] le pays de facturation
        [shipping_postal_code] le code postal de livraison
        [shipping_town] la ville de livraison
        [shipping_country] le pays de livraison
       *[country] le pays
    } manque (une adresse doit comporter un code postal, une ville et un pays). Le contact ne sera pas importé.
issue-postal_code-format = Ligne { $row } : le code postal « { $value } » ne correspond pas au format du pays { $country } (par exemple { $example }). Le contact ne sera pas importé.
issue-postal_code-format-digit = Ligne { $row } : le code postal « { $value } » doit contenir des chiffres. Le contact ne sera pas importé.
issue-town-format = Ligne { $row } : la ville « { $value } » n'a pas le format attendu : ni chiffres ni caractères spéciaux. Le contact ne sera pas importé.
issue-country-unknown = Ligne { $row } : le pays « { $value } » est inconnu : indiquez son code ISO (CH, FR, DE, …) ou son nom en français, en allemand, en anglais ou en italien, avec ses accents. Le contact ne sera pas importé.
issue-country-unknown-suggestion = Ligne { $row } : le pays « { $value } » est inconnu : vouliez-vous dire { $suggestion } ({ $suggestion_code }) ? Le contact ne sera pas importé.
issue-contact_type-unknown = Ligne { $row } : le type de contact « { $value } » n'est ni INDIVIDUAL ni STRUCTURE. Le contact ne sera pas importé.
issue-structure_name-missing = Ligne { $row } : le nom de la structure manque ; il est obligatoire pour une structure. Le contact ne sera pas importé.
issue-row-width = Ligne { $row } : la ligne compte { $value } cellules alors que l'en-tête en compte { $expected } ; un séparateur se trouve peut-être dans une valeur sans guillemets. La ligne ne sera pas importée.

## Le déroulement d'une importation

log-start-create = Début de l'importation des contacts valides du fichier { $file } ; les contacts dont l'adresse e-mail est déjà présente dans la base de contacts sont ignorés.
log-start-dry-run = Simulation (pré-production) : le fichier est lu, vérifié et comparé à la base de contacts ; rien n'est écrit dans la base de contacts.
log-reading-csv = Lecture du fichier { $file } ({ $encoding }, séparateur { $separator }, { $rows } lignes après l'en-tête).
log-reading-workbook = Lecture du fichier { $file } (classeur { $format }, feuille « { $sheet } », { $rows } lignes après l'en-tête).
log-encoding-fallback = Le fichier n'est pas en UTF-8 valide : il a été lu en Windows-1252, l'encodage qu'Excel utilise pour « CSV ». Vérifiez les lettres accentuées ; enregistrer au format « CSV UTF-8 » évite ce problème.
log-encoding-switched = Le fichier est en UTF-8 avant la ligne { $row }, mais plus ensuite : les lignes à partir de la { $row } ont été lues en Windows-1252, l'encodage qu'Excel utilise pour « CSV ». Le fichier mélange deux encodages : vérifiez les lettres accentuées à partir de la ligne { $row }.
log-header-unknown = La colonne { $position } « { $header } » n'est pas une colonne connue : ses valeurs sont ignorées. Les colonnes connues sont celles du modèle d'import.
log-header-not-imported = La colonne { $position } « { $header } » appartient au format d'import étendu : cette importation ignore ses valeurs.
log-header-duplicate = La colonne { $position } « { $header } » désigne la même colonne qu'un en-tête précédent ({ $column }) : seule la première est lue.
log-header-empty = La colonne { $position } n'a pas d'en-tête : ses valeurs sont ignorées.
log-found-valid = { $valid } contacts valides trouvés dans le fichier { $file }.
log-searching = Recherche des adresses e-mail déjà présentes dans la base de contacts.
log-finished = Importation terminée : { $created } créés, { $skipped } ignorés, { $rejected } rejetés, { $rows } lignes lues, en { $duration }.
log-finished-dry-run = Simulation terminée : { $created } seraient créés, { $skipped } ignorés, { $rejected } rejetés, { $rows } lignes lues, en { $duration }. Rien n'a été écrit dans la base de contacts.
log-interrupted = L'importation a été interrompue après la ligne { $checkpoint_row } (son processus s'est arrêté) : les lignes jusque-là sont dans la base de contacts, les suivantes non. Reprenez-la avec : intake import --resume { $id }
log-resumed = Reprise de l'importation après la ligne { $checkpoint_row } : les lignes jusque-là sont déjà dans la base de contacts.
log-failed = L'importation a échoué : { $error } Aucune donnée n'a été écrite dans la base de contacts.
log-failed-internal = L'importation a échoué à cause d'une erreur du serveur (référence { $incident } pour votre administrateur). Aucune donnée n'a été écrite dans la base de contacts.

## Erreurs qui arrêtent une importation avant son début

error-file-open = Impossible d'ouvrir { $file } : { $reason }
error-file-empty = { $file } est vide : il ne contient ni ligne d'en-tête ni contacts.
error-no-header = { $file } n'a pas de ligne d'en-tête : la première ligne doit nommer les colonnes (voir intake template).
error-no-email-column = { $file } n'a pas de colonne e-mail : la création de contacts repère les doublons par l'adresse e-mail, le fichier doit donc avoir une colonne « email » (ou « E-mail », « Courriel », …).
error-unsupported-format = { $file } n'est ni un fichier CSV ni un classeur Excel (.csv, .txt, .tsv, .xlsx, .xlsm, .xlsb, .xls, .ods).
error-csv = { $file }, ligne { $row } : le fichier ne peut pas être lu comme CSV : { $reason }
error-workbook = { $file } : le classeur ne peut pas être lu : { $reason }
error-store = La base de contacts { $db } est inutilisable : { $reason }
error-thread = Impossible de démarrer un fil d'exécution pour lire le fichier : { $reason }
error-reading-stopped = La lecture ou la vérification du fichier s'est arrêtée sur une erreur interne. Ce que l'importation avait déjà enregistré reste : reprenez-la avec intake import --resume et, si elle s'arrête encore, signalez-le avec le fichier.
error-import-not-found = Il n'y a pas d'importation { $id } dans cette base de contacts (voir intake imports).
error-resume-completed = L'importation { $id } est terminée : il n'y a rien à reprendre.
error-resume-running = L'importation { $id } est encore en cours : attendez qu'elle se termine (voir intake imports).
error-resume-moved-on = L'importation { $id } a été reprise par une autre commande pendant que celle-ci attendait : voyez où elle en est avec intake imports, puis reprenez-la si elle n'est pas terminée.
error-resume-changed = { $file } n'est pas le fichier avec lequel l'importation { $id } a commencé (sa taille ou son contenu a changé) : lancez plutôt une nouvelle importation.

## Mots des listes et des rapports

status-queued = en attente
status-running = en cours
status-completed = terminée
status-failed = en échec
status-cancelled = annulée
outcome-created = créé
outcome-updated = mis à jour
outcome-unchanged = inchangé
outcome-skipped = ignoré
outcome-rejected = rejeté
outcome-not_found = introuvable
mode-create = création
mode-update = mise à jour
mode-upsert = mise à jour ou création
mode-qualify = qualification
mode-inactivate = désactivation
mode-anonymize = anonymisation
mode-delete = suppression
outcome-inactivated = désactivé
outcome-anonymized = anonymisé
outcome-deleted = supprimé
dry-run = simulation
heading-line = N°
heading-time = Heure
heading-level = Niveau
heading-category = Catégorie
heading-row = Ligne
heading-column = Colonne
heading-code = Code
heading-value = Valeur
heading-message = Message
heading-id = Importation
heading-name = Nom
heading-mode = Mode
heading-status = Statut
heading-started = Début
heading-by = Par
heading-rows = Lignes
heading-created = Créés
heading-updated = Mis à jour
heading-unchanged = Inchangés
heading-skipped = Ignorés
heading-rejected = Rejetés
heading-contact_number = N° de contact
heading-created_from = Créé au moyen de
heading-errors = erreurs
contacts-found = { $count ->
        [one] { $count } contact trouvé.
       *[other] { $count } contacts trouvés.
    }
imports-none = Aucune importation pour l'instant. Pour commencer : intake import FICHIER
log-hint = Journal détaillé : intake log { $id } (--format xlsx -o log.xlsx pour un tableur)
rejects-written = { $count } lignes rejetées ou ignorées écrites dans { $file }, avec une colonne « erreurs » : corrigez-les et importez à nouveau ce fichier.
phase-reading = Lecture et vérification
phase-writing = Écriture dans la base de contacts
phase-done = Terminé
confirm-nothing = rien

## Le modèle d'import

template-sheet-contacts = Contacts
template-sheet-help = Aide
template-sheet-lists = Listes
template-help-title = Comment remplir ce modèle
template-help-intro = Un contact par ligne, à partir de la ligne 2. Conservez la ligne d'en-tête. Enregistrez au format « CSV UTF-8 » ou conservez le fichier .xlsx. Une ligne qui enfreint une règle n'est pas importée ; le journal d'importation indique chaque règle enfreinte avec sa ligne et sa colonne.
template-help-column = Colonne
template-help-rule = Règle
template-help-empty = Si vide
template-rule-email = Une adresse valide (name@domain.tld), une seule fois dans le fichier. Un contact dont l'adresse e-mail figure déjà dans la base de contacts n'est pas créé une seconde fois.
template-empty-email = Obligatoire : la ligne n'est pas importée.
template-rule-title = MR, MRS, MISS, MR_AND_MRS ou UNDEFINED (à choisir dans la liste).
template-empty-title = La valeur par défaut de l'institution (UNDEFINED).
template-rule-first_name = Lettres, espaces, traits d'union, apostrophes et points ; pas de chiffres.
template-empty-first_name = Importé avec un tiret (« - »).
template-rule-last_name = Lettres, espaces, traits d'union, apostrophes et points ; pas de chiffres.
template-empty-last_name = Importé avec un tiret (« - »).
template-rule-birthdate = jj.mm.aaaa, une date qui existe, pas dans le futur (par exemple 24.03.1985).
template-empty-birthdate = Reste vide.
template-rule-language = Une langue de l'institution : { $languages }.
template-empty-language = La langue par défaut de l'institution ({ $default }).
template-rule-address_line1 = Texte libre : rue et numéro.
template-empty-address_line1 = Vide.
template-rule-address_line2 = Texte libre : bâtiment, case postale, …
template-empty-address_line2 = Vide.
template-rule-postal_code = Chiffres, au format du pays (CH 1003, FR 75001, DE 10115, …).
template-empty-postal_code = Obligatoire dès que la ligne contient une adresse.
template-rule-town = Lettres, espaces, traits d'union, apostrophes, points ; pas de chiffres.
template-empty-town = Obligatoire dès que la ligne contient une adresse.
template-rule-state = Texte libre : département, canton, région.
template-empty-state = Vide.
template-rule-country = Code ISO (CH, FR, DE, BE, …) ou nom du pays avec ses accents (Suisse, Brésil, Deutschland, …).
template-empty-country = Obligatoire dès que la ligne contient une adresse.
log-cancelled = L'importation a été annulée après la ligne { $row } : rien n'en a été gardé dans la base de contacts.
log-cancelled-waiting = L'importation a été annulée pendant qu'elle attendait un autre import, avant d'avoir rien écrit : rien d'elle n'est dans la base de contacts.

## L'application web

web-nav-upload = Nouvelle importation
web-nav-imports = Importations
web-nav-contacts = Contacts
web-nav-signout = Se déconnecter
web-nav-language = Langue
web-skip = Aller au contenu
web-signin-title = Connexion
web-signin-email = E-mail
web-signin-password = Mot de passe
web-signin-submit = Se connecter
web-signin-failed = E-mail ou mot de passe incorrect.
web-signin-limited = Trop de tentatives de connexion. Patientez quelques minutes, puis réessayez.
web-upload-title = Importer des contacts
web-upload-intro = Intégrez des personnes et des structures dans votre base de contacts à partir d'un fichier CSV ou d'un classeur Excel. Chaque ligne est vérifiée, les doublons sont écartés et chaque décision est consignée dans un journal que vous pouvez consulter.
web-template-title = Partir du modèle
web-template-text = Le modèle contient les bonnes colonnes dans votre langue, avec des listes déroulantes dans Excel.
web-template-csv = Modèle (CSV)
web-template-xlsx = Modèle (Excel)
web-upload-file = Fichier (CSV, XLSX, XLS ou ODS)
web-upload-drop = Déposez le fichier ici ou choisissez-le
web-upload-chosen = Fichier choisi : { $file }
web-upload-name = Nom de l'importation
web-upload-name-hint = Les contacts l'afficheront sous « Créé au moyen de ». Par défaut : le nom du fichier.
web-upload-mode = Mode
web-mode-create-hint = Crée les contacts dont l'adresse e-mail n'est pas encore dans la base ; les autres sont ignorés.
web-upload-dry-run = Simulation : tout vérifier et comparer, ne rien écrire
web-upload-notify = M'envoyer un e-mail à la fin ({ $email })
web-upload-submit = Lancer l'importation
web-upload-sending = Envoi du fichier…
web-upload-missing = Choisissez un fichier à importer.
web-upload-too-large = Le fichier dépasse la limite de { $limit } Mio.
web-upload-bad-mode = Ce mode n'est pas disponible : { $mode }.
web-imports-title = Importations
web-imports-empty = Aucune importation pour l'instant. Lancez-en une depuis « Nouvelle importation ».
web-import-title = Importation { $id } : { $name }
web-import-file = Fichier : { $file }
web-import-by = Lancée par { $user } le { $date }
web-progress-total = { $done } lignes sur environ { $total }
web-progress-rows = { $done } lignes
web-progress-rate = { $rate } lignes/s
web-phase-queued = En attente d'un processus libre
web-cancel = Annuler l'importation
web-cancel-confirm = Arrêter cette importation ? Rien n'en sera conservé dans la base de contacts.
web-downloads = Téléchargements
web-download-log-xlsx = Journal (Excel)
web-download-log-csv = Journal (CSV)
web-download-log-json = Journal (JSON)
web-download-rejects = Lignes rejetées et ignorées
web-log-title = Journal détaillé
web-filter-level = Niveau
web-filter-category = Catégorie
web-filter-all = Tous
web-filter-apply = Filtrer
web-log-empty = Aucune ligne ne correspond.
web-page = Page { $page } sur { $pages }
web-page-previous = Page précédente
web-page-next = Page suivante
web-contacts-title = Contacts
web-contacts-created-from = Créé au moyen de
web-contacts-type = Type
web-contacts-any = Tous
web-type-INDIVIDUAL = Individu
web-type-STRUCTURE = Structure
web-contacts-shown = Affichage des { $shown } premiers.
web-contacts-export-csv = Exporter (CSV)
web-contacts-export-xlsx = Exporter (Excel)
web-error-title = Une erreur s'est produite
web-error-not-found = Cette page n'existe pas.
web-error-forbidden = Votre rôle ne le permet pas.
web-error-csrf = Le formulaire a expiré. Rechargez la page et réessayez.
web-error-unauthorized = Connectez-vous d'abord (API : en-tête Authorization: Bearer <token>).
web-error-busy = Le serveur est occupé par d'autres requêtes. Réessayez dans quelques secondes.
web-error-internal = Le serveur n'a pas pu effectuer cette opération. Si cela se reproduit, transmettez cette référence à votre administrateur : { $incident }.
web-back = Retour
mail-subject = Importation « { $name } » : { $status }
mail-greeting = Bonjour,
mail-body = L'importation « { $name } » a pris fin : { $status }.
mail-counts = Lignes lues : { $rows } · créés : { $created } · ignorés : { $skipped } · rejetés : { $rejected }
mail-duration = Durée : { $duration }
mail-link = Le journal détaillé : { $url }
log-mail-failed = L'e-mail de fin d'importation à { $to } n'a pas pu être envoyé : { $error }
log-requeued = Le serveur a été arrêté pendant cette importation ; un nouveau processus la reprend.
web-nav-users = Utilisateurs
web-users-title = Utilisateurs de { $institution }
web-role-admin = Administrateur
web-role-staff = Collaborateur
web-users-role = Rôle
web-error-bad-value = { $name } : la valeur { $value } n'est pas admise ici (valeurs admises : { $allowed }).
web-error-bad-back = L'adresse de la page où revenir n'est pas valide.

## Le format étendu et les services

category-change = Modification
issue-contact_number-format = Ligne { $row } : le numéro de contact « { $value } » ne doit contenir que des chiffres. Le contact ne sera pas importé.
issue-contact_number-out_of_range = Ligne { $row } : le numéro de contact { $value } est en dehors de la plage réservée aux anciens numéros ({ $from } à { $to }). Le contact ne sera pas importé.
issue-contact_number-out_of_range-none = Ligne { $row } : le numéro de contact { $value } ne peut pas être conservé : l'institution n'a pas de plage réservée aux anciens numéros (intake numbers reserve FROM..TO). Le contact ne sera pas importé.
issue-contact_number-missing = Ligne { $row } : le numéro de contact manque ; cette importation retrouve les contacts par leur numéro. La ligne ne sera pas importée.
issue-contact_number-exists = Ligne { $row } : le numéro de contact { $value } est déjà utilisé dans la base de contacts, ou l'a été par un contact supprimé. Le contact ne sera pas importé.
issue-contact_number-duplicate_in_file = Ligne { $row } : le numéro de contact { $value } figure déjà à la ligne { $earlier_row } du fichier. La ligne ne sera pas importée.
issue-structure-duplicate = Ligne { $row } : la structure « { $value } » avec cette adresse est déjà présente dans la base de contacts (contact { $contact_number }). Le contact ne sera pas importé.
issue-structure-duplicate-in-file = Ligne { $row } : la structure « { $value } » avec cette adresse figure déjà à la ligne { $earlier_row } du fichier. Le contact ne sera pas importé.
issue-structure_type-unknown = Ligne { $row } : le type de structure « { $value } » n'est pas défini (types définis : { $expected } ; voir intake structure-types list). Le contact ne sera pas importé.
issue-criterion-unknown = Ligne { $row } : le critère { $code } n'est pas défini (voir intake criteria list). Le contact ne sera pas importé.
issue-criterion_element-unknown = Ligne { $row } : le critère { $code } n'a pas d'élément { $element } (ses éléments : { $expected }). Le contact ne sera pas importé.
issue-authorization-unknown = Ligne { $row } : l'autorisation { $code } n'est pas définie (voir intake authorizations list). Le contact ne sera pas importé.
issue-authorization-value = Ligne { $row } : l'autorisation { $code } vaut « { $value } » : indiquez oui ou non (Y/N, 1/0, oui/non, ja/nein, sì/no, true/false). Le contact ne sera pas importé.
issue-phone-format = Ligne { $row } : le numéro de téléphone « { $value } » n'est pas un numéro valide { $country ->
        [none] (indiquez-le avec l'indicatif du pays, par exemple +41 21 312 34 56, ou indiquez un pays pour cette ligne)
        [code] pour son indicatif de pays
       *[other] pour le pays { $country }
    }. Le contact ne sera pas importé.
issue-contact-not_found = Ligne { $row } : aucun contact de la base n'a { $column ->
        [contact_number] le numéro
       *[email] l'adresse e-mail
    } { $value }. La ligne n'est pas importée.
issue-contact-ambiguous = Ligne { $row } : l'adresse e-mail { $value } appartient à plusieurs contacts ({ $numbers }) : aucun n'est retenu. Utilisez plutôt le numéro de contact pour la correspondance. La ligne n'est pas importée.
issue-contact-possible_duplicate = Ligne { $row } : ressemble au contact { $contact_number } sous un autre e-mail (score { $score } ; semblables : { $alike }) : doublon possible. Le contact est importé quand même ; comparez-les avec intake duplicates find --explain.
issue-authorization-consent_kept = Ligne { $row } : le contact { $contact_number } a refusé { $code } ; cette importation ne transforme pas un refus en accord (--allow-consent-upgrade le permet). Le reste de la ligne est importé.
issue-member-structure_not_found = Ligne { $row } : { $count ->
        [0] aucune structure ne s'appelle « { $value } »
       *[other] { $count } structures s'appellent « { $value } »
    } : le contact est importé sans rattachement à une structure.
log-start-service = Début du traitement en mode « { $mode } » des contacts du fichier { $file }, retrouvés par { $key ->
        [contact_number] leur numéro de contact
       *[email] leur adresse e-mail
    }.
log-finished-service = Importation terminée : { $created } créés, { $updated } mis à jour, { $unchanged } inchangés, { $skipped } ignorés, { $rejected } rejetés, { $rows } lignes lues, en { $duration }.
log-finished-service-dry-run = Simulation terminée : { $created } seraient créés, { $updated } mis à jour, { $unchanged } inchangés, { $skipped } ignorés, { $rejected } rejetés, { $rows } lignes lues, en { $duration }. Rien n'a été écrit dans la base de contacts.
log-row-created = Ligne { $row } : contact { $contact_number } créé.
log-row-updated = Ligne { $row } : contact { $contact_number } mis à jour.
log-row-unchanged = Ligne { $row } : le contact { $contact_number } a déjà ces valeurs : inchangé.
log-row-inactivated = Ligne { $row } : contact { $contact_number } désactivé.
log-row-anonymized = Ligne { $row } : contact { $contact_number } anonymisé : ses données personnelles sont définitivement effacées.
log-row-deleted = Ligne { $row } : contact { $contact_number } supprimé ; son numéro ne sera jamais réattribué.
log-change = Ligne { $row } : { $column } « { $before } » → « { $after } ».
log-change-set = Ligne { $row } : { $column } : nouvelle valeur « { $after } ».
log-change-cleared = Ligne { $row } : { $column } : valeur « { $before } » effacée.
log-undone = Importation annulée par { $who } : { $removed ->
        [one] { $removed } contact qu'elle avait créé a été supprimé
       *[other] { $removed } contacts qu'elle avait créés ont été supprimés
    }, { $restored ->
        [one] { $restored } contact a été restauré
       *[other] { $restored } contacts ont été restaurés
    }.
error-no-key-column = { $file } n'a pas de colonne { $column } : c'est par elle que le mode « { $mode } » retrouve les contacts (ou choisissez la clé avec --match).
error-undo-dry-run = L'importation { $id } était une simulation : elle n'a rien écrit, il n'y a rien à annuler.
error-undo-status = L'importation { $id } a le statut « { $status } » : seule une importation terminée peut être annulée.
error-undo-irreversible = L'importation { $id } a été faite en mode « { $mode } » : les données de ses contacts ont définitivement disparu, elle ne peut pas être annulée.
error-undo-touched = L'importation { $id } ne peut pas être annulée : une importation ultérieure ({ $by }) a modifié certains de ses contacts ({ $numbers }). Annulez d'abord cette dernière.
confirm-mode = { $mode ->
        [inactivate] Les contacts de { $file } vont être désactivés (intake undo permet de revenir en arrière).
        [anonymize] Les données personnelles des contacts de { $file } vont être définitivement effacées : noms, date de naissance, e-mails, téléphones, adresses, ainsi que leurs valeurs dans les journaux antérieurs. Cette opération est irréversible.
       *[delete] Les contacts de { $file } vont être définitivement supprimés ; leurs numéros ne seront jamais réattribués. Cette opération est irréversible.
    }
confirm-undo = L'importation { $id } va être annulée : { $removed ->
        [one] { $removed } contact qu'elle a créé sera supprimé
       *[other] les { $removed } contacts qu'elle a créés seront supprimés
    }, { $restored ->
        [one] { $restored } contact qu'elle a modifié sera restauré
       *[other] les { $restored } contacts qu'elle a modifiés seront restaurés
    }.
confirm-question = Tapez oui pour continuer :
confirm-needed = { $what } nécessite une confirmation : lancez la commande dans un terminal ou ajoutez --yes.
confirm-declined = Aucune modification n'a été effectuée.
undo-done = Importation { $id } annulée : { $removed ->
        [one] { $removed } contact supprimé
       *[other] { $removed } contacts supprimés
    }, { $restored ->
        [one] { $restored } contact restauré
       *[other] { $restored } contacts restaurés
    }.
reference-saved = Enregistré.
reference-removed = Supprimé.
reference-none = Rien n'est encore défini.
numbers-reserved = Les anciens numéros de { $from } à { $to } sont réservés ; les nouveaux contacts sont numérotés à partir de { $next }.
numbers-none = Aucune plage réservée ; les nouveaux contacts sont numérotés à partir de { $next }.
error-reference-in-use = { $what } : { $count ->
        [one] { $count } contact l'utilise
       *[other] { $count } contacts l'utilisent
    }, la suppression est impossible.
error-reference-missing = { $what } n'existe pas.
error-range = « { $value } » n'est pas une plage : écrivez FROM..TO, par exemple 1..999999.
setup-done = { $file } : { $criteria } critères, { $types } types de structure, { $authorizations } autorisations{ $reserved ->
        [yes] , une plage réservée
       *[no] {""}
    } configurés.
web-upload-confirm-needed = Le mode « { $mode } » ne peut pas être annulé ou modifie les contacts de façon définitive : cochez la case de confirmation (ou envoyez confirm=true).
web-upload-confirm = Je confirme : cette importation désactive, anonymise ou supprime les contacts retrouvés (l'anonymisation et la suppression sont irréversibles).
web-upload-match = Associer les lignes aux contacts par
web-upload-match-auto = numéro de contact si le fichier contient cette colonne, sinon adresse e-mail
web-upload-match-email = adresse e-mail
web-upload-match-number = numéro de contact
web-upload-consent-upgrade = Permettre au fichier de transformer un refus (« non ») en accord (« oui »)
web-template-extended = Modèle étendu (XLSX)
log-header-ignored = La colonne { $position } « { $header } » n'est pas modifiée par une importation en mode « { $mode } » : ses valeurs sont ignorées.
error-unclosed-quote = { $file }, ligne { $row } : une valeur s'ouvre par un guillemet (") qui n'est jamais fermé ; toutes les lignes suivantes seraient lues dans cette seule cellule. Fermez le guillemet (ou supprimez-le) et importez le fichier à nouveau.
error-quote-too-long = { $file }, ligne { $row } : une valeur s'ouvre par un guillemet (") encore ouvert { $lines } lignes plus loin : il manque sans doute le guillemet fermant. Fermez le guillemet (ou supprimez-le) et importez le fichier à nouveau.
error-row-too-long = { $file }, ligne { $row } : la ligne dépasse { $limit }, le maximum qu'intake lit en une ligne. Vérifiez que les lignes du fichier se terminent où elles le doivent (ou enregistrez-le à nouveau depuis Excel) et importez-le à nouveau.
error-too-many-columns = { $file } : la ligne d'en-tête a { $columns } colonnes ; intake en lit au plus { $limit }. Supprimez les colonnes que vous n'importez pas et réessayez.
error-workbook-inflated = { $file } : la partie { $part } du classeur se décompresse en plus de { $limit }, ce qu'intake ne lit pas. Enregistrez la feuille en CSV et importez celui-ci.
error-workbook-rows = { $file } : la feuille a des lignes au-delà de la ligne { $limit }, la dernière d'Excel : le classeur n'a pas été fait par Excel ou il est endommagé. Enregistrez la feuille en CSV et importez celui-ci.
error-workbook-cells = { $file } : la feuille a plus de { $limit } cellules (cellules vides entre les valeurs comprises), plus qu'intake n'en lit. Enregistrez la feuille en CSV et importez celui-ci.
error-workbook-cells-whole = { $file } : la feuille a plus de { $limit } cellules ; ce type de classeur est lu entièrement en mémoire, et intake n'en lit pas davantage. Enregistrez-le en .xlsx ou en CSV et importez celui-ci.
error-workbook-column = { $file }, ligne { $row } : une valeur se trouve en colonne { $column }, au-delà des { $limit } premières colonnes qu'intake lit. Supprimez-la (ou déplacez-la vers la gauche) et importez à nouveau.
error-workbook-cell-length = { $file }, ligne { $row }, colonne { $column } : la cellule contient plus de { $limit } caractères, la limite d'Excel lui-même : le classeur n'a pas été fait par Excel ou il est endommagé.
error-workbook-strings = { $file } : les textes du classeur occupent plus de { $limit }, plus qu'intake ne garde en mémoire pendant la lecture. Enregistrez la feuille en CSV et importez celui-ci.
error-workbook-memory = { $file } : la lecture de ce classeur a demandé plus de { $limit } de mémoire ou { $seconds } secondes (le lecteur de ce type de classeur en garde une grande partie en mémoire, et celui-ci est endommagé ou fait pour être trop grand). Enregistrez-le en .xlsx ou en CSV et importez celui-ci.
error-workbook-node = { $file } : la partie { $part } du classeur contient une seule valeur ou un seul espace de plus de 1 Mio, ce qu'aucun classeur enregistré par Excel ne contient. Enregistrez la feuille en CSV et importez celui-ci.
issue-cell-too_long = Ligne { $row } : la valeur « { $value } » de { $column } dépasse les { $limit } caractères que cette colonne accepte. Le contact ne sera pas importé ; ses autres règles seront vérifiées une fois cette cellule raccourcie.
issue-cell-control_character = Ligne { $row } : la valeur « { $value } » de { $column } contient un caractère de contrôle ({ $character }), que personne ne saisit : le fichier a sans doute été endommagé ou exporté par un autre programme. Le contact ne sera pas importé ; ses autres règles seront vérifiées une fois cette cellule corrigée.
log-failed-resumable = L'importation a échoué : { $error } Les lignes jusqu'à la ligne { $checkpoint_row } sont dans la base de contacts, les suivantes non. Une fois la cause corrigée, reprenez-la avec : intake import --resume { $id }
phase-waiting = En attente d'une autre importation
waiting-for-writer = En attente de { $what ->
    [undo] l'annulation de l'importation
   *[other] l'importation
} { $id } (lancée par { $who } le { $since }), qui écrit dans cette institution…
waiting-for-writer-unknown = En attente d'une autre importation, qui écrit dans cette institution…
log-waited = Attendu { $duration } que { $what ->
    [undo] l'annulation de l'importation
   *[other] l'importation
} { $id } (lancée par { $who }) finisse d'écrire dans cette institution.
log-waited-unknown = Attendu { $duration } qu'une autre importation finisse d'écrire dans cette institution.
error-writer-busy = { $what ->
    [undo] L'annulation de l'importation
   *[other] L'importation
} { $id } (lancée par { $who } le { $since }) écrit dans cette institution, et cette commande ne devait pas attendre (--no-wait). Relancez-la quand celle-ci sera terminée (voir intake imports).
error-writer-busy-unknown = Une autre importation écrit dans cette institution, et cette commande ne devait pas attendre (--no-wait). Relancez-la quand celle-ci sera terminée (voir intake imports).
value-withheld = (non conservée : cette exécution efface des données personnelles)
log-erased = Ligne { $row } : cette ligne concernait une personne effacée depuis (anonymisée ou supprimée) ; ce qu'elle disait est parti avec elle.
log-expired = Ligne { $row } : les valeurs de cette ligne ont été effacées au terme de la durée de conservation de l'institution.
error-upload-erased = Le fichier de cette importation a été effacé (sa durée de conservation est écoulée, ou les personnes qu'il contenait ont été anonymisées) : ses lignes ne peuvent plus être réécrites. Son journal les liste toujours.
error-upload-kept = Le fichier téléversé { $path } n'a pas pu être supprimé ({ $reason }) : il contient encore les personnes effacées. Supprimez-le à la main.
retention-erased = Conservation de { $days } jours : effacé les valeurs personnelles de { $lines } lignes de journal et { $uploads } fichiers téléversés de { $imports } importations terminées avant le { $cutoff }.
retention-would-erase = Conservation de { $days } jours : effacerait les valeurs personnelles de { $lines } lignes de journal et { $uploads } fichiers téléversés de { $imports } importations terminées avant le { $cutoff } (simulation : rien n'a été effacé).

# Doublons : chaque champ d'une paire comparé, et ce qu'est la paire.
duplicates-field-phone = Téléphone
duplicates-field-address = Adresse
duplicates-same = { $field } : identique
duplicates-same-except-case = { $field } : identique aux majuscules près
duplicates-same-without-accents = { $field } : identique sans les accents
duplicates-same-street-abbreviated = { $field } : même rue ({ $left } = { $right })
duplicates-close = { $field } : { $left } ~ { $right }
duplicates-initial = { $field } : { $left } ~ { $right } (une initiale)
duplicates-holds = { $field } : { $left } ~ { $right } (nom double ou d'épouse ?)
duplicates-swapped = { $field } : prénom et nom inversés
duplicates-other-domain = { $field } : même nom, autre domaine ({ $left } ~ { $right })
duplicates-day-month = { $field } : jour et mois inversés ({ $left } ~ { $right })
duplicates-one-digit = { $field } : un chiffre d'écart ({ $left } ~ { $right })
duplicates-other-postal-code = { $field } : même rue, autre code postal : déménagé ?
duplicates-other-address = { $field } : autre adresse : déménagé ?
duplicates-different = { $field } : { $left } ≠ { $right }
duplicates-missing = { $field } : absent d'un côté
duplicates-household = même foyer, pas un doublon
duplicates-judgement-duplicate = doublon probable (score { $score })
duplicates-judgement-household = même foyer, pas un doublon : ils partagent une adresse, un téléphone ou un e-mail mais pas un prénom ou une date de naissance
duplicates-judgement-different = pas un doublon (score { $score })
duplicates-judgement-not-compared = pas comparés : ils ne partagent ni nom, ni e-mail, ni téléphone, ni date de naissance, ni adresse assez proches (score { $score })
duplicates-judgement-never = une personne et une structure ne sont jamais un même contact
duplicates-summary =
    { $people ->
        [one] { $people } personne
       *[other] { $people } personnes
    }, { $compared ->
        [one] { $compared } paire comparée
       *[other] { $compared } paires comparées
    }, { $pairs ->
        [one] { $pairs } proposée
       *[other] { $pairs } proposées
    } en { $clusters ->
        [one] { $clusters } groupe
       *[other] { $clusters } groupes
    }, { $households ->
        [one] { $households } foyer écarté
       *[other] { $households } foyers écartés
    }
duplicates-unknown-id = { $id } n'est pas parmi les personnes cherchées
duplicates-unknown-contact = { $number } n'est pas un contact de cette base
duplicates-reviewed-same =
    { $pairs ->
        [one] { $pairs } paire revue comme une seule personne
       *[other] { $pairs } paires revues comme une seule personne
    }
duplicates-reviewed-different =
    { $pairs ->
        [one] { $pairs } paire revue comme deux personnes : plus jamais proposée
       *[other] { $pairs } paires revues comme deux personnes : plus jamais proposées
    }
