package dev.switchboard.core.api;

/**
 * One check of a provider instance. {@code method}: {@code check} (the provider's own, no tokens billed),
 * {@code chat} (a one-token chat) or {@code none} (the provider offers no check and a chat was not allowed).
 * {@code detail} is what the upstream answered or the error, the instance's key cut out.
 */
public record ProviderCheckReport(String instanceId, String method, boolean passed, long latencyMillis,
                                  String detail) {

    public static final String CHECK = "check";
    public static final String CHAT = "chat";
    public static final String NONE = "none";
}
