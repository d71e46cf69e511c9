package io.seckill.user.api.sms;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.user.contract.MobileNumber;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dev profile only (DESIGN.md §12 "dev-profile conveniences"): the last code the dev sender "sent" to a number,
 * so scripted demos and the benchmark can log in by SMS. Outside {@code dev} the bean does not exist and the path
 * is a plain 404.
 */
@RestController
@Profile("dev")
class DevSmsController {

    private final ObjectProvider<DevSmsSender> sender;

    DevSmsController(ObjectProvider<DevSmsSender> sender) {
        this.sender = sender;
    }

    @GetMapping("/api/auth/dev/sms-codes")
    Map<String, String> lastCode(@RequestParam String mobile) {
        String number = MobileNumber.normalise(mobile)
                .orElseThrow(() -> new ApiException(ErrorCode.VALIDATION_FAILED, "mobile is not a valid number"));
        DevSmsSender dev = sender.getIfAvailable();
        if (dev == null) {
            throw ApiException.notFound("Dev SMS code (seckill.sms.provider is not dev)");
        }
        return Map.of("code", dev.lastCode(number).orElseThrow(() -> ApiException.notFound("SMS code")));
    }
}
