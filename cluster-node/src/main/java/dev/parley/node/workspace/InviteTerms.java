package dev.parley.node.workspace;

import dev.parley.node.CborSerializable;

/**
 * What an invite allows: until when ({@code expiresAt}, ms since the epoch; null: no end), how many
 * joins ({@code maxUses}; null: any number), how many it has had, and whether it was revoked.
 * Invites made before invites had terms have none: they work until the workspace's newest
 * {@code max-invites} push them out.
 */
public record InviteTerms(String createdBy, long createdAt, Long expiresAt, Integer maxUses, int uses, boolean revoked)
    implements CborSerializable {

  /** Null when the invite may be used at {@code now}; otherwise why not, as the client is told. */
  String refusal(long now) {
    if (revoked) {
      return "this invite was revoked";
    }
    if (expiresAt != null && now >= expiresAt) {
      return "this invite has expired";
    }
    if (maxUses != null && uses >= maxUses) {
      return "this invite has been used up";
    }
    return null;
  }

  InviteTerms used() {
    return new InviteTerms(createdBy, createdAt, expiresAt, maxUses, uses + 1, revoked);
  }

  InviteTerms revokedNow() {
    return new InviteTerms(createdBy, createdAt, expiresAt, maxUses, uses, true);
  }
}
