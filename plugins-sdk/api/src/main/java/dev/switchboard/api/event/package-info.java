/**
 * Gateway events: what happened ({@link GatewayEventType}), published on OSGi EventAdmin under
 * {@code dev/switchboard/...} topics with properties of JDK types only ({@link EventProperties}); plugins
 * publish through the {@link GatewayEvents} service that core registers while EventAdmin is present.
 */
@Version("1.0.0")
@Export
package dev.switchboard.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
