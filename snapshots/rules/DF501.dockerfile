# case: no tag: the build follows latest
FROM alpine
RUN echo hi
# ---
# case: the tag latest
FROM ubuntu:latest
# ---
# case: a pin for the same name and tag only adds the digest (safe)
FROM node:20 AS build
RUN npm ci
# ---
# case: Docker Hub's long names are the same image, kept as written
FROM docker.io/library/node:20
# ---
# case: a pin for the name changes the tag (unsafe)
FROM python:3.11
# ---
# case: no tag, pinned by name (unsafe)
FROM --platform=$BUILDPLATFORM python AS deps
# ---
# case: another registry, pinned by name
FROM ghcr.io/acme/base:2.1
# ---
# case: a lower-case keyword: the rewritten instruction is formatted
from \
    node:20 \
    as app
# ---
# ok: a version tag without a pin
FROM debian:bookworm-slim
# ---
# ok: already pinned by digest
FROM node:20@sha256:9999999999999999999999999999999999999999999999999999999999999999
# ---
# ok: a variable in the reference
ARG VERSION=20
FROM node:${VERSION}
# ---
# ok: scratch and earlier stages
FROM golang:1.23 AS build
FROM scratch
COPY --from=build /app /app
FROM build AS test
# ---
# ok: a registry with a port, no pin for it
FROM localhost:5000/team/app:1.0
