package io.seckill.seckillapi.antibot;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.seckillapi.auth.CustomerAuth;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Captcha and path token (DESIGN.md §12); both need a customer token. */
@RestController
class AntiBotController {

    private final AntiBotService antiBot;

    AntiBotController(AntiBotService antiBot) {
        this.antiBot = antiBot;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CaptchaJson(String captchaId, String imageDataUrl, long expiresIn, String devAnswer) {
    }

    record PathRequest(String captchaId, String answer) {
    }

    @GetMapping("/api/seckill/activities/{activityId}/captcha")
    ResponseEntity<CaptchaJson> captcha(@PathVariable long activityId, HttpServletRequest request) {
        AntiBotService.Captcha captcha = antiBot.captcha(activityId, CustomerAuth.userId(request), request.getRemoteAddr());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new CaptchaJson(captcha.captchaId(), captcha.imageDataUrl(), captcha.expiresIn(), captcha.devAnswer()));
    }

    @PostMapping("/api/seckill/activities/{activityId}/path")
    ResponseEntity<AntiBotService.Path> path(@PathVariable long activityId, @RequestBody(required = false) PathRequest body,
                                             HttpServletRequest request) {
        if (body == null || body.captchaId() == null || body.answer() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "captchaId and answer are required");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(antiBot.path(activityId, CustomerAuth.userId(request), body.captchaId(), body.answer()));
    }
}
