# syntax=docker/dockerfile:1
#
# Ficus gateway image.
#
#   docker build -t ficus:dev .
#   docker run --rm -p 8080:8080 -p 8081:8081 ficus:dev                      # embedded demo
#   docker run --rm -p 8080:8080 -p 8081:8081 \
#     -v "$PWD/routes.yaml:/etc/ficus/routes.yaml:ro" \
#     -e FICUS_ROUTES_FILE=/etc/ficus/routes.yaml -e FICUS_OVERRIDES_TOKEN=... ficus:dev
#
# The build stage runs the README's build command unchanged; the runtime stage holds only a JRE and the gateway
# jar extracted into Spring Boot's layers (dependencies change rarely, the application layer on every commit).

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests package
RUN java -Djarmode=tools -jar gateway/target/ficus-gateway.jar extract --layers --launcher --destination /extracted

FROM ${RUNTIME_IMAGE}
LABEL org.opencontainers.image.title="ficus" \
      org.opencontainers.image.description="Strangler-fig migration gateway: per-route weighted, sticky routing between a legacy monolith and new services"

# A fixed numeric uid, so Kubernetes' runAsNonRoot can check it. /etc/ficus is read by the gateway, never written.
RUN groupadd --system --gid 10001 ficus \
    && useradd --system --uid 10001 --gid ficus --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin ficus \
    && mkdir -p /etc/ficus /var/lib/ficus \
    && chown ficus:ficus /var/lib/ficus

WORKDIR /opt/ficus
# Least to most often changed, one image layer each.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./

# FICUS_ROUTES_FILE      routes file; empty runs the embedded demo. Mount it under /etc/ficus, e.g.
#                        /etc/ficus/routes.yaml.
# FICUS_OVERRIDES_TOKEN  shared secret tester overrides must carry. Pass it at run time (-e, a Kubernetes
#                        Secret); it is deliberately not set here so it never ends up in an image layer.
# FICUS_TRUSTED_PROXIES  regex of proxy/load-balancer addresses whose X-Forwarded-* headers are kept; empty: none.
# FICUS_PORT             proxy port.
# FICUS_MANAGEMENT_PORT  health and metrics port (/actuator/health/liveness, /readiness, /prometheus).
# JAVA_TOOL_OPTIONS      extra JVM flags, read by the JVM itself (e.g. -Xss512k, -XX:ActiveProcessorCount=2).
ENV FICUS_ROUTES_FILE="" \
    FICUS_TRUSTED_PROXIES="" \
    FICUS_PORT=8080 \
    FICUS_MANAGEMENT_PORT=8081

# /etc/ficus: the routes file (mount read-only). /var/lib/ficus: state the gateway keeps across restarts
# (reserved for the rollout state store; nothing is written there yet).
VOLUME ["/etc/ficus", "/var/lib/ficus"]
EXPOSE 8080 8081

USER 10001:10001

# curl ships with the eclipse-temurin Ubuntu images. Liveness only: readiness is for load balancers, and an
# unready gateway should not be restarted.
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${FICUS_MANAGEMENT_PORT}/actuator/health/liveness" || exit 1

# Heap sized from the container's memory limit; an OutOfMemoryError ends the process so the orchestrator restarts
# it, instead of leaving a half-working gateway. The JVM is PID 1 and handles SIGTERM with a graceful shutdown.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "org.springframework.boot.loader.launch.JarLauncher"]
