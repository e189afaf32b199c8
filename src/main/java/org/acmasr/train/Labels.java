package org.acmasr.train;

import org.acmasr.decode.TokenSet;

/** Normalised transcript → CTC target token ids. */
public final class Labels {
  private Labels() {}

  /**
   * @param text normalised text (characters of the token set and single spaces)
   * @throws IllegalArgumentException naming a character the token set lacks
   */
  public static int[] encode(TokenSet tokens, String text) {
    int[] ids = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      int id = tokens.indexOf(String.valueOf(text.charAt(i)));
      if (id <= 0) {
        throw new IllegalArgumentException("text '" + text + "': character '" + text.charAt(i) + "' is not a token");
      }
      ids[i] = id;
    }
    return ids;
  }
}
