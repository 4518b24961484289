namespace AuthServer.Seeding;

/// <summary>
/// The seeding feature's log lines, event ids 1100–1199. They name files, clients, scopes and users, never a
/// secret or a password: values from the file do not appear here at all.
/// </summary>
internal static partial class SeedLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Seed file {SeedPath} is valid (scopes: {ScopeCount}, clients: {ClientCount}, users: {UserCount})")]
    public static partial void Loaded(ILogger logger, string seedPath, int scopeCount, int clientCount, int userCount);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Seed file {SeedPath} is invalid, nothing was written (errors: {ErrorCount})")]
    public static partial void Invalid(ILogger logger, string seedPath, int errorCount);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Seed file {SeedPath} applied (changes: {ChangeCount})")]
    public static partial void Applied(ILogger logger, string seedPath, int changeCount);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Seed file {SeedPath} checked, nothing was written (changes it would make: {ChangeCount})")]
    public static partial void Checked(ILogger logger, string seedPath, int changeCount);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Seed file {SeedPath} could not be applied, every change was rolled back (errors: {ErrorCount})")]
    public static partial void Failed(ILogger logger, string seedPath, int errorCount);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Debug, Message = "Seed {Kind} {Name}: {Action}")]
    public static partial void Entry(ILogger logger, string kind, string name, string action);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Seed {Kind} {Name} skipped: it exists and was not created by the seed file")]
    public static partial void Skipped(ILogger logger, string kind, string name);
}
