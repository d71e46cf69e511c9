package io.seckill.tx;

import java.util.Map;

/**
 * What every branch of one global transaction knows: its id and the business keys the participants need
 * (reservation, activity, user…). Stored with the coordinator log, so a re-drive after a crash hands the
 * participants exactly what the first run did.
 */
public record TxContext(String txId, Map<String, String> attributes) {

    public TxContext {
        if (txId == null || txId.isBlank() || txId.length() > 64) {
            throw new IllegalArgumentException("a transaction id is 1..64 characters");
        }
        attributes = Map.copyOf(attributes);
    }

    public String get(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalStateException("transaction " + txId + " has no attribute " + name);
        }
        return value;
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }
}
