package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.acmasr.testutil.TestData;
import org.acmasr.testutil.TestModels;
import org.junit.jupiter.api.Test;

/**
 * The producer's thread (a WebSocket event loop) never waits for a beam search: while a decode holds
 * the stream's decode side (its monitor, which {@code onOutput} holds for the whole search), feeding
 * audio, finalizing, re-budgeting and the scheduler's readiness checks all return at once.
 */
class FeedDuringDecodeTest {

  @Test
  void feedingReturnsPromptlyWhileADecodeHoldsTheStream() throws Exception {
    Recognizer recognizer = new Recognizer(TestModels.tinyBudgetFollowing(9), RecognizerConfig.defaults());
    float[] speech = AudioDecoder.loadMono(TestData.clip(TestData.CLIP_48K), null, recognizer.sampleRate());
    Transcript offline = recognizer.transcribe(speech, Budget.FULL);
    List<Segment> finals = new CopyOnWriteArrayList<>();
    CompletableFuture<RuntimeException> done = new CompletableFuture<>();
    try (Engine engine = new Engine(recognizer, SchedulerConfig.defaults())) {
      ScheduledStream s = engine.open(StreamSpec.of(Budget.FULL), new StreamListener() {
        @Override
        public void onResult(List<Segment> f, Segment partial) {
          finals.addAll(f);
        }

        @Override
        public void onDone(RuntimeException failure) {
          done.complete(failure);
        }
      });
      RecognizerStream r = s.stream();
      int half = speech.length / 2;
      synchronized (r) { // a beam search in progress on the inference thread
        CompletableFuture<Void> fed = CompletableFuture.runAsync(() -> {
          s.accept(Arrays.copyOf(speech, half)); // front end, queue, scheduler wake-up
          r.isReady();
          r.isCaughtUp();
          r.pendingFrames();
          s.setBudget(Budget.FULL);
        });
        fed.get(10, TimeUnit.SECONDS); // before the split, this waited for the decode (here: forever)
        assertTrue(r.pendingFrames() > 0, "the frames are queued while the decode side is busy");
        assertFalse(r.isCaughtUp());
      }
      s.accept(Arrays.copyOfRange(speech, half, speech.length));
      s.finish();
      assertNull(done.get(60, TimeUnit.SECONDS));
    }
    assertEquals(offline.segments().stream().map(Segment::text).toList(), finals.stream().map(Segment::text).toList());
  }
}
