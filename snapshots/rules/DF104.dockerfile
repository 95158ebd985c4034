# case: apt-get install without --no-install-recommends
FROM debian
RUN apt-get update && apt-get install -y curl
# ---
# case: after options before the subcommand
FROM debian
RUN apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Options::=--force-confold install -y curl
# ---
# ok: --no-install-recommends
FROM debian
RUN apt-get install -y --no-install-recommends curl
# ---
# ok: set through an option
FROM debian
RUN apt-get -o APT::Install-Recommends=false install -y curl
# ---
# ok: not an install
FROM debian
RUN apt-get upgrade -y
# ---
# ok: a simulated install (-s) installs nothing
FROM debian:12
RUN if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then echo jit; fi
# ---
# ok: --just-print too
FROM debian:12
RUN apt-get install --just-print -y curl
