# case: $TARGETPLATFORM
FROM --platform=$TARGETPLATFORM alpine:3.20
# ---
# case: ${TARGETPLATFORM}, with a stage name
FROM --platform=${TARGETPLATFORM} alpine:3.20 AS base
# ---
# ok: the build platform
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
# ---
# ok: a global ARG gives TARGETPLATFORM another default
ARG TARGETPLATFORM=linux/arm64
FROM --platform=$TARGETPLATFORM alpine:3.20
# ---
# ok: more than the variable
FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20
