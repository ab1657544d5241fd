//! Header mapping: which file column holds which canonical [`Column`].
//!
//! Headers are matched case-, accent-, space- and punctuation-insensitively
//! against the canonical names and their usual labels in French, German,
//! English and Italian.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::column::{AddressGroup, Column};

/// Labels that name each column, besides its canonical name. Every label of
/// the templates (see the translation files) must appear here; a test checks it.
const LABELS: &[(Column, &[&str])] = &[
    (
        Column::Email,
        &[
            "e-mail",
            "email address",
            "mail",
            "courriel",
            "adresse email",
            "adresse e-mail",
            "adresse électronique",
            "e-mail-adresse",
            "emailadresse",
            "indirizzo email",
            "indirizzo e-mail",
            "posta elettronica",
        ],
    ),
    (
        Column::ContactType,
        &[
            "contact type",
            "type",
            "type de contact",
            "kontakttyp",
            "kontaktart",
            "typ",
            "tipo di contatto",
            "tipo contatto",
            "tipo",
        ],
    ),
    (
        Column::Title,
        &[
            "civilité",
            "titre",
            "salutation",
            "civility",
            "anrede",
            "titolo",
            "appellativo",
        ],
    ),
    (
        Column::FirstName,
        &[
            "first name",
            "firstname",
            "given name",
            "forename",
            "prénom",
            "vorname",
            "nome",
        ],
    ),
    (
        Column::LastName,
        &[
            "last name",
            "lastname",
            "surname",
            "family name",
            "nom",
            "nom de famille",
            "nachname",
            "familienname",
            "cognome",
        ],
    ),
    (
        Column::Birthdate,
        &[
            "birth date",
            "date of birth",
            "birthday",
            "dob",
            "date de naissance",
            "naissance",
            "geburtsdatum",
            "geburtstag",
            "data di nascita",
            "data nascita",
        ],
    ),
    (
        Column::Language,
        &[
            "preferred language",
            "langue",
            "langue préférée",
            "sprache",
            "korrespondenzsprache",
            "lingua",
            "lingua preferita",
        ],
    ),
    (
        Column::StructureName,
        &[
            "structure",
            "organisation",
            "organization",
            "company",
            "nom de la structure",
            "raison sociale",
            "entreprise",
            "firma",
            "firmenname",
            "organisationsname",
            "ditta",
            "azienda",
            "ragione sociale",
            "nome struttura",
            "nome della struttura",
        ],
    ),
    (
        Column::AddressLine1,
        &[
            "address",
            "address line 1",
            "street",
            "adresse",
            "adresse 1",
            "adresse ligne 1",
            "rue",
            "adresszeile 1",
            "strasse",
            "straße",
            "indirizzo",
            "indirizzo 1",
            "riga indirizzo 1",
            "via",
        ],
    ),
    (
        Column::AddressLine2,
        &[
            "address line 2",
            "adresse 2",
            "adresse ligne 2",
            "complément d'adresse",
            "adresszeile 2",
            "adresszusatz",
            "indirizzo 2",
            "riga indirizzo 2",
        ],
    ),
    (
        Column::PostalCode,
        &[
            "postal code",
            "postcode",
            "zip",
            "zip code",
            "code postal",
            "cp",
            "npa",
            "plz",
            "postleitzahl",
            "cap",
            "codice postale",
            "nap",
        ],
    ),
    (
        Column::Town,
        &[
            "city",
            "ville",
            "localité",
            "ort",
            "stadt",
            "wohnort",
            "città",
            "località",
            "comune",
        ],
    ),
    (
        Column::State,
        &[
            "region",
            "province",
            "county",
            "département",
            "canton",
            "région",
            "état",
            "kanton",
            "bundesland",
            "provinz",
            "provincia",
            "cantone",
            "regione",
            "département/canton",
            "kanton/bundesland",
            "provincia/cantone",
            "state/department/canton",
        ],
    ),
    (Column::Country, &["pays", "land", "paese", "nazione"]),
    (
        Column::ContactNumber,
        &[
            "contact number",
            "contact no",
            "numéro de contact",
            "numéro contact",
            "no contact",
            "kontaktnummer",
            "numero di contatto",
            "numero contatto",
        ],
    ),
    (
        Column::StructureType,
        &[
            "type de structure",
            "strukturtyp",
            "organisationstyp",
            "tipo di struttura",
            "tipo struttura",
        ],
    ),
    (
        Column::AdministrativeNumber,
        &[
            "vat number",
            "company number",
            "numéro administratif",
            "numéro de tva",
            "siret",
            "ide",
            "uid",
            "mwst-nummer",
            "handelsregisternummer",
            "partita iva",
            "numero amministrativo",
        ],
    ),
    (
        Column::Phone,
        &[
            "telephone",
            "phone number",
            "téléphone",
            "tél",
            "tel",
            "telefon",
            "telefonnummer",
            "telefono",
        ],
    ),
    (
        Column::Mobile,
        &[
            "mobile phone",
            "cell phone",
            "portable",
            "téléphone portable",
            "natel",
            "handy",
            "mobiltelefon",
            "cellulare",
        ],
    ),
];

