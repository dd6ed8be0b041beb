package dev.ficus.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as the JVM runs: a socket bound to it but never listening
 * holds the port, so no other test server can take it (a port merely found free can be reused a moment later).
 */
public final class ClosedPort {

    private static final Socket HOLDER = bind();

    private ClosedPort() {
    }

    public static int port() {
        return HOLDER.getLocalPort();
    }

    private static Socket bind() {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
