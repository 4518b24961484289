using System.Text.Json;

namespace AuthServer.Cors;

/// <summary>
/// A client's <c>allowedOrigins</c>, kept as an OpenIddict application property (a JSON array of serialized
/// origins): OpenIddict has no field for it, and properties travel with the application through every store.
/// </summary>
public static class ClientOrigins
{
    public const string Property = "allowed_origins";

    public static IReadOnlyList<string> Read(IReadOnlyDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
