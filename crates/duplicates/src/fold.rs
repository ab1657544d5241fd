//! The forms a value is compared in: folded for case and accents, compact
//! (no spaces, hyphens or apostrophes), and the consonant skeleton that
//! blocks names that sound alike in French, German, Italian and English.

/// Lower case, accents dropped (`deunicode`: "Zürich" → "zurich", "ß" →
/// "ss"), every run of other characters one space.
pub fn folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let ascii;
    let text = if s.is_ascii() {
        s
    } else {
        ascii = deunicode::deunicode(s);
        &ascii
    };
    let mut space = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The folded form without its spaces, German's `ae`, `oe`, `ue` read as
/// the umlauts they spell ("Müller" and "Mueller" are one name).
pub fn compact(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    let bytes = folded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            i += 1;
            continue;
        }
        out.push(b as char);
        // "ue" after a consonant and before one is an umlaut written out
        // ("mueller"), not the vowels of "manuel", "michael" or "noel" (a
        // name's last "el"), nor of "quentin" or "guerin".
        let ending_el =
            bytes.get(i + 2) == Some(&b'l') && matches!(bytes.get(i + 3), None | Some(b' '));
        if matches!(b, b'a' | b'o' | b'u')
            && bytes.get(i + 1) == Some(&b'e')
            && i > 0
            && !matches!(
                bytes[i - 1],
                b'a' | b'e' | b'i' | b'o' | b'u' | b'q' | b'g' | b' '
            )
            && bytes
                .get(i + 2)
                .is_some_and(|c| !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b' '))
            && !ending_el
        {
            i += 2;
            continue;
        }
        i += 1;
    }
    out
}

/// A name's sound as a short key: its first letter, then its consonants in
/// classes (c/k/q, s/z/x, d/t, b/p, f/v/w/ph, m/n), doubled letters, `h`
/// and vowels dropped. Spellings of one name in the four languages
/// ("Philippe"/"Filippe", "Schmitt"/"Schmidt", "Meyer"/"Maier") meet;
/// it only chooses which pairs are compared, never decides one.
pub fn skeleton(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out = String::with_capacity(6);
    let mut last = 0u8;
    let mut i = 0;
    while i < b.len() && out.len() < 6 {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let (class, step) = match c {
            b'p' if next == b'h' => (b'f', 2),
            b's' if next == b'c' && b.get(i + 2) == Some(&b'h') => (b'S', 3),
            b'c' if next == b'h' => (b'S', 2),
            b's' if next == b'h' => (b'S', 2),
            b't' if next == b'z' => (b's', 2),
            b'c' | b'k' | b'q' | b'g' => (b'k', 1),
            b's' | b'z' | b'x' => (b's', 1),
            b'd' | b't' => (b't', 1),
            b'b' | b'p' => (b'p', 1),
            b'f' | b'v' | b'w' => (b'f', 1),
            b'm' | b'n' => (b'n', 1),
            b'l' | b'r' | b'j' => (c, 1),
            b'0'..=b'9' => (c, 1),
            // Vowels, y and h: only the first letter keeps one.
            _ => (b'a', 1),
        };
        if out.is_empty() {
            // The first sound, vowels all one.
            out.push(class as char);
            last = class;
        } else if class != b'a' && class != last {
            out.push(class as char);
            last = class;
        } else if class == b'a' {
            // A vowel between two equal consonants keeps them apart
            // ("Anan" is not "An").
            last = b'a';
        }
        i += step;
    }
    out
}

/// The digits of a phone number, its last nine: "+41 79 123 45 67" and
/// "079 123 45 67" are one number.
pub fn phone_digits(s: &str) -> Option<String> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    if digits.len() < 6 {
        return None;
    }
    let from = digits.len().saturating_sub(9);
    Some(String::from_utf8_lossy(&digits[from..]).into_owned())
}

/// The street words people abbreviate, in the four languages, each read as
/// its full word.
const STREET_WORDS: &[(&str, &str)] = &[
    ("av", "avenue"),
    ("ave", "avenue"),
    ("bd", "boulevard"),
    ("bld", "boulevard"),
    ("boul", "boulevard"),
    ("ch", "chemin"),
    ("chem", "chemin"),
    ("rte", "route"),
    ("r", "rue"),
    ("pl", "place"),
    ("imp", "impasse"),
    ("sq", "square"),
    ("st", "saint"),
    ("ste", "sainte"),
    ("str", "strasse"),
    ("v", "via"),
    ("vle", "viale"),
    ("p", "piazza"),
    ("pza", "piazza"),
    ("c so", "corso"),
    ("v le", "viale"),
    ("p za", "piazza"),
    ("p zza", "piazza"),
    ("rd", "road"),
    ("ln", "lane"),
    ("dr", "drive"),
];

