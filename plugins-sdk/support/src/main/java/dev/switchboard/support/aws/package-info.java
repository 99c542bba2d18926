/**
 * What every AWS provider bundle shares, without the AWS SDK: AWS Signature Version 4 request signing
 * ({@link dev.switchboard.support.aws.SigV4Signer}), credentials and region read the way the AWS CLI and SDKs
 * read them (environment variables, then the shared profile files: {@link dev.switchboard.support.aws.AwsEnvironment}),
 * the {@code application/vnd.amazon.eventstream} binary frame format that AWS streaming answers use
 * ({@link dev.switchboard.support.aws.EventStreamDecoder}), and the call plumbing every AWS provider repeats:
 * authentication ({@link dev.switchboard.support.aws.AwsAuth}: SigV4 or bearer), region and endpoint checks
 * ({@link dev.switchboard.support.aws.AwsEndpoints}) and a streamed answer as chunks
 * ({@link dev.switchboard.support.aws.EventStreamListener}); a unary call is every HTTP provider's
 * {@link dev.switchboard.support.http.UpstreamAnswer}.
 */
@Version("2.0.0")
@Export
package dev.switchboard.support.aws;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
