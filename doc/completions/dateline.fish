# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_dateline_global_optspecs
    string join \n plugin= plugin-dir= h/help V/version
end

function __fish_dateline_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_dateline_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_dateline_using_subcommand
    set -l cmd (__fish_dateline_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c dateline -n "__fish_dateline_needs_command" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_needs_command" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_needs_command" -s V -l version -d 'Print version'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "parse" -d 'Parse one article and print its document model as JSON'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "check" -d 'Check files and directories; print errors and warnings'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "convert" -d 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "formats" -d 'List the formats `convert` writes, built in and from plugins'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "plugins" -d 'List the format plugins found, where, and whether they loaded'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "links" -d 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "stats" -d 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "completions" -d 'Print the completion script of a shell: `dateline completions bash`'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "man" -d 'Print a man page (roff): `dateline man check | man -l -`'
complete -c dateline -n "__fish_dateline_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c dateline -n "__fish_dateline_using_subcommand parse" -l color -d 'Color diagnostics' -r -f -a "auto\t'When printing to a terminal and `NO_COLOR` is not set'
always\t'Always'
never\t'Never'"
complete -c dateline -n "__fish_dateline_using_subcommand parse" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand parse" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand parse" -l compact -d 'Print compact JSON on one line instead of indented JSON'
complete -c dateline -n "__fish_dateline_using_subcommand parse" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_using_subcommand check" -l files-from -d 'Also read the paths listed in LIST, one per line (`-`: standard input)' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand check" -l ext -d 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension' -r
complete -c dateline -n "__fish_dateline_using_subcommand check" -s j -l jobs -d 'Worker threads [default: all cores]. The output is the same whatever N' -r
complete -c dateline -n "__fish_dateline_using_subcommand check" -l max-article-size -d 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on' -r
complete -c dateline -n "__fish_dateline_using_subcommand check" -l format -d 'Output format' -r -f -a "human\t'rustc-style reports with the source line and a caret'
json\t'One JSON object per line: path, line, column, severity, code, name, message, hint'"
complete -c dateline -n "__fish_dateline_using_subcommand check" -l color -d 'Color human output' -r -f -a "auto\t'When printing to a terminal and `NO_COLOR` is not set'
always\t'Always'
never\t'Never'"
complete -c dateline -n "__fish_dateline_using_subcommand check" -l allow -d 'Do not report these warnings: codes or names, comma-separated or repeated (`--allow W007,blank-line`)' -r
complete -c dateline -n "__fish_dateline_using_subcommand check" -l deny -d 'Report these warnings as errors: a file with one counts as having an error (exit 1). `warnings` denies them all (`--deny warnings`)' -r
complete -c dateline -n "__fish_dateline_using_subcommand check" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand check" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand check" -l fail-fast -d 'Stop at the first input with an error (in input order), exit code 1'
complete -c dateline -n "__fish_dateline_using_subcommand check" -s q -l quiet -d 'No progress bar and no closing summary on standard error'
complete -c dateline -n "__fish_dateline_using_subcommand check" -l errors-only -d 'Print errors only, no warnings'
complete -c dateline -n "__fish_dateline_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l files-from -d 'Also read the paths listed in LIST, one per line (`-`: standard input)' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l ext -d 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension' -r
complete -c dateline -n "__fish_dateline_using_subcommand convert" -s j -l jobs -d 'Worker threads [default: all cores]. The output is the same whatever N' -r
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l max-article-size -d 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on' -r
complete -c dateline -n "__fish_dateline_using_subcommand convert" -s t -l to -d 'The output format; `dateline formats` lists them (`md`, `tei` and `ndjson` are aliases). Without it, the extension of -o\'s file names it (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...)' -r -f -a "(dateline formats --names 2>/dev/null)"
complete -c dateline -n "__fish_dateline_using_subcommand convert" -s o -l output -d 'Where to write: a file, or standard output when absent or `-`. Page formats (html, xml, markdown, text, native) write a directory with a file per article, named from its id, when this is a directory, ends with `/` or has no extension; otherwise one document (`corpus.xml`: a teiCorpus). native writes one article per file only' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l lang -d 'The articles\' language, a BCP 47 tag (`fr`, `pt-BR`): html pages declare it' -r
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l outlets -d 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one for resolving outlets; a record with a built-in id replaces that outlet' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l min-score -d 'With --resolve: the minimum score of a fuzzy headline match, from 0 to 1' -r
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l color -d 'Color diagnostics' -r -f -a "auto\t'When printing to a terminal and `NO_COLOR` is not set'
always\t'Always'
never\t'Never'"
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l fail-fast -d 'Stop at the first input with an error (in input order), exit code 1'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -s q -l quiet -d 'No progress bar and no closing summary on standard error'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l raw -d 'Write paragraphs as the source had them, without repairs (the default for native)'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l clean -d 'Write paragraphs repaired (`PerBBC,the` -> `Per BBC, the`): the default for every format but native'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l drop-promos -d 'Leave out promo lines (`Read Also:...`)'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l compact -d 'json: one line instead of indented'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l csv-safe -d 'csv: prefix cells that start with = + - @ (tab, CR) with \' against formula injection'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l no-links -d 'Write the bare document model: no URL facts and no resolved outlets (by default json, jsonl, csv, markdown, html and xml records carry them)'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -l resolve -d 'Resolve every promo to the article it names, among the inputs (a first pass reads them all): records get `to`, `method` and `score`, html pages link to the promo\'s page'
complete -c dateline -n "__fish_dateline_using_subcommand convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_using_subcommand formats" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand formats" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand formats" -l json -d 'Print a JSON array of {name, kind, extension, media_type, description, source, and for plugin formats plugin, version, path, qualified}'
complete -c dateline -n "__fish_dateline_using_subcommand formats" -l names -d 'Print the names `convert --to` takes, one a line, and nothing else: what the shell completion scripts call, so that plugin formats are completed as they are installed'
complete -c dateline -n "__fish_dateline_using_subcommand formats" -s h -l help -d 'Print help'
complete -c dateline -n "__fish_dateline_using_subcommand plugins" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand plugins" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand plugins" -l json -d 'Print JSON: {"search_path": [...], "plugins": [{path, found, status, ...}]}'
complete -c dateline -n "__fish_dateline_using_subcommand plugins" -s h -l help -d 'Print help'
complete -c dateline -n "__fish_dateline_using_subcommand links" -l files-from -d 'Also read the paths listed in LIST, one per line (`-`: standard input)' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand links" -l ext -d 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension' -r
complete -c dateline -n "__fish_dateline_using_subcommand links" -s j -l jobs -d 'Worker threads [default: all cores]. The output is the same whatever N' -r
complete -c dateline -n "__fish_dateline_using_subcommand links" -l max-article-size -d 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on' -r
complete -c dateline -n "__fish_dateline_using_subcommand links" -l format -d 'Output format: json (the whole report), csv (one row per reference), dot (Graphviz), html (a page for people: counts, charts, the resolved graph, tables)' -r -f -a "json\t'The whole report: references, attributions, publishers, duplicates, date mismatches'
csv\t'An edge list: one row per reference (`to` empty when unresolved)'
dot\t'A Graphviz digraph of articles and references'
html\t'One self-contained HTML page: counts, charts and the picture of the resolved graph in inline SVG, unresolved and ambiguous references'"
complete -c dateline -n "__fish_dateline_using_subcommand links" -l min-score -d 'Minimum score of a fuzzy headline match, from 0 to 1; a higher one also allows a typo match fewer letter edits. An unresolved reference shows its closest article and score (`best_candidate`, `best_score`)' -r
complete -c dateline -n "__fish_dateline_using_subcommand links" -l max-candidates -d 'How many articles the fuzzy match reads at most per reference (those sharing the headline\'s rarest words): the bound on its work. A reference that hits it is flagged `capped`; raise it when many are' -r
complete -c dateline -n "__fish_dateline_using_subcommand links" -l outlets -d 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one; a record with a built-in id replaces that outlet' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand links" -l color -d 'Color diagnostics' -r -f -a "auto\t'When printing to a terminal and `NO_COLOR` is not set'
always\t'Always'
never\t'Never'"
complete -c dateline -n "__fish_dateline_using_subcommand links" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand links" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand links" -l fail-fast -d 'Stop at the first input with an error (in input order), exit code 1'
complete -c dateline -n "__fish_dateline_using_subcommand links" -s q -l quiet -d 'No progress bar and no closing summary on standard error'
complete -c dateline -n "__fish_dateline_using_subcommand links" -l no-typos -d 'Leave out the typo stage (letters compared by edit distance, which also confirms fuzzy matches): the exact, slug and fuzzy stages alone. Faster on a corpus where many promos name absent articles; damaged promos (`Bidne set to visit Israel`) are then missed'
complete -c dateline -n "__fish_dateline_using_subcommand links" -l csv-safe -d 'csv: put a `\'` before cells a spreadsheet would run as formulas (starting with = + - @); changes the data, for spreadsheets only'
complete -c dateline -n "__fish_dateline_using_subcommand links" -l compact -d 'json: one line instead of indented'
complete -c dateline -n "__fish_dateline_using_subcommand links" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l files-from -d 'Also read the paths listed in LIST, one per line (`-`: standard input)' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l ext -d 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension' -r
complete -c dateline -n "__fish_dateline_using_subcommand stats" -s j -l jobs -d 'Worker threads [default: all cores]. The output is the same whatever N' -r
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l max-article-size -d 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on' -r
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l format -d 'Output format' -r -f -a "text\t'A report for people'
json\t'One JSON object'
html\t'One self-contained HTML page with charts (inline SVG): articles per month, per outlet and per host, diagnostics by code'"
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l color -d 'Color diagnostics' -r -f -a "auto\t'When printing to a terminal and `NO_COLOR` is not set'
always\t'Always'
never\t'Never'"
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l fail-fast -d 'Stop at the first input with an error (in input order), exit code 1'
complete -c dateline -n "__fish_dateline_using_subcommand stats" -s q -l quiet -d 'No progress bar and no closing summary on standard error'
complete -c dateline -n "__fish_dateline_using_subcommand stats" -l compact -d 'json: one line instead of indented'
complete -c dateline -n "__fish_dateline_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c dateline -n "__fish_dateline_using_subcommand completions" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand completions" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand completions" -s h -l help -d 'Print help'
complete -c dateline -n "__fish_dateline_using_subcommand man" -l plugin -d 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand man" -l plugin-dir -d 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user\'s data directory' -r -F
complete -c dateline -n "__fish_dateline_using_subcommand man" -s h -l help -d 'Print help'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "parse" -d 'Parse one article and print its document model as JSON'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "check" -d 'Check files and directories; print errors and warnings'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "convert" -d 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "formats" -d 'List the formats `convert` writes, built in and from plugins'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "plugins" -d 'List the format plugins found, where, and whether they loaded'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "links" -d 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "stats" -d 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "completions" -d 'Print the completion script of a shell: `dateline completions bash`'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "man" -d 'Print a man page (roff): `dateline man check | man -l -`'
complete -c dateline -n "__fish_dateline_using_subcommand help; and not __fish_seen_subcommand_from parse check convert formats plugins links stats completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
