//! The message catalogue of intake in French, German, English and Italian.
//!
//! Messages live in Fluent files (`locales/*.ftl`) compiled into the binary.
//! Every text a person reads (log lines, errors, template headers, report
//! words) comes from here; no raw message id ever reaches a user: a message
//! missing in one language falls back to English, and a test fails when the
//! four files do not have the same ids.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language intake speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Français (the default of a new institution).
    #[default]
    Fr,
    /// Deutsch.
    De,
    /// English.
    En,
    /// Italiano.
    It,
}

impl Lang {
    /// The four languages.
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::De, Lang::En, Lang::It];

    /// Parses `fr`, `de-CH`, `it_IT.UTF-8`, `EN`: the language part only.
    pub fn parse(s: &str) -> Option<Lang> {
        let code: String = s
            .trim()
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        match code.as_str() {
            "fr" => Some(Lang::Fr),
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            "it" => Some(Lang::It),
            _ => None,
        }
    }

    /// The ISO 639-1 code.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Fr => include_str!("../locales/fr.ftl"),
            Lang::De => include_str!("../locales/de.ftl"),
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::It => include_str!("../locales/it.ftl"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value for a message placeable.
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Str(Cow<'a, str>),
    /// A count or a number (selects plural forms).
    Num(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Arg<'a> {
        Arg::Str(Cow::Borrowed(s))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Str(Cow::Owned(s))
    }
}
impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

struct Catalogue {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let bundles = Lang::ALL
        .into_iter()
        .map(|lang| {
            let langid = lang
                .as_str()
                .parse()
                .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) would end up in CSV, XLSX and
            // terminal text, where they are invisible noise.
            bundle.set_use_isolating(false);
            // A syntax error keeps the messages that did parse; the test
            // `every_file_parses` makes sure there is none.
            let resource = FluentResource::try_new(lang.source().to_string())
                .unwrap_or_else(|(partial, _errors)| partial);
            let _ = bundle.add_resource(resource);
            (lang, bundle)
        })
        .collect();
    Catalogue { bundles }
});

fn bundle(lang: Lang) -> Option<&'static FluentBundle<FluentResource>> {
    CATALOGUE
        .bundles
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
}

fn format(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let bundle = bundle(lang)?;
    let pattern = bundle.get_message(id)?.value()?;
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_ref())),
            Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned(),
    )
}

/// The message `id` in `lang`, with its placeables filled from `args`.
///
/// Falls back to English when the language lacks the message, and to the id
/// itself only if English lacks it too (which the tests forbid).
pub fn text(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    format(lang, id, args)
        .or_else(|| format(Lang::En, id, args))
        .unwrap_or_else(|| id.to_string())
}

/// Whether `lang`'s file has the message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).is_some_and(|b| b.has_message(id))
}

/// The message ids of a language's file, in file order.
pub fn ids(lang: Lang) -> Vec<String> {
    lang.source()
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses() {
        for lang in Lang::ALL {
            if let Err((_, errors)) = FluentResource::try_new(lang.source().to_string()) {
                panic!("{lang}.ftl has syntax errors: {errors:?}");
            }
        }
    }

    #[test]
    fn every_language_has_every_message() {
        let en = ids(Lang::En);
        assert!(en.len() > 50);
        for lang in Lang::ALL {
            assert_eq!(
                ids(lang),
                en,
                "{lang}.ftl must have the ids of en.ftl, in order"
            );
            for id in &en {
                assert!(has(lang, id), "{lang} lacks {id}");
            }
        }
    }

    #[test]
    fn placeables_and_plurals() {
        let s = text(Lang::En, "contacts-found", &[("count", Arg::Num(1))]);
        assert_eq!(s, "1 contact found.");
        let s = text(Lang::En, "contacts-found", &[("count", Arg::Num(3))]);
        assert_eq!(s, "3 contacts found.");
        let s = text(
            Lang::En,
            "issue-birthdate-invalid",
            &[
                ("row", 7u64.into()),
                ("value", "31.02.1990".into()),
                ("reason", "no_such_day".into()),
            ],
        );
        assert_eq!(
            s,
            "Row 7: birthdate \"31.02.1990\" is not a real calendar date. The contact will not be imported."
        );
    }

    #[test]
    fn a_phone_refused_for_its_country_code() {
        let args = |country| {
            [
                ("row", 4u64.into()),
                ("value", "+39 02 5820 797 555".into()),
                ("country", Arg::from(country)),
            ]
        };
        assert_eq!(
            text(Lang::En, "issue-phone-format", &args("code")),
            "Row 4: phone number \"+39 02 5820 797 555\" is not a valid number for its country code. The contact will not be imported."
        );
        assert_eq!(
            text(Lang::En, "issue-phone-format", &args("BE")),
            "Row 4: phone number \"+39 02 5820 797 555\" is not a valid number of BE. The contact will not be imported."
        );
        for lang in [Lang::Fr, Lang::De, Lang::It] {
            let s = text(lang, "issue-phone-format", &args("code"));
            assert!(!s.contains("code"), "{s}");
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(Lang::parse("de_CH.UTF-8"), Some(Lang::De));
        assert_eq!(Lang::parse("IT"), Some(Lang::It));
        assert_eq!(Lang::parse("C.UTF-8"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn a_duplicate_search_counts_in_the_singular_too() {
        let counts = |n: i64| -> Vec<(&str, Arg<'_>)> {
            ["people", "compared", "pairs", "clusters", "households"]
                .into_iter()
                .map(|k| (k, Arg::from(n)))
                .collect()
        };
        assert_eq!(
            text(Lang::En, "duplicates-summary", &counts(1)),
            "1 person, 1 pair compared, 1 proposed in 1 cluster, 1 household set apart"
        );
        assert_eq!(
            text(Lang::Fr, "duplicates-summary", &counts(1)),
            "1 personne, 1 paire comparée, 1 proposée en 1 groupe, 1 foyer écarté"
        );
        assert_eq!(
            text(Lang::De, "duplicates-summary", &counts(2)),
            "2 Personen, 2 Paare verglichen, 2 vorgeschlagen in 2 Gruppen, 2 Haushalte ausgeschieden"
        );
        assert!(text(Lang::It, "duplicates-summary", &counts(1)).ends_with("1 famiglia scartata"));
    }
}
