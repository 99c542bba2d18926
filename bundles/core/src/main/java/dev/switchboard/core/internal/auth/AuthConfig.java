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
}
