//! `intake read-workbook` (hidden): the reading process of a workbook calamine reads.

use anyhow::{Result, bail};

use crate::args::{Cli, ReadWorkbookArgs};

pub(crate) fn run(_cli: &Cli, a: &ReadWorkbookArgs) -> Result<()> {
    let format = match a.kind.as_str() {
        "xls" => intake_source::Format::Xls,
        "xlsb" => intake_source::Format::Xlsb,
        "ods" => intake_source::Format::Ods,
        other => bail!("read-workbook reads xls, xlsb or ods, not {other}"),
    };
    intake_source::isolated::write_whole_sheet(&a.path, format, std::io::stdout().lock())?;
    Ok(())
}
