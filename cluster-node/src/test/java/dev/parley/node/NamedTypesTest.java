package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import dev.parley.node.boot.ReplyTypes;
import dev.parley.node.channel.Channel;
import dev.parley.node.session.UserSession;
import dev.parley.node.testing.EntityTestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Member;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages between nodes and journaled events name their polymorphic types: no Jackson type id is
 * a class name, which a sender could point at any class on the node's classpath (the way to a
 * deserialization gadget), and the node's Jackson refuses one if it came back.
 */
class NamedTypesTest {
  private static final String ROOT = "dev/parley/";
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("named-types", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** A type id that the reader resolves by loading a class: the thing this test keeps out. */
  record ClassTyped(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) {}

  @Test
  void noParleyClassTypesItsJsonByClassName() {
    List<Class<?>> classes = mainClasses();
    assertTrue(classes.contains(Outcome.Accepted.class), "the scan sees the node's classes: " + classes.size());
    Set<String> classTyped = new TreeSet<>();
    for (Class<?> type : classes) {
      annotated(type).filter(NamedTypesTest::typedByClass).forEach(element -> classTyped.add(type.getName() + ": " + element));
    }
    assertEquals(Set.of(), classTyped);
  }

  @Test
  void everyReplyAnEntityCanSendHasAName() {
    Set<Class<?>> replies = ReplyTypes.NAMES.stream().map(NamedType::getType).collect(Collectors.toSet());
    List<String> names = ReplyTypes.NAMES.stream().map(NamedType::getName).toList();
    assertEquals(names.size(), Set.copyOf(names).size(), "names are unique: " + names);
    assertTrue(names.stream().noneMatch(name -> name.contains(".") || name.contains("$")), "names are not class names: " + names);
    Set<String> unnamed = new TreeSet<>();
    for (Class<?> type : mainClasses()) {
      if (type.isRecord()) {
        for (RecordComponent component : type.getRecordComponents()) {
          replyType(component.getGenericType())
              .filter(reply -> !replies.contains(reply))
              .ifPresent(reply -> unnamed.add(type.getName() + "." + component.getName() + " answers " + reply.getName()));
        }
      }
    }
    assertEquals(Set.of(), unnamed);
  }

  @Test
  void repliesCrossTheClusterAsNamedTypes() {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    for (Object reply :
        List.of(
            Outcome.accepted(new Channel.Written(7)),
            Outcome.accepted(new UserSession.Presence("away")),
            Outcome.accepted(Acknowledged.INSTANCE),
            Outcome.rejected(Outcome.Reason.FORBIDDEN, "no"))) {
      byte[] bytes = serialization.serialize(reply).get();
      Serializer serializer = serialization.findSerializerFor(reply);
      assertEquals(reply, serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, reply)).get());
    }
  }

  @Test
  void theNodesJacksonRefusesTypesNamedByClass() throws IOException {
    ObjectMapper cbor = JacksonObjectMapperProvider.get(testKit.system().classicSystem()).getOrCreate("jackson-cbor", Optional.empty());
    assertTrue(cbor.isEnabled(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES));
    assertNull(cbor.getDeserializationConfig().getDefaultTyper(cbor.constructType(Object.class)), "no default typing");
    byte[] classNamed = cbor.writeValueAsBytes(new ClassTyped(new Channel.Written(1)));
    JsonProcessingException refused = assertThrows(JsonProcessingException.class, () -> cbor.readValue(classNamed, ClassTyped.class));
    assertTrue(refused.getMessage().contains("denied resolution"), refused.getMessage());
  }

  private static boolean typedByClass(AnnotatedElement element) {
    JsonTypeInfo info = element.getAnnotation(JsonTypeInfo.class);
    return info != null && (info.use() == JsonTypeInfo.Id.CLASS || info.use() == JsonTypeInfo.Id.MINIMAL_CLASS);
  }

  /** The class itself and everything declared in it that Jackson reads annotations from. */
  private static Stream<AnnotatedElement> annotated(Class<?> type) {
    List<AnnotatedElement> elements = new ArrayList<>();
    elements.add(type);
    elements.addAll(List.of(type.getDeclaredFields()));
    List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
    executables.addAll(List.of(type.getDeclaredConstructors()));
    for (Executable executable : executables) {
      elements.add(executable);
      for (Parameter parameter : executable.getParameters()) {
        elements.add(parameter);
      }
    }
    if (type.isRecord()) {
      elements.addAll(List.of(type.getRecordComponents()));
    }
    return elements.stream().filter(element -> !(element instanceof Member member && member.isSynthetic()));
  }

  /** {@code X} of an {@code ActorRef<Outcome<X>>}: what an entity answers a command with. */
  private static Optional<Class<?>> replyType(Type type) {
    if (type instanceof ParameterizedType ref
        && ref.getRawType() == ActorRef.class
        && ref.getActualTypeArguments()[0] instanceof ParameterizedType outcome
        && outcome.getRawType() == Outcome.class
        && outcome.getActualTypeArguments()[0] instanceof Class<?> reply) {
      return Optional.of(reply);
    }
    return Optional.empty();
  }

  /** Parley's own main classes on the classpath (every module's; not test classes). */
  private static List<Class<?>> mainClasses() {
    List<Class<?>> classes = new ArrayList<>();
    try {
      for (URL root : Collections.list(NamedTypesTest.class.getClassLoader().getResources(ROOT))) {
        String where = root.toString();
        if (where.contains("/test-classes/") || where.contains("-tests.jar")) {
          continue;
        }
        for (String name : classNames(root)) {
          classes.add(Class.forName(name, false, NamedTypesTest.class.getClassLoader()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return classes;
  }

  private static List<String> classNames(URL root) throws IOException, URISyntaxException {
    if ("jar".equals(root.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        return jar.stream()
            .map(entry -> entry.getName())
            .filter(name -> name.startsWith(ROOT) && name.endsWith(".class"))
            .map(NamedTypesTest::className)
            .toList();
      }
    }
    Path base = Path.of(root.toURI()).resolve("../..").normalize();
    try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
      return files
          .filter(file -> file.toString().endsWith(".class"))
          .map(file -> className(base.relativize(file).toString().replace('\\', '/')))
          .toList();
    }
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}
