use super::*;

fn person(id: &str, first: &str, last: &str, email: &str, birth: &str, street: &str) -> PersonText {
    PersonText {
        id: id.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        birthdate: birth.into(),
        address_line1: street.into(),
        postal_code: if street.is_empty() { "" } else { "1003" }.into(),
        town: if street.is_empty() { "" } else { "Lausanne" }.into(),
        ..PersonText::default()
    }
}

fn finder(people: Vec<PersonText>) -> Finder {
    let mut f = Finder::new();
    for p in people {
        f.add(p);
    }
    f
}

fn ids(found: &Found<'_>) -> Vec<(String, String, String)> {
    found
        .pairs
        .iter()
        .map(|p| {
            (
                p.left.id().to_string(),
                p.right.id().to_string(),
                p.cluster.to_string(),
            )
        })
        .collect()
}

fn verdict(c: &Comparison<'_>, field: Field) -> (Verdict, Reason) {
    let f = c
        .fields
        .iter()
        .find(|f| f.field == field)
        .expect("field compared");
    (f.verdict, f.reason)
}

/// Two people of `f` compared (both individuals).
fn compared<'a>(f: &'a Finder, a: &str, b: &str) -> Comparison<'a> {
    f.explain(a, b)
        .and_then(|e| e.comparison)
        .expect("two individuals compared")
}

const NO_REVIEW: &(dyn Fn(&str, &str) -> bool + Sync) = &|_, _| false;

#[test]
fn the_same_person_twice_is_proposed_and_explained() {
    let f = finder(vec![
        person(
            "7",
            "Jean-Marc",
            "Dubois",
            "jm.dubois@example.ch",
            "03.04.1971",
            "Av. de la Gare 12",
        ),
        person(
            "3",
            "Jean Marc",
            "Dubois",
            "JM.Dubois@example.ch",
            "03.04.1971",
            "Avenue de la Gare 12",
        ),
        person("9", "Anna", "Keller", "anna@example.ch", "", ""),
    ]);
    let found = f.find(LIKELY_DUPLICATE, NO_REVIEW, 2);
    assert_eq!(ids(&found), [("3".into(), "7".into(), "3".into())]);
    let c = &found.pairs[0].comparison;
    assert!(c.score > 0.99, "{}", c.score);
    assert_eq!(
        verdict(c, Field::Email),
        (Verdict::Same, Reason::SameExceptCase)
    );
    assert_eq!(
        verdict(c, Field::FirstName),
        (Verdict::Similar, Reason::Spelling)
    );
    assert_eq!(verdict(c, Field::LastName), (Verdict::Same, Reason::Same));
    assert_eq!(
        verdict(c, Field::Address),
        (Verdict::Same, Reason::SameStreetAbbreviated)
    );
}

#[test]
fn a_couple_sharing_an_email_and_an_address_is_a_household() {
    let f = finder(vec![
        person(
            "1",
            "Jean",
            "Rochat",
            "famille.rochat@example.ch",
            "",
            "Rue du Bourg 4",
        ),
        person(
            "2",
            "Jeanne",
            "Rochat",
            "famille.rochat@example.ch",
            "",
            "Rue du Bourg 4",
        ),
        person(
            "3",
            "Marie",
            "Rochat",
            "famille.rochat@example.ch",
            "",
            "Rue du Bourg 4",
        ),
    ]);
    let found = f.find(LIKELY_DUPLICATE, NO_REVIEW, 1);
    assert!(found.pairs.is_empty(), "{:?}", ids(&found));
    assert_eq!(found.households, 3);
    let e = f.explain("1", "2").expect("both known");
    let c = e.comparison.expect("two individuals");
    assert!(c.household);
    assert!(e.blocked_together);
    assert_eq!(verdict(&c, Field::FirstName).0, Verdict::Different);
}

#[test]
fn a_parent_and_a_child_of_one_name_are_a_household() {
    let f = finder(vec![
        person("1", "Luca", "Bernasconi", "", "12.05.1958", "Via Nassa 5"),
        person("2", "Luca", "Bernasconi", "", "30.09.1990", "Via Nassa 5"),
    ]);
    assert!(f.find(0.5, NO_REVIEW, 1).pairs.is_empty());
    let c = compared(&f, "2", "1");
    assert!(c.household);
    assert_eq!(verdict(&c, Field::Birthdate).0, Verdict::Different);
}

