/** The QuotaStrategy SPI: admit or deny a request (async since 1.1), then record what it really used or release what was held; definitions shared by the cluster since 1.2. */
@Version("1.2.0")
@Export
package dev.switchboard.api.quota;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
