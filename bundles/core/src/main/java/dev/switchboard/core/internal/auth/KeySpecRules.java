package dev.switchboard.core.internal.auth;

import dev.switchboard.core.api.ApiKeys.KeySpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a key may carry, checked before anything is stored: bounded sizes (a signed record must fit the store's
 * column and stay cheap to hold on every node), ids as slugs, an expiry in the future. Failures are
 * {@link IllegalArgumentException}s whose message names the field, for a 400.
 */
final class KeySpecRules {

    /** Tenant, project and user ids, and the ids of the directory. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_NAME = 128;
    private static final int MAX_MODELS = 64;
    private static final int MAX_MODEL = 256;
    private static final int MAX_TAGS = 16;
    private static final int MAX_TAG = 64;
    private static final int MAX_METADATA = 16;
    private static final int MAX_METADATA_KEY = 64;
    private static final int MAX_METADATA_VALUE = 256;

    private KeySpecRules() {
    }

    /** The spec with its strings trimmed and the default tenant filled in; throws for an invalid one. */
    static KeySpec checked(KeySpec spec, long nowMillis) {
        String name = spec.name() == null ? "" : spec.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name: a key needs a name of 1 to " + MAX_NAME + " characters");
        }
        String tenant = spec.tenant() == null || spec.tenant().isBlank() ? "default" : spec.tenant().trim();
        slug("tenant", tenant);
        String project = blankToNull(spec.project());
        if (project != null) {
            slug("project", project);
        }
        String user = blankToNull(spec.user());
        if (user != null && (user.length() > 256 || user.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("user: at most 256 characters, no control characters");
        }
        if (spec.expiresEpochMillis() < 0 || (spec.expiresEpochMillis() != 0 && spec.expiresEpochMillis() <= nowMillis)) {
            throw new IllegalArgumentException("expires_at: must be in the future");
        }
        bounded("allowed_models", spec.allowedModels(), MAX_MODELS, MAX_MODEL);
        bounded("tags", spec.tags(), MAX_TAGS, MAX_TAG);
        if (spec.metadata().size() > MAX_METADATA) {
            throw new IllegalArgumentException("metadata: at most " + MAX_METADATA + " entries");
        }
        for (Map.Entry<String, String> entry : spec.metadata().entrySet()) {
            if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_METADATA_KEY || entry.getValue() == null
                    || entry.getValue().length() > MAX_METADATA_VALUE) {
                throw new IllegalArgumentException("metadata: keys of 1 to " + MAX_METADATA_KEY
                        + " characters, string values of at most " + MAX_METADATA_VALUE);
            }
        }
        return new KeySpec(name, tenant, project, user, spec.role(), spec.expiresEpochMillis(), spec.allowedModels(),
                spec.metadata(), spec.tags(), spec.cache());
    }

    static void slug(String field, String value) {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": an id of 1 to 64 characters a-z, 0-9, '.', '_', '-',"
                    + " starting with a letter or digit");
        }
    }

    private static void bounded(String field, List<String> values, int maxCount, int maxLength) {
        if (values.size() > maxCount) {
            throw new IllegalArgumentException(field + ": at most " + maxCount + " entries");
        }
        for (String value : values) {
            if (value == null || value.isBlank() || value.length() > maxLength || value.indexOf(',') >= 0) {
                throw new IllegalArgumentException(field + ": entries of 1 to " + maxLength
                        + " characters, without commas");
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
