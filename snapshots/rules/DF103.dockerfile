# case: apt-get install without -y
FROM debian
RUN apt-get update && apt-get install curl
# ---
# case: apt install without -y
FROM ubuntu
RUN apt update && apt install git
# ---
# ok: -y
FROM debian
RUN apt-get update && apt-get install -y curl
# ---
# ok: combined short options and -qq
FROM debian
RUN apt-get update && apt-get -qy install curl && apt-get -qq install git
# ---
# ok: --yes and --assume-yes
FROM debian
RUN apt-get install --yes curl && apt-get install --assume-yes git
# ---
# ok: piped from yes
FROM debian
RUN yes | apt-get install curl
# ---
# ok: update needs no -y
FROM debian
RUN apt-get update
# ---
# ok: a simulated install (-s) installs nothing
FROM debian:12
RUN if apt-get install -s "postgresql-16-jit" > /dev/null 2>&1; then echo jit; fi
# ---
# ok: --simulate and --dry-run too
FROM debian:12
RUN apt-get install --simulate curl && apt-get --dry-run install git
# ---
# case: an ONBUILD trigger
FROM debian:12
ONBUILD RUN apt-get update && apt-get install curl
