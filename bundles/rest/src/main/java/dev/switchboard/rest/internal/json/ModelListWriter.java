package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.ModelListing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** OpenAI's model list ({@code {"object":"list","data":[...]}}) and single model objects. */
public final class ModelListWriter {

    static final String DEFAULT_OWNER = "switchboard";

    public void writeList(List<ModelListing> models, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("object", "list");
            gen.writeArrayFieldStart("data");
            for (ModelListing model : models) {
                writeModel(gen, model);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    public void writeOne(ModelListing model, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            writeModel(gen, model);
        }
    }

    private static void writeModel(JsonGenerator gen, ModelListing model) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("id", model.model().id());
        gen.writeStringField("object", "model");
        // the catalog has no creation dates; OpenAI clients only need the field to exist
        gen.writeNumberField("created", 0);
        gen.writeStringField("owned_by", owner(model));
        gen.writeEndObject();
    }

    private static String owner(ModelListing model) {
        List<String> types = model.providerTypes();
        return types == null || types.isEmpty() ? DEFAULT_OWNER : types.get(0);
    }
}
