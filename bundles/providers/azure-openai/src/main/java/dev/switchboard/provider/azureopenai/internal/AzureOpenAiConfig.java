package dev.switchboard.provider.azureopenai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = AzureOpenAiConfig.PID, name = "Switchboard Azure OpenAI provider",
        description = "Azure OpenAI chat completions. Offers one instance when an endpoint and a credential are set "
                + "here or in AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY (or AZURE_OPENAI_AD_TOKEN).")
public @interface AzureOpenAiConfig {

    String PID = "dev.switchboard.provider.azure-openai";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance (when endpoint and credential are set).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id")
    String instance_id() default "azure-openai";

    @AttributeDefinition(name = "Endpoint", required = false,
            description = "https://<resource>.openai.azure.com; empty: the AZURE_OPENAI_ENDPOINT environment variable.")
    String endpoint() default "";

    @AttributeDefinition(name = "Authentication", description = "api-key (the resource key in the api-key header) "
            + "or bearer (a Microsoft Entra ID token in Authorization).")
    String auth() default "api-key";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "For auth = api-key. Empty: the AZURE_OPENAI_API_KEY environment variable.")
    String api_key() default "";

    @AttributeDefinition(name = "Entra token", type = AttributeType.PASSWORD, required = false,
            description = "For auth = bearer. Empty: the AZURE_OPENAI_AD_TOKEN environment variable.")
    String token() default "";

    @AttributeDefinition(name = "Entra client id", required = false,
            description = "For auth = bearer: a Microsoft Entra ID application whose tokens are fetched (client "
                    + "credentials) and refreshed before they expire. Empty: AZURE_CLIENT_ID; none: the token above.")
    String client_id() default "";

    @AttributeDefinition(name = "Entra client secret", type = AttributeType.PASSWORD, required = false,
            description = "The application's secret. Empty: the AZURE_CLIENT_SECRET environment variable.")
    String client_secret() default "";

    @AttributeDefinition(name = "Entra tenant id", required = false,
            description = "The directory (tenant) of the application. Empty: AZURE_TENANT_ID.")
    String tenant_id() default "";

    @AttributeDefinition(name = "Entra token endpoint", required = false,
            description = "Empty: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token (another cloud: its own).")
    String token_endpoint() default "";

    @AttributeDefinition(name = "Entra scope", required = false,
            description = "Empty: https://cognitiveservices.azure.com/.default")
    String scope() default "";

    @AttributeDefinition(name = "API surface", description = "deployments (/openai/deployments/{deployment}/chat/"
            + "completions?api-version=...) or v1 (/openai/v1/chat/completions, the deployment as model).")
    String surface() default "deployments";

    @AttributeDefinition(name = "API version", required = false,
            description = "api-version query parameter; empty: 2024-10-21 for deployments, none for v1.")
    String api_version() default "";

    @AttributeDefinition(name = "Responses API version", required = false,
            description = "api-version of /openai/responses on the deployments surface (a preview version there); "
                    + "empty: 2025-04-01-preview. On v1 the API version above.")
    String responses_api_version() default "";

    @AttributeDefinition(name = "Deployments", required = false,
            description = "model=deployment pairs, e.g. gpt-4o=my-gpt4o-deployment; a model without one is "
                    + "called by its own name.")
    String[] deployments() default {};

    @AttributeDefinition(name = "Models", description = "The catalog: id=input/output/context, USD per 1M tokens.")
    String[] models() default {"gpt-4o=2.50/10.00/128000", "gpt-4o-mini=0.15/0.60/128000",
        "gpt-4.1=2.00/8.00/1047576", "gpt-4.1-mini=0.40/1.60/1047576", "o4-mini=1.10/4.40/200000"};

    @AttributeDefinition(name = "Weight")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Request timeout (ms)")
    long request_timeout_ms() default 300_000;

    @AttributeDefinition(name = "Stream idle timeout (ms)")
    long stream_idle_timeout_ms() default 300_000;
}
