#!/usr/bin/env python3
"""dockfix's rules against hadolint's and BuildKit's checks (through tally) on a corpus.

For each dockfix rule that names a hadolint code (DL...) or a BuildKit check, the number of
files each tool flags, and how many both flag; then, for the hadolint codes of rules with a
safe fix, hadolint's count before and after `dockfix fix` (safe fixes, default rules) on a
copy of the corpus. Prints Markdown.

    bench/parity.py [--corpus ../shared/corpus/real] [--hadolint BIN] [--tally BIN]

Needs hadolint and tally (`../shared/tools/peers/install.sh`: found on PATH, under
/opt/peers/bin, or as given); a tool that is missing leaves its columns empty. Files are
those the peers' scripts take: names containing `dockerfile` or `containerfile`, any case,
given to every tool by path. Both tools run with every rule on (dockfix `--select ALL`),
as hadolint's defaults are.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 200


def corpus_files(corpus):
    found = []
    for folder, dirs, names in os.walk(corpus):
        dirs.sort()
        for name in sorted(names):
            lower = name.lower()
            if "dockerfile" in lower or "containerfile" in lower:
                found.append(os.path.join(folder, name))
    return found


def batches(items):
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def rules(dockfix):
    """code -> (name, fix, aliases) from `dockfix rule --all`."""
    listing = subprocess.run(
        [dockfix, "rule", "--all"], capture_output=True, text=True, check=True
    ).stdout
    table = {}
    for line in listing.splitlines():
        match = re.match(r"(DF\d+)\s+(\S+)\s+(.*?fix)\s+(on|off)\s+(.*)$", line)
        if not match:
            continue
        code, name, fix, _, summary = match.groups()
        aliases = re.search(r"\(([A-Za-z0-9, ]+)\)\s*$", summary)
        names = [a.strip() for a in aliases.group(1).split(",")] if aliases else []
        table[code] = (name, fix, names)
    return table


def dockfix_flags(dockfix, files, base):
    flagged = defaultdict(set)
    for chunk in batches(files):
        run = subprocess.run(
            [dockfix, "check", "--select", "ALL", "--output-format", "json", *chunk],
            capture_output=True,
            text=True,
        )
        for finding in json.loads(run.stdout or "[]"):
            flagged[finding["code"]].add(os.path.relpath(finding["file"], base))
    return flagged


def hadolint_flags(hadolint, files, base):
    flagged = defaultdict(set)
    decoder = json.JSONDecoder()
    for chunk in batches(files):
        run = subprocess.run(
            [hadolint, "--no-fail", "--no-color", "-f", "json", *chunk],
            capture_output=True,
            text=True,
        )
        text, at = run.stdout, 0
        while text[at:].strip():
            at += len(text[at:]) - len(text[at:].lstrip())
            found, at = decoder.raw_decode(text, at)
            for finding in found:
                flagged[finding["code"]].add(os.path.relpath(finding["file"], base))
    return flagged


def tally_flags(tally, files, base):
    """BuildKit's checks as tally runs them: `buildkit/Name` -> files."""
    flagged = defaultdict(set)
    with tempfile.TemporaryDirectory() as work:
        report = os.path.join(work, "tally.json")

        def lint(paths):
            """Whether tally reported: it stops a whole run at a file it cannot parse."""
            subprocess.run(
                [tally, "lint", "--no-config", "--no-color", "--fail-level", "none",
                 "--slow-checks", "off", "-f", "json", "-o", report, *paths],
                capture_output=True,
            )
            if not os.path.exists(report):
                return False
            for entry in json.load(open(report)).get("files", []):
                for violation in entry.get("violations", []):
                    rule = violation.get("rule", "")
                    if rule.startswith("buildkit/"):
                        flagged[rule.split("/", 1)[1]].add(
                            os.path.relpath(entry["file"], base)
                        )
            os.remove(report)
            return True

        for chunk in batches(files):
            if not lint(chunk):
                for path in chunk:
                    lint([path])
    return flagged


def find_tool(given, name):
    for candidate in [given, shutil.which(name), f"/opt/peers/bin/{name}"]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "../shared/corpus/real"))
    parser.add_argument("--dockfix", default=str(ROOT / "target/release/dockfix"))
    parser.add_argument("--hadolint")
    parser.add_argument("--tally")
    args = parser.parse_args()
    corpus = os.path.realpath(args.corpus)
    hadolint = find_tool(args.hadolint, "hadolint")
    tally = find_tool(args.tally, "tally")
    files = corpus_files(corpus)
    table = rules(args.dockfix)
    ours = dockfix_flags(args.dockfix, files, corpus)
    theirs = hadolint_flags(hadolint, files, corpus) if hadolint else {}
    buildkit = tally_flags(tally, files, corpus) if tally else {}

    print(f"{len(files)} files of {args.corpus}; files flagged (both: flagged by both tools)\n")
    print("| rule | name | dockfix | peer code | peer | both |")
    print("|---|---|---:|---|---:|---:|")
    for code, (name, _, aliases) in table.items():
        if not aliases:
            continue
        def peer(alias):
            """The files the other tool flags under `alias`; None when it is not installed."""
            if alias.startswith("DL"):
                return theirs.get(alias, set()) if hadolint else None
            return buildkit.get(alias, set()) if tally else None

        measured = [peer(alias) for alias in aliases if peer(alias) is not None]
        peer_files = set().union(*measured)
        mine = ours.get(code, set())
        counts = ", ".join(
            f"{alias} {'-' if peer(alias) is None else len(peer(alias))}" for alias in aliases
        )
        both = len(mine & peer_files) if measured else "-"
        total = len(peer_files) if measured else "-"
        print(f"| {code} | {name} | {len(mine)} | {counts} | {total} | {both} |")

    if not hadolint:
        print("\nhadolint not found: no counts after fixing")
        return
    # hadolint after `dockfix fix` (safe fixes, default rules) on a copy.
    with tempfile.TemporaryDirectory() as work:
        copies = []
        for path in files:
            copy = os.path.join(work, os.path.relpath(path, corpus))
            os.makedirs(os.path.dirname(copy), exist_ok=True)
            shutil.copyfile(path, copy)
            copies.append(copy)
        for chunk in batches(copies):
            subprocess.run([args.dockfix, "fix", "-q", *chunk], capture_output=True)
        after = hadolint_flags(hadolint, copies, work)
    print("\nhadolint's count of files for each code a dockfix fix covers, before and after "
          "`dockfix fix` (safe fixes):\n")
    print("| hadolint | rule | fix | before | after |")
    print("|---|---|---|---:|---:|")
    for code, (name, fix, aliases) in table.items():
        if not fix.startswith("safe"):
            continue
        for alias in (a for a in aliases if a.startswith("DL")):
            print(f"| {alias} | {code} {name} | {fix} | {len(theirs.get(alias, set()))} | "
                  f"{len(after.get(alias, set()))} |")


if __name__ == "__main__":
    sys.exit(main())
