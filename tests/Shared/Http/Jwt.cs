using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace OAuthSuite.Testing;

/// <summary>Reads a JWS's header and payload without validating it (tests check validation through the APIs).</summary>
public static class Jwt
{
    public static JsonElement Header(string token) => Part(token, 0);

    public static JsonElement Payload(string token) => Part(token, 1);

    private static JsonElement Part(string token, int index) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[index]))).RootElement.Clone();
}
