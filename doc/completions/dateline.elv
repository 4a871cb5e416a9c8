
use builtin;
use str;

set edit:completion:arg-completer[dateline] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'dateline'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'dateline'= {
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand parse 'Parse one article and print its document model as JSON'
            cand check 'Check files and directories; print errors and warnings'
            cand convert 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)'
            cand formats 'List the formats `convert` writes, built in and from plugins'
            cand plugins 'List the format plugins found, where, and whether they loaded'
            cand links 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches'
            cand stats 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics'
            cand completions 'Print the completion script of a shell: `dateline completions bash`'
            cand man 'Print a man page (roff): `dateline man check | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dateline;parse'= {
            cand --color 'Color diagnostics'
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --compact 'Print compact JSON on one line instead of indented JSON'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dateline;check'= {
            cand --files-from 'Also read the paths listed in LIST, one per line (`-`: standard input)'
            cand --ext 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension'
            cand -j 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --jobs 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --max-article-size 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on'
            cand --format 'Output format'
            cand --color 'Color human output'
            cand --allow 'Do not report these warnings: codes or names, comma-separated or repeated (`--allow W007,blank-line`)'
            cand --deny 'Report these warnings as errors: a file with one counts as having an error (exit 1). `warnings` denies them all (`--deny warnings`)'
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --fail-fast 'Stop at the first input with an error (in input order), exit code 1'
            cand -q 'No progress bar and no closing summary on standard error'
            cand --quiet 'No progress bar and no closing summary on standard error'
            cand --errors-only 'Print errors only, no warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dateline;convert'= {
            cand --files-from 'Also read the paths listed in LIST, one per line (`-`: standard input)'
            cand --ext 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension'
            cand -j 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --jobs 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --max-article-size 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on'
            cand -t 'The output format; `dateline formats` lists them (`md`, `tei` and `ndjson` are aliases). Without it, the extension of -o''s file names it (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...)'
            cand --to 'The output format; `dateline formats` lists them (`md`, `tei` and `ndjson` are aliases). Without it, the extension of -o''s file names it (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...)'
            cand -o 'Where to write: a file, or standard output when absent or `-`. Page formats (html, xml, markdown, text, native) write a directory with a file per article, named from its id, when this is a directory, ends with `/` or has no extension; otherwise one document (`corpus.xml`: a teiCorpus). native writes one article per file only'
            cand --output 'Where to write: a file, or standard output when absent or `-`. Page formats (html, xml, markdown, text, native) write a directory with a file per article, named from its id, when this is a directory, ends with `/` or has no extension; otherwise one document (`corpus.xml`: a teiCorpus). native writes one article per file only'
            cand --lang 'The articles'' language, a BCP 47 tag (`fr`, `pt-BR`): html pages declare it'
            cand --outlets 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one for resolving outlets; a record with a built-in id replaces that outlet'
            cand --min-score 'With --resolve: the minimum score of a fuzzy headline match, from 0 to 1'
            cand --color 'Color diagnostics'
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --fail-fast 'Stop at the first input with an error (in input order), exit code 1'
            cand -q 'No progress bar and no closing summary on standard error'
            cand --quiet 'No progress bar and no closing summary on standard error'
            cand --raw 'Write paragraphs as the source had them, without repairs (the default for native)'
            cand --clean 'Write paragraphs repaired (`PerBBC,the` -> `Per BBC, the`): the default for every format but native'
            cand --drop-promos 'Leave out promo lines (`Read Also:...`)'
            cand --compact 'json: one line instead of indented'
            cand --csv-safe 'csv: prefix cells that start with = + - @ (tab, CR) with '' against formula injection'
            cand --no-links 'Write the bare document model: no URL facts and no resolved outlets (by default json, jsonl, csv, markdown, html and xml records carry them)'
            cand --resolve 'Resolve every promo to the article it names, among the inputs (a first pass reads them all): records get `to`, `method` and `score`, html pages link to the promo''s page'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dateline;formats'= {
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --json 'Print a JSON array of {name, kind, extension, media_type, description, source, and for plugin formats plugin, version, path, qualified}'
            cand --names 'Print the names `convert --to` takes, one a line, and nothing else: what the shell completion scripts call, so that plugin formats are completed as they are installed'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'dateline;plugins'= {
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --json 'Print JSON: {"search_path": [...], "plugins": [{path, found, status, ...}]}'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'dateline;links'= {
            cand --files-from 'Also read the paths listed in LIST, one per line (`-`: standard input)'
            cand --ext 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension'
            cand -j 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --jobs 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --max-article-size 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on'
            cand --format 'Output format: json (the whole report), csv (one row per reference), dot (Graphviz), html (a page for people: counts, charts, the resolved graph, tables)'
            cand --min-score 'Minimum score of a fuzzy headline match, from 0 to 1; a higher one also allows a typo match fewer letter edits. An unresolved reference shows its closest article and score (`best_candidate`, `best_score`)'
            cand --max-candidates 'How many articles the fuzzy match reads at most per reference (those sharing the headline''s rarest words): the bound on its work. A reference that hits it is flagged `capped`; raise it when many are'
            cand --outlets 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one; a record with a built-in id replaces that outlet'
            cand --color 'Color diagnostics'
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --fail-fast 'Stop at the first input with an error (in input order), exit code 1'
            cand -q 'No progress bar and no closing summary on standard error'
            cand --quiet 'No progress bar and no closing summary on standard error'
            cand --no-typos 'Leave out the typo stage (letters compared by edit distance, which also confirms fuzzy matches): the exact, slug and fuzzy stages alone. Faster on a corpus where many promos name absent articles; damaged promos (`Bidne set to visit Israel`) are then missed'
            cand --csv-safe 'csv: put a `''` before cells a spreadsheet would run as formulas (starting with = + - @); changes the data, for spreadsheets only'
            cand --compact 'json: one line instead of indented'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dateline;stats'= {
            cand --files-from 'Also read the paths listed in LIST, one per line (`-`: standard input)'
            cand --ext 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension'
            cand -j 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --jobs 'Worker threads [default: all cores]. The output is the same whatever N'
            cand --max-article-size 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on'
            cand --format 'Output format'
            cand --color 'Color diagnostics'
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand --fail-fast 'Stop at the first input with an error (in input order), exit code 1'
            cand -q 'No progress bar and no closing summary on standard error'
            cand --quiet 'No progress bar and no closing summary on standard error'
            cand --compact 'json: one line instead of indented'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'dateline;completions'= {
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'dateline;man'= {
            cand --plugin 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable'
            cand --plugin-dir 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'dateline;help'= {
            cand parse 'Parse one article and print its document model as JSON'
            cand check 'Check files and directories; print errors and warnings'
            cand convert 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)'
            cand formats 'List the formats `convert` writes, built in and from plugins'
            cand plugins 'List the format plugins found, where, and whether they loaded'
            cand links 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches'
            cand stats 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics'
            cand completions 'Print the completion script of a shell: `dateline completions bash`'
            cand man 'Print a man page (roff): `dateline man check | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'dateline;help;parse'= {
        }
        &'dateline;help;check'= {
        }
        &'dateline;help;convert'= {
        }
        &'dateline;help;formats'= {
        }
        &'dateline;help;plugins'= {
        }
        &'dateline;help;links'= {
        }
        &'dateline;help;stats'= {
        }
        &'dateline;help;completions'= {
        }
        &'dateline;help;man'= {
        }
        &'dateline;help;help'= {
        }
    ]
    $completions[$command]
}
