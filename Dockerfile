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

# The code is compiled for Java 17 (CI tests on 17; the suite also passes on 25); the image runs it on Java 25 for
# its AOT cache (below).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests package
# --layers without --launcher: each layer holds part of ficus-gateway.jar + lib/, so the runtime stage can start it
# with plain `java -jar` and an AOT cache (which, like CDS, needs a class path of jars, not the nested launcher).
RUN java -Djarmode=tools -jar gateway/target/ficus-gateway.jar extract --layers --destination /extracted

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

# AOT cache (JDK 24+, JEP 483/514/515): one training run of the embedded demo (its stub backends run in-process;
# nothing outside the container is contacted) serves 500 requests and is then stopped with SIGTERM; the JVM records
# the classes it loaded, already parsed and linked, and the method profiles of the warm request path into app.aot.
# Start -> first 200 on a proxied route on the 2-core dev machine (load-tests/bench/startup.sh, median): 7.1 s on
# JDK 17 with a CDS archive (an earlier image), 4.6 s on JDK 25 with a cache from a run that stopped at context
# refresh, see the README for this one. The cache is only valid for this JRE and this class path, which is why it is
# made here, in the runtime image; with another JRE the JVM warns and starts without it. Trained and run with the
# same garbage collector. gateway/aot-training.sh is the script the benchmarks use too.
COPY gateway/aot-training.sh /tmp/aot-training.sh
RUN FICUS_STATE_DIR=/tmp/ficus-aot-training bash /tmp/aot-training.sh app.aot http://127.0.0.1:8080/survey/1 500 \
        java -XX:+UseSerialGC -jar ficus-gateway.jar \
    && rm -rf /tmp/ficus-aot-training /tmp/aot-training.sh

# FICUS_ROUTES_FILE      routes file; empty runs the embedded demo. Mount it under /etc/ficus, e.g.
#                        /etc/ficus/routes.yaml.
# FICUS_OVERRIDES_TOKEN  shared secret tester overrides must carry. Pass it at run time (-e, a Kubernetes
#                        Secret); it is deliberately not set here so it never ends up in an image layer.
# FICUS_TRUSTED_PROXIES  regex of proxy/load-balancer addresses whose X-Forwarded-* headers are kept; empty: none.
# FICUS_STATE_DIR        where runtime weights, rollouts (state.json) and the audit log (audit.jsonl) are kept.
# FICUS_ADMIN_TOKENS_0_NAME / _TOKEN / _ROLE   admin API tokens (viewer|operator); pass the token at run time.
# FICUS_PORT             proxy port.
# FICUS_MANAGEMENT_PORT  health and metrics port (/actuator/health/liveness, /readiness, /prometheus).
# FICUS_EVENT_LOOPS      Netty event loop threads; empty: Reactor Netty's default, max(4, CPUs). 1 per CPU cuts p99.
# JAVA_TOOL_OPTIONS      extra JVM flags, read by the JVM itself (e.g. -Xss512k, -XX:ActiveProcessorCount=2).
ENV FICUS_ROUTES_FILE="" \
    FICUS_STATE_DIR=/var/lib/ficus \
    FICUS_TRUSTED_PROXIES="" \
    FICUS_PORT=8080 \
    FICUS_MANAGEMENT_PORT=8081

# /etc/ficus: the routes file (mount read-only). /var/lib/ficus: state the gateway keeps across restarts (runtime
# weights and rollouts in state.json, audit.jsonl); give it a persistent volume.
VOLUME ["/etc/ficus", "/var/lib/ficus"]
EXPOSE 8080 8081

USER 10001:10001

# curl ships with the eclipse-temurin Ubuntu images. Liveness only: readiness is for load balancers, and an
# unready gateway should not be restarted.
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${FICUS_MANAGEMENT_PORT}/actuator/health/liveness" || exit 1

# Heap: at most 75 % of the container's memory limit, starting at 64 MB (an idle gateway then stays near 220 MB RSS
# instead of committing 1/64 of the host's memory up front). Serial GC: what the JVM itself picks below 1,792 MB of
# memory (the Kubernetes example's 768Mi pod), made explicit so it does not change with the limit. Measured against
# G1 on one core at 1,000 req/s: idle RSS 300 MB instead of 324 MB (G1's own structures: 41 MB), p99 4.5 ms instead
# of 4.9 ms, young pauses 1.7-2.2 ms every 0.3 s, same CPU per request. An OutOfMemoryError ends the process so the
# orchestrator restarts it, instead of leaving a half-working gateway. The JVM is PID 1 and handles SIGTERM with a
# graceful shutdown. The same flags are used by load-tests/bench/run.sh.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Xms64m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", \
            "-XX:AOTCache=app.aot", "-jar", "ficus-gateway.jar"]
