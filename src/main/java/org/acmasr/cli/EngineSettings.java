package org.acmasr.cli;

import io.vertx.core.json.JsonObject;
import org.acmasr.engine.SchedulerConfig;
import org.acmasr.kafka.ConfigSection;

/** The {@code engine} section of a configuration file: how the shared scheduler batches streams. */
final class EngineSettings {
  private EngineSettings() {}

  /** Absent keys take {@link SchedulerConfig#defaults()}; errors name the key. */
  static SchedulerConfig fromJson(JsonObject engine) {
    SchedulerConfig d = SchedulerConfig.defaults();
    ConfigSection s = new ConfigSection("engine", engine);
    SchedulerConfig c = new SchedulerConfig(s.integer("workers", d.workers()), s.integer("max_batch", d.maxBatch()),
        s.integer("batch_window_ms", d.batchWindowMs()), s.integer("max_queued_frames", d.maxQueuedFrames()),
        s.integer("max_streams", d.maxStreams()), s.integer("max_audio_seconds", d.maxAudioSeconds()));
    s.rejectUnknownKeys();
    return c;
  }
}
