# case: wget without --progress
FROM node:20 AS foo
RUN wget my.xyz
# ---
# case: an ONBUILD trigger, and -O with a value
FROM debian:12
ONBUILD RUN wget -O /tmp/x.tgz https://example.com/x.tgz
# ---
# report: alpine's busybox wget has no --progress
FROM alpine:3.20
RUN wget https://example.com/x.tgz
# ---
# ok: --progress
FROM node:20 AS foo
RUN wget --progress=dot:giga my.xyz
# ---
# ok: -q
FROM node:20 AS foo
RUN wget -q my.xyz
# ---
# ok: --quiet
FROM node:20 AS foo
RUN wget --quiet my.xyz
# ---
# ok: -nv
FROM node:20 AS foo
RUN wget -nv my.xyz
# ---
# ok: --no-verbose
FROM node:20 AS foo
RUN wget --no-verbose my.xyz
# ---
# ok: --output-file
FROM node:20 AS foo
RUN wget --output-file=/tmp/wget.log my.xyz
# ---
# ok: -o
FROM node:20 AS foo
RUN wget -o /tmp/wget.log my.xyz
# ---
# ok: --append-output
FROM node:20 AS foo
RUN wget --append-output=/tmp/wget.log my.xyz
# ---
# ok: -a
FROM node:20 AS foo
RUN wget -a /tmp/wget.log my.xyz
# ---
# ok: -q in a cluster with -O
FROM debian:12
RUN wget -qO- https://example.com/install.sh | sh
