# Image of the operator: the shaded jar on a JRE 17, run as a non-root numeric user.
# Build the jar first (mvn -B package), then: docker build -t psa-link-operator:0.1.0 .
FROM eclipse-temurin:17-jre

# Owned by root and read-only for the operator's user.
COPY target/psa-link-operator.jar /app/psa-link-operator.jar

# Numeric, so that Kubernetes can check runAsNonRoot without a passwd entry.
USER 65532:65532
WORKDIR /tmp

# /healthz, /readyz and /metrics (OPS_PORT)
EXPOSE 8080
# Heap sized from the container memory limit; the chart sets the same through JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/psa-link-operator.jar"]
CMD ["run"]
