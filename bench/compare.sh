#!/usr/bin/env bash
# Whole-process benchmark: dockfix against the floors (reading, copying the corpus) and the
# peer tools, on ../shared/corpus/real and on a generated monorepo of ~20,000 Dockerfiles.
# Prints one Markdown table of medians and ratios. Public tools only: hyperfine, GNU time
# (/usr/bin/time), python3 for the table. Peers are measured when found on PATH or under
# $PEERS (default /opt/peers; ../shared/tools/peers/install.sh installs them), through the
# runner scripts in $PEER_SCRIPTS (default ../shared/tools/peers) for the Node and Python
# ones.
#
#   bench/compare.sh                 # everything found (the slow peers take minutes)
#   PEERS_ONLY="dprint hadolint" bench/compare.sh
#   NO_PEERS=1 RUNS=20 bench/compare.sh
#
# The work folder (trees, copies, peer outputs) is on /dev/shm unless TMPDIR is set.
# Environment: CORPUS (../shared/corpus/real), COPIES (14: copies in the monorepo), RUNS
# (10: runs of each dockfix and floor command), PAIRS (30: paired runs for the ratio to the
# read floor), PEER_RUNS (1), PEERS, PEER_SCRIPTS,
# PEERS_ONLY (space-separated names), NO_PEERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=$(cd "${CORPUS:-../shared/corpus/real}" && pwd)
PEERS=${PEERS:-/opt/peers}
PEER_SCRIPTS=${PEER_SCRIPTS:-../shared/tools/peers}
[ -d "$PEER_SCRIPTS" ] && PEER_SCRIPTS=$(cd "$PEER_SCRIPTS" && pwd)
COPIES=${COPIES:-14}
RUNS=${RUNS:-10}
PAIRS=${PAIRS:-30}
PEER_RUNS=${PEER_RUNS:-1}
for tool in hyperfine /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench/compare.sh: $tool is required" >&2; exit 2; }
done

cargo build --release --quiet
DOCKFIX=$PWD/target/release/dockfix
# Work on tmpfs when there is one (as ../shared/tools/peers/RESULTS.md did), so that the
# disk's write-back of the generated trees does not land in the measurements.
if [ -z "${TMPDIR:-}" ] && [ -w /dev/shm ]; then work=$(mktemp -d -p /dev/shm); else work=$(mktemp -d); fi
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv

# Dockerfile names, as `dockfix fmt` recognises them (for the file counts).
count_dockerfiles() {
  find "$@" -type f \( -iname Dockerfile -o -iname Containerfile -o -iname 'Dockerfile.*' -o -name 'Dockerfile[-_]?*' -o -name 'Containerfile[-_]?*' \
    -o -iname 'Containerfile.*' -o -iname '*.dockerfile' -o -iname '*.containerfile' \) -print | wc -l
}

# measure GROUP NAME FILES RUNS PREPARE COMMAND: hyperfine's median wall time and mean
# user/system, then (not for peers) one run under /usr/bin/time for the peak memory.
measure() {
  local group=$1 name=$2 files=$3 runs=$4 prepare=$5 command=$6 json=$work/run.json
  local warmup=1
  [ "$runs" -le 1 ] && warmup=0
  echo "measuring: $name" >&2
  hyperfine --style none --ignore-failure --warmup "$warmup" --runs "$runs" \
    ${prepare:+--prepare "$prepare"} --export-json "$json" "$command" >/dev/null 2>&1 ||
    { echo "  failed: $command" >&2; return 0; }
  local peak=0
  if [ "$group" != peer ]; then # the peers' memory is not the question; spare their minutes
    [ -n "$prepare" ] && sh -c "$prepare"
    peak=$(/usr/bin/time -f '%M' -o "$work/time.txt" sh -c "$command" >/dev/null 2>&1; tail -n 1 "$work/time.txt")
  fi
  python3 - "$json" "$group" "$name" "$files" "$peak" >>"$results" <<'PY'
import json, statistics, sys
run = json.load(open(sys.argv[1]))["results"][0]
print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], "%.4f" % statistics.median(run["times"]),
                 "%.4f" % run["mean"], "%.4f" % (run["user"] + run["system"]), sys.argv[5]]))
PY
}

# A command is measured only when it exists: `dockfix check` and `dockfix fix` join the
# table once they are implemented.
has_command() { "$DOCKFIX" "$1" --help >/dev/null 2>&1; }

