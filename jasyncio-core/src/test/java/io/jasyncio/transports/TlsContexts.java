package io.jasyncio.transports;

import javax.net.ssl.SSLContext;

/** The test certificate's contexts, for the transports package (made by the streams tests' helper). */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext server() throws Exception {
        return io.jasyncio.streams.TestCertificates.serverContext();
    }

    static SSLContext client() throws Exception {
        return io.jasyncio.streams.TestCertificates.clientContext();
    }
}
