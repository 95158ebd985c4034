# case: update and install become one RUN
FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y curl
# ---
# case: an update, then a multi-line install: one chain at one level, the package list below it
FROM debian:12
RUN apt-get update
RUN apt-get install -y \
      curl \
      git && \
    rm -rf /var/lib/apt/lists/*
# ---
# case: comment lines between the RUNs sit at the chain's level
FROM debian:12
RUN apt-get update
# the tools
RUN apt-get install -y \
	curl \
	git
# ---
# case: a prefix assignment reaches one command: no subshell
FROM debian:12
RUN DEBIAN_FRONTEND=noninteractive apt-get update
RUN DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata
# ---
# case: a RUN that only cleans up joins the RUN before it
FROM debian:12
RUN apt-get update && apt-get install -y build-essential && make -C /src install
RUN apt-get purge -y --auto-remove build-essential && rm -rf /src /var/lib/apt/lists/*
# ---
# case: a download and the RUN that unpacks it
FROM alpine:3.20
RUN wget -O /tmp/tool.tgz https://example.com/tool-1.2.tgz
RUN tar -xzf /tmp/tool.tgz -C /usr/local/bin && rm /tmp/tool.tgz
# ---
# case: a download and the RUN that makes it runnable, with comments between
FROM alpine
RUN apk add --no-cache curl
# fetch the tool
RUN curl -fsSLo /usr/local/bin/tool https://example.com/tool

# make it runnable
RUN chmod +x /usr/local/bin/tool
# ---
# case: consecutive installs with one package manager become one install (unsafe)
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN apt-get install -y git
# a comment stays
RUN apt-get install -y make
# ---
# case: a package list on lines of its own takes the new packages on lines of their own
FROM alpine:3.20
RUN apk add --no-cache \
	curl \
	git
RUN apk add --no-cache make
# ---
# ok: RUNs that do unrelated work stay apart
FROM eclipse-temurin:21
COPY gradlew build.gradle ./
RUN chmod +x gradlew
RUN ./gradlew downloadRepos
# ---
# ok: installs that each fetch the index and clean up after themselves stay apart
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*
# ---
# case: installs with other options are chained, not combined
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN apt-get install -y -t bookworm-backports git
# ---
# ok: pip resolves packages together: its installs are not combined
FROM python:3.12
RUN pip install --no-cache-dir flask
RUN pip install --no-cache-dir gunicorn
# ---
# ok: a stage only used by COPY --from never ships its layers
FROM debian:12 AS fetch
RUN apt-get update
RUN apt-get install -y curl
FROM debian:12
COPY --from=fetch /usr/bin/curl /usr/bin/curl
# ---
# ok: ONBUILD triggers are not merged
FROM node:20
ONBUILD RUN apt-get update
ONBUILD RUN apt-get install -y curl
# ---
# case: with policy "all", one chain is one level (no staircase)
# config: rules.merge-runs.policy = "all"
FROM debian:12
RUN echo a
RUN make -C /tmp && \
    make install
# ---
# case: with policy "all", a subshell is not wrapped in another
# config: rules.merge-runs.policy = "all"
FROM debian:12
RUN echo a
RUN (cd /tmp && make)
RUN echo b
# ---
# case: with policy "all", a group is not grouped again
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo a
RUN { false || true; }
# ---
# case: with policy "all", a stage only used by COPY --from is merged too
# config: rules.merge-runs.policy = "all"
FROM alpine AS build
RUN echo a > /a
RUN echo b > /b
FROM alpine
COPY --from=build /a /b /
# ---
# case: a cd in an earlier RUN is kept in a subshell
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN cd /tmp && wget https://example.com/a.tgz
RUN ls
# ---
# case: an export in an earlier RUN is kept in a subshell
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN export PATH=/opt/bin:$PATH && tool --version
RUN echo done
# ---
# case: a later RUN with || is grouped
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN apk add --no-cache git
RUN git --version || true
# ---
# case: a later RUN with ; is grouped
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN mkdir -p /app
RUN cd /app; touch ready
# ---
# case: identical flags merge and keep one copy
# config: rules.merge-runs.policy = "all"
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install -U pip
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
# ---
# case: multi-line RUNs keep their lines
# config: rules.merge-runs.policy = "all"
FROM debian
RUN apt-get update \
    && apt-get install -y \
        curl \
        git
RUN useradd -m app
# ---
# case: a stateful middle RUN is wrapped, the last is not
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo one
RUN cd /tmp && touch two
RUN cd /var && touch three
# ---
# case: the first RUN may have ; and || at its top level
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN false; true
RUN echo next
# ---
# case: the merged RUN is formatted, keyword upper case
# config: rules.merge-runs.policy = "all"
FROM alpine
run echo a
run echo b
# ---
# case: comments inside the later RUN's continuation are kept
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo a
RUN \
    # a comment before the command
    echo b
# ---
# ok: different mount flags stay apart
# config: rules.merge-runs.policy = "all"
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install -U pip
RUN pip install flask
# ---
# ok: different network flags stay apart
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN --network=none make
RUN make install
# ---
# ok: exec form is not merged
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN ["apk", "add", "curl"]
RUN echo hi
# ---
# ok: heredocs are not merged
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN <<EOF
echo hi
EOF
RUN echo there
# ---
# ok: set -e does not survive the left side of &&
# config: rules.merge-runs.policy = "all"
FROM debian
RUN set -eux; apt-get update
RUN apt-get install -y curl
# ---
# ok: a shell comment would swallow what follows
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo hi # say hi
RUN echo there
# ---
# ok: a background job
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN sleep 100 &
RUN echo there
# ---
# ok: a RUN ending with an operator
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo hi;
RUN echo there
# ---
# ok: another instruction between RUNs
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN echo a
ENV X=1
RUN echo b
# ---
# ok: RUNs in different stages
# config: rules.merge-runs.policy = "all"
FROM alpine AS a
RUN echo a
FROM alpine
RUN echo b
# ---
# ok: a non-POSIX shell
# config: rules.merge-runs.policy = "all"
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN echo a
RUN echo b
# ---
# ok: errexit shell with a RUN that needs a subshell
# config: rules.merge-runs.policy = "all"
FROM debian
SHELL ["/bin/bash", "-e", "-c"]
RUN cd /tmp && make
RUN echo done
# ---
# ok: a single RUN
FROM alpine
RUN echo alone
# ---
# ok: a RUN that removes what the RUN before it does not name stays apart
FROM jupyter/base-notebook
RUN apt-get update --yes && apt-get install --yes --no-install-recommends gcc && apt-get clean && rm -rf /var/lib/apt/lists/*
RUN rm -rf "/home/${NB_USER}/.cache/rosetta"
# ---
# ok: a hadolint ignore=DL3059 comment keeps a RUN apart
FROM debian:12
RUN apt-get update
# hadolint ignore=DL3059
RUN apt-get install -y curl
# ---
# ok: each RUN gets a fresh tmpfs
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN --mount=type=tmpfs,target=/scratch touch /scratch/a
RUN --mount=type=tmpfs,target=/scratch test ! -e /scratch/a
# ---
# ok: writes to a cache seeded from an image do not reach the next RUN
# config: rules.merge-runs.policy = "all"
FROM alpine
RUN --mount=type=cache,from=base,target=/test rm /test/hello
RUN --mount=type=cache,from=base,target=/test rm /test/hello
# ---
# ok: set behind a prefix assignment still sets the shell's options
# config: rules.merge-runs.policy = "all"
FROM debian:12
RUN apt-get update
RUN deps='curl' set -e; apt-get install -y $deps
