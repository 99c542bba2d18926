/** The node's embedded grid member, for bundles that keep cluster-wide state (core, grid-backed caches). */
@Version("1.2.0")
@Export
package dev.switchboard.grid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
