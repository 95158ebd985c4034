# case: a package without a version
FROM alpine:3.20
RUN apk add --no-cache curl
# ---
# case: --virtual's value is not a package; an ONBUILD trigger
FROM alpine:3.20
ONBUILD RUN apk add --no-cache --virtual .build-deps gcc=13.2.1-r0 make
# ---
# ok: constraints and a file
FROM alpine:3.20
RUN apk add --no-cache curl=8.5.0-r0 git~2.43 'bash>5' ./x.apk
# ---
# ok: -t and -X values with pinned packages
FROM alpine:3.20
RUN apk add -t .deps -X https://example.com/alpine gcc=13.2.1-r0
