package io.seckill.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The TCC fence of DESIGN.md §4 (Seata's rules) on {@code tcc_fence_log (tx_id, branch, status)}. Call it first
 * inside the participant's own local transaction, so the fence row and the business writes commit or roll back
 * together; each method says whether the business step must run now.
 *
 * <pre>
 *   try     no row → TRIED, run          | TRIED → already tried, skip | SUSPENDED/ROLLED_BACK → refuse (hanging)
 *   confirm TRIED → COMMITTED, run       | COMMITTED → skip            | anything else → error
 *   cancel  TRIED → ROLLED_BACK, run     | no row → SUSPENDED, skip (empty rollback) | ROLLED_BACK/SUSPENDED → skip
 *           COMMITTED → error
 * </pre>
 */
public class TccFence {

    private final JdbcClient jdbc;

    public TccFence(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when the try must run now; false when it already ran. @throws BusinessRefusal after a cancel */
    public boolean onTry(String txId, String branch) {
        try {
            jdbc.sql("INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, ?, 'TRIED')")
                    .params(txId, branch).update();
            return true;
        } catch (DuplicateKeyException exists) {
            String status = status(txId, branch).orElseThrow(() -> exists);
            if (status.equals("TRIED") || status.equals("COMMITTED")) {
                return false;
            }
            throw new BusinessRefusal("HANGING_TRY", "branch " + branch + " of " + txId + " was already cancelled");
        }
    }

    /** @return true when the confirm must run now; false when it already ran */
    public boolean onConfirm(String txId, String branch) {
        if (transition(txId, branch, "TRIED", "COMMITTED")) {
            return true;
        }
        String status = status(txId, branch).orElse("none");
        if (status.equals("COMMITTED")) {
            return false;
        }
        throw new IllegalStateException("cannot confirm branch " + branch + " of " + txId + " in fence state " + status);
    }

    /** @return true when the cancel must release what the try reserved; false for a repeat or an empty rollback */
    public boolean onCancel(String txId, String branch) {
        if (transition(txId, branch, "TRIED", "ROLLED_BACK")) {
            return true;
        }
        Optional<String> status = status(txId, branch);
        if (status.isEmpty()) {
            try {
                jdbc.sql("INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, ?, 'SUSPENDED')")
                        .params(txId, branch).update();
                return false;
            } catch (DuplicateKeyException raced) {
                // The try landed in between: cancel it properly.
                return onCancel(txId, branch);
            }
        }
        if (status.get().equals("COMMITTED")) {
            throw new IllegalStateException("cannot cancel the committed branch " + branch + " of " + txId);
        }
        return false;
    }

    /**
     * The try and the confirm of a last resource at once, for transactions whose try has certainly not run yet and
     * whose commit decision the caller writes in the same local transaction (the last-resource optimization: the
     * branch's try is its commit): one multi-row insert of COMMITTED rows, all or nothing. A later {@link #onTry} or
     * {@link #onConfirm} then skips, and {@link #onCancel} refuses, as for any confirmed branch.
     *
     * @throws DuplicateKeyException when any of them already has a fence row: nothing was inserted, and the
     *         caller's local transaction must roll back and leave them to {@link #onTry} one by one
     */
    public void onCommitAll(List<String> txIds, String branch) {
        if (txIds.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(txIds.size() * 2);
        StringBuilder sql = new StringBuilder("INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES ");
        for (String txId : txIds) {
            sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, 'COMMITTED')");
            params.add(txId);
            params.add(branch);
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    public Optional<String> status(String txId, String branch) {
        return jdbc.sql("SELECT status FROM tcc_fence_log WHERE tx_id = ? AND branch = ?")
                .params(txId, branch).query(String.class).optional();
    }

    private boolean transition(String txId, String branch, String from, String to) {
        return jdbc.sql("UPDATE tcc_fence_log SET status = ? WHERE tx_id = ? AND branch = ? AND status = ?")
                .params(to, txId, branch, from).update() == 1;
    }
}
