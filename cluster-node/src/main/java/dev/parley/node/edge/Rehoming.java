package dev.parley.node.edge;

import java.time.Duration;

/**
 * While entities move off a lost member: for {@code window} after a member is downed or removed, an
 * ask that gets no answer within {@code askTimeout} (shorter than the usual ask timeout) is
 * answered {@code unavailable}, so that the client's retry finds the entity's new home sooner
 * ({@link PendingAsks}).
 */
public record Rehoming(Duration window, Duration askTimeout) {}
