package io.seckill.user.service.user.domain;

/**
 * A known, expected failure of a user operation; the edge (gRPC) maps {@link Kind} to a status code. Messages
 * are safe to show a caller: they never hold a password, a hash or a full mobile number.
 */
public final class UserProblem extends RuntimeException {

    public enum Kind {
        INVALID_ARGUMENT,
        NOT_FOUND,
        ALREADY_EXISTS,
        STALE_VERSION
    }

    private final Kind kind;

    private UserProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static UserProblem invalid(String message) {
        return new UserProblem(Kind.INVALID_ARGUMENT, message);
    }

    public static UserProblem notFound() {
        return new UserProblem(Kind.NOT_FOUND, "no such user");
    }

    public static UserProblem mobileTaken() {
        return new UserProblem(Kind.ALREADY_EXISTS, "an account with this mobile already exists");
    }

    public static UserProblem staleVersion() {
        return new UserProblem(Kind.STALE_VERSION, "the user was changed meanwhile; read it again");
    }

    public Kind kind() {
        return kind;
    }
}
