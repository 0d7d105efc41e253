package dev.llmkit.solr.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrException;
import org.junit.jupiter.api.Test;

class ReadsTest {

    @Test
    void aLostNodeIsTriedAgainUntilItAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String r = Reads.withRetries(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new SolrServerException("IOException occurred", new ConnectException("refused"));
            }
            return "ok";
        });

        assertThat(r).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aNodeThatStaysAwayFailsAfterFourTries() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Reads.withRetries(() -> {
            calls.incrementAndGet();
            throw new IOException("connection reset");
        })).isInstanceOf(IOException.class);
        assertThat(calls).hasValue(Reads.ATTEMPTS);
    }

    @Test
    void anErrorSolrAnsweredWithFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Reads.withRetries(() -> {
            calls.incrementAndGet();
            throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "undefined field", new IOException("x"));
        })).isInstanceOf(SolrException.class);
        assertThat(calls).hasValue(1);
    }
}
