//! The pages' templates (compiled into the binary) and how they are filled:
//! every word comes from the translation files through `t(id, name=value)`.

use axum::response::Html;
use intake_i18n::{Arg, Lang, text};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};

use crate::error::AppError;

/// The templates.
pub(crate) struct Views {
    env: Environment<'static>,
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("upload.html", include_str!("../templates/upload.html")),
    ("imports.html", include_str!("../templates/imports.html")),
    ("import.html", include_str!("../templates/import.html")),
    ("contacts.html", include_str!("../templates/contacts.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("error.html", include_str!("../templates/error.html")),
];

impl Views {
    pub fn new() -> Views {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            // The templates are part of the binary: a broken one is a bug
            // that the page tests catch at once.
            if let Err(e) = env.add_template(name, source) {
                eprintln!("template {name}: {e}");
            }
        }
        Views { env }
    }

    /// Renders a page in `lang`; `ctx` is merged with `lang` and `t`.
    pub fn render(&self, name: &str, lang: Lang, ctx: Value) -> Result<Html<String>, AppError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let t = Value::from_function(move |id: &str, kwargs: Kwargs| translate(lang, id, kwargs));
        let ctx = minijinja::context! { lang => lang.as_str(), t => t, ..ctx };
        template
            .render(ctx)
            .map(Html)
            .map_err(|e| AppError::Internal(format!("{e:#}")))
    }
}

fn translate(lang: Lang, id: &str, kwargs: Kwargs) -> Result<String, Error> {
    let mut values: Vec<(String, Arg<'static>)> = Vec::new();
    for key in kwargs.args() {
        let v: Value = kwargs.get(key)?;
        let arg = match i64::try_from(v.clone()) {
            Ok(n) if v.is_integer() => Arg::from(n),
            _ => Arg::from(v.to_string()),
        };
        values.push((key.to_string(), arg));
    }
    kwargs.assert_all_used()?;
    let args: Vec<(&str, Arg<'_>)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let s = text(lang, id, &args);
    if s == id {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("no message {id}"),
        ));
    }
    Ok(s)
}
