//! Turning stored log lines into sentences in a person's language.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use intake_core::{Category, IssueCode, Level, RowIssue};
use intake_i18n::{Arg, Lang, text};
use intake_store::NewLogLine;

/// The variants of a finding's message, after its code.
const VARIANTS: [&str; 5] = ["", "-suggestion", "-digit", "-in-file", "-none"];

/// Every finding's message id, made once: a log line names its message
/// without allocating.
static MESSAGE_IDS: LazyLock<HashMap<(IssueCode, &'static str), String>> = LazyLock::new(|| {
    IssueCode::ALL
        .iter()
        .flat_map(|code| {
            VARIANTS.iter().map(move |variant| {
                let id = format!("issue-{}{variant}", code.as_str().replace('.', "-"));
                ((*code, *variant), id)
            })
        })
        .collect()
});

/// The translation id of a row finding: `issue-` and the code, plus a variant
/// when the finding carries a suggestion or a special rule.
pub fn issue_message_id(issue: &RowIssue) -> Cow<'static, str> {
    let variant = match issue.code {
        IssueCode::TitleUnknown | IssueCode::CountryUnknown
            if issue.arg("suggestion").is_some() =>
        {
            "-suggestion"
        }
        IssueCode::PostalCodeFormat if issue.arg("rule") == Some("digit") => "-digit",
        IssueCode::StructureDuplicate if issue.arg("earlier_row").is_some() => "-in-file",
        IssueCode::ContactNumberOutOfRange if issue.arg("from").is_none() => "-none",
        _ => "",
    };
    match MESSAGE_IDS.get(&(issue.code, variant)) {
        Some(id) => Cow::Borrowed(id.as_str()),
        None => Cow::Owned(format!(
            "issue-{}{variant}",
            issue.code.as_str().replace('.', "-")
        )),
    }
}

/// The sentence of a log line.
pub fn render(line: &NewLogLine, lang: Lang) -> String {
    let mut args: Vec<(&str, Arg<'_>)> = line
        .args
        .iter()
        .map(|(k, v)| {
            // Counts choose a plural form: they go to the message as numbers.
            let number = matches!(k.as_str(), "count" | "removed" | "restored")
                .then(|| v.parse::<i64>().ok())
                .flatten();
            (
                k.as_str(),
                number.map_or_else(|| Arg::from(v.as_str()), Arg::from),
            )
        })
        .collect();
    if let Some(row) = line.row {
        args.push(("row", row.into()));
    }
    match &line.value {
        Some(value) => args.push(("value", value.as_str().into())),
        // An anonymize or a delete names its rows, not what they held.
        None if line.row.is_some() => {
            args.push(("value", text(lang, "value-withheld", &[]).into()))
        }
        None => {}
    }
    if let Some(column) = &line.column {
        args.push(("column", column.as_ref().into()));
    }
    text(lang, &line.message_id, &args)
}

/// The word for a level.
pub fn level_label(level: Level, lang: Lang) -> String {
    text(lang, &format!("level-{}", level.as_str()), &[])
}

/// The bracketed word for a category.
pub fn category_label(category: Category, lang: Lang) -> String {
    text(lang, &format!("category-{}", category.as_str()), &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_core::Column;
    use intake_i18n::has;

    #[test]
    fn every_issue_code_has_a_message_in_every_language() {
        for code in IssueCode::ALL {
            let plain = RowIssue::new(*code, Column::Email, "x");
            let with = RowIssue::new(*code, Column::Email, "x")
                .with("suggestion", "MR")
                .with("rule", "digit");
            for lang in Lang::ALL {
                for issue in [&plain, &with] {
                    let id = issue_message_id(issue);
                    assert!(has(lang, &id), "{lang} lacks {id}");
                }
            }
        }
    }
}
