package dev.parley.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build a jar came from, as the node answers {@code GET /v1/version} and the clients print for
 * {@code --version}: the Maven project version, the git commit checked out when it was built
 * ({@code unknown} without a git repository, as in the container build) and the build time (UTC,
 * ISO-8601). Maven writes them into {@code build-info.properties} when it builds this module; the
 * node and the clients are built with it, in one reactor.
 */
public record BuildInfo(String version, String commit, String built) {
  public static final BuildInfo CURRENT = load();

  private static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/parley/protocol/build-info.properties is not on the classpath: build with Maven");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(properties.getProperty("version"), properties.getProperty("commit"), properties.getProperty("built"));
  }

  /** {@code --version}'s line: {@code <program> <version> (commit <commit>, built <built>)}. */
  public String line(String program) {
    return program + " " + version + " (commit " + commit + ", built " + built + ")";
  }
}
