# case: LABEL before FROM
LABEL maintainer="team@example.com"
FROM alpine:3.20
# ---
# case: ENV before FROM
ARG VERSION=1
ENV APP_VERSION=$VERSION
FROM alpine:3.20
# ---
# ok: ARG and comments before FROM
# syntax comment
ARG VERSION=3.20
FROM alpine:${VERSION}
RUN true
# ---
# ok: template lines are not instructions
{{ def is_alpine: env.variant }}
FROM alpine:3.20
