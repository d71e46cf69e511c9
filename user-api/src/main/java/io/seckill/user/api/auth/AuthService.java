package io.seckill.user.api.auth;

import io.seckill.kernel.error.ApiException;
import io.seckill.user.api.AuthMetrics;
import io.seckill.user.api.UserApiProblem;
import io.seckill.user.api.sms.SmsCodes;
import io.seckill.user.api.token.TokenPair;
import io.seckill.user.api.token.TokenService;
import io.seckill.user.api.userclient.Customer;
import io.seckill.user.api.userclient.UserServiceClient;
import io.seckill.user.contract.MobileNumber;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Register and the two logins; tokens are {@link TokenService}'s, accounts user-service's. */
@Service
class AuthService {

    private final UserServiceClient users;
    private final SmsCodes smsCodes;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final AuthMetrics metrics;

    AuthService(UserServiceClient users, SmsCodes smsCodes, TokenService tokens, LoginThrottle throttle, AuthMetrics metrics) {
        this.users = users;
        this.smsCodes = smsCodes;
        this.tokens = tokens;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    void sendCode(String rawMobile, String clientIp) {
        smsCodes.issue(mobile(rawMobile), clientIp);
    }

    /** @return the new user's id */
    long register(AuthRequests.RegisterRequest request) {
        String mobile = mobile(request.mobile());
        // Checked before the code, so a weak password does not burn the code.
        if (!PasswordPolicy.acceptable(request.password(), mobile)) {
            throw new ApiException(UserApiProblem.WEAK_PASSWORD,
                    "Use 8 to 64 characters with letters and digits, not your mobile number");
        }
        if (!smsCodes.verify(mobile, request.smsCode())) {
            throw new ApiException(UserApiProblem.SMS_CODE_INVALID, "The SMS code is wrong or expired; request a new one");
        }
        return users.create(mobile, request.password(), request.nickname().strip()).id();
    }

    TokenPair login(AuthRequests.LoginRequest request, String clientIp) {
        String mobile = mobile(request.mobile());
        String method = request.password() != null ? "password" : "sms";
        try {
            throttle.check(mobile, clientIp);
        } catch (ApiException e) {
            metrics.login(method, "throttled");
            throw e;
        }
        Optional<Customer> customer = request.password() != null
                ? users.verifyPassword(mobile, request.password())
                : smsLogin(mobile, request.smsCode());
        if (customer.isEmpty()) {
            throttle.failed(mobile, clientIp);
            metrics.login(method, "invalid_credentials");
            throw new ApiException(UserApiProblem.INVALID_CREDENTIALS, "Wrong mobile, password or code");
        }
        if (!customer.get().active()) {
            metrics.login(method, "disabled");
            throw new ApiException(UserApiProblem.ACCOUNT_DISABLED, "The account is disabled");
        }
        throttle.succeeded(mobile);
        metrics.login(method, "success");
        return tokens.login(customer.get().id());
    }

    TokenPair refresh(String refreshToken) {
        return tokens.refresh(refreshToken, userId -> users.get(userId).map(Customer::active).orElse(false));
    }

    private Optional<Customer> smsLogin(String mobile, String code) {
        return smsCodes.verify(mobile, code) ? users.findByMobile(mobile) : Optional.empty();
    }

    private static String mobile(String raw) {
        // Bean validation has already refused invalid numbers; this only normalises.
        return MobileNumber.normalise(raw).orElseThrow(() -> new IllegalArgumentException("unvalidated mobile"));
    }
}
