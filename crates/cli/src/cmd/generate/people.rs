//! `intake generate --households --duplicates SHARE`: a CRM-shaped file of
//! people whose truth is known, to measure a duplicate search. People
//! live in households (couples, children, a son named after his father)
//! that share an address, a landline and sometimes an e-mail; a share of
//! them is in the file more than once, each copy changed the way box
//! offices change people: a typo, names swapped, a move, a new e-mail, a
//! married name, accents dropped, a street abbreviated, a birth date
//! missing or with day and month swapped. `person_id` names the person of
//! each row, `household_id` the household; a duplicate search ignores
//! both.

use std::io::Write;

use anyhow::Result;

use super::Rng;

struct Names {
    men: &'static [&'static str],
    women: &'static [&'static str],
    stems: &'static [&'static str],
    endings: &'static [&'static str],
    /// A street: (kind, name) written `kind name number`, or `name+kind
    /// number` when the kind starts with `+` (German), or `number name
    /// kind` when it starts with `#` (English).
    street_kinds: &'static [&'static str],
    street_names: &'static [&'static str],
    /// (postal code, town, country)
    places: &'static [(&'static str, &'static str, &'static str)],
    domains: &'static [&'static str],
    /// (full word, abbreviation)
    abbreviations: &'static [(&'static str, &'static str)],
    /// Mobile prefix, landline prefix (international).
    phones: (&'static str, &'static str),
}

