package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WorkspaceRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley workspace create|join|invite|list|export}, and the owners' and admins'
 * {@code invites|revoke|remove|transfer|rename|retention}.
 */
@Command(
    name = "workspace",
    description = "Create, join, invite to, list and export workspaces; owners and admins manage invites, members, the name and the retention.")
final class WorkspaceCommand {
  @Spec CommandSpec spec;

  @Command(name = "create", description = "Create a workspace; prints: workspace <id> <name>")
  int create(@Parameters(paramLabel = "<name>", arity = "1..*", description = "1..80 printable characters.")
      List<String> words) {
    Context context = ParleyCli.context(spec);
    Reply.WorkspaceCreated created = context.withConnection(c -> context.codec().convert(
        c.connection().call(new WorkspaceRequest.WorkspaceCreate(String.join(" ", words))), Reply.WorkspaceCreated.class));
    context.out().println(Lines.workspace(created.workspace()));
    return 0;
  }

  @Command(name = "join", description = "Join with an invite code; prints: workspace <id> <name>")
  int join(@Parameters(paramLabel = "<code>") String code) {
    Context context = ParleyCli.context(spec);
    Reply.WorkspaceCreated joined = context.withConnection(c -> context.codec().convert(
        c.connection().call(new WorkspaceRequest.WorkspaceJoin(code)), Reply.WorkspaceCreated.class));
    context.out().println(Lines.workspace(joined.workspace()));
    return 0;
  }

  @Command(name = "invite", description = "Make an invite code (owner or admin); prints the code.")
  int invite(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Option(names = "--expires-in", paramLabel = "LIFETIME", converter = InviteLifetimeConverter.class,
          description = "It works this long: 3600 (seconds), 90s, 30m, 12h, 7d. Default: until revoked.") Duration expiresIn,
      @Option(names = "--max-uses", paramLabel = "N", description = "At most N accounts join with it.") Integer maxUses) {
    Context context = ParleyCli.context(spec);
    WorkspaceRequest.WorkspaceInvite request =
        new WorkspaceRequest.WorkspaceInvite(workspaceId, expiresIn == null ? null : expiresIn.toSeconds(), maxUses);
    Reply.Invite invite = context.withConnection(c -> context.codec().convert(c.connection().call(request), Reply.Invite.class));
    context.out().println(invite.code());
    return 0;
  }

  @Command(name = "invites",
      description = "The workspace's live invites (owner or admin); prints: invite <code> uses=<n>[/<max>] [expires=<time>]")
  int invites(@Parameters(paramLabel = "<workspaceId>") String workspaceId) {
    Context context = ParleyCli.context(spec);
    Reply.Invites invites = context.withConnection(c -> context.codec().convert(
        c.connection().call(new WorkspaceRequest.WorkspaceInvites(workspaceId)), Reply.Invites.class));
    invites.invites().forEach(invite -> context.out().println(Lines.invite(invite)));
    return 0;
  }

  @Command(name = "revoke", description = "Revoke an invite (owner or admin): joining with it is refused from now on.")
  int revoke(@Parameters(paramLabel = "<workspaceId>") String workspaceId, @Parameters(paramLabel = "<code>") String code) {
    Context context = ParleyCli.context(spec);
    context.withConnection(c -> c.connection().call(new WorkspaceRequest.WorkspaceInviteRevoke(workspaceId, code)));
    context.out().println("revoked");
    return 0;
  }

  @Command(name = "remove",
      description = "Remove a member (owner or admin): out of every channel of the workspace, at once.")
  int remove(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Parameters(paramLabel = "<member>", description = "A username or user id.") String member) {
    return memberAction("workspace.remove", workspaceId, member, "removed");
  }

  @Command(name = "transfer", description = "Hand the workspace to a member (owner); you become an admin.")
  int transfer(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Parameters(paramLabel = "<member>", description = "A username or user id.") String member) {
    return memberAction("workspace.transfer", workspaceId, member, "transferred");
  }

  private int memberAction(String op, String workspaceId, String member, String done) {
    Context context = ParleyCli.context(spec);
    context.withConnection(c -> {
      Reply.Members members = context.codec().convert(
          c.connection().call(new WorkspaceRequest.WorkspaceMembers(workspaceId)), Reply.Members.class);
      String userId = members.members().stream()
          .filter(m -> m.userId().equals(member) || m.username().equalsIgnoreCase(member))
          .map(Views.Member::userId)
          .findFirst()
          .orElseThrow(() -> new CliException(ErrorCode.NOT_FOUND, "no member " + member + " in workspace " + workspaceId));
      return c.connection().call(new WorkspaceRequest.WorkspaceMemberAction(op, workspaceId, userId));
    });
    context.out().println(done);
    return 0;
  }

  @Command(name = "rename", description = "Rename the workspace (owner or admin); prints: workspace <id> <name>")
  int rename(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Parameters(paramLabel = "<name>", arity = "1..*", description = "1..80 printable characters.") List<String> words) {
    Context context = ParleyCli.context(spec);
    Reply.WorkspaceCreated renamed = context.withConnection(c -> context.codec().convert(
        c.connection().call(new WorkspaceRequest.WorkspaceRename(workspaceId, String.join(" ", words))), Reply.WorkspaceCreated.class));
    context.out().println(Lines.workspace(renamed.workspace()));
    return 0;
  }

  @Command(
      name = "retention",
      description = "Erase the workspace's messages older than <days> days (owner or admin; 0 keeps them forever);"
          + " prints: retention <id> <days>")
  int retention(@Parameters(paramLabel = "<workspaceId>") String workspaceId, @Parameters(paramLabel = "<days>") int days) {
    Context context = ParleyCli.context(spec);
    context.withConnection(c -> c.connection().call(new WorkspaceRequest.WorkspaceRetention(workspaceId, days)));
    context.out().println("retention " + workspaceId + " " + days);
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

  @Command(name = "export",
      description = "The workspace as JSON lines: the workspace, each channel you can read and its messages"
          + " (edits applied, deleted ones without text), the members.")
  int export(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.") Path file) {
    Context context = ParleyCli.context(spec);
    int messages = context.withConnection(c -> {
      Views.Workspace workspace = (c.auth().workspaces() == null ? List.<Views.Workspace>of() : c.auth().workspaces()).stream()
          .filter(w -> workspaceId.equals(w.id()))
          .findFirst()
          .orElseThrow(() -> new CliException(ErrorCode.NOT_FOUND, "you are not a member of workspace " + workspaceId));
      if (file == null) {
        return new WorkspaceExport(c.connection(), context.out()).write(workspace);
      }
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
        return new WorkspaceExport(c.connection(), out).write(workspace);
      } catch (IOException e) {
        throw new CliException(ErrorCode.BAD_REQUEST, "cannot write " + file + ": " + e.getMessage());
      }
    });
    if (file != null) {
      context.err().println("exported " + messages + " messages to " + file);
    }
    return 0;
  }
}
