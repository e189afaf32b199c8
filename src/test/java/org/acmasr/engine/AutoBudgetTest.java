package org.acmasr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** The load-adaptive ("auto") budget: falls under lag, never touches fixed streams, recovers. */
class AutoBudgetTest {
  private static final long MS = 1_000_000L;

  @Test
  void controllerStepsDownUnderLagAtMostOncePerHalfTargetAndRecoversLinearly() {
    AutoBudget a = new AutoBudget(new AutoBudgetConfig(100, 0.3, 0.5, 0.5));
    long t = 0;
    a.observe(500 * MS, t);
    assertEquals(0.5, a.level(), 1e-12);
    a.observe(500 * MS, t + 10 * MS);
    assertEquals(0.5, a.level(), 1e-12, "one slow batch right after another does not collapse the level");
    a.observe(500 * MS, t + 60 * MS);
    assertEquals(0.3, a.level(), 1e-12, "0.25 would be under the floor");
    a.observe(80 * MS, t + 1060 * MS);
    assertEquals(0.3, a.level(), 1e-12, "a lag between half the target and the target holds the level");
    a.observe(0, t + 2060 * MS);
    assertEquals(0.8, a.level(), 1e-9, "+0.5 per second once the lag is under half the target");
    a.observe(0, t + 4060 * MS);
    assertEquals(1.0, a.level(), 1e-12, "never above 1");
    assertEquals(1.0, a.budgetFor(0.6), 1e-12);
    a.observe(500 * MS, t + 5000 * MS);
    assertEquals(0.6, a.budgetFor(0.6), 1e-12, "a stream's own floor wins over a lower level");
  }

  @Test
  void badSettingsAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> new AutoBudgetConfig(0, 0.25, 0.8, 0.2));
    assertTrue(e.getMessage().contains("engine.auto_budget.target_ms = 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AutoBudgetConfig(150, 0, 0.8, 0.2));
    assertTrue(e.getMessage().contains("engine.auto_budget.floor = 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new AutoBudgetConfig(150, 0.25, 1, 0.2));
    assertTrue(e.getMessage().contains("engine.auto_budget.decrease = 1.0"), e.getMessage());
  }

  private static final class Results implements StreamListener {
    final List<Segment> finals = new CopyOnWriteArrayList<>();
    final List<Segment> all = new CopyOnWriteArrayList<>(); // partials and finals, in order
    final CompletableFuture<RuntimeException> done = new CompletableFuture<>();

    @Override
    public void onResult(List<Segment> f, Segment partial) {
      finals.addAll(f);
      all.addAll(f);
      all.add(partial);
    }

    @Override
    public void onDone(RuntimeException failure) {
      done.complete(failure);
    }
  }

  /**
   * Audio queued far faster than real time is a lag no scheduler can hide: the auto streams' budget
   * falls to the floor and their segments say so, the fixed stream decodes at its own β throughout;
   * then, with nothing queued, the level climbs back.
   */
  @Test
  void overloadLowersAutoStreamsOnlyAndTheLevelRecovers() throws Exception {
    Recognizer rec = new Recognizer(TestModels.tinyBudgetFollowing(9), RecognizerConfig.defaults());
    float[] speech = AudioDecoder.loadMono(TestData.clip(TestData.CLIP_48K), null, 16000);
    float[] longAudio = new float[speech.length * 4];
    for (int i = 0; i < 4; i++) System.arraycopy(speech, 0, longAudio, i * speech.length, speech.length);
    AutoBudgetConfig cfg = new AutoBudgetConfig(50, 0.25, 0.5, 5.0);
    try (StreamScheduler sched = new StreamScheduler(rec, new SchedulerConfig(1, 4, 5, 1_000_000, 16), null, cfg)) {
      Results fixed = new Results();
      ScheduledStream f = sched.open(rec.createStream(StreamSpec.of(Budget.fixed(0.75))), fixed);
      Results[] autos = {new Results(), new Results()};
      ScheduledStream[] a = new ScheduledStream[2];
      for (int i = 0; i < 2; i++) {
        a[i] = sched.open(rec.createStream(StreamSpec.of(Budget.fixed(1.0))), autos[i]);
        a[i].setBudget(new Budget.Auto(0.25));
        assertTrue(a[i].isAutoBudget());
      }
      assertTrue(!f.isAutoBudget());
      int piece = 16000 * 32 / 100; // live-sized messages (0.32 s), sent far faster than real time
      for (int pos = 0; pos < longAudio.length; pos += piece) {
        for (ScheduledStream s : List.of(f, a[0], a[1])) {
          s.accept(Arrays.copyOfRange(longAudio, pos, Math.min(longAudio.length, pos + piece)));
        }
      }
      for (ScheduledStream s : List.of(f, a[0], a[1])) s.finish();
      for (Results r : List.of(fixed, autos[0], autos[1])) assertNull(r.done.get(120, TimeUnit.SECONDS));
      for (Segment s : fixed.all) assertEquals(0.75, s.budget(), 1e-6, "a fixed stream is never changed");
      for (Results r : autos) {
        double min = r.all.stream().mapToDouble(Segment::budget).min().orElseThrow();
        assertTrue(min < 0.5 && min >= 0.25 - 1e-6, "auto segments' budgets " + budgets(r));
      }
      // Load gone: a live-paced auto stream (one chunk at a time) sees no lag and the level climbs back.
      Results later = new Results();
      ScheduledStream l = sched.open(rec.createStream(StreamSpec.of(Budget.fixed(1.0))), later);
      l.setBudget(new Budget.Auto(0.25));
      for (int pos = 0; pos + piece <= speech.length; pos += piece) {
        l.accept(Arrays.copyOfRange(speech, pos, pos + piece));
        Thread.sleep(330); // real time
      }
      l.finish();
      assertNull(later.done.get(60, TimeUnit.SECONDS));
      assertTrue(sched.autoBudgetLevel() > 0.9, "level after the load is gone: " + sched.autoBudgetLevel());
    }
  }

  private static String budgets(Results r) {
    return r.all.stream().map(s -> String.format("%.2f", s.budget())).toList().toString();
  }
}
