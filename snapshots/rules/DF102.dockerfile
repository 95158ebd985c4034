# case: apt-get install gets the lists removed in the same RUN
FROM debian
RUN apt-get update && apt-get install -y --no-install-recommends curl
# ---
# case: apk add gets --no-cache and loses apk update
FROM alpine
RUN apk update && apk add curl git
# ---
# case: pip install gets --no-cache-dir
FROM python:3.12
RUN pip install -r requirements.txt
# ---
# case: python -m pip too
FROM python:3.12
RUN python3 -m pip install flask
# ---
# case: dnf gets clean all with the same program
FROM fedora
RUN dnf install -y make gcc
# ---
# case: zypper gets clean
FROM opensuse/leap
RUN zypper --non-interactive install curl
# ---
# case: npm ci gets its cache cleaned
FROM node:20
RUN npm ci --omit=dev
# ---
# case: a cleanup RUN later in the stage moves into the RUN that made the cache
FROM debian
RUN apt-get update && apt-get install -y curl
COPY app /app
RUN rm -rf /var/lib/apt/lists/*
# ---
# case: unsafe when a later RUN installs without updating
FROM debian
RUN apt-get update && apt-get install -y curl
RUN apt-get install -y git
# ---
# case: multi-line install
FROM debian
RUN apt-get update \
    && apt-get install -y \
        curl \
        git
# ---
# ok: already cleaned in the same RUN
FROM debian
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
# ---
# ok: docker-library style with ; and set -eux
FROM debian
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates; \
    rm -rf /var/lib/apt/lists/*
# ---
# ok: a cache mount covers the apt lists
FROM debian
RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl
# ---
# ok: a cache mount covers pip's cache
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
# ---
# ok: apk add already has --no-cache
FROM alpine
RUN apk add --no-cache curl
# ---
# ok: PIP_NO_CACHE_DIR is set
FROM python:3.12
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask
# ---
# ok: apt-get install without update in the same RUN
FROM debian
RUN apt-get install -y curl
# ---
# case: a flag goes in even before a comment
FROM python:3.12
RUN pip install flask # web
# ---
# report: a RUN ending with a comment gets nothing appended (the comment would swallow it)
FROM debian
RUN apt-get update && apt-get install -y curl # tools
