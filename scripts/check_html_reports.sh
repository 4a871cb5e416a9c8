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
# Corpora: the fixture corpora; 2,000 articles with about 200 links in
# small groups (written here: the shape of a real corpus); CORPUS_DIR or a
# corpus of about 2,000 articles from `cargo xtask gen-corpus` (densely
# linked: one group past the graph's cap). The binary is
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
    (cd "$root" && cargo xtask gen-corpus --mb 7 --out "$generated" >/dev/null)
fi

# A corpus shaped like the one of issue 16: 2,000 articles and about 200
# promos naming another article, in small groups (a real corpus's links are
# sparse; the generated one links every article to several).
sparse=$work/sparse
mkdir -p "$sparse"
python3 - "$sparse" <<'PY'
import random, sys
out = sys.argv[1]
rng = random.Random(16)
words = [a + b for a in ("ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "vu", "ze")
         for b in ("bar", "dun", "fel", "gor", "hin", "jat", "kem", "lis", "mor", "nax")]
titles = []
for i in range(2000):
    title = " ".join(rng.choice(words).capitalize() for _ in range(6))
    titles.append(f"{title} {i}")
promos = {i: [] for i in range(2000)}
i = 0
while sum(len(p) for p in promos.values()) < 200:
    size = rng.choice((2, 2, 2, 3, 3, 4, 6))
    group = list(range(i, i + size))
    i += size + rng.randrange(0, 12)
    for a in group[1:]:
        promos[a].append(rng.choice(group[: group.index(a)]))
for n, title in enumerate(titles):
    month = 1 + n * 12 // 2000
    with open(f"{out}/{n:04d}.txt", "w", encoding="utf-8") as f:
        f.write(f"{title}\n2023{month:02d}{1 + n % 28:02d}\n")
        f.write(f"https://www.example{n % 7}.com/news/{n:04d}\n")
        f.write("PerReuters,the council met on Tuesday and talks went on.\n")
        for p in promos[n]:
            f.write(f"Read Also:{titles[p]}\n")
PY

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
    # Exit code 1: some inputs had errors (the fixtures of invalid articles).
    "$dateline" "$command" -q --format json "$@" >"$work/$name.json" 2>/dev/null || [[ $? == 1 ]]
    "$dateline" "$command" -q --format html "$@" >"$out/$name.html" 2>/dev/null || [[ $? == 1 ]]
    browse "$out/$name.html" "$out/$name.png" "$height" "$work/$name.dom.html"
    if python3 "$root/scripts/check_html_dom.py" "$command" "$work/$name.json" "$work/$name.dom.html"; then
        echo "ok   $name: $(wc -c <"$out/$name.png") bytes of screenshot in $out/$name.png"
    else
        echo "FAIL $name" >&2
        status=1
    fi
}

check links links-fixtures 2400 "$root/crates/links/tests/fixtures/corpus"
check links links-sparse 4000 "$sparse"
check links links-generated 4000 "$generated"
check stats stats-fixtures 2000 "$root/tests/fixtures/valid" "$root/tests/fixtures/invalid" "$root/tests/fixtures/prose"
check stats stats-generated 2000 "$generated"
exit $status
