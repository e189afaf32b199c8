/**
 * The recognition engine: one shared, immutable {@code Recognizer} (model + decoding settings), a
 * {@code RecognizerStream} per client, and the {@code StreamScheduler} that batches every open stream
 * into one forward pass on its inference threads; results are {@code Segment}s and {@code Transcript}s.
 * May use {@code model}, {@code decode}, {@code features} and {@code audio}; never a transport.
 *
 * <pre>{@code
 * Recognizer recognizer = new Recognizer(AcmModel.load(path), RecognizerConfig.forModel(metadata));
 * try (StreamScheduler scheduler = new StreamScheduler(recognizer, SchedulerConfig.defaults())) {
 *   ScheduledStream s = scheduler.open(recognizer.createStream(0.5), new StreamListener() {
 *     public void onResult(List<Segment> finals, Segment partial) { finals.forEach(f -> print(f.text())); }
 *     public void onDone(RuntimeException failure) { done.countDown(); }
 *   });
 *   s.accept(16000, samples);          // any rate, any chunk size; false = pause the producer
 *   s.finish();                        // the last finals, then onDone
 *   Transcript t = scheduler.transcribe(samples16k, 1.0).join();  // whole audio, batched alike
 * }
 * }</pre>
 */
package org.acmasr.engine;