/// Prefixes of the `criterion:CODE` and `authorization:CODE` columns, in the
/// four languages.
const CRITERION_PREFIXES: &[&str] = &["criterion", "critère", "kriterium", "criterio"];
const AUTHORIZATION_PREFIXES: &[&str] = &[
    "authorization",
    "authorisation",
    "autorisation",
    "consent",
    "einwilligung",
    "autorizzazione",
    "consenso",
];

/// Headers that are written by intake itself and are ignored without a word
/// when a file comes back (the `errors` column of a rejects file).
const IGNORED: &[&str] = &["errors", "erreurs", "fehler", "errori"];

/// Canonical columns of the extended format that the basic import recognises
/// but does not read; they get their own warning instead of "unknown column".
const EXTENDED_PREFIXES: &[&str] = &["created_from", "status"];

/// Folds a header for comparison: lower case, accents removed, and every
/// character that is not a letter or a digit dropped ("E-Mail" → "email",
/// "Code postal" → "codepostal", "first_name" → "firstname").
pub fn fold_header(header: &str) -> String {
    let ascii = deunicode::deunicode(header.trim_start_matches('\u{feff}'));
    ascii
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

static LOOKUP: LazyLock<HashMap<String, Column>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for column in Column::ALL {
        map.insert(fold_header(column.name()), column);
    }
    for (column, labels) in LABELS {
        for label in *labels {
            map.insert(fold_header(label), *column);
        }
    }
    map
});

/// What a header is, once recognised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderKind {
    /// A canonical column.
    Column(Column),
    /// A `criterion:CODE` column (the code, upper case).
    Criterion(String),
    /// An `authorization:CODE` column (the code, upper case).
    Authorization(String),
    /// A column intake writes itself (the rejects' `errors`): ignored silently.
    Ignored,
    /// A column intake writes in exports but does not read back
    /// (`created_from`, `status`).
    NotImported,
    /// Nothing intake knows.
    Unknown,
}

/// Recognises one header label.
pub fn classify(header: &str) -> HeaderKind {
    if let Some((prefix, code)) = header.split_once(':') {
        let prefix = fold_header(prefix);
        let code = code.trim().to_uppercase();
        if !code.is_empty() {
            if CRITERION_PREFIXES.iter().any(|p| fold_header(p) == prefix) {
                return HeaderKind::Criterion(code);
            }
            if AUTHORIZATION_PREFIXES
                .iter()
                .any(|p| fold_header(p) == prefix)
            {
                return HeaderKind::Authorization(code);
            }
        }
    }
    let folded = fold_header(header);
    if let Some(column) = LOOKUP.get(&folded) {
        return HeaderKind::Column(*column);
    }
    if IGNORED.iter().any(|i| fold_header(i) == folded) {
        return HeaderKind::Ignored;
    }
    let lower = header.trim().to_lowercase();
    if EXTENDED_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return HeaderKind::NotImported;
    }
    HeaderKind::Unknown
}

