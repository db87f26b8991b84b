package org.entryguard.alerts;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * A self-signed certificate for localhost / 127.0.0.1, made offline by the JDK's own {@code keytool} (Netty's
 * SelfSignedCertificate would need Bouncy Castle on Java 17).
 */
final class TestTls {
    private static final char[] PASS = "changeit".toCharArray();
    final SslContext server;
    final TrustManagerFactory clientTrust;

    TestTls(Path dir) throws Exception {
        Path ks = dir.resolve("receiver.p12");
        Files.deleteIfExists(ks);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("keytool failed: " + out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS);
        server = SslContextBuilder.forServer(kmf).build();
        Certificate cert = store.getCertificate("receiver");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("receiver", cert);
        clientTrust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        clientTrust.init(trust);
    }
}
