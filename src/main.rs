//! The `rankdown` command: parses the arguments and runs the library.

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rankdown::cli::{Cli, Command};
use rankdown::cmd::{self, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Codeowners(args) => cmd::codeowners::run(args),
        Command::Import(command) => cmd::import::run(command),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Fix(args) => cmd::fix::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
        Command::Lsp(args) => cmd::lsp::run(args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(error) => {
            // An error may quote backlog text, such as a template's name.
            let text = format!("{error:#}");
            anstream::eprintln!("error: {}", rankdown::terminal::visible_lines(&text));
            // 130 is what shells report for a program stopped with Ctrl-C.
            let stopped = rankdown::output::STOP.load(std::sync::atomic::Ordering::Relaxed);
            ExitCode::from(if stopped { 130 } else { 2 })
        }
    }
}
