# case: scratch
FROM alpine:3.20 AS scratch
# ---
# case: context, any case
FROM alpine:3.20 AS Context
# ---
# ok: FROM scratch is the empty image
FROM scratch AS base
