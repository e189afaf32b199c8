package org.acmasr.audio;

/** Averages interleaved channels into mono. */
public final class Downmix {
  private Downmix() {}

  /**
   * @param interleaved frame-major samples, length a multiple of {@code channels}
   * @return one sample per frame, the mean of its channels
   */
  public static float[] toMono(float[] interleaved, int channels) {
    if (channels == 1) {
      return interleaved.clone();
    }
    int frames = interleaved.length / channels;
    float[] mono = new float[frames];
    float scale = 1f / channels;
    for (int f = 0, i = 0; f < frames; f++) {
      float sum = 0f;
      for (int c = 0; c < channels; c++) {
        sum += interleaved[i++];
      }
      mono[f] = sum * scale;
    }
    return mono;
  }
}
