namespace AuthServer;

/// <summary>
/// Something the operator must fix before the server can start (a damaged database, a read-only folder, a wrong
/// setting). The message says what is wrong, which file or setting, and what to do; <see cref="Startup.StartupErrors"/>
/// prints it alone, with the cause's stack trace only when debug logging is on.
/// </summary>
public sealed class StartupException(string message, Exception? cause = null) : Exception(message, cause);
