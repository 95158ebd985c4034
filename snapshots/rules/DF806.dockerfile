# case: a pipe under /bin/sh, on Debian
FROM debian:12
RUN wget -O - https://some.site | wc -l > /number
# ---
# case: one SHELL for the stage, on its first reported RUN
FROM python:3.12-slim
RUN curl -fsSL https://example.com/x.tgz | tar xz
RUN echo a | tee /a
# ---
# report: scratch has no bash
FROM scratch
RUN wget -O - https://some.site | wc -l > /number
# ---
# report: alpine has no bash
FROM node:20-alpine
RUN wget -O - https://some.site | wc -l > /number
# ---
# report: plain sh does not count
FROM scratch AS build
SHELL ["/bin/sh", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# report: the next stage has its own shell
FROM scratch AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
FROM scratch AS build2
RUN wget -O - https://some.site | wc -l file > /number
# ---
# report: a later SHELL without pipefail
FROM scratch AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
SHELL ["/bin/sh", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# report: a suppression comment for another rule stays above the RUN
FROM debian:12
# hadolint ignore=DL3047
RUN wget -O - https://some.site | wc -l > /number
# ---
# ok: no pipe
FROM scratch AS build
RUN wget -O - https://some.site && wc -l file > /number
# ---
# ok: || is not a pipe
FROM debian:12
RUN make || true
# ---
# ok: bash with -eo pipefail
FROM scratch AS build
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# ok: bash with -e -o pipefail
FROM scratch AS build
SHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# ok: bash with -o errexit -o pipefail
FROM scratch AS build
SHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# ok: zsh
FROM scratch AS build
SHELL ["/bin/zsh", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# ok: bash in another folder
FROM scratch AS build
SHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://some.site | wc -l file > /number
# ---
# ok: powershell
FROM mcr.microsoft.com/powershell:ubuntu-16.04
SHELL [ "pwsh", "-c" ]
RUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value
# ---
# ok: cmd.exe
FROM mcr.microsoft.com/powershell:ubuntu-16.04
SHELL [ "cmd.exe", "/c" ]
RUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value
# ---
# ok: a stage built FROM a stage with pipefail
FROM debian:12 AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
FROM base
RUN curl -fsSL https://example.com | sh
# ---
# ok: the RUN sets pipefail itself
FROM debian:12
RUN set -eux -o pipefail; curl -fsSL https://example.com/x.tgz | tar xz
# ---
# ok: ONBUILD triggers are not checked (as hadolint)
FROM debian:12
ONBUILD RUN curl -fsSL https://example.com | sh
# ---
# case: a pipe in a command substitution
FROM debian:12
RUN arch="$(dpkg --print-architecture | awk -F- '{ print $NF }')" && echo "$arch"
# ---
# ok: the | of case patterns is not a pipe
FROM debian:12
RUN case "$(uname -m)" in x86_64|aarch64) echo ok ;; *) exit 1 ;; esac
# ---
# ok: a | in single quotes inside a substitution's word
FROM debian:12
RUN echo '$(a | b)' && echo "$(date)"
# ---
# report: a pipe in backquotes
FROM scratch
RUN echo "arch: `uname -m | tr a-z A-Z`"
