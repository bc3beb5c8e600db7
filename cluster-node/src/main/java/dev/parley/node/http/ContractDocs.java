package dev.parley.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/openapi.yaml} and {@code GET /v1/asyncapi.yaml}: the machine-readable contract.
 * The build packages them from {@code docs/} (the cluster-node pom), so what a node serves is
 * what the repository documents; they are read once, and a jar without them does not start.
 */
final class ContractDocs extends AllDirectives {
  private static final String RESOURCE_DIR = "contract/";
  private static final ContentType YAML =
      MediaTypes.applicationWithOpenCharset("yaml", "yaml", "yml").toContentType(HttpCharsets.UTF_8);

  private final Route openApi = document("openapi.yaml");
  private final Route asyncApi = document("asyncapi.yaml");

  Route route() {
    return concat(openApi, asyncApi);
  }

  private Route document(String name) {
    byte[] body = load(name);
    // get() inside path(): a GET elsewhere must not cancel other routes' 405 for a wrong method.
    return path(name, () -> get(() -> complete(HttpEntities.create(YAML, body))));
  }

  private static byte[] load(String name) {
    try (InputStream in = ContractDocs.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE_DIR + name + " is not on the classpath: the node jar was built without docs/");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
