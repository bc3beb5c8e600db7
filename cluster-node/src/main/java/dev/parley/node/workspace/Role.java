package dev.parley.node.workspace;

/** A member's role in a workspace. */
public enum Role {
  OWNER("owner"),
  ADMIN("admin"),
  MEMBER("member");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean canInvite() {
    return this == OWNER || this == ADMIN;
  }
}