const NAMES: &[Names] = &[
    Names {
        men: &[
            "Jean",
            "Pierre",
            "Luc",
            "François",
            "Philippe",
            "Michel",
            "Alain",
            "Nicolas",
            "Olivier",
            "Laurent",
            "Julien",
            "Thomas",
            "Mathieu",
            "Antoine",
            "Christophe",
            "Daniel",
            "Louis",
            "Paul",
            "Marc",
            "Yves",
            "Bernard",
            "Claude",
            "Henri",
            "Guillaume",
            "Sébastien",
            "Stéphane",
            "Vincent",
            "Jérôme",
            "Frédéric",
            "Jean-Marc",
        ],
        women: &[
            "Marie",
            "Anne",
            "Sophie",
            "Isabelle",
            "Catherine",
            "Nathalie",
            "Françoise",
            "Monique",
            "Sylvie",
            "Christine",
            "Céline",
            "Élodie",
            "Hélène",
            "Julie",
            "Claire",
            "Camille",
            "Chloé",
            "Émilie",
            "Laure",
            "Valérie",
            "Martine",
            "Véronique",
            "Aurélie",
            "Mélanie",
            "Sandrine",
            "Caroline",
            "Virginie",
            "Léa",
            "Manon",
            "Anne-Sophie",
        ],
        stems: &[
            "Dub", "Mart", "Fav", "Roch", "Gir", "Bonv", "Mor", "Bég", "Lef", "Chap", "Rouss",
            "Bert", "Mich", "Fourn", "Garn", "Laur", "Merc", "Bouch", "Chev", "Lamb", "Blanch",
            "Guér", "Mass", "Perr", "Ren", "Vinc", "Aub", "Corn", "Jacqu", "Pasqu",
        ],
        endings: &[
            "ois", "in", "et", "ard", "on", "ier", "el", "and", "eau", "at", "ot", "ey",
        ],
        street_kinds: &["Rue", "Avenue", "Chemin", "Route", "Place", "Boulevard"],
        street_names: &[
            "du Lac",
            "de la Gare",
            "des Vignes",
            "du Marché",
            "de Lausanne",
            "des Alpes",
            "du Midi",
            "de la Poste",
            "des Écoles",
            "du Château",
            "de Genève",
            "des Pâquis",
            "du Jura",
            "de la Paix",
            "des Fleurs",
            "du Stand",
            "de Bourg",
            "du Temple",
            "de Beaulieu",
            "des Cèdres",
        ],
        places: &[
            ("1003", "Lausanne", "CH"),
            ("1004", "Lausanne", "CH"),
            ("1201", "Genève", "CH"),
            ("1205", "Genève", "CH"),
            ("2000", "Neuchâtel", "CH"),
            ("1950", "Sion", "CH"),
            ("1700", "Fribourg", "CH"),
            ("1800", "Vevey", "CH"),
            ("75011", "Paris", "FR"),
            ("69002", "Lyon", "FR"),
        ],
        domains: &[
            "bluewin.ch",
            "gmail.com",
            "orange.fr",
            "hispeed.ch",
            "sunrise.ch",
        ],
        abbreviations: &[
            ("Avenue", "Av."),
            ("Chemin", "Ch."),
            ("Route", "Rte"),
            ("Boulevard", "Bd"),
            ("Place", "Pl."),
        ],
        phones: ("+41 79", "+41 21"),
    },
    Names {
        men: &[
            "Hans",
            "Peter",
            "Thomas",
            "Daniel",
            "Martin",
            "Andreas",
            "Markus",
            "Stefan",
            "Christian",
            "Michael",
            "Urs",
            "Beat",
            "Reto",
            "Jürg",
            "Lukas",
            "Matthias",
            "Simon",
            "Tobias",
            "Florian",
            "Fabian",
            "Patrick",
            "Roger",
            "Bruno",
            "Werner",
            "Walter",
            "Kurt",
            "Heinz",
            "Rolf",
            "Marcel",
            "Adrian",
        ],
        women: &[
            "Anna",
            "Ursula",
            "Barbara",
            "Monika",
            "Ruth",
            "Verena",
            "Sandra",
            "Nicole",
            "Claudia",
            "Andrea",
            "Susanne",
            "Katharina",
            "Sabine",
            "Petra",
            "Franziska",
            "Regula",
            "Käthi",
            "Lea",
            "Laura",
            "Sarah",
            "Julia",
            "Lisa",
            "Nina",
            "Jasmin",
            "Corinne",
            "Esther",
            "Silvia",
            "Brigitte",
            "Heidi",
            "Margrit",
        ],
        stems: &[
            "Müll", "Mei", "Schmid", "Kell", "Web", "Hub", "Schneid", "Brunn", "Gerb", "Baum",
            "Fisch", "Zimm", "Wyss", "Stein", "Frei", "Graf", "Roth", "Sutt", "Hof", "Lehm",
            "Küng", "Zürch", "Bühl", "Moos", "Amm", "Egg", "Wäl", "Ritt", "Flück", "Gass",
        ],
        endings: &[
            "er", "li", "mann", "i", "egger", "ig", "ler", "haus", "berger", "ner", "in", "le",
        ],
        street_kinds: &["+strasse", "+weg", "+gasse", "+platz"],
        street_names: &[
            "Bahnhof", "Haupt", "Dorf", "See", "Kirch", "Berg", "Schul", "Garten", "Wald",
            "Sonnen", "Rosen", "Linden", "Mühle", "Post", "Feld", "Wiesen", "Burg", "Brunnen",
            "Markt", "Tal",
        ],
        places: &[
            ("8001", "Zürich", "CH"),
            ("8004", "Zürich", "CH"),
            ("3011", "Bern", "CH"),
            ("3007", "Bern", "CH"),
            ("4051", "Basel", "CH"),
            ("6003", "Luzern", "CH"),
            ("9000", "St. Gallen", "CH"),
            ("8400", "Winterthur", "CH"),
            ("10115", "Berlin", "DE"),
            ("80331", "München", "DE"),
        ],
        domains: &["gmx.ch", "gmx.de", "sunrise.ch", "web.de", "bluewin.ch"],
        abbreviations: &[("strasse", "str.")],
        phones: ("+41 78", "+41 44"),
    },
    Names {
        men: &[
            "Marco",
            "Luca",
            "Giuseppe",
            "Giovanni",
            "Antonio",
            "Francesco",
            "Mario",
            "Paolo",
            "Roberto",
            "Stefano",
            "Andrea",
            "Alessandro",
            "Matteo",
            "Lorenzo",
            "Davide",
            "Simone",
            "Fabio",
            "Massimo",
            "Claudio",
            "Sergio",
            "Enrico",
            "Pietro",
            "Riccardo",
            "Daniele",
            "Gianluca",
            "Alberto",
            "Carlo",
            "Dario",
            "Nicola",
            "Emanuele",
        ],
        women: &[
            "Maria",
            "Anna",
            "Giulia",
            "Francesca",
            "Chiara",
            "Sara",
            "Laura",
            "Elena",
            "Valentina",
            "Alessandra",
            "Silvia",
            "Paola",
            "Federica",
            "Martina",
            "Elisa",
            "Roberta",
            "Cristina",
            "Monica",
            "Barbara",
            "Simona",
            "Daniela",
            "Giovanna",
            "Lucia",
            "Teresa",
            "Rosa",
            "Angela",
            "Marta",
            "Ilaria",
            "Beatrice",
            "Sofia",
        ],
        stems: &[
            "Ross", "Bianch", "Ferr", "Rom", "Colomb", "Bernasc", "Gall", "Ricc", "Marin", "Grec",
            "Brun", "Gatt", "Cont", "Mancin", "Lombard", "Morett", "Barb", "Fontan", "Sant",
            "Caru", "Ferrar", "Rinald", "Pellegr", "Vital", "Leon", "Cost", "Giordan", "Rizz",
            "Mont", "Serr",
        ],
        endings: &[
            "i", "ini", "elli", "one", "etti", "ato", "oni", "ucci", "ello", "a", "ano", "ari",
        ],
        street_kinds: &["Via", "Viale", "Piazza", "Corso"],
        street_names: &[
            "Nassa",
            "Cantonale",
            "San Gottardo",
            "Grande",
            "Roma",
            "Milano",
            "dei Fiori",
            "del Sole",
            "della Stazione",
            "Pretorio",
            "Castello",
            "Motta",
            "Vela",
            "Ceresio",
            "Lugano",
            "Bellinzona",
            "Monte Ceneri",
            "delle Alpi",
            "del Lago",
            "Dante",
        ],
        places: &[
            ("6900", "Lugano", "CH"),
            ("6500", "Bellinzona", "CH"),
            ("6600", "Locarno", "CH"),
            ("6850", "Mendrisio", "CH"),
            ("00184", "Roma", "IT"),
            ("20121", "Milano", "IT"),
        ],
        domains: &["bluewin.ch", "libero.it", "ticino.com", "gmail.com"],
        abbreviations: &[("Viale", "V.le"), ("Piazza", "P.za")],
        phones: ("+41 76", "+41 91"),
    },
    Names {
        men: &[
            "John",
            "James",
            "Oliver",
            "William",
            "Thomas",
            "George",
            "Harry",
            "Jack",
            "Charles",
            "Daniel",
            "David",
            "Richard",
            "Michael",
            "Peter",
            "Paul",
            "Robert",
            "Edward",
            "Henry",
            "Samuel",
            "Benjamin",
            "Joseph",
            "Matthew",
            "Andrew",
            "Christopher",
            "Mark",
            "Stephen",
            "Anthony",
            "Simon",
            "Philip",
            "Adam",
        ],
        women: &[
            "Emily",
            "Charlotte",
            "Amelia",
            "Olivia",
            "Sophie",
            "Jessica",
            "Emma",
            "Lucy",
            "Grace",
            "Hannah",
            "Sarah",
            "Elizabeth",
            "Mary",
            "Alice",
            "Rachel",
            "Rebecca",
            "Laura",
            "Helen",
            "Claire",
            "Victoria",
            "Katherine",
            "Jennifer",
            "Susan",
            "Margaret",
            "Anna",
            "Chloe",
            "Ella",
            "Lily",
            "Ruby",
            "Megan",
        ],
        stems: &[
            "Smith", "John", "Will", "Brown", "Jon", "Tayl", "Dav", "Wils", "Evan", "Thom", "Rob",
            "Walk", "Wright", "Thomps", "Whit", "Hugh", "Edward", "Green", "Hall", "Wood", "Harr",
            "Lew", "Mart", "Jack", "Clark", "Turn", "Hill", "Scott", "Coop", "Ward",
        ],
        endings: &[
            "", "son", "s", "er", "ley", "ford", "ton", "well", "wood", "field", "by", "man",
        ],
        street_kinds: &["#Street", "#Road", "#Lane", "#Avenue", "#Drive"],
        street_names: &[
            "High",
            "Church",
            "Station",
            "Park",
            "Victoria",
            "Green",
            "Manor",
            "Mill",
            "King",
            "Queen",
            "Main",
            "New",
            "School",
            "London",
            "Bridge",
            "Castle",
            "York",
            "Oxford",
            "Cambridge",
            "Windsor",
        ],
        places: &[
            ("SW1A 1AA", "London", "GB"),
            ("EC1A 1BB", "London", "GB"),
            ("M1 1AE", "Manchester", "GB"),
            ("B1 1AA", "Birmingham", "GB"),
            ("D02 X285", "Dublin", "IE"),
        ],
        domains: &["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"],
        abbreviations: &[
            ("Street", "St"),
            ("Road", "Rd"),
            ("Lane", "Ln"),
            ("Avenue", "Ave"),
            ("Drive", "Dr"),
        ],
        phones: ("+44 7700", "+44 20"),
    },
];

