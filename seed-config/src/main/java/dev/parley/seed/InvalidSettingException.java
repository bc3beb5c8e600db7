package dev.parley.seed;

/** A deploy-time setting with a bad value: names the environment variable, never echoes secrets. */
public final class InvalidSettingException extends RuntimeException {
  private final String variable;

  public InvalidSettingException(String variable, String problem) {
    super("invalid " + variable + ": " + problem, null, false, false);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
