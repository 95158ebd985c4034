# case: a fixed platform
FROM --platform=linux/amd64 debian:12
# ---
# ok: the build platform
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
# ---
# ok: the target platform
FROM --platform=${TARGETPLATFORM} alpine:3.20
# ---
# ok: no flag
FROM debian:12
