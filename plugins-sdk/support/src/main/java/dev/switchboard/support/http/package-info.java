/**
 * HTTP plumbing every provider bundle shares: the pooled, non-blocking upstream client service
 * ({@link dev.switchboard.support.http.UpstreamHttp}), JSON POST and streaming calls with deadlines and
 * cancellation ({@link dev.switchboard.support.http.JsonPost}), GETs for cheap calls beside chat
 * ({@link dev.switchboard.support.http.UpstreamGet}), a complete answer sent, mapped and read the same way for every
 * provider ({@link dev.switchboard.support.http.UpstreamAnswer}), and the mapping of transport failures, HTTP
 * statuses and Retry-After headers to {@link dev.switchboard.api.provider.ProviderException}.
 */
@Version("1.4.0")
@Export
package dev.switchboard.support.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