/// A street line compared: folded, each abbreviation read as its word
/// (`V.le` folds to two words, `v le`), "…str" and "…strasse" one ending,
/// `St` a street at the end (or before the number), a saint before a
/// name; and whether an abbreviation was read.
pub fn street(s: &str) -> (String, bool) {
    let f = folded(s);
    let words: Vec<&str> = f.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = String::with_capacity(f.len() + 8);
    let mut expanded = false;
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if !out.is_empty() {
            out.push(' ');
        }
        let pair = words.get(i + 1).map(|next| format!("{word} {next}"));
        if let Some((_, full)) = pair
            .as_deref()
            .and_then(|p| STREET_WORDS.iter().find(|(short, _)| *short == p))
        {
            out.push_str(full);
            expanded = true;
            i += 2;
            continue;
        }
        let last_word = words
            .get(i + 1..)
            .is_none_or(|rest| rest.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit())));
        if word == "st" && last_word {
            out.push_str("street");
            expanded = true;
        } else if let Some((_, full)) = STREET_WORDS.iter().find(|(short, _)| *short == word) {
            out.push_str(full);
            expanded = true;
        } else if let Some(stem) = word.strip_suffix("str").filter(|s| s.len() > 2) {
            out.push_str(stem);
            out.push_str("strasse");
            expanded = true;
        } else {
            out.push_str(word);
        }
        i += 1;
    }
    (out, expanded)
}

/// A birth date as a day, a month and a year, read loosely: `dd.mm.yyyy`,
/// `d/m/yyyy`, `yyyy-mm-dd`. A date that does not read is no evidence.
pub fn date(s: &str) -> Option<(u16, u8, u8)> {
    let parts: Vec<&str> = s
        .trim()
        .split(['.', '/', '-', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |p: &str| p.parse::<u16>().ok();
    let (y, m, d) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else {
        (n(c)?, n(b)?, n(a)?)
    };
    if !(1800..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y, m as u8, d as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_for_case_accents_and_punctuation() {
        assert_eq!(folded("  Jean-Marc  D'Aubigné "), "jean marc d aubigne");
        assert_eq!(compact(&folded("Jean-Marc")), "jeanmarc");
        assert_eq!(compact(&folded("Müller")), compact(&folded("Mueller")));
        assert_eq!(compact(&folded("Manuel")), "manuel");
        assert_eq!(compact(&folded("Samuel")), "samuel");
        assert_eq!(compact(&folded("Michael")), "michael");
        assert_eq!(
            compact(&folded("Hürlimann")),
            compact(&folded("Huerlimann"))
        );
    }

    #[test]
    fn spellings_of_one_name_share_a_skeleton() {
        let sk = |s: &str| skeleton(&compact(&folded(s)));
        assert_eq!(sk("Philippe"), sk("Filipe"));
        assert_eq!(sk("Schmitt"), sk("Schmidt"));
        assert_eq!(sk("Meyer"), sk("Maier"));
        assert_eq!(sk("Catherine"), sk("Katharina"));
        assert_ne!(sk("Martin"), sk("Bernard"));
    }

    #[test]
    fn streets_read_their_abbreviations() {
        assert_eq!(
            street("Av. de la Gare 12").0,
            street("Avenue de la Gare 12").0
        );
        assert_eq!(street("Bahnhofstr. 3").0, street("Bahnhofstrasse 3").0);
        assert_eq!(street("Bahnhofstraße 3").0, street("Bahnhofstrasse 3").0);
        assert!(street("Av. de la Gare 12").1);
        assert!(!street("Avenue de la Gare 12").1);
        assert_eq!(street("V.le Roma 89").0, street("Viale Roma 89").0);
        assert_eq!(street("P.za Grande 3").0, street("Piazza Grande 3").0);
        assert_eq!(street("12 High St").0, street("12 High Street").0);
        assert_eq!(street("Rue St Jean 4").0, "rue saint jean 4");
    }

    #[test]
    fn phones_and_dates_read_loosely() {
        assert_eq!(
            phone_digits("+41 79 123 45 67"),
            phone_digits("079 123 45 67")
        );
        assert_eq!(phone_digits("12"), None);
        assert_eq!(date("03.04.1980"), Some((1980, 4, 3)));
        assert_eq!(date("1980-04-03"), Some((1980, 4, 3)));
        assert_eq!(date("3/4/1980"), Some((1980, 4, 3)));
        assert_eq!(date("31.13.1980"), None);
        assert_eq!(date("soon"), None);
    }
}