/// Something to tell the user about the header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderFinding {
    /// A header nobody knows; its values are ignored.
    Unknown {
        /// 1-based position in the header row.
        position: usize,
        /// The header as written.
        header: String,
    },
    /// A column intake writes in exports, recognised but not read.
    NotImported {
        /// 1-based position in the header row.
        position: usize,
        /// The header as written.
        header: String,
    },
    /// A second header naming a column already named; only the first is read.
    Duplicate {
        /// 1-based position of the ignored header.
        position: usize,
        /// The header as written.
        header: String,
        /// The column both name.
        column: Column,
    },
    /// A header cell that is empty while the column holds values further down
    /// is handled like an unknown header; an empty header is only noted here.
    Empty {
        /// 1-based position in the header row.
        position: usize,
    },
}

/// Which file column holds which canonical column.
#[derive(Clone, Debug)]
pub struct HeaderMap {
    positions: [Option<usize>; Column::ALL.len() + 2],
    /// Whether the file has any column of each address group (in the order
    /// of [`AddressGroup::ALL`]): asked for every row.
    groups: [bool; 3],
    width: usize,
    headers: Vec<String>,
    criteria: Vec<(usize, String)>,
    authorizations: Vec<(usize, String)>,
    /// Every column read, by limit: (longest value, file position, column),
    /// shortest first (see [`HeaderMap::limits`]).
    limits: Vec<(usize, usize, Column)>,
}

impl HeaderMap {
    /// Maps a header row, returning the findings worth a log line.
    ///
    /// Labels are read in any of the four languages, whatever their case,
    /// accents or spaces:
    ///
    /// ```
    /// use intake_core::{Column, HeaderMap};
    ///
    /// let headers = ["E-mail", "Prénom", "NOM"].map(String::from);
    /// let (map, findings) = HeaderMap::new(&headers);
    /// assert!(map.has(Column::Email) && map.has(Column::FirstName));
    /// assert!(map.has(Column::LastName));
    /// assert!(findings.is_empty(), "{findings:?}");
    /// ```
    pub fn new(headers: &[String]) -> (HeaderMap, Vec<HeaderFinding>) {
        let mut positions = [None; Column::ALL.len() + 2];
        let mut findings = Vec::new();
        let mut criteria: Vec<(usize, String)> = Vec::new();
        let mut authorizations: Vec<(usize, String)> = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let position = i + 1;
            if header.trim().is_empty() {
                findings.push(HeaderFinding::Empty { position });
                continue;
            }
            match classify(header) {
                HeaderKind::Column(column) => {
                    let slot = &mut positions[column.index()];
                    if slot.is_some() {
                        findings.push(HeaderFinding::Duplicate {
                            position,
                            header: header.clone(),
                            column,
                        });
                    } else {
                        *slot = Some(i);
                    }
                }
                HeaderKind::Criterion(code) => {
                    if criteria.iter().any(|(_, c)| *c == code) {
                        findings.push(HeaderFinding::Duplicate {
                            position,
                            header: header.clone(),
                            column: Column::Criterion,
                        });
                    } else {
                        criteria.push((i, code));
                    }
                }
                HeaderKind::Authorization(code) => {
                    if authorizations.iter().any(|(_, c)| *c == code) {
                        findings.push(HeaderFinding::Duplicate {
                            position,
                            header: header.clone(),
                            column: Column::Authorization,
                        });
                    } else {
                        authorizations.push((i, code));
                    }
                }
                HeaderKind::Ignored => {}
                HeaderKind::NotImported => findings.push(HeaderFinding::NotImported {
                    position,
                    header: header.clone(),
                }),
                HeaderKind::Unknown => findings.push(HeaderFinding::Unknown {
                    position,
                    header: header.clone(),
                }),
            }
        }
        let groups =
            AddressGroup::ALL.map(|g| g.columns().iter().any(|c| positions[c.index()].is_some()));
        let mut limits: Vec<(usize, usize, Column)> = Column::ALL
            .iter()
            .filter_map(|c| positions[c.index()].map(|p| (c.max_chars(), p, *c)))
            .chain(
                criteria
                    .iter()
                    .map(|(p, _)| (Column::Criterion.max_chars(), *p, Column::Criterion)),
            )
            .chain(
                authorizations
                    .iter()
                    .map(|(p, _)| (Column::Authorization.max_chars(), *p, Column::Authorization)),
            )
            .collect();
        limits.sort_unstable();
        let map = HeaderMap {
            positions,
            groups,
            width: headers.len(),
            headers: headers.to_vec(),
            criteria,
            authorizations,
            limits,
        };
        (map, findings)
    }

    /// The 0-based file position of a column, if the file has it.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.positions[column.index()]
    }

    /// Whether the file has this column.
    pub fn has(&self, column: Column) -> bool {
        self.position(column).is_some()
    }

    /// Whether the file has any column of this address group.
    pub fn has_group(&self, group: AddressGroup) -> bool {
        let i = match group {
            AddressGroup::Main => 0,
            AddressGroup::Billing => 1,
            AddressGroup::Shipping => 2,
        };
        self.groups[i]
    }

    /// Every column read, with its longest value: (characters, file
    /// position, column), shortest limit first.
    pub fn limits(&self) -> &[(usize, usize, Column)] {
        &self.limits
    }

    /// The `criterion:CODE` columns: file position and code.
    pub fn criteria(&self) -> &[(usize, String)] {
        &self.criteria
    }

    /// The `authorization:CODE` columns: file position and code.
    pub fn authorizations(&self) -> &[(usize, String)] {
        &self.authorizations
    }

    /// Whether the file has a column of the extended format (anything but
    /// the basic template's columns, contact type and structure name).
    pub fn is_extended(&self) -> bool {
        Column::ALL[14..].iter().any(|c| self.has(*c))
    }

    /// The number of cells of the header row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The header row as written in the file.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The trimmed cell of `column` in `cells`, or `""` when the file has no
    /// such column or the row is shorter.
    pub fn cell<'a>(&self, cells: &[&'a str], column: Column) -> &'a str {
        self.position(column)
            .and_then(|p| cells.get(p))
            .map(|s| clean_cell(s))
            .unwrap_or("")
    }
}

