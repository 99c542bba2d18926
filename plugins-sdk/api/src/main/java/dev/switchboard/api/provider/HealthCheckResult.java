package dev.switchboard.api.provider;

/**
 * A passed {@link HealthCheckable#check}: {@code detail} says in a few words what the upstream answered
 * ("12 models listed"), for operators; never a secret, may be empty.
 */
public record HealthCheckResult(String detail) {

    public HealthCheckResult {
        detail = detail == null ? "" : detail;
    }

    public static HealthCheckResult of(String detail) {
        return new HealthCheckResult(detail);
    }
}
