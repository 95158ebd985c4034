# case: a global ARG not declared again in the stage
ARG VERSION=1.2.3
FROM eclipse-temurin:21
COPY app-${VERSION}.jar /app/app.jar
# ---
# case: a platform arg without ARG in the stage
FROM alpine:3.20
COPY bin/$TARGETARCH/tool /usr/local/bin/tool
# ---
# case: declared in another stage only
FROM alpine:3.20 AS build
ARG APP_DIR=/src
FROM alpine:3.20
WORKDIR $APP_DIR
# ---
# case: used before it is set
FROM alpine:3.20
USER $APP_USER
ENV APP_USER=app
# ---
# case: in a stage built on scratch nothing else can set it
FROM scratch
COPY $UNKNOWN /x
# ---
# ok: declared in the stage
ARG VERSION=1.2.3
FROM eclipse-temurin:21
ARG VERSION
ARG TARGETARCH
ENV APP_HOME=/opt/app
COPY app-${VERSION}-${TARGETARCH}.jar $APP_HOME/
# ---
# ok: inherited from the stage it is built FROM
FROM alpine:3.20 AS base
ENV APP_HOME=/opt/app
FROM base
WORKDIR $APP_HOME
# ---
# ok: the base image may set it
FROM eclipse-temurin:21
ENV PATH=$JAVA_HOME/bin:$PATH
# ---
# ok: RUN, CMD and single quotes are not expanded by BuildKit
ARG VERSION=1
FROM alpine:3.20
RUN echo $VERSION
CMD echo $VERSION
LABEL note='$VERSION'
ENV ESCAPED=\$VERSION
# ---
# ok: ONBUILD runs in another build
ARG VERSION=1
FROM alpine:3.20
ONBUILD COPY app-$VERSION.jar /app/
# ---
# ok: an ARG default using an earlier one
FROM alpine:3.20
ARG MAJOR=1 VERSION=${MAJOR}.2
