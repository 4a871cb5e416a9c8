//! `dateline generate` (hidden): the man pages and the shell completion scripts,
//! generated from the live clap definition (`Cli::command()`) so that they always
//! describe this very binary.
//!
//! ```text
//! dateline generate --list          every document: its arguments, then its file name
//! dateline generate man             the man page dateline.1
//! dateline generate man check       the man page dateline-check.1
//! dateline generate bash            completions (also zsh, fish, powershell, elvish)
//! ```
//!
//! It is answered before the public command line is parsed, so it appears in
//! neither `--help`, the man page nor the completions. `cargo xtask docs` writes
//! its output to `doc/` (`--check` proves the committed files current), and
//! `cargo xtask dist` puts fresh copies in the release tarball.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, ValueEnum};
use clap_complete::Shell;

use crate::Cli;
use crate::error::{CliError, Status};

/// What `generate` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// A roff man page: `dateline.1`, or `dateline-COMMAND.1` with a COMMAND.
    Man,
    /// Bash completion script.
    Bash,
    /// Zsh completion script.
    Zsh,
    /// Fish completion script.
    Fish,
    /// PowerShell completion script.
    Powershell,
    /// Elvish completion script.
    Elvish,
}

impl Kind {
    fn from_shell(shell: Shell) -> Kind {
        match shell {
            Shell::Bash => Kind::Bash,
            Shell::Zsh => Kind::Zsh,
            Shell::Fish => Kind::Fish,
            Shell::PowerShell => Kind::Powershell,
            // Elvish, and any shell a later clap_complete adds.
            _ => Kind::Elvish,
        }
    }

    /// The shell a completion kind is for; `None` for a man page.
    fn shell(self) -> Option<Shell> {
        match self {
            Kind::Man => None,
            Kind::Bash => Some(Shell::Bash),
            Kind::Zsh => Some(Shell::Zsh),
            Kind::Fish => Some(Shell::Fish),
            Kind::Powershell => Some(Shell::PowerShell),
            Kind::Elvish => Some(Shell::Elvish),
        }
    }
}

/// Print the man pages and shell completions of `dateline`.
#[derive(Debug, Parser)]
#[command(name = "dateline generate", version)]
struct Args {
    /// What to print.
    #[arg(value_enum, required_unless_present = "list")]
    kind: Option<Kind>,
    /// For `man`: the subcommand whose page to print (`check`; `links ...` for a
    /// nested one); none for the main page.
    #[arg(value_name = "COMMAND")]
    command: Vec<String>,
    /// List every document, one a line: the arguments that print it, then its
    /// file name.
    #[arg(long, conflicts_with_all = ["kind", "command"])]
    list: bool,
}

/// Answers `dateline generate ...`; `None` for any other command line.
pub fn intercept() -> Option<ExitCode> {
    let mut argv = std::env::args_os();
    let program = argv.next()?;
    if argv.next()? != "generate" {
        return None;
    }
    let args = Args::parse_from(std::iter::once(program).chain(argv));
    let mut out = io::BufWriter::new(io::stdout().lock());
    Some(match write(&args, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    })
}

/// The command line the man pages describe: built, without the `help`
/// subcommand (`--help` is documented on every page).
fn man_command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// Every document as (arguments of `generate`, file name).
fn documents() -> Vec<(Vec<String>, String)> {
    fn pages(cmd: &clap::Command, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
        let mut args = vec!["man".to_owned()];
        args.extend(path.iter().cloned());
        let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
        out.push((args, format!("{name}.1")));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut sub_path = path.to_vec();
            sub_path.push(sub.get_name().to_owned());
            pages(sub, &sub_path, out);
        }
    }
    let mut docs = Vec::new();
    pages(&man_command(), &[], &mut docs);
    let name = Cli::command().get_name().to_owned();
    for kind in Kind::value_variants() {
        if let Some(shell) = kind.shell()
            && let Some(value) = kind.to_possible_value()
        {
            docs.push((
                vec![value.get_name().to_owned()],
                clap_complete::Generator::file_name(&shell, &name),
            ));
        }
    }
    docs
}

