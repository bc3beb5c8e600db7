package dev.parley.node.files;

import dev.parley.node.CborSerializable;
import dev.parley.node.channel.ChannelEvent;

/**
 * A stored file: what its uploader sent it as ({@code name}), what it is ({@code contentType},
 * sniffed from its bytes), where it may be posted ({@code channelId}) and whether a thumbnail of it
 * was made. Its bytes are in the {@link FileStore} under {@link #key()}.
 */
public record FileInfo(
    String id, String channelId, String uploaderId, String name, long size, String contentType, boolean thumbnail, long ts)
    implements CborSerializable {

  /** The store key of the file's bytes. */
  public String key() {
    return id;
  }

  /** The store key of its thumbnail, when it has one. */
  public String thumbnailKey() {
    return id + ".thumbnail";
  }

  /** The file as a post carries it. */
  public ChannelEvent.PostedFile posted() {
    return new ChannelEvent.PostedFile(id, name, size, contentType, thumbnail);
  }
}