# --- the monorepo: the corpus copied $COPIES times into nested folders, a git-ignored
# copy that the walk must skip, and nested (empty) dockfix.toml files.
mono=$work/monorepo
mkdir -p "$mono"
git -C "$mono" init -q
for i in $(seq 1 "$COPIES"); do
  service=$mono/teams/team$((i % 4))/service-$i
  mkdir -p "$service/deploy"
  cp -r "$CORPUS/." "$service/deploy/"
  : >"$service/dockfix.toml"
done
: >"$mono/dockfix.toml"
mkdir -p "$mono/vendor/upstream"
cp -r "$CORPUS/." "$mono/vendor/upstream/"
echo "vendor/" >"$mono/.gitignore"
real_files=$(count_dockerfiles "$CORPUS")
mono_files=$(count_dockerfiles "$mono" -path "$mono/vendor" -prune -o)
sync
single=$work/Dockerfile
cp "$CORPUS/docker-library__php/8.3/bookworm/cli/Dockerfile" "$single" 2>/dev/null ||
  find "$CORPUS" -type f -name Dockerfile | head -n 1 | xargs -I{} cp {} "$single"

# --- real/: floors, dockfix, peers.
measure floor "read every file (tar, wc -c)" "$real_files" "$RUNS" "" "tar -cf - -C '$CORPUS' . | wc -c"
measure floor "copy the tree (cp -r)" "$real_files" "$RUNS" "rm -rf '$work/copy'" "cp -r '$CORPUS' '$work/copy'"
measure check "dockfix fmt --check" "$real_files" "$RUNS" "" "'$DOCKFIX' fmt --check -q '$CORPUS'"
has_command check && measure check "dockfix check" "$real_files" "$RUNS" "" "'$DOCKFIX' check -q --output-format concise '$CORPUS'"
has_command check && measure check "dockfix check --select ALL" "$real_files" "$RUNS" "" "'$DOCKFIX' check -q --select ALL --output-format concise '$CORPUS'"
# The corpus files are read-only, and dockfix leaves read-only files alone: the copies are made writable.
measure write "dockfix fmt (in place, fresh copy)" "$real_files" "$RUNS" \
  "rm -rf '$work/copy' && cp -r '$CORPUS' '$work/copy' && chmod -R u+w '$work/copy'" "'$DOCKFIX' fmt -q '$work/copy'"
has_command fix && measure write "dockfix fix (in place, fresh copy)" "$real_files" "$RUNS" \
  "rm -rf '$work/copy' && cp -r '$CORPUS' '$work/copy' && chmod -R u+w '$work/copy'" "'$DOCKFIX' fix -q '$work/copy'"

# --- the monorepo.
# Naming the folders to read, not `--exclude=./vendor`: tar's pattern matching on every
# path would nearly double the floor.
measure floor "monorepo: read every file (tar, wc -c)" "$mono_files" "$RUNS" "" \
  "tar -cf - -C '$mono' teams dockfix.toml | wc -c"
measure check "monorepo: dockfix fmt --check" "$mono_files" "$RUNS" "" "'$DOCKFIX' fmt --check -q '$mono'"
has_command check && measure check "monorepo: dockfix check" "$mono_files" "$RUNS" "" "'$DOCKFIX' check -q --output-format concise '$mono'"
has_command check && measure check "monorepo: dockfix check --select ALL" "$mono_files" "$RUNS" "" "'$DOCKFIX' check -q --select ALL --output-format concise '$mono'"

# --- one file through standard input.
# Both inside `sh -c`: hyperfine's shell correction is coarse below a millisecond.
measure floor "one file: cat" 1 "$((RUNS * 5))" "" "sh -c \"cat '$single'\""
measure single "one file: dockfix fmt -" 1 "$((RUNS * 5))" "" "sh -c \"'$DOCKFIX' fmt - < '$single'\""

# --- the ratio to the floor, paired: `dockfix check --select ALL` and the read floor in
# turn, the ratio taken pair by pair (bench/paired.py), so that the machine's drift during
# the separate measurements above does not move it.
paired=$work/paired.tsv
if has_command check; then
  echo "measuring: paired ratios ($PAIRS pairs each)" >&2
  printf 'corpus\t%s\n' "$(bench/paired.py "$PAIRS" "'$DOCKFIX' check -q --select ALL --output-format concise '$CORPUS'" \
    "tar -cf - -C '$CORPUS' . | wc -c")" >>"$paired"
  printf 'monorepo\t%s\n' "$(bench/paired.py "$PAIRS" "'$DOCKFIX' check -q --select ALL --output-format concise '$mono'" \
    "tar -cf - -C '$mono' teams dockfix.toml | wc -c")" >>"$paired"
