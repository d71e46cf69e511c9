package io.seckill.admin.auth;

/**
 * DESIGN.md §12 "Tokens": field names are part of the contract; {@code expiresIn} is the access token's, in seconds.
 * {@code passwordChangeRequired} (admin tokens only): the access token carries no permission until the admin changes
 * the password through {@code POST /api/admin/auth/password}.
 */
record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn, boolean passwordChangeRequired) {

    static TokenPair bearer(String accessToken, String refreshToken, long expiresIn, boolean passwordChangeRequired) {
        return new TokenPair(accessToken, refreshToken, "Bearer", expiresIn, passwordChangeRequired);
    }

    /** Never print the tokens. */
    @Override
    public String toString() {
        return "TokenPair[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
