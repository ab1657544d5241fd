//! Duplicate contacts: the people of a base or a file handed to
//! `intake-duplicates`, and what it found said in the reader's language
//! (CSV, JSON, XLSX, a table, one pair explained).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use std::collections::HashSet;

use intake_core::check::ContactDraft;
use intake_core::header::fold_header;
use intake_core::value::ContactType;
use intake_core::{Column, HeaderMap};
use intake_duplicates::{
    Comparison, Explained, Field, FieldComparison, Finder, Found, PersonText, Reason, Verdict,
};
use intake_i18n::{Arg, Lang, text};
use intake_source::{Record, Source, SourceError};
use intake_store::contacts::for_each_identity;
use intake_store::reviews::{self, Decision};
use intake_store::{Store, StoreError};
use rust_xlsxwriter::{Workbook, XlsxError};

pub use intake_duplicates::LIKELY_DUPLICATE;

use crate::export::neutralise;

/// Why a duplicate search could not run.
#[derive(Debug, thiserror::Error)]
pub enum DuplicatesError {
    /// The file cannot be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// `--id-column` names no column of the file.
    #[error("{path} has no column {column} (--id-column): its columns are {columns}", path = path.display())]
    NoIdColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The file's headers.
        columns: String,
    },
}

/// The contacts of the institution's base (active and inactive), named by
/// contact number.
///
/// # Errors
///
/// What the base says.
pub fn people_of_base(store: &mut dyn Store, institution: i64) -> Result<Finder, StoreError> {
    let mut finder = Finder::new();
    for_each_identity(store.sql(), institution, &mut |c| {
        finder.add(PersonText {
            id: c.contact_number.to_string(),
            structure: c.structure,
            first_name: c.first_name,
            last_name: c.last_name,
            structure_name: c.structure_name,
            email: c.email,
            birthdate: c.birthdate,
            phone: c.phone,
            mobile: c.mobile,
            address_line1: c.address_line1,
            postal_code: c.postal_code,
            town: c.town,
        })
    })?;
    Ok(finder)
}

/// The rows of a CSV file or a workbook, read as an import reads headers
/// (canonical names or labels in four languages; other columns ignored),
/// none rejected: a value that does not read is only less evidence. A row
/// is named by its `id_column` value (default `contact_number` when the
/// file has it), else by its spreadsheet row number.
///
/// # Errors
///
/// A file that cannot be read; an `id_column` the file does not have.
pub fn people_of_file(path: &Path, id_column: Option<&str>) -> Result<Finder, DuplicatesError> {
    let mut source = Source::open(path)?;
    let headers = source.header().to_vec();
    let (map, _) = HeaderMap::new(&headers);
    let id_at = match id_column {
        Some(name) => {
            let wanted = fold_header(name);
            let at = headers
                .iter()
                .position(|h| fold_header(h) == wanted)
                .or_else(|| {
                    (wanted == fold_header(Column::ContactNumber.name()))
                        .then(|| map.position(Column::ContactNumber))
                        .flatten()
                });
            Some(at.ok_or_else(|| DuplicatesError::NoIdColumn {
                path: path.to_path_buf(),
                column: name.to_string(),
                columns: headers.join(", "),
            })?)
        }
        None => map.position(Column::ContactNumber),
    };
    let mut finder = Finder::new();
    let mut record = Record::default();
    while source.next_record(&mut record)? {
        if record.is_blank() {
            continue;
        }
        let cells: Vec<&str> = record.iter().collect();
        let cell = |c: Column| map.cell(&cells, c).to_string();
        let id = id_at
            .and_then(|at| cells.get(at))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map_or_else(|| record.row.to_string(), str::to_string);
        let kind = cell(Column::ContactType);
        finder.add(PersonText {
            id,
            structure: kind.eq_ignore_ascii_case("STRUCTURE"),
            first_name: cell(Column::FirstName),
            last_name: cell(Column::LastName),
            structure_name: cell(Column::StructureName),
            email: cell(Column::Email),
            birthdate: cell(Column::Birthdate),
            phone: cell(Column::Phone),
            mobile: cell(Column::Mobile),
            address_line1: cell(Column::AddressLine1),
            postal_code: cell(Column::PostalCode),
            town: cell(Column::Town),
        });
    }
    Ok(finder)
}

