package dev.switchboard.core.internal.auth;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard authentication", description = "Virtual keys and the first admin key")
public @interface AuthConfig {

    @AttributeDefinition(name = "Bootstrap admin key", type = AttributeType.PASSWORD,
            description = "An admin key to register at start (stored hashed). Empty: on a first start with no "
                    + "keys, one is generated and printed once.", required = false)
    String admin_key() default "";

    @AttributeDefinition(name = "Key file", required = false,
            description = "The key file of versions before the store, imported into the store on the first start "
                    + "with it and renamed keys.json.migrated; default ${karaf.data}/switchboard/keys.json")
    String keys_file() default "";

    @AttributeDefinition(name = "JWT shared secret (HS256)", type = AttributeType.PASSWORD, required = false,
            description = "Accept bearer JWTs signed HS256 with this secret (at least 32 bytes). Empty: off.")
    String jwt_hs256_secret() default "";

    @AttributeDefinition(name = "JWKS URL (RS256)", required = false,
            description = "Accept bearer JWTs signed RS256 by a key of this JWKS (fetched off the request path). Empty: off.")
    String jwt_jwks_url() default "";

    @AttributeDefinition(name = "JWKS refresh (s)", required = false)
    long jwt_jwks_refresh_seconds() default 600;

    @AttributeDefinition(name = "Required issuer (iss)", required = false)
    String jwt_issuer() default "";

    @AttributeDefinition(name = "Required audience (aud)", required = false)
    String jwt_audience() default "";

    @AttributeDefinition(name = "Tenant claim", required = false)
    String jwt_claim_tenant() default "tenant";

    @AttributeDefinition(name = "Role claim", required = false,
            description = "admin, operator, tenant-admin or app; absent: app")
    String jwt_claim_role() default "role";

    @AttributeDefinition(name = "User claim", required = false)
    String jwt_claim_user() default "sub";

    @AttributeDefinition(name = "Clock leeway (s)", required = false)
    long jwt_leeway_seconds() default 60;
}
