/** Embeddings: an optional capability a provider instance declares by implementing {@code EmbeddingsCapable}. */
@Version("1.0.0")
@Export
package dev.switchboard.api.embeddings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
