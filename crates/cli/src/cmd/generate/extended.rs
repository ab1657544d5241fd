//! `intake generate --extended`: a migration engineer's file in the
//! extended format. Structures (5 %) with their types and administrative
//! numbers, individuals that are members of them, criteria with several
//! elements, authorizations spelled in the four languages, phones in local
//! and international formats of several countries, billing and shipping
//! addresses, legacy contact numbers; the basic file's faults and
//! duplicates, and structures given twice. `--setup FILE` writes the
//! reference data the file needs, for `intake setup`.

use std::io::Write;

use anyhow::{Result, anyhow};
use intake_core::Column;

use super::{Emails, LOCALES, Locale, Rng};
use crate::args::GenerateArgs;

/// The criteria of the file, with their elements.
const CRITERIA: [(&str, &[&str]); 3] = [
    ("MUSIC", &["JAZZ", "OPERA", "CLASSICAL", "ROCK", "CHORAL"]),
    ("THEATRE", &["DRAMA", "COMEDY", "DANCE", "PUPPETS"]),
    ("SEASON", &["S2024", "S2025", "S2026"]),
];

/// The authorizations of the file.
const AUTHORIZATIONS: [&str; 3] = ["NEWSLETTER", "PARTNERS", "POST"];

/// Yes and no as the four languages' exports spell them (and blank).
const CONSENTS: [&str; 13] = [
    "yes", "no", "oui", "non", "ja", "nein", "sì", "no", "1", "0", "Y", "N", "",
];

/// The structure types of the file.
const STRUCTURE_TYPES: [&str; 4] = ["SCHOOL", "COMPANY", "ASSOCIATION", "PUBLIC"];

/// Words that make structure names.
const STRUCTURE_WORDS: [&str; 10] = [
    "Théâtre",
    "Chœur",
    "École",
    "Verein",
    "Fondazione",
    "Société",
    "Stiftung",
    "Club",
    "Atelier",
    "Ensemble",
];

/// Legacy contact numbers start here, inside the range the setup reserves.
const FIRST_NUMBER: u64 = 1_000_000;

/// The reference data a generated extended file needs (`intake setup`).
pub(super) fn setup_json() -> serde_json::Value {
    serde_json::json!({
        "numbers": format!("{FIRST_NUMBER}..999999999"),
        "criteria": CRITERIA.iter().map(|(code, elements)| serde_json::json!({
            "code": code, "label": code, "elements": elements,
        })).collect::<Vec<_>>(),
        "structure_types": STRUCTURE_TYPES,
        "authorizations": AUTHORIZATIONS,
    })
}

/// The header of a generated extended file.
fn headers() -> Vec<String> {
    let mut h: Vec<String> = Column::EXTENDED_TEMPLATE
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    h.extend(CRITERIA.iter().map(|(c, _)| format!("criterion:{c}")));
    h.extend(AUTHORIZATIONS.iter().map(|a| format!("authorization:{a}")));
    h
}

/// Where each column of [`headers`] is in a row.
mod at {
    pub const NUMBER: usize = 0;
    pub const TYPE: usize = 1;
    pub const TITLE: usize = 2;
    pub const FIRST: usize = 3;
    pub const LAST: usize = 4;
    pub const BIRTH: usize = 5;
    pub const LANGUAGE: usize = 6;
    pub const EMAIL: usize = 7;
    pub const PHONE: usize = 8;
    pub const MOBILE: usize = 9;
    pub const STRUCTURE: usize = 10;
    pub const STRUCTURE_TYPE: usize = 11;
    pub const ADMIN_NUMBER: usize = 12;
    pub const ADDRESS: usize = 13;
    pub const BILLING: usize = 19;
    pub const SHIPPING: usize = 25;
    pub const CRITERIA: usize = 31;
    pub const AUTHORIZATIONS: usize = 34;
    pub const WIDTH: usize = 37;
}

