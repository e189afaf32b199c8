package org.acmasr.train.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.audio.AudioFormatException;
import org.acmasr.features.FbankConfig;
import org.acmasr.features.OnlineFbank;

/**
 * On-disk cache of log-mel features, one file per clip.
 *
 * <p>Files live in {@code <root>/<configHash>/<clip file name>.fbank} (layout in {@link FeatureFile}), so a
 * different front end never reads another's features. Each file also records the clip's size and
 * modification time and the front-end hash; a file that does not match them, or is truncated or damaged
 * (checked by length and CRC-32), is deleted and recomputed. Clips are keyed by file name: two corpora
 * sharing a cache folder must not hold different clips with the same name, size and time.
 *
 * <p>Files are written to a temporary file and moved into place, so readers never see a partial file.
 * Safe for concurrent use from many threads (two threads asking for the same clip may both compute it;
 * the results are identical).
 */
public final class FeatureCache {
  /** The one rate training features are computed at (caches are shared across models of that rate). */
  private static final int CORPUS_RATE = 16_000;
  /** Extension of cache files. */
  public static final String EXTENSION = ".fbank";

  private final Path dir;
  private final FbankConfig config;
  private final long configHash;
  private final double speed;

  /** Opens (creating if needed) the cache for {@code config} under {@code root}. */
  public FeatureCache(Path root, FbankConfig config) throws IOException {
    this(root, config, 1.0);
  }

  /**
   * A cache of speed-perturbed features: the audio is played {@code speed} times faster (tempo and pitch
   * together, as Kaldi's speed perturbation: the samples are resampled as if recorded at speed × rate).
   * Each speed has its own folder.
   */
  public FeatureCache(Path root, FbankConfig config, double speed) throws IOException {
    if (!(speed >= 0.5 && speed <= 2.0)) {
      throw new IllegalArgumentException("train.speed = " + speed + ": must be in [0.5, 2]");
    }
    this.speed = speed;
    if (config.sampleRate() != CORPUS_RATE) {
      throw new IllegalArgumentException("fbank.sample_rate = " + config.sampleRate()
          + ": the feature cache decodes audio at " + CORPUS_RATE + " Hz");
    }
    this.config = config;
    this.configHash = configHash(config);
    this.dir = root.resolve(String.format(Locale.ROOT, "fbank-%016x", configHash)
        + (speed == 1.0 ? "" : String.format(Locale.ROOT, "-speed%.2f", speed)));
    Files.createDirectories(dir);
  }

  /**
   * A stable 64-bit hash of every front-end setting and the cache format version (first bytes of a SHA-256
   * of the config's canonical text), equal across JVM runs.
   */
  public static long configHash(FbankConfig config) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(("acm-fbank-cache/" + FeatureFile.VERSION + "/" + config).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).order(ByteOrder.BIG_ENDIAN).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The folder that holds this front end's files. */
  public Path directory() {
    return dir;
  }

  public FbankConfig config() {
    return config;
  }

  /** Where the features of {@code clip} are (or would be) stored. */
  public Path cacheFile(Path clip) {
    return dir.resolve(clip.getFileName().toString() + EXTENSION);
  }

  /**
   * The features of {@code clip}, [frames][numMelBins], from the cache or computed and stored.
   *
   * @throws AudioFormatException the clip is not decodable audio (nothing is cached)
   * @throws IOException          the clip or the cache cannot be read or written
   */
  public float[][] features(Path clip) throws IOException {
    return obtain(clip).features();
  }

  /**
   * The number of frames cached for {@code clip}, read from the cache file's header (the file is not
   * validated here: {@link #features} checks it when it is loaded).
   *
   * @throws IOException the clip has no cache file (run {@link #precompute} first) or it is damaged
   */
  public int cachedFrames(Path clip) throws IOException {
    Path file = cacheFile(clip);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b) >= 0) { }
      int frames = b.position() == 16 ? b.getInt(8) : -1;
      if (frames < 0 || b.getInt(12) != config.numMelBins()) {
        throw new IOException("feature cache file " + file.getFileName() + ": damaged header");
      }
      return frames;
    }
  }

  /**
   * Fills the cache for the distinct clips of {@code rows} on {@code threads} worker threads. Clips that
   * cannot be decoded or read are reported, not thrown.
   *
   * @throws InterruptedException the calling thread was interrupted; the workers are stopped
   */
  public PrecomputeReport precompute(List<CorpusRow> rows, int threads, ProgressListener listener)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("feature_cache.threads = " + threads + ": must be >= 1");
    }
    ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
    Set<Path> clips = new LinkedHashSet<>();
    for (CorpusRow r : rows) clips.add(r.clip());
    int total = clips.size();
    List<ClipFailure> undecodable = new ArrayList<>();
    List<ClipFailure> unreadable = new ArrayList<>();
    AtomicInteger computed = new AtomicInteger();
    AtomicInteger cached = new AtomicInteger();
    Object lock = new Object();
    int[] done = {0};
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, total)), r -> {
      Thread t = new Thread(r, "feature-cache-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(total);
      for (Path clip : clips) {
        futures.add(pool.submit(() -> {
          ClipFailure failure = null;
          boolean decodeError = false;
          try {
            (obtain(clip).fromCache() ? cached : computed).incrementAndGet();
          } catch (AudioFormatException e) {
            failure = new ClipFailure(clip, e.getMessage());
            decodeError = true;
          } catch (IOException e) {
            failure = new ClipFailure(clip, describe(e));
          }
          synchronized (lock) {
            if (failure != null) (decodeError ? undecodable : unreadable).add(failure);
            progress.progress(++done[0], total);
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) throw re;
          if (cause instanceof Error err) throw err;
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    synchronized (lock) {
      undecodable.sort(Comparator.comparing(ClipFailure::clip));
      unreadable.sort(Comparator.comparing(ClipFailure::clip));
      return new PrecomputeReport(total, computed.get(), cached.get(), undecodable, unreadable);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException n) return "no such file: " + n.getFile();
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private record Loaded(float[][] features, boolean fromCache) {}

  private Loaded obtain(Path clip) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(clip, BasicFileAttributes.class);
    FeatureFile.Key key = new FeatureFile.Key(attrs.size(), attrs.lastModifiedTime().toMillis(), configHash,
        config.numMelBins());
    Path file = cacheFile(clip);
    if (Files.exists(file)) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        bytes = null; // replaced or removed by another thread between the check and the read
      }
      if (bytes != null) {
        float[][] f = FeatureFile.decode(bytes, key);
        if (f != null) return new Loaded(f, true);
        Files.deleteIfExists(file); // damaged, or for another version of the clip
      }
    }
    float[][] f = OnlineFbank.computeAll(config, samples(clip));
    write(file, FeatureFile.encode(key, f));
    return new Loaded(f, false);
  }

  private float[] samples(Path clip) throws IOException {
    if (speed == 1.0) return AudioDecoder.loadMono(clip, null, config.sampleRate());
    var audio = AudioDecoder.read(clip, null);
    int asIf = (int) Math.round(audio.sampleRate() * speed);
    return org.acmasr.audio.Resampler.resample(audio.downmix(), asIf, config.sampleRate()); // the front end's rate
  }

  private void write(Path file, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
