//! `intake undo`: an import reverted, after its preview.

use anyhow::{Result, anyhow};
use intake_i18n::text;

use super::reference;
use super::{open_store, speak};
use crate::args::{Cli, UndoArgs};
use crate::progress;

pub(crate) fn run(cli: &Cli, a: &UndoArgs) -> Result<()> {
    let mut store = open_store(cli)?;
    let institution = store.institution()?;
    let lang = speak(cli, Some(institution.default_language));
    let (preview, _) = intake_engine::undo_preview(store.as_mut(), institution.id, a.import_id)
        .map_err(|e| anyhow!("{}", e.message(lang)))?;
    reference::confirm(
        lang,
        &text(
            lang,
            "confirm-undo",
            &[
                ("id", a.import_id.into()),
                ("removed", preview.removed.into()),
                ("restored", preview.restored.into()),
            ],
        ),
        "intake undo",
        a.yes,
    )?;
    let who = std::env::var("USER").unwrap_or_else(|_| "intake".into());
    let bar = progress::Bar::new(false, true, lang);
    let done = intake_engine::undo_import(
        store.as_mut(),
        institution.id,
        a.import_id,
        &who,
        !a.no_wait,
        &bar,
    )
    .map_err(|e| anyhow!("{}", e.message(lang)))?;
    println!(
        "{}",
        text(
            lang,
            "undo-done",
            &[
                ("id", a.import_id.into()),
                ("removed", done.removed.into()),
                ("restored", done.restored.into()),
            ]
        )
    );
    Ok(())
}
