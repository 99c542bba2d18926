package dev.switchboard.support.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One of the AWS shared configuration files ({@code ~/.aws/credentials} or {@code ~/.aws/config}), read as the
 * AWS CLI reads them: {@code [name]} sections of {@code key = value} lines, {@code #} and {@code ;} comments. In
 * the config file a profile's section is {@code [profile name]} (the default one may be {@code [default]});
 * in the credentials file it is {@code [name]}. Nested sections (indented lines under {@code s3 =}) are skipped.
 */
public final class AwsProfileFile {

    private static final AwsProfileFile EMPTY = new AwsProfileFile(Map.of());

    private final Map<String, Map<String, String>> profiles;

    private AwsProfileFile(Map<String, Map<String, String>> profiles) {
        this.profiles = profiles;
    }

    /** The file's profiles, or none when it does not exist or cannot be read (the CLI treats both the same). */
    public static AwsProfileFile read(Path file, boolean configFile) {
        if (file == null || !Files.isRegularFile(file)) {
            return EMPTY;
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), configFile);
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    public static AwsProfileFile parse(String text, boolean configFile) {
        Map<String, Map<String, String>> profiles = new HashMap<>();
        Map<String, String> current = null;
        for (String raw : text.split("\r?\n")) {
            if (raw.isBlank()) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            String line = raw.strip();
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (configFile && name.startsWith("profile ")) {
                    name = name.substring("profile ".length()).strip();
                } else if (configFile && !"default".equals(name)) {
                    current = null; // [sso-session x], [services x]: not profiles
                    continue;
                }
                current = profiles.computeIfAbsent(name, n -> new HashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (current == null || indented || equals <= 0) {
                continue;
            }
            String value = line.substring(equals + 1).strip();
            int comment = value.indexOf(" #");
            if (comment < 0) {
                comment = value.indexOf(" ;");
            }
            current.put(line.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                    comment >= 0 ? value.substring(0, comment).strip() : value);
        }
        return new AwsProfileFile(profiles);
    }

    /** A profile's value, or {@code null}. */
    public String value(String profile, String key) {
        Map<String, String> values = profiles.get(profile);
        String value = values == null ? null : values.get(key.toLowerCase(Locale.ROOT));
        return value == null || value.isEmpty() ? null : value;
    }

    public boolean hasProfile(String profile) {
        return profiles.containsKey(profile);
    }
}
