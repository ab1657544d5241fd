//! Tests of `check`.

use super::*;

fn rules() -> RowRules {
    RowRules {
        languages: ["fr", "de", "en", "it"]
            .iter()
            .filter_map(|l| Language::parse(l))
            .collect(),
        default_language: Language::parse("fr").unwrap(),
        default_title: Title::Undefined,
        today: Date::new(2026, 11, 23).unwrap(),
        email_required: true,
        reference: Reference {
            criteria: [(
                "MUSIC".to_string(),
                ["JAZZ", "OPERA"].iter().map(|s| s.to_string()).collect(),
            )]
            .into_iter()
            .collect(),
            structure_types: ["SCHOOL".to_string()].into_iter().collect(),
            authorizations: ["NEWSLETTER".to_string()].into_iter().collect(),
        },
        reserved: Some((1, 999)),
        number_is_key: false,
    }
}

fn check<'a>(header: &str, row: &'a str) -> CheckedRow<'a> {
    let h: Vec<String> = header.split(';').map(String::from).collect();
    let r: Vec<&str> = row.split(';').collect();
    let (map, _) = HeaderMap::new(&h);
    check_row(&map, &r, &rules())
}

fn codes(c: &CheckedRow<'_>) -> Vec<(&'static str, Option<&'static str>)> {
    c.issues
        .iter()
        .map(|i| (i.code.as_str(), i.column.map(|c| c.name())))
        .collect()
}

const H: &str =
    "email;title;first_name;last_name;birthdate;language;address_line1;postal_code;town;country";

#[test]
fn a_good_row_gets_defaults() {
    let c = check(H, "ana@example.ch;;;;;;;;;");
    let d = c.draft.unwrap();
    assert!(c.issues.is_empty());
    assert_eq!(d.first_name.as_str(), "-");
    assert_eq!(d.last_name.as_str(), "-");
    assert_eq!(d.title, Title::Undefined);
    assert_eq!(d.language.as_str(), "fr");
    assert_eq!(d.address, None);
}

#[test]
fn every_broken_rule_is_listed_at_once() {
    let c = check(
        H,
        "ana@;Monsieur;J3an;Dupont2;31.02.1990;xx;Rue 1;ABC;Paris 16;BRESIL",
    );
    assert!(c.draft.is_none());
    assert_eq!(
        codes(&c),
        vec![
            ("email.format", Some("email")),
            ("title.unknown", Some("title")),
            ("first_name.format", Some("first_name")),
            ("last_name.format", Some("last_name")),
            ("birthdate.invalid", Some("birthdate")),
            ("language.unknown", Some("language")),
            ("country.unknown", Some("country")),
            ("postal_code.format", Some("postal_code")),
            ("town.format", Some("town")),
        ]
    );
    assert_eq!(c.issues[1].arg("suggestion"), Some("MR"));
    assert_eq!(c.issues[6].arg("suggestion"), Some("BRÉSIL"));
}

#[test]
fn a_cell_over_its_columns_limit_rejects_the_row_on_that_alone() {
    let long_name = "a".repeat(101);
    let row = format!("ana@;;{long_name};Lee;;;;;;");
    let c = check(H, &row);
    assert!(c.draft.is_none());
    // Only the cell: the broken email is checked once the name is cut.
    assert_eq!(codes(&c), vec![("cell.too_long", Some("first_name"))]);
    assert_eq!(c.issues[0].arg("limit"), Some("100"));
    assert_eq!(c.issues[0].value.chars().count(), 101);
    assert!(c.issues[0].value.ends_with('…'));
    // At the limit, in characters (not bytes), it is read.
    let row = format!("ana@example.ch;;{};Lee;;;;;;", "é".repeat(100));
    assert!(check(H, &row).issues.is_empty());
    // Every too long cell, in file order; a criterion names its code.
    let h = "email;postal_code;criterion:MUSIC;town";
    let row = format!(
        "ana@example.ch;{};{};Bern",
        "1".repeat(21),
        "JAZZ|".repeat(201)
    );
    let c = check(h, &row);
    assert_eq!(
        codes(&c),
        vec![
            ("cell.too_long", Some("postal_code")),
            ("cell.too_long", Some("criterion"))
        ]
    );
    assert_eq!(c.issues[1].arg("code"), Some("MUSIC"));
}

