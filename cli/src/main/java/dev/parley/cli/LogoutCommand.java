package dev.parley.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code parley logout}: forgets the profile's session (the tokens expire on their own). */
@Command(name = "logout", description = "Delete the profile's stored session.")
final class LogoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Context context = ParleyCli.context(spec);
    context.store().delete(context.profile());
    context.out().println(Lines.loggedOut(context.profile()));
    return 0;
  }
}
