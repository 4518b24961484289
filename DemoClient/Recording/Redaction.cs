using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DemoClient.Recording;

/// <summary>
/// Cuts secrets down before anything is kept or shown: the client secret to its first 4 characters, codes and tokens
/// to a prefix and their length. Full values are never stored in a transcript, printed or logged.
/// </summary>
public static class Redaction
{
    public const string ClientSecretNote = "The client secret: known only to this server and the AuthServer.";
    public const string CodeNote = "One use, 60 s, and useless without the PKCE verifier; still keep it out of logs and Referer headers.";
    public const string DeviceCodeNote = "Only the device keeps it: whoever holds it gets the tokens once the user allows (RFC 8628 §5.2).";
    public const string VerifierNote = "The PKCE verifier proves that whoever redeems the code started the flow (RFC 7636).";
    public const string AccessTokenNote = "A bearer token: anyone holding it can call the API until it expires.";
    public const string RefreshTokenNote = "Gets new access tokens for as long as it lives: the most valuable token here.";
    public const string IdTokenNote = "Tells this client who signed in; it may carry personal data.";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // for display only: the page HTML-encodes it again
    };

    /// <summary>First 4 characters and an ellipsis: enough to tell which secret is configured, not to use it.</summary>
    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : secret.Length <= 4 ? "…" : secret[..4] + "…";

    /// <summary>A token's first 12 characters and its length.</summary>
    public static string Shorten(string? token) =>
        string.IsNullOrEmpty(token) ? "(none)" : token.Length <= 16 ? Mask(token) : $"{token[..12]}… ({token.Length} chars)";

    /// <summary>Why a form or query parameter's value is secret, or null when it is not.</summary>
    public static string? NoteFor(string name) => name switch
    {
        "client_secret" => ClientSecretNote,
        "code" => CodeNote,
        "device_code" => DeviceCodeNote,
        "code_verifier" => VerifierNote,
        "access_token" => AccessTokenNote,
        "refresh_token" => RefreshTokenNote,
        "id_token" or "id_token_hint" => IdTokenNote,
        "token" => "The token being revoked or introspected.",
        "password" => "The user's password: only ever typed into the AuthServer's page.",
        _ => null,
    };

    public static Field Parameter(string name, string value) => NoteFor(name) switch
    {
        null => new Field(name, value),
        var note when name is "password" => new Field(name, "••••••", note),
        var note when name is "client_secret" => new Field(name, Mask(value), note),
        var note => new Field(name, Shorten(value), note),
    };

    public static Field Header(string name, string value)
    {
        if (!string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return new Field(name, value);
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        var credentials = space < 0 ? string.Empty : value[(space + 1)..];
        if (string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6749 §2.3.1: base64(urlencode(client_id) ":" urlencode(client_secret)); show the id, mask the secret.
            var decoded = TryBase64(credentials);
            var colon = decoded?.IndexOf(':', StringComparison.Ordinal) ?? -1;
            var shown = colon < 0 ? "…" : $"{Uri.UnescapeDataString(decoded![..colon])}:{Mask(Uri.UnescapeDataString(decoded[(colon + 1)..]))}";
            return new Field(name, $"Basic base64({shown})", ClientSecretNote);
        }

        return new Field(name, $"{scheme} {Shorten(credentials)}", AccessTokenNote);
    }

    /// <summary>A JSON body, indented, with token members shortened; anything else is returned as it came.</summary>
    public static string Body(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        try
        {
            var node = JsonNode.Parse(body);
            if (node is JsonObject json)
            {
                foreach (var name in new[] { "access_token", "refresh_token", "id_token", "device_code" })
                {
                    if (json[name] is JsonValue value && value.TryGetValue<string>(out var token))
                    {
                        json[name] = Shorten(token);
                    }
                }
            }

            return node?.ToJsonString(Indented) ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static string? TryBase64(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