#[test]
fn a_control_character_rejects_the_row_and_is_shown_as_its_picture() {
    for (cell, character) in [
        ("J\0an", "U+0000"),
        ("Jo\u{c}an", "U+000C"),
        ("Jo\u{7f}", "U+007F"),
        ("Jo\u{85}an", "U+0085"),
    ] {
        let row = format!("ana@example.ch;;{cell};Lee;;;;;;");
        let c = check(H, &row);
        assert_eq!(
            codes(&c),
            vec![("cell.control_character", Some("first_name"))],
            "{cell:?}"
        );
        assert_eq!(c.issues[0].arg("character"), Some(character));
        assert!(!c.issues[0].value.contains('\0'));
    }
    // Tabs, line breaks and letters that share bytes with controls
    // (Â, « and ° start with 0xC2) are text.
    for cell in ["J\tan", "Jo\nan", "Jo\r\nan", "Â«°»"] {
        let row = format!("ana@example.ch;;;Lee;;;Rue {cell};;;");
        let c = check(H, &row);
        assert!(
            c.issues
                .iter()
                .all(|i| i.code != IssueCode::CellControlCharacter),
            "{cell:?}: {:?}",
            codes(&c)
        );
    }
}

proptest::proptest! {
    /// The word-at-a-time search finds a control character exactly
    /// where a search character by character does.
    #[test]
    fn control_characters_are_found_where_a_character_search_finds_them(
        s in "[a-zé\u{0}-\u{1f}\u{7f}-\u{a0}Â«° ]{0,40}",
    ) {
        proptest::prop_assert_eq!(has_control(&s), s.chars().any(is_control));
    }
}

#[test]
fn partial_address_names_each_missing_part() {
    let c = check(H, "ana@example.ch;;;;;;Rue du Lac 1;;Lausanne;");
    assert_eq!(
        codes(&c),
        vec![
            ("address.incomplete", Some("postal_code")),
            ("address.incomplete", Some("country")),
        ]
    );
}

#[test]
fn full_address_is_normalised() {
    let c = check(
        H,
        "ana@example.ch;mrs;Ana;Muster;01.02.1980;DE;Rue du Lac 1;CH-1003;Lausanne;Suisse",
    );
    let d = c.draft.unwrap();
    let a = d.address.unwrap();
    assert_eq!(a.postal_code.as_str(), "1003");
    assert_eq!(a.country.alpha2(), "CH");
    assert_eq!(d.language.as_str(), "de");
    assert_eq!(d.title, Title::Mrs);
}

#[test]
fn missing_email_and_width() {
    let c = check(H, ";;Ana;;;;;;;");
    assert_eq!(codes(&c), vec![("email.missing", Some("email"))]);
    let c = check(H, "ana@example.ch;;Ana");
    assert_eq!(codes(&c), vec![("row.width", None)]);
    assert_eq!(c.issues[0].value, "3");
}

#[test]
fn structures_need_a_name_but_no_email() {
    let h = "email;contact_type;structure_name";
    assert!(check(h, ";STRUCTURE;Théâtre du Lac").draft.is_some());
    assert_eq!(
        codes(&check(h, ";structure;")),
        vec![("structure_name.missing", Some("structure_name"))]
    );
    assert_eq!(
        codes(&check(h, "a@b.ch;person;")),
        vec![("contact_type.unknown", Some("contact_type"))]
    );
}

