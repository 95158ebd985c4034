# case: ONBUILD ONBUILD
FROM alpine:3.20
ONBUILD ONBUILD RUN true
# ---
# case: ONBUILD FROM and MAINTAINER
FROM alpine:3.20
ONBUILD FROM alpine:3.20
ONBUILD MAINTAINER jane@example.com
# ---
# ok: other triggers
FROM alpine:3.20
ONBUILD RUN true
ONBUILD COPY . /app
