package org.acmasr.decode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes {@link WordNgrams} as an ARPA file (gzip-compressed when the name ends in {@code .gz}). */
public final class ArpaWriter {
  private ArpaWriter() {}

  public static void write(Path file, WordNgrams lm) throws IOException {
    boolean gz = file.getFileName().toString().endsWith(".gz");
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) : raw) {
      write(out, lm);
    }
  }

  /** Writes to a stream and flushes it (not closed). */
  public static void write(OutputStream out, WordNgrams lm) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    w.write("\n\\data\\\n");
    for (int n = 1; n <= lm.order(); n++) w.write("ngram " + n + "=" + lm.count(n) + "\n");
    StringBuilder sb = new StringBuilder(128);
    for (int n = 1; n <= lm.order(); n++) {
      w.write("\n\\" + n + "-grams:\n");
      for (int i = 0; i < lm.count(n); i++) {
        sb.setLength(0);
        sb.append(lm.log10Prob(n, i));
        for (int j = 0; j < n; j++) sb.append(j == 0 ? '\t' : ' ').append(lm.vocab().get(lm.word(n, i, j)));
        if (n < lm.order() && lm.log10Backoff(n, i) != 0f) sb.append('\t').append(lm.log10Backoff(n, i));
        w.write(sb.append('\n').toString());
      }
    }
    w.write("\n\\end\\\n");
    w.flush();
  }
}
