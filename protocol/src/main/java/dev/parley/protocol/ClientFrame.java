package dev.parley.protocol;

/** One client-to-server frame: the optional correlation id and the operation. */
public record ClientFrame(String ref, Request request) {}
