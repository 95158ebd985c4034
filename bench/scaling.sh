#!/usr/bin/env bash
# Whole-process scaling of fmt, check and fix on generated Dockerfiles: 1k/10k/100k lines,
# 1k/10k/100k stages (FROM lines, each copying from the one before), 1k/10k/100k stages each
# built FROM the one before, 1k/10k/100k lines of ENVs and the WORKDIRs that use them,
# 1k/10k/100k lines of every kind of instruction in stages built FROM each other, 5 MB and
# 50 MB. check runs with every rule on (--select ALL). Prints
# CPU seconds (user+sys) and peak memory per run; each row should grow linearly.
#
#   bench/scaling.sh [DOCKFIX]      (default: target/release/dockfix)
#
# CPU time (not wall time: the machine may be shared) and peak memory are dockfix's own
# rusage (wait4), read by python3: microseconds, where GNU time rounds to hundredths.
set -euo pipefail
cd "$(dirname "$0")/.."
dockfix=$(realpath "${1:-target/release/dockfix}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys
random.seed(1)
out_dir = sys.argv[1]
KINDS = [
    "RUN apt-get update && apt-get install -y curl git",
    "RUN echo hello \\\n    && echo world",
    "ENV A=1 B=2", "COPY . /app", "WORKDIR /app", "RUN pip install requests",
    "LABEL a=b", "ADD x.tar.gz /opt/",
]
def lines(n):
    out = ["FROM debian:bookworm"]
    while len(out) < n:
        out.append(random.choice(KINDS))
    return "\n".join(out) + "\n"
def chain(n):
    # Each stage built FROM the one before: chains of ancestors as long as the file.
    out = ["FROM alpine:3.20 AS s0"]
    for i in range(1, n):
        out.append(f"FROM s{i-1} AS s{i}")
        out.append("RUN pip install x && echo hi")
    return "\n".join(out) + "\n"
def stages(n):
    out = []
    for i in range(n):
        out.append(f"FROM alpine:3.20 AS s{i}")
        if i:
            out.append(f"COPY --from=s{i-1} /x /x")
    return "\n".join(out) + "\n"
def variables(n):
    # Every reference looked up among the declarations before it.
    out = ["FROM debian:bookworm"]
    for i in range(n // 2):
        out.append(f"ENV V{i}=x")
        out.append(f"WORKDIR /$V{i}/$U{i}")
    return "\n".join(out) + "\n"
MIXED = [
    "ENV V{i}=x W{i}=$V{i}", "WORKDIR /$V{j}/$U{i}/$G{g}", "COPY --from=s{p} /a{i} b{i}",
    "ARG A{i}", "LABEL k{i}=v{i}", "EXPOSE {port}/tcp",
    "RUN cd /x{i} && apt-get install -y p{i} | tee log", "ONBUILD RUN echo {i}", "USER u{i}",
    "CMD echo {i}", 'ENTRYPOINT ["/e{i}"]', 'SHELL ["/bin/bash", "-c"]',
    "ADD http://x/{i}.tar.gz /t/", "HEALTHCHECK CMD curl x{i}",
    "RUN wget http://x/{i} && sudo useradd u{i}", "COPY . /app{i}",
    "RUN pip install p{i} && npm install q{i}", "VOLUME /v{i}", "ENV legacy{i} value {i}",
    "RUN --mount=type=cache,target=/c{i} yum install q{i}", "STOPSIGNAL SIGTERM",
    "MAINTAINER m{i}", "COPY id_rsa{i} .env /k/",
]
def mixed(n):
    # Every kind of instruction, in stages each built FROM the one before.
    out = [f"ARG G{g}=1" for g in range(50)] + ["FROM debian:12 AS s0"]
    stage, i = 0, 0
    while len(out) < n:
        i += 1
        k = random.randrange(len(MIXED) + 1)
        if k == len(MIXED):
            stage += 1
            out.append(f"FROM s{stage - 1} AS s{stage}")
        else:
            out.append(MIXED[k].format(i=i, j=i - 1, g=i % 50, p=max(stage - 1, 0), port=i % 60000))
    return "\n".join(out) + "\n"
for n in (1000, 10000, 100000):
    open(f"{out_dir}/lines-{n}.Dockerfile", "w").write(lines(n))
    open(f"{out_dir}/variables-{n}.Dockerfile", "w").write(variables(n))
    open(f"{out_dir}/mixed-{n}.Dockerfile", "w").write(mixed(n))
    open(f"{out_dir}/stages-{n}.Dockerfile", "w").write(stages(n))
    open(f"{out_dir}/chain-{n}.Dockerfile", "w").write(chain(n))
body = lines(1000).split("\n", 1)[1]
for mb in (5, 50):
    size = mb * 1024 * 1024
    text = "FROM debian:bookworm\n" + body * (size // len(body) + 1)
    open(f"{out_dir}/size-{mb}MB.Dockerfile", "w").write(text[:size].rsplit("\n", 1)[0] + "\n")
PY

measure() { # prints "cpu_seconds peak_MB"
  # dockfix exits 1 on findings or files that would change: not a failure here.
  python3 -c '
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(child.pid, 0)
print("%.3f %.0f" % (usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))' "$@"
}

printf '%-24s %10s %12s %10s %12s %10s %12s\n' input fmt_cpu_s fmt_peak_MB check_cpu_s check_peak_MB fix_cpu_s fix_peak_MB
for name in lines-1000 lines-10000 lines-100000 stages-1000 stages-10000 stages-100000 \
  chain-1000 chain-10000 chain-100000 variables-1000 variables-10000 variables-100000 \
  mixed-1000 mixed-10000 mixed-100000 size-5MB size-50MB; do
  file="$work/$name.Dockerfile"
  limit=(--max-file-size 100000000)
  read -r f_cpu f_mem < <(measure "$dockfix" fmt --check "${limit[@]}" "$file")
  read -r c_cpu c_mem < <(measure "$dockfix" check --select ALL --output-format concise "${limit[@]}" "$file")
  read -r x_cpu x_mem < <(measure "$dockfix" fix --diff "${limit[@]}" "$file")
  printf '%-24s %10s %12s %10s %12s %10s %12s\n' "$name" "$f_cpu" "$f_mem" "$c_cpu" "$c_mem" "$x_cpu" "$x_mem"
done
