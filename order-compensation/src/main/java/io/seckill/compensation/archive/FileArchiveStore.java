package io.seckill.compensation.archive;

import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.kernel.id.IdGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive as a JSON-lines file: every change appends the whole row (the last line of an id wins), and the
 * file is replayed into memory at start. For a deployment without MySQL for this service, or a copy that must
 * outlive the database; small by nature (archived orders are rare), so memory holds it.
 */
class FileArchiveStore implements ArchiveStore {

    private final Path file;
    private final IdGenerator ids;
    private final Clock clock;
    private final JsonMapper json;
    private final Map<Long, ArchivedOrder> rows = new LinkedHashMap<>();

    FileArchiveStore(Path file, IdGenerator ids, Clock clock, JsonMapper json) {
        this.file = file;
        this.ids = ids;
        this.clock = clock;
        this.json = json;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (Files.exists(file)) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines.filter(l -> !l.isBlank()).map(l -> json.readValue(l, ArchivedOrder.class)).forEach(r -> rows.put(r.id(), r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized boolean archive(CompensationMessage message, int retries, String lastError) {
        if (findByReservation(message.reservationOrZero()).isPresent()) {
            return false;
        }
        var now = clock.instant();
        write(new ArchivedOrder(ids.nextId(), message.reservationOrZero(), message.activityId(), message.userId(), message.quantity(),
                message.payload(), lastError, retries, ArchivedOrder.Status.UNRESOLVED, now, now, null, null));
        return true;
    }

    @Override
    public synchronized Optional<ArchivedOrder> find(long id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized Optional<ArchivedOrder> findByReservation(long reservationId) {
        return rows.values().stream().filter(r -> r.reservationId() == reservationId).findFirst();
    }

    @Override
    public synchronized Page page(Filter filter, int page, int size) {
        List<ArchivedOrder> matching = rows.values().stream().filter(matches(filter))
                .sorted(Comparator.comparing(ArchivedOrder::createdAt).thenComparing(ArchivedOrder::id).reversed()).toList();
        return new Page(matching.stream().skip((long) page * size).limit(size).toList(), page, size, matching.size());
    }

    @Override
    public void forEach(Filter filter, Consumer<ArchivedOrder> row) {
        List<ArchivedOrder> snapshot;
        synchronized (this) {
            snapshot = rows.values().stream().filter(matches(filter))
                    .sorted(Comparator.comparing(ArchivedOrder::createdAt).thenComparing(ArchivedOrder::id)).toList();
        }
        snapshot.forEach(row);
    }

    @Override
    public synchronized boolean startRetry(long id) {
        ArchivedOrder row = rows.get(id);
        if (row == null || row.status() != ArchivedOrder.Status.UNRESOLVED) {
            return false;
        }
        write(row.withStatus(ArchivedOrder.Status.RETRYING, null, 0, clock.instant(), null));
        return true;
    }

    @Override
    public synchronized void resolve(long id, ArchivedOrder.Status status, String by) {
        ArchivedOrder row = rows.get(id);
        if (row != null && row.status() == ArchivedOrder.Status.RETRYING) {
            write(row.withStatus(status, null, 0, clock.instant(), by));
        }
    }

    @Override
    public synchronized void retryFailed(long id, String error) {
        ArchivedOrder row = rows.get(id);
        if (row != null && row.status() == ArchivedOrder.Status.RETRYING) {
            write(row.withStatus(ArchivedOrder.Status.UNRESOLVED, error, 1, clock.instant(), null));
        }
    }

    @Override
    public synchronized List<ArchivedOrder> open(long activityId) {
        return rows.values().stream().filter(r -> !r.status().isFinal() && r.activityId() != null && r.activityId() == activityId).toList();
    }

    private static Predicate<ArchivedOrder> matches(Filter f) {
        return r -> (f.status() == null || r.status() == f.status())
                && (f.activityId() == null || f.activityId().equals(r.activityId()))
                && (f.reservationId() == null || f.reservationId() == r.reservationId())
                && (f.from() == null || !r.createdAt().isBefore(f.from()))
                && (f.to() == null || r.createdAt().isBefore(f.to()));
    }

    private void write(ArchivedOrder row) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(json.writeValueAsString(row));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.put(row.id(), row);
    }
}
