# case: relative destination without WORKDIR
FROM node:20
COPY package.json .
# ---
# case: quoted, JSON, and ONBUILD
FROM node:20
COPY bla.sh "blubb.sh"
COPY ["a", "b"]
ONBUILD COPY bla.sh blubb.sh
# ---
# case: a WORKDIR in another stage does not count
FROM node:20 AS build
WORKDIR /app
FROM node:20
COPY a b
# ---
# ok: hadolint's cases: absolute, Windows, variables
FROM node:20
COPY bla.sh /usr/local/bin/blubb.sh
COPY bla.sh "/usr/local/bin/blubb.sh"
COPY bla.sh c:\system32\blubb.sh
COPY bla.sh d:/mypath/blubb.sh
COPY src.sh ${SRC_BASE_ENV}
COPY src.sh "$SRC_BASE_ENV"
# ---
# ok: WORKDIR set, here or in the stage it is built FROM
FROM node:20 AS base
WORKDIR /usr
COPY bla.sh blubb.sh
FROM base
COPY a b
