/** Provider-neutral chat records: requests, responses, streaming chunks and token usage. */
@Version("1.1.0")
@Export
package dev.switchboard.api.chat;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
