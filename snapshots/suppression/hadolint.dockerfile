# case: ignore= above an instruction, mapped through the rules' hadolint codes
FROM debian:12
RUN apt-get update
# hadolint ignore=DL3008,DL3015
RUN apt-get install -y curl
# hadolint ignore=DL3020
ADD ./app /app
ADD ./lib /lib
# ---
# case: global ignore= for the whole file
FROM debian:12
# hadolint global ignore=DL3025
CMD node server.js
ENTRYPOINT node worker.js
ADD ./app /app
# ---
# case: stage ignore= up to the next FROM
FROM debian:12 AS build
# hadolint stage ignore=DL3020
ADD ./src /src
ADD ./lib /lib
FROM debian:12
ADD ./app /app
# ---
# case: codes that name no dockfix rule suppress nothing else
FROM debian:12
# hadolint ignore=SC2086,DL3008
ADD ./app /app
