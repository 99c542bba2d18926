/** The SelectionStrategy SPI: order the healthy candidates for a request. */
@Version("1.1.0")
@Export
package dev.switchboard.api.selection;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
