package dev.switchboard.quota.budget.internal;

import dev.switchboard.api.quota.QuotaRequest;

/**
 * Whom a limit applies to: {@code tenant:acme}, {@code key:key_1}, {@code project:p}, {@code user:u},
 * {@code model:gpt-4o}, {@code provider:openai}, or {@code *} (everyone). A request matches when its field of that
 * kind equals the value; one comparison, no allocation, on the request path.
 */
record Scope(Kind kind, String value) {

    enum Kind { ALL, TENANT, KEY, PROJECT, USER, MODEL, PROVIDER }

    static Scope parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("*")) {
            return new Scope(Kind.ALL, "*");
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("scope '" + trimmed + "' is not kind:value (tenant, key, project, user,"
                    + " model, provider) or *");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(trimmed.substring(0, colon).trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scope kind '" + trimmed.substring(0, colon) + "' is not one of tenant,"
                    + " key, project, user, model, provider");
        }
        if (kind == Kind.ALL) {
            throw new IllegalArgumentException("scope '" + trimmed + "': write * for everyone");
        }
        return new Scope(kind, trimmed.substring(colon + 1).trim());
    }

    boolean matches(QuotaRequest request) {
        return switch (kind) {
            case ALL -> true;
            case TENANT -> value.equals(request.tenant());
            case KEY -> value.equals(request.keyId());
            case PROJECT -> value.equals(request.project());
            case USER -> value.equals(request.user());
            case MODEL -> value.equals(request.model());
            case PROVIDER -> value.equals(request.provider());
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ALL ? "*" : kind.name().toLowerCase(java.util.Locale.ROOT) + ':' + value;
    }
}
