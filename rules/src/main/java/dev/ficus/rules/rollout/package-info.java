/**
 * Progressive rollout of one route: a {@link dev.ficus.rules.rollout.RolloutPlan} (steps, hold time, gates) driven
 * by the {@link dev.ficus.rules.rollout.Rollout} state machine from measured intervals to weight decisions. Pure
 * Java, no I/O: the gateway measures, calls {@code analyse}, and applies the decided weight.
 */
package dev.ficus.rules.rollout;
