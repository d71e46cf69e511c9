package io.seckill.user.service.user.application;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.user.contract.MobileNumber;
import io.seckill.user.service.user.domain.Credentials;
import io.seckill.user.service.user.domain.UserAccount;
import io.seckill.user.service.user.domain.UserPage;
import io.seckill.user.service.user.domain.UserProblem;
import io.seckill.user.service.user.domain.UserQuery;
import io.seckill.user.service.user.domain.UserStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The user operations behind the gRPC API: validation, hashing, and the repository. */
@Service
public class UserDirectory {

    static final int MIN_PASSWORD_LENGTH = 8;
    /** BCrypt reads at most 72 bytes; a longer password would be silently truncated (or refused by Spring). */
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MAX_NICKNAME_LENGTH = 64;

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final IdGenerator ids;
    /**
     * Checked against when the mobile is unknown, so that "no such account" costs the same BCrypt time as "wrong
     * password" and the answer time does not tell which numbers are registered.
     */
    private final String decoyHash;

    public UserDirectory(UserRepository users, PasswordEncoder passwords, IdGenerator ids) {
        this.users = users;
        this.passwords = passwords;
        this.ids = ids;
        this.decoyHash = passwords.encode(UUID.randomUUID().toString());
    }

    public UserAccount create(String rawMobile, String password, String rawNickname) {
        String mobile = mobile(rawMobile);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw UserProblem.invalid("password must have " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_BYTES + " bytes");
        }
        String nickname = rawNickname == null ? "" : rawNickname.strip();
        if (nickname.isEmpty() || nickname.codePointCount(0, nickname.length()) > MAX_NICKNAME_LENGTH) {
            throw UserProblem.invalid("nickname must have 1 to " + MAX_NICKNAME_LENGTH + " characters");
        }
        long id = ids.nextId();
        users.insert(id, mobile, passwords.encode(password), nickname);
        return users.findById(id).orElseThrow(() -> new IllegalStateException("user " + id + " vanished after insert"));
    }

    public UserAccount get(long id) {
        return users.findById(id).orElseThrow(UserProblem::notFound);
    }

    public UserAccount findByMobile(String rawMobile) {
        return users.findByMobile(mobile(rawMobile)).orElseThrow(UserProblem::notFound);
    }

    /** The account when the password matches; empty for an unknown mobile or a wrong password alike. */
    public Optional<UserAccount> verifyPassword(String rawMobile, String password) {
        Optional<String> mobile = MobileNumber.normalise(rawMobile);
        if (mobile.isEmpty()) {
            throw UserProblem.invalid("mobile is not a valid number");
        }
        if (password == null || password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.empty();
        }
        Optional<Credentials> credentials = users.credentialsOf(mobile.get());
        String hash = credentials.map(Credentials::passwordHash).orElse(decoyHash);
        boolean matches = passwords.matches(password, hash);
        return credentials.filter(c -> matches).map(Credentials::account);
    }

    public UserAccount updateStatus(long id, UserStatus status, OptionalLong expectedVersion) {
        if (status == null) {
            throw UserProblem.invalid("status must be ACTIVE, DISABLED or BLACKLISTED");
        }
        if (!users.updateStatus(id, status, expectedVersion)) {
            // Either missing or stale: tell which, since the caller acts differently (re-read vs give up).
            users.findById(id).orElseThrow(UserProblem::notFound);
            throw UserProblem.staleVersion();
        }
        return get(id);
    }

    public UserPage list(UserQuery query) {
        return users.list(query);
    }

    private static String mobile(String raw) {
        return MobileNumber.normalise(raw).orElseThrow(() -> UserProblem.invalid("mobile is not a valid number"));
    }
}
