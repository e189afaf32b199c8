package org.acmasr.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;
import org.acmasr.features.WindowType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
  private static final FbankConfig CFG = FbankConfig.defaults();

  @TempDir
  Path tmp;
  Path clips;
  Path clipA;
  Path clipB;
  Path broken;
  FeatureCache cache;

  @BeforeEach
  void setUp() throws IOException {
    clips = Fixtures.clips(tmp.resolve("corpus"));
    clipA = clips.resolve(Fixtures.CLIP_A);
    clipB = clips.resolve(Fixtures.CLIP_B);
    broken = clips.resolve(Fixtures.BROKEN);
    cache = new FeatureCache(tmp.resolve("cache"), CFG);
  }

  private static float[][] direct(FbankConfig cfg, Path clip) throws IOException {
    return OnlineFbank.computeAll(cfg, AudioDecoder.loadMono(clip, null, 16000));
  }

  private static FeatureFile.Key key(Path clip, FbankConfig cfg) throws IOException {
    BasicFileAttributes a = Files.readAttributes(clip, BasicFileAttributes.class);
    return new FeatureFile.Key(a.size(), a.lastModifiedTime().toMillis(), FeatureCache.configHash(cfg),
        cfg.numMelBins());
  }

  /** Overwrites the cache file of {@code clip} with valid-looking features whose first value is 12345. */
  private float[][] plantMarker(Path clip) throws IOException {
    float[][] f = direct(CFG, clip);
    f[0][0] = 12345f;
    Files.write(cache.cacheFile(clip), FeatureFile.encode(key(clip, CFG), f));
    return f;
  }

  private static void assertSame2d(float[][] expected, float[][] actual) {
    assertEquals(expected.length, actual.length, "frames");
    for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], "frame " + i);
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(cache.directory())) {
      return s.filter(p -> p.toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void computesStoresAndThenReadsFromTheCache() throws IOException {
    float[][] expected = direct(CFG, clipA);
    assertTrue(expected.length > 50, "frames " + expected.length);
    assertSame2d(expected, cache.features(clipA));
    Path file = cache.cacheFile(clipA);
    assertEquals(cache.directory().resolve(Fixtures.CLIP_A + ".fbank"), file);
    assertEquals(FeatureFile.HEADER_BYTES + 4L * expected.length * 80, Files.size(file));
    assertEquals(List.of(), leftovers());
    // A valid file with a marker value is returned as stored: proof the second call reads the cache.
    float[][] planted = plantMarker(clipA);
    assertSame2d(planted, cache.features(clipA));
  }

  @Test
  void truncatedFileIsDetectedAndRecomputed() throws IOException {
    float[][] expected = cache.features(clipA);
    Path file = cache.cacheFile(clipA);
    long size = Files.size(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    assertSame2d(expected, cache.features(clipA));
    assertEquals(size, Files.size(file));
  }

  @Test
  void damagedPayloadOrHeaderIsDetectedAndRecomputed() throws IOException {
    float[][] expected = direct(CFG, clipA);
    plantMarker(clipA);
    Path file = cache.cacheFile(clipA);
    byte[] bytes = Files.readAllBytes(file);
    bytes[FeatureFile.HEADER_BYTES + 100] ^= 0x10; // checksum no longer matches
    Files.write(file, bytes);
    assertSame2d(expected, cache.features(clipA));

    Files.write(file, new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'f', 'i', 'l', 'e'});
    assertSame2d(expected, cache.features(clipA));
    assertArrayEquals(FeatureFile.encode(key(clipA, CFG), expected), Files.readAllBytes(file));
  }

  @Test
  void aChangedClipIsRecomputed() throws IOException {
    float[][] expected = direct(CFG, clipA);
    plantMarker(clipA);
    Files.setLastModifiedTime(clipA, FileTime.fromMillis(Files.getLastModifiedTime(clipA).toMillis() + 5000));
    assertSame2d(expected, cache.features(clipA));
  }

  @Test
  void anotherFrontEndUsesItsOwnFiles() throws IOException {
    float[][] f80 = cache.features(clipB);
    byte[] stored80 = Files.readAllBytes(cache.cacheFile(clipB));
    FbankConfig cfg40 = CFG.withNumMelBins(40);
    FeatureCache cache40 = new FeatureCache(tmp.resolve("cache"), cfg40);
    assertNotEquals(cache.directory(), cache40.directory());
    float[][] f40 = cache40.features(clipB);
    assertEquals(40, f40[0].length);
    assertEquals(80, f80[0].length);
    assertSame2d(direct(cfg40, clipB), f40);
    assertArrayEquals(stored80, Files.readAllBytes(cache.cacheFile(clipB)), "the 80-bin file is untouched");
  }

  @Test
  void configHashIsStableAndSeesEverySetting() {
    assertEquals(FeatureCache.configHash(FbankConfig.defaults()), FeatureCache.configHash(FbankConfig.defaults()));
    long h = FeatureCache.configHash(CFG);
    assertNotEquals(h, FeatureCache.configHash(CFG.withWindow(WindowType.HANN)));
    assertNotEquals(h, FeatureCache.configHash(CFG.withNumMelBins(81)));
    assertNotEquals(h, FeatureCache.configHash(CFG.withDither(1e-5, 0)));
    assertNotEquals(h, FeatureCache.configHash(CFG.withDither(0, 1)));
  }

  @Test
  void undecodableClipThrowsAndCachesNothing() throws IOException {
    AudioFormatException e = assertThrows(AudioFormatException.class, () -> cache.features(broken));
    assertTrue(e.getMessage().startsWith(Fixtures.BROKEN), e.getMessage());
    assertFalse(Files.exists(cache.cacheFile(broken)));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void precomputeFillsTheCacheAndReportsFailures() throws Exception {
    Path missing = clips.resolve("missing.mp3");
    List<CorpusRow> rows = List.of(
        new CorpusRow(clipA, "Activated.", "activated", "c"),
        new CorpusRow(clipB, "zero", "zero", "c"),
        new CorpusRow(clipA, "Activated again.", "activated again", "c"), // same clip: handled once
        new CorpusRow(broken, "Broken.", "broken", "c"),
        new CorpusRow(missing, "Gone.", "gone", "c"));
    List<int[]> calls = new ArrayList<>();
    PrecomputeReport r = cache.precompute(rows, 2, (done, total) -> calls.add(new int[] {done, total}));
    assertEquals(4, r.clips());
    assertEquals(2, r.computed());
    assertEquals(0, r.cached());
    assertEquals(List.of(broken), r.undecodable().stream().map(ClipFailure::clip).toList());
    assertEquals(List.of(missing), r.unreadable().stream().map(ClipFailure::clip).toList());
    assertTrue(r.unreadable().get(0).message().contains("missing.mp3"), r.unreadable().get(0).message());
    assertEquals(2, r.failed());
    assertEquals(4, calls.size());
    for (int i = 0; i < calls.size(); i++) {
      assertArrayEquals(new int[] {i + 1, 4}, calls.get(i));
    }
    assertTrue(Files.isRegularFile(cache.cacheFile(clipA)));
    assertTrue(Files.isRegularFile(cache.cacheFile(clipB)));
    assertEquals("4 clips: 2 computed, 0 cached, 1 undecodable, 1 unreadable", r.toString());

    PrecomputeReport again = cache.precompute(rows, 3, null);
    assertEquals(0, again.computed());
    assertEquals(2, again.cached());
    assertEquals(2, again.failed());
  }

  @Test
  void concurrentCallsAgree() throws Exception {
    float[][] a = direct(CFG, clipA);
    float[][] b = direct(CFG, clipB);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> fa = new ArrayList<>();
      List<Future<float[][]>> fb = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fa.add(pool.submit(() -> cache.features(clipA)));
        fb.add(pool.submit(() -> cache.features(clipB)));
      }
      for (Future<float[][]> f : fa) assertSame2d(a, f.get());
      for (Future<float[][]> f : fb) assertSame2d(b, f.get());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), leftovers());
  }

  @Test
  void argumentsAreValidated() throws Exception {
    IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
        () -> cache.precompute(List.of(), 0, null));
    assertEquals("feature_cache.threads = 0: must be >= 1", t.getMessage());
    FbankConfig at8k = new FbankConfig(8000, 40, 25, 10, WindowType.POVEY, 0.97, true, 20, 0, 1e-10, 0, 0);
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
        () -> new FeatureCache(tmp.resolve("c8"), at8k));
    assertEquals("fbank.sample_rate = 8000: the feature cache decodes audio at 16000 Hz", r.getMessage());
    assertEquals(new PrecomputeReport(0, 0, 0, List.of(), List.of()), cache.precompute(List.of(), 2, null));
  }

  @Test
  void featureFileRoundTripsAndRejectsOtherKeys() {
    FeatureFile.Key k = new FeatureFile.Key(100, 200, 300, 2);
    float[][] f = {{1f, -2f}, {Float.MIN_VALUE, 3.5f}};
    byte[] bytes = FeatureFile.encode(k, f);
    assertEquals(FeatureFile.HEADER_BYTES + 16, bytes.length);
    assertEquals('A', bytes[0]);
    assertEquals('F', bytes[3]);
    assertSame2d(f, FeatureFile.decode(bytes, k));
    assertNull(FeatureFile.decode(bytes, new FeatureFile.Key(101, 200, 300, 2)));
    assertNull(FeatureFile.decode(bytes, new FeatureFile.Key(100, 201, 300, 2)));
    assertNull(FeatureFile.decode(bytes, new FeatureFile.Key(100, 200, 301, 2)));
    assertNull(FeatureFile.decode(bytes, new FeatureFile.Key(100, 200, 300, 3)));
    assertNull(FeatureFile.decode(Arrays.copyOf(bytes, bytes.length - 1), k));
    assertEquals(0, FeatureFile.decode(FeatureFile.encode(k, new float[0][]), k).length);
    assertThrows(IllegalArgumentException.class, () -> FeatureFile.encode(k, new float[][] {{1f}}));
  }
}
