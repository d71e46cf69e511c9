package io.seckill.admin.settings;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** Masks the {@code secret} members of a setting's value (DingTalk signing secrets) for the audit trail. */
final class Secrets {

    static final String MASK = "******";

    private Secrets() {
    }

    static JsonNode masked(JsonNode value) {
        JsonNode copy = value.deepCopy();
        mask(copy);
        return copy;
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("secret")) {
                object.set("secret", StringNode.valueOf(MASK));
            }
            object.forEach(Secrets::mask);
        } else if (node.isArray()) {
            node.forEach(Secrets::mask);
        }
    }
}
