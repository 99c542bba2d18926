/** Cluster-wide state services that core and the grid offer to plugins, so plugins never touch Hazelcast. */
@Version("1.4.0")
@Export
package dev.switchboard.api.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
