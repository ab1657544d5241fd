//! `intake generate`: realistic contact files for benchmarks and tests, in
//! the four languages' shapes, with a chosen share of broken rows and of
//! emails repeated from earlier rows. Deterministic for a given seed.

use std::io::Write;

use anyhow::{Result, anyhow};
use intake_core::Column;

use crate::args::{Cli, GenerateArgs};

mod extended;
mod people;
mod service;

/// A small, fast, seedable generator (xorshift64*): no dependency needed
/// for test data.
pub(super) struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, per_million: u64) -> bool {
        self.below(1_000_000) < per_million
    }
}

pub(super) struct Locale {
    lang: &'static str,
    first: &'static [&'static str],
    last: &'static [&'static str],
    streets: &'static [&'static str],
    /// (postal code, town, state, country)
    places: &'static [(&'static str, &'static str, &'static str, &'static str)],
    countries: &'static [&'static str],
    domains: &'static [&'static str],
}

pub(super) const LOCALES: &[Locale] = &[
    Locale {
        lang: "fr",
        first: &[
            "Jean",
            "Marie",
            "Élodie",
            "François",
            "Anne-Sophie",
            "Luc",
            "Céline",
            "Noël",
            "Zoé",
            "Hélène",
        ],
        last: &[
            "Dupont", "Martin", "Favre", "Rochat", "D'Amico", "Lefèvre", "Girard", "Bonvin",
            "Morel", "Béguin",
        ],
        streets: &[
            "Rue du Lac",
            "Avenue de la Gare",
            "Chemin des Vignes",
            "Place du Marché",
            "Rue de Lausanne",
        ],
        places: &[
            ("1003", "Lausanne", "VD", "CH"),
            ("1204", "Genève", "GE", "Suisse"),
            ("2000", "Neuchâtel", "NE", "CH"),
            ("75011", "Paris", "Île-de-France", "France"),
            ("69002", "Lyon", "Rhône", "FR"),
            ("1950", "Sion", "VS", "CH"),
        ],
        countries: &["CH", "Suisse", "FR", "France"],
        domains: &["bluewin.ch", "gmail.com", "orange.fr", "hispeed.ch"],
    },
    Locale {
        lang: "de",
        first: &[
            "Hans", "Anna", "Jürg", "Käthi", "Lukas", "Sophie", "Matthias", "Ursula", "Jörg", "Lea",
        ],
        last: &[
            "Müller",
            "Meier",
            "Schmid",
            "Keller",
            "Weber",
            "Huber",
            "Schneider",
            "Brunner",
            "Gerber",
            "Baumann",
        ],
        streets: &[
            "Bahnhofstrasse",
            "Hauptstrasse",
            "Dorfstrasse",
            "Seestrasse",
            "Kirchweg",
        ],
        places: &[
            ("8001", "Zürich", "ZH", "CH"),
            ("3011", "Bern", "BE", "Schweiz"),
            ("4051", "Basel", "BS", "CH"),
            ("10115", "Berlin", "Berlin", "Deutschland"),
            ("80331", "München", "Bayern", "DE"),
            ("1010", "Wien", "Wien", "AT"),
        ],
        countries: &["CH", "Schweiz", "DE", "Deutschland"],
        domains: &["gmx.ch", "gmx.de", "sunrise.ch", "web.de"],
    },
    Locale {
        lang: "it",
        first: &[
            "Giulia",
            "Marco",
            "Francesca",
            "Luca",
            "Chiara",
            "Niccolò",
            "Alessandro",
            "Elena",
        ],
        last: &[
            "Rossi",
            "Bianchi",
            "Ferrari",
            "Romano",
            "Colombo",
            "Bernasconi",
            "Galli",
            "De Luca",
        ],
        streets: &[
            "Via Nassa",
            "Corso San Gottardo",
            "Via Cantonale",
            "Piazza Grande",
        ],
        places: &[
            ("6900", "Lugano", "TI", "CH"),
            ("6500", "Bellinzona", "TI", "Svizzera"),
            ("00184", "Roma", "RM", "IT"),
            ("20121", "Milano", "MI", "Italia"),
        ],
        countries: &["CH", "Svizzera", "IT", "Italia"],
        domains: &["bluewin.ch", "libero.it", "ticino.com"],
    },
    Locale {
        lang: "en",
        first: &[
            "John",
            "Emily",
            "Oliver",
            "Charlotte",
            "James",
            "Amelia",
            "Harry",
            "Grace",
        ],
        last: &[
            "Smith", "Jones", "O'Brien", "Taylor", "Brown", "Wilson", "Evans", "Walker",
        ],
        streets: &[
            "High Street",
            "Station Road",
            "Church Lane",
            "Victoria Road",
        ],
        places: &[
            ("SW1A 1AA", "London", "", "GB"),
            ("M1 1AE", "Manchester", "", "United Kingdom"),
            ("D02 X285", "Dublin", "", "IE"),
            ("10001", "New York", "NY", "US"),
        ],
        countries: &["GB", "United Kingdom", "IE", "US"],
        domains: &["gmail.com", "outlook.com", "yahoo.co.uk"],
    },
];