fn write(args: &Args, out: &mut impl Write) -> io::Result<()> {
    if args.list {
        for (argv, file) in documents() {
            writeln!(out, "{} {file}", argv.join(" "))?;
        }
        return Ok(());
    }
    let kind = args.kind.unwrap_or(Kind::Man);
    match kind.shell() {
        None => {
            let root = man_command();
            let version = root.get_version().unwrap_or_default().to_owned();
            let mut cmd = &root;
            for name in &args.command {
                cmd = cmd
                    .get_subcommands()
                    .find(|s| s.get_name() == name && !s.is_hide_set())
                    .ok_or_else(|| {
                        io::Error::new(io::ErrorKind::NotFound, format!("no subcommand `{name}`"))
                    })?;
            }
            let man =
                clap_mangen::Man::new(cmd.clone()).source(format!("{} {version}", root.get_name()));
            render_man(&man, cmd, &args.command, out)
        }
        Some(shell) => {
            if !args.command.is_empty() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "completion scripts cover every subcommand; give no COMMAND",
                ));
            }
            let mut cmd = Cli::command();
            let name = cmd.get_name().to_owned();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, name, &mut script);
            let script = String::from_utf8(script).map_err(io::Error::other)?;
            out.write_all(complete_formats(shell, &script).as_bytes())
        }
    }
}

/// The command a completion script runs for the values of `convert --to`
/// (`dateline formats --names`), so that it offers the formats installed when
/// the user presses tab, plugins' included.
const FORMAT_NAMES: &str = "formats --names 2>/dev/null";

