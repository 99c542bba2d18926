/**
 * What every AWS provider bundle shares, without the AWS SDK: AWS Signature Version 4 request signing
 * ({@link dev.switchboard.support.aws.SigV4Signer}), credentials and region read the way the AWS CLI and SDKs
 * read them (environment variables, then the shared profile files: {@link dev.switchboard.support.aws.AwsEnvironment}),
 * and the {@code application/vnd.amazon.eventstream} binary frame format that AWS streaming answers use
 * ({@link dev.switchboard.support.aws.EventStreamDecoder}).
 */
@Version("1.0.0")
@Export
package dev.switchboard.support.aws;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
