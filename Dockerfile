# syntax=docker/dockerfile:1
# rankdown in a small image: built with the Rust toolchain, run on Debian slim
# with git, which item history, flow metrics and `rankdown diff` call.
#
#   docker build -t rankdown .
#   docker run --rm -v "$PWD:/backlog" -u "$(id -u):$(id -g)" rankdown build
#
# The backlog is mounted at /backlog, the working folder; the default command
# is `check`. README.md has more (`serve` from a container, CI).

FROM rust:1-slim-trixie AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src/ src/
COPY themes/ themes/
# Without the release profile's line tables, which make the binary five times
# larger (56 MB instead of 11).
ENV CARGO_PROFILE_RELEASE_DEBUG=false
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && cp target/release/rankdown /usr/local/bin/rankdown

FROM debian:trixie-slim
# A mounted repository belongs to another user than the container's, and git
# refuses to read such a repository unless it is marked safe. git is not
# pinned: Debian's security updates replace the old version in the archive.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*'
COPY --from=build /usr/local/bin/rankdown /usr/local/bin/rankdown
WORKDIR /backlog
ENTRYPOINT ["rankdown"]
CMD ["check"]
