#!/usr/bin/env python3
"""Print BuildKit's parse of Dockerfiles as JSON lines, in the shape of `dockfix parse --json`.

    parse_view.py < paths          (one path per line on stdin)

Uses PyPI `dockerfile` (BuildKit's parser), as `../shared/tools/oracle/` installs it. Each
output line: {"path": ..., "instructions": [...]} or {"path": ..., "error": "..."}.
"""
import json
import re
import sys

import dockerfile

DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.*?)\s*$")


def escape_of(text):
    for line in text.lstrip("\ufeff").splitlines():
        m = DIRECTIVE.match(line.strip())
        if not m:
            break
        if m.group(1).lower() == "escape":
            return m.group(2)[:1] or "\\"
    return "\\"


def view(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError as e:
        return {"path": path, "error": str(e).splitlines()[0] if str(e) else "parse error"}
    out = []
    for c in commands:
        flags = list(c.flags)
        if c.cmd.upper() == "ONBUILD" and c.sub_cmd:
            # The binding drops the wrapped instruction's flags: parse it alone.
            inner = dockerfile.parse_string(f"# escape={escape_of(text)}\n" + c.original.split(None, 1)[1])
            flags = list(inner[0].flags)
        out.append({
            "cmd": c.cmd.lower(),
            "sub_cmd": c.sub_cmd.lower() if c.sub_cmd else None,
            "json": c.json,
            "original": c.original,
            "start_line": c.start_line,
            "end_line": c.end_line,
            "flags": flags,
            "value": list(c.value),
            "heredocs": [{"name": h.name, "file_descriptor": h.file_descriptor, "content": h.content} for h in c.heredocs],
        })
    return {"path": path, "instructions": out}


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            print(json.dumps(view(path)))


if __name__ == "__main__":
    main()