/// A phone number of `country` as people write it: local (the row's
/// country says where) or international, with the country's spacing.
fn phone(rng: &mut Rng, country: &str, mobile: bool) -> String {
    let d =
        |rng: &mut Rng, n: u32| format!("{:0width$}", rng.below(10u64.pow(n)), width = n as usize);
    let international = rng.chance(400_000);
    match (country, mobile, international) {
        ("CH", false, false) => format!("021 {} {} {}", 200 + rng.below(700), d(rng, 2), d(rng, 2)),
        ("CH", false, true) => format!(
            "+41 21 {} {} {}",
            200 + rng.below(700),
            d(rng, 2),
            d(rng, 2)
        ),
        ("CH", true, false) => format!("079 {} {} {}", d(rng, 3), d(rng, 2), d(rng, 2)),
        ("CH", true, true) => format!("+41 79 {} {} {}", d(rng, 3), d(rng, 2), d(rng, 2)),
        ("FR", false, false) => format!(
            "01 {} {} {} {}",
            40 + rng.below(50),
            d(rng, 2),
            d(rng, 2),
            d(rng, 2)
        ),
        ("FR", false, true) => format!(
            "+33 1 {} {} {} {}",
            40 + rng.below(50),
            d(rng, 2),
            d(rng, 2),
            d(rng, 2)
        ),
        ("FR", true, _) => format!(
            "+33 6 {} {} {} {}",
            10 + rng.below(20),
            d(rng, 2),
            d(rng, 2),
            d(rng, 2)
        ),
        ("DE", false, _) => format!("+49 30 {}", 2000_0000 + rng.below(7000_0000)),
        ("DE", true, _) => format!("+49 151 {}", 1000_0000 + rng.below(8999_9999)),
        ("AT", _, _) => format!("+43 1 {}", 200_0000 + rng.below(700_0000)),
        ("IT", false, _) => format!("+39 02 {} {}", 1000 + rng.below(8999), d(rng, 4)),
        ("IT", true, _) => format!("+39 347 {} {}", 100 + rng.below(899), d(rng, 4)),
        ("GB", false, _) => format!("+44 20 7946 {}", d(rng, 4)),
        ("GB", true, _) => format!("+44 7400 {}", d(rng, 6)),
        ("IE", _, _) => format!("+353 1 {} {}", 200 + rng.below(700), d(rng, 4)),
        ("US", _, _) => format!("+1 212 555 {}", d(rng, 4)),
        _ => format!(
            "+41 22 {} {} {}",
            300 + rng.below(600),
            d(rng, 2),
            d(rng, 2)
        ),
    }
}

/// A full address group (line 1, line 2, postal code, town, state,
/// country) of `loc`, into `cells`.
fn address(rng: &mut Rng, loc: &Locale, cells: &mut [String]) {
    let (postal, town, state, country) = loc.places[rng.below(loc.places.len() as u64) as usize];
    cells[0] = format!("{} {}", rng.pick(loc.streets), 1 + rng.below(120));
    cells[1] = if rng.chance(100_000) {
        format!("c/o {}", rng.pick(loc.last))
    } else {
        String::new()
    };
    cells[2] = postal.to_string();
    cells[3] = town.to_string();
    cells[4] = state.to_string();
    cells[5] = country.to_string();
}

/// The alpha-2 code of an address group's country cell (names included).
fn alpha2(country: &str) -> &str {
    match country {
        "Suisse" | "Schweiz" | "Svizzera" => "CH",
        "France" => "FR",
        "Deutschland" => "DE",
        "Italia" => "IT",
        "United Kingdom" => "GB",
        other => other,
    }
}

/// A structure's name, unique by `n` (a real base's names repeat across
/// towns, which the address tells apart).
fn structure_name(rng: &mut Rng, loc: &Locale, n: u64) -> String {
    format!(
        "{} {} {}",
        STRUCTURE_WORDS[rng.below(STRUCTURE_WORDS.len() as u64) as usize],
        rng.pick(loc.last),
        n
    )
}

/// A structure of the file, as individuals name it.
struct Structure {
    name: String,
    address: [String; 6],
}

