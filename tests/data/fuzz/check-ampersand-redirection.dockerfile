FROM alpine
RUN echo hi &>/dev/null
