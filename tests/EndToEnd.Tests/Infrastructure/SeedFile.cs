using System.Text.Json;
using System.Text.Json.Nodes;
using AuthServer.Tests.Infrastructure;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>
/// The repo's <c>seed-clients.json</c> with the DemoClient's registered URIs (redirect and post-logout) moved from
/// its development origin to the port the stack gave it.
/// </summary>
internal static class SeedFile
{
    /// <summary>The DemoClient's origin in the repo's seed file (its launchSettings URL).</summary>
    public const string DevelopmentOrigin = "http://localhost:5300";

    public static void WriteFor(Uri demoClient, string path, Action<JsonObject>? edit = null)
    {
        var seed = JsonNode.Parse(File.ReadAllText(RepoPaths.SeedFile), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidOperationException($"{RepoPaths.SeedFile} is empty.");
        var origin = demoClient.GetLeftPart(UriPartial.Authority);
        var rewritten = Rewrite(seed, origin);
        if (rewritten == 0)
        {
            throw new InvalidOperationException($"{RepoPaths.SeedFile} registers no URI under {DevelopmentOrigin}; the DemoClient's redirect URI cannot be moved.");
        }

        if (edit is not null)
        {
            edit(seed.AsObject());
        }

        File.WriteAllText(path, seed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static int Rewrite(JsonNode node, string origin)
    {
        var count = 0;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && Moved(value, origin) is { } moved)
                    {
                        obj[key] = moved;
                        count++;
                    }
                    else if (child is not null)
                    {
                        count += Rewrite(child, origin);
                    }
                }

                break;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && Moved(value, origin) is { } moved)
                    {
                        array[i] = moved;
                        count++;
                    }
                    else if (array[i] is { } child)
                    {
                        count += Rewrite(child, origin);
                    }
                }

                break;
        }

        return count;
    }

    // Exact origin match only: "http://localhost:5300/callback" moves, "http://localhost:53001/x" does not.
    private static string? Moved(JsonValue value, string origin) =>
        value.TryGetValue<string>(out var text)
        && (text == DevelopmentOrigin || text.StartsWith(DevelopmentOrigin + "/", StringComparison.Ordinal))
            ? origin + text[DevelopmentOrigin.Length..]
            : null;
}
