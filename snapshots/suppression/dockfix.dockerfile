# case: ignore[...] above an instruction suppresses those rules there only
FROM node:20
# dockfix: ignore[DF401, exec-form] -- vendored layout
ADD ./vendor /vendor
ADD ./app /app
CMD node server.js
# ---
# case: a bare ignore suppresses every rule on the instruction below
FROM node:20
# dockfix: ignore
CMD node server.js
CMD node other.js
# ---
# case: prose between the comment and its instruction keeps them together
FROM node:20
# dockfix: ignore[DF301]
# the shell expands $PORT at start
CMD node server.js --port $PORT
# ---
# case: a blank line ends the comment's reach
FROM node:20
# dockfix: ignore[DF301]

CMD node server.js
# ---
# case: ignore-file with codes, anywhere in the file
FROM node:20
ADD ./app /app
CMD node server.js
# dockfix: ignore-file[add-to-copy]
# ---
# case: a bare ignore-file suppresses every rule in the file
# dockfix: ignore-file -- legacy image, do not touch
FROM node:20
ADD ./app /app
CMD node server.js
