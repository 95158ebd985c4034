# case: a name and an address
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
# ---
# case: quotes and dollars are kept as text
FROM alpine:3.20
MAINTAINER "Jane" $USER \o/
# ---
# case: lower case
FROM alpine:3.20
maintainer jane@example.com
# ---
# ok: the label
FROM alpine:3.20
LABEL org.opencontainers.image.authors="jane@example.com"
