# case: apt-get install without -y
FROM debian
RUN apt-get update && apt-get install curl
# ---
# case: apt install without -y
FROM ubuntu
RUN apt update && apt install git
# ---
# ok: -y
FROM debian
RUN apt-get update && apt-get install -y curl
# ---
# ok: combined short options and -qq
FROM debian
RUN apt-get update && apt-get -qy install curl && apt-get -qq install git
# ---
# ok: --yes and --assume-yes
FROM debian
RUN apt-get install --yes curl && apt-get install --assume-yes git
# ---
# ok: piped from yes
FROM debian
RUN yes | apt-get install curl
# ---
# ok: update needs no -y
FROM debian
RUN apt-get update