/// `script` with the values of `convert --to`/`-t` completed from
/// [`FORMAT_NAMES`] (bash, zsh, fish); other shells' scripts as they are
/// (they complete a file name there, as for any value).
///
/// clap_complete writes static scripts; the edits replace its "any value"
/// completion of that one option, which the tests check it still writes.
fn complete_formats(shell: Shell, script: &str) -> String {
    match shell {
        Shell::Bash => {
            // `--to)` and `-t)` each complete with the next `compgen -f`.
            let mut out = String::with_capacity(script.len() + 256);
            let mut pending = false;
            for line in script.split_inclusive('\n') {
                let trimmed = line.trim();
                if trimmed == "--to)" || trimmed == "-t)" {
                    pending = true;
                } else if pending && trimmed == r#"COMPREPLY=($(compgen -f "${cur}"))"# {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    out.push_str(&format!(
                        "{indent}COMPREPLY=($(compgen -W \"$(\"${{COMP_WORDS[0]}}\" {FORMAT_NAMES})\" -- \"${{cur}}\"))\n"
                    ));
                    pending = false;
                    continue;
                }
                out.push_str(line);
            }
            out
        }
        Shell::Zsh => script.replace(
            ":FORMAT:_default'",
            &format!(":FORMAT:{{compadd -- ${{(f)\"$(${{words[1]}} {FORMAT_NAMES})\"}}}}'"),
        ),
        Shell::Fish => script
            .lines()
            .map(|line| {
                if line.contains("__fish_dateline_using_subcommand convert\" -s t -l to ") {
                    format!("{line} -f -a \"(dateline {FORMAT_NAMES})\"\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect(),
        _ => script.to_owned(),
    }
}

/// A man page: clap's sections (title, name, synopsis, description,
/// options, subcommands), then ours (EXAMPLES, EXIT STATUS, ENVIRONMENT,
/// FILES: [`crate::manual`]), then version and authors.
fn render_man(
    man: &clap_mangen::Man,
    cmd: &clap::Command,
    command: &[String],
    out: &mut impl Write,
) -> io::Result<()> {
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    man.render_extra_section(&mut page)?;
    page.extend_from_slice(crate::manual::sections(command).as_bytes());
    // As `Man::render` does: these sections only when there is something to say.
    if cmd.get_version().or(cmd.get_long_version()).is_some() {
        man.render_version_section(&mut page)?;
    }
    if cmd.get_author().is_some() {
        man.render_authors_section(&mut page)?;
    }
    out.write_all(&page)
}

/// `dateline completions SHELL`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// `dateline man [COMMAND]`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`check`); none for the main page.
    #[arg(value_name = "COMMAND")]
    command: Vec<String>,
}

/// Prints the completion script of a shell.
pub fn completions(args: &CompletionsArgs) -> Result<Status, CliError> {
    let kind = Kind::from_shell(args.shell);
    print(&Args {
        kind: Some(kind),
        command: Vec::new(),
        list: false,
    })
}

/// Prints a man page.
pub fn man(args: &ManArgs) -> Result<Status, CliError> {
    print(&Args {
        kind: Some(Kind::Man),
        command: args.command.clone(),
        list: false,
    })
}

fn print(args: &Args) -> Result<Status, CliError> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(args, &mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(Status::Clean),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(CliError::usage(
            clap::error::ErrorKind::InvalidSubcommand,
            e.to_string(),
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use super::*;

    fn generated(argv: &[&str]) -> io::Result<String> {
        let argv = std::iter::once("dateline")
            .chain(argv.iter().copied())
            .map(OsString::from);
        let args = Args::try_parse_from(argv).map_err(io::Error::other)?;
        let mut out = Vec::new();
        write(&args, &mut out)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn the_generator_command_line_is_well_formed() {
        Args::command().debug_assert();
    }

    #[test]
    fn every_listed_document_generates() {
        let list = generated(&["--list"]).expect("the list");
        let docs: Vec<(Vec<&str>, &str)> = list
            .lines()
            .map(|l| {
                let mut words: Vec<&str> = l.split(' ').collect();
                let file = words.pop().expect("a file name");
                (words, file)
            })
            .collect();
        let files: Vec<&str> = docs.iter().map(|d| d.1).collect();
        for expected in [
            "dateline.1",
            "dateline-check.1",
            "dateline-convert.1",
            "dateline.bash",
            "_dateline",
            "dateline.fish",
            "_dateline.ps1",
            "dateline.elv",
        ] {
            assert!(files.contains(&expected), "{expected} not in {files:?}");
        }
        assert!(
            !files
                .iter()
                .any(|f| f.contains("help") || f.contains("generate")),
            "{files:?}"
        );
        for (argv, file) in docs {
            let text = generated(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
            assert!(text.contains("dateline"), "{file}");
            if file.ends_with(".1") {
                let title = file.trim_end_matches(".1");
                assert!(text.contains(&format!(".TH {title} 1")), "{file}: {text}");
                assert!(
                    text.contains(&format!("\"dateline {}\"", env!("CARGO_PKG_VERSION"))),
                    "{file}"
                );
            } else {
                assert!(text.contains("check"), "{file}");
                assert!(
                    !text.contains("generate"),
                    "{file} offers the hidden generate"
                );
            }
        }
    }

    /// The values of `convert --to` come from `dateline formats --names` at
    /// completion time: every edit of clap_complete's script found its place.
    #[test]
    fn completions_ask_dateline_for_format_names() {
        for (shell, times) in [("bash", 2), ("zsh", 2), ("fish", 1)] {
            let script = generated(&[shell]).expect("a script");
            assert_eq!(
                script.matches("formats --names 2>/dev/null").count(),
                times,
                "{shell}"
            );
        }
        let bash = generated(&["bash"]).expect("a script");
        assert!(bash.contains(
            r#"COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" formats --names 2>/dev/null)" -- "${cur}"))"#
        ));
        // Only `--to`'s values: `-o` still completes file names.
        let after_o = bash.split("\n                -o)\n").nth(1).expect("-o");
        assert!(
            after_o
                .trim_start()
                .starts_with(r#"COMPREPLY=($(compgen -f "${cur}"))"#)
        );
        let zsh = generated(&["zsh"]).expect("a script");
        assert!(!zsh.contains(":FORMAT:_default"), "{zsh}");
        let powershell = generated(&["powershell"]).expect("a script");
        assert!(!powershell.contains("formats --names"));
    }

    #[test]
    fn bad_requests_fail() {
        assert!(generated(&["man", "nope"]).is_err());
        assert!(generated(&["bash", "check"]).is_err());
        assert!(generated(&[]).is_err());
        assert!(generated(&["--list", "man"]).is_err());
    }
}
