/** Incremental Server-Sent Events parsing for upstream streams: bytes in any split, events out as they complete. */
@Version("1.2.0")
@Export
package dev.switchboard.support.sse;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
