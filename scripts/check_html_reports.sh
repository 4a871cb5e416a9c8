#!/usr/bin/env bash
# Renders the html reports of `dateline links` and `dateline stats` in a real
# browser (Debian's headless Chromium) and checks what the browser made of them.
#
#   scripts/check_html_reports.sh OUT_DIR [CORPUS_DIR]
#
# For each page: `--format json` and `--format html` of the same run; Chromium
# loads the page (no network: the page must need none) and dumps its DOM, and
# a checker reads that DOM: the counts (`data-key`) equal the JSON's, the SVG
# pictures are there as SVG elements with a bar per outcome, month, host and
# code, a node per linked article and an edge per linked pair (up to the
# graph's cap), and no <script> came out of a headline. Screenshots go to
# OUT_DIR (links-*.png, stats-*.png) for a person to look at.
#
# Corpora: the links fixture corpus, and CORPUS_DIR or a generated one of
# about 2,000 articles (`cargo xtask gen-corpus`). The binary is
# $DATELINE, or target/debug/dateline (built here if missing).
# Needs: chromium (`apt-get install chromium`), python3.
set -euo pipefail

out=${1:?usage: scripts/check_html_reports.sh OUT_DIR [CORPUS_DIR]}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
    echo "no chromium: apt-get install -y chromium" >&2
    exit 2
fi
dateline=${DATELINE:-$root/target/debug/dateline}
if [[ ! -x $dateline ]]; then
    (cd "$root" && CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build -q -p dateline-cli)
fi

generated=${2:-}
if [[ -z $generated ]]; then
    generated=$work/generated
    (cd "$root" && cargo xtask gen-corpus --mb 4.5 --out "$generated" >/dev/null)
fi

browse() { # PAGE PNG HEIGHT DOM
    # A fresh profile each time; no first-run, no network needed.
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$work/profile" --no-first-run --window-size=1280,"$3" \
        --screenshot="$2" "file://$1" >/dev/null 2>&1
    "$chromium" --headless --no-sandbox --disable-gpu \
        --user-data-dir="$work/profile" --no-first-run \
        --dump-dom "file://$1" >"$4" 2>/dev/null
}

status=0
check() { # COMMAND NAME HEIGHT INPUTS...
    local command=$1 name=$2 height=$3
    shift 3
    "$dateline" "$command" -q --format json "$@" >"$work/$name.json" || [[ $? == 1 ]]
    "$dateline" "$command" -q --format html "$@" >"$out/$name.html" || [[ $? == 1 ]]
    browse "$out/$name.html" "$out/$name.png" "$height" "$work/$name.dom.html"
    if python3 "$root/scripts/check_html_dom.py" "$command" "$work/$name.json" "$work/$name.dom.html"; then
        echo "ok   $name: $(wc -c <"$out/$name.png") bytes of screenshot in $out/$name.png"
    else
        echo "FAIL $name" >&2
        status=1
    fi
}

check links links-fixtures 2400 "$root/crates/links/tests/fixtures/corpus"
check links links-generated 4000 "$generated"
check stats stats-fixtures 2000 "$root/tests/fixtures/valid" "$root/tests/fixtures/invalid" "$root/tests/fixtures/prose"
check stats stats-generated 2000 "$generated"
exit $status
