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

  /** Owners and admins may delete anyone's message. */
  public boolean canModerate() {
    return this == OWNER || this == ADMIN;
  }

  public static Role fromWire(String wire) {
    for (Role role : values()) {
      if (role.wire.equals(wire)) {
        return role;
      }
    }
    throw new IllegalArgumentException("no role " + wire);
  }
}
