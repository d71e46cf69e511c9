package io.seckill.compensation.alert;

import java.util.List;

/**
 * One entry of the {@code alert.channels} setting (a JSON array), e.g.
 * {@code {"type":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=…","secret":"SEC…",
 * "severities":["URGENT"]}}; {@code to} lists e-mail recipients. No severities = every severity. Secrets live in
 * the settings table (admin-back), never in the repository.
 */
public record ChannelSettings(String type, String url, String secret, List<String> to, String from, List<String> severities) {

    public static final List<ChannelSettings> DEFAULT = List.of(new ChannelSettings("log", null, null, null, null, null));

    boolean takes(Alert.Severity severity) {
        return severities == null || severities.isEmpty() || severities.contains(severity.name());
    }
}
