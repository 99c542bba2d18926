/**
 * What every provider bundle shares, HTTP or in-process, with no HTTP client in it: the stream plumbing
 * ({@link dev.switchboard.support.provider.ChunkStream}: a provider maps events to chunks, this keeps the
 * {@code Flow.Subscription} rules), typed settings ({@link dev.switchboard.support.provider.InstanceSettings})
 * and the one component shape ({@link dev.switchboard.support.provider.ProviderComponent}, published by
 * {@link dev.switchboard.support.provider.ProviderRegistration}, its own instance's settings built by
 * {@link dev.switchboard.support.provider.ConfiguredSettings}).
 */
@Version("1.3.0")
@Export
package dev.switchboard.support.provider;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
