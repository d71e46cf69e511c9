package io.seckill.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * The buyers and what they do, as the customer client does it (docs/seckill-api.md): a captcha before the sale
 * (its {@code devAnswer} is only there in the dev profile), a one-time path once it opens (the API refuses one
 * earlier, 425), then the attempt with that path. Each step is an {@link OpenLoop} run; only the attempt is paced
 * and measured.
 */
final class Crowd {

    /** The captcha came without its answer: not a dev-profile deployment (seckill.captcha.expose-answer). */
    static final String NO_DEV_ANSWER = "NO_DEV_ANSWER";

    private final URI base;
    private final String host;
    private final long activityId;
    private final String[] tokens;
    private final String[] captchaIds;
    private final String[] answers;
    private final String[] paths;
    /** Per attempt: the reservation id when accepted, else 0. */
    private long[] reservations = new long[0];

    Crowd(URI base, long activityId, String[] tokens) {
        this.base = base;
        this.host = base.getHost() + ":" + (base.getPort() < 0 ? 80 : base.getPort());
        this.activityId = activityId;
        this.tokens = tokens;
        this.captchaIds = new String[tokens.length];
        this.answers = new String[tokens.length];
        this.paths = new String[tokens.length];
    }

    OpenLoop.Result fetchCaptchas(int concurrency, Duration limit) {
        String uri = "/api/seckill/activities/" + activityId + "/captcha";
        return run("captchas", tokens.length, 0, concurrency, limit, new SocketLoop.Exchange() {
            @Override
            public byte[] request(int i) {
                return HttpAnswers.request("GET", uri, host, tokens[i], null);
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                if (answer.status() != 200) {
                    return refusal(answer);
                }
                JsonNode body = answer.json();
                if (!body.hasNonNull("devAnswer")) {
                    return NO_DEV_ANSWER;
                }
                captchaIds[i] = body.path("captchaId").asString();
                answers[i] = body.path("devAnswer").asString();
                return OpenLoop.ACCEPTED;
            }
        });
    }

    OpenLoop.Result fetchPaths(int concurrency, Duration limit) {
        String uri = "/api/seckill/activities/" + activityId + "/path";
        return run("paths", tokens.length, 0, concurrency, limit, new SocketLoop.Exchange() {
            @Override
            public String skip(int i) {
                return captchaIds[i] == null ? "NO_CAPTCHA" : null;
            }

            @Override
            public byte[] request(int i) {
                return HttpAnswers.request("POST", uri, host, tokens[i],
                        Http.JSON.writeValueAsString(Map.of("captchaId", captchaIds[i], "answer", answers[i])));
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                if (answer.status() != 200) {
                    return refusal(answer);
                }
                paths[i] = answer.json().path("path").asString();
                return OpenLoop.ACCEPTED;
            }
        });
    }

    OpenLoop.Result attempt(AttemptPlan plan, double ratePerSecond, int concurrency, Duration limit) {
        reservations = new long[plan.size()];
        String body = "{\"quantity\":1}";
        String activityPath = "/api/seckill/activities/" + activityId + "/";
        SocketLoop.Exchange exchange = new SocketLoop.Exchange() {
            @Override
            public byte[] request(int i) {
                int user = plan.user()[i];
                String path = plan.kind()[i] == AttemptPlan.Kind.FORGED_PATH || paths[user] == null
                        ? forgedPath() : paths[user];
                return HttpAnswers.request("POST", activityPath + path + "/orders", host, tokens[user], body);
            }

            @Override
            public String outcome(int i, Http.Answer answer) {
                if (answer.status() != 202) {
                    return refusal(answer);
                }
                reservations[i] = Long.parseLong(answer.json().path("reservationId").asString());
                return OpenLoop.ACCEPTED;
            }
        };
        return run("attempts", plan.size(), ratePerSecond, concurrency, limit, exchange);
    }

    /** One phase on {@link SocketLoop}: connections of its own, all closed when it ends. */
    private OpenLoop.Result run(String name, int count, double rate, int concurrency, Duration limit,
                                SocketLoop.Exchange exchange) {
        try {
            return SocketLoop.run(name, count, rate, concurrency, limit, base, exchange);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the " + name + " loop could not start", e);
        }
    }

    long[] reservations() {
        return reservations;
    }

    private static String forgedPath() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** 4xx: a refusal with the API's stable code; 5xx: an error. */
    private static String refusal(Http.Answer answer) {
        String code = answer.problemCode();
        return answer.status() >= 500 ? "ERROR_" + code : code;
    }
}
