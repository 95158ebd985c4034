# case: packages without versions
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends python curl=7.88.1 git
# ---
# case: -t's value is not a package; an ONBUILD trigger
FROM debian:12
ONBUILD RUN apt-get install -y -t bookworm-backports python
# ---
# ok: versions, a release and a .deb file
FROM debian:12
RUN apt-get install -y python=2.7 curl/bookworm ./pkg.deb /tmp/x.deb
# ---
# ok: -t's value with pinned packages
FROM debian:12
RUN apt-get install -y -t bookworm-backports python=2.7
# ---
# ok: a variable is not known
FROM debian:12
RUN apt-get install -y $PACKAGES
# ---
# ok: not an install
FROM debian:12
RUN apt-get update && apt-get remove -y python
