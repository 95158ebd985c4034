# case: an ARG never declared
FROM alpine:${ALPINE_VERSION}
# ---
# case: an ARG declared in a stage is not seen by a later FROM
ARG BASE=alpine
FROM ${BASE}:3.20
ARG TAG=3.20
FROM alpine:${TAG}
# ---
# case: in --platform
FROM --platform=$PLATFORM alpine:3.20
# ---
# ok: a global ARG, with or without a default
ARG VERSION
ARG IMAGE=alpine
FROM ${IMAGE}:${VERSION}
# ---
# ok: predefined platform args
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
FROM alpine:3.20-${TARGETARCH}
# ---
# ok: no variables
FROM alpine:3.20
