package org.acmasr.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Streams each client (API key, or address) has open — WebSocket sessions and batch requests — so that
 * one client cannot hold every slot ({@code limits.max_streams_per_client}; 0 = no limit). Thread-safe.
 */
final class ClientLimits {
  private final int max;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  ClientLimits(int max) {
    this.max = max;
  }

  /** Takes one stream for {@code client}. @return false when it already has the most it may */
  boolean acquire(String client) {
    boolean[] ok = {true};
    open.compute(client, (k, n) -> {
      int now = n == null ? 0 : n;
      if (max > 0 && now >= max) {
        ok[0] = false;
        return n;
      }
      return now + 1;
    });
    return ok[0];
  }

  /** Gives back one stream taken by {@link #acquire}. */
  void release(String client) {
    open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Streams {@code client} has open. */
  int open(String client) {
    return open.getOrDefault(client, 0);
  }

  String refusal(String client) {
    return "this client already has " + max + " stream(s) open (limits.max_streams_per_client); close one first";
  }
}
