package io.seckill.admin.web;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the field errors of a request body checked by hand (cross-field rules, rules against stored rows) and
 * fails with the same 400 VALIDATION_FAILED + {@code errors: [{field, message}]} as bean validation does.
 */
public final class FieldErrors {

    private final List<Map<String, String>> errors = new ArrayList<>();

    public FieldErrors reject(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
        return this;
    }

    public FieldErrors check(boolean valid, String field, String message) {
        return valid ? this : reject(field, message);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** A single field error, for rules checked one by one. */
    public static ApiException of(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, "Some fields are not valid")
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "Some fields are not valid").with("errors", List.copyOf(errors));
        }
    }
}
