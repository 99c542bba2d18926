/**
 * Embeddings: an optional capability a provider instance declares by implementing {@code EmbeddingsCapable}, and
 * (since 1.1) {@code Embedder}, the gateway's own embedding service for plugins.
 */
@Version("1.1.0")
@Export
package dev.switchboard.api.embeddings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
