//! `rankdown man`: the man page, generated from the clap definition.

use super::Outcome;
use crate::cli::{Cli, ManArgs};
use anyhow::Context;
use clap::CommandFactory;

/// Prints `rankdown(1)` on standard output, or writes it and a page per
/// command (`rankdown-build.1`, `rankdown-import-backlog-md.1`, ...) into
/// the `--output` folder, which is created if missing.
pub fn run(args: &ManArgs) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    match &args.output {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            super::print(&page);
        }
        Some(folder) => {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot make `{}`", folder.display()))?;
            clap_mangen::generate_to(command, folder).with_context(|| {
                format!("cannot write the man pages into `{}`", folder.display())
            })?;
        }
    }
    Ok(Outcome::Success)
}
