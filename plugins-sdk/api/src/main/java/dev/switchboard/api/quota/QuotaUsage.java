package dev.switchboard.api.quota;

import java.time.Instant;

/**
 * One limit's state for operators ({@code switchboard:quota-show}, {@code GET /admin/limits}): which strategy and
 * limit ({@code name}), whom it applies to ({@code scope}, e.g. {@code tenant:acme}), what it counts
 * ({@code dimension}: requests, tokens, cost in micro-USD), the current window or period, what was used and is
 * held (reserved) in it against {@code limit}, when it resets, and its {@code mode} ({@code local}: counted per node,
 * synced; {@code exact}: atomic in the grid).
 */
public record QuotaUsage(String strategy, String name, String scope, String dimension, String period, long used,
                         long reserved, long limit, Instant resetsAt, String mode) {
}