/// A birth date: (year, month, day).
type Date = (u16, u8, u8);

/// One row of the file.
#[derive(Clone, Default)]
struct Row {
    person: u64,
    household: u64,
    email: String,
    first: String,
    last: String,
    /// (year, month, day)
    birth: Option<(u16, u8, u8)>,
    phone: String,
    mobile: String,
    street: String,
    postal: String,
    town: String,
    country: String,
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn phone(rng: &mut Rng, prefix: &str) -> String {
    format!(
        "{prefix} {} {} {}",
        digits(rng, 3),
        digits(rng, 2),
        digits(rng, 2)
    )
}

fn street(rng: &mut Rng, n: &Names) -> String {
    let kind = rng.pick(n.street_kinds);
    let name = rng.pick(n.street_names);
    let number = 1 + rng.below(120);
    if let Some(suffix) = kind.strip_prefix('+') {
        format!("{name}{suffix} {number}")
    } else if let Some(kind) = kind.strip_prefix('#') {
        format!("{number} {name} {kind}")
    } else {
        format!("{kind} {name} {number}")
    }
}

fn last_name(rng: &mut Rng, n: &Names) -> String {
    format!("{}{}", rng.pick(n.stems), rng.pick(n.endings))
}

/// An address of one person: the same name at another person's is
/// numbered (an e-mail names one person, or one household).
fn email_of(
    rng: &mut Rng,
    n: &Names,
    first: &str,
    last: &str,
    serial: u64,
    taken: &mut std::collections::HashSet<String>,
) -> String {
    let f = super::ascii_lower(first).replace([' ', '\''], "");
    let l = super::ascii_lower(last).replace([' ', '\''], "");
    let domain = rng.pick(n.domains);
    let email = match rng.below(3) {
        0 => format!("{f}.{l}@{domain}"),
        1 => format!("{}{l}{}@{domain}", &f[..f.len().min(1)], serial % 1000),
        _ => format!("{f}.{l}.{serial}@{domain}"),
    };
    if taken.insert(email.clone()) {
        return email;
    }
    let email = format!("{f}.{l}.{serial}.{}@{domain}", rng.below(1000));
    taken.insert(email.clone());
    email
}

fn adult_birth(rng: &mut Rng) -> (u16, u8, u8) {
    (
        1940 + rng.below(60) as u16,
        1 + rng.below(12) as u8,
        1 + rng.below(28) as u8,
    )
}

/// One letter changed, dropped, doubled or two swapped.
fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    if chars.len() < 4 {
        return s.to_string();
    }
    // Not the first letter: a typo there is rare, and blocking on sound
    // depends on it (what a real file does, not what the search hopes).
    let at = 1 + rng.below(chars.len() as u64 - 2) as usize;
    match rng.below(4) {
        0 => chars[at] = char::from(b'a' + rng.below(26) as u8),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at]),
        _ => chars.swap(at, at + 1),
    }
    chars.into_iter().collect()
}

