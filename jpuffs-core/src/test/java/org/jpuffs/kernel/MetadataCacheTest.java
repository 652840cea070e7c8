package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jpuffs.AttrField;
import org.jpuffs.Attributes;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.FileType;
import org.jpuffs.SetAttributes;
import org.jpuffs.kernel.MetadataCache.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MetadataCacheTest {
    private static final long NODE = 7;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Every instant() is one second after the previous one, so each mark is distinguishable. */
    private final AtomicLong seconds = new AtomicLong();
    private final InstantSource clock = () -> T0.plusSeconds(seconds.incrementAndGet());

    /** The server side: records each setAttr and applies it to one set of attributes. */
    private final List<SetAttributes> sent = new CopyOnWriteArrayList<>();
    private final AtomicReference<Attributes> server = new AtomicReference<>(
            Attributes.of(NODE, FileType.REGULAR.mode(0644), 1, 0, 0, 100, T0));
    private final MetadataCache.FlushTarget recordingTarget = (node, changes) -> {
        sent.add(changes);
        return server.updateAndGet(a -> apply(a, changes));
    };
    private final MetadataCache cache = new MetadataCache(recordingTarget, clock);

    private static Attributes apply(Attributes a, SetAttributes c) {
        Attributes r = c.has(AttrField.SIZE) ? a.withSize(c.size()) : a;
        return r.withTimes(c.has(AttrField.ATIME) ? c.atime() : r.atime(),
                c.has(AttrField.MTIME) ? c.mtime() : r.mtime(), c.has(AttrField.CTIME) ? c.ctime() : r.ctime());
    }

    private static final Set<Update> WRITE = EnumSet.of(Update.MTIME, Update.CTIME);

    @Test
    void markUpdate_coalescesIntoOneSetAttrOnFsync() throws Exception {
        for (int i = 1; i <= 10; i++) {
            cache.markUpdate(NODE, WRITE);
            cache.markSize(NODE, 100 + i * 10);
        }

        cache.flush(NODE);

        assertThat(sent).hasSize(1);
        SetAttributes one = sent.getFirst();
        assertThat(one.fields()).containsExactlyInAnyOrder(AttrField.MTIME, AttrField.CTIME, AttrField.SIZE);
        assertThat(one.size()).isEqualTo(200);
        assertThat(one.mtime()).isEqualTo(T0.plusSeconds(10)); // the last mark wins
        assertThat(one.ctime()).isEqualTo(one.mtime());
    }

    @Test
    void flush_sendsOnlyTheFieldsThatChanged() throws Exception {
        cache.markUpdate(NODE, EnumSet.of(Update.ATIME)); // a read

        cache.flush(NODE);

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.fields()).containsExactly(AttrField.ATIME);
            assertThat(s.atime()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void flush_withNothingMarked_doesNotReachTheServer() throws Exception {
        assertThat(cache.flush(NODE)).isNull();
        cache.markUpdate(NODE, Set.of());
        assertThat(cache.flush(NODE)).isNull();

        assertThat(sent).isEmpty();
    }

    @Test
    void flush_clearsWhatWasSent_soTheNextFlushSendsNothing() throws Exception {
        cache.markUpdate(NODE, WRITE);
        cache.flush(NODE);

        assertThat(cache.isDirty(NODE)).isFalse();
        assertThat(cache.flush(NODE)).isNull();
        assertThat(sent).hasSize(1);
    }

    @Test
    void flush_returnsTheServersAttributesAfterTheChange() throws Exception {
        cache.markSize(NODE, 4096);

        Attributes after = cache.flush(NODE);

        assertThat(after.size()).isEqualTo(4096);
        assertThat(server.get().size()).isEqualTo(4096);
    }

    @Test
    void flushFailure_keepsChangesCachedAndPassesTheErrnoOn() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        MetadataCache failing = new MetadataCache((node, changes) -> {
            if (fail.get()) {
                throw new ErrnoException(Errno.ENOSPC);
            }
            return recordingTarget.setAttr(node, changes);
        }, clock);
        failing.markUpdate(NODE, WRITE);
        failing.markSize(NODE, 300);

        assertThatThrownBy(() -> failing.flush(NODE))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSPC));
        assertThat(failing.isDirty(NODE)).isTrue();
        assertThat(failing.overlay(NODE, server.get()).size()).isEqualTo(300);

        fail.set(false);
        failing.flush(NODE);
        assertThat(sent).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(300));
        assertThat(failing.isDirty(NODE)).isFalse();
    }

    @Test
    @Timeout(10)
    void markDuringFlush_staysCachedForTheNextFlush() throws Exception {
        CountDownLatch inServer = new CountDownLatch(1);
        CountDownLatch markDone = new CountDownLatch(1);
        MetadataCache slow = new MetadataCache((node, changes) -> {
            inServer.countDown();
            try {
                markDone.await();
            } catch (InterruptedException e) {
                throw new ErrnoException(Errno.EINTR);
            }
            return recordingTarget.setAttr(node, changes);
        }, clock);
        slow.markUpdate(NODE, WRITE);
        slow.markSize(NODE, 150);

        Thread flusher = Thread.ofPlatform().start(() -> {
            try {
                slow.flush(NODE);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        inServer.await();
        slow.markUpdate(NODE, EnumSet.of(Update.MTIME)); // a write while the flush is out
        slow.markSize(NODE, 150); // same size as sent: nothing new there
        markDone.countDown();
        flusher.join();

        assertThat(slow.isDirty(NODE)).isTrue();
        slow.flush(NODE);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).fields()).containsExactly(AttrField.MTIME);
        assertThat(slow.isDirty(NODE)).isFalse();
    }

    @Test
    void getAttr_overlaysDirtyTimesAndSize() {
        cache.markUpdate(NODE, WRITE);
        cache.markSize(NODE, 5000);
        Attributes reply = server.get();

        Attributes seen = cache.overlay(NODE, reply);

        assertThat(seen.size()).isEqualTo(5000);
        assertThat(seen.blocks()).isEqualTo(10);
        assertThat(seen.mtime()).isEqualTo(T0.plusSeconds(1));
        assertThat(seen.ctime()).isEqualTo(T0.plusSeconds(1));
        assertThat(seen.atime()).isEqualTo(reply.atime()); // not marked: the server's
        assertThat(seen.mode()).isEqualTo(reply.mode());
        assertThat(seen.ino()).isEqualTo(reply.ino());
        assertThat(sent).isEmpty(); // overlaying never flushes
    }

    @Test
    void getAttr_withNothingCached_isTheServersReplyUnchanged() throws Exception {
        Attributes reply = server.get();
        assertThat(cache.overlay(NODE, reply)).isSameAs(reply);

        cache.markUpdate(NODE, WRITE);
        cache.flush(NODE);
        assertThat(cache.overlay(NODE, reply)).isSameAs(reply);
    }

    @Test
    void getAttr_refetchesAReplyThatAFlushOvertook() throws Exception {
        // the reply is fetched before the flush reaches the server, and overlaid after it settled:
        // the cache no longer holds the new size, so that reply would show the old one
        cache.markSize(NODE, 900);
        Attributes stale = server.get();
        List<Attributes> fetched = new CopyOnWriteArrayList<>();

        Attributes seen = cache.getAttr(NODE, node -> {
            if (fetched.isEmpty()) {
                cache.flush(NODE); // completes while this getAttr is at the server
                fetched.add(stale);
                return stale;
            }
            fetched.add(server.get());
            return server.get();
        });

        assertThat(fetched).hasSize(2);
        assertThat(seen.size()).isEqualTo(900);
    }

    @Test
    void getAttr_whenFlushesKeepRacing_laysTheLastFlushOverTheReply() throws Exception {
        Attributes stale = server.get();
        AtomicLong size = new AtomicLong(100);

        Attributes seen = cache.getAttr(NODE, node -> {
            cache.markSize(NODE, size.addAndGet(10));
            cache.flush(NODE);
            return stale;
        });

        assertThat(seen.size()).isEqualTo(size.get());
    }

    @Test
    void markSize_latestSizeWins_evenWhenSmaller() throws Exception {
        cache.markSize(NODE, 10_000); // a write past the end
        cache.markSize(NODE, 0); // then a truncate

        assertThat(cache.overlay(NODE, server.get()).size()).isZero();
        cache.flush(NODE);
        assertThat(sent).singleElement().satisfies(s -> assertThat(s.size()).isZero());
    }

    @Test
    void nodes_areCachedIndependently() throws Exception {
        cache.markSize(1, 11);
        cache.markSize(2, 22);

        cache.flush(1);

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.size()).isEqualTo(11));
        assertThat(cache.isDirty(2)).isTrue();
        assertThat(cache.isDirty(1)).isFalse();
    }

    @Test
    void release_flushesLikeFsync_andLeavesNothingCached() throws Exception {
        // release and fsync both end in flush: the same single setAttr
        cache.markUpdate(NODE, EnumSet.allOf(Update.class));
        cache.flush(NODE);

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.fields())
                .containsExactlyInAnyOrder(AttrField.ATIME, AttrField.MTIME, AttrField.CTIME));
        assertThat(cache.isDirty(NODE)).isFalse();
    }

    @Test
    void reclaim_flushesOnceThenForgetsTheNode() {
        cache.markUpdate(NODE, WRITE);

        cache.reclaim(NODE);

        assertThat(sent).hasSize(1);
        assertThat(cache.isDirty(NODE)).isFalse();
        assertThat(cache.cachedNodes()).isZero();
    }

    @Test
    void reclaim_whenTheFlushFails_forgetsTheNodeAnyway() {
        MetadataCache failing = new MetadataCache((node, changes) -> {
            throw new ErrnoException(Errno.EIO);
        }, clock);
        failing.markSize(NODE, 1);

        failing.reclaim(NODE);

        assertThat(failing.isDirty(NODE)).isFalse();
        assertThat(failing.cachedNodes()).isZero();
    }

    @Test
    void reclaim_whenTheServerThrowsABug_forgetsTheNodeAnyway() {
        MetadataCache buggy = new MetadataCache((node, changes) -> {
            throw new IllegalStateException("server bug");
        }, clock);
        buggy.markSize(NODE, 1);

        buggy.reclaim(NODE);

        assertThat(buggy.cachedNodes()).isZero();
    }

    @Test
    void setAttr_carriesTheCachedChangesTheCallerDidNotSet() throws Exception {
        cache.markUpdate(NODE, WRITE);
        cache.markSize(NODE, 700);

        cache.setAttr(NODE, SetAttributes.mode(0600)); // chmod while writes are cached

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.fields()).containsExactlyInAnyOrder(AttrField.MODE, AttrField.MTIME, AttrField.CTIME,
                    AttrField.SIZE);
            assertThat(s.mode()).isEqualTo(0600);
            assertThat(s.size()).isEqualTo(700);
        });
        assertThat(cache.isDirty(NODE)).isFalse();
    }

    @Test
    void setAttr_callersFieldsWinOverCachedOnes() throws Exception {
        cache.markUpdate(NODE, WRITE);
        cache.markSize(NODE, 700);
        Instant explicit = Instant.parse("2000-01-01T00:00:00Z");

        cache.setAttr(NODE, new SetAttributes(Set.of(AttrField.SIZE, AttrField.MTIME), 0, 0, 0, 5, null, explicit,
                null)); // truncate + utimensat

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.fields()).containsExactlyInAnyOrder(AttrField.SIZE, AttrField.MTIME, AttrField.CTIME);
            assertThat(s.size()).isEqualTo(5);
            assertThat(s.mtime()).isEqualTo(explicit);
        });
        assertThat(cache.isDirty(NODE)).isFalse();
        assertThat(cache.overlay(NODE, server.get()).size()).isEqualTo(5);
    }

    @Test
    void setAttrWithNowForm_doesNotSendTheCachedTime() throws Exception {
        cache.markUpdate(NODE, EnumSet.of(Update.MTIME));

        cache.setAttr(NODE, new SetAttributes(Set.of(AttrField.MTIME_NOW), 0, 0, 0, 0, null, null, null));

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.fields()).containsExactly(AttrField.MTIME_NOW));
    }

    @Test
    void setAttr_withNothingCached_passesTheCallersChangesThrough() throws Exception {
        SetAttributes chmod = SetAttributes.mode(0600);

        cache.setAttr(NODE, chmod);

        assertThat(sent).containsExactly(chmod);
    }

    @Test
    @Timeout(30)
    void concurrentMarksAndFlushes_loseNoChange() throws Exception {
        // one writer marks growing sizes and times while another thread keeps flushing; whatever the
        // interleaving, a final flush must leave the server with the writer's last values
        int writes = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        MetadataCache shared = new MetadataCache((node, changes) -> server.updateAndGet(a -> apply(a, changes)),
                clock);
        Thread flusher = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    shared.flush(NODE);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
        AtomicReference<String> readerSaw = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            long lastSize = 0;
            while (!done.get() && readerSaw.get() == null) {
                try {
                    long size = shared.getAttr(NODE, node -> server.get()).size();
                    // sizes only grow in this test; a reader must never see one go back
                    if (size < lastSize) {
                        readerSaw.set("size went back from " + lastSize + " to " + size);
                    }
                    lastSize = size;
                } catch (IOException e) {
                    readerSaw.set(e.toString());
                }
            }
        });
        for (int i = 1; i <= writes; i++) {
            shared.markUpdate(NODE, WRITE);
            shared.markSize(NODE, 100 + i);
        }
        done.set(true);
        flusher.join();
        reader.join();
        shared.flush(NODE);

        assertThat(readerSaw.get()).isNull();
        assertThat(server.get().size()).isEqualTo(100 + writes);
        assertThat(server.get().mtime()).isEqualTo(T0.plusSeconds(seconds.get()));
        assertThat(shared.isDirty(NODE)).isFalse();
    }
}
