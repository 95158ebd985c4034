# case: apt update and install on Debian
FROM debian:12
RUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*
# ---
# case: install on an image this file does not know is unsafe
FROM mycompany/base:1
RUN apt-get update && apt install -y curl
# ---
# case: options before the subcommand, a full path, an ONBUILD trigger
FROM ubuntu:24.04
ONBUILD RUN /usr/bin/apt -q purge -y vim && apt autoremove -y
# ---
# report: apt upgrade also installs new dependencies
FROM debian:12
RUN apt-get update && apt upgrade -y
# ---
# report: apt search is apt-cache's
FROM debian:12
RUN apt search curl
# ---
# ok: apt-get and apt-cache
FROM debian:12
RUN apt-get update && apt-get install -y curl && apt-cache policy curl
# ---
# ok: apt as an argument
FROM debian:12
RUN echo apt install
