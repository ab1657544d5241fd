//! The end-of-import email, over SMTP (lettre).

use intake_i18n::{Lang, text};
use intake_store::ImportRecord;
use lettre::message::header::ContentType;
use lettre::{Message, SmtpTransport, Transport};

/// Sends "your import ended" to `to` in `lang`: name, status, counts,
/// duration and a link to the log.
///
/// # Errors
///
/// The reason, for the import's log, when the message cannot be built or
/// the SMTP server refuses it.
pub(crate) fn send_end_of_import(
    smtp_url: &str,
    from: &str,
    to: &str,
    import: &ImportRecord,
    lang: Lang,
    link: &str,
) -> Result<(), String> {
    let status = text(lang, &format!("status-{}", import.status.as_str()), &[]);
    let c = import.counts;
    let duration = match import.finished_at {
        Some(end) => {
            let secs = end.duration_since(import.started_at).as_secs_f64().max(0.0);
            if secs < 60.0 {
                format!("{secs:.1} s")
            } else {
                format!("{} min {:02} s", (secs as u64) / 60, (secs as u64) % 60)
            }
        }
        None => "-".into(),
    };
    let name = import.name.as_str();
    let body = [
        text(lang, "mail-greeting", &[]),
        String::new(),
        text(
            lang,
            "mail-body",
            &[("name", name.into()), ("status", status.as_str().into())],
        ),
        text(
            lang,
            "mail-counts",
            &[
                ("rows", c.rows.into()),
                ("created", c.created.into()),
                ("skipped", c.skipped.into()),
                ("rejected", c.rejected.into()),
            ],
        ),
        text(lang, "mail-duration", &[("duration", duration.into())]),
        text(lang, "mail-link", &[("url", link.into())]),
    ]
    .join("\n");
    let message = Message::builder()
        .from(from.parse().map_err(|e| format!("{from}: {e}"))?)
        .to(to.parse().map_err(|e| format!("{to}: {e}"))?)
        .subject(text(
            lang,
            "mail-subject",
            &[("name", name.into()), ("status", status.as_str().into())],
        ))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())?;
    let transport = SmtpTransport::from_url(smtp_url)
        .map_err(|e| e.to_string())?
        .timeout(Some(std::time::Duration::from_secs(30)))
        .build();
    transport.send(&message).map_err(|e| e.to_string())?;
    Ok(())
}