/// A field's name in `lang`.
fn field_name(lang: Lang, field: Field) -> String {
    match field {
        Field::Phone => text(lang, "duplicates-field-phone", &[]),
        Field::Address => text(lang, "duplicates-field-address", &[]),
        f => text(lang, &format!("column-{}", f.column()), &[]),
    }
}

/// A field's comparison as a sentence: "e-mail: same except case",
/// "first name: Jean-Marc ~ Jean Marc".
pub fn field_sentence(lang: Lang, f: &FieldComparison<'_>) -> String {
    let id = match f.reason {
        Reason::Same => "duplicates-same",
        Reason::SameExceptCase => "duplicates-same-except-case",
        Reason::SameWithoutAccents => "duplicates-same-without-accents",
        Reason::SameStreetAbbreviated => "duplicates-same-street-abbreviated",
        Reason::Spelling | Reason::Typo => "duplicates-close",
        Reason::Initial => "duplicates-initial",
        Reason::OneHoldsTheOther => "duplicates-holds",
        Reason::Swapped => "duplicates-swapped",
        Reason::OtherDomain => "duplicates-other-domain",
        Reason::DayMonthSwapped => "duplicates-day-month",
        Reason::OneDigit => "duplicates-one-digit",
        Reason::SameStreetOtherPostalCode => "duplicates-other-postal-code",
        Reason::OtherAddress => "duplicates-other-address",
        Reason::Different => "duplicates-different",
        Reason::Missing => "duplicates-missing",
    };
    let (left, right) = if f.reason == Reason::SameStreetAbbreviated {
        first_other_words(f.left, f.right)
    } else {
        (f.left, f.right)
    };
    text(
        lang,
        id,
        &[
            ("field", Arg::from(field_name(lang, f.field))),
            ("left", Arg::from(left)),
            ("right", Arg::from(right)),
        ],
    )
}

/// The first words two street lines write otherwise ("Av." and
/// "Avenue"), or the two lines when none does.
fn first_other_words<'a>(left: &'a str, right: &'a str) -> (&'a str, &'a str) {
    left.split_whitespace()
        .zip(right.split_whitespace())
        .map(|(l, r)| (l.trim_end_matches(','), r.trim_end_matches(',')))
        .find(|(l, r)| l != r)
        .unwrap_or((left, right))
}

/// A pair's explanation: the sentences of the fields both have, then the
/// household's when it is one.
pub fn explanation(lang: Lang, c: &Comparison<'_>) -> String {
    let mut parts: Vec<String> = c
        .fields
        .iter()
        .filter(|f| f.verdict != Verdict::Missing)
        .map(|f| field_sentence(lang, f))
        .collect();
    if c.household {
        parts.push(text(lang, "duplicates-household", &[]));
    }
    parts.join("; ")
}

/// A score as written: four decimals.
fn score(s: f64) -> String {
    format!("{s:.4}")
}

/// The pairs as CSV: `id_1,id_2,score,cluster,explanation`.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_pairs_csv(found: &Found<'_>, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["id_1", "id_2", "score", "cluster", "explanation"])?;
    for p in &found.pairs {
        w.write_record([
            neutralise(p.left.id()).as_ref(),
            neutralise(p.right.id()).as_ref(),
            &score(p.comparison.score),
            neutralise(p.cluster).as_ref(),
            neutralise(&explanation(lang, &p.comparison)).as_ref(),
        ])?;
    }
    w.flush()
}

/// The pairs as a table's rows, headings first.
pub fn pairs_table(found: &Found<'_>, lang: Lang) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["id_1", "id_2", "score", "cluster", "explanation"]
            .map(str::to_string)
            .to_vec(),
    ];
    for p in &found.pairs {
        rows.push(vec![
            p.left.id().to_string(),
            p.right.id().to_string(),
            score(p.comparison.score),
            p.cluster.to_string(),
            explanation(lang, &p.comparison),
        ]);
    }
    rows
}

