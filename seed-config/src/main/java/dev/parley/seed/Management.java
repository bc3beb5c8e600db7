package dev.parley.seed;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.management.javadsl.PekkoManagement;

/** Starts Pekko Management: {@code /cluster/members}, {@code /ready}, {@code /alive} for operators. */
public final class Management {
  private Management() {}

  public static CompletionStage<Uri> start(ActorSystem<?> system) {
    return PekkoManagement.get(system.classicSystem()).start();
  }
}
