package org.acmasr.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.DecodedAudio;
import org.acmasr.audio.Resampler;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Front-end cost per clip on one thread: MP3 decode, resample to 16 kHz, log-mel, and all three.
 * {@link BenchMain} turns the times into multiples of real time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FrontendBenchmark {
  @Param({"cathy_arctic_a0001_1592748574.mp3", "ljspeech_LJ001-0001.mp3", "asterisk_agent-alreadyon.mp3"})
  public String clip;

  byte[] mp3;
  DecodedAudio decoded;
  float[] mono;
  float[] mono16k;
  FbankConfig fbank = FbankConfig.defaults();

  @Setup
  public void setup() throws Exception {
    Path p = Path.of(System.getProperty("acm.shared", "../shared"), "corpus/en-real/clips", clip);
    mp3 = Files.readAllBytes(p);
    decoded = AudioDecoder.decode(mp3);
    mono = decoded.downmix();
    mono16k = AudioDecoder.toMono(decoded, 16000);
  }

  @Benchmark
  public DecodedAudio decodeMp3() throws Exception {
    return AudioDecoder.decode(mp3);
  }

  @Benchmark
  public float[] resample() {
    return Resampler.resample(mono, decoded.sampleRate(), 16000);
  }

  @Benchmark
  public float[][] fbank() {
    return OnlineFbank.computeAll(fbank, mono16k);
  }

  @Benchmark
  public float[][] decodeResampleFbank() throws Exception {
    return OnlineFbank.computeAll(fbank, AudioDecoder.toMono(AudioDecoder.decode(mp3), 16000));
  }

  /** Audio seconds in a clip (after gapless trimming). */
  static double seconds(String clip) throws Exception {
    Path p = Path.of(System.getProperty("acm.shared", "../shared"), "corpus/en-real/clips", clip);
    return AudioDecoder.decode(Files.readAllBytes(p)).durationSeconds();
  }
}
