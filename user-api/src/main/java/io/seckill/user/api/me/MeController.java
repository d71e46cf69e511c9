package io.seckill.user.api.me;

import io.seckill.kernel.error.ApiException;
import io.seckill.user.api.token.TokenService;
import io.seckill.user.api.userclient.Customer;
import io.seckill.user.api.userclient.UserServiceClient;
import io.seckill.user.contract.MobileNumber;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/users/me}: the caller's profile, mobile masked. */
@RestController
class MeController {

    private final TokenService tokens;
    private final UserServiceClient users;

    MeController(TokenService tokens, UserServiceClient users) {
        this.tokens = tokens;
        this.users = users;
    }

    record Profile(String id, String mobile, String nickname, String status, Instant createdAt) {
    }

    @GetMapping("/api/users/me")
    Profile me(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        long userId = tokens.authenticate(authorization).userId();
        Customer customer = users.get(userId).orElseThrow(() -> ApiException.notFound("User"));
        return new Profile(Long.toString(customer.id()), MobileNumber.mask(customer.mobile()), customer.nickname(),
                customer.status().name(), customer.createdAt());
    }
}
