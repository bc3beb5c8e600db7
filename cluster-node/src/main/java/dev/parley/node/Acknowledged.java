package dev.parley.node;

/** The value of an accepted command that has nothing to return. */
public record Acknowledged() implements CborSerializable {
  public static final Acknowledged INSTANCE = new Acknowledged();
}
