using System.Text.Json;

namespace AuthServer.Seeding;

/// <summary>Parses and validates a seed file. Nothing here touches the database.</summary>
public static class SeedLoader
{
    /// <summary>A seed file is a few kilobytes; anything near this is a mistake or an attack.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 16,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
    };

    public static SeedLoadResult LoadFile(string path, Func<string, string?> environment)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Failed($"{path}: the seed file does not exist (set Seed:Path)");
        }

        if (file.Length > MaxBytes)
        {
            return Failed($"{path}: the seed file is {file.Length:N0} bytes; the limit is {MaxBytes:N0}");
        }

        return Load(File.ReadAllText(path), environment);
    }

    public static SeedLoadResult Load(string json, Func<string, string?> environment)
    {
        if (json.Length > MaxBytes)
        {
            return Failed($"the seed file is larger than {MaxBytes:N0} bytes");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException exception)
        {
            // JsonException positions are zero-based; editors count from one. Duplicate keys come without a position.
            return Failed(exception.LineNumber is { } line
                ? $"line {line + 1}, column {exception.BytePositionInLine + 1}: {FirstSentence(exception.Message)}"
                : $"$: {FirstSentence(exception.Message)}");
        }

        using (document)
        {
            var reader = new SeedJson(environment);
            var root = document.RootElement;
            if (!reader.IsObject(root, "$"))
            {
                return new SeedLoadResult(null, reader.Errors);
            }

            reader.RejectUnknown(root, string.Empty, "$schema", "scopes", "clients", "users");
            var seed = new SeedDocument(
                [.. reader.Array(root, string.Empty, "scopes").Select(s => ReadScope(reader, s.Item, s.Path)).OfType<SeedScope>()],
                [.. reader.Array(root, string.Empty, "clients").Select(c => ReadClient(reader, c.Item, c.Path)).OfType<SeedClient>()],
                [.. reader.Array(root, string.Empty, "users").Select(u => ReadUser(reader, u.Item, u.Path)).OfType<SeedUser>()])
            {
                SecretDefaultsUsed = [.. reader.SecretDefaultsUsed.Distinct(StringComparer.Ordinal)],
            };

            // Semantic rules run on what parsed; a structural error already makes the file invalid.
            var errors = reader.Errors.Concat(SeedValidator.Validate(seed)).ToList();
            return errors.Count == 0 ? new SeedLoadResult(seed, []) : new SeedLoadResult(null, errors);
        }
    }

    private static SeedScope? ReadScope(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.IsObject(item, path))
        {
            return null;
        }

        reader.RejectUnknown(item, path, "name", "displayName", "resources");
        var name = reader.String(item, path, "name", required: true);
        return name is null ? null : new SeedScope(name, reader.String(item, path, "displayName"), reader.Strings(item, path, "resources"));
    }

    private static SeedClient? ReadClient(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.IsObject(item, path))
        {
            return null;
        }

        reader.RejectUnknown(item, path, "clientId", "displayName", "type", "clientSecret", "consent", "grantTypes", "redirectUris", "postLogoutRedirectUris", "scopes");
        var clientId = reader.String(item, path, "clientId", required: true);
        var type = reader.String(item, path, "type", required: true);
        var client = new SeedClient(
            clientId ?? string.Empty,
            reader.String(item, path, "displayName"),
            type ?? string.Empty,
            reader.String(item, path, "clientSecret", secret: true),
            reader.String(item, path, "consent") ?? SeedValidator.ExplicitConsent,
            reader.Strings(item, path, "grantTypes"),
            reader.Strings(item, path, "redirectUris"),
            reader.Strings(item, path, "postLogoutRedirectUris"),
            reader.Strings(item, path, "scopes"));
        return clientId is null || type is null ? null : client;
    }

    private static SeedUser? ReadUser(SeedJson reader, JsonElement item, string path)
    {
        if (!reader.IsObject(item, path))
        {
            return null;
        }

        reader.RejectUnknown(item, path, "username", "password", "email", "name");
        var username = reader.String(item, path, "username", required: true);
        var password = reader.String(item, path, "password", required: true, secret: true);
        return username is null || password is null ? null
            : new SeedUser(username, password, reader.String(item, path, "email"), reader.String(item, path, "name"));
    }

    private static SeedLoadResult Failed(string error) => new(null, [error]);

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
}
