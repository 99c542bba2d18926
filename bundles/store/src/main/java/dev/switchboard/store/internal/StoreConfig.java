package dev.switchboard.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard store",
        description = "Durable state over JDBC: an embedded H2 file by default, PostgreSQL by URL")
public @interface StoreConfig {

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "Empty: an H2 file under ${karaf.data}/switchboard/store. PostgreSQL: "
                    + "jdbc:postgresql://host:5432/switchboard (the database must exist)")
    String url() default "";

    @AttributeDefinition(name = "User", required = false)
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Never logged nor shown in the service's properties")
    String password() default "";

    @AttributeDefinition(name = "Connections", description = "Most connections the store's pool opens")
    int max_connections() default 4;

    @AttributeDefinition(name = "Ledger queue", description = "Usage entries waiting for the writer; a full "
            + "queue drops (and counts) new entries rather than slow a request down")
    int ledger_queue_capacity() default 10_000;

    @AttributeDefinition(name = "Ledger batch", description = "Most rows one insert batch carries")
    int ledger_batch_size() default 200;

    @AttributeDefinition(name = "Ledger flush (ms)", description = "How long a batch waits for more rows")
    long ledger_flush_ms() default 200;
}
