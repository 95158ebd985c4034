# case: a host port
FROM alpine:3.20
EXPOSE 8080:80
# ---
# case: an IP address and host port
FROM alpine:3.20
EXPOSE 127.0.0.1:8080:80/tcp
# ---
# case: beyond 65535 (hadolint's DL3011 cases)
FROM alpine:3.20
EXPOSE 80000
EXPOSE 40000-80000/udp
# ---
# ok: ports, ranges and variables
FROM alpine:3.20
ARG PORT=8080
EXPOSE 80 443/tcp 53/udp 65535 5000-5010 $PORT