fn per_million(share: &str) -> Result<u64> {
    let t = share.trim().trim_end_matches('%');
    let v: f64 = t
        .parse()
        .map_err(|_| anyhow!("{share:?} is not a share like 5%"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err(anyhow!("{share:?} is not between 0% and 100%"));
    }
    Ok((v * 10_000.0).round() as u64)
}

/// The emails a file gave so far (the first 100,000), to repeat some.
#[derive(Default)]
pub(super) struct Emails(Vec<String>);

impl Emails {
    /// The email of row `n`, person `who` of `loc` named `names`: one given
    /// before, `dups` times in a million, else a new one.
    pub(super) fn next(
        &mut self,
        rng: &mut Rng,
        who: &mut Rng,
        loc: &Locale,
        names: (&str, &str),
        n: u64,
        dups: u64,
    ) -> String {
        let email = if !self.0.is_empty() && rng.chance(dups) {
            self.0[rng.below(self.0.len() as u64) as usize].clone()
        } else {
            format!(
                "{}.{}.{n}@{}",
                ascii_lower(names.0),
                ascii_lower(names.1),
                who.pick(loc.domains)
            )
        };
        if self.0.len() < 100_000 {
            self.0.push(email.clone());
        }
        email
    }
}

pub(super) fn ascii_lower(s: &str) -> String {
    deunicode_lite(s)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Enough transliteration for generated email local parts.
fn deunicode_lite(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'à' | 'â' | 'ä' => 'a',
            'ö' | 'ô' => 'o',
            'ü' | 'û' => 'u',
            'ç' => 'c',
            'î' | 'ï' => 'i',
            'ò' => 'o',
            other => other,
        })
        .collect()
}

pub fn run(cli: &Cli, a: &GenerateArgs) -> Result<()> {
    let faults = per_million(&a.faults)?;
    let dups = per_million(&a.dup)?;
    let out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(
            std::fs::File::create(p).map_err(|e| anyhow!("cannot create {}: {e}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    if let Some(mode) = a.mode {
        return service::run(cli, a, mode.into(), faults, out);
    }
    if a.extended {
        return extended::run(a, faults, dups, out);
    }
    if a.households {
        return people::run(a.rows, a.seed, per_million(&a.duplicates)?, out);
    }
    let mut rng = Rng(a.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    w.write_record(Column::BASIC_TEMPLATE.map(|c| c.name()))?;
    let mut emails = Emails::default();
    let titles = ["MR", "MRS", "MISS", "", "UNDEFINED", "mr", "MR_AND_MRS"];
    for i in 0..a.rows {
        let n = a.email_offset + i;
        // Who a row is (locale, names, email) depends on its number alone, so
        // two files with overlapping --email-offset ranges share contacts.
        let mut who = Rng((n + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03 | 1);
        let loc = &LOCALES[who.below(LOCALES.len() as u64) as usize];
        let first = who.pick(loc.first);
        let last = who.pick(loc.last);
        let mut email = emails.next(&mut rng, &mut who, loc, (first, last), n, dups);
        let (postal, town, state, _) = loc.places[rng.below(loc.places.len() as u64) as usize];
        let mut row: [String; 12] = [
            String::new(),
            rng.pick(&titles).to_string(),
            first.to_string(),
            last.to_string(),
            format!(
                "{:02}.{:02}.{}",
                1 + rng.below(28),
                1 + rng.below(12),
                1930 + rng.below(75)
            ),
            loc.lang.to_string(),
            format!("{} {}", rng.pick(loc.streets), 1 + rng.below(120)),
            String::new(),
            postal.to_string(),
            town.to_string(),
            state.to_string(),
            String::new(),
        ];
        row[11] = loc
            .places
            .iter()
            .find(|p| p.0 == postal)
            .map(|p| p.3)
            .unwrap_or("CH")
            .to_string();
        if rng.chance(300_000) {
            // Some rows without address, as in real exports.
            for cell in &mut row[6..12] {
                cell.clear();
            }
        }
        if rng.chance(faults) {
            match rng.below(7) {
                0 => email = email.replace('@', " at "),
                1 => row[2] = format!("{first}{}", rng.below(10)),
                2 => row[4] = "31.02.1985".into(),
                3 => row[11] = "BRESIL".into(),
                4 => row[8].clear(),
                5 => row[1] = "Monsieur".into(),
                _ => row[4] = "1985-03-24".into(),
            }
            if row[8].is_empty() && row[9].is_empty() {
                row[9] = "Lausanne".into();
            }
        }
        row[0] = email;
        w.write_record(&row)?;
        let _ = rng.pick(loc.countries);
    }
    w.flush()?;
    Ok(())
}
