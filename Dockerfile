# Build the SPA and the server, then run them from a slim image.
FROM rust:1.95-bookworm AS build
RUN rustup target add wasm32-unknown-unknown && apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo xtask build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/realis /usr/local/bin/realis
COPY --from=build /src/frontend/dist /srv/realis/web
ENV REALIS_WEB_DIR=/srv/realis/web REALIS_DATA_DIR=/data REALIS_BIND=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["realis"]
CMD ["serve", "--demo"]
