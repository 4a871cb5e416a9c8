//! What the man pages say beyond the options clap knows: EXAMPLES for each
//! command, EXIT STATUS, ENVIRONMENT and FILES. Written once here; `generate`
//! renders them into every page (`cargo xtask docs` writes `doc/`).

use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::error::{EXIT_FAILURE, EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::plugins::PLUGIN_PATH_VAR;

/// The examples of the page of `command` (empty: the main page): (what it
/// does, the command line).
fn examples(command: &[String]) -> &'static [(&'static str, &'static str)] {
    match command.first().map(String::as_str) {
        None => &[
            (
                "Every error and warning in a corpus, then a count per code:",
                "dateline check corpus/",
            ),
            (
                "The corpus as analysis records, the format named by the extension:",
                "dateline convert corpus/ -o records.jsonl",
            ),
            (
                "Promos resolved to the articles they name, as CSV:",
                "dateline links corpus/ --format csv > links.csv",
            ),
        ],
        Some("check") => &[
            (
                "Check a directory, walked recursively:",
                "dateline check corpus/",
            ),
            (
                "Diagnostics as JSON lines, for jq or a dataframe:",
                "dateline check --format json corpus/ > diagnostics.jsonl",
            ),
            (
                "Fail (exit 1) on any warning but blank lines:",
                "dateline check --deny warnings --allow W002 corpus/",
            ),
            (
                "Check the files a list names, archives included:",
                "find . -name '*.tar.zst' | dateline check --files-from -",
            ),
        ],
        Some("convert") => &[
            (
                "Records as JSON lines (the format from the extension):",
                "dateline convert corpus/ -o records.jsonl",
            ),
            (
                "CSV safe to open in a spreadsheet, from an archive:",
                "dateline convert corpus.tar.zst -t csv --csv-safe -o records.csv",
            ),
            (
                "An HTML page per article, promos linked to the pages they name:",
                "dateline convert corpus/ --resolve -t html -o site/",
            ),
            (
                "Parquet through the plugin shipped with dateline:",
                "dateline convert corpus/ -o records.parquet",
            ),
            (
                "The lossless document model, one JSON line per article:",
                "dateline convert corpus/ -t model > model.jsonl",
            ),
        ],
        Some("parse") => &[
            (
                "The document model of one file:",
                "dateline parse article.txt",
            ),
            (
                "From standard input, one line of JSON:",
                "dateline parse --compact - < article.txt",
            ),
        ],
        Some("stats") => &[
            ("What a corpus holds:", "dateline stats corpus/"),
            (
                "Articles per host, with jq:",
                "dateline stats --format json corpus/ | jq .hosts",
            ),
            (
                "As a page with charts (no script, no network):",
                "dateline stats --format html corpus/ > stats.html",
            ),
        ],
        Some("links") => &[
            ("The links report as JSON:", "dateline links corpus/"),
            (
                "With outlets of your own, as a graph for Graphviz:",
                "dateline links --outlets outlets.toml --format dot corpus/ | dot -Tsvg > links.svg",
            ),
            (
                "A page to read: counts, the resolved graph, unresolved references:",
                "dateline links --format html corpus/ > links.html",
            ),
        ],
        Some("formats") => &[
            (
                "Every format, built in and from plugins:",
                "dateline formats",
            ),
            ("As JSON:", "dateline formats --json"),
        ],
        Some("plugins") => &[
            (
                "Where plugins are looked for, and what loaded:",
                "dateline plugins",
            ),
            (
                "With a directory of your own:",
                "DATELINE_PLUGIN_PATH=~/dateline-plugins dateline plugins",
            ),
        ],
        Some("completions") => &[(
            "Install the bash completions for the current user:",
            "dateline completions bash > ~/.local/share/bash-completion/completions/dateline",
        )],
        Some("man") => &[("Read the page of check:", "dateline man check | man -l -")],
        Some(_) => &[],
    }
}

/// The EXAMPLES, EXIT STATUS, ENVIRONMENT and FILES sections of the page of
/// `command` (empty: the main page), as roff.
pub fn sections(command: &[String]) -> String {
    let mut roff = Roff::new();
    let examples = examples(command);
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for (what, line) in examples {
            roff.control("TP", []);
            roff.text([roman(*what)]);
            roff.text([bold(*line)]);
        }
    }

    roff.control("SH", ["EXIT STATUS"]);
    let codes = [
        (EXIT_OK, "Every input is valid (warnings allowed)."),
        (
            EXIT_INPUT_ERRORS,
            "Some input had an error (or, for check, a warning named by --deny); the \
             others were processed.",
        ),
        (
            EXIT_USAGE,
            "The command line was wrong, or a file it names cannot be used (a --plugin \
             that does not load, a missing or invalid --outlets file, a missing \
             --files-from list).",
        ),
        (
            EXIT_FAILURE,
            "The run failed: its output could not be written, or a format (a plugin's, \
             say) failed. Nothing is left under the output's name.",
        ),
        (
            130,
            "Interrupted (SIGINT, Ctrl-C): the run's temporary files were removed.",
        ),
        (143, "Terminated (SIGTERM): the same."),
    ];
    for (code, meaning) in codes {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "A closed standard output (dateline ... | head) ends the run quietly with 0. \
         SIGKILL cannot be caught: it can leave hidden .dateline-XXXXXX.tmp files beside \
         the output and a page directory's .dateline.lock (find OUTPUT -name \
         '.dateline-*.tmp').",
    )]);

    roff.control("SH", ["ENVIRONMENT"]);
    let variables = [
        (
            "NO_COLOR",
            "When set (to anything), no colour in diagnostics.",
        ),
        (
            "DATELINE_PROGRESS",
            "always or never: force the progress display on or off (it is drawn when \
             standard error is a terminal).",
        ),
        (
            PLUGIN_PATH_VAR,
            "Directories searched for format plugins, separated by colons, before the \
             default ones.",
        ),
    ];
    for (name, meaning) in variables {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(meaning)]);
    }

    roff.control("SH", ["FILES"]);
    let files = [
        (
            "plugins/",
            "beside the dateline executable: format plugins (shared libraries).",
        ),
        (
            "PREFIX/lib/dateline/plugins/",
            "of the installation prefix (bin/dateline's parent): the plugins of a release archive.",
        ),
        (
            "~/.local/share/dateline/plugins/",
            "the user's plugins (the data directory of the platform).",
        ),
    ];
    for (path, meaning) in files {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(meaning)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "The current directory is never searched for plugins. dateline plugins lists \
         the directories and what loaded from each.",
    )]);
    roff.to_roff()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_examples_and_the_common_sections() {
        for page in [
            "", "check", "convert", "parse", "stats", "links", "formats", "plugins",
        ] {
            let command: Vec<String> = (!page.is_empty())
                .then(|| page.to_owned())
                .into_iter()
                .collect();
            let text = sections(&command);
            for section in [
                ".SH EXAMPLES",
                ".SH \"EXIT STATUS\"",
                ".SH ENVIRONMENT",
                ".SH FILES",
            ] {
                assert!(text.contains(section), "{page}: {section}\n{text}");
            }
            // Every example runs a real subcommand of this page.
            for (_, line) in examples(&command) {
                if !page.is_empty() {
                    assert!(
                        line.contains(&format!("dateline {page}")) || line.contains("dateline --"),
                        "{page}: {line}"
                    );
                }
            }
        }
    }
}
