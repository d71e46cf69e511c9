package io.seckill.admin.auth;

/** DESIGN.md §12 "Tokens": field names are part of the contract; {@code expiresIn} is the access token's, in seconds. */
record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn) {

    static TokenPair bearer(String accessToken, String refreshToken, long expiresIn) {
        return new TokenPair(accessToken, refreshToken, "Bearer", expiresIn);
    }

    /** Never print the tokens. */
    @Override
    public String toString() {
        return "TokenPair[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
