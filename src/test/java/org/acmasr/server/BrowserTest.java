package org.acmasr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import org.acmasr.audio.AudioDecoder;
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

  /** Script errors and unhandled rejections on the page, collected in window.pageErrors. */
  private static final String RECORD_ERRORS = "window.pageErrors = []; "
      + "window.addEventListener('error', (e) => pageErrors.push(String(e.message))); "
      + "window.addEventListener('unhandledrejection', (e) => pageErrors.push(String(e.reason))); true";

  /** Every message and the close event from the server reach the page 300 ms late (order kept). */
  private static final String SLOW_NETWORK = "window.WebSocket = class extends WebSocket { "
      + "set onmessage(f) { this.addEventListener('message', (e) => setTimeout(() => f(e), 300)); } "
      + "set onclose(f) { this.addEventListener('close', (e) => setTimeout(() => f(e), 300)); } }; true";

  private static Optional<Path> chromiumOrSkip() {
    Optional<Path> chromium = Chromium.find();
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(chromium.isPresent() || ci, "chromium is not installed and CI is not true: skipped");
    assertTrue(chromium.isPresent(), "CI=true but no chromium on PATH: run deploy/install-system-deps.sh");
    return chromium;
  }

  /** The legend's swatches for no, half and all compute are the colours the strip draws; half is green. */
  private static void assertLegendMatchesStrip(Chromium browser) throws Exception {
    JsonNode swatches = browser.eval("(() => { const c = document.createElement('canvas').getContext('2d'); "
        + "const rgb = (s) => s.match(/\\d+/g).slice(0, 3).map(Number); "
        + "return [...document.querySelectorAll('.legend i[data-compute]')].map((i) => { "
        + "c.fillStyle = computeColour(Number(i.dataset.compute)); c.fillRect(0, 0, 1, 1); "
        + "return { legend: rgb(getComputedStyle(i).backgroundColor), strip: [...c.getImageData(0, 0, 1, 1).data].slice(0, 3) }; "
        + "}); })()");
    assertEquals(3, swatches.size(), swatches.toString());
    for (JsonNode s : swatches) {
      for (int k = 0; k < 3; k++) {
        assertTrue(Math.abs(s.get("legend").get(k).asInt() - s.get("strip").get(k).asInt()) <= 2, swatches.toString());
      }
    }
    JsonNode half = swatches.get(1).get("strip");
    assertTrue(half.get(1).asInt() > half.get(0).asInt() && half.get(1).asInt() > half.get(2).asInt(),
        "half compute is green: " + half);
  }

  @Test
  void anEmptyApiKeyOnAKeyedServerSaysUnauthorized() throws Exception {
    Optional<Path> chromium = chromiumOrSkip();
    var cfg = TestServer.config();
    try (TestServer server = TestServer.start(cfg.withHttp(cfg.http().withApiKeys(java.util.List.of("key-one-123"))));
        Chromium browser = Chromium.launch(server.vertx, chromium.get(), Path.of("samples/cathy_arctic_a0001_16k.wav"),
            "http://127.0.0.1:" + server.port + "/")) {
      browser.waitFor("document.readyState === 'complete' && typeof acm === 'object'", "document.readyState", 30);
      browser.eval("document.getElementById('token').value = ''; document.getElementById('start').click()");
      browser.waitFor("document.getElementById('status').textContent.startsWith('unauthorized')",
          "document.getElementById('status').textContent", 30);
      assertEquals(0, server.openStreams());
    }
  }

  @Test
  void microphoneCaptionsBudgetSliderComputeStripAndFileUpload() throws Exception {
    Optional<Path> chromium = chromiumOrSkip();
    Path mic = Path.of("samples/cathy_arctic_a0001_16k.wav");
    Path upload = Path.of("samples/cathy_arctic_a0001.mp3");
    try (TestServer server = TestServer.start(TestServer.config());
        Chromium browser = Chromium.launch(server.vertx, chromium.get(), mic, "http://127.0.0.1:" + server.port + "/")) {
      browser.waitFor("document.readyState === 'complete' && typeof acm === 'object'", "document.readyState", 30);
      browser.eval(RECORD_ERRORS);
      browser.eval(SLOW_NETWORK);
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

      // "auto": the server steers the budget; on an idle server it stays above the slider's floor.
      browser.eval("const a = document.getElementById('budget-auto'); a.checked = true; a.dispatchEvent(new Event('change'))");
      browser.waitFor("acm.compute !== null && acm.compute.budget > 0.25", STATE, 30);
      browser.eval("document.getElementById('stop').click()");
      browser.waitFor("acm.closed !== null", STATE, 30);
      assertEquals(1000, browser.eval("acm.closed.code").asInt(), browser.eval(STATE).asText());
      assertEquals(0, browser.eval("acm.errors.length").asInt(), browser.eval(STATE).asText());
      browser.waitFor("document.querySelectorAll('#finals .final').length > 0", STATE, 5);
      String captions = browser.eval("document.getElementById('finals').textContent").asText();
      assertTrue(captions.trim().length() > 0, "final captions appear on the page");
      // Audio captured before `ready` (300 ms of simulated network delay) was held back and sent, none lost.
      JsonNode audio = browser.eval("acm.audio");
      assertTrue(audio.get("early").asInt() > 0, "audio was captured before ready: " + audio);
      assertEquals(audio.get("captured").asInt(), audio.get("sent").asInt(), "every captured sample was sent: " + audio);
      Thread.sleep(500); // worklet blocks still in flight after Stop must not throw
      assertEquals("[]", browser.eval("JSON.stringify(window.pageErrors)").asText(), "no script errors on the page");
      assertLegendMatchesStrip(browser);
      assertTrue(browser.eval("document.querySelector('link[rel=icon]') !== null").asBoolean(), "the page has a favicon");

      // File upload to POST /v1/transcribe at the slider's budget.
      browser.setFile("#file", upload);
      browser.eval("document.getElementById('upload').click()");
      browser.waitFor("document.getElementById('upload-result').dataset.state === 'done'", STATE, 60);
      String shown = browser.eval("document.getElementById('upload-result').textContent").asText();
      String expected = TestServer.offline(AudioDecoder.loadMono(upload, null, 16000), 0.25).text();
      assertTrue(shown.startsWith(expected + "\n"), "page shows the transcript: " + shown + " / expected " + expected);
      assertTrue(shown.contains("budget 0.25"), shown);
    }
  }
}
