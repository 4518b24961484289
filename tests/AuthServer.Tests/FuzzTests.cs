using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AuthServer.Data;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AuthServer.Tests;

/// <summary>
/// B1/B2: thousands of generated malformed requests at every AuthServer endpoint — random and truncated
/// parameters, wrong content types, invalid UTF-8, huge values and headers, repeated parameters, JSON where a form
/// belongs. No 5xx, every error in a documented shape, and the database unchanged.
/// </summary>
public sealed class FuzzTests(AuthServerFactory factory, ITestOutputHelper output) : IClassFixture<AuthServerFactory>
{
    private const int Iterations = 10_000;

    private static readonly string[] Paths =
    [
        "/connect/token", "/connect/authorize", "/connect/introspect", "/connect/revoke", "/connect/userinfo",
        "/connect/endsession", "/account/login", "/.well-known/openid-configuration", "/.well-known/jwks", "/health",
        "/", "/error", "/css/site.css", "/connect/../connect/token", "/connect/token/", "/nope", "/connect/authorize%2F", "/connect/%2e%2e/health",
    ];

    private static readonly string[] Names =
    [
        "grant_type", "client_id", "client_secret", "code", "code_verifier", "redirect_uri", "refresh_token", "scope",
        "response_type", "state", "nonce", "code_challenge", "code_challenge_method", "token", "token_type_hint",
        "id_token_hint", "post_logout_redirect_uri", "prompt", "max_age", "request", "request_uri", "resource",
        "username", "password", "returnUrl", "__RequestVerificationToken", "consent_decision", "client_assertion",
        "client_assertion_type", "", "a[]", "x" + new string('y', 300),
    ];

