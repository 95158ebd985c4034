# case: copy from its own stage
FROM node:20 AS build
COPY --from=build /app/dist /srv
# ---
# case: by number
FROM node:20
FROM nginx:1.27
COPY --from=1 /a /b
# ---
# case: any case
FROM node:20 AS build
COPY --from=BUILD /a /b
# ---
# ok: another stage
FROM node:20 AS build
FROM nginx:1.27
COPY --from=build /app/dist /srv
# ---
# ok: ONBUILD names a stage of the downstream build
FROM node:20 AS build
ONBUILD COPY --from=build /a /b
