import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The files of a repository that a Docker build context would hold under an ignore file, so that a
 * check can build from exactly those without a container engine (scripts/image-context-check.sh):
 *
 * <pre>
 *   java scripts/DockerContext.java IGNOREFILE ROOT   prints the included paths, one a line
 *   java scripts/DockerContext.java --self-test       checks the matcher against Docker's documented cases
 * </pre>
 *
 * The candidates are the files git knows in ROOT: tracked, and untracked but not git-ignored (what
 * a fresh clone plus one's new files holds). The matching follows BuildKit, not gitignore: the
 * file is read as moby/patternmatcher's ignorefile.ReadAll reads it, each pattern is compiled as
 * its Pattern.compile does (anchored at the context root, {@code *} and {@code ?} stop at {@code /},
 * {@code **} spans directories, last matching line wins, {@code !} re-includes), and the tree is
 * walked as tonistiigi/fsutil's filterFS walks it: a directory that is excluded is not entered
 * unless an exception could match inside it, and a path matches a pattern when a directory above
 * it did.
 */
public final class DockerContext {
  private final List<Rule> rules;
  /** fsutil: an excluded directory is entered only for an exception naming a path inside it. */
  private final boolean onlyPrefixExceptions;
  private final boolean anyException;

  DockerContext(List<String> lines) {
    rules = new ArrayList<>();
    for (String pattern : readAll(lines)) {
      rules.add(Rule.of(pattern));
    }
    anyException = rules.stream().anyMatch(r -> r.exception);
    onlyPrefixExceptions =
        rules.stream().filter(r -> r.exception).noneMatch(r -> withoutTrailingGlob(r.pattern).matches(".*[*\\[\\]?^\\\\].*"));
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 1 && args[0].equals("--self-test")) {
      System.exit(SelfTest.run());
    }
    if (args.length != 2) {
      System.err.println("usage: java DockerContext.java IGNOREFILE ROOT | --self-test");
      System.exit(2);
    }
    DockerContext context = new DockerContext(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8));
    Path root = Path.of(args[1]);
    for (String file : context.included(gitFiles(root))) {
      System.out.println(file);
    }
  }

  /** Tracked files and untracked ones git does not ignore, that exist (a deletion not yet committed is gone). */
  private static List<String> gitFiles(Path root) throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out;
    try (InputStream in = git.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (git.waitFor() != 0) {
      throw new IOException("git ls-files failed in " + root);
    }
    return Arrays.stream(out.split("\0"))
        .filter(f -> !f.isEmpty() && Files.exists(root.resolve(f), LinkOption.NOFOLLOW_LINKS))
        .toList();
  }

  /** The files (slash-separated, relative to the context root) that the context holds, sorted. */
  List<String> included(List<String> files) {
    List<String> kept = new ArrayList<>();
    for (String file : new TreeSet<>(files)) {
      if (included(file)) {
        kept.add(file);
      }
    }
    return kept;
  }

  /** Walks down to {@code file} as fsutil does: each directory on the way, then the file. */
  boolean included(String file) {
    String[] parts = file.split("/");
    boolean[] parentMatched = null;
    String path = "";
    for (int i = 0; i < parts.length; i++) {
      path = i == 0 ? parts[0] : path + "/" + parts[i];
      boolean[] matched = new boolean[rules.size()];
      boolean excluded = matches(path, parentMatched, matched);
      boolean directory = i < parts.length - 1;
      if (!directory) {
        return !excluded;
      }
      if (excluded && onlyPrefixExceptions && !mayReinclude(path)) {
        return false;
      }
      parentMatched = matched;
    }
    throw new IllegalArgumentException("empty path");
  }

  private boolean mayReinclude(String directory) {
    if (!anyException) {
      return false;
    }
    return rules.stream().filter(r -> r.exception).anyMatch(r -> (withoutTrailingGlob(r.pattern) + "/").startsWith(directory + "/"));
  }

  /**
   * patternmatcher's MatchesUsingParentResults: whether {@code path} is excluded, recording in
   * {@code matched} which rules matched it (or a directory above it) for its children.
   */
  private boolean matches(String path, boolean[] parentMatched, boolean[] matched) {
    boolean excluded = false;
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      boolean match = parentMatched != null && parentMatched[i];
      if (!match) {
        if (rule.exception != excluded) {
          continue;
        }
        // (patternmatcher also tries the parent directories when it has no parent results; the
        // walk has them for every path but the top-level ones, which have no parent.)
        match = rule.matches(path);
      }
      matched[i] = match;
      if (match) {
        excluded = !rule.exception;
      }
    }
    return excluded;
  }

  /** ignorefile.ReadAll: comments only where {@code #} is the first character, then trim, clean, drop a leading {@code /}. */
  static List<String> readAll(List<String> lines) {
    List<String> patterns = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = n == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(n);
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean exception = pattern.charAt(0) == '!';
      if (exception) {
        pattern = pattern.substring(1).strip();
      }
      if (!pattern.isEmpty()) {
        pattern = clean(pattern);
        if (pattern.length() > 1 && pattern.charAt(0) == '/') {
          pattern = pattern.substring(1);
        }
      }
      patterns.add(exception ? "!" + pattern : pattern);
    }
    return patterns;
  }

  /** Go's path.Clean: purely lexical. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
        continue;
      }
      out.add(part);
    }
    String joined = String.join("/", out);
    return rooted ? "/" + joined : joined.isEmpty() ? "." : joined;
  }

  private static String withoutTrailingGlob(String pattern) {
    String p = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
    return p.endsWith("/*") ? p.substring(0, p.length() - 2) : p;
  }

  /** One pattern, compiled as patternmatcher's Pattern.compile does (including its shortcuts). */
  private record Rule(String pattern, boolean exception, Kind kind, Pattern regex) {
    enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

    private static final String REGEX_ESCAPED = ".+()|{}$";

    static Rule of(String line) {
      String p = clean(line.strip());
      boolean exception = p.charAt(0) == '!';
      if (exception) {
        if (p.length() == 1) {
          throw new IllegalArgumentException("illegal exclusion pattern: \"!\"");
        }
        p = p.substring(1);
      }
      StringBuilder regex = new StringBuilder("^");
      Kind kind = Kind.EXACT;
      int[] cps = p.codePoints().toArray();
      for (int i = 0, step = 0; i < cps.length; i++, step++) {
        int ch = cps[i];
        if (ch == '*') {
          if (i + 1 < cps.length && cps[i + 1] == '*') {
            i++;
            if (i + 1 < cps.length && cps[i + 1] == '/') {
              i++;
            }
            if (i + 1 >= cps.length) {
              if (kind == Kind.EXACT) {
                kind = Kind.PREFIX;
              } else {
                regex.append(".*");
                kind = Kind.REGEX;
              }
            } else {
              regex.append("(.*/)?");
              kind = Kind.REGEX;
            }
            if (step == 0) {
              kind = Kind.SUFFIX;
            }
          } else {
            regex.append("[^/]*");
            kind = Kind.REGEX;
          }
        } else if (ch == '?') {
          regex.append("[^/]");
          kind = Kind.REGEX;
        } else if (ch < 128 && REGEX_ESCAPED.indexOf(ch) >= 0) {
          regex.append('\\').appendCodePoint(ch);
        } else if (ch == '\\') {
          if (i + 1 < cps.length) {
            regex.append('\\').appendCodePoint(cps[++i]);
            kind = Kind.REGEX;
          } else {
            regex.append('\\');
          }
        } else if (ch == '[' || ch == ']') {
          regex.appendCodePoint(ch);
          kind = Kind.REGEX;
        } else {
          regex.appendCodePoint(ch);
        }
      }
      return new Rule(p, exception, kind, kind == Kind.REGEX ? Pattern.compile(regex.append('$').toString()) : null);
    }

    boolean matches(String path) {
      return switch (kind) {
        case EXACT -> path.equals(pattern);
        case PREFIX -> path.startsWith(pattern.substring(0, pattern.length() - 2));
        case SUFFIX -> {
          String suffix = pattern.substring(2);
          yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
        }
        case REGEX -> regex.matcher(path).matches();
      };
    }
  }

  /** Docker's documented examples (docs.docker.com, "Build context", .dockerignore) and the cases this repository relies on. */
  private static final class SelfTest {
    private static int failures;

    static int run() {
      List<String> files =
          List.of(
              "README.md", "README-secret.md", "README-other.md", "CHANGES.md", "docs/design.md", "docs/openapi.yaml",
              "docs/asyncapi.yaml", "docs/sub/x.yaml", "somedir/temporary.txt", "somedir/temp/a.txt",
              "somedir/subdir/temporary.txt", "tempa", "tempb", "temp12", "a/b/c.go", "c.go", "target/x.jar",
              "cli/target/x.jar", "cli/src/target/y.java", "pom.xml", "cli/pom.xml", "x.iml", "cli/x.iml", "a/b/c/x.iml");
      expect(List.of("*/temp*"), files, "somedir/temporary.txt", false);
      expect(List.of("*/temp*"), files, "somedir/temp/a.txt", false);
      expect(List.of("*/temp*"), files, "somedir/subdir/temporary.txt", true);
      expect(List.of("*/*/temp*"), files, "somedir/subdir/temporary.txt", false);
      expect(List.of("temp?"), files, "tempa", false);
      expect(List.of("temp?"), files, "temp12", true);
      expect(List.of("**/*.go"), files, "a/b/c.go", false);
      expect(List.of("**/*.go"), files, "c.go", false);
      expect(List.of("*.md", "!README.md"), files, "README.md", true);
      expect(List.of("*.md", "!README.md"), files, "CHANGES.md", false);
      expect(List.of("*.md"), files, "docs/design.md", true);
      expect(List.of("*.md", "README-secret.md", "!README*.md"), files, "README-secret.md", true);
      expect(List.of("*.md", "!README*.md", "README-secret.md"), files, "README-secret.md", false);
      expect(List.of("*.md", "!README*.md", "README-secret.md"), files, "README-other.md", true);
      expect(List.of("docs"), files, "docs/openapi.yaml", false);
      expect(List.of("docs", "!docs/openapi.yaml"), files, "docs/openapi.yaml", true);
      expect(List.of("docs", "!docs/openapi.yaml"), files, "docs/asyncapi.yaml", false);
      expect(List.of("docs/", "!/docs/openapi.yaml"), files, "docs/openapi.yaml", true);
      expect(List.of("docs", "!docs/sub"), files, "docs/sub/x.yaml", true);
      expect(List.of("docs", "!openapi.yaml"), files, "docs/openapi.yaml", false);
      expect(List.of("docs", "!**/openapi.yaml"), files, "docs/openapi.yaml", true);
      expect(List.of("target", "*/target"), files, "target/x.jar", false);
      expect(List.of("target", "*/target"), files, "cli/target/x.jar", false);
      expect(List.of("target", "*/target"), files, "cli/src/target/y.java", true);
      expect(List.of("**/*.iml"), files, "x.iml", false);
      expect(List.of("**/*.iml"), files, "a/b/c/x.iml", false);
      expect(List.of("# *.xml", " #x", "*.xml"), files, "pom.xml", false);
      expect(List.of("*.xml"), files, "cli/pom.xml", true);
      expect(List.of("cli/**"), files, "cli/pom.xml", false);
      expect(List.of("cli/**"), files, "c.go", true);
      expect(List.of("**"), files, "c.go", false);
      expect(List.of("**", "!**/pom.xml"), files, "cli/pom.xml", true);
      expect(List.of("**", "!pom.xml", "!*/pom.xml"), files, "cli/pom.xml", true);
      expect(List.of("**", "!pom.xml", "!*/pom.xml"), files, "cli/x.iml", false);
      expect(List.of("./docs/../target"), files, "target/x.jar", false);
      Map.of("a//b/./c", "a/b/c", "/a/../..", "/", "../x", "../x", "a/", "a", "", ".")
          .forEach((in, out) -> check(clean(in).equals(out), "clean(" + in + ") = " + clean(in) + ", expected " + out));
      System.out.println((failures == 0 ? "DockerContext self-test: ok" : "DockerContext self-test: " + failures + " failed"));
      return failures == 0 ? 0 : 1;
    }

    private static void expect(List<String> ignore, List<String> files, String file, boolean included) {
      boolean actual = new DockerContext(ignore).included(files).contains(file);
      check(actual == included, ignore + ": " + file + (included ? " should be in the context" : " should be left out"));
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        failures++;
        System.out.println("FAIL  " + message);
      }
    }
  }
}