    private static readonly string[] Values =
    [
        "", "client_credentials", "authorization_code", "refresh_token", "password", "code", "token", "demo-client",
        "demo-service", "nobody", "http://localhost:5300/callback", "https://evil.example/", "openid api.read", "S256", "plain",
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "eyJhbGciOiJIUzI1NiJ9", "a.b.c", "%", "%zz", "%00", "\u0000", "\ud800", "😀",
        "none", "login consent", "-1", "99999999999999999999", "null", "{\"a\":1}", "../../etc/passwd", "<script>alert(1)</script>",
    ];

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOfConst(Values)),
        (3, Gen.String[0, 40]),
        (1, Gen.Char.Array[0, 5000].Select(chars => new string(chars))),
        (1, Gen.Const(new string('A', 20_000))));

    private static readonly Gen<(string, string)> Parameter = Gen.Select(Gen.Frequency((8, Gen.OneOfConst(Names)), (1, Gen.String[0, 20])), Value);

    private static readonly Gen<FuzzRequest> Request = Gen.Select(
        Gen.OneOfConst(Paths),
        Gen.OneOfConst("GET", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"),
        Gen.OneOfConst(Body.Form, Body.Form, Body.Json, Body.Text, Body.None, Body.InvalidUtf8, Body.Multipart, Body.Huge, Body.WrongCharset),
        Parameter.List[0, 8],
        Gen.Bool,
        Gen.OneOfConst(Header.None, Header.None, Header.GarbageBasic, Header.GarbageBearer, Header.Huge, Header.TwoAuthorizations))
        .Select((path, method, body, parameters, repeatOne, header) => new FuzzRequest(path, method, body,
            repeatOne && parameters.Count > 0 ? [.. parameters, parameters[0]] : parameters, header));

    [Fact]
    [Trait("Security", "B1")]
    [Trait("Security", "B2")]
    public async Task Endpoints_AnswerThousandsOfMalformedRequests_WithoutA5xx_AndWriteNothing()
    {
        using var client = factory.CreateOAuthClient();
        await client.Http.GetAsync("/health"); // migrations, keys and seed done before the snapshot
        var before = await SnapshotAsync();
        var statuses = new Dictionary<int, int>();
        var watch = Stopwatch.StartNew();

        await Request.SampleAsync(async request =>
        {
            using var message = request.ToMessage();
            using var response = await client.Http.SendAsync(message);
            var status = (int)response.StatusCode;
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            Assert.True(status < 500, $"{status} for {request}");
            if (status >= 400)
            {
                await AssertDocumentedErrorAsync(response, request);
            }
        }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("FUZZ_SEED"));

        output.WriteLine($"{Iterations} requests in {watch.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.Equal(before, await SnapshotAsync());
    }

    private static async Task AssertDocumentedErrorAsync(HttpResponseMessage response, FuzzRequest request)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync();
        switch (type)
        {
            case "application/json":
                var json = JsonDocument.Parse(body).RootElement;
                Assert.True(json.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String, $"OAuth error without 'error' for {request}: {body}");
                break;
            case "application/problem+json":
                var problem = JsonDocument.Parse(body).RootElement;
                Assert.True(problem.TryGetProperty("status", out _) && problem.TryGetProperty("title", out _), $"ProblemDetails without status/title for {request}: {body}");
                break;
            case "text/html":
                // The error page shows the OAuth code; the sign-in form shows its message in an alert.
                Assert.Matches("error:|role=\"alert\"", body);
                break;
            default:
                // Only a bearer challenge (RFC 6750) or a HEAD response may come without a body.
                Assert.True(request.Method == "HEAD" || response.Headers.WwwAuthenticate.Count > 0,
                    $"{(int)response.StatusCode} with content type '{type}' for {request}: {body[..Math.Min(200, body.Length)]}");
                break;
        }
    }

    private async Task<string> SnapshotAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        return string.Join(",",
            await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync(),
            await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>().CountAsync(),
            await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().CountAsync(),
            await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope>().CountAsync(),
            await db.Users.CountAsync(),
            await db.Users.SumAsync(u => u.AccessFailedCount),
            await db.SigningKeys.CountAsync());
    }

    public enum Body { None, Form, Json, Text, InvalidUtf8, Multipart, Huge, WrongCharset }

    public enum Header { None, GarbageBasic, GarbageBearer, Huge, TwoAuthorizations }

    public sealed record FuzzRequest(string Path, string Method, Body Body, List<(string Name, string Value)> Parameters, Header Header)
    {
        public HttpRequestMessage ToMessage()
        {
            var query = string.Join('&', Parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Escape(p.Value)));
            var message = new HttpRequestMessage(new HttpMethod(Method), Method is "GET" or "HEAD" && query.Length > 0 ? $"{Path}?{query}" : Path);
            message.Content = Method is "GET" or "HEAD" ? null : Body switch
            {
                Body.Form => new StringContent(query, Encoding.UTF8, "application/x-www-form-urlencoded"),
                Body.Json => new StringContent(JsonSerializer.Serialize(Parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Value)), Encoding.UTF8, "application/json"),
                Body.Text => new StringContent(query, Encoding.UTF8, "text/plain"),
                Body.InvalidUtf8 => Typed([0xC3, 0x28, 0xFF, 0xFE, (byte)'=', 0xA0, 0xA1, (byte)'&', .. Encoding.ASCII.GetBytes("grant_type=client_credentials")], "application/x-www-form-urlencoded"),
                Body.Multipart => new MultipartFormDataContent { { new StringContent("x"), "grant_type" }, { new ByteArrayContent([1, 2, 3]), "file", "f.bin" } },
                Body.Huge => new StringContent("grant_type=client_credentials&scope=" + new string('a', 200_000), Encoding.ASCII, "application/x-www-form-urlencoded"),
                Body.WrongCharset => Typed(Encoding.UTF8.GetBytes(query), "application/x-www-form-urlencoded; charset=utf-7"),
                _ => null,
            };

            switch (Header)
            {
                case Header.GarbageBasic:
                    message.Headers.TryAddWithoutValidation("Authorization", "Basic !!notbase64::");
                    break;
                case Header.GarbageBearer:
                    message.Headers.TryAddWithoutValidation("Authorization", "Bearer a.b.c");
                    break;
                case Header.Huge:
                    message.Headers.TryAddWithoutValidation("X-Huge", new string('h', 16_000));
                    break;
                case Header.TwoAuthorizations:
                    message.Headers.TryAddWithoutValidation("Authorization", ["Basic ZGVtby1zZXJ2aWNlOng=", "Bearer x"]);
                    break;
            }

            return message;
        }

        private static ByteArrayContent Typed(byte[] bytes, string contentType)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }

        // Mostly proper escaping, sometimes the raw value, so broken percent-encoding reaches the server too.
        private static string Escape(string value) => value.StartsWith('%') ? value : Uri.EscapeDataString(value.Length > 30_000 ? value[..30_000] : value);

        public override string ToString() =>
            $"{Method} {Path} body={Body} header={Header} params=[{string.Join("&", Parameters.Select(p => $"{p.Name}={(p.Value.Length > 40 ? p.Value[..40] + "…" : p.Value)}"))}]";
    }
}
