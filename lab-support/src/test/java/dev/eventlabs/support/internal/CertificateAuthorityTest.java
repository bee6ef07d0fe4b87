package dev.eventlabs.support.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {
    private static final int DNS = 2;
    private static final int IP = 7;
    private static final char[] PASSWORD = "test-only".toCharArray();

    private final CertificateAuthority ca = CertificateAuthority.create("test CA");

    @Test
    void theBrokerCertificateNamesLoopbackAsAnIpAndLocalhostAsADnsName() throws Exception {
        X509Certificate cert = ca.issue("broker", List.of("localhost"), List.of("127.0.0.1")).certificate();

        assertThat(cert.getSubjectAlternativeNames()).as("subject alternative names (type, name)")
                .containsExactlyInAnyOrder(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1"));
    }

    @Test
    void theBrokerCertificateIsSignedByTheRunsCaAndIsNoCaItself() throws Exception {
        X509Certificate cert = ca.issue("broker", List.of("localhost"), List.of("127.0.0.1")).certificate();

        cert.verify(ca.certificate().getPublicKey());
        assertThat(List.of(cert.getIssuerX500Principal(), cert.getBasicConstraints()))
                .as("issuer and path length (-1: not a CA)")
                .containsExactly(ca.certificate().getSubjectX500Principal(), -1);
    }

    @Test
    void anotherCasKeyDoesNotVerifyTheBrokerCertificate() {
        X509Certificate cert = ca.issue("broker", List.of("localhost"), List.of("127.0.0.1")).certificate();
        CertificateAuthority other = CertificateAuthority.create("other CA");

        assertThatThrownBy(() -> cert.verify(other.certificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void theCaMaySignLeafCertificatesOnly() {
        assertThat(ca.certificate().getBasicConstraints()).as("the CA's path length constraint").isZero();
    }

    @Test
    void theKeyStoreHoldsTheKeyWithTheChainLeafThenCa() throws Exception {
        CertificateAuthority.IssuedCertificate issued = ca.issue("broker", List.of("localhost"),
                List.of("127.0.0.1"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(issued.keystore("broker", PASSWORD)), PASSWORD);

        Certificate[] chain = ks.getCertificateChain("broker");
        assertThat(List.of(chain)).as("the chain under alias broker")
                .containsExactly(issued.certificate(), ca.certificate());
    }

    @Test
    void theTrustStoreHoldsOnlyTheCaCertificate() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(new ByteArrayInputStream(ca.truststore(PASSWORD)), PASSWORD);

        assertThat(List.of(ts.size(), ts.getCertificate("lab-ca"))).containsExactly(1, ca.certificate());
    }

    @Test
    void toStringNamesTheSubjectButNotTheKey() {
        assertThat(ca.toString()).contains("CN=test CA").contains("key hidden");
    }
}
