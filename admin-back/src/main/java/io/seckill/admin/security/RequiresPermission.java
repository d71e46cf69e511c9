package io.seckill.admin.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an {@code /api/admin/**} endpoint needs. {@link AdminTokenInterceptor} checks it before the body is
 * read or validated, so a caller without it learns nothing about the endpoint's input rules; an admin endpoint
 * without this annotation is refused to everyone (fail closed).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresPermission {

    /** Any valid admin token will do (logout). */
    String ANY_ADMIN = "";

    /** A permission code ({@code resource:action}) from {@code rbac_permissions}, or {@link #ANY_ADMIN}. */
    String value();
}
