package dev.parley.cli;

import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley workspace create|join|invite|list}. */
@Command(name = "workspace", description = "Create, join, invite to and list workspaces.")
final class WorkspaceCommand {
  @Spec CommandSpec spec;

  @Command(name = "create", description = "Create a workspace; prints: workspace <id> <name>")
  int create(@Parameters(paramLabel = "<name>", arity = "1..*", description = "1..80 printable characters.")
      List<String> words) {
    Context context = ParleyCli.context(spec);
    Reply.WorkspaceCreated created = context.withConnection(c -> context.codec().convert(
        c.connection().call(new Request.WorkspaceCreate(String.join(" ", words))), Reply.WorkspaceCreated.class));
    context.out().println(Lines.workspace(created.workspace()));
    return 0;
  }

  @Command(name = "join", description = "Join with an invite code; prints: workspace <id> <name>")
  int join(@Parameters(paramLabel = "<code>") String code) {
    Context context = ParleyCli.context(spec);
    Reply.WorkspaceCreated joined = context.withConnection(c -> context.codec().convert(
        c.connection().call(new Request.WorkspaceJoin(code)), Reply.WorkspaceCreated.class));
    context.out().println(Lines.workspace(joined.workspace()));
    return 0;
  }

  @Command(name = "invite", description = "Make an invite code (owner or admin); prints the code.")
  int invite(@Parameters(paramLabel = "<workspaceId>") String workspaceId) {
    Context context = ParleyCli.context(spec);
    Reply.Invite invite = context.withConnection(c -> context.codec().convert(
        c.connection().call(new Request.WorkspaceInvite(workspaceId)), Reply.Invite.class));
    context.out().println(invite.code());
    return 0;
  }

  @Command(name = "list", description = "Your workspaces; prints: workspace <id> <name> (<role>)")
  int list() {
    Context context = ParleyCli.context(spec);
    List<Views.Workspace> workspaces = context.withConnection(c -> c.auth().workspaces());
    (workspaces == null ? List.<Views.Workspace>of() : workspaces).stream()
        .sorted(Comparator.comparing(Views.Workspace::name, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Views.Workspace::id))
        .forEach(w -> context.out().println(Lines.workspaceWithRole(w)));
    return 0;
  }
}