pub(super) fn run(a: &GenerateArgs, faults: u64, dups: u64, out: Box<dyn Write>) -> Result<()> {
    if let Some(path) = &a.setup {
        let text = serde_json::to_string_pretty(&setup_json())?;
        std::fs::write(path, text + "\n")
            .map_err(|e| anyhow!("cannot write {}: {e}", path.display()))?;
    }
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    w.write_record(headers())?;
    let mut emails = Emails::default();
    // The latest structures, which members name (a bounded window: memory
    // stays flat whatever the number of rows).
    let mut structures: Vec<Structure> = Vec::new();
    let mut row: Vec<String> = vec![String::new(); at::WIDTH];
    for i in 0..a.rows {
        let n = a.email_offset + i;
        let mut who = Rng((n + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03 | 1);
        let loc = &LOCALES[who.below(LOCALES.len() as u64) as usize];
        for cell in &mut row {
            cell.clear();
        }
        // Half the rows carry their legacy number.
        if rng.chance(500_000) {
            row[at::NUMBER] = (FIRST_NUMBER + n).to_string();
        }
        row[at::LANGUAGE] = loc.lang.to_string();
        let is_structure = rng.chance(50_000);
        if is_structure {
            structure_row(&mut rng, loc, n, &mut row, &mut structures);
        } else {
            individual_row(
                &mut rng,
                &mut who,
                loc,
                n,
                &mut row,
                &structures,
                dups,
                &mut emails,
            );
        }
        extras(&mut rng, loc, &mut row);
        if rng.chance(faults) {
            fault(&mut rng, &mut row);
        }
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// A structure: its name, type, administrative number and address; now
/// and then one given again (same name and address: a duplicate).
fn structure_row(
    rng: &mut Rng,
    loc: &Locale,
    n: u64,
    row: &mut [String],
    structures: &mut Vec<Structure>,
) {
    row[at::TYPE] = "STRUCTURE".into();
    if !structures.is_empty() && rng.chance(30_000) {
        let again = &structures[rng.below(structures.len() as u64) as usize];
        row[at::STRUCTURE] = again.name.clone();
        row[at::ADDRESS..at::ADDRESS + 6].clone_from_slice(&again.address);
    } else {
        let name = structure_name(rng, loc, n);
        address(rng, loc, &mut row[at::ADDRESS..at::ADDRESS + 6]);
        let mut kept: [String; 6] = Default::default();
        kept.clone_from_slice(&row[at::ADDRESS..at::ADDRESS + 6]);
        row[at::STRUCTURE] = name.clone();
        if structures.len() == 2_000 {
            structures.remove(0);
        }
        structures.push(Structure {
            name,
            address: kept,
        });
    }
    row[at::STRUCTURE_TYPE] = STRUCTURE_TYPES[rng.below(4) as usize].into();
    if rng.chance(600_000) {
        row[at::ADMIN_NUMBER] = format!(
            "CHE-{:03}.{:03}.{:03}",
            rng.below(1000),
            rng.below(1000),
            rng.below(1000)
        );
    }
    let domain = rng.pick(loc.domains);
    row[at::EMAIL] = format!("info.{n}@{domain}");
}

/// An individual, a member of a structure of the file one time in five.
#[allow(clippy::too_many_arguments)]
fn individual_row(
    rng: &mut Rng,
    who: &mut Rng,
    loc: &Locale,
    n: u64,
    row: &mut [String],
    structures: &[Structure],
    dups: u64,
    emails: &mut Emails,
) {
    let titles = [
        "MR",
        "MRS",
        "MISS",
        "",
        "UNDEFINED",
        "mr",
        "MR_AND_MRS",
        "Mrs",
    ];
    row[at::TYPE] = if rng.chance(500_000) {
        "INDIVIDUAL".into()
    } else {
        String::new()
    };
    row[at::TITLE] = rng.pick(&titles).to_string();
    let first = who.pick(loc.first);
    let last = who.pick(loc.last);
    row[at::FIRST] = first.to_string();
    row[at::LAST] = last.to_string();
    if rng.chance(800_000) {
        row[at::BIRTH] = format!(
            "{:02}.{:02}.{}",
            1 + rng.below(28),
            1 + rng.below(12),
            1930 + rng.below(75)
        );
    }
    row[at::EMAIL] = emails.next(rng, who, loc, (first, last), n, dups);
    if !structures.is_empty() && rng.chance(200_000) {
        let s = &structures[rng.below(structures.len() as u64) as usize];
        row[at::STRUCTURE] = s.name.clone();
    }
    if rng.chance(700_000) {
        address(rng, loc, &mut row[at::ADDRESS..at::ADDRESS + 6]);
    }
}

/// What any contact may have: phones, billing and shipping addresses,
/// criteria and authorizations.
fn extras(rng: &mut Rng, loc: &Locale, row: &mut [String]) {
    let home = alpha2(if row[at::ADDRESS + 5].is_empty() {
        loc.places[0].3
    } else {
        &row[at::ADDRESS + 5]
    })
    .to_string();
    // A local number needs the address's country to be read.
    let country = if row[at::ADDRESS + 5].is_empty() {
        "none"
    } else {
        home.as_str()
    };
    if rng.chance(600_000) {
        row[at::PHONE] = phone(rng, country, false);
    }
    if rng.chance(500_000) {
        row[at::MOBILE] = phone(rng, country, true);
    }
    if rng.chance(200_000) {
        address(rng, loc, &mut row[at::BILLING..at::BILLING + 6]);
    }
    if rng.chance(100_000) {
        address(rng, loc, &mut row[at::SHIPPING..at::SHIPPING + 6]);
    }
    for (i, (_, elements)) in CRITERIA.iter().enumerate() {
        if rng.chance(500_000) {
            let count = 1 + rng.below(3) as usize;
            let start = rng.below(elements.len() as u64) as usize;
            let picked: Vec<&str> = (0..count.min(elements.len()))
                .map(|k| elements[(start + k) % elements.len()])
                .collect();
            row[at::CRITERIA + i] = picked.join("|");
        }
    }
    for i in 0..AUTHORIZATIONS.len() {
        if rng.chance(700_000) {
            row[at::AUTHORIZATIONS + i] =
                CONSENTS[rng.below(CONSENTS.len() as u64) as usize].into();
        }
    }
}

/// One fault a real export has.
fn fault(rng: &mut Rng, row: &mut [String]) {
    match rng.below(9) {
        0 => row[at::EMAIL] = row[at::EMAIL].replace('@', " at "),
        1 => row[at::BIRTH] = "31.02.1985".into(),
        2 => row[at::ADDRESS + 5] = "BRESIL".into(),
        3 => row[at::PHONE] = "021 12".into(),
        4 => row[at::CRITERIA] = "POLKA".into(),
        5 => row[at::AUTHORIZATIONS] = "peut-être".into(),
        6 => row[at::TITLE] = "Monsieur".into(),
        7 => row[at::STRUCTURE_TYPE] = "CASTLE".into(),
        _ => row[at::BIRTH] = "1985-03-24".into(),
    }
}
