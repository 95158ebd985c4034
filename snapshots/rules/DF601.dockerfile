# case: two CMDs: the first is removed
FROM node:20
CMD ["node", "server.js"]
COPY . /app
CMD ["node", "/app/server.js"]
# ---
# case: three ENTRYPOINTs and two HEALTHCHECKs
FROM alpine:3.20
ENTRYPOINT ["/a"]
HEALTHCHECK CMD ["/check-a"]
ENTRYPOINT ["/b"]
HEALTHCHECK NONE
ENTRYPOINT ["/c"]
# ---
# report: a comment inside the instruction
FROM alpine:3.20
CMD ["a", \
# the first one
  "b"]
CMD ["c"]
# ---
# ok: one of each per stage
FROM alpine:3.20 AS build
CMD ["build"]
FROM alpine:3.20
CMD ["run"]
ENTRYPOINT ["/entry"]
# ---
# ok: ONBUILD triggers run in another build
FROM alpine:3.20
ONBUILD CMD ["a"]
CMD ["b"]
