/**
 * Argument checks shared by every package: {@link org.acmasr.check.Require#require} throws an
 * {@code IllegalArgumentException} that names the key, the value and the rule. Uses nothing; any
 * package may use it.
 */
package org.acmasr.check;
