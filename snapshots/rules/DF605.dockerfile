# case: upper-case protocols
FROM alpine:3.20
EXPOSE 80/TCP 53/Udp 8080
# ---
# case: ONBUILD EXPOSE
FROM alpine:3.20
ONBUILD EXPOSE 443/TCP
# ---
# ok: lower case
FROM alpine:3.20
EXPOSE 80/tcp 53/udp 8080