/// Whether a spreadsheet would run a cell as a formula: it starts with `=`,
/// `+`, `-` or `@` (and has more than that one character), once any blanks
/// or control characters before it (a TAB, a carriage return) are skipped,
/// as spreadsheets skip them.
pub fn formula_like(cell: &str) -> bool {
    let rest = cell.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    rest.len() > 1 && rest.starts_with(['=', '+', '-', '@'])
}

/// Trims a cell and undoes the formula neutralisation intake applies when it
/// writes a file (`'=x` → `=x`, `'\t=x` → `=x`), so a rejects file imports
/// again as it was.
#[inline]
pub fn clean_cell(cell: &str) -> &str {
    // Most cells start and end with a visible ASCII character: nothing to
    // trim, and no need to decode characters from both ends.
    let t = match cell.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => cell,
        [only] if only.is_ascii_graphic() => cell,
        _ => cell.trim(),
    };
    // A neutralised formula is rare: its handling stays out of line, so
    // that this runs inline for every cell looked up.
    if t.as_bytes().first() == Some(&b'\'') {
        return unneutralised(t);
    }
    t
}

/// A trimmed cell that starts with `'`, without the `'` intake put before
/// a formula (see [`clean_cell`]).
#[cold]
#[inline(never)]
fn unneutralised(t: &str) -> &str {
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        Some(rest) if formula_like(rest) => rest.trim_start(),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(h: &str) -> Option<Column> {
        match classify(h) {
            HeaderKind::Column(c) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn the_address_groups_a_file_has_are_known_from_its_header() {
        let map_of = |columns: &[Column]| {
            let headers: Vec<String> = columns.iter().map(|c| c.name().to_string()).collect();
            HeaderMap::new(&headers).0
        };
        let map = map_of(&[Column::Email, AddressGroup::Billing.columns()[3]]);
        assert!(map.has_group(AddressGroup::Billing));
        assert!(!map.has_group(AddressGroup::Main));
        assert!(!map.has_group(AddressGroup::Shipping));
        let map = map_of(&AddressGroup::Main.columns()[..1]);
        assert!(map.has_group(AddressGroup::Main));
        assert!(!map.has_group(AddressGroup::Billing));
    }

    #[test]
    fn labels_in_four_languages() {
        let cases = [
            ("E-mail", Column::Email),
            ("Courriel", Column::Email),
            ("EMAIL", Column::Email),
            ("Civilité", Column::Title),
            ("Anrede", Column::Title),
            ("Prénom", Column::FirstName),
            ("PRENOM", Column::FirstName),
            ("Vorname", Column::FirstName),
            ("Nom", Column::LastName),
            ("Nachname", Column::LastName),
            ("Cognome", Column::LastName),
            ("Date de naissance", Column::Birthdate),
            ("Geburtsdatum", Column::Birthdate),
            ("Code postal", Column::PostalCode),
            ("NPA", Column::PostalCode),
            ("PLZ", Column::PostalCode),
            ("Postcode", Column::PostalCode),
            ("CAP", Column::PostalCode),
            ("Ville", Column::Town),
            ("Ort", Column::Town),
            ("Town", Column::Town),
            ("Città", Column::Town),
            ("Pays", Column::Country),
            ("Land", Column::Country),
            ("Langue", Column::Language),
            ("Sprache", Column::Language),
            (" first_name ", Column::FirstName),
            ("Address_Line1", Column::AddressLine1),
            ("\u{feff}email", Column::Email),
        ];
        for (label, expected) in cases {
            assert_eq!(col(label), Some(expected), "{label}");
        }
    }

    #[test]
    fn unknown_extended_and_ignored_headers() {
        assert_eq!(classify("Lieblingsfarbe"), HeaderKind::Unknown);
        assert_eq!(classify("phone"), HeaderKind::Column(Column::Phone));
        assert_eq!(classify("created_from"), HeaderKind::NotImported);
        assert_eq!(
            classify("criterion:music"),
            HeaderKind::Criterion("MUSIC".into())
        );
        assert_eq!(
            classify("Critère: Jazz"),
            HeaderKind::Criterion("JAZZ".into())
        );
        assert_eq!(
            classify("authorization:NEWSLETTER"),
            HeaderKind::Authorization("NEWSLETTER".into())
        );
        assert_eq!(classify("errors"), HeaderKind::Ignored);
        assert_eq!(classify("Fehler"), HeaderKind::Ignored);
    }

    #[test]
    fn map_reports_each_finding_once() {
        let headers: Vec<String> = ["Email", "Vorname", "E-Mail", "Hobby", "", "status"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (map, findings) = HeaderMap::new(&headers);
        assert_eq!(map.position(Column::Email), Some(0));
        assert_eq!(map.position(Column::FirstName), Some(1));
        assert_eq!(map.width(), 6);
        assert_eq!(
            findings,
            vec![
                HeaderFinding::Duplicate {
                    position: 3,
                    header: "E-Mail".into(),
                    column: Column::Email
                },
                HeaderFinding::Unknown {
                    position: 4,
                    header: "Hobby".into()
                },
                HeaderFinding::Empty { position: 5 },
                HeaderFinding::NotImported {
                    position: 6,
                    header: "status".into()
                },
            ]
        );
    }

    #[test]
    fn neutralised_cells_come_back() {
        assert_eq!(clean_cell("  '=1+1 "), "=1+1");
        assert_eq!(clean_cell("'hello"), "'hello");
        assert_eq!(clean_cell(" x "), "x");
        // What the exports make of a formula behind a blank comes back as
        // the trimmed cell, as the cell itself was read.
        assert_eq!(clean_cell("'\t=1+1"), "=1+1");
        assert_eq!(clean_cell("'\r@SUM(A1)"), "@SUM(A1)");
        assert_eq!(clean_cell("'\u{1}=x"), "\u{1}=x");
        assert_eq!(clean_cell("' hello"), "' hello");
    }

    #[test]
    fn formulas_are_seen_behind_blanks_and_control_characters() {
        for cell in [
            "=1", "+41 79", "-2", "@SUM(A1)", "\t=1+1", "\r=1", " \u{1}@x", "\n-2",
        ] {
            assert!(formula_like(cell), "{cell:?}");
        }
        for cell in ["-", "\t-", "=", "Ana", "\tAna", "", "a=1", "'=1"] {
            assert!(!formula_like(cell), "{cell:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_cleaned_cell_is_trimmed_as_str_trim_does(
            s in "[\x00-\x7f\u{85}\u{a0}\u{2028}\u{3000}\u{e9}]{0,8}"
        ) {
            let t = s.trim();
            let expected = match t.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                Some(rest) if formula_like(rest) => rest.trim_start(),
                _ => t,
            };
            proptest::prop_assert_eq!(clean_cell(&s), expected);
        }
    }
}
