package org.acmasr.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.acmasr.testutil.TestData;

/** A tiny Common Voice style corpus in a temporary folder, with real clips from the shared corpus. */
final class Fixtures {
  static final String HEADER = "client_id\tpath\tsentence_id\tsentence\tsentence_domain\tup_votes\tdown_votes\tage"
      + "\tgender\taccents\tvariant\tlocale\tsegment";
  /** An 8 kHz telephony prompt, "Activated." */
  static final String CLIP_A = TestData.CLIP_8K;
  /** A spoken digit, "zero". */
  static final String CLIP_B = "fsdd_0_george_0.mp3";
  /** Random bytes named like an MP3. */
  static final String BROKEN = "broken.mp3";

  private Fixtures() {}

  /** Creates {@code dir/clips} with {@link #CLIP_A}, {@link #CLIP_B} and {@link #BROKEN}. */
  static Path clips(Path dir) throws IOException {
    Path clips = Files.createDirectories(dir.resolve("clips"));
    Files.copy(TestData.clip(CLIP_A), clips.resolve(CLIP_A));
    Files.copy(TestData.clip(CLIP_B), clips.resolve(CLIP_B));
    byte[] junk = new byte[3000];
    new Random(7).nextBytes(junk);
    junk[0] = 'J'; // never an ID3 tag or a frame sync by chance
    Files.write(clips.resolve(BROKEN), junk);
    return clips;
  }

  /** A data line with all 13 Common Voice fields. */
  static String row(String client, String path, String sentence) {
    return String.join("\t", client, path, "sid", sentence, "", "2", "0", "", "", "", "", "en", "");
  }
}
