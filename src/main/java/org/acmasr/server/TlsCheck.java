package org.acmasr.server;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Collections;
import org.acmasr.config.TlsConfig;

/**
 * Start-up check of {@code server.tls}: both PEM files load and the private key belongs to the
 * certificate. Without it a mismatched pair starts ("ready … https://") and then fails every handshake.
 */
final class TlsCheck {
  private TlsCheck() {}

  /** @throws IllegalArgumentException naming both files when they do not load or do not match */
  static void check(Vertx vertx, TlsConfig tls) {
    String files = "server.tls.key_file = " + tls.keyFile() + " and server.tls.cert_file = " + tls.certFile();
    KeyStore ks;
    try {
      ks = new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString())
          .loadKeyStore(vertx);
    } catch (Exception e) {
      throw new IllegalArgumentException(files + ": cannot be loaded as a PEM private key and certificate chain ("
          + e.getMessage() + ")", e);
    }
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (!ks.isKeyEntry(alias)) continue;
        PrivateKey key = (PrivateKey) ks.getKey(alias, KeyStoreHelper.DUMMY_PASSWORD.toCharArray());
        Certificate cert = ks.getCertificateChain(alias)[0];
        if (!matches(key, cert)) {
          throw new IllegalArgumentException(files + ": the private key does not match the certificate's public key");
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(files + ": cannot check that the key matches the certificate (" + e.getMessage()
          + ")", e);
    }
  }

  /** Signs random bytes with the key and verifies them with the certificate. */
  private static boolean matches(PrivateKey key, Certificate cert) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "DSA" -> "SHA256withDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448
    };
    byte[] data = new byte[32];
    new SecureRandom().nextBytes(data);
    Signature s = Signature.getInstance(algorithm);
    s.initSign(key);
    s.update(data);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(algorithm);
    try {
      v.initVerify(cert.getPublicKey());
    } catch (InvalidKeyException e) {
      return false; // a key of another algorithm than the certificate's
    }
    v.update(data);
    return v.verify(sig);
  }
}
