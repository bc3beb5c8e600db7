package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.auth.AuthBodies;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley login <username>}: stores the session, prints {@code logged in as <username>}. */
@Command(name = "login", description = "Log in and store the session in the profile.")
final class LoginCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "<username>")
  String username;

  @Mixin PasswordInput password;

  @Override
  public Integer call() {
    Context context = ParleyCli.context(spec);
    ServerAddress server = context.serverForLogin();
    String secret = password.read(context, false);
    AuthBodies.Tokens tokens = context.authClient(server).login(new AuthBodies.Login(username, secret));
    if (tokens.accessToken() == null || tokens.refreshToken() == null || tokens.userId() == null) {
      throw new CliException(ErrorCode.INTERNAL, "the login reply lacks tokens or the user id");
    }
    String name = username.toLowerCase(Locale.ROOT);
    context.store().save(context.profile(),
        new Session(server.toString(), tokens.userId(), name, tokens.accessToken(), tokens.refreshToken()));
    context.out().println(Lines.loggedIn(name));
    return 0;
  }
}
