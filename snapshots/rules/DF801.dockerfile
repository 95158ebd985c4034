# case: top in a RUN
FROM debian:12
RUN top
# ---
# case: service after other commands, and kill after sudo
FROM debian:12
RUN apt-get update && service mysql start && sudo kill 1
# ---
# case: ifconfig by its full path
FROM debian:12
RUN /sbin/ifconfig
# ---
# case: an ONBUILD trigger
FROM debian:12
ONBUILD RUN top
# ---
# ok: installing ssh is not running it
FROM debian:12
RUN apt-get install -y ssh vim procps
# ---
# ok: the names as arguments
FROM debian:12
RUN echo top && which ps
# ---
# ok: exec form is not shell form
FROM debian:12
RUN ["echo", "ps"]
