package dev.switchboard.api.quota;

import java.util.Locale;

/**
 * Whom a limit applies to, as operators write it: {@code tenant:acme}, {@code key:key_1}, {@code project:p},
 * {@code user:u}, {@code session:s}, {@code model:gpt-4o}, {@code provider:openai}; {@code <kind>:*} applies to
 * every value of that kind, each counted on its own (every key its own limit); {@code *} is everyone together.
 * Matching is one comparison, no allocation, so strategies can test every request against every limit.
 */
public record QuotaScope(Kind kind, String value) {

    public enum Kind { ALL, TENANT, KEY, PROJECT, USER, SESSION, MODEL, PROVIDER }

    public static final QuotaScope ALL = new QuotaScope(Kind.ALL, "*");

    public QuotaScope {
        if (kind == null || value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a scope needs a kind and a value");
        }
    }

    /** Reads {@code kind:value} or {@code *}; the message of the exception names what is wrong. */
    public static QuotaScope parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("*")) {
            return ALL;
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("scope '" + trimmed + "' is not kind:value (tenant, key, project, user,"
                    + " session, model, provider) or *");
        }
        String kindName = trimmed.substring(0, colon).trim();
        Kind kind;
        try {
            kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        if (kind == null || kind == Kind.ALL) {
            throw new IllegalArgumentException("scope kind '" + kindName + "' is not one of tenant, key, project, user,"
                    + " session, model, provider");
        }
        return new QuotaScope(kind, trimmed.substring(colon + 1).trim());
    }

    /** Whether every value of the kind is counted on its own ({@code key:*}). */
    public boolean eachValue() {
        return kind != Kind.ALL && value.equals("*");
    }

    /** The request's value of this scope's kind (null when it has none; {@code *} for {@link #ALL}). */
    public String valueOf(QuotaRequest request) {
        return switch (kind) {
            case ALL -> "*";
            case TENANT -> request.tenant();
            case KEY -> request.keyId();
            case PROJECT -> request.project();
            case USER -> request.user();
            case SESSION -> request.session();
            case MODEL -> request.model();
            case PROVIDER -> request.provider();
        };
    }

    public boolean matches(QuotaRequest request) {
        if (kind == Kind.ALL) {
            return true;
        }
        String actual = valueOf(request);
        return actual != null && (value.equals("*") || value.equals(actual));
    }

    @Override
    public String toString() {
        return kind == Kind.ALL ? "*" : kind.name().toLowerCase(Locale.ROOT) + ':' + value;
    }
}
