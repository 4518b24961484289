using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace DemoClient.Recording;

/// <summary>
/// A token's header and claims decoded for display. Decoding is not validating: only the ID token is validated by
/// this client; the access token is the API's to validate (to the client it is opaque, RFC 6749 §1.4).
/// </summary>
public sealed record JwtView(string Kind, string Preview, IReadOnlyList<Field> Header, IReadOnlyList<Field> Claims, string? Note)
{
    private static readonly string[] TimeClaims = ["exp", "iat", "nbf", "auth_time"];

    public string? Claim(string name) => Claims.FirstOrDefault(c => c.Name == name)?.Value;

    public static JwtView Decode(string kind, string token)
    {
        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            return new JwtView(kind, Redaction.Shorten(token), [], [], "Encrypted (JWE): only the AuthServer can read it, so to this client it is an opaque handle.");
        }

        if (parts.Length != 3 || Part(parts[0]) is not { } header || Part(parts[1]) is not { } payload)
        {
            return new JwtView(kind, Redaction.Shorten(token), [], [], "Not a JWT: an opaque handle.");
        }

        return new JwtView(kind, Redaction.Shorten(token), Fields(header), Fields(payload), null);
    }

    private static JsonElement? Part(string segment)
    {
        try
        {
            return JsonDocument.Parse(Base64Url.DecodeFromChars(segment)).RootElement.Clone();
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    private static List<Field> Fields(JsonElement json) => json.ValueKind != JsonValueKind.Object ? [] :
        json.EnumerateObject().Select(p => new Field(p.Name, Show(p.Name, p.Value))).ToList();

    private static string Show(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when TimeClaims.Contains(name) && value.TryGetInt64(out var seconds) =>
            $"{seconds} ({DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("u", CultureInfo.InvariantCulture)})",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
        _ => value.GetRawText(),
    };
}
