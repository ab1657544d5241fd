//! `Phone::parse` against libphonenumber's own verdicts.
//!
//! `tests/data/phones.csv` holds a few thousand numbers of 45 countries,
//! written as people write them (national format, `+CC …`, `00CC …`, the row
//! country's own international prefix, some garbage), each with what Google's
//! libphonenumber makes of it: valid or not, and the E.164 form. It is made
//! by `tools/generate_phone_fixture.py` (see its docstring to regenerate it).

use std::collections::BTreeMap;

use intake_core::Country;
use intake_core::value::Phone;

const FIXTURE: &str = include_str!("data/phones.csv");
const HEADER: &str = "raw,region,number_region,form,kind,valid,e164";

#[test]
fn phones_agree_with_libphonenumber() {
    let mut lines = FIXTURE.lines();
    assert_eq!(lines.next(), Some(HEADER), "the fixture's columns changed");

    let mut total = 0usize;
    let mut valid = 0usize;
    let mut differences = Vec::new();
    // Rows and differences by form, for the figure printed.
    let mut by_form: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        let [raw, region, _number_region, form, _kind, verdict, e164] = cells[..] else {
            panic!("line {}: 7 cells expected: {line}", i + 2);
        };
        let expected = match verdict {
            "1" => Some(e164),
            "0" => None,
            _ => panic!("line {}: valid is 1 or 0: {line}", i + 2),
        };
        let country = (!region.is_empty()).then(|| {
            Country::parse(region)
                .unwrap_or_else(|_| panic!("line {}: unknown country {region}", i + 2))
        });
        let got = Phone::parse(raw, country).ok();
        total += 1;
        valid += usize::from(expected.is_some());
        let entry = by_form.entry(form).or_default();
        entry.0 += 1;
        if got.as_ref().map(Phone::as_str) != expected {
            entry.1 += 1;
            differences.push(format!(
                "line {}: {raw:?} ({form}), region {}: libphonenumber {}, intake {}",
                i + 2,
                if region.is_empty() { "none" } else { region },
                expected.unwrap_or("invalid"),
                got.as_ref().map_or("invalid", Phone::as_str),
            ));
        }
    }
    // The fixture must test something both ways.
    assert!(total >= 3000, "{total} rows: the fixture is cut short");
    assert!(
        valid * 10 >= total * 5 && (total - valid) * 10 >= total,
        "{valid} valid of {total}: the fixture lost its valid or its invalid numbers"
    );

    let agreeing = total - differences.len();
    let per_form: Vec<String> = by_form
        .iter()
        .map(|(form, (rows, differ))| format!("{form} {}/{rows}", rows - differ))
        .collect();
    eprintln!(
        "phones: intake agrees with libphonenumber on {agreeing} of {total} rows ({:.2} %; {})",
        agreeing as f64 * 100.0 / total as f64,
        per_form.join(", "),
    );
    // At least 99.9 %.
    assert!(
        agreeing * 1000 >= total * 999,
        "{} differences of {total} rows (more than 0.1 %):\n{}",
        differences.len(),
        differences.join("\n")
    );
    for difference in &differences {
        eprintln!("  tolerated: {difference}");
    }
}
