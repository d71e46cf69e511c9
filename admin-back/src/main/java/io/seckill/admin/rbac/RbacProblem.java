package io.seckill.admin.rbac;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** Stable codes of {@code /api/admin/roles}, {@code /permissions} and {@code /admins}. */
final class RbacProblem {

    static final ProblemCode NAME_TAKEN = new Problem("NAME_TAKEN", HttpStatus.CONFLICT,
            "The name is already taken (names are unique, ignoring case)");
    static final ProblemCode BUILT_IN = new Problem("BUILT_IN", HttpStatus.CONFLICT,
            "Built-in roles and permissions cannot be changed or deleted");
    static final ProblemCode IN_USE = new Problem("IN_USE", HttpStatus.CONFLICT,
            "Still in use: remove it from its roles or admins first");
    static final ProblemCode LAST_RBAC_ADMIN = new Problem("LAST_RBAC_ADMIN", HttpStatus.CONFLICT,
            "This would leave no active admin holding rbac:admin");
    static final ProblemCode SELF = new Problem("SELF", HttpStatus.CONFLICT,
            "Admins cannot disable or delete themselves");

    private RbacProblem() {
    }
}
