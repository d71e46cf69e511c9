package io.seckill.admin.users;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.DenyList;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.web.FieldErrors;
import io.seckill.admin.web.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/users}: customers, through user-service (which owns {@code users}). List and search by status
 * and mobile prefix (user:read); disable and enable (user:write), audited here with the status before and after.
 * A disabled customer cannot log in or refresh (user-api asks user-service at every refresh), and the access
 * tokens already out are refused at once by every service ({@code auth:deny-user:<id>}, read by the kernel's
 * revocation list; kept as long as a customer access token lives, {@code seckill.auth.customer-access-ttl}).
 * The rush attempt itself skips the deny-list (one round trip saved on the hot path), but its one-time path is
 * only issued to a token the deny-list accepts.
 */
@RestController
class UserController {

    private static final Set<String> STATUSES = Set.of("ACTIVE", "DISABLED", "BLACKLISTED");

    private final CustomerDirectory customers;
    private final AdminAudit audit;
    private final DenyList denyList;
    private final Duration customerAccessTtl;

    UserController(CustomerDirectory customers, AdminAudit audit, DenyList denyList,
                   @Value("${seckill.auth.customer-access-ttl:15m}") Duration customerAccessTtl) {
        this.customers = customers;
        this.audit = audit;
        this.denyList = denyList;
        this.customerAccessTtl = customerAccessTtl;
    }

    /** {@code mobile}: a prefix of the mobile number (digits, optionally after '+'). */
    @RequiresPermission("user:read")
    @GetMapping("/api/admin/users")
    CustomerDirectory.CustomerPage list(@RequestParam(required = false) String status,
                                        @RequestParam(required = false) String mobile,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        FieldErrors errors = new FieldErrors();
        errors.check(status == null || STATUSES.contains(status), "status", "must be one of " + STATUSES);
        errors.check(mobile == null || mobile.matches("\\+?\\d{1,15}"), "mobile", "must be digits, optionally after '+'");
        errors.throwIfAny();
        return customers.list(page, size, status, mobile);
    }

    @RequiresPermission("user:read")
    @GetMapping("/api/admin/users/{id}")
    CustomerDirectory.Customer get(@PathVariable long id) {
        return customers.get(id);
    }

    @RequiresPermission("user:write")
    @PostMapping("/api/admin/users/{id}/disable")
    CustomerDirectory.Customer disable(@PathVariable long id, HttpServletRequest request) {
        return change(id, "DISABLED", "USER_DISABLE", request);
    }

    @RequiresPermission("user:write")
    @PostMapping("/api/admin/users/{id}/enable")
    CustomerDirectory.Customer enable(@PathVariable long id, HttpServletRequest request) {
        return change(id, "ACTIVE", "USER_ENABLE", request);
    }

    /** Idempotent; the version read first guards against a concurrent change (409 from user-service). */
    private CustomerDirectory.Customer change(long id, String status, String action, HttpServletRequest request) {
        CustomerDirectory.Customer before = customers.get(id);
        if (before.status().equals(status)) {
            cutOffOrAllow(id, status); // idempotent: a retried disable whose deny entry was lost sets it again
            return before;
        }
        CustomerDirectory.Customer after = customers.updateStatus(id, status, before.version());
        cutOffOrAllow(id, status);
        audit.record(request, action, "user", id, Map.of("status", before.status()), Map.of("status", after.status()));
        return after;
    }

    private void cutOffOrAllow(long id, String status) {
        if ("ACTIVE".equals(status)) {
            denyList.allowUser(id);
        } else {
            denyList.denyUser(id, customerAccessTtl);
        }
    }
}