#[test]
fn moves_new_emails_swapped_and_married_names_are_found() {
    let f = finder(vec![
        // Moved, with a new e-mail.
        person(
            "10",
            "Sophie",
            "Müller",
            "sophie@old.example",
            "01.02.1980",
            "Bahnhofstr. 3",
        ),
        person(
            "11",
            "Sophie",
            "Mueller",
            "s.mueller@new.example",
            "01.02.1980",
            "Seeweg 9",
        ),
        // First and last names swapped.
        person("20", "Martin", "Favre", "m.favre@example.ch", "", ""),
        person("21", "Favre", "Martin", "m.favre@example.ch", "", ""),
        // Married: a double name, the same e-mail and birth date.
        person(
            "30",
            "Elena",
            "Rossi",
            "elena.rossi@example.it",
            "07.07.1985",
            "",
        ),
        person(
            "31",
            "Elena",
            "Rossi-Bianchi",
            "elena.rossi@example.it",
            "07.07.1985",
            "",
        ),
    ]);
    let found = f.find(LIKELY_DUPLICATE, NO_REVIEW, 2);
    assert_eq!(
        ids(&found),
        [
            ("10".into(), "11".into(), "10".into()),
            ("20".into(), "21".into(), "20".into()),
            ("30".into(), "31".into(), "30".into()),
        ]
    );
    let c = &found.pairs[0].comparison;
    assert_eq!(
        verdict(c, Field::LastName),
        (Verdict::Similar, Reason::Spelling)
    );
    assert_eq!(
        verdict(c, Field::Address),
        (Verdict::Different, Reason::OtherAddress)
    );
    assert_eq!(
        verdict(&found.pairs[1].comparison, Field::FirstName).1,
        Reason::Swapped
    );
    assert_eq!(
        verdict(&found.pairs[2].comparison, Field::LastName).1,
        Reason::OneHoldsTheOther
    );
}

#[test]
fn a_cluster_is_named_by_its_smallest_id_and_reviews_are_kept() {
    let f = finder(vec![
        person("40", "Paul", "Girard", "paul.girard@example.fr", "", ""),
        person("5", "Paul", "Girard", "paul.girard@example.fr", "", ""),
        person("12", "Paul", "Girard", "Paul.Girard@example.fr", "", ""),
    ]);
    let found = f.find(LIKELY_DUPLICATE, NO_REVIEW, 2);
    assert_eq!(
        ids(&found),
        [
            ("5".into(), "12".into(), "5".into()),
            ("5".into(), "40".into(), "5".into()),
            ("12".into(), "40".into(), "5".into()),
        ]
    );
    let reviewed = |a: &str, b: &str| (a, b) == ("5", "40");
    let found = f.find(LIKELY_DUPLICATE, &reviewed, 2);
    assert_eq!(found.pairs.len(), 2);
}

#[test]
fn an_individual_and_a_structure_are_never_one_contact() {
    let mut s = person("2", "", "", "info@theatre.example", "", "");
    s.structure = true;
    s.structure_name = "Théâtre du Jorat".into();
    let f = finder(vec![
        person("1", "Anne", "Jorat", "info@theatre.example", "", ""),
        s,
    ]);
    assert!(f.find(0.0, NO_REVIEW, 1).pairs.is_empty());
    assert!(f.explain("1", "2").is_some_and(|e| e.comparison.is_none()));
}

#[test]
fn a_typo_in_a_birth_date_is_similar_not_different() {
    let f = finder(vec![
        person("1", "Karl", "Huber", "", "12.03.1966", ""),
        person("2", "Karl", "Huber", "", "03.12.1966", ""),
        person("3", "Karl", "Huber", "", "12.03.1967", ""),
    ]);
    let c = compared(&f, "1", "2");
    assert_eq!(
        verdict(&c, Field::Birthdate),
        (Verdict::Similar, Reason::DayMonthSwapped)
    );
    let c = compared(&f, "1", "3");
    assert_eq!(
        verdict(&c, Field::Birthdate),
        (Verdict::Similar, Reason::OneDigit)
    );
}

proptest::proptest! {
    #[test]
    fn any_text_compares_without_panic(a in "\\PC{0,30}", b in "\\PC{0,30}", d in "\\PC{0,12}") {
        let f = finder(vec![
            person("1", &a, &b, &a, &d, &b),
            person("2", &b, &a, &b, &d, &a),
        ]);
        let c = f.explain("1", "2").and_then(|e| e.comparison);
        let c = c.expect("two individuals");
        proptest::prop_assert!((0.0..=1.0).contains(&c.score));
        let _ = f.find(0.0, NO_REVIEW, 2);
    }
}

#[test]
fn a_newcomer_is_met_at_the_door_by_the_contact_they_look_like() {
    let door = finder(vec![
        person(
            "7",
            "Sophie",
            "Müller",
            "sophie@old.example",
            "01.02.1980",
            "Bahnhofstr. 3",
        ),
        person(
            "8",
            "Hans",
            "Müller",
            "hans@old.example",
            "03.03.1978",
            "Bahnhofstr. 3",
        ),
    ])
    .into_door();
    let moved = person(
        "",
        "Sophie",
        "Mueller",
        "s.mueller@new.example",
        "01.02.1980",
        "Seeweg 9",
    );
    let found = door.look(moved, LIKELY_DUPLICATE).expect("Sophie is known");
    assert_eq!(found.id, "7");
    assert_eq!(found.alike, ["first_name", "last_name", "birthdate"]);
    // Her husband's sister-in-law at their address is not him.
    let family = person(
        "",
        "Anna",
        "Müller",
        "anna@old.example",
        "",
        "Bahnhofstr. 3",
    );
    assert_eq!(door.look(family, LIKELY_DUPLICATE), None);
}
