# case: sudo
FROM debian:12
RUN sudo apt-get update
# ---
# case: sudo after another command
FROM debian:12
RUN apt-get update && sudo apt-get install -y curl
# ---
# case: an ONBUILD trigger
FROM debian:12
ONBUILD RUN sudo make install
# ---
# ok: installing sudo
FROM debian:12
RUN apt-get install -y sudo
# ---
# ok: sudoers configured, not run
FROM debian:12
RUN echo "app ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/app
