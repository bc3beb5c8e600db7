package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One user's browser: Debian's headless Chromium driven through its chromedriver (no browser
 * or driver downloads; {@code scripts/browser-install.sh} installs both), with the page's
 * console captured so tests can assert it stayed free of errors.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration TRAILING_WAIT = Duration.ofSeconds(60);
  private static final Duration TRY_AGAIN_EVERY = Duration.ofSeconds(2);

  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private final List<String> tabs = new ArrayList<>();
  /** Run in every page of every tab before the page's own scripts. */
  private final List<String> beforePageScripts = new ArrayList<>();

  private Browser(ChromeDriver driver) {
    this.driver = driver;
    tabs.add(driver.getWindowHandle());
    // The client re-renders lists on every change, so an element found a moment ago may be gone.
    this.wait = new WebDriverWait(driver, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  /** Fails (never skips) when the browser is missing: the test script installs it. */
  static void assertInstalled() {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertTrue(Files.isExecutable(binary), binary + " is missing: run scripts/browser-install.sh as root");
    }
  }

  /** A fresh profile (its own localStorage) in a window of the given size. */
  static Browser open(String url, int width, int height) {
    Browser browser = new Browser(driver(width, height));
    browser.open(url);
    return browser;
  }

  /**
   * Like {@link #open(String, int, int)}, with {@code script} run in every page before the page's
   * own scripts, from the first page on (to catch what the page does as it loads).
   */
  static Browser openWith(String url, int width, int height, String script) {
    Browser browser = new Browser(driver(width, height));
    browser.beforePageScripts.add(script);
    browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    browser.open(url);
    return browser;
  }

  private static ChromeDriver driver(int width, int height) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI and this machine run the tests as root, where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    return driver;
  }

  WebElement find(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void type(String css, String text) {
    WebElement input = find(css);
    input.clear();
    input.sendKeys(text);
  }

  /** Clicks what matches `css` once it can be clicked; a row re-rendered meanwhile is found again. */
  void click(String css) {
    wait.until(
        d -> {
          WebElement element = ExpectedConditions.elementToBeClickable(By.cssSelector(css)).apply(d);
          if (element == null) {
            return false;
          }
          element.click();
          return true;
        });
  }

  /** Registers through the log-in card's registration form (which "Create an account" opens), and waits for the chat. */
  void register(String username, String password) {
    fillRegistration(username, password, password);
    click("#register-submit");
    find("#app");
  }

  /**
   * Opens the registration form if the card shows the log-in form (an invite link opens it at
   * once), and fills in the username, the password and its confirmation.
   */
  void fillRegistration(String username, String password, String confirmation) {
    find("#login");
    if (!driver.findElement(By.id("register-form")).isDisplayed()) {
      click("#show-register");
    }
    type("#register-username", username);
    type("#register-password", password);
    type("#register-confirm", confirmation);
  }

  void logIn(String username, String password) {
    type("#login-username", username);
    type("#login-password", password);
    click("#login-submit");
    find("#app");
  }

  /** Tries to log in and waits for the log-in page to show the refusal's message. */
  void logInExpectingError(String username, String password, String message) {
    type("#login-username", username);
    type("#login-password", password);
    click("#login-submit");
    awaitText("#login-error", message);
  }

  /** Opens the channel sidebar when the window is narrow enough to hide it behind the menu. */
  void showSidebar() {
    // Not isDisplayed() of something inside: a <select> moved off-screen still counts as displayed.
    // The settings pages, shown in place of the channel, have their own menu button.
    String menu = driver.findElement(By.id("settings")).isDisplayed() ? "settings-menu" : "menu";
    if (driver.findElement(By.id(menu)).isDisplayed() && !driver.findElement(By.id("sidebar")).getAttribute("class").contains("open")) {
      click("#" + menu);
      wait.until(ExpectedConditions.attributeContains(By.id("sidebar"), "class", "open"));
    }
  }

  /** Moves the pointer onto the element, as a user moving the mouse there (and off what it hovered). */
  void pointAt(String css) {
    new Actions(driver).moveToElement(find(css)).perform();
  }

  /** Points at an element (message actions show on hover), then clicks one inside it. */
  void hoverAndClick(String css, String inside) {
    new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .ignoring(ElementNotInteractableException.class)
        .until(
            d -> {
              WebElement target = d.findElement(By.cssSelector(css));
              new Actions(d).moveToElement(target).perform();
              target.findElement(By.cssSelector(inside)).click();
              return true;
            });
  }

  /** Creates a workspace through the sidebar's dialog; it becomes the current one. */
  void createWorkspace(String name) {
    showSidebar();
    chooseFromWorkspaceMenu("new-workspace");
    type("#dialog-input", name);
    click("#dialog-confirm");
    awaitVisible("#dialog", false);
    awaitText("#workspace-name", name);
  }

  /** Creates a channel of the current workspace through the sidebar's dialog; it opens. */
  void createChannel(String name, boolean isPrivate) {
    showSidebar();
    click("#channel-new");
    type("#channel-name", name);
    if (isPrivate) {
      click("#channel-private");
    }
    click("#dialog-confirm");
    awaitVisible("#dialog", false);
    awaitText("#channel-title", (isPrivate ? "🔒" : "#") + name);
  }

  /** An invite's code and the link that carries it. */
  record Invite(String code, String link) {}

  /** Invites people to the current workspace through the sidebar's dialog, and closes it. */
  Invite createInvite() {
    showSidebar();
    chooseFromWorkspaceMenu("invite-people");
    String code = awaitNonEmptyText("#invite-code");
    String link = value("#invite-link");
    click("#invite-done");
    awaitVisible("#dialog", false);
    return new Invite(code, link);
  }

  /** Joins a workspace with an invite code (or link) through the sidebar's dialog. */
  void joinWorkspace(String code) {
    showSidebar();
    chooseFromWorkspaceMenu("join-workspace");
    type("#dialog-input", code);
    click("#dialog-confirm");
    awaitVisible("#dialog", false);
  }

  /** Joins a public channel of the current workspace through the Browse channels dialog; it opens. */
  void joinChannel(String name) {
    showSidebar();
    click("#browse");
    click("#browse-list li[data-name='" + name + "'] .join-channel");
    awaitVisible("#dialog", false);
    awaitText("#channel-title", "#" + name);
  }

  /** Chooses the item named `item` (its class) in the menu that the button `button` opens. */
  void chooseFromMenu(String button, String item) {
    click(button);
    click("#popup-menu ." + item);
  }

  /** Chooses in the workspace's menu, at the sidebar's top. */
  void chooseFromWorkspaceMenu(String item) {
    showSidebar();
    chooseFromMenu("#workspace-menu", item);
  }

  /** Chooses in the user's own menu, at the sidebar's bottom. */
  void chooseFromUserMenu(String item) {
    showSidebar();
    chooseFromMenu("#user-menu", item);
  }

  /** The items (their names: classes) the menu of `button` (in sight) offers now; the menu is closed again. */
  @SuppressWarnings("unchecked")
  List<String> menuItems(String button) {
    click(button);
    find("#popup-menu");
    List<String> items = (List<String>) script("return [...document.querySelectorAll('#popup-menu .menu-item')].map((item) => item.classList[1]);");
    pressOnFocused(Keys.ESCAPE);
    awaitCount("#popup-menu", 0);
    return items;
  }

  /** Waits until the menu of `button` offers `item`, or until it does not. */
  void awaitMenuItem(String button, String item, boolean offered) {
    wait.until(d -> menuItems(button).contains(item) == offered);
  }

  /** The names of the user's workspaces, as the workspace's menu lists them; the menu is closed again. */
  @SuppressWarnings("unchecked")
  List<String> workspaceNames() {
    showSidebar();
    click("#workspace-menu");
    find("#popup-menu");
    List<String> names = (List<String>) script("return [...document.querySelectorAll('#popup-menu .workspace-choice')].map((item) => item.textContent);");
    pressOnFocused(Keys.ESCAPE);
    awaitCount("#popup-menu", 0);
    return names;
  }

  /** Waits until the user's own menu says whose account this is. */
  void awaitSignedInAs(String username) {
    wait.until(ExpectedConditions.attributeToBe(By.id("signed-in-as"), "textContent", "Signed in as " + username));
  }

  /** Opens the "More" menu of the message `row` (a selector) with the pointer. */
  void openMessageMenu(String row) {
    hoverAndClick(row, ".more");
    find("#popup-menu");
  }

  /** The value of a form field, as the user sees it. */
  String value(String css) {
    return find(css).getAttribute("value");
  }

  /** Waits until the element's text contains {@code text}. */
  void awaitTextContaining(String css, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
  }

  /**
   * Does {@code action} (a search, say) until the element's text contains {@code text}, as a user
   * would try again: for answers that trail what the page did before them, such as the search index,
   * which follows the journal by at least one poll and further on a busy machine.
   */
  void repeatUntilTextContaining(Runnable action, String css, String text) {
    new WebDriverWait(driver, TRAILING_WAIT, TRY_AGAIN_EVERY)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              boolean shown =
                  d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text));
              if (!shown) {
                action.run();
              }
              return shown;
            });
  }

  /** Makes the page see the system's colour scheme as {@code light} or {@code dark} (prefers-color-scheme). */
  void colorScheme(String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Slows what the page sends to {@code bytesPerSecond}, as a slow uplink would (0: no limit). */
  void throttleUploads(long bytesPerSecond) {
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", bytesPerSecond > 0 ? bytesPerSecond : -1));
  }

  /**
   * The time the page's main thread has spent running script (Chrome's ScriptDuration, in ms),
   * counted from the first call: the difference across some work is what that work cost the page.
   */
  double scriptMillis() {
    driver.executeCdpCommand("Performance.enable", Map.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> metrics = (List<Map<String, Object>>) driver.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
    return metrics.stream()
        .filter(metric -> "ScriptDuration".equals(metric.get("name")))
        .mapToDouble(metric -> ((Number) metric.get("value")).doubleValue() * 1000)
        .findFirst()
        .orElseThrow();
  }

  /** Resizes the window, as a user turning a phone or narrowing a desktop window would. */
  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** A PNG of the window as it is now. */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Waits until a script returns something other than null (or undefined), and returns it. */
  Object awaitScript(String javascript) {
    return wait.until(d -> driver.executeScript(javascript));
  }

  Object script(String javascript) {
    return driver.executeScript(javascript);
  }

  /** Runs a script that ends by calling its last argument with its result, and returns that. */
  Object asyncScript(String javascript, Object... args) {
    return driver.executeAsyncScript(javascript, args);
  }

  void open(String url) {
    driver.get(url);
  }

  void press(String css, CharSequence... keys) {
    find(css).sendKeys(keys);
  }

  /**
   * Keys from the keyboard, wherever the focus is, even on a file chooser (to which {@link
   * #pressOnFocused} would hand them as file names).
   */
  void keys(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** Like {@link #keys}, with a modifier (Shift, say) held down. */
  void keysHolding(Keys modifier, CharSequence... keys) {
    new Actions(driver).keyDown(modifier).sendKeys(keys).keyUp(modifier).perform();
  }

  /** Keys to whatever has focus now, as a user at the keyboard would. */
  void pressOnFocused(CharSequence... keys) {
    driver.switchTo().activeElement().sendKeys(keys);
  }

  void send(String text) {
    typeInComposer(text, Keys.ENTER);
  }

  /** Chooses files in the message box's file picker (an input a user sees only as its label). */
  void attachFiles(Path... files) {
    WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
    wait.until(d -> input.isEnabled());
    input.sendKeys(String.join("\n", Arrays.stream(files).map(Path::toString).toList()));
  }

  /** Keys into the channel's message box, as a user types them. */
  void typeInComposer(CharSequence... keys) {
    WebElement composer = wait.until(ExpectedConditions.elementToBeClickable(By.id("composer")));
    composer.sendKeys(keys);
  }

  /** Waits until a delivered (not pending) message with exactly this text is in the list. */
  void awaitMessage(String text) {
    wait.until(
        d ->
            d.findElements(By.cssSelector("#messages .message:not(.pending) .message-text")).stream()
                .anyMatch(e -> e.getText().equals(text)));
  }

  /** The row of the delivered message with exactly this text, once it is shown. */
  WebElement messageRow(String text) {
    awaitMessage(text);
    return wait.until(
        d ->
            d.findElements(By.cssSelector("#messages .message:not(.pending)")).stream()
                .filter(row -> row.findElement(By.cssSelector(".message-text")).getText().equals(text))
                .findFirst()
                .orElse(null));
  }

  /** Waits until this element has left the page (its row was replaced or removed). */
  void awaitGone(WebElement element) {
    wait.until(ExpectedConditions.stalenessOf(element));
  }

  void awaitText(String css, String text) {
    wait.until(ExpectedConditions.textToBe(By.cssSelector(css), text));
  }

  String awaitNonEmptyText(String css) {
    return wait.until(d -> {
      String text = d.findElement(By.cssSelector(css)).getText();
      return text.isBlank() ? null : text;
    });
  }

  /**
   * The delivered and pending message texts of the loaded messages, top to bottom. Only the rows
   * near the view are in the page, so the list is scrolled through, a screen at a time, as a reader
   * would (from just below the top, where it would load an older page), then back to where it was.
   * A message shown twice is collected twice.
   */
  @SuppressWarnings("unchecked")
  List<String> messageTexts() {
    return wait.until(d -> (List<String>) driver.executeAsyncScript(COLLECT_MESSAGE_TEXTS));
  }

  private static final String COLLECT_MESSAGE_TEXTS =
      """
      const done = arguments[arguments.length - 1];
      const list = document.getElementById('messages');
      const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const atBottom = () => list.scrollHeight - list.scrollTop - list.clientHeight < 1;
      (async () => {
        const start = list.scrollTop;
        const wasAtBottom = list.scrollHeight - start - list.clientHeight < 40;
        const texts = new Map();
        const collect = (final) => {
          const occurrences = new Map();
          for (const row of list.querySelectorAll('.message')) {
            const seq = row.dataset.seq;
            if (!seq && !final) continue;
            const n = occurrences.get(seq) ?? 0;
            occurrences.set(seq, n + 1);
            const key = seq ? `${seq}#${n}` : `pending#${n}`;
            const text = row.querySelector('.message-text');
            if (text && !texts.has(key)) texts.set(key, text.innerText.trim());
          }
        };
        list.scrollTop = Math.min(100, list.scrollTop);
        await frames();
        for (let step = 0; step < 10000; step++) {
          collect(false);
          if (atBottom()) break;
          list.scrollTop += list.clientHeight;
          await frames();
        }
        collect(true);
        for (let step = 0; step < 100; step++) {
          list.scrollTop = wasAtBottom ? list.scrollHeight : start;
          await frames();
          if (!wasAtBottom || atBottom()) break;
        }
        done([...texts.values()]);
      })();
      """;

  void awaitVisible(String css, boolean visible) {
    wait.until(
        visible
            ? ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css))
            : ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
  }

  void awaitCount(String css, int count) {
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(css), count));
  }

  /** Scrolls the message list to its top, where the client asks for the previous page. */
  void scrollMessagesToTop() {
    driver.executeScript("document.getElementById('messages').scrollTop = 0;");
  }

  void awaitMoreThan(String css, int count) {
    wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(css), count));
  }

  /** The access token the client keeps in localStorage. */
  String storedAccessToken() {
    return (String) driver.executeScript("return JSON.parse(localStorage.getItem('parley.tokens')).accessToken;");
  }

  /** The refresh token the client keeps in localStorage. */
  String storedRefreshToken() {
    return (String) driver.executeScript("return JSON.parse(localStorage.getItem('parley.tokens')).refreshToken;");
  }

  /** Waits until the stored access token is no longer {@code previous}; returns the new one. */
  String awaitTokenOtherThan(String previous) {
    return wait.until(d -> {
      String token = storedAccessToken();
      return token.equals(previous) ? null : token;
    });
  }

  /**
   * Takes Web Locks away from this browser's pages, as a browser does on plain http to a host
   * other than localhost; reloads the page.
   */
  void withoutWebLocks() {
    String script = "delete Navigator.prototype.locks;";
    beforePageScripts.add(script);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    driver.navigate().refresh();
  }

  /** Counts the WebSockets this browser's pages open from now on (see {@link #webSocketsOpened}); reloads the page. */
  void countWebSockets() {
    String script =
        "window.__webSocketsOpened = 0;"
            + "window.WebSocket = class extends WebSocket {"
            + "  constructor(...args) { super(...args); window.__webSocketsOpened++; }"
            + "};";
    beforePageScripts.add(script);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    driver.navigate().refresh();
  }

  /** The WebSockets the current page opened since it loaded. */
  long webSocketsOpened() {
    return (Long) driver.executeScript("return window.__webSocketsOpened;");
  }

  /** Opens `url` in a new tab of this browser (same storage) and switches to it. */
  void openTab(String url) {
    driver.switchTo().newWindow(WindowType.TAB);
    tabs.add(driver.getWindowHandle());
    for (String script : beforePageScripts) {
      driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }
    driver.get(url);
  }

  /** Switches to a tab, numbered from 0 in the order they were opened. */
  void switchToTab(int index) {
    driver.switchTo().window(tabs.get(index));
  }

  String currentUrl() {
    return driver.getCurrentUrl();
  }

  void reload() {
    driver.navigate().refresh();
  }

  /** Reloads while the node cannot be reached: the browser shows its own error page. */
  void reloadUnreachable() {
    try {
      driver.navigate().refresh();
    } catch (WebDriverException expected) {
      // chromedriver reports the failed navigation; the tab now shows the error page.
    }
  }

  /** How wide the page's content is, to check that nothing overflows a narrow window. */
  long contentWidth() {
    return (Long) driver.executeScript("return document.documentElement.scrollWidth;");
  }

  long windowWidth() {
    return (Long) driver.executeScript("return window.innerWidth;");
  }

  int count(String css) {
    return driver.findElements(By.cssSelector(css)).size();
  }

  /** Everything the page logged at SEVERE (uncaught errors, failed loads, console.error). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  void assertNoConsoleErrors() {
    assertEquals(List.of(), consoleErrors());
  }

  @Override
  public void close() {
    driver.quit();
  }
}
