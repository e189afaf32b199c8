package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.acmasr.audio.AudioDecoder;
import org.acmasr.budget.Budget;
import org.junit.jupiter.api.Test;

/**
 * The web page in a real headless Chromium whose microphone plays a speech WAV: captions appear live
 * and as finals, the budget slider reaches the server, the compute strip is drawn, and a file upload
 * comes back transcribed. Skipped only where Chromium is missing and CI is not "true"; under CI a
 * missing Chromium fails the test (deploy/install-system-deps.sh installs it).
 */
class BrowserTest {
  private static final String STATE = "JSON.stringify({partials: acm.partials, finals: acm.finals.length, "
      + "errors: acm.errors, closed: acm.closed, status: document.getElementById('status').textContent, "
      + "compute: acm.compute, upload: document.getElementById('upload-result').textContent})";

  @Test
  void microphoneCaptionsBudgetSliderComputeStripAndFileUpload() throws Exception {
    Optional<Path> chromium = Chromium.find();
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(chromium.isPresent() || ci, "chromium is not installed and CI is not true: skipped");
    assertTrue(chromium.isPresent(), "CI=true but no chromium on PATH: run deploy/install-system-deps.sh");
    Path mic = Path.of("samples/cathy_arctic_a0001_16k.wav");
    Path upload = Path.of("samples/cathy_arctic_a0001.mp3");
    try (TestServer server = TestServer.start(TestServer.config());
        Chromium browser = Chromium.launch(server.vertx, chromium.get(), mic, "http://127.0.0.1:" + server.port + "/")) {
      browser.waitFor("document.readyState === 'complete' && typeof acm === 'object'", "document.readyState", 30);
      browser.eval("document.getElementById('start').click()");
      browser.waitFor("acm.ready !== null && acm.partials > 3 && acm.partial.length > 0", STATE, 60);
      JsonNode ready = browser.eval("acm.ready");
      assertEquals("pcm_f32le", ready.get("config").get("encoding").asText());
      assertTrue(ready.get("config").get("sample_rate").asInt() >= 8000, ready.toString());

      browser.eval("const b = document.getElementById('budget'); b.value = '0.25'; b.dispatchEvent(new Event('input'))");
      browser.waitFor("acm.compute !== null && acm.compute.budget === 0.25", STATE, 30);
      // The compute strip under the waveform has coloured cells.
      browser.waitFor("(() => { const d = document.getElementById('compute').getContext('2d')"
          + ".getImageData(0, 0, 960, 22).data; let n = 0; for (let i = 0; i < d.length; i += 4) "
          + "if (d[i] + d[i + 1] + d[i + 2] > 120) n++; return n > 50; })()", STATE, 10);

      browser.eval("document.getElementById('stop').click()");
      browser.waitFor("acm.closed !== null", STATE, 30);
      assertEquals(1000, browser.eval("acm.closed.code").asInt(), browser.eval(STATE).asText());
      assertEquals(0, browser.eval("acm.errors.length").asInt(), browser.eval(STATE).asText());
      browser.waitFor("document.querySelectorAll('#finals .final').length > 0", STATE, 5);
      String captions = browser.eval("document.getElementById('finals').textContent").asText();
      assertTrue(captions.trim().length() > 0, "final captions appear on the page");

      // File upload to POST /v1/transcribe at the slider's budget.
      browser.setFile("#file", upload);
      browser.eval("document.getElementById('upload').click()");
      browser.waitFor("document.getElementById('upload-result').dataset.state === 'done'", STATE, 60);
      String shown = browser.eval("document.getElementById('upload-result').textContent").asText();
      String expected = TestServer.recognizer().transcribe(AudioDecoder.loadMono(upload, null, 16000), Budget.fixed(0.25)).text();
      assertTrue(shown.startsWith(expected + "\n"), "page shows the transcript: " + shown + " / expected " + expected);
      assertTrue(shown.contains("budget 0.25"), shown);
    }
  }
}
