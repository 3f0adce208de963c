package io.jasyncio.streams;

import javax.net.ssl.SSLContext;

/** Public access to the test certificate's SSL contexts for tests in other packages. */
public final class TestCertificates {
    private TestCertificates() {
    }

    /** A server context with the test key. */
    public static SSLContext serverContext() throws Exception {
        return NetTesting.serverContext();
    }

    /** A client context trusting only the test certificate. */
    public static SSLContext clientContext() throws Exception {
        return NetTesting.clientContext();
    }
}
