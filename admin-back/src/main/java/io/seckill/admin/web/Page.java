package io.seckill.admin.web;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import java.util.List;

/** DESIGN.md §12 pages: {@code ?page=0&size=20} → {@code {items, page, size, total}}. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int MAX_SIZE = 100;

    /** @throws ApiException 400 VALIDATION_FAILED for a negative page or a size outside 1..100 */
    public static void check(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "page must be >= 0 and size between 1 and " + MAX_SIZE);
        }
    }

    public static long offset(int page, int size) {
        return (long) page * size;
    }
}
