# case: upper-case FROM, lower-case as
FROM alpine:3.20 as build
# ---
# case: lower-case from, upper-case AS
from alpine:3.20 AS build
# ---
# ok: matching
FROM alpine:3.20 AS build
from alpine:3.20 as test
# ---
# ok: a mixed-case From is not this rule's to judge
From alpine:3.20 as build
