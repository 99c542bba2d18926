package dev.switchboard.provider.bedrock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = BedrockConfig.PID, name = "Switchboard Amazon Bedrock provider",
        description = "Amazon Bedrock Runtime (Converse, ConverseStream). Offers one instance when AWS credentials "
                + "(or a Bedrock API key) and a region are found here, in the environment or in the AWS profile files.")
public @interface BedrockConfig {

    String PID = "dev.switchboard.provider.bedrock";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance to core (when credentials are found).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "bedrock";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "A Bedrock API key (sent as a bearer token), or accessKeyId:secretAccessKey[:sessionToken] "
                    + "for SigV4. Empty: AWS_BEARER_TOKEN_BEDROCK, else the AWS credentials of the environment or profile.")
    String api_key() default "";

    @AttributeDefinition(name = "Region", required = false,
            description = "AWS region, e.g. us-east-1. Empty: AWS_REGION, AWS_DEFAULT_REGION or the profile's region.")
    String region() default "";

    @AttributeDefinition(name = "Profile", required = false,
            description = "Profile of ~/.aws/credentials and ~/.aws/config. Empty: the environment, then AWS_PROFILE or default.")
    String profile() default "";

    @AttributeDefinition(name = "API", required = false,
            description = "converse (default: Converse/ConverseStream, any model) or invoke (InvokeModel/"
                    + "InvokeModelWithResponseStream with the model's own body: Claude and Nova). Per model: "
                    + "api.<model id> = invoke.")
    String api() default "converse";

    @AttributeDefinition(name = "Base URL", required = false,
            description = "Empty: https://bedrock-runtime.<region>.amazonaws.com. Set for a VPC endpoint or a test stub.")
    String base_url() default "";

    @AttributeDefinition(name = "Models",
            description = "The catalog: id=input/output/context, prices in USD per 1M tokens, context in tokens.")
    String[] models() default {
        "us.anthropic.claude-sonnet-4-20250514-v1:0=3.00/15.00/200000",
        "us.anthropic.claude-3-7-sonnet-20250219-v1:0=3.00/15.00/200000",
        "anthropic.claude-3-5-haiku-20241022-v1:0=0.80/4.00/200000",
        "anthropic.claude-3-haiku-20240307-v1:0=0.25/1.25/200000",
        "amazon.nova-pro-v1:0=0.80/3.20/300000", "amazon.nova-lite-v1:0=0.06/0.24/300000",
        "amazon.nova-micro-v1:0=0.035/0.14/128000",
        "qwen.qwen3-235b-a22b-2507-v1:0=0.22/0.88/262144", "qwen.qwen3-32b-v1:0=0.15/0.60/131072",
        "qwen.qwen3-coder-480b-a35b-v1:0=0.22/1.80/262144"};

    @AttributeDefinition(name = "Weight", description = "Share of traffic for weighted selection.")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect_timeout_ms() default BedrockSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Longest wait for an answer (for a stream: for it to begin); the gateway's deadline may be shorter.")
    long request_timeout_ms() default BedrockSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)", description = "Longest silence inside a stream.")
    long stream_idle_timeout_ms() default BedrockSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
