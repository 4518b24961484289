using System.Text.Json.Nodes;

namespace AuthServer.Tests.Infrastructure;

/// <summary>The shipped seed file plus extra entries, written to a temp file for a factory of its own.</summary>
public static class TestSeed
{
    public static JsonNode Shipped() => JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile))!;

    /// <summary>Writes the shipped seed with <paramref name="clients"/> appended; returns the file's path.</summary>
    public static string WriteWith(string folder, params JsonObject[] clients)
    {
        var seed = Shipped();
        foreach (var client in clients)
        {
            seed["clients"]!.AsArray().Add(client);
        }

        var path = Path.Combine(folder, $"seed-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, seed.ToJsonString());
        return path;
    }

    /// <summary>A public code + refresh client with implicit consent (no consent page in the way).</summary>
    public static JsonObject PublicClient(string clientId, params string[] redirectUris) => new()
    {
        ["clientId"] = clientId,
        ["type"] = "public",
        ["consent"] = "implicit",
        ["grantTypes"] = new JsonArray("authorization_code", "refresh_token"),
        ["redirectUris"] = new JsonArray([.. redirectUris.Select(u => JsonValue.Create(u))]),
        ["scopes"] = new JsonArray("openid", "offline_access", "api.read"),
    };
}
