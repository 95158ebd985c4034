# case: the same name twice
FROM node:20 AS build
FROM golang:1.22 AS build
# ---
# case: names compare in any case, as BuildKit compares them
FROM node:20 AS build
FROM golang:1.22 AS Build
# ---
# ok: different names
FROM node:20 AS web
FROM golang:1.22 AS api
FROM scratch
# ---
# ok: stages without names
FROM node:20
FROM node:20
