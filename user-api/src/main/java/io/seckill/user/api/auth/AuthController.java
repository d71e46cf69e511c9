package io.seckill.user.api.auth;

import io.seckill.user.api.token.TokenPair;
import io.seckill.user.api.token.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/auth} of DESIGN.md §12. The client IP is the socket's, or the trusted proxy's X-Forwarded-For. */
@RestController
class AuthController {

    private final AuthService auth;
    private final TokenService tokens;

    AuthController(AuthService auth, TokenService tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    /** 202 with the same body whether or not the number has an account. */
    @PostMapping("/api/auth/sms-codes")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> sendCode(@Valid @RequestBody AuthRequests.SmsCodeRequest body, HttpServletRequest request) {
        auth.sendCode(body.mobile(), request.getRemoteAddr());
        return Map.of("status", "SENT");
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> register(@Valid @RequestBody AuthRequests.RegisterRequest body) {
        // Ids travel as strings: JavaScript loses precision above 2^53.
        return Map.of("userId", Long.toString(auth.register(body)));
    }

    @PostMapping("/api/auth/login")
    TokenPair login(@Valid @RequestBody AuthRequests.LoginRequest body, HttpServletRequest request) {
        return auth.login(body, request.getRemoteAddr());
    }

    @PostMapping("/api/auth/refresh")
    TokenPair refresh(@Valid @RequestBody AuthRequests.RefreshRequest body) {
        return auth.refresh(body.refreshToken());
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        tokens.logout(authorization);
    }
}
