# case: a leading cd becomes WORKDIR
FROM debian:12
RUN cd /opt && make install
# ---
# case: continuation lines and flags
FROM debian:12
RUN --mount=type=cache,target=/root/.cache cd /usr/src/app \
    && make \
    && make install
# ---
# case: indented and lower case
FROM debian:12
  run cd /srv && ./configure
# ---
# report: cd in the middle of a RUN
FROM debian:12
RUN wget https://example.com/x.tgz && tar xzf x.tgz && cd x && make
# ---
# report: cd alone
FROM debian:12
RUN cd /opt
# ---
# report: a cd to a variable
FROM debian:12
RUN cd $HOME && make
# ---
# report: a relative folder
FROM debian:12
RUN cd src && make
# ---
# report: cd - goes back to where the RUN started
FROM debian:12
RUN cd /tmp && make && cd - && ls
# ---
# report: after ;, a failed cd does not stop the RUN
FROM debian:12
RUN cd /opt; make
# ---
# report: a suppression comment for another rule stays above the RUN
FROM debian:12
# hadolint ignore=DL3008
RUN cd /opt && apt-get install -y curl
# ---
# report: a cd in a subshell (as hadolint)
FROM debian:12
RUN (cd /opt && make) && ls
# ---
# ok: WORKDIR
FROM debian:12
WORKDIR /opt
RUN make
# ---
# ok: cd as an argument
FROM debian:12
RUN echo cd /opt
# ---
# ok: ONBUILD triggers are not checked (as hadolint)
FROM debian:12
ONBUILD RUN cd /opt && make
