package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigResolver;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.parley.node.boot.NodeSettings;
import dev.parley.seed.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every environment variable the node reads is in the README's configuration table (and nothing
 * else is), and a bad value of each stops the start naming it: the README promises both.
 */
class SettingsCatalogTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The modules whose code runs in the node. */
  private static final List<String> NODE_MODULES = List.of("cluster-node", "seed-config", "persistence");
  private static final Pattern CONF_VARIABLE = Pattern.compile("\\$\\{\\?(PARLEY_[A-Z0-9_]+)}");
  /** A whole variable name as a string literal; prefixes ("PARLEY_LOGIN_FAILURES_" + ...) end with '_'. */
  private static final Pattern CODE_VARIABLE = Pattern.compile("\"(PARLEY_[A-Z0-9_]*[A-Z0-9])\"");
  private static final Pattern NAME = Pattern.compile("PARLEY_[A-Z0-9_]*[A-Z0-9]");
  private static final String INVALID = "not a valid value!";

  /** Variables for which any text is a valid value, and why. */
  private static final Map<String, String> ANY_TEXT =
      Map.of(
          "PARLEY_DB_USER", "whatever user name the database has",
          "PARLEY_DB_PASSWORD", "whatever password the database has",
          "PARLEY_DATA_DIR", "any path; a directory that cannot be created stops the start then",
          "PARLEY_BACKUP_DIR", "any path that is not a file; a directory that cannot be created fails the backup",
          "PARLEY_FILE_DIR", "any path; a directory that cannot be created stops the start then",
          "PARLEY_SMTP_USER", "whatever user name the SMTP server has",
          "PARLEY_SMTP_PASSWORD", "whatever password the SMTP server has");

  /**
   * Checked as a group: a bad or lone one is refused naming whichever of them is wrong or missing
   * (ClusterTlsTest has the cases).
   */
  private static final String CHECKED_TOGETHER = "PARLEY_CLUSTER_TLS_";

  @Test
  void everyVariableTheNodeReadsIsInTheReadmeTableAndNothingElseIs() {
    Set<String> read = new TreeSet<>(confVariables());
    read.addAll(codeVariables());
    Set<String> documented = readmeVariables();
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented);
    Set<String> notRead = new TreeSet<>(documented);
    notRead.removeAll(read);
    assertEquals(Set.of(), undocumented, "read by the node but not in README.md's configuration table");
    assertEquals(Set.of(), notRead, "in README.md's configuration table but read nowhere");
  }

  @Test
  void everyVariableNamedInTheCodeIsSetThroughTheConfiguration() {
    Set<String> outside = new TreeSet<>(codeVariables());
    outside.removeAll(confVariables());
    assertEquals(Set.of(), outside, "named in code but not settable as `key = ${?VARIABLE}` in a .conf file");
  }

  @TestFactory
  Stream<DynamicTest> aBadValueOfEveryVariableStopsTheStartNamingIt() {
    Set<String> variables = confVariables();
    assertTrue(variables.containsAll(ANY_TEXT.keySet()), "the allow-list names variables that are no longer read");
    return variables.stream()
        .filter(variable -> !ANY_TEXT.containsKey(variable))
        .map(
            variable ->
                DynamicTest.dynamicTest(
                    variable,
                    () -> {
                      InvalidSettingException refused =
                          assertThrows(InvalidSettingException.class, () -> NodeSettings.from(configWith(variable)));
                      if (variable.startsWith(CHECKED_TOGETHER)) {
                        assertTrue(refused.variable().startsWith(CHECKED_TOGETHER), refused.getMessage());
                      } else {
                        assertEquals(variable, refused.variable(), refused.getMessage());
                      }
                    }));
  }

  @Test
  void theDefaultsAreValid() {
    NodeSettings.from(configWith("PARLEY_UNSET"));
  }

  /** The node's configuration with only {@code variable} set, to a value nothing accepts. */
  private static Config configWith(String variable) {
    ConfigResolver environment =
        new ConfigResolver() {
          @Override
          public ConfigValue lookup(String path) {
            return path.equals(variable) ? ConfigValueFactory.fromAnyRef(INVALID) : null;
          }

          @Override
          public ConfigResolver withFallback(ConfigResolver fallback) {
            return this;
          }
        };
    return ConfigFactory.parseResourcesAnySyntax("application")
        .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false).appendResolver(environment));
  }

  private static Set<String> confVariables() {
    Set<String> variables = new TreeSet<>();
    for (Path file : files("src/main/resources", ".conf")) {
      Matcher m = CONF_VARIABLE.matcher(read(file));
      while (m.find()) {
        variables.add(m.group(1));
      }
    }
    assertFalse(variables.isEmpty());
    return variables;
  }

  private static Set<String> codeVariables() {
    Set<String> variables = new TreeSet<>();
    for (Path file : files("src/main/java", ".java")) {
      Matcher m = CODE_VARIABLE.matcher(read(file));
      while (m.find()) {
        variables.add(m.group(1));
      }
    }
    return variables;
  }

  /** The first cell of each row of the table under "## Configuration". */
  private static Set<String> readmeVariables() {
    String readme = read(ROOT.resolve("README.md"));
    int start = readme.indexOf("\n## Configuration");
    int end = readme.indexOf("\n## ", start + 1);
    Set<String> variables = new TreeSet<>();
    for (String line : readme.substring(start, end).split("\n")) {
      if (line.startsWith("| `")) {
        Matcher m = NAME.matcher(line.split("\\|")[1]);
        while (m.find()) {
          variables.add(m.group());
        }
      }
    }
    assertFalse(variables.isEmpty(), "no configuration table in README.md");
    return variables;
  }

  private static List<Path> files(String folder, String suffix) {
    return NODE_MODULES.stream()
        .map(module -> ROOT.resolve(module).resolve(folder))
        .filter(Files::isDirectory)
        .flatMap(
            dir -> {
              try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(p -> p.toString().endsWith(suffix)).toList().stream();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
