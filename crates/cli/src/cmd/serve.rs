//! `intake serve`: the web application.

use std::path::Path;

use anyhow::Result;

use super::{db_path, open_store};
use crate::args::{Cli, ServeArgs};

pub(crate) fn run(cli: &Cli, a: &ServeArgs) -> Result<()> {
    let db = db_path(cli);
    // Migrate and recover before listening, with the usual message
    // when the base cannot be opened.
    drop(open_store(cli)?);
    let data_dir = a.data_dir.clone().unwrap_or_else(|| {
        if intake_store::is_postgres_url(&db) {
            "intake-data".into()
        } else {
            Path::new(&db)
                .parent()
                .map(|p| p.join("intake-data"))
                .unwrap_or_else(|| "intake-data".into())
        }
    });
    let workers = a.workers.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    intake_server::serve(intake_server::Config {
        db,
        addr: a.addr,
        data_dir,
        workers,
        upload_limit: a.upload_limit_mb.saturating_mul(1024 * 1024),
        smtp_url: a.smtp_url.clone().filter(|u| !u.trim().is_empty()),
        smtp_from: a.smtp_from.clone(),
        public_url: a.public_url.clone(),
        lease: std::time::Duration::from_secs(a.lease_seconds),
        pool: intake_server::PoolLimits::default(),
    })?;
    Ok(())
}
