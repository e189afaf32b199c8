package org.acmasr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's Quick start runs the service (step 1) and then the tests (step 2), which rebuild
 * {@code target/acm-asr.jar}: the service must run from a jar the build never writes, or the rebuild
 * replaces its classes under the running JVM.
 */
class QuickStartTest {
  @Test
  void theServiceRunsFromACopyTheTestsDoNotRebuild() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("## Quick start");
    String block = readme.substring(readme.indexOf("```bash", at), readme.indexOf("```\n", readme.indexOf("```bash", at) + 7));
    List<String> commands = block.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("```")).toList();
    assertEquals(2, commands.size(), block);
    String serve = commands.get(0);
    assertTrue(serve.contains("serve"), serve);
    String jar = serve.substring(serve.lastIndexOf("java -jar ") + "java -jar ".length()).split(" ")[0];
    assertFalse(jar.startsWith("target/"), "step 1 runs " + jar + ", which step 2 (" + commands.get(1) + ") rebuilds");
    assertTrue(serve.contains("cp target/acm-asr.jar " + jar), "step 1 copies the built jar to " + jar + ": " + serve);
    assertTrue(Files.readAllLines(Path.of(".gitignore")).contains("/" + jar), jar + " is git-ignored");
    // CI runs step 2 exactly as written.
    assertTrue(Files.readString(Path.of(".ci/run")).contains(commands.get(1).trim()), commands.get(1));
  }
}
