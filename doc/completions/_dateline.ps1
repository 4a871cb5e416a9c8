
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'dateline' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'dateline'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'dateline' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse one article and print its document model as JSON')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check files and directories; print errors and warnings')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)')
            [CompletionResult]::new('formats', 'formats', [CompletionResultType]::ParameterValue, 'List the formats `convert` writes, built in and from plugins')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'List the format plugins found, where, and whether they loaded')
            [CompletionResult]::new('links', 'links', [CompletionResultType]::ParameterValue, 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell: `dateline completions bash`')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): `dateline man check | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dateline;parse' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color diagnostics')
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print compact JSON on one line instead of indented JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dateline;check' {
            [CompletionResult]::new('--files-from', '--files-from', [CompletionResultType]::ParameterName, 'Also read the paths listed in LIST, one per line (`-`: standard input)')
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--max-article-size', '--max-article-size', [CompletionResultType]::ParameterName, 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color human output')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Do not report these warnings: codes or names, comma-separated or repeated (`--allow W007,blank-line`)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Report these warnings as errors: a file with one counts as having an error (exit 1). `warnings` denies them all (`--deny warnings`)')
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first input with an error (in input order), exit code 1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--errors-only', '--errors-only', [CompletionResultType]::ParameterName, 'Print errors only, no warnings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dateline;convert' {
            [CompletionResult]::new('--files-from', '--files-from', [CompletionResultType]::ParameterName, 'Also read the paths listed in LIST, one per line (`-`: standard input)')
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--max-article-size', '--max-article-size', [CompletionResultType]::ParameterName, 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'The output format; `dateline formats` lists them (`md`, `tei` and `ndjson` are aliases). Without it, the extension of -o''s file names it (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The output format; `dateline formats` lists them (`md`, `tei` and `ndjson` are aliases). Without it, the extension of -o''s file names it (`-o corpus.csv`, `.jsonl`, `.parquet`, `.bib`...)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write: a file, or standard output when absent or `-`. Page formats (html, xml, markdown, text, native) write a directory with a file per article, named from its id, when this is a directory, ends with `/` or has no extension; otherwise one document (`corpus.xml`: a teiCorpus). native writes one article per file only')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write: a file, or standard output when absent or `-`. Page formats (html, xml, markdown, text, native) write a directory with a file per article, named from its id, when this is a directory, ends with `/` or has no extension; otherwise one document (`corpus.xml`: a teiCorpus). native writes one article per file only')
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'The articles'' language, a BCP 47 tag (`fr`, `pt-BR`): html pages declare it')
            [CompletionResult]::new('--outlets', '--outlets', [CompletionResultType]::ParameterName, 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one for resolving outlets; a record with a built-in id replaces that outlet')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'With --resolve: the minimum score of a fuzzy headline match, from 0 to 1')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color diagnostics')
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first input with an error (in input order), exit code 1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Write paragraphs as the source had them, without repairs (the default for native)')
            [CompletionResult]::new('--clean', '--clean', [CompletionResultType]::ParameterName, 'Write paragraphs repaired (`PerBBC,the` -> `Per BBC, the`): the default for every format but native')
            [CompletionResult]::new('--drop-promos', '--drop-promos', [CompletionResultType]::ParameterName, 'Leave out promo lines (`Read Also:...`)')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'json: one line instead of indented')
            [CompletionResult]::new('--csv-safe', '--csv-safe', [CompletionResultType]::ParameterName, 'csv: prefix cells that start with = + - @ (tab, CR) with '' against formula injection')
            [CompletionResult]::new('--no-links', '--no-links', [CompletionResultType]::ParameterName, 'Write the bare document model: no URL facts and no resolved outlets (by default json, jsonl, csv, markdown, html and xml records carry them)')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Resolve every promo to the article it names, among the inputs (a first pass reads them all): records get `to`, `method` and `score`, html pages link to the promo''s page')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dateline;formats' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of {name, kind, extension, media_type, description, source, and for plugin formats plugin, version, path, qualified}')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Print the names `convert --to` takes, one a line, and nothing else: what the shell completion scripts call, so that plugin formats are completed as they are installed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'dateline;plugins' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"search_path": [...], "plugins": [{path, found, status, ...}]}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'dateline;links' {
            [CompletionResult]::new('--files-from', '--files-from', [CompletionResultType]::ParameterName, 'Also read the paths listed in LIST, one per line (`-`: standard input)')
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--max-article-size', '--max-article-size', [CompletionResultType]::ParameterName, 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: json (the whole report), csv (one row per reference), dot (Graphviz), html (a page for people: counts, charts, the resolved graph, tables)')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Minimum score of a fuzzy headline match, from 0 to 1; a higher one also allows a typo match fewer letter edits. An unresolved reference shows its closest article and score (`best_candidate`, `best_score`)')
            [CompletionResult]::new('--max-candidates', '--max-candidates', [CompletionResultType]::ParameterName, 'How many articles the fuzzy match reads at most per reference (those sharing the headline''s rarest words): the bound on its work. A reference that hits it is flagged `capped`; raise it when many are')
            [CompletionResult]::new('--outlets', '--outlets', [CompletionResultType]::ParameterName, 'A gazetteer file (TOML, `[[outlet]]` records) extending the built-in one; a record with a built-in id replaces that outlet')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color diagnostics')
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first input with an error (in input order), exit code 1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--no-typos', '--no-typos', [CompletionResultType]::ParameterName, 'Leave out the typo stage (letters compared by edit distance, which also confirms fuzzy matches): the exact, slug and fuzzy stages alone. Faster on a corpus where many promos name absent articles; damaged promos (`Bidne set to visit Israel`) are then missed')
            [CompletionResult]::new('--csv-safe', '--csv-safe', [CompletionResultType]::ParameterName, 'csv: put a `''` before cells a spreadsheet would run as formulas (starting with = + - @); changes the data, for spreadsheets only')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'json: one line instead of indented')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dateline;stats' {
            [CompletionResult]::new('--files-from', '--files-from', [CompletionResultType]::ParameterName, 'Also read the paths listed in LIST, one per line (`-`: standard input)')
            [CompletionResult]::new('--ext', '--ext', [CompletionResultType]::ParameterName, 'The extensions of article files in directories and archives; other files there are skipped and counted. Files named on the command line are read whatever their extension')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads [default: all cores]. The output is the same whatever N')
            [CompletionResult]::new('--max-article-size', '--max-article-size', [CompletionResultType]::ParameterName, 'The largest article read (bytes, or with K, M, G: 512K, 64M, 1G, powers of 1024). A larger file, archive member or standard input is an error for that input (E008) and is never read whole; the run goes on')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Color diagnostics')
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first input with an error (in input order), exit code 1')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar and no closing summary on standard error')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'json: one line instead of indented')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'dateline;completions' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'dateline;man' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Load the format plugin in FILE (a .so, .dylib or .dll built with dateline-plugin). Repeatable')
            [CompletionResult]::new('--plugin-dir', '--plugin-dir', [CompletionResultType]::ParameterName, 'Load every plugin library in DIR. Repeatable. Also searched, in order: the directories in DATELINE_PLUGIN_PATH, `plugins/` beside the dateline executable, `../lib/dateline/plugins/` from it (an installed release), and `dateline/plugins/` in the user''s data directory')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'dateline;help' {
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Parse one article and print its document model as JSON')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check files and directories; print errors and warnings')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert articles to another format (json, jsonl, csv, markdown, html, xml, text, native, or one from a plugin)')
            [CompletionResult]::new('formats', 'formats', [CompletionResultType]::ParameterValue, 'List the formats `convert` writes, built in and from plugins')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'List the format plugins found, where, and whether they loaded')
            [CompletionResult]::new('links', 'links', [CompletionResultType]::ParameterValue, 'Resolve promos to articles and sources to outlets; find duplicates and date mismatches')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Count what a corpus holds: articles, dates by month, hosts, promos, attributions, repairs, diagnostics')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell: `dateline completions bash`')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): `dateline man check | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'dateline;help;parse' {
            break
        }
        'dateline;help;check' {
            break
        }
        'dateline;help;convert' {
            break
        }
        'dateline;help;formats' {
            break
        }
        'dateline;help;plugins' {
            break
        }
        'dateline;help;links' {
            break
        }
        'dateline;help;stats' {
            break
        }
        'dateline;help;completions' {
            break
        }
        'dateline;help;man' {
            break
        }
        'dateline;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
