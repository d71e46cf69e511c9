package io.seckill.admin.auth;

import io.seckill.admin.security.AdminTokens;
import io.seckill.admin.security.RequiresPermission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/auth}: login and refresh are public (the interceptor skips them), logout needs the token. */
@RestController
class AdminAuthController {

    record Login(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    record Refresh(@NotBlank @Size(max = 100) String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[]";
        }
    }

    record PasswordChange(@NotBlank @Size(max = 128) String currentPassword, @NotBlank @Size(max = 128) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[]";
        }
    }

    private final AdminSessions sessions;

    AdminAuthController(AdminSessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/api/admin/auth/login")
    TokenPair login(@Valid @RequestBody Login body, HttpServletRequest request) {
        return sessions.login(body.username(), body.password(), AdminTokens.clientIp(request));
    }

    @PostMapping("/api/admin/auth/refresh")
    TokenPair refresh(@Valid @RequestBody Refresh body) {
        return sessions.refresh(body.refreshToken());
    }

    @RequiresPermission(RequiresPermission.ANY_ADMIN)
    @PostMapping("/api/admin/auth/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        sessions.logout(AdminTokens.current(request), request.getHeader(HttpHeaders.AUTHORIZATION),
                AdminTokens.clientIp(request));
        return ResponseEntity.noContent().build();
    }

    /** Open to every admin token, also one without permissions (a generated or reset password must be changed). */
    @RequiresPermission(RequiresPermission.ANY_ADMIN)
    @PostMapping("/api/admin/auth/password")
    TokenPair changePassword(@Valid @RequestBody PasswordChange body, HttpServletRequest request) {
        return sessions.changePassword(AdminTokens.current(request), body.currentPassword(), body.newPassword(),
                AdminTokens.clientIp(request));
    }
}
