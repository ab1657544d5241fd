//! Rows shaped like `intake generate`'s (about 5 % faulty), made here so that
//! the benchmarks need no file of their own.

/// The header of the rows.
pub const HEADER: &str = "email;title;first_name;last_name;birthdate;language;address_line1;address_line2;postal_code;town;state;country";

/// Row `i` as the cells of a CSV line (every 20th row has a fault).
pub fn row(i: usize) -> Vec<String> {
    const FIRST: &[&str] = &["Anne-Sophie", "Jörg", "Luca", "Zoé", "Niccolò", "Emily"];
    const LAST: &[&str] = &["Favre", "Müller", "Bernasconi", "O'Brien", "Rochat", "Weber"];
    const TOWNS: &[(&str, &str, &str)] = &[
        ("1003", "Lausanne", "CH"),
        ("8001", "Zürich", "CH"),
        ("75011", "Paris", "FR"),
        ("00184", "Roma", "IT"),
        ("10115", "Berlin", "DE"),
    ];
    let first = FIRST[i % FIRST.len()];
    let last = LAST[(i / 7) % LAST.len()];
    let (postal, town, country) = TOWNS[(i / 3) % TOWNS.len()];
    let mut cells: Vec<String> = vec![
        format!("{}.{}.{i}@example.ch", first.to_lowercase(), last.to_lowercase()),
        ["MR", "MRS", "", "MISS"][i % 4].to_string(),
        first.to_string(),
        last.to_string(),
        format!("{:02}.{:02}.{}", 1 + i % 28, 1 + i % 12, 1940 + i % 60),
        ["fr", "de", "it", "en"][i % 4].to_string(),
        format!("Rue du Lac {}", i % 200),
        String::new(),
        postal.to_string(),
        town.to_string(),
        String::new(),
        country.to_string(),
    ];
    if i % 20 == 7 {
        cells[2] = "J3an".to_string();
        cells[0] = "not-an-email".to_string();
    }
    cells
}

/// `n` rows as a `;`-separated CSV file, header first.
pub fn csv(n: usize) -> String {
    let mut out = String::with_capacity(n * 100);
    out.push_str(HEADER);
    out.push('\n');
    for i in 0..n {
        out.push_str(&row(i).join(";"));
        out.push('\n');
    }
    out
}
