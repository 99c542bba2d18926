package dev.switchboard.cache.semantic.internal;

import dev.switchboard.api.chat.ChatResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One indexed answer as the bytes the grid holds (JDK types only: the grid cannot load this bundle's classes):
 * {@code version (1) | partition length (4) | partition (UTF-8) | time to live ms (8) | dimensions (4) | unit vector
 * (4 x dimensions, float32) | the answer's JSON}. The grid signs the whole entry and checks it on every read and
 * event, so a vector or answer nobody of this cluster wrote never reaches an index. A node's index reads only the head
 * (partition, life, vector); the answer's JSON is read on a hit.
 */
record SemanticEntry(String partition, long ttlMillis, float[] vector) {

    private static final byte VERSION = 1;
    /** Beyond any embedding model's vectors (3072 today); a longer one is refused, not allocated. */
    static final int MAX_DIMENSIONS = 16_384;

    static byte[] encode(String partition, long ttlMillis, float[] unitVector, byte[] answerJson) {
        byte[] name = partition.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + name.length + 8 + 4 + 4 * unitVector.length + answerJson.length);
        out.put(VERSION).putInt(name.length).put(name).putLong(ttlMillis).putInt(unitVector.length);
        for (float value : unitVector) {
            out.putFloat(value);
        }
        out.put(answerJson);
        return out.array();
    }

    /** The head of a stored entry; null when it is not one of this version's (never throws). */
    static SemanticEntry head(byte[] stored) {
        try {
            ByteBuffer in = ByteBuffer.wrap(stored);
            if (in.get() != VERSION) {
                return null;
            }
            int nameLength = in.getInt();
            if (nameLength < 0 || nameLength > in.remaining()) {
                return null;
            }
            String partition = new String(stored, in.position(), nameLength, StandardCharsets.UTF_8);
            in.position(in.position() + nameLength);
            long ttl = in.getLong();
            int dimensions = in.getInt();
            if (dimensions < 1 || dimensions > MAX_DIMENSIONS || 4L * dimensions > in.remaining()) {
                return null;
            }
            float[] vector = new float[dimensions];
            in.asFloatBuffer().get(vector);
            return new SemanticEntry(partition, ttl, vector);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The answer of a stored entry; null when it cannot be read. */
    static ChatResponse answer(byte[] stored) {
        try {
            ByteBuffer in = ByteBuffer.wrap(stored);
            in.get();
            int nameLength = in.getInt();
            in.position(in.position() + nameLength + 8);
            int dimensions = in.getInt();
            int start = in.position() + 4 * dimensions;
            return ResponseJson.read(stored, start, stored.length - start);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
