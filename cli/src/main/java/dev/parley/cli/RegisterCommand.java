package dev.parley.cli;

import dev.parley.protocol.auth.AuthBodies;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley register <username>}: prints {@code registered <username> (<userId>)}. */
@Command(name = "register", description = "Create an account (does not log in).")
final class RegisterCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "<username>", description = "3..32 characters of [a-z0-9._-]; case-insensitive.")
  String username;

  @Option(names = "--display-name", paramLabel = "NAME", description = "Name shown to others (default: the username).")
  String displayName;

  @Option(
      names = "--invite",
      paramLabel = "CODE",
      description = "A workspace invite code: needed when the server admits new accounts by invitation; the account joins that workspace.")
  String invite;

  @Mixin PasswordInput password;

  @Override
  public Integer call() {
    Context context = ParleyCli.context(spec);
    ServerAddress server = context.serverForLogin();
    String secret = password.read(context, true);
    AuthBodies.Registered registered =
        context.authClient(server).register(new AuthBodies.Register(username, secret, displayName, invite));
    context.out().println(Lines.registered(username.toLowerCase(Locale.ROOT), registered.userId()));
    return 0;
  }
}
