# case: a value refers to a variable the same ENV sets
FROM alpine:3.20
ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
# ---
# case: braces, and a reference before the definition
FROM alpine:3.20
ENV A=${B}/x B=1
# ---
# ok: a variable referring to itself
FROM alpine:3.20
ENV PATH=/opt/bin:$PATH
# ---
# ok: set by an earlier ENV or ARG of the stage
FROM alpine:3.20
ARG APP_HOME=/srv
ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
# ---
# ok: separate instructions
FROM alpine:3.20
ENV APP_HOME=/opt/app
ENV APP_BIN=$APP_HOME/bin
# ---
# ok: a longer name is another variable
FROM alpine:3.20
ENV A=1 B=$AB
