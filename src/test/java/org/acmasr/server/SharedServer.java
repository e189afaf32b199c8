package org.acmasr.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Test classes whose tests share one {@link TestServer} with the default test configuration. */
abstract class SharedServer {
  static TestServer server;
  static float[] speech;

  @BeforeAll
  static void up() throws Exception {
    server = TestServer.start(TestServer.config());
    speech = TestServer.speech();
  }

  @AfterAll
  static void down() throws Exception {
    server.close();
  }
}
