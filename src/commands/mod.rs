//! One module per subcommand, each a short story over the domain.
//!
//! The top layer: may import every other (see docs/architecture.md). What a
//! command computes belongs in the layers below. (A few helpers are still
//! borrowed from `status` by `remind` and `export`; see the known
//! exceptions in docs/architecture.md.)

pub mod accept;
pub mod ack;
pub mod approve;
pub mod archive;
pub mod check;
pub mod completions;
pub mod done;
pub mod export;
pub mod history;
pub mod init;
pub mod log;
pub mod lsp;
pub mod man;
pub mod new;
pub mod notify;
pub mod output;
pub mod remind;
pub mod report;
pub mod rules;
pub mod schema;
pub mod send;
pub mod set;
pub mod show;
pub mod status;
pub mod target;
pub mod templates;
pub mod validate;

use anyhow::Result;

use crate::Outcome;
use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn dispatch(cli: Cli) -> Result<Outcome> {
    let cx = Context::new(cli.global);
    match cli.command {
        Command::Init(args) => init::run(&cx, args),
        Command::New(args) => new::run(&cx, args),
        Command::Validate(args) => validate::run(&cx, args),
        Command::Check(args) => check::run(&cx, args),
        Command::Templates(args) => templates::run(&cx, args),
        Command::Rules(args) => rules::run(&cx, args),
        Command::Schema(args) => schema::run(&cx, args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Lsp(args) => lsp::run(&cx, args),
        Command::Report(args) => report::run(&cx, args),
        Command::History(args) => history::run(&cx, args),
        Command::Archive(args) => archive::run(&cx, args),
        Command::Status(args) => status::run(&cx, args),
        Command::Show(args) => show::run(&cx, args),
        Command::Set(args) => set::run(&cx, args),
        Command::Done(args) => done::run(&cx, args),
        Command::Log(args) => log::run(&cx, args),
        Command::Ack(args) => ack::run(&cx, args),
        Command::Accept(args) => accept::run(&cx, args),
        Command::Approve(args) => approve::run(&cx, args),
        Command::Send(args) => send::run(&cx, args),
        Command::Remind(args) => remind::run(&cx, args),
        Command::Notify(args) => notify::run(&cx, args),
        Command::Export(args) => export::run(&cx, args),
    }
}

/// Standard output with colour handled by anstream.
pub fn stdout() -> anstream::AutoStream<std::io::Stdout> {
    anstream::stdout()
}
