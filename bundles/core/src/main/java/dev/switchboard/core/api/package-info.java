/** The gateway as the REST and shell bundles see it: authenticate, chat, list models, report health and stats. */
@Version("1.10.0")
@Export
package dev.switchboard.core.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
