/** Incremental newline-delimited JSON parsing for upstream streams (Ollama and others): bytes in any split, lines out as they complete. */
@Version("1.1.0")
@Export
package dev.switchboard.support.ndjson;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
