package io.seckill.user.api.token;

/** DESIGN.md §12 "Tokens": field names are part of the contract. {@code expiresIn} is the access token's, in seconds. */
public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    public static TokenPair bearer(String accessToken, String refreshToken, long expiresIn) {
        return new TokenPair(accessToken, refreshToken, "Bearer", expiresIn);
    }

    @Override
    public String toString() {
        return "TokenPair[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