/// A copy of `row` changed in one to three ways.
fn duplicate(
    rng: &mut Rng,
    row: &Row,
    n: &Names,
    woman: bool,
    serial: u64,
    taken: &mut std::collections::HashSet<String>,
) -> Row {
    let mut d = row.clone();
    let changes = 1 + rng.below(3);
    for _ in 0..changes {
        match rng.below(12) {
            0 => d.first = typo(rng, &d.first),
            1 => d.last = typo(rng, &d.last),
            2 => std::mem::swap(&mut d.first, &mut d.last),
            3 => {
                // Moved.
                let (postal, town, country) = n.places[rng.below(n.places.len() as u64) as usize];
                d.street = street(rng, n);
                (d.postal, d.town, d.country) = (postal.into(), town.into(), country.into());
                d.phone.clear();
            }
            4 => d.email = email_of(rng, n, &d.first, &d.last, serial + 7, taken),
            5 if woman => {
                // Married: a new name, or both.
                let other = last_name(rng, n);
                d.last = if rng.chance(500_000) {
                    format!("{}-{other}", row.last)
                } else {
                    other
                };
            }
            6 => {
                d.first = super::deunicode_lite(&d.first);
                d.last = super::deunicode_lite(&d.last);
            }
            7 => {
                for (full, short) in n.abbreviations {
                    if d.street.contains(full) {
                        d.street = d.street.replacen(full, short, 1);
                        break;
                    }
                }
            }
            8 => d.birth = None,
            9 => {
                if let Some((y, m, day)) = d.birth
                    && day <= 12
                {
                    d.birth = Some((y, day, m));
                }
            }
            10 => d.email = d.email.to_uppercase(),
            _ => {
                d.email.clear();
                d.mobile.clear();
            }
        }
    }
    d
}

