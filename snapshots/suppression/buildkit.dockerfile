# check=skip=JSONArgsRecommended
# case: check=skip names BuildKit's checks
FROM node:20
CMD node server.js
ADD ./app /app
# ---
# check=skip=all
# case: skip=all: every rule with a BuildKit counterpart, not the others
FROM node:20
CMD node server.js
ADD ./app /app
# ---
#check=skip=ConsistentInstructionCasing;error=true
# case: error=true makes the findings of rules with a BuildKit counterpart errors
FROM node:20
CMD node server.js
ADD ./app /app
# ---
# case: below the directives, a check comment skips those checks for the next instruction only
FROM node:20
# check=skip=JSONArgsRecommended

# blank lines between do not matter; an empty comment line would forget it
CMD node server.js
ENTRYPOINT node server.js