/// The pairs as an XLSX table of the CSV's columns (every cell a string
/// but the score).
///
/// # Errors
///
/// When the workbook cannot be written.
pub fn write_pairs_xlsx(found: &Found<'_>, lang: Lang, path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, name) in ["id_1", "id_2", "score", "cluster", "explanation"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *name)?;
    }
    for (r, p) in found.pairs.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, p.left.id())?;
        sheet.write_string(r, 1, p.right.id())?;
        sheet.write_number(r, 2, rounded(p.comparison.score))?;
        sheet.write_string(r, 3, p.cluster)?;
        sheet.write_string(r, 4, explanation(lang, &p.comparison))?;
    }
    book.save(path)
}

/// A field of a pair, as JSON.
#[derive(Clone, Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldJson {
    /// The canonical column.
    pub column: &'static str,
    /// `same`, `similar`, `different` or `missing`.
    pub verdict: &'static str,
    /// The first record's value.
    pub left: String,
    /// The second's.
    pub right: String,
    /// The verdict as a sentence in the reader's language.
    pub explanation: String,
}

/// A proposed pair, as JSON.
#[derive(Clone, Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PairJson {
    /// The record with the smaller id.
    pub id_1: String,
    /// The other.
    pub id_2: String,
    /// The probability that they are one person, four decimals.
    pub score: f64,
    /// The cluster: the smallest id of the records the pairs around it
    /// would merge.
    pub cluster: String,
    /// Every field compared.
    pub fields: Vec<FieldJson>,
}

/// What a search found, as JSON.
#[derive(Clone, Debug, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FoundJson {
    /// The pairs proposed, by cluster.
    pub pairs: Vec<PairJson>,
    /// The people searched.
    pub people: usize,
    /// The pairs compared.
    pub compared: usize,
    /// The pairs set apart as households.
    pub households: usize,
}

/// A score kept to four decimals.
fn rounded(s: f64) -> f64 {
    (s * 10_000.0).round() / 10_000.0
}

fn fields_json(lang: Lang, c: &Comparison<'_>) -> Vec<FieldJson> {
    c.fields
        .iter()
        .map(|f| FieldJson {
            column: f.field.column(),
            verdict: f.verdict.code(),
            left: f.left.to_string(),
            right: f.right.to_string(),
            explanation: field_sentence(lang, f),
        })
        .collect()
}

/// The pairs as JSON: `{"pairs": [{"id_1", "id_2", "score", "cluster",
/// "fields": [{"column", "verdict", "left", "right", "explanation"}]}],
/// "people", "compared", "households"}`.
pub fn pairs_json(found: &Found<'_>, people: usize, lang: Lang) -> FoundJson {
    FoundJson {
        pairs: found
            .pairs
            .iter()
            .map(|p| PairJson {
                id_1: p.left.id().to_string(),
                id_2: p.right.id().to_string(),
                score: rounded(p.comparison.score),
                cluster: p.cluster.to_string(),
                fields: fields_json(lang, &p.comparison),
            })
            .collect(),
        people,
        compared: found.compared,
        households: found.households,
    }
}

/// One pair explained, as JSON.
#[derive(serde::Serialize)]
pub struct ExplainedJson<'a> {
    /// The first id asked.
    pub id_1: &'a str,
    /// The second.
    pub id_2: &'a str,
    /// `duplicate`, `household`, `different`, `not_compared` or `never`.
    pub judgement: &'static str,
    /// The probability that they are one person (none for an individual
    /// and a structure).
    pub score: Option<f64>,
    /// Two people of one household.
    pub household: bool,
    /// Whether blocking compares them at all.
    pub compared: bool,
    /// The judgement as a sentence.
    pub explanation: String,
    /// Every field compared.
    pub fields: Vec<FieldJson>,
}

