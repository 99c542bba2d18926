package dev.switchboard.api.provider;

/** What a provider type can do. Capability interfaces (embeddings, images, audio) arrive beside this. */
public enum Capability {
    CHAT,
    CHAT_STREAMING,
    EMBEDDINGS,
    IMAGES,
    AUDIO,
    VIDEO
}
