# case: upper case, reserved namespace, bad characters
FROM alpine:3.20
LABEL Maintainer="jane@example.com" com.docker.thing=1 my..key=2 "a key"=3
# ---
# case: ends with a separator
FROM alpine:3.20
LABEL org.example.-=1 org.example.x-=2
# ---
# ok: reverse-DNS keys
FROM alpine:3.20
LABEL org.opencontainers.image.authors="jane@example.com" version=1 com.example/thing_2=x
