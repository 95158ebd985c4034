# case: a global install without a version
FROM node:20
RUN npm install -g pnpm
# ---
# case: a scoped package without a version, with npm i; an unpinned git URL
FROM node:20
ONBUILD RUN npm i @angular/cli git+https://github.com/a/b.git
# ---
# ok: versions, tags and ranges
FROM node:20
RUN npm install express@4.19.2 @scope/name@^1 lodash@latest
# ---
# ok: the project's dependencies
FROM node:20
RUN npm install && npm ci
# ---
# ok: tarballs, folders and git URLs with a ref
FROM node:20
RUN npm install ./lib /src/pkg x.tgz git+https://github.com/a/b.git#v1.0
# ---
# ok: --registry's value
FROM node:20
RUN npm install --registry https://registry.example.com left-pad@1.3.0
