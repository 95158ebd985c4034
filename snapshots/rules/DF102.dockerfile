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
# ---
# case: the appended cleanup joins the chain at its level (no staircase)
FROM debian:12
RUN apt-get update \
    && apt-get install -y curl
# ---
# case: the author's lines stay as written; the cleanup joins at their indentation
FROM debian:12
RUN apt-get update && apt-get install -y \
	curl \
	--no-install-recommends
# ---
# ok: apt-get dist-clean is apt's own cleanup
FROM debian:trixie
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates; \
    apt-get dist-clean
# ---
# ok: rm -f of the list files
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -f /var/lib/apt/lists/*_*
# ---
# ok: dnf clean all with flags before the subcommand
FROM fedora:40
RUN dnf -y update && dnf -y clean all
# ---
# case: dnf's short aliases install too
FROM fedora:40
RUN dnf -y in make
# ---
# ok: rm of yum's cache after dnf
FROM rockylinux:9
RUN dnf install -y make && rm -rf /var/cache/yum/*
# ---
# ok: a tmpfs mount on one of dnf's caches
FROM fedora:41
RUN --mount=type=tmpfs,target=/var/cache/libdnf5 dnf5 install -y make
# ---
# case: pip with a version in its name
FROM python:3.12
RUN pip3.12 install flask && pip2 install six
# ---
# case: python3.12 -m pip
FROM python:3.12
RUN python3.12 -m pip install flask
# ---
# ok: PIP_NO_CACHE_DIR set in a stage this one is built FROM
FROM python:3.12 AS base
ENV PIP_NO_CACHE_DIR=1
FROM base
RUN pip install flask
# ---
# ok: PIP_NO_CACHE_DIR assigned in the RUN
FROM python:3.12
RUN PIP_NO_CACHE_DIR=1 pip install flask
# ---
# ok: pip's --no-cache abbreviation on the install itself
FROM python:3.12
RUN pip install --no-cache flask
# ---
# case: apk add --no-cache does not clean pip's cache
FROM python:3.12-alpine
RUN apk add --no-cache gcc musl-dev && pip install uwsgi
# ---
# case: a cleanup before the install does not count
FROM debian:12
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl
# ---
# case: conda installs leave their package cache
FROM condaforge/miniforge3
RUN mamba install --yes numpy
# ---
# ok: conda's own cleanup
FROM condaforge/miniforge3
RUN mamba install --yes numpy && mamba clean --all -f -y
# ---
# case: yarn's cache (unsafe: Yarn 2 and later read packages from it at run time)
FROM node:20
RUN yarn install --frozen-lockfile
# ---
# ok: yarn's own cleanup
FROM node:20
RUN yarn && yarn cache clean
# ---
# case: an ONBUILD trigger runs in the image built FROM this one: its cache stays there
FROM debian:12
ONBUILD RUN apt-get update && apt-get install -y curl
# ---
# ok: a stage only used by COPY --from never ships its cache
FROM debian:12 AS fetch
RUN apt-get update && apt-get install -y curl
FROM debian:12
COPY --from=fetch /usr/bin/curl /usr/bin/curl
# ---
# case: ... unless a COPY --from takes the cache out of it
FROM python:3.12 AS build
RUN pip install --user flask
FROM python:3.12-slim
COPY --from=build /root /root
# ---
# ok: a hadolint ignore comment for the same cleanup
FROM python:3.12
# hadolint ignore=DL3013,DL3042
RUN pip install flask
# ---
# ok: an install that downloads nothing (apk add --no-network) fills no cache
FROM alpine:3.20
RUN set -eux; \
	apk add --no-cache --virtual .build-deps gcc; \
	runDeps="$(scanelf --needed --nobanner --recursive /usr/local)"; \
	apk add --no-network --virtual .rundeps $runDeps; \
	apk del --no-network .build-deps
# ---
# ok: a template that generates Dockerfiles is not shell yet
FROM debian:12
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
{{ if is_slim then ( -}}
		ca-certificates \
{{ ) end -}}
	; \
	{{ clean_apt }}
# ---
# ok: yarn --version installs nothing
FROM node:22-alpine
RUN npm install -g yarn --force && yarn --version && npm cache clean --force
# ---
# case: a flag written into a tab-indented RUN leaves the author's other lines as they are
FROM python:3.12
RUN apk --no-cache add \
	ca-certificates \
	&& pip install \
		ansible \
	&&  apk del --purge build-base
