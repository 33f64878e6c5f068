# syntax=docker/dockerfile:1
# Build:  docker build -t newsbot .
# Gateway bot (default):  docker run --rm --env-file .env newsbot
# HTTP interactions mode: docker run --rm --env-file .env -p 8080:8080 newsbot http
# One question:           docker run --rm newsbot ask "what did China say about proof?"
# Keep the feedback store: docker run --env-file .env -v newsbot-data:/data -e BOT_DB=/data/bot.db newsbot
# Secrets come from the environment at run time; none is copied into the image.

# The Go version of go.mod (a test checks they agree).
ARG GO_VERSION=1.26.8

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static, stripped, reproducible; the articles in data/ are embedded.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot
# The store's mount point; distroless has no shell to mkdir it there.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /bot
# /data belongs to the non-root user (65532), so a new named volume mounted
# there inherits that owner and BOT_DB=/data/bot.db can be created.
COPY --from=build --chown=65532:65532 /out/data /data
VOLUME /data
USER nonroot:nonroot
# The non-root user's home is writable: the feedback store (./bot.db) lives
# there unless BOT_DB points at a mounted volume.
WORKDIR /home/nonroot
# bot http listens here (HTTP_ADDR, default :8080); the gateway bot needs no port.
EXPOSE 8080
ENTRYPOINT ["/bot"]
CMD ["serve"]
