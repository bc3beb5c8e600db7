package dev.parley.node;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;

/**
 * Ids from clients on their way to an entity. Some strings cannot be an entity's id: Pekko
 * reserves '|' in persistence ids (the entity would fail to start) and PostgreSQL text cannot hold
 * NUL. No entity has such an id, so it is {@code not_found} before any entity is asked.
 */
public final class EntityIds {
  private EntityIds() {}

  public static String checked(String id) {
    if (id.indexOf('|') >= 0 || id.chars().anyMatch(Character::isISOControl)) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "nothing has this id");
    }
    return id;
  }
}
