# case: an ARG without a default leaves the tag empty
ARG TAG
FROM alpine:${TAG}
# ---
# case: the image itself is empty
ARG IMAGE
FROM $IMAGE
# ---
# ok: a default
ARG TAG=3.20
FROM alpine:${TAG}
# ---
# ok: a default in the expansion
ARG TAG
FROM alpine:${TAG:-3.20}
# ---
# ok: defaults built from other ARGs
ARG MAJOR=3
ARG TAG=${MAJOR}.20
FROM alpine:$TAG
# ---
# ok: the platform args have values
FROM golang:1.22-${TARGETOS}
