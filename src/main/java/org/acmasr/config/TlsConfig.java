package org.acmasr.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS from PEM files. Both files must exist and be readable when the configuration is built.
 *
 * @param certFile certificate chain (PEM)
 * @param keyFile  private key (PEM, PKCS#8 or PKCS#1)
 */
public record TlsConfig(Path certFile, Path keyFile) {

  public TlsConfig {
    check("server.tls.cert_file", certFile);
    check("server.tls.key_file", keyFile);
  }

  private static void check(String key, Path p) {
    if (p == null) {
      throw new IllegalArgumentException(key + ": must be set when TLS is on (set both server.tls.cert_file and "
          + "server.tls.key_file)");
    }
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new IllegalArgumentException(key + " = " + p + ": not a readable file");
    }
  }
}
