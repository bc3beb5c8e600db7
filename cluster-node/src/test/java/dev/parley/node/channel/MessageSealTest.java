package dev.parley.node.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageSealTest {
  private static final String TEXT = "meet at the old mill, 9pm — bring the ledger";

  private static MessageKey newKey() {
    return MessageSeal.newKey("c-1", 7, "u-ann", 1_000, List.of());
  }

  @Test
  void aSealedTextOpensUnderItsKeyForItsOwnEvent() {
    MessageKey key = newKey();

    SealedText sealed = MessageSeal.seal(key, "c-1", 7, TEXT);

    assertEquals(Optional.of(TEXT), MessageSeal.open(key, "c-1", 7, sealed));
  }

  @Test
  void theSealedBytesDoNotContainTheText() {
    SealedText sealed = MessageSeal.seal(newKey(), "c-1", 7, TEXT);

    String asLatin1 = new String(sealed.bytes(), StandardCharsets.ISO_8859_1);
    assertFalse(asLatin1.contains("old mill"), asLatin1);
  }

  @Test
  void theSameTextSealsDifferentlyEachTime() {
    MessageKey key = newKey();

    assertNotEquals(MessageSeal.seal(key, "c-1", 7, TEXT), MessageSeal.seal(key, "c-1", 7, TEXT));
  }

  @Test
  void aSealedTextMovedToAnotherMessageOrChannelDoesNotOpen() {
    MessageKey key = newKey();
    SealedText sealed = MessageSeal.seal(key, "c-1", 7, TEXT);

    assertEquals(Optional.empty(), MessageSeal.open(key, "c-1", 8, sealed));
    assertEquals(Optional.empty(), MessageSeal.open(key, "c-2", 7, sealed));
  }

  @Test
  void anotherKeyOrDamagedBytesDoNotOpen() {
    MessageKey key = newKey();
    SealedText sealed = MessageSeal.seal(key, "c-1", 7, TEXT);
    byte[] damaged = sealed.bytes().clone();
    damaged[damaged.length - 1] ^= 1;
    MessageKey sameIdOtherSecret = new MessageKey("c-1", 7, key.keyId(), "u-ann", 1_000, newKey().secret(), List.of());

    assertEquals(key.keyId(), sealed.keyId());
    assertEquals(Optional.empty(), MessageSeal.open(newKey(), "c-1", 7, sealed));
    assertEquals(Optional.empty(), MessageSeal.open(sameIdOtherSecret, "c-1", 7, sealed));
    assertEquals(Optional.empty(), MessageSeal.open(key, "c-1", 7, new SealedText(damaged)));
    assertEquals(Optional.empty(), MessageSeal.open(key, "c-1", 7, new SealedText(Arrays.copyOf(sealed.bytes(), 5))));
  }

  @Test
  void aPostWhoseKeyIsGoneReadsAsDeletedAndSoDoesItsEdit() {
    MessageKey key = MessageSeal.newKey("c-1", 2, "u-ann", 1_000, List.of());
    ChannelEvent.MessagePosted post =
        SealedEvents.sealPost(
            new ChannelEvent.MessagePosted(
                2, "u-ann", TEXT, 1_000, "m1", null, List.of("u-bob"), List.of(new ChannelEvent.PostedFile("f1", "a.png", 3, "image/png", false))),
            key);
    ChannelEvent.MessageEdited edit = SealedEvents.sealEdit(new ChannelEvent.MessageEdited(3, 2, "edited", 2_000, "u-ann"), key);
    assertNull(post.text());
    assertTrue(SealedEvents.isSealed(post));

    MessageKey leftOver = MessageSeal.newKey("c-1", 2, "u-ann", 1_000, List.of());
    List<ChannelEvent.Sequenced> withKey = SealedEvents.open("c-1", List.of(post, edit), SealedEvents.byRef(List.of(leftOver, key)));
    List<ChannelEvent.Sequenced> withOtherKeyOfItsSeq = SealedEvents.open("c-1", List.of(post, edit), SealedEvents.byRef(List.of(leftOver)));
    List<ChannelEvent.Sequenced> without = SealedEvents.open("c-1", List.of(post, edit), Map.of());

    assertEquals(TEXT, ((ChannelEvent.MessagePosted) withKey.get(0)).text());
    assertEquals("edited", ((ChannelEvent.MessageEdited) withKey.get(1)).text());
    ChannelEvent.MessagePosted erased = (ChannelEvent.MessagePosted) without.get(0);
    assertNull(erased.text());
    assertTrue(SealedEvents.isErased(erased));
    assertEquals(List.of(), erased.mentions());
    assertEquals(List.of(), erased.files());
    assertNull(((ChannelEvent.MessageEdited) without.get(1)).text());
    assertNull(((ChannelEvent.MessagePosted) withOtherKeyOfItsSeq.get(0)).text(), "another key of the seq does not open it");
  }

  @Test
  void aPostFromBeforeErasureIsReadAsItIs() {
    ChannelEvent.MessagePosted legacy = new ChannelEvent.MessagePosted(2, "u-ann", TEXT, 1_000, "m1", null, List.of());

    assertFalse(SealedEvents.isSealed(legacy));
    assertEquals(List.of(legacy), SealedEvents.open("c-1", List.of(legacy), Map.of()));
  }
}
