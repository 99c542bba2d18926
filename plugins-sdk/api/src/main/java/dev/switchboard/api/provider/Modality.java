package dev.switchboard.api.provider;

/** A kind of input or output a model handles. */
public enum Modality {
    TEXT,
    IMAGE,
    AUDIO,
    /** Video out (a video generation model, {@code /v1/videos}). */
    VIDEO
}
