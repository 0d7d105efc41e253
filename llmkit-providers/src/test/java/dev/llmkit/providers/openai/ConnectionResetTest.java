package dev.llmkit.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.api.ChatRequest;
import dev.llmkit.api.error.StreamInterruptedException;
import dev.llmkit.providers.Collector;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A server that sends two chunks of a stream and then resets the TCP connection (RST, not a clean close). */
class ConnectionResetTest {

    private static String chunk(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(b.length) + "\r\n" + data + "\r\n";
    }

    @Test
    void aResetMidStreamSurfacesAsInterruptedWithTheDeliveredText() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[8192];
                    in.read(buf); // the request; its size does not matter here
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n")
                            + chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n"))
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(200);
                    s.setSoLinger(true, 0); // close with RST
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            serverThread.start();
            Collector c = new Collector();

            OpenAiCompatibleChatModel.builder().baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1").model("m")
                    .idleTimeout(Duration.ofSeconds(5)).build().stream(ChatRequest.of("hi"), c);

            StreamInterruptedException e = (StreamInterruptedException) c.error();
            assertThat(e.partialText()).isEqualTo("Hello");
            assertThat(e.tokensDelivered()).isEqualTo(2);
            assertThat(c.tokens).containsExactly("Hel", "lo");
            assertThat(c.terminals).hasValue(1);
            serverThread.join(5000);
        }
    }
}
