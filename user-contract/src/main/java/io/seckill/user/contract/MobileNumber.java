package io.seckill.user.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for customer mobile numbers, shared by user-api (validation of requests) and user-service (what it
 * stores, matching {@code ck_users_mobile}): a mainland China 11-digit number ({@code 1[3-9]} + 9 digits) or an
 * E.164 number ({@code +} then 7 to 15 digits, no leading zero). {@code +86} followed by a mainland number is
 * stored as the 11 digits, so one phone is one account whichever way it is typed.
 */
public final class MobileNumber {

    private static final Pattern MAINLAND = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private MobileNumber() {
    }

    /** The normalised number, or empty when {@code raw} is neither form (surrounding blanks are ignored). */
    public static Optional<String> normalise(String raw) {
        if (raw == null || raw.length() > 32) {
            return Optional.empty();
        }
        String mobile = raw.strip();
        if (MAINLAND.matcher(mobile).matches()) {
            return Optional.of(mobile);
        }
        if (mobile.startsWith("+86") && MAINLAND.matcher(mobile.substring(3)).matches()) {
            return Optional.of(mobile.substring(3));
        }
        return E164.matcher(mobile).matches() ? Optional.of(mobile) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).isPresent();
    }

    /** For logs and profiles: {@code 138****8000}; never log a full number. */
    public static String mask(String mobile) {
        if (mobile == null || mobile.length() < 7) {
            return "****";
        }
        return mobile.substring(0, 3) + "****" + mobile.substring(mobile.length() - 4);
    }
}
