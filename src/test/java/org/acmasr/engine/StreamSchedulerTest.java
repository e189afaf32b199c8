package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.acmasr.features.FbankConfig;
import org.acmasr.model.AcmConfig;
import org.acmasr.model.AcmModel;
import org.acmasr.model.ModelConfig;
import org.acmasr.model.ModelFactory;
import org.acmasr.testutil.TestData;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamSchedulerTest {
  private static Recognizer recognizer;
  private static float[] speech;

  @BeforeAll
  static void setUp() throws Exception {
    recognizer = new Recognizer(TestModels.tinyBudgetFollowing(9), RecognizerConfig.defaults());
    speech = AudioDecoder.loadMono(TestData.clip(TestData.CLIP_48K), null, 16000);
  }

  /** Collects one stream's results and completes when it is done. */
  private static class Collector implements StreamListener {
    final List<Segment> finals = new CopyOnWriteArrayList<>();
    final List<Segment> partials = new CopyOnWriteArrayList<>();
    final CompletableFuture<RuntimeException> done = new CompletableFuture<>();
    final AtomicInteger drained = new AtomicInteger();
    final AtomicInteger doneCalls = new AtomicInteger();

    @Override
    public void onResult(List<Segment> f, Segment partial) {
      finals.addAll(f);
      partials.add(partial);
    }

    @Override
    public void onDone(RuntimeException failure) {
      doneCalls.incrementAndGet();
      done.complete(failure);
    }

    @Override
    public void onDrained() {
      drained.incrementAndGet();
    }
  }

  private static void feed(ScheduledStream s, float[] audio, int piece) {
    for (int pos = 0; pos < audio.length; pos += piece) {
      s.accept(Arrays.copyOfRange(audio, pos, Math.min(audio.length, pos + piece)));
    }
    s.finish();
  }

  @Test
  void concurrentStreamsGetTheOfflineTranscriptAndAreBatched() throws Exception {
    List<BatchStats> batches = Collections.synchronizedList(new ArrayList<>());
    Transcript offline = recognizer.transcribe(speech, Budget.fixed(0.5));
    try (StreamScheduler sched = new StreamScheduler(recognizer, new SchedulerConfig(2, 8, 5, 100_000, 16),
        batches::add)) {
      List<Collector> collectors = new ArrayList<>();
      List<Thread> producers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Collector c = new Collector();
        collectors.add(c);
        ScheduledStream s = sched.open(recognizer.createStream(StreamSpec.of(Budget.fixed(0.5))), c);
        int piece = 800 + 700 * i;
        Thread t = new Thread(() -> feed(s, speech, piece));
        producers.add(t);
        t.start();
      }
      for (Thread t : producers) t.join();
      for (Collector c : collectors) {
        assertNull(c.done.get(60, TimeUnit.SECONDS));
        assertEquals(1, c.doneCalls.get());
        assertEquals(offline.segments().stream().map(Segment::text).toList(),
            c.finals.stream().map(Segment::text).toList());
        assertFalse(c.partials.isEmpty());
      }
      assertTrue(sched.awaitIdle(Duration.ofSeconds(10)));
      assertEquals(0, sched.openStreams());
      double audio = batches.stream().mapToDouble(BatchStats::audioSeconds).sum();
      assertEquals(6 * offline.durationSeconds(), audio, 6 * 0.2, "every stream's audio decoded once");
      assertTrue(batches.stream().anyMatch(b -> b.streams() > 1), "streams were batched together");
      assertTrue(batches.stream().allMatch(b -> b.streams() <= 8), "max batch respected");
    }
  }

  @Test
  void aListenerWithoutPartialsGetsTheSameFinalsAndNoPartials() throws Exception {
    Transcript offline = recognizer.transcribe(speech, Budget.fixed(0.5));
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults())) {
      Collector c = new Collector() {
        @Override
        public boolean wantsPartials() {
          return false;
        }
      };
      feed(sched.open(recognizer.createStream(StreamSpec.of(Budget.fixed(0.5))), c), speech, 1600);
      assertNull(c.done.get(60, TimeUnit.SECONDS));
      assertEquals(offline.segments().stream().map(Segment::text).toList(),
          c.finals.stream().map(Segment::text).toList());
      assertFalse(c.partials.isEmpty(), "results were delivered after decoded chunks");
      assertTrue(c.partials.stream().allMatch(p -> p == null), "no partial was built: " + c.partials);
    }
  }

  @Test
  void admissionLimitRefusesExtraStreamsAndFreesSlots() throws Exception {
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults().withMaxStreams(2))) {
      Collector a = new Collector();
      ScheduledStream sa = sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), a);
      ScheduledStream sb = sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), new Collector());
      OverloadedException e = assertThrows(OverloadedException.class,
          () -> sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), new Collector()));
      assertTrue(e.getMessage().contains("2 streams"), e.getMessage());
      sb.cancel();
      assertEquals(1, sched.openStreams());
      ScheduledStream sc = sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), new Collector());
      feed(sa, Arrays.copyOf(speech, 16000), 4000);
      assertNull(a.done.get(30, TimeUnit.SECONDS));
      sc.cancel();
      assertTrue(sched.awaitIdle(Duration.ofSeconds(10)));
      sched.stopAccepting();
      assertThrows(OverloadedException.class, () -> sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), new Collector()));
    }
  }

  /** engine.max_audio_seconds holds for every stream: audio past it is refused and the slot is released. */
  @Test
  void audioOverTheDurationLimitIsRefusedAndFreesItsSlot() throws Exception {
    try (Engine sched = new Engine(recognizer, SchedulerConfig.defaults().withMaxAudioSeconds(2))) {
      AudioTooLongError e = assertThrows(AudioTooLongError.class, () -> sched.transcribe(speech, Budget.fixed(1)));
      assertEquals("the audio is longer than engine.max_audio_seconds = 2 s", e.getMessage());
      assertEquals(0, sched.openStreams(), "the refused request's slot is free");
      Collector c = new Collector();
      ScheduledStream s = sched.open(StreamSpec.of(Budget.FULL), c);
      s.accept(Arrays.copyOf(speech, 24000));
      assertThrows(AudioTooLongError.class, () -> s.accept(Arrays.copyOf(speech, 9000)));
      s.accept(Arrays.copyOf(speech, 8000)); // exactly 2 s: still taken
      s.finish();
      assertNull(c.done.get(30, TimeUnit.SECONDS));
      assertEquals(2.0, s.stream().decodedSeconds(), 0.1);
      assertTrue(sched.awaitIdle(Duration.ofSeconds(10)));
    }
  }

  @Test
  void backpressureAsksTheProducerToPauseAndThenResume() throws Exception {
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults().withMaxQueuedFrames(20))) {
      Collector c = new Collector();
      ScheduledStream s = sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), c);
      assertFalse(s.accept(speech), "3 s of audio is far over a 20-frame queue");
      assertTrue(s.isPaused());
      s.finish();
      assertNull(c.done.get(30, TimeUnit.SECONDS));
      assertEquals(1, c.drained.get(), "resumed once the queue drained");
      assertFalse(s.isPaused());
    }
  }

  @Test
  void aThrowingListenerDoesNotStopOtherStreams() throws Exception {
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults())) {
      CountDownLatch threw = new CountDownLatch(1);
      sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), new StreamListener() {
        @Override
        public void onResult(List<Segment> finals, Segment partial) {
          threw.countDown();
          throw new IllegalStateException("listener bug");
        }

        @Override
        public void onDone(RuntimeException failure) {
        }
      }).accept(Arrays.copyOf(speech, 16000));
      Collector good = new Collector();
      feed(sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), good), Arrays.copyOf(speech, 32000), 3200);
      assertTrue(threw.await(30, TimeUnit.SECONDS));
      assertNull(good.done.get(30, TimeUnit.SECONDS));
      assertEquals(Math.round(32000 / 16000.0 / recognizer.model().config().frameSeconds()),
          Math.round(good.partials.stream().mapToDouble(Segment::end).max().orElse(0)
              / recognizer.model().config().frameSeconds()), 1.0);
    }
  }

  @Test
  void cancelledStreamGetsNoCallbacks() throws Exception {
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults())) {
      Collector c = new Collector();
      ScheduledStream s = sched.open(recognizer.createStream(StreamSpec.of(Budget.FULL)), c);
      s.cancel();
      feed(s, Arrays.copyOf(speech, 16000), 4000);
      assertTrue(sched.awaitIdle(Duration.ofSeconds(5)));
      Thread.sleep(100);
      assertFalse(c.done.isDone());
      assertEquals(0, c.partials.size());
    }
  }

  @Test
  void configErrorsNameTheKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SchedulerConfig(0, 8, 5, 100, 16));
    assertEquals("engine.workers = 0: must be in [1, 64]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SchedulerConfig(1, 8, -1, 100, 16));
    assertTrue(e.getMessage().startsWith("engine.batch_window_ms = -1"));
  }

  @Test
  void batchTranscriptionThroughTheSchedulerEqualsOfflineAndCountsAgainstTheLimit() throws Exception {
    Transcript offline = recognizer.transcribe(speech, Budget.fixed(0.75));
    try (Engine sched = new Engine(recognizer, SchedulerConfig.defaults().withMaxStreams(1))) {
      Transcript t = sched.transcribe(speech, Budget.fixed(0.75)).get(60, TimeUnit.SECONDS);
      assertEquals(offline.text(), t.text());
      assertEquals(offline.words(), t.words());
      assertEquals(offline.segments().size(), t.segments().size());
      assertArrayEquals(offline.frameCompute(), t.frameCompute(), 1e-6f);
      assertEquals(offline.computeUsed(), t.computeUsed(), 1e-9);
      assertEquals(offline.durationSeconds(), t.durationSeconds());
      assertTrue(sched.awaitIdle(Duration.ofSeconds(5)));
      sched.open(StreamSpec.of(Budget.FULL), new Collector());
      assertThrows(OverloadedException.class, () -> sched.transcribe(speech, Budget.fixed(1)));
    }
  }

  @Test
  void finalizeDeliversAFinalAndTheStreamGoesOn() throws Exception {
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults())) {
      Collector c = new Collector();
      ScheduledStream s = sched.open(recognizer.createStream(StreamSpec.of(Budget.fixed(1)).withEndpointing(Endpointing.off())), c);
      s.accept(Arrays.copyOf(speech, 12000));
      s.finalizeSegment();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (c.finals.isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
      assertEquals(1, c.finals.size(), "the finalize final arrived");
      assertEquals(1, s.stream().finalizedSegments());
      assertFalse(c.done.isDone(), "the stream stays open");
      s.finalizeSegment(); // nothing new: an empty final
      while (c.finals.size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
      assertEquals("", c.finals.get(1).text());
      int partialsBefore = c.partials.size();
      s.accept(Arrays.copyOfRange(speech, 12000, 20000));
      while (c.partials.size() == partialsBefore && System.nanoTime() < deadline) Thread.sleep(5);
      assertTrue(c.partials.size() > partialsBefore, "decoding goes on after an empty finalize");
      feed(s, Arrays.copyOfRange(speech, 20000, speech.length), 4000);
      assertNull(c.done.get(30, TimeUnit.SECONDS));
      assertEquals(3, c.finals.size());
      assertEquals(c.finals.get(0).end(), c.finals.get(2).start(), 1e-9, "segments are contiguous");
    }
  }

  /**
   * A queue limit below one chunk (2 frames, chunks of 4): a producer that waits for onDrained
   * after every refused accept must never be left waiting, and nothing may be lost.
   */
  @Test
  void aProducerThatHonoursPausesIsAlwaysResumed() throws Exception {
    Transcript offline = recognizer.transcribe(speech, Budget.fixed(1));
    try (StreamScheduler sched = new StreamScheduler(recognizer, SchedulerConfig.defaults().withMaxQueuedFrames(2))) {
      java.util.concurrent.Semaphore resumed = new java.util.concurrent.Semaphore(0);
      Collector c = new Collector() {
        @Override
        public void onDrained() {
          super.onDrained();
          resumed.release();
        }
      };
      ScheduledStream s = sched.open(recognizer.createStream(StreamSpec.of(Budget.fixed(1))), c);
      int pauses = 0;
      for (int pos = 0; pos < speech.length; pos += 1000) {
        if (!s.accept(Arrays.copyOfRange(speech, pos, Math.min(speech.length, pos + 1000)))) {
          pauses++;
          assertTrue(resumed.tryAcquire(10, TimeUnit.SECONDS), "resumed after pause " + pauses + " at sample " + pos);
          assertFalse(s.isPaused());
        }
      }
      s.finish();
      assertNull(c.done.get(30, TimeUnit.SECONDS));
      assertTrue(pauses > 5, "the producer was paused: " + pauses);
      assertEquals(offline.segments().stream().map(Segment::text).toList(), c.finals.stream().map(Segment::text).toList());
    }
  }
}
