package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.ProviderCheckReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The bodies of {@code /admin/instances}: the list (each instance with its type, models, circuit and where it is
 * defined), one instance as added (its key redacted), and a test's report. A value null is written as null.
 */
public final class InstanceListWriter {

    /** One row of the list. {@code circuitState} null when this node has no breaker for it yet. */
    public record Row(String id, String type, List<String> models, boolean serving, String circuitState,
                      double failureRate, String pid, String source, String failure) {
    }

    public void writeList(List<Row> rows, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("object", "list");
            gen.writeArrayFieldStart("data");
            for (Row row : rows) {
                gen.writeStartObject();
                gen.writeStringField("id", row.id());
                gen.writeStringField("object", "provider.instance");
                gen.writeStringField("type", row.type());
                gen.writeArrayFieldStart("models");
                for (String model : row.models()) {
                    gen.writeString(model);
                }
                gen.writeEndArray();
                gen.writeBooleanField("serving", row.serving());
                if (row.circuitState() == null) {
                    gen.writeNullField("circuit");
                } else {
                    gen.writeObjectFieldStart("circuit");
                    gen.writeStringField("state", row.circuitState());
                    gen.writeNumberField("failure_rate", row.failureRate());
                    gen.writeEndObject();
                }
                gen.writeStringField("source", row.source());
                gen.writeStringField("pid", row.pid());
                gen.writeBooleanField("removable", row.pid() != null);
                if (row.failure() != null) {
                    gen.writeStringField("failure", row.failure());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    /** An instance as the add request defined it; {@code settings} already redacted where secret. */
    public void writeAdded(String id, String type, String baseUrl, boolean hasKey, List<String> models, int weight,
                           Map<String, String> settings, String pid, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", id);
            gen.writeStringField("object", "provider.instance");
            gen.writeStringField("type", type);
            gen.writeStringField("base_url", baseUrl);
            if (hasKey) {
                gen.writeStringField("api_key", "***");
            } else {
                gen.writeNullField("api_key");
            }
            gen.writeArrayFieldStart("models");
            for (String model : models) {
                gen.writeString(model);
            }
            gen.writeEndArray();
            gen.writeNumberField("weight", weight);
            gen.writeObjectFieldStart("settings");
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                gen.writeStringField(setting.getKey(), setting.getValue());
            }
            gen.writeEndObject();
            gen.writeStringField("pid", pid);
            gen.writeStringField("status", "pending"); // the gateway creates it from the configuration, at once
            gen.writeEndObject();
        }
    }

    public void writeDeleted(String id, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", id);
            gen.writeStringField("object", "provider.instance");
            gen.writeBooleanField("deleted", true);
            gen.writeEndObject();
        }
    }

    public void writeTest(ProviderCheckReport report, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", report.instanceId());
            gen.writeStringField("method", report.method());
            gen.writeBooleanField("passed", report.passed());
            gen.writeNumberField("latency_ms", report.latencyMillis());
            gen.writeStringField("detail", report.detail());
            gen.writeEndObject();
        }
    }
}
