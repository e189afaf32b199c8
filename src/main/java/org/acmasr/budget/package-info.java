/**
 * The compute budget β, the product's one knob: a validated value type ({@link org.acmasr.budget.Budget})
 * made once at the edge and carried inward to the model. Depends on nothing; every other package may use it.
 */
package org.acmasr.budget;
