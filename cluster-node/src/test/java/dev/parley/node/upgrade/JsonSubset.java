package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Whether an answer recorded by an older version is contained in today's: every field it had is
 * there with the same value, arrays have the same length and order. Fields added since are
 * allowed, as the contract grows by adding fields.
 */
final class JsonSubset {
  private JsonSubset() {}

  static void assertContained(JsonNode recorded, JsonNode now, String what) {
    String problem = difference(recorded, now, "");
    if (problem != null) {
      fail(what + ": " + problem);
    }
  }

  private static String difference(JsonNode recorded, JsonNode now, String path) {
    if (recorded.isObject()) {
      if (!now.isObject()) {
        return at(path) + "was an object, now " + now;
      }
      for (Map.Entry<String, JsonNode> field : recorded.properties()) {
        if (!now.has(field.getKey())) {
          return at(path + "/" + field.getKey()) + "is missing, was " + field.getValue();
        }
        String problem = difference(field.getValue(), now.get(field.getKey()), path + "/" + field.getKey());
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    if (recorded.isArray()) {
      if (!now.isArray() || now.size() != recorded.size()) {
        return at(path) + "was " + recorded.size() + " items, now " + (now.isArray() ? now.size() + " items" : now);
      }
      for (int i = 0; i < recorded.size(); i++) {
        String problem = difference(recorded.get(i), now.get(i), path + "/" + i);
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    boolean same =
        recorded.isNumber() && now.isNumber() ? recorded.decimalValue().compareTo(now.decimalValue()) == 0 : recorded.equals(now);
    return same ? null : at(path) + "was " + recorded + ", now " + now;
  }

  private static String at(String path) {
    return (path.isEmpty() ? "/" : path) + " ";
  }
}
