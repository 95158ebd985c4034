# case: a constant platform
FROM --platform=linux/amd64 golang:1.22 AS build
# ---
# case: no stage name
FROM --platform=linux/arm64/v8 alpine:3.20
# ---
# ok: the stage name says the architecture
FROM --platform=linux/amd64 golang:1.22 AS build-amd64
# ---
# ok: a variable
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
# ---
# ok: the stage name says the OS
FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS windows
