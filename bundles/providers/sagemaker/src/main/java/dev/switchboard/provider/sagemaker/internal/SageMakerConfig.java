package dev.switchboard.provider.sagemaker.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SageMakerConfig.PID, name = "Switchboard Amazon SageMaker provider",
        description = "Chat models deployed on SageMaker endpoints (messages API or TGI containers). Offers one "
                + "instance when endpoints are listed and AWS credentials and a region are found.")
public @interface SageMakerConfig {

    String PID = "dev.switchboard.provider.sagemaker";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id")
    String instance_id() default "sagemaker";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "accessKeyId:secretAccessKey[:sessionToken]. Empty: the AWS environment variables or profile.")
    String api_key() default "";

    @AttributeDefinition(name = "Region", required = false, description = "Empty: AWS_REGION, AWS_DEFAULT_REGION or the profile's.")
    String region() default "";

    @AttributeDefinition(name = "Profile", required = false)
    String profile() default "";

    @AttributeDefinition(name = "Base URL", required = false,
            description = "Empty: https://runtime.sagemaker.<region>.amazonaws.com.")
    String base_url() default "";

    @AttributeDefinition(name = "Endpoints", required = false,
            description = "The catalog: endpoint names as models, endpoint=input/output/context. Empty: no instance.")
    String[] models() default {};

    @AttributeDefinition(name = "Format",
            description = "Default request/response format of the endpoints: messages (OpenAI-style chat, TGI/vLLM "
                    + "Messages API), tgi (TGI generate: inputs/parameters), image or video (a generation container: "
                    + "request.template.<endpoint>, response.media.<endpoint>, response.item.<endpoint>). Per endpoint: "
                    + "format.<endpoint>.")
    String format() default "messages";

    @AttributeDefinition(name = "Weight")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect_timeout_ms() default SageMakerSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)")
    long request_timeout_ms() default SageMakerSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)")
    long stream_idle_timeout_ms() default SageMakerSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
