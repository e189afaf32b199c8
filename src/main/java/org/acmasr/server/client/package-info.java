/**
 * A small {@code /v1/listen} client on Vert.x (the {@code listen} command's and {@code bench ws}'s):
 * streams audio in real time and hands back the server's messages. May use {@code server}'s
 * timing helper ({@code ArrivalClock}); nothing below it.
 */
package org.acmasr.server.client;
