package io.seckill.admin.catalog;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** Stable codes of the catalog endpoints. */
final class CatalogProblem {

    static final ProblemCode ACTIVITY_LIVE = new Problem("ACTIVITY_LIVE", HttpStatus.CONFLICT,
            "Stock, price, limit and times cannot change while the activity is live");
    static final ProblemCode ACTIVITY_CLOSED = new Problem("ACTIVITY_CLOSED", HttpStatus.CONFLICT,
            "The activity has ended or was cancelled");
    static final ProblemCode PRODUCT_IN_USE = new Problem("PRODUCT_IN_USE", HttpStatus.CONFLICT,
            "Open activities of this product do not allow the change");

    private CatalogProblem() {
    }
}
