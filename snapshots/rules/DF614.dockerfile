# case: no HEALTHCHECK
FROM nginx:1.27
COPY site /usr/share/nginx/html
# ---
# ok: a HEALTHCHECK
FROM nginx:1.27
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost/"]
# ---
# ok: HEALTHCHECK NONE in the stage it is built FROM
FROM nginx:1.27 AS base
HEALTHCHECK NONE
FROM base
