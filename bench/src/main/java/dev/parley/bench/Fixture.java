package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ChannelRequest;
import dev.parley.protocol.Features;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WorkspaceRequest;
import dev.parley.protocol.auth.AuthBodies;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a run sets up over the wire: its own users (names unique to the run), one workspace, the
 * channels, and one authenticated connection per member that has seen its own {@code
 * member.joined}, so it receives every post made afterwards. The workspace owner creates the
 * channels (so it is a member of each) and then disconnects: it is not counted as a member.
 */
final class Fixture implements AutoCloseable {
  /** Concurrent member set-ups: registration is a bcrypt hash on the server, the slow part. */
  private static final int SETUP_PARALLELISM = 8;
  private static final String PASSWORD = "bench-password";

  /** One member of one channel, with its open connection. */
  record Member(String channelId, String userId, BenchClient client) {}

  private final List<List<Member>> channels;

  private Fixture(List<List<Member>> channels) {
    this.channels = channels;
  }

  static Fixture create(
      ScenarioConfig config, HttpClient http, WebSocketConnector connector, WireCodec codec, DeliveryTracker tracker, PrintStream log) {
    String run = RunId.next();
    Identity identity = new Identity(http, config.url(), config.timeout());
    AuthBodies.Tokens ownerTokens = identity.registerAndLogin("b" + run + "-owner", PASSWORD);
    List<String> channelIds = new ArrayList<>();
    String invite;
    try (BenchClient owner = BenchClient.open(connector, webSocketUri(config.url()), codec, config.timeout(), Ignore.INSTANCE)) {
      owner.callRetrying(new Request.Auth(ownerTokens.accessToken(), null));
      JsonNode workspace = owner.call(new WorkspaceRequest.WorkspaceCreate("bench " + run)).path("workspace");
      String workspaceId = workspace.path("id").asText();
      invite = owner.call(new WorkspaceRequest.WorkspaceInvite(workspaceId)).path("code").asText();
      for (int c = 0; c < config.channels(); c++) {
        JsonNode channel = owner.call(new ChannelRequest.ChannelCreate(workspaceId, "c" + c, false, null)).path("channel");
        channelIds.add(channel.path("id").asText());
      }
    }
    log.printf("run %s: setting up %d channels x %d members%n", run, config.channels(), config.membersPerChannel());
    ExecutorService pool = Executors.newFixedThreadPool(SETUP_PARALLELISM);
    try {
      List<List<CompletableFuture<Member>>> pending = new ArrayList<>();
      for (int c = 0; c < config.channels(); c++) {
        List<CompletableFuture<Member>> channel = new ArrayList<>();
        for (int m = 0; m < config.membersPerChannel(); m++) {
          String username = "b" + run + "-" + c + "-" + m;
          String channelId = channelIds.get(c);
          URI ws = webSocketUri(config.urlOf(c * config.membersPerChannel() + m));
          channel.add(CompletableFuture.supplyAsync(
              () -> join(identity.registerAndLogin(username, PASSWORD), channelId, invite, config, connector, ws, codec, tracker), pool));
        }
        pending.add(channel);
      }
      CompletableFuture<?>[] all = pending.stream().flatMap(List::stream).toArray(CompletableFuture[]::new);
      try {
        CompletableFuture.allOf(all).join();
      } catch (CompletionException e) {
        // Close the members that did connect before reporting why the set-up failed.
        pending.stream().flatMap(List::stream).filter(f -> !f.isCompletedExceptionally()).forEach(f -> f.join().client().close());
        throw e;
      }
      List<List<Member>> channels = new ArrayList<>();
      for (List<CompletableFuture<Member>> channel : pending) {
        channels.add(channel.stream().map(CompletableFuture::join).toList());
      }
      return new Fixture(channels);
    } finally {
      pool.shutdown();
    }
  }

  private static Member join(
      AuthBodies.Tokens tokens, String channelId, String invite, ScenarioConfig config,
      WebSocketConnector connector, URI ws, WireCodec codec, DeliveryTracker tracker) {
    DeliveryTracker.Member listener = tracker.member(channelId, tokens.userId());
    BenchClient client = BenchClient.open(connector, ws, codec, config.timeout(), listener);
    // As the web client does: in a workspace of every member, presence is a frame per window, not per change.
    client.callRetrying(new Request.Auth(tokens.accessToken(), null, List.of(Features.PRESENCE_BATCH)));
    client.callRetrying(new WorkspaceRequest.WorkspaceJoin(invite));
    client.callRetrying(new ChannelRequest.ChannelJoin(channelId));
    BenchClient.await(listener.joined(), config.timeout());
    return new Member(channelId, tokens.userId(), client);
  }

  /** Writer {@code w} is member {@code w / channels} of channel {@code w % channels}. */
  List<Member> writers(int count) {
    List<Member> writers = new ArrayList<>();
    for (int w = 0; w < count; w++) {
      writers.add(channels.get(w % channels.size()).get(w / channels.size()));
    }
    return writers;
  }

  static URI webSocketUri(URI http) {
    String scheme = "https".equals(http.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + "://" + http.getRawAuthority() + "/v1/ws");
  }

  @Override
  public void close() {
    channels.forEach(channel -> channel.forEach(member -> member.client().close()));
  }

  /** The owner's connection: only used for set-up requests. */
  private enum Ignore implements BenchClient.Listener {
    INSTANCE;

    @Override
    public void onEvent(String type, JsonNode data) {}

    @Override
    public void onClosed(int code, String reason) {}
  }
}