/// Writes `rows` rows: households of one to four people, `dup_share` per
/// million of the people in the file more than once.
pub(super) fn run(rows: u64, seed: u64, dup_share: u64, out: Box<dyn Write>) -> Result<()> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut all: Vec<Row> = Vec::new();
    let mut person = 0u64;
    let mut household = 0u64;
    let mut taken = std::collections::HashSet::new();
    while (all.len() as u64) < rows {
        household += 1;
        let n = &NAMES[rng.below(NAMES.len() as u64) as usize];
        let (postal, town, country) = n.places[rng.below(n.places.len() as u64) as usize];
        let home_street = street(&mut rng, n);
        let size = match rng.below(100) {
            0..60 => 1,
            60..85 => 2,
            85..95 => 3,
            _ => 4,
        };
        let landline = if size > 1 && rng.chance(600_000) {
            phone(&mut rng, n.phones.1)
        } else {
            String::new()
        };
        let family = last_name(&mut rng, n);
        let mut shared_email = String::new();
        let mut first_adult: Option<(String, bool, Option<Date>)> = None;
        let mut given: Vec<String> = Vec::new();
        for member in 0..size {
            person += 1;
            let adult = member < 2;
            let woman = if member == 1 {
                !first_adult.as_ref().is_some_and(|a| a.1)
            } else {
                rng.chance(500_000)
            };
            let names = if woman { n.women } else { n.men };
            // No two of a household share a first name (but a junior).
            let mut first = rng.pick(names).to_string();
            for _ in 0..8 {
                if !given.contains(&first) {
                    break;
                }
                first = rng.pick(names).to_string();
            }
            let last = if member == 1 && rng.chance(400_000) {
                last_name(&mut rng, n)
            } else {
                family.clone()
            };
            let birth = match (&first_adult, adult) {
                (Some((_, _, Some((y, _, _)))), false) => Some((
                    y + 20 + rng.below(20) as u16,
                    1 + rng.below(12) as u8,
                    1 + rng.below(28) as u8,
                )),
                _ => Some(adult_birth(&mut rng)),
            };
            // A son named after his father.
            if !adult
                && let Some((father, false, _)) = &first_adult
                && !woman
                && rng.chance(150_000)
            {
                first = father.clone();
            }
            let birth = if rng.chance(150_000) { None } else { birth };
            let mut email = if rng.chance(800_000) {
                email_of(&mut rng, n, &first, &last, person, &mut taken)
            } else {
                String::new()
            };
            if adult && size > 1 {
                // A couple sharing one address.
                if member == 0 && rng.chance(250_000) {
                    shared_email = format!(
                        "famille.{}@{}",
                        super::ascii_lower(&family).replace([' ', '\''], ""),
                        rng.pick(n.domains)
                    );
                    if !taken.insert(shared_email.clone()) {
                        shared_email = shared_email.replacen('@', &format!(".{household}@"), 1);
                    }
                }
                if !shared_email.is_empty() {
                    email = shared_email.clone();
                }
            }
            let mobile = if adult && rng.chance(700_000) {
                phone(&mut rng, n.phones.0)
            } else {
                String::new()
            };
            if member == 0 {
                first_adult = Some((first.clone(), woman, birth));
            }
            given.push(first.clone());
            let row = Row {
                person,
                household,
                email,
                first,
                last,
                birth,
                phone: landline.clone(),
                mobile,
                street: home_street.clone(),
                postal: postal.into(),
                town: town.into(),
                country: country.into(),
            };
            let copies = if rng.chance(dup_share) {
                1 + u64::from(rng.chance(200_000))
            } else {
                0
            };
            for c in 0..copies {
                let d = duplicate(&mut rng, &row, n, woman, person * 10 + c, &mut taken);
                all.push(d);
            }
            all.push(row);
        }
    }
    all.truncate(rows as usize);
    // Rows in no order: a file is not sorted by person.
    for i in (1..all.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        all.swap(i, j);
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(std::io::BufWriter::with_capacity(1 << 16, out));
    w.write_record([
        "record_id",
        "person_id",
        "household_id",
        "email",
        "first_name",
        "last_name",
        "birthdate",
        "phone",
        "mobile",
        "address_line1",
        "postal_code",
        "town",
        "country",
    ])?;
    for (i, r) in all.iter().enumerate() {
        let birth = r
            .birth
            .map(|(y, m, d)| format!("{d:02}.{m:02}.{y:04}"))
            .unwrap_or_default();
        w.write_record([
            (i + 1).to_string().as_str(),
            &r.person.to_string(),
            &r.household.to_string(),
            &r.email,
            &r.first,
            &r.last,
            &birth,
            &r.phone,
            &r.mobile,
            &r.street,
            &r.postal,
            &r.town,
            &r.country,
        ])?;
    }
    w.flush()?;
    Ok(())
}
