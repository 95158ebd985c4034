# case: a blank line inside a continued RUN
FROM alpine:3.20
RUN apk add --no-cache \

    curl
# ---
# case: blanks with spaces, twice
FROM alpine:3.20
RUN set -e; \
    
    echo a; \

    echo b
# ---
# ok: comment lines inside a continuation
FROM alpine:3.20
RUN apk add --no-cache \
# the client
    curl
# ---
# ok: a blank line between instructions
FROM alpine:3.20

RUN true
