package io.seckill.user.service.user.infrastructure;

import io.seckill.user.service.user.application.UserRepository;
import io.seckill.user.service.user.domain.Credentials;
import io.seckill.user.service.user.domain.UserAccount;
import io.seckill.user.service.user.domain.UserPage;
import io.seckill.user.service.user.domain.UserProblem;
import io.seckill.user.service.user.domain.UserQuery;
import io.seckill.user.service.user.domain.UserStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcUserRepository implements UserRepository {

    private static final String COLUMNS = "id, mobile, nickname, status, created_at, version";

    private final JdbcClient jdbc;

    JdbcUserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(long id, String mobile, String passwordHash, String nickname) {
        try {
            jdbc.sql("INSERT INTO users (id, mobile, password_hash, nickname, status) VALUES (?, ?, ?, ?, 'ACTIVE')")
                    .params(id, mobile, passwordHash, nickname)
                    .update();
        } catch (DuplicateKeyException e) {
            // uk_users_mobile is the only unique key a caller can hit (ids are generated).
            throw UserProblem.mobileTaken();
        }
    }

    @Override
    public Optional<UserAccount> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(JdbcUserRepository::account).optional();
    }

    @Override
    public Optional<UserAccount> findByMobile(String mobile) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE mobile = ?").param(mobile).query(JdbcUserRepository::account).optional();
    }

    @Override
    public Optional<Credentials> credentialsOf(String mobile) {
        return jdbc.sql("SELECT " + COLUMNS + ", password_hash FROM users WHERE mobile = ?").param(mobile)
                .query((rs, n) -> new Credentials(account(rs, n), rs.getString("password_hash")))
                .optional();
    }

    @Override
    public boolean updateStatus(long id, UserStatus status, OptionalLong expectedVersion) {
        if (expectedVersion.isPresent()) {
            return jdbc.sql("UPDATE users SET status = ?, version = version + 1 WHERE id = ? AND version = ?")
                    .params(status.name(), id, expectedVersion.getAsLong()).update() == 1;
        }
        return jdbc.sql("UPDATE users SET status = ?, version = version + 1 WHERE id = ?")
                .params(status.name(), id).update() == 1;
    }

    @Override
    public UserPage list(UserQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (!query.mobilePrefix().isEmpty()) {
            where.append(" AND mobile LIKE ?");
            params.add(query.mobilePrefix() + "%");
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM users" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(query.size());
        pageParams.add(query.offset());
        List<UserAccount> users = jdbc.sql("SELECT " + COLUMNS + " FROM users" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(JdbcUserRepository::account).list();
        return new UserPage(users, query.page(), query.size(), total);
    }

    private static UserAccount account(ResultSet rs, int rowNum) throws SQLException {
        return new UserAccount(rs.getLong("id"), rs.getString("mobile"), rs.getString("nickname"),
                UserStatus.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(), rs.getLong("version"));
    }
}
