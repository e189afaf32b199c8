package org.acmasr.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.sourceforge.javaflacencoder.EncodingConfiguration;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACStreamOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/** Encodes FLAC fixtures with javaFlacEncoder (test scope only; the product only decodes). */
public final class TestFlac {
  private TestFlac() {}

  /** @param interleaved samples in [-1, 1], frame-major */
  public static byte[] encode(float[] interleaved, int channels, int rate, int bits) {
    int scale = (1 << (bits - 1)) - 1;
    int[] pcm = new int[interleaved.length];
    for (int i = 0; i < pcm.length; i++) pcm[i] = Math.round(interleaved[i] * scale);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      FLACEncoder enc = new FLACEncoder();
      StreamConfiguration sc = new StreamConfiguration(channels, StreamConfiguration.MIN_BLOCK_SIZE,
          StreamConfiguration.DEFAULT_MAX_BLOCK_SIZE, rate, bits);
      enc.setStreamConfiguration(sc);
      enc.setEncodingConfiguration(new EncodingConfiguration());
      FLACStreamOutputStream out = new FLACStreamOutputStream(bytes);
      enc.setOutputStream(out);
      enc.openFLACStream();
      enc.addSamples(pcm, pcm.length / channels);
      enc.encodeSamples(pcm.length / channels, true);
      out.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
