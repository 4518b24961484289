using System.Text;
using System.Text.Json;

namespace AuthServer.Seeding;

/// <summary>Parses and validates a seed file. Nothing here touches the database, and no input makes it throw.</summary>
public static class SeedLoader
{
    /// <summary>A seed file is a few kilobytes; anything near this is a mistake or an attack.</summary>
    public const int MaxBytes = 1024 * 1024;

    // The deepest legitimate value is a string in an array in an object in an array in the root object.
    private const int MaxDepth = 16;

    private static readonly JsonDocumentOptions Strict = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = false,
    };

    // Only used to find where a duplicate property is: the strict parser rejects it without a position.
    private static readonly JsonDocumentOptions Lenient = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowDuplicateProperties = true,
    };

    public static SeedLoadResult LoadFile(string path, Func<string, string?> environment)
    {
        if (Directory.Exists(path))
        {
            return Failed($"{path}: is a folder, not a seed file (set Seed:Path)");
        }

        byte[] utf8;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            utf8 = ReadAtMost(stream, MaxBytes + 1);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed($"{path}: the seed file does not exist (set Seed:Path)");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Failed($"{path}: the seed file cannot be read: {exception.Message}");
        }

        return utf8.Length > MaxBytes
            ? Failed($"{path}: the seed file is larger than the limit of {MaxBytes:N0} bytes")
            : Parse(utf8, environment);
    }

    public static SeedLoadResult Load(string json, Func<string, string?> environment) =>
        Encoding.UTF8.GetByteCount(json) > MaxBytes
            ? Failed($"$: the seed file is larger than the limit of {MaxBytes:N0} bytes")
            : Parse(Encoding.UTF8.GetBytes(json), environment);

    private static SeedLoadResult Parse(ReadOnlyMemory<byte> utf8, Func<string, string?> environment)
    {
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            using var document = JsonDocument.Parse(utf8, Strict);
            return Read(document.RootElement, environment);
        }
        catch (JsonException exception) when (exception.LineNumber is { } line)
        {
            return Failed($"{Position(utf8.Span, line, exception.BytePositionInLine ?? 0)}: {FirstSentence(exception.Message)}");
        }
        catch (JsonException exception)
        {
            return FindDuplicate(utf8, environment) ?? Failed($"$: {FirstSentence(exception.Message)}");
        }
    }

    /// <summary>
    /// The strict parser rejects a duplicate property without saying where; walking a lenient parse reports it with
    /// its path, along with every other error in the file.
    /// </summary>
    private static SeedLoadResult? FindDuplicate(ReadOnlyMemory<byte> utf8, Func<string, string?> environment)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, Lenient);
            var result = Read(document.RootElement, environment);
            return result.Errors.Count > 0 ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SeedLoadResult Read(JsonElement root, Func<string, string?> environment)
    {
        var reader = new SeedJson(environment);
        if (!reader.Object(root, string.Empty, "$schema", "scopes", "clients", "users"))
        {
            return new SeedLoadResult(null, reader.Errors);
        }

        _ = reader.String(root, string.Empty, "$schema");
        var seed = new SeedDocument(
            [.. reader.Items(root, string.Empty, "scopes").Select(s => ReadScope(reader, s.Item, s.Path)).OfType<SeedScope>()],
            [.. reader.Items(root, string.Empty, "clients").Select(c => ReadClient(reader, c.Item, c.Path)).OfType<SeedClient>()],
            [.. reader.Items(root, string.Empty, "users").Select(u => ReadUser(reader, u.Item, u.Path)).OfType<SeedUser>()])
        {
            SecretDefaultsUsed = [.. reader.SecretDefaultsUsed.Distinct(StringComparer.Ordinal)],
        };

        // The rules also run over broken entries (a value that could not be read stands as empty), so one run lists
        // every problem in the file; a rule about a value that could not be read would only repeat its error.
        var unread = reader.Errors.Select(PathOf).ToList();
        var errors = reader.Errors
            .Concat(SeedValidator.Validate(seed).Where(e => !unread.Any(path => Within(path, PathOf(e)))))
            .ToList();
        return errors.Count == 0 ? new SeedLoadResult(seed, []) : new SeedLoadResult(null, errors);

        static string PathOf(string error) => error[..Math.Max(0, error.IndexOf(": ", StringComparison.Ordinal))];

        static bool Within(string path, string outer) =>
            path.StartsWith(outer, StringComparison.Ordinal) && (path.Length == outer.Length || path[outer.Length] is '.' or '[');
    }

    private static SeedScope? ReadScope(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.Object(item, path, "name", "displayName", "resources"))
        {
            return null;
        }

        var name = reader.String(item, path, "name", required: true);
        var displayName = reader.String(item, path, "displayName");
        var resources = reader.Strings(item, path, "resources");
        return new SeedScope(path, name ?? string.Empty, displayName, resources);
    }

    private static SeedClient? ReadClient(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.Object(item, path, "clientId", "displayName", "type", "clientSecret", "consent", "grantTypes", "redirectUris", "postLogoutRedirectUris", "scopes", "allowedOrigins", "tokenLifetimes"))
        {
            return null;
        }

        var clientId = reader.String(item, path, "clientId", required: true);
        var displayName = reader.String(item, path, "displayName");
        var type = reader.String(item, path, "type", required: true);
        var secret = reader.String(item, path, "clientSecret", secret: true);
        var consent = reader.String(item, path, "consent") ?? SeedValidator.ExplicitConsent;
        var grantTypes = reader.Strings(item, path, "grantTypes");
        var redirectUris = reader.Strings(item, path, "redirectUris");
        var postLogoutRedirectUris = reader.Strings(item, path, "postLogoutRedirectUris");
        var scopes = reader.Strings(item, path, "scopes");
        var allowedOrigins = reader.Strings(item, path, "allowedOrigins");
        var lifetimes = SeedTokenLifetimes.Read(reader, item, path);
        return new SeedClient(path, clientId ?? string.Empty, displayName, type ?? string.Empty, secret, consent, grantTypes, redirectUris, postLogoutRedirectUris, scopes, lifetimes)
        {
            AllowedOrigins = allowedOrigins,
        };
    }

    private static SeedUser? ReadUser(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.Object(item, path, "username", "password", "email", "name"))
        {
            return null;
        }

        var username = reader.String(item, path, "username", required: true);
        var password = reader.String(item, path, "password", required: true, secret: true);
        var email = reader.String(item, path, "email");
        var name = reader.String(item, path, "name");
        return new SeedUser(path, username ?? string.Empty, password ?? string.Empty, email, name);
    }

    private static byte[] ReadAtMost(Stream stream, int limit)
    {
        // Not trusting Length: a FIFO or a device reports 0 and may never end.
        var buffer = new byte[limit];
        var read = 0;
        while (read < limit && stream.Read(buffer, read, limit - read) is > 0 and var count)
        {
            read += count;
        }

        return buffer[..read];
    }

    /// <summary>
    /// "line 3, column 14" as an editor counts: both from one, the column in characters. System.Text.Json counts
    /// lines from zero and columns in UTF-8 bytes, which drift on any line with non-ASCII text before the error.
    /// </summary>
    private static string Position(ReadOnlySpan<byte> utf8, long line, long bytePosition)
    {
        var start = 0;
        for (var seen = 0L; seen < line && start < utf8.Length; seen++)
        {
            var next = utf8[start..].IndexOf((byte)'\n');
            start = next < 0 ? utf8.Length : start + next + 1;
        }

        var prefix = utf8[start..][..(int)Math.Min(bytePosition, utf8.Length - start)];
        return $"line {line + 1}, column {Encoding.UTF8.GetCharCount(prefix) + 1}";
    }

    private static string FirstSentence(string message) => message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].Trim();

    private static SeedLoadResult Failed(string error) => new(null, [error]);
}
