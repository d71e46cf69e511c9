package io.seckill.user.api.auth;

import io.seckill.user.api.web.ValidMobile;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of {@code /api/auth}. Sizes cap every string, so a 10 kB value is a field error, not work. */
final class AuthRequests {

    private AuthRequests() {
    }

    record SmsCodeRequest(@NotBlank @Size(max = 32) @ValidMobile String mobile) {
    }

    record RegisterRequest(@NotBlank @Size(max = 32) @ValidMobile String mobile,
                           @NotNull @Size(max = 128) String password,
                           @NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String smsCode,
                           @NotBlank @Size(max = 64) String nickname) {
        @Override
        public String toString() {
            return "RegisterRequest[mobile=<hidden>, password=<hidden>, smsCode=<hidden>, nickname=" + nickname + "]";
        }
    }

    record LoginRequest(@NotBlank @Size(max = 32) @ValidMobile String mobile,
                        @Size(max = 128) String password,
                        @Pattern(regexp = "[0-9]{6}", message = "must be the 6-digit code") String smsCode) {

        @AssertTrue(message = "give either password or smsCode")
        boolean isOneCredential() {
            return (password == null) != (smsCode == null);
        }

        @Override
        public String toString() {
            return "LoginRequest[mobile=<hidden>, password=<hidden>, smsCode=<hidden>]";
        }
    }

    record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[refreshToken=<hidden>]";
        }
    }
}