#[test]
fn a_phone_is_refused_for_the_country_it_names() {
    let h = "email;phone;mobile;country;postal_code;town";
    // Milan's number is Milan's on a Belgian row; too long, it is
    // refused as no number of its own country code, not Belgium's.
    let c = check(
        h,
        "ana@example.ch;+39 02 5820 7975;0039 02 5820 797 555;BE;1000;Bruxelles",
    );
    assert_eq!(codes(&c), vec![("phone.format", Some("mobile"))]);
    assert_eq!(c.issues[0].arg("country"), Some("code"));
    let c = check(h, "ana@example.ch;02 5820 797 555;;IT;20121;Milano");
    assert_eq!(codes(&c), vec![("phone.format", Some("phone"))]);
    assert_eq!(c.issues[0].arg("country"), Some("IT"));
    let c = check(h, "ana@example.ch;02 5820 7975;;;;");
    assert_eq!(codes(&c), vec![("phone.format", Some("phone"))]);
    assert_eq!(c.issues[0].arg("country"), Some("none"));
}

#[test]
fn extended_columns_are_checked_and_normalised() {
    let h = "contact_number;email;phone;mobile;structure_type;billing_postal_code;billing_town;billing_country;criterion:MUSIC;authorization:NEWSLETTER;country;postal_code;town";
    let c = check(
        h,
        "12;ana@example.ch;021 312 34 56;+41 79 123 45 67;school;1003;Lausanne;CH;jazz|OPERA;oui;CH;1003;Lausanne",
    );
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let d = c.draft.unwrap();
    assert_eq!(d.contact_number.map(|n| n.get()), Some(12));
    assert_eq!(d.value(Column::Phone).as_deref(), Some("+41213123456"));
    assert_eq!(d.value(Column::Mobile).as_deref(), Some("+41791234567"));
    assert_eq!(d.value(Column::StructureType).as_deref(), Some("SCHOOL"));
    assert_eq!(d.value(Column::BillingCountry).as_deref(), Some("CH"));
    assert_eq!(
        d.extended().criteria,
        vec![(
            "MUSIC".to_string(),
            vec!["JAZZ".to_string(), "OPERA".to_string()]
        )]
    );
    assert_eq!(
        d.extended().authorizations,
        vec![("NEWSLETTER".to_string(), true)]
    );
}

#[test]
fn extended_rules_each_have_their_code() {
    let h = "contact_number;email;phone;structure_type;billing_town;criterion:MUSIC;criterion:SPORT;authorization:NEWSLETTER;authorization:PARTNERS";
    let c = check(
        h,
        "5000;ana@example.ch;12ab;FACTORY;Genève;ROCK;GOLF;peut-être;oui",
    );
    assert_eq!(
        codes(&c),
        vec![
            ("contact_number.out_of_range", Some("contact_number")),
            ("structure_type.unknown", Some("structure_type")),
            ("address.incomplete", Some("billing_postal_code")),
            ("address.incomplete", Some("billing_country")),
            ("phone.format", Some("phone")),
            ("criterion_element.unknown", Some("criterion")),
            ("criterion.unknown", Some("criterion")),
            ("authorization.value", Some("authorization")),
            ("authorization.unknown", Some("authorization")),
        ]
    );
    assert_eq!(c.issues[5].arg("code"), Some("MUSIC"));
    assert_eq!(c.issues[5].arg("element"), Some("ROCK"));
    let c = check("contact_number;email", "12x;ana@example.ch");
    assert_eq!(
        codes(&c),
        vec![("contact_number.format", Some("contact_number"))]
    );
}

#[test]
fn a_patch_holds_only_the_cells_given_and_clears() {
    let h = "email;first_name;last_name;phone;address_line1;postal_code;town;country";
    let cells: Vec<&str> = "ana@example.ch;#CLEAR;;#clear;;1003;Lausanne;CH"
        .split(';')
        .collect();
    let headers: Vec<String> = h.split(';').map(String::from).collect();
    let (map, _) = HeaderMap::new(&headers);
    let mut r = rules();
    r.email_required = false;
    let d = check_row(&map, &cells, &r).draft.unwrap();
    let patch = row_patch(&map, &cells, &d, &Column::ALL);
    let names: Vec<(&str, Option<&str>)> = patch
        .iter()
        .map(|(c, v)| (c.name(), v.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("email", Some("ana@example.ch")),
            ("first_name", Some("-")),
            ("postal_code", Some("1003")),
            ("town", Some("Lausanne")),
            ("country", Some("CH")),
            ("phone", None),
        ]
    );
}
