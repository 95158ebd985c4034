# report: relative to the base image's directory
FROM node:20
WORKDIR app
# ---
# case: after an absolute WORKDIR the directory is known
FROM node:20
WORKDIR /srv
WORKDIR app/../web/.
# ---
# case: known from the stage it is built FROM
FROM node:20 AS base
WORKDIR /usr/src
FROM base
WORKDIR app
# ---
# case: the parent's last WORKDIR counts, through a chain of stages
FROM node:20 AS base
WORKDIR /usr/src
RUN true
WORKDIR /opt
FROM base AS middle
RUN true
FROM middle
WORKDIR app
# ---
# report: no fix when the parent's directory is a variable
FROM node:20 AS base
ARG DIR=/srv
WORKDIR $DIR
FROM base
WORKDIR app
# ---
# report: no fix from a stage that is not an ancestor
FROM node:20 AS other
WORKDIR /srv
FROM node:20
WORKDIR app
# ---
# case: scratch starts at /
FROM scratch
WORKDIR data
# ---
# ok: absolute
FROM node:20
WORKDIR /app
# ---
# ok: a variable
FROM node:20
ARG DIR=/app
WORKDIR $DIR
# ---
# ok: a Windows path
FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR C:\\app
# ---
# report: hadolint's quoted relative path, and ONBUILD
FROM node:20
WORKDIR "relative/dir"
ONBUILD WORKDIR app
# ---
# ok: hadolint's quoted absolute and Windows paths
FROM node:20
WORKDIR '/usr/local'
WORKDIR 'C:\'
