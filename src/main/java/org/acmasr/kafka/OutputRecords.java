package org.acmasr.kafka;

import java.util.List;
import java.util.stream.Collectors;
import org.acmasr.budget.Budget;
import org.acmasr.decode.Word;
import org.acmasr.engine.Segment;
import org.acmasr.kafka.proto.FailedRecord;
import org.acmasr.kafka.proto.SourceCoordinates;
import org.acmasr.kafka.proto.TranscriptRecord;

/** Builds the records a worker writes: transcripts and dead letters. */
final class OutputRecords {
  private OutputRecords() {}

  /** The text of a transcript: every non-empty final segment, space separated (as {@code transcribe} prints it). */
  static String text(List<Segment> segments) {
    return segments.stream().map(Segment::text).filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
  }

  /** A fixed β as asked; for an auto request, the mean β its segments were decoded at, by duration. */
  private static double budgetUsed(Budget asked, List<Segment> segments) {
    if (asked instanceof Budget.Fixed f) return f.value();
    double weighted = 0;
    double seconds = 0;
    for (Segment s : segments) {
      double d = s.end() - s.start();
      weighted += d * s.budget();
      seconds += d;
    }
    return seconds > 0 ? weighted / seconds : segments.isEmpty() ? 1 : segments.get(0).budget();
  }

  static TranscriptRecord transcript(Dispatcher.Transcribed t, String modelId, String instanceId) {
    Outcome.Assembled a = t.request();
    TranscriptRecord.Builder b = TranscriptRecord.newBuilder()
        .setRequestId(a.requestId())
        .setText(text(t.segments()))
        .setDurationSeconds(t.durationSeconds())
        .setBudget((float) budgetUsed(a.format().budget(), t.segments()))
        .setBudgetAuto(a.format().budget() instanceof Budget.Auto)
        .setComputeUsed(t.computeUsed())
        .setModelId(modelId)
        .setProcessingSeconds(t.processingSeconds())
        .putAllMetadata(a.format().metadata())
        .setSource(source(a))
        .setInstanceId(instanceId);
    for (Segment s : t.segments()) {
      b.addSegments(org.acmasr.proto.Segment.newBuilder().setText(s.text()).setStart(s.start()).setEnd(s.end()));
      for (Word w : s.words()) {
        b.addWords(org.acmasr.proto.Word.newBuilder().setWord(w.word()).setStart(w.start()).setEnd(w.end())
            .setConfidence(w.confidence()));
      }
    }
    return b.build();
  }

  static FailedRecord deadLetter(Outcome.Rejected r, String instanceId) {
    return FailedRecord.newBuilder()
        .setRequestId(r.requestId())
        .setReason(r.reason())
        .setMessage(r.message())
        .setSource(source(r))
        .setOffset(r.offset())
        .setTimestampMs(r.timestampMs())
        .putAllMetadata(r.metadata())
        .setInstanceId(instanceId)
        .build();
  }

  private static SourceCoordinates source(Outcome o) {
    return SourceCoordinates.newBuilder().setTopic(o.source().topic()).setPartition(o.source().partition())
        .addAllOffsets(o.offsets()).build();
  }
}
