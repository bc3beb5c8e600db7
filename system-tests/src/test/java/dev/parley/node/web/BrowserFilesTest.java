package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Files through the web client in real Chromium: one user attaches an image and a document with
 * the picker and posts them; the other sees the image's preview and links that fetch the files
 * without a token in the URL's place, under the page's Content-Security-Policy. A file dropped on
 * the channel and an image pasted into the message box upload too, showing their progress.
 */
class BrowserFilesTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  /** A file that takes a few seconds at {@link #UPLINK_BYTES_PER_SECOND}, so its progress shows. */
  private static final int DROPPED_BYTES = 1 << 20;
  private static final long UPLINK_BYTES_PER_SECOND = 256 * 1024;

  /** Keeps every text the attachment list showed while uploading, e.g. "big.bin 40 %". */
  private static final String RECORD_ATTACHMENT_TEXTS =
      """
      window.__attachmentTexts = [];
      const list = document.getElementById('attachments');
      new MutationObserver(() => window.__attachmentTexts.push(list.textContent))
          .observe(list, { childList: true, subtree: true, characterData: true });
      """;
  @RegisterExtension static final WebNode WEB = new WebNode();

  private static String username(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anAttachedImageAndDocumentReachTheOtherMemberWithAPreviewAndLinks() throws Exception {
    Path dir = Files.createTempDirectory("parley-upload");
    Path image = Files.write(dir.resolve("whiteboard.png"), Images.pngWithMetadata(900, 600, "exif"));
    Path notes = Files.writeString(dir.resolve("notes.txt"), "agenda: ship files\n");
    try (Browser alice = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT);
        Browser bob = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.createWorkspace("Files");
      alice.createChannel("design", false);
      String code = alice.createInvite().code();
      bob.register(username("bob"), "bob-password");
      bob.joinWorkspace(code);
      bob.awaitText("#workspace-name", "Files");
      bob.joinChannel("design");

      alice.attachFiles(image, notes);
      alice.awaitCount("#attachments .attachment.done", 2);
      alice.send("the whiteboard");

      WebElement row = bob.messageRow("the whiteboard");
      assertEquals(2, row.findElements(By.cssSelector(".file-link")).size());
      assertTrue(row.getText().contains("notes.txt (19 B)"), row.getText());
      Object previewWidth =
          bob.awaitScript(
              "const img = document.querySelector('#messages .file-preview');"
                  + "return img && img.complete && img.naturalWidth > 0 ? img.naturalWidth : null;");
      assertEquals(320L, previewWidth, "the thumbnail, not the 900 px original");
      String href = (String) bob.awaitScript(
          "const a = [...document.querySelectorAll('#messages .file-link')].find(a => a.textContent.startsWith('notes.txt'));"
              + "return a && a.getAttribute('href') !== '#' ? a.getAttribute('href') : null;");
      assertTrue(href.startsWith("/v1/files/") && href.contains("&s="), href);
      Object fetched =
          bob.asyncScript(
              "const done = arguments[arguments.length - 1];"
                  + "fetch(" + jsString(href) + ").then(r => r.text()).then(done, e => done('failed: ' + e));");
      assertEquals("agenda: ship files\n", fetched, "the link fetches the file with no token");
      assertEquals(0, alice.count("#attachments .attachment"), "the post took its files");
      alice.assertNoConsoleErrors();
      bob.assertNoConsoleErrors();
    }
  }

  @Test
  void aFileDroppedOnTheChannelAndAnImagePastedIntoTheMessageBoxUploadWithTheirProgress() throws Exception {
    String png = Base64.getEncoder().encodeToString(Images.pngWithMetadata(400, 300, "exif"));
    try (Browser alice = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.createWorkspace("Drops");
      alice.createChannel("uploads", false);
      alice.script(RECORD_ATTACHMENT_TEXTS);
      alice.throttleUploads(UPLINK_BYTES_PER_SECOND);

      alice.script(
          "const files = new DataTransfer();"
              + "files.items.add(new File([new Uint8Array(" + DROPPED_BYTES + ")], 'big.bin', { type: 'application/octet-stream' }));"
              + "document.getElementById('messages').dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));");
      alice.script(
          "const bytes = Uint8Array.from(atob('" + png + "'), (c) => c.charCodeAt(0));"
              + "const clipboard = new DataTransfer();"
              + "clipboard.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));"
              + "document.getElementById('composer').dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));");
      alice.awaitCount("#attachments .attachment.done", 2);
      alice.throttleUploads(0);

      @SuppressWarnings("unchecked")
      List<String> shown = (List<String>) alice.script("return window.__attachmentTexts;");
      assertTrue(
          shown.stream().anyMatch(text -> text.matches("(?s).*big\\.bin\\s*([1-9]|[1-9][0-9]) %.*")),
          "the dropped file showed its progress on the way: " + shown.stream().distinct().limit(20).toList());
      alice.send("dropped and pasted");
      WebElement row = alice.messageRow("dropped and pasted");
      assertEquals(2, row.findElements(By.cssSelector(".file-link")).size(), row.getText());
      assertTrue(row.getText().contains("big.bin (1.0 MiB)"), row.getText());
      alice.awaitScript(
          "const img = document.querySelector('#messages .file-preview');"
              + "return img && img.complete && img.naturalWidth > 0 ? true : null;");
      alice.assertNoConsoleErrors();
    }
  }

  private static String jsString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
