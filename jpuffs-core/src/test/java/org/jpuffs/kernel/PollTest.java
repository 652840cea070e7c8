package org.jpuffs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.jpuffs.CallContext;
import org.jpuffs.Errno;
import org.jpuffs.ErrnoException;
import org.jpuffs.PollWaker;
import org.jpuffs.testkit.Errnos;
import org.jpuffs.testkit.TreeServer;
import org.junit.jupiter.api.Test;

/** parkdone_poll in the seed's correct form: success gives the server's events, failure POLLERR. */
class PollTest {
    static final int POLLIN = 1;
    static final int POLLOUT = 4;

    /** Polls as the test says. */
    static final class Polls extends TreeServer {
        volatile IOException failure;
        volatile PollWaker kept;

        @Override
        public int poll(CallContext ctx, Long node, Object handle, int events, PollWaker waker) throws IOException {
            kept = waker;
            if (failure != null) {
                throw failure;
            }
            return events & POLLOUT;
        }
    }

    private final Polls server = new Polls();
    private final Served<Long> s = Served.serve(server);

    @Test
    void pollSuccess_serversEvents() throws Exception {
        PollWaker waker = () -> { };
        assertThat(s.layer.poll(s.call(), 1, 0, POLLIN | POLLOUT, waker)).isEqualTo(POLLOUT);
        assertThat(server.kept).isSameAs(waker);
    }

    @Test
    void pollFailure_pollerr() throws Exception {
        server.failure = new ErrnoException(Errno.EIO);
        assertThat(s.layer.poll(s.call(), 1, 0, POLLIN, null)).isEqualTo(ServedNodes.POLLERR);
        server.failure = new IOException("server bug");
        assertThat(s.layer.poll(s.call(), 1, 0, POLLIN, null)).isEqualTo(ServedNodes.POLLERR);
    }

    @Test
    void pollNotImplemented_enosysPassedOn() {
        Served<Long> plain = Served.serve(new TreeServer());
        assertThat(Errnos.thrownBy(() -> plain.layer.poll(plain.call(), 1, 0, POLLIN, null)))
                .isEqualTo(Errno.ENOSYS);
    }
}