fi

# --- peers, on real/ (as in ../shared/tools/peers/RESULTS.md).
wanted() { [ -z "${NO_PEERS:-}" ] && { [ -z "${PEERS_ONLY:-}" ] || [[ " $PEERS_ONLY " == *" $1 "* ]]; }; }
binary() { command -v "$1" 2>/dev/null || { [ -x "$PEERS/bin/$1" ] && echo "$PEERS/bin/$1"; } || true; }
runner() { [ -x "$PEER_SCRIPTS/run-$1.sh" ] && [ -d "$PEERS/node" -o -d "$PEERS/venv" ]; }
all_files="find '$CORPUS' -type f -print0"
peer() { # NAME COMMAND
  wanted "$1" && measure peer "$1" "$real_files" "$PEER_RUNS" "rm -rf '$work/out'" "$2"
  return 0
}
runner dprint && peer dprint "'$PEER_SCRIPTS/run-dprint.sh' '$work/out' '$CORPUS' 2>/dev/null"
runner dockerfile-utils && peer dockerfile-utils "'$PEER_SCRIPTS/run-dockerfile-utils.sh' '$work/out' '$CORPUS' 2>/dev/null"
dockerfmt=$(binary dockerfmt)
[ -n "$dockerfmt" ] && peer dockerfmt "$all_files | xargs -0 -n 1 '$dockerfmt' -n >/dev/null 2>&1"
runner prettier && peer prettier "'$PEER_SCRIPTS/run-prettier.sh' '$work/out' '$CORPUS' 2>/dev/null"
hadolint=$(binary hadolint)
[ -n "$hadolint" ] && peer hadolint "$all_files | xargs -0 '$hadolint' --no-fail --no-color -f json >/dev/null 2>&1"
tally=$(binary tally)
[ -n "$tally" ] && peer tally-lint "$all_files | xargs -0 '$tally' lint --no-config --no-color --fail-level none --slow-checks off -f json >/dev/null 2>&1"
runner tally && peer tally-fix "'$PEER_SCRIPTS/run-tally.sh' '$work/out' '$CORPUS' 2>/dev/null"
runner checkov && [ -x "$PEERS/venv-checkov/bin/checkov" ] &&
  peer checkov "'$PEER_SCRIPTS/run-checkov.sh' '$work/out' '$CORPUS' 2>/dev/null"

# --- the table.
echo
echo "$(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
echo
python3 - "$results" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
by_name = {row[1]: row for row in rows}
def median(name):
    return float(by_name[name][3]) if name in by_name else None
floors = {
    "read": median("read every file (tar, wc -c)"),
    "copy": median("copy the tree (cp -r)"),
    "mono": median("monorepo: read every file (tar, wc -c)"),
    "cat": median("one file: cat"),
}
check = median("dockfix fmt --check")
def ratio(a, b):
    return "%.1f" % (a / b) if a is not None and b else ""
print("| what | files | median s | ms / 1,000 files | × read floor | × copy floor | (user+sys) / wall | peak MiB | × dockfix fmt --check |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for group, name, files, med, mean, cpu, peak in rows:
    med, mean, cpu, files = float(med), float(mean), float(cpu), int(files)
    read = floors["mono"] if name.startswith("monorepo") else floors["cat"] if name.startswith("one file") else floors["read"]
    copy = floors["copy"] if group == "write" else None
    print("| %s | %d | %.4f | %s | %s | %s | %.2f | %s | %s |" % (
        name, files, med, "%.1f" % (1e6 * med / files) if files > 1 else "",
        ratio(med, read) if group != "write" else "", ratio(med, copy),
        cpu / mean if mean else 0, "%.1f" % (int(peak) / 1024) if int(peak) else "",
        ratio(med, check) if group in ("peer", "check") and not name.startswith("monorepo") else ""))
PY

if [ -s "$paired" ]; then
  echo
  echo "Paired, \`dockfix check --select ALL\` against the read floor, in turn ($PAIRS pairs; ratio pair by pair):"
  echo
  echo "| tree | median ratio | quartiles | dockfix median s | floor median s |"
  echo "|---|---:|---:|---:|---:|"
  while IFS=$'\t' read -r tree runs ratio low high command floor; do
    echo "| $tree | $ratio | $low–$high | $command | $floor |"
  done <"$paired"
fi
