package io.seckill.order.compensation;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one call order-compensation makes into order-service (DESIGN.md §5, §7: only order-service writes orders,
 * stock and the transaction log): {@code POST /internal/compensations/{key}} with the message that reached
 * compensation as the body. Answers the outcome once it is durable; a transient failure is a 503 so the caller
 * retries later.
 *
 * <p>Protected by a shared secret ({@code seckill.internal.secret}, header {@value #SECRET_HEADER}) rather than a
 * service token: minting a token needs a signing key, which only the issuers (user-api, admin-back) hold, while a
 * secret is one deployment value given to both services. No secret configured → the endpoint is closed (503),
 * never open. {@code /internal/**} is not routed by the gateway or the dev router (they route {@code /api/...}).
 */
@RestController
class CompensationEndpoint {

    static final String SECRET_HEADER = "X-Internal-Secret";
    static final ProblemCode DISABLED = new Problem("INTERNAL_API_DISABLED", HttpStatus.SERVICE_UNAVAILABLE,
            "The internal API is closed: no shared secret is configured");
    static final ProblemCode TRANSIENT = new Problem("COMPENSATION_TRANSIENT_FAILURE", HttpStatus.SERVICE_UNAVAILABLE,
            "The compensation could not complete now; retry later");

    private final Compensations compensations;
    private final byte[] secret;

    CompensationEndpoint(Compensations compensations, @Value("${seckill.internal.secret:}") String secret) {
        this.compensations = compensations;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping("/internal/compensations/{key}")
    Compensations.Outcome compensate(@PathVariable String key, @RequestBody String message,
                                     @RequestHeader(value = SECRET_HEADER, required = false) String presented) {
        if (secret.length == 0) {
            throw new ApiException(DISABLED, "set seckill.internal.secret on order-service and order-compensation");
        }
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthenticated("a valid " + SECRET_HEADER + " header is required");
        }
        CompensationRequest request = CompensationRequest.parse(key, message);
        if (request == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "neither a ReservationCreated v1 nor a hanging-transaction message");
        }
        try {
            return compensations.compensate(request);
        } catch (Compensations.UnknownTransaction e) {
            throw ApiException.notFound("transaction " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ApiException(TRANSIENT, e.toString());
        }
    }
}