/// What one pair is, in a word: `duplicate` (at or above `min_score`),
/// `household`, `different`, `not_compared` (blocking never puts them
/// together) or `never` (an individual and a structure).
pub fn judgement(e: &Explained<'_>, min_score: f64) -> &'static str {
    match &e.comparison {
        None => "never",
        Some(c) if c.household => "household",
        Some(_) if !e.blocked_together => "not_compared",
        Some(c) if c.score >= min_score => "duplicate",
        Some(_) => "different",
    }
}

/// The conclusion of `--explain` as a sentence.
pub fn judgement_sentence(e: &Explained<'_>, min_score: f64, lang: Lang) -> String {
    let score = e.comparison.as_ref().map_or(0.0, |c| c.score);
    text(
        lang,
        &format!(
            "duplicates-judgement-{}",
            judgement(e, min_score).replace('_', "-")
        ),
        &[("score", Arg::from(self::score(score)))],
    )
}

/// `--explain` as JSON.
pub fn explained_json<'a>(
    id_1: &'a str,
    id_2: &'a str,
    e: &'a Explained<'a>,
    min_score: f64,
    lang: Lang,
) -> ExplainedJson<'a> {
    ExplainedJson {
        id_1,
        id_2,
        judgement: judgement(e, min_score),
        score: e.comparison.as_ref().map(|c| rounded(c.score)),
        household: e.comparison.as_ref().is_some_and(|c| c.household),
        compared: e.blocked_together,
        explanation: judgement_sentence(e, min_score, lang),
        fields: e
            .comparison
            .as_ref()
            .map(|c| fields_json(lang, c))
            .unwrap_or_default(),
    }
}

/// The likely duplicates of the institution's base at `min_score` or more
/// (never a pair reviewed as two people), as JSON in `lang`: what the API
/// answers.
///
/// # Errors
///
/// What the base says.
pub fn find_in_base(
    store: &mut dyn Store,
    institution: i64,
    min_score: f64,
    lang: Lang,
) -> Result<FoundJson, StoreError> {
    let apart = reviewed_apart(store, institution)?;
    let finder = people_of_base(store, institution)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let found = finder.find(min_score, &|x, y| apart.contains(x, y), threads);
    Ok(pairs_json(&found, finder.len(), lang))
}

/// The pairs of the base a person reviewed as two people, which a search
/// never proposes again.
pub struct ReviewedApart(HashSet<(String, String)>);

impl ReviewedApart {
    /// Whether the pair of ids (in id order, as a search hands them over:
    /// the smaller number first, as reviews store them) was reviewed apart.
    pub fn contains(&self, id_1: &str, id_2: &str) -> bool {
        self.0.contains(&(id_1.to_string(), id_2.to_string()))
    }
}

/// The pairs of the institution's base reviewed as two people.
///
/// # Errors
///
/// What the base says.
pub fn reviewed_apart(
    store: &mut dyn Store,
    institution: i64,
) -> Result<ReviewedApart, StoreError> {
    Ok(ReviewedApart(
        reviews::reviews(store.sql(), institution)?
            .into_iter()
            .filter(|r| r.decision == Decision::Different)
            .map(|r| (r.contact_1.to_string(), r.contact_2.to_string()))
            .collect(),
    ))
}

/// What a row an import would create is compared on at the door.
pub fn person_of_draft(d: &ContactDraft<'_>) -> PersonText {
    let extended = d.extended.as_deref();
    let text = |v: Option<&str>| v.unwrap_or_default().to_string();
    let address = d.address.as_ref();
    PersonText {
        id: String::new(),
        structure: d.contact_type == ContactType::Structure,
        first_name: d.first_name.as_str().to_string(),
        last_name: d.last_name.as_str().to_string(),
        structure_name: text(d.structure_name),
        email: text(d.email.as_ref().map(|e| e.as_str())),
        birthdate: d.birthdate.map(|b| b.to_display()).unwrap_or_default(),
        phone: text(extended.and_then(|x| x.phone.as_ref()).map(|x| x.as_str())),
        mobile: text(extended.and_then(|x| x.mobile.as_ref()).map(|x| x.as_str())),
        address_line1: text(address.and_then(|a| a.line1)),
        postal_code: text(address.map(|a| a.postal_code.as_str())),
        town: text(address.map(|a| a.town.as_str())),
    }
}
